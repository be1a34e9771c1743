"""audit_summary's structured fields (numerator, denominator, population, window, period) against the
generator's truth for the sample, and the report's sentences built from them: the sample's findings and
checklist read exactly as they did when the report still parsed `detail` (pinned below, copied from that
report), and the report modules that word them neither parse prose nor swap ids inside text."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest

from linkedin_audit.report import findings as report_findings
from linkedin_audit.report.summary_rows import Row, summary_rows

REPORT = Path(report_findings.__file__).parent


def _rows(con: duckdb.DuckDBPyConnection) -> dict[str, Row]:
    return {r.metric: r for r in summary_rows(con)}


def _utc(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S UTC")


def test_counts_are_the_truths(sample_con: duckdb.DuckDBPyConnection, sample_truth: dict[str, Any]) -> None:
    rows = _rows(sample_con)
    kinds = sample_truth["invitations_by_kind"]["outgoing"]
    outgoing = sample_truth["counts"]["invitations_outgoing"]
    canned = kinds["no_note"] + kinds["default_text"] + kinds["template"]
    for metric, numerator in (
        ("canned_invite_share", canned),
        ("no_note_invite_share", kinds["no_note"]),
        ("default_text_invite_share", kinds["default_text"]),
        ("templated_invite_share", kinds["template"]),
    ):
        row = rows[metric]
        assert (row.numerator, row.denominator, row.population) == (
            numerator,
            outgoing,
            "outgoing invitations",
        )
        assert row.value == pytest.approx(numerator / outgoing)
    # acceptance: the truth's rate of its own invitations, as counts (101 of 329)
    accepted = round(sample_truth["expected_summary"]["invite_acceptance_rate"] * outgoing)
    assert (rows["invite_acceptance_rate"].numerator, rows["invite_acceptance_rate"].denominator) == (
        accepted,
        outgoing,
    )
    for metric in ("not_accepted_invite_share", "pending_invites"):
        assert (rows[metric].numerator, rows[metric].denominator) == (outgoing - accepted, outgoing)
    # ties: the planted archetypes over the visible connections
    visible = sample_truth["counts"]["connections_visible"]
    planted = list(sample_truth["tie_classes"].values())
    for metric, cls in (
        ("never_interacted_share", "never"),
        ("weak_tie_share", "weak"),
        ("dormant_tie_share", "dormant"),
        ("strong_tie_share", "strong"),
    ):
        assert (rows[metric].numerator, rows[metric].denominator) == (planted.count(cls), visible), metric
        assert rows[metric].population == "connections"
    # engagement: active months since the first action, give against ask
    eng = sample_truth["engagement"]
    assert (
        rows["public_activity_month_share"].numerator,
        rows["public_activity_month_share"].denominator,
    ) == (
        eng["active_months"],
        eng["observed_months"],
    )
    assert (rows["give_ask_ratio"].numerator, rows["give_ask_ratio"].denominator) == (eng["give"], eng["ask"])
    # a rate: its events over its window's length, value = numerator / denominator
    rate = rows["canned_stranger_invites_per_month"]
    assert rate.numerator is not None and rate.denominator is not None
    assert rate.value == pytest.approx(rate.numerator / rate.denominator)
    assert rate.window == f"{rate.denominator:.1f} months"


def test_windows_and_periods_are_the_planted_ones(
    sample_con: duckdb.DuckDBPyConnection, sample_truth: dict[str, Any]
) -> None:
    rows = _rows(sample_con)
    week = next(b for b in sample_truth["bursts"] if b["window_seconds"] == 7 * 86400)
    got = rows["max_invites_7d"]
    assert (got.numerator, got.window, got.population) == (week["count"], "7 days", "outgoing invitations")
    assert (got.period_start, got.period_end) == (_utc(week["start"]), _utc(week["end"]))
    hour = next(b for b in sample_truth["bursts"] if b["stream"] == "messages")
    got = rows["max_messages_1h"]
    assert (got.numerator, got.window, got.population) == (hour["count"], "1 hour", "sent messages")
    assert (got.period_start, got.period_end) == (_utc(hour["start"]), _utc(hour["end"]))
    ten = next(b for b in sample_truth["bursts"] if b["window_seconds"] == 600)
    got = rows["max_invites_1min"]
    assert (got.numerator, got.window, got.period_start) == (
        ten["first_minute"],
        "1 minute",
        _utc(ten["start"]),
    )
    clockwork = sample_truth["clockwork"]
    got = rows["longest_clockwork_run"]
    assert (got.numerator, got.population) == (clockwork["count"], "sent messages")
    assert (got.period_start, got.period_end) == (_utc(clockwork["start"]), _utc(clockwork["end"]))
    largest = max(sample_truth["multi_sends"], key=lambda s: s["recipients"])
    got = rows["max_multi_send_recipients"]
    assert (got.numerator, got.period_start) == (largest["recipients"], _utc(largest["start"]))
    assert rows["multi_send_count"].numerator == len(sample_truth["multi_sends"])
    # the fastest train is the ten-minute burst of invitations: 104 in 10 minutes
    train = rows["max_train_send_rate"]
    assert (train.numerator, train.denominator, train.population) == (
        ten["count"],
        10.0,
        "outgoing invitations",
    )
    # a median or a variation has no counts; a reply rate says its window
    assert (rows["median_first_reply_hours"].numerator, rows["median_first_reply_hours"].denominator) == (
        None,
        None,
    )
    assert (
        rows["thread_reply_rate_7d"].window == "7 days" and rows["thread_reply_rate_30d"].window == "30 days"
    )


# Past behaviour (docs/metrics.md): the 22-person send of 6 April 2020 is watch now (was high), said
# with its day and the last 12 months' largest; the checklist says each row in words, three measures
# shown and the rest in `more` (report/checklist_words.py).
SAMPLE_FINDINGS = [
    (
        "max_invites_1min",
        "high",
        (
            "You sent invitations in machine-like bursts: 45 invitations in one minute, 104 in ten minutes, "
            "120 in a week (LinkedIn's weekly limit is about 100); at the fastest 10.4 invitations a "
            "minute."
        ),
    ),
    (
        "max_messages_1h",
        "high",
        (
            "You sent messages in quick bursts: 100 messages in one hour, 6 new conversations in one "
            "minute, 23 in ten minutes."
        ),
    ),
    (
        "min_train_gap_cv",
        "high",
        (
            "Part of your sending kept a machine's steady beat: 48 sends in a row at an even pace; the gaps "
            "inside your most regular burst did not vary at all."
        ),
    ),
    (
        "canned_stranger_invites_per_month",
        "watch",
        (
            "You sent 25 canned invitations a month on average to people you had never messaged (free "
            "members can add a note to only about five a month). In all, 96% of your invitations were "
            "canned: 76% no note, 6% LinkedIn's stock text, 14% a copy-pasted note."
        ),
    ),
    (
        "invite_acceptance_rate",
        "watch",
        (
            "228 of your 329 invitations were never accepted (69%: ignored, withdrawn or still pending); "
            "31% were accepted."
        ),
    ),
    (
        "max_multi_send_recipients",
        "watch",
        (
            "You sent one message to several people at once 4 times, to as many as 22 people at once (6 "
            "April 2020; in the last 12 months, at most 10): mass messaging, counted as one send in every "
            "rate."
        ),
    ),
    (
        "thread_reply_rate_30d",
        "ok",
        (
            "58% of the conversations you started got a reply within 30 days (343 of 592 old enough to "
            "judge); 40% within 7 days."
        ),
    ),
]

SAMPLE_CHECKLIST = [
    (
        "messages in quick succession",
        "Most messages in any hour: 100",
        "high",
        "Most messages in any hour: 100 between 2025-10-15 10:01 and 2025-10-15 10:59 UTC",
        "",
    ),
    (
        "many invitations within a short time",
        "Most invitations in any 24 hours: 104",
        "high",
        (
            "Most invitations in any 24 hours: 104 between 2025-12-10 08:00 and 2025-12-10 08:09 UTC; Most "
            "invitations in any 7 days: 120 between 2025-10-07 05:13 and 2025-10-14 01:40 UTC"
        ),
        "",
    ),
    (
        "automated bots used to send at scale",
        "Most invitations in any minute: 45",
        "high",
        (
            "Most invitations in any minute: 45 invitations within one minute from 2025-12-10 08:00 UTC; "
            "Most machine-like regularity inside a burst: the gaps did not vary at all, 48 messages from "
            "2025-10-29 04:00 to 2025-10-30 03:30 UTC, one every 30 minutes on average (62 answers in a "
            "live exchange left out); Most conversations started in any minute: 6 new conversations within "
            "one minute from 2025-10-15 10:17 UTC"
        ),
        (
            "Most invitations in any 10 minutes: 104 invitations within ten minutes from 2025-12-10 08:00 "
            "UTC; Fastest sustained sending inside a burst: 104 invitations from 2025-12-10 08:00 to "
            "2025-12-10 08:09 UTC (10.4 per minute); Longest run at a steady beat: 1 run at a clockwork "
            "pace; largest: 48 messages one every 30 minutes from 2025-10-29 04:00 to 2025-10-30 03:30 UTC "
            "(62 answers in a live exchange left out); Most conversations started in any 10 minutes: 23 new "
            "conversations within ten minutes from 2025-10-15 10:03 UTC; Regularity of your invitations "
            "over your whole history: the gaps varied by 3.2 times their average (context only); Regularity "
            "of your messages over your whole history: the gaps varied by 2.5 times their average (context "
            "only)"
        ),
    ),
    (
        "an extremely high number of messages per day",
        "Most messages in any 24 hours: 100",
        "watch",
        "Most messages in any 24 hours: 100 between 2025-10-15 10:01 and 2025-10-15 10:59 UTC",
        "",
    ),
    (
        "many invitations ignored, left pending, or marked spam",
        "228 of 329 invitations not accepted (69%)",
        "watch",
        (
            "Invitations ignored or still pending: 228 of 329 outgoing invitations ignored or still pending "
            "(sent 2025-02-25 to 2026-03-09)"
        ),
        "Invitations accepted: 101 of 329 outgoing invitations (sent 2025-02-25 to 2026-03-09)",
    ),
    (
        "duplicate or similar messages to many people",
        "Most people reached by one send: 22 (in 2020; in the last 12 months at most 10)",
        "watch",
        (
            "Most people reached by one send: 22 people at 2020-04-06 10:32:11 UTC, with one identical "
            "text; in 2020, not in the last 12 months (rated high then; at most 10 within them); Messages "
            "that were copy-pasted: 183 of 1592 sent messages with text; 35 empty (attachments only, left "
            "out), 4 LinkedIn notices, 3 LinkedIn's stock invitation sentence, a send to several people at "
            "once counted once (45 copies)"
        ),
        "Sends to several people at once: 4 sends to several people at once, 52 of 1648 sent messages",
    ),
    (
        "pre-written templates instead of personal notes",
        "Invitations with a copy-pasted note: 14%",
        "ok",
        (
            "Invitations with a copy-pasted note: 46 of 329 outgoing invitations whose note is one of the "
            "member's templates; Messages that were copy-pasted: 183 of 1592 sent messages with text; 35 "
            "empty (attachments only, left out), 4 LinkedIn notices, 3 LinkedIn's stock invitation "
            "sentence, a send to several people at once counted once (45 copies); Invitations with "
            "LinkedIn's stock text: 20 of 329 outgoing invitations whose note is LinkedIn's stock sentence"
        ),
        (
            "Invitations with no note: 250 of 329 outgoing invitations with no note (free members can add a "
            "note to about five a month; not a restriction trigger by itself)"
        ),
    ),
    (
        "contacting strangers rather than 1st-degree connections",
        "Conversations you started with strangers: 26%",
        "ok",
        "Conversations you started with strangers: 160 of 615 conversations you started",
        "",
    ),
    (
        "a low response rate overall",
        "Conversations you started that got a reply within 30 days: 58%",
        "ok",
        (
            "Conversations you started that got a reply within 30 days: 343 of 592 conversations you "
            "started old enough to judge at 30 days had a reply within 30 days; 19 left out as not your "
            "conversations (5 from hidden members, 4 from brands, not people, 5 in spam, 5 sponsored); "
            "Conversations you started that got a reply within 7 days: 246 of 609 conversations you started "
            "old enough to judge at 7 days had a reply within 7 days"
        ),
        "",
    ),
]


def test_the_samples_findings_read_as_before(sample_con: duckdb.DuckDBPyConnection) -> None:
    got = [(f.metric, f.status, f.sentence) for f in report_findings.findings(sample_con)]
    assert got == SAMPLE_FINDINGS


def test_the_samples_checklist_reads_as_before(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = report_findings.checklist(sample_con)
    assert frame is not None
    assert [tuple(r) for r in frame.iter_rows()] == [tuple(r) for r in SAMPLE_CHECKLIST]


PROSE = ("detail", "evidence")


@pytest.mark.parametrize("module", ["findings.py", "behaviours.py", "summary_rows.py", "checklist_words.py"])
def test_no_report_code_parses_prose(module: str) -> None:
    """The modules that word findings and the checklist import no `re`, and never call a method on a
    detail or an evidence text (split, replace, find...): they show those texts, never read them."""
    tree = ast.parse((REPORT / module).read_text())
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert "re" not in imported
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value
            name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
            assert name not in PROSE, f"{module}:{node.lineno} calls .{node.func.attr} on {name}"


def test_the_reports_row_and_the_analyses_metric_have_the_same_fields(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    """Row (what the report reads) mirrors Metric (what the analyses write) and audit_summary's columns: a
    field added to one and not the others would be written and never read, or read as NULL."""
    from dataclasses import fields

    from linkedin_audit.analyses.common import Metric

    written = tuple(f.name for f in fields(Metric) if f.name != "at")  # `at` is not a column
    stored = tuple(r[0] for r in sample_con.execute("DESCRIBE audit_summary").fetchall())
    assert Row._fields == written == stored
