"""The restriction-risk checklist (relation `risk_checklist`): one row per trigger LinkedIn and practitioners
name for restricting messaging or inviting (the table in the brief's metrics.md), each answered by the
audit's own measures.

A trigger answered by several measures takes the worst status among those that have data (high > watch >
ok); its `measure` and `value` are that worst measure's, and `evidence` quotes every measure's detail.
A trigger with no measured value is `not_enough_data`. For the automation trigger, a clockwork run of sends
in `send_bursts` raises the status to at least `watch`: a steady beat over ten or more sends is a sign
of a scheduler even when the whole history's gap CV looks human.
Built from `audit_summary` (and `send_bursts`), so the pipeline calls `materialize` after writing it.
"""

from __future__ import annotations

import duckdb
import polars as pl

from linkedin_audit.analyses.common import write_table
from linkedin_audit.config import Thresholds
from linkedin_audit.db import require

# (trigger as named by LinkedIn / practitioners, measures in audit_summary answering it)
TRIGGERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("an extremely high number of messages per day", ("max_messages_24h",)),
    ("messages in quick succession", ("max_messages_1h",)),
    ("many invitations within a short time", ("max_invites_24h", "max_invites_7d")),
    ("many invitations ignored, left pending, or marked spam", ("invite_acceptance_rate", "pending_invites")),
    ("duplicate or similar messages to many people", ("templated_message_share",)),
    ("pre-written templates instead of personal notes", ("canned_invite_share",)),
    ("contacting strangers rather than 1st-degree connections", ("stranger_thread_share",)),
    ("a low response rate overall", ("thread_reply_rate_30d", "thread_reply_rate_7d")),
    ("automated bots used to send at scale", ("invite_interval_cv", "message_interval_cv")),
)
INPUTS = ("audit_summary", "send_bursts")
"""What the checklist reads: the pipeline's summary and the bursts step's relation."""

_RANK = {"high": 3, "watch": 2, "ok": 1, "info": 0}

SCHEMA = {"trigger": pl.String, "measure": pl.String, "value": pl.Float64, "status": pl.String,
          "evidence": pl.String}


def risk_checklist(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The checklist from `audit_summary` (measures missing from it count as not measured) and the
    clockwork runs of `send_bursts`."""
    require(con, "risk_checklist", *INPUTS)
    summary = {r[0]: (r[1], r[2], r[3]) for r in
               con.execute("SELECT metric, value, status, detail FROM audit_summary").fetchall()}
    clockwork = con.execute(
        "SELECT stream, n, start_at, end_at, \"window\" FROM send_bursts WHERE kind = 'clockwork' "
        "ORDER BY n DESC, start_at").fetchall()
    rows = []
    for trigger, measures in TRIGGERS:
        present = [(m, *summary[m]) for m in measures if m in summary]
        evidence = [f"{m}: {detail}" for m, _v, _s, detail in present]
        measured = [p for p in present if p[1] is not None and p[2] != "not_enough_data"]
        if measured:
            worst = max(measured, key=lambda p: _RANK.get(p[2], 0))
            measure, value, status = worst[0], worst[1], worst[2]
        else:
            measure, value, status = measures[0], None, "not_enough_data"
        if trigger.startswith("automated") and clockwork:
            stream, n, start, end, beat = clockwork[0]
            evidence.append(f"{len(clockwork)} clockwork run(s); largest: {n} {stream} {beat} "
                            f"from {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}")
            if _RANK.get(status, 0) < _RANK["watch"]:
                status = "watch"
        rows.append({"trigger": trigger, "measure": measure, "value": value, "status": status,
                     "evidence": "; ".join(evidence) if evidence else "not measured"})
    return pl.DataFrame(rows, schema=SCHEMA)


def materialize(con: duckdb.DuckDBPyConnection, thresholds: Thresholds) -> None:
    """Write `risk_checklist` (thresholds already applied to the summary's statuses)."""
    del thresholds
    write_table(con, "risk_checklist", risk_checklist(con))
