"""`audit_history`: every `audit_summary` row kept per export, so a monthly export shows what changed.

Why a table that survives ingests: the model is rebuilt from the raw layer at each ingest, but the summary
of an earlier export is only computed while that export is the newest. The pipeline calls
`record_history` each time it writes `audit_summary`: the rows of the newest export are replaced, those of
earlier exports kept. A member who ingests each export as it comes (`refresh`, the README's monthly flow)
gets one set of rows per export; so do exports ingested together in one command (`ingest A.zip B.zip`: the
ingest runs the analyses after each export, oldest first, ingest/load.py), with the same rows."""

from __future__ import annotations

import duckdb

from linkedin_audit.db import first_row

HISTORY_TABLE = "audit_history"


def record_history(con: duckdb.DuckDBPyConnection) -> None:
    """Upsert the current `audit_summary` as the newest export's rows of `audit_history`."""
    con.execute(f"""CREATE TABLE IF NOT EXISTS {HISTORY_TABLE} (
        export_id INTEGER, export_date DATE, metric VARCHAR, value DOUBLE, status VARCHAR)""")
    newest = first_row(
        con.execute(
            "SELECT export_id, export_date FROM exports ORDER BY export_date DESC, export_id DESC LIMIT 1"
        )
    )
    if newest is None:
        return
    con.execute(f"DELETE FROM {HISTORY_TABLE} WHERE export_id = ?", [newest[0]])
    con.execute(
        f"INSERT INTO {HISTORY_TABLE} SELECT ?, ?, metric, value, status FROM audit_summary",
        [newest[0], newest[1]],
    )


def changes(con: duckdb.DuckDBPyConnection) -> list[tuple[str, float | None, float | None, str, str]]:
    """Per metric of the newest export: (metric, previous value, current value, previous status, status),
    against the export just before it in `audit_history`; empty when there is only one export."""
    try:
        dates = [
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT export_date FROM {HISTORY_TABLE} ORDER BY 1 DESC LIMIT 2"
            ).fetchall()
        ]
    except duckdb.CatalogException:
        return []
    if len(dates) < 2:
        return []
    rows = con.execute(
        f"""
        SELECT c.metric, p.value, c.value, p.status, c.status
        FROM {HISTORY_TABLE} c JOIN {HISTORY_TABLE} p ON p.metric = c.metric AND p.export_date = ?
        WHERE c.export_date = ? ORDER BY c.metric""",
        [dates[1], dates[0]],
    ).fetchall()
    return [tuple(r) for r in rows]  # type: ignore[misc]
