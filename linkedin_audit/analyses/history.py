"""`audit_history`: every `audit_summary` row kept per export, so a monthly export shows what changed.

Why a table that survives ingests: the model is rebuilt from the raw layer at each ingest, but the summary
of an earlier export is only computed while that export is the newest. The pipeline calls
`record_history` each time it writes `audit_summary`: the rows of the newest export are replaced, those of
earlier exports kept. A member who ingests each export as it comes (`refresh`, the README's monthly flow)
gets one set of rows per export; so do exports ingested together in one command (`ingest A.zip B.zip`: the
ingest runs the analyses after each export, oldest first, ingest/load.py), with the same rows.

Each row keeps the fingerprint of the code that computed it (`version`, build_version.py): after an
upgrade the earlier exports' rows stay as the earlier rules made them, and the report must not present a
change of rules as a change in the member's behaviour (`same_rules`)."""

from __future__ import annotations

import duckdb

from linkedin_audit.db import first_row

HISTORY_TABLE = "audit_history"


def record_history(con: duckdb.DuckDBPyConnection, version: str) -> None:
    """Upsert the current `audit_summary` as the newest export's rows of `audit_history`, computed by the
    code whose fingerprint is `version`."""
    con.execute(f"""CREATE TABLE IF NOT EXISTS {HISTORY_TABLE} (export_id INTEGER, export_date DATE,
        metric VARCHAR, value DOUBLE, status VARCHAR, version VARCHAR)""")
    # a table an earlier release made has no version column: its rows keep NULL (rules unknown)
    con.execute(f"ALTER TABLE {HISTORY_TABLE} ADD COLUMN IF NOT EXISTS version VARCHAR")
    newest = first_row(
        con.execute(
            "SELECT export_id, export_date FROM exports ORDER BY export_date DESC, export_id DESC LIMIT 1"
        )
    )
    if newest is None:
        return
    con.execute(f"DELETE FROM {HISTORY_TABLE} WHERE export_id = ?", [newest[0]])
    con.execute(
        f"INSERT INTO {HISTORY_TABLE} (export_id, export_date, metric, value, status, version) "
        "SELECT ?, ?, metric, value, status, ? FROM audit_summary",
        [newest[0], newest[1], version],
    )


def same_rules(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the newest export's rows and the previous export's were computed by the same code (True with
    fewer than two exports): False after an upgrade, or when an earlier release recorded no version."""
    try:
        rows = con.execute(
            f"""SELECT list(DISTINCT coalesce(version, '')) FROM {HISTORY_TABLE}
            GROUP BY export_date ORDER BY export_date DESC LIMIT 2"""
        ).fetchall()
    except duckdb.CatalogException:  # no history yet: nothing to compare
        return True
    except duckdb.BinderException:  # an earlier release's table, without the version column
        return False
    if len(rows) < 2:
        return True
    versions = set(rows[0][0]) | set(rows[1][0])
    return len(versions) == 1 and "" not in versions


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
