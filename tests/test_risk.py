"""The risk checklist from a hand-written `audit_summary` (statuses as the analyses would have set them)."""

from __future__ import annotations

import datetime as dt

import polars as pl
from model_fixtures import model_db

from linkedin_audit.analyses import bursts, risk
from linkedin_audit.analyses.common import write_table
from linkedin_audit.config import load_thresholds

SUMMARY = [
    ("max_messages_24h", 160.0, "high", "160 between 2025-03-10 09:00 and 2025-03-10 20:00 UTC"),
    ("max_messages_1h", 12.0, "ok", "12 between ..."),
    ("max_invites_24h", 25.0, "watch", "25 between ..."),
    ("max_invites_7d", 60.0, "ok", "60 between ..."),
    ("invite_acceptance_rate", 0.5, "ok", "50 of 100"),
    ("pending_invites", 320.0, "watch", "320 pending"),
    ("templated_message_share", None, "not_enough_data", "only 4 sent messages (need at least 10)"),
    ("canned_invite_share", 0.97, "high", "97 of 100 outgoing invitations"),
    ("stranger_thread_share", 0.2, "ok", "2 of 10"),
    ("thread_reply_rate_7d", None, "not_enough_data", "only 3 judged"),
    ("invite_interval_cv", 1.4, "ok", "CV of 99 gaps"),
    ("message_interval_cv", 2.0, "ok", "CV of 3 gaps"),
]


def checklist(clockwork: bool = False) -> pl.DataFrame:
    con = model_db()
    frame = pl.DataFrame(SUMMARY, schema=["metric", "value", "status", "detail"], orient="row")
    write_table(con, "audit_summary", frame)
    write_table(con, "send_bursts", pl.DataFrame(schema=bursts.SCHEMA))  # the bursts step found no run
    if clockwork:
        con.execute("INSERT INTO send_bursts VALUES "
                    "('invitations', 'clockwork', 'every ~420 s', 1, ?, ?, 30, '')",
                    [dt.datetime(2025, 2, 3, 8), dt.datetime(2025, 2, 3, 11, 23)])
    risk.materialize(con, load_thresholds())
    return con.sql("SELECT * FROM risk_checklist").pl()


def test_one_row_per_trigger_with_worst_status() -> None:
    frame = checklist()
    assert frame.columns == ["trigger", "measure", "value", "status", "evidence"]
    assert frame.height == len(risk.TRIGGERS) == 9
    got = {r["trigger"]: (r["measure"], r["value"], r["status"]) for r in frame.iter_rows(named=True)}
    assert got["an extremely high number of messages per day"] == ("max_messages_24h", 160.0, "high")
    assert got["many invitations within a short time"] == ("max_invites_24h", 25.0, "watch")
    pending = got["many invitations ignored, left pending, or marked spam"]
    assert pending == ("pending_invites", 320.0, "watch")
    assert got["duplicate or similar messages to many people"] == ("templated_message_share", None,
                                                                    "not_enough_data")
    assert got["pre-written templates instead of personal notes"] == ("canned_invite_share", 0.97, "high")
    # thread_reply_rate_30d missing from the summary and the 7d one without data: not measured.
    assert got["a low response rate overall"][2] == "not_enough_data"
    assert got["automated bots used to send at scale"] == ("invite_interval_cv", 1.4, "ok")
    evidence = frame.filter(pl.col("trigger") == "many invitations within a short time")["evidence"].item()
    assert "max_invites_24h: 25 between" in evidence and "max_invites_7d: 60 between" in evidence


def test_clockwork_run_raises_automation_to_watch() -> None:
    frame = checklist(clockwork=True)
    row = frame.filter(pl.col("trigger") == "automated bots used to send at scale").row(0, named=True)
    assert row["status"] == "watch"
    assert "1 clockwork run(s); largest: 30 invitations every ~420 s from 2025-02-03 08:00" in row["evidence"]
