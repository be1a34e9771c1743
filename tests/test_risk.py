"""The risk checklist from a hand-written `audit_summary` (statuses as the analyses would have set them)."""

from __future__ import annotations

import polars as pl
from model_fixtures import model_db

from linkedin_audit.analyses import risk
from linkedin_audit.analyses.common import write_table
from linkedin_audit.config import load_thresholds

SUMMARY = [
    ("max_messages_24h", 160.0, "high", "160 between 2025-03-10 09:00 and 2025-03-10 20:00 UTC"),
    ("max_messages_1h", 12.0, "ok", "12 between ..."),
    ("max_invites_24h", 25.0, "watch", "25 between ..."),
    ("max_invites_7d", 60.0, "ok", "60 between ..."),
    ("invite_acceptance_rate", 0.2, "high", "20 of 100"),
    ("not_accepted_invite_share", 0.8, "high", "80 of 100 outgoing invitations ignored or still pending"),
    ("pending_invites", 80.0, "ok", "80 pending"),
    ("templated_message_share", None, "not_enough_data", "only 4 sent messages (need at least 10)"),
    # A real export's shape: every invitation without a note, no template anywhere.
    ("canned_invite_share", 1.0, "high", "146 of 146 outgoing invitations"),
    ("no_note_invite_share", 1.0, "info", "146 of 146 outgoing invitations with no note"),
    ("templated_invite_share", 0.0, "ok", "0 of 146"),
    ("default_text_invite_share", 0.0, "ok", "0 of 146"),
    ("stranger_thread_share", 0.2, "ok", "2 of 10"),
    ("thread_reply_rate_7d", None, "not_enough_data", "only 3 judged"),
    # ... and the other real export: a whole-history CV of 8.7 that looks human, 45 invitations in a minute.
    ("invite_interval_cv", 8.7, "info", "CV of 99 gaps over the whole history"),
    ("message_interval_cv", 2.0, "info", "CV of 3 gaps over the whole history"),
    ("max_invites_1min", 45.0, "high", "45 invitations within 1min from 2025-02-03 08:00 UTC"),
    ("max_invites_10min", 104.0, "high", "104 invitations within 10min from 2025-02-03 08:00 UTC"),
    ("max_thread_starts_1min", 2.0, "ok", "2 thread starts within 1min"),
    ("max_thread_starts_10min", 3.0, "ok", "3 thread starts within 10min"),
    ("max_train_send_rate", 10.4, "high", "104 invitations ... (10.4 per minute)"),
    ("min_train_gap_cv", 0.9, "ok", "12 messages ..."),
    ("longest_clockwork_run", 0.0, "ok", "no clockwork run"),
]


def checklist(summary: list[tuple] = SUMMARY) -> pl.DataFrame:
    con = model_db()
    frame = pl.DataFrame(summary, schema=["metric", "value", "status", "detail"], orient="row")
    write_table(con, "audit_summary", frame)
    risk.materialize(con, load_thresholds())
    return con.sql("SELECT * FROM risk_checklist").pl()


def test_one_row_per_trigger_with_worst_status() -> None:
    frame = checklist()
    assert frame.columns == ["trigger", "measure", "value", "status", "evidence", "measures", "context"]
    assert frame.height == len(risk.TRIGGERS) == 9
    got = {r["trigger"]: (r["measure"], r["value"], r["status"]) for r in frame.iter_rows(named=True)}
    assert got["an extremely high number of messages per day"] == ("max_messages_24h", 160.0, "high")
    assert got["many invitations within a short time"] == ("max_invites_24h", 25.0, "watch")
    assert got["duplicate or similar messages to many people"] == (
        "templated_message_share",
        None,
        "not_enough_data",
    )
    # thread_reply_rate_30d missing from the summary and the 7d one without data: not measured.
    assert got["a low response rate overall"][2] == "not_enough_data"
    evidence = frame.filter(pl.col("trigger") == "many invitations within a short time")["evidence"].item()
    assert "max_invites_24h: 25 between" in evidence and "max_invites_7d: 60 between" in evidence
    row = frame.filter(pl.col("trigger") == "many invitations ignored, left pending, or marked spam").row(
        0, named=True
    )  # the trigger's measures by id, for the report to word (labels, never ids, in visible text)
    assert (row["measures"], row["context"]) == (
        ["not_accepted_invite_share", "pending_invites"],
        ["invite_acceptance_rate"],
    )


def test_no_note_is_not_a_template() -> None:
    """146 of 146 invitations without a note, no template: the templates trigger is ok, answered by the
    template measures; the no-note share is quoted as context only."""
    row = (
        checklist()
        .filter(pl.col("trigger") == "pre-written templates instead of personal notes")
        .row(0, named=True)
    )
    assert row["status"] == "ok"
    assert row["measure"] in ("templated_invite_share", "default_text_invite_share")
    assert row["value"] == 0.0
    assert "context, no_note_invite_share: 146 of 146" in row["evidence"]
    assert "canned_invite_share" not in row["evidence"]


def test_pending_row_shows_the_not_accepted_share() -> None:
    trigger = "many invitations ignored, left pending, or marked spam"
    row = checklist().filter(pl.col("trigger") == trigger).row(0, named=True)
    assert (row["measure"], row["value"], row["status"]) == ("not_accepted_invite_share", 0.8, "high")
    assert "context, invite_acceptance_rate: 20 of 100" in row["evidence"]


def test_bot_inside_a_burst_is_seen_although_the_whole_cv_looks_human() -> None:
    row = checklist().filter(pl.col("trigger") == "automated bots used to send at scale").row(0, named=True)
    assert (row["measure"], row["value"], row["status"]) == ("max_invites_1min", 45.0, "high")
    assert "context, invite_interval_cv: CV of 99 gaps" in row["evidence"]


def test_a_clockwork_run_alone_raises_the_automation_row() -> None:
    bot = ("max_invites_1min", "max_invites_10min", "max_train_send_rate")
    summary = [r for r in SUMMARY if r[0] not in bot]
    summary.append(("longest_clockwork_run", 30.0, "high", "1 clockwork run(s); largest: 30 invitations"))
    summary = [r for r in summary if not (r[0] == "longest_clockwork_run" and r[1] == 0.0)]
    row = (
        checklist(summary)
        .filter(pl.col("trigger") == "automated bots used to send at scale")
        .row(0, named=True)
    )
    assert (row["measure"], row["value"], row["status"]) == ("longest_clockwork_run", 30.0, "high")


def test_status_beside_a_number_is_its_status_in_the_summary() -> None:
    frame = checklist()
    summary = {r[0]: (r[1], r[2]) for r in SUMMARY}
    for row in frame.filter(pl.col("value").is_not_null()).iter_rows(named=True):
        assert summary[row["measure"]] == (row["value"], row["status"]), row["trigger"]
