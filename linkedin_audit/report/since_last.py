""" "Since your last export": who joined and left the network, who changed jobs, invitations accepted,
and each headline number's change, from `network_changes` and `audit_history`.

Why apart from findings.py: it is the one part of the report that needs two or more exports, and says so
in words when there is only one."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from linkedin_audit import metric_catalog as mc
from linkedin_audit.analyses.history import HISTORY_TABLE, changes, same_rules
from linkedin_audit.db import first_row
from linkedin_audit.db import relation_exists as exists


def previous_export(con: duckdb.DuckDBPyConnection) -> tuple[int, dt.date, int, dt.date] | None:
    """(newest id, its date, previous id, its date), None with fewer than two exports."""
    rows = con.execute(
        "SELECT export_id, export_date FROM exports ORDER BY export_date DESC, export_id DESC LIMIT 2"
    ).fetchall()
    if len(rows) < 2:
        return None
    return rows[0][0], rows[0][1], rows[1][0], rows[1][1]


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int] | None:
    """Connections added and removed, job changes, invitations accepted since the previous export."""
    pair = previous_export(con)
    if pair is None:
        return None
    newest, _d, _p, prev_date = pair
    out = {"added": 0, "removed": 0, "job_change": 0, "accepted": 0}
    if exists(con, "network_changes"):
        out.update(
            {
                k: int(n)
                for k, n in con.execute(
                    "SELECT change, count(*) FROM network_changes WHERE export_id = ? GROUP BY 1", [newest]
                ).fetchall()
            }
        )
    if exists(con, "invitation_outcomes"):
        row = first_row(
            con.execute(
                "SELECT count(*) FROM invitation_outcomes WHERE accepted AND accepted_on >= ?", [prev_date]
            )
        )
        out["accepted"] = int(row[0]) if row else 0
    return out


def network_list(con: duckdb.DuckDBPyConnection, change: str) -> pl.DataFrame | None:
    """The newest export's changes of one kind (`added`, `removed`, `job_change`)."""
    pair = previous_export(con)
    if pair is None or not exists(con, "network_changes"):
        return None
    cols = (
        "name, profile_url, old_company, old_position, new_company, new_position"
        if change == "job_change"
        else "name, profile_url, coalesce(new_company, old_company) AS company, "
        "coalesce(new_position, old_position) AS position, connected_on"
    )
    return con.sql(
        f"SELECT {cols} FROM network_changes WHERE export_id = $e AND change = $c ORDER BY name",
        params={"e": pair[0], "c": change},
    ).pl()


def metric_changes(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """Every headline number at the previous export and now, with the change in words."""
    rows = changes(con)
    if not rows:
        return None
    from linkedin_audit.report.findings import change_text

    upgraded = not same_rules(con)  # rules_note says why no change is called better or worse
    out = []
    for metric, before, after, s_before, s_after in rows:
        text, direction = change_text(metric, before, after)
        if upgraded:
            direction, s_before = None, s_after
        out.append(
            {
                "measure": mc.label(metric),
                "before": mc.format_value(metric, before),
                "now": mc.format_value(metric, after),
                "status": s_after,
                "change": text or "",
                "for you": direction or ("status changed" if s_before != s_after else ""),
            }
        )
    order = {"worse": 0, "better": 1}
    return pl.DataFrame(out).sort(pl.col("for you").replace_strict(order, default=2), maintain_order=True)


def trend(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """The share-valued headline numbers per export date, for the trend chart (None under two exports)."""
    if not exists(con, HISTORY_TABLE):
        return None
    frame = con.sql(
        f"SELECT export_date, metric, value FROM {HISTORY_TABLE} WHERE value IS NOT NULL ORDER BY export_date"
    ).pl()
    if frame["export_date"].n_unique() < 2:
        return None
    shares = [m.metric for m in mc.CATALOG if m.unit == "share" and m.priority < 20]  # at most 8 lines
    return frame.filter(pl.col("metric").is_in(shares)).with_columns(
        pl.col("metric").replace_strict({m: mc.label(m) for m in shares}).alias("measure")
    )


def rules_note(con: duckdb.DuckDBPyConnection) -> str | None:
    """The sentence above the then-and-now table when the previous export's numbers were computed by an
    earlier version of linkedin-audit (after an upgrade); None otherwise."""
    if same_rules(con) or not changes(con):
        return None
    return (
        "The previous export's numbers were measured by an earlier version of linkedin-audit, whose rules "
        "may differ: a change below may come from the new version rather than from what you did, so none "
        "is called better or worse."
    )
