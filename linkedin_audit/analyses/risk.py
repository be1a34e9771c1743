"""The restriction-risk checklist (relation `risk_checklist`): one row per trigger LinkedIn and practitioners
name for restricting messaging or inviting (the table in docs/metrics.md), each answered by the
audit's own measures.

Each row is answered by the measures its words name: "ignored, left pending" by the share not accepted (not
the acceptance rate); "pre-written templates instead of personal notes" by the template measures (templated
invitation notes, templated messages, LinkedIn's stock sentence as a note), never by the no-note share (no
note is not a template; free members can add a note to only about five invitations a month); "automated
bots" by the measures that see a bot inside a burst (analyses/automation.py), the whole-history gap CVs
being context only; "duplicate or similar messages to many people" also by the sends to several people at
once (analyses/fanout.py), which count once in every rate. "Ignored, left pending" has one verdict weighing
count and share (acceptance.pending_verdict), carried by each of its measures. A trigger answered by several
measures takes the worst status among those that have data (high > watch > ok); its `measure`, `value`
and `status` are that worst measure's, exactly as in `audit_summary`, and `evidence` quotes every measure's
detail, then the context's. A trigger with no measured value is `not_enough_data`. Built from
`audit_summary`, so the pipeline calls `materialize` after writing it.
"""

from __future__ import annotations

import duckdb
import polars as pl

from linkedin_audit.analyses import automation
from linkedin_audit.analyses.common import write_table
from linkedin_audit.config import Thresholds
from linkedin_audit.db import require

# (trigger as named by LinkedIn / practitioners, measures in audit_summary answering it, context measures
# quoted in the evidence but never deciding the status)
TRIGGERS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("an extremely high number of messages per day", ("max_messages_24h",), ()),
    ("messages in quick succession", ("max_messages_1h",), ()),
    ("many invitations within a short time", ("max_invites_24h", "max_invites_7d"), ()),
    (
        "many invitations ignored, left pending, or marked spam",
        ("not_accepted_invite_share", "pending_invites"),
        ("invite_acceptance_rate",),
    ),
    (
        "duplicate or similar messages to many people",
        ("templated_message_share", "max_multi_send_recipients"),
        ("multi_send_count",),
    ),
    (
        "pre-written templates instead of personal notes",
        ("templated_invite_share", "templated_message_share", "default_text_invite_share"),
        ("no_note_invite_share",),
    ),
    ("contacting strangers rather than 1st-degree connections", ("stranger_thread_share",), ()),
    ("a low response rate overall", ("thread_reply_rate_30d", "thread_reply_rate_7d"), ()),
    (
        "automated bots used to send at scale",
        automation.METRICS,
        ("invite_interval_cv", "message_interval_cv"),
    ),
)
INPUTS = ("audit_summary",)
"""What the checklist reads: the pipeline's summary and the bursts step's relation."""

_RANK = {"high": 3, "watch": 2, "ok": 1, "info": 0}

SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "trigger": pl.String,
    "measure": pl.String,
    "value": pl.Float64,
    "status": pl.String,
    "evidence": pl.String,
    "measures": pl.List(pl.String),
    "context": pl.List(pl.String),
}


def risk_checklist(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The checklist from `audit_summary` (measures missing from it count as not measured)."""
    require(con, "risk_checklist", *INPUTS)
    summary = {
        r[0]: (r[1], r[2], r[3])
        for r in con.execute("SELECT metric, value, status, detail FROM audit_summary").fetchall()
    }
    rows = []
    for trigger, measures, context in TRIGGERS:
        present = [(m, *summary[m]) for m in measures if m in summary]
        evidence = [f"{m}: {detail}" for m, _v, _s, detail in present]
        evidence += [f"for context, {m}: {summary[m][2]}" for m in context if m in summary]
        measured = [p for p in present if p[1] is not None and p[2] != "not_enough_data"]
        if measured:
            worst = max(measured, key=lambda p: _RANK.get(p[2], 0))
            measure, value, status = worst[0], worst[1], worst[2]
        else:
            measure, value, status = measures[0], None, "not_enough_data"
        rows.append(
            {
                "trigger": trigger,
                "measure": measure,
                "value": value,
                "status": status,
                "evidence": "; ".join(evidence) if evidence else "not measured",
                "measures": list(measures),  # the trigger's measures and context, by id: the report
                "context": list(context),  # words its evidence from them (labels, not ids)
            }
        )
    return pl.DataFrame(rows, schema=SCHEMA)


def materialize(con: duckdb.DuckDBPyConnection, thresholds: Thresholds) -> None:
    """Write `risk_checklist` (thresholds already applied to the summary's statuses)."""
    del thresholds
    write_table(con, "risk_checklist", risk_checklist(con))
