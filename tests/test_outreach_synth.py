"""Outreach metrics on a synthetic export against the generator's independent truth.

The generator writes, beside the export, a truth JSON computed from its plan (never from the CSVs or the
analysis code): `expected_summary`, the planted `bursts` and `clockwork` run, and `invitations_by_kind`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from linkedin_audit.analyses import acceptance, bursts, invites, templates

OWNED = (*invites.METRICS, *templates.METRICS, *bursts.METRICS, *acceptance.METRICS)
WINDOWS = (("1h", 3600), ("24h", 86400), ("7d", 7 * 86400))


@pytest.fixture(scope="module")
def synthetic(sample_con: Any, sample_truth: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The bundled sample (small, 2026, two exports, seed 7: what `make sample` writes) and its truth."""
    return sample_con, sample_truth


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _utc(text: str) -> dt.datetime:
    return dt.datetime.strptime(text.removesuffix(" UTC"), "%Y-%m-%d %H:%M:%S")


def test_outreach_metrics_match_truth(synthetic) -> None:
    con, truth = synthetic
    expected = truth["expected_summary"]
    got = dict(con.execute("SELECT metric, value FROM audit_summary").fetchall())
    assert all(m in got for m in OWNED)
    wrong = {m: (got.get(m), expected[m]) for m in OWNED if m in expected and not _close(got[m], expected[m])}
    assert not wrong, f"analysis vs truth: {wrong}"


def test_note_kinds_match_truth(synthetic) -> None:
    con, truth = synthetic
    rows = con.execute("SELECT direction, note_kind, count(*) FROM invitation_notes GROUP BY ALL").fetchall()
    got: dict[str, dict[str, int]] = {}
    for direction, kind, n in rows:
        got.setdefault(direction, {})[kind] = n
    assert got == truth["invitations_by_kind"]


def test_planted_bursts_and_clockwork_found(synthetic) -> None:
    con, truth = synthetic
    for burst in truth["bursts"]:
        label = next(lab for lab, w in WINDOWS if w >= burst["window_seconds"])
        rows = con.execute(
            "SELECT n, start_at, end_at FROM send_bursts WHERE stream = ? AND kind = 'window' "
            'AND "window" = ?',
            [burst["stream"], label],
        ).fetchall()
        # one of the fullest windows that share no event (the 10-minute bot run outranks the 2-hour burst)
        assert (burst["count"], _utc(burst["start"]), _utc(burst["end"])) in rows, burst
    clock = truth["clockwork"]
    runs = con.execute(
        "SELECT n, start_at, end_at FROM send_bursts WHERE stream = ? AND kind = 'clockwork'",
        [clock["stream"]],
    ).fetchall()
    assert (clock["count"], _utc(clock["start"]), _utc(clock["end"])) in runs
    assert len(runs) == 1  # the human-like rest of the stream raises no false clockwork run


def test_risk_checklist_complete(synthetic) -> None:
    con, _ = synthetic
    from linkedin_audit.analyses.risk import TRIGGERS

    rows = con.execute("SELECT trigger, status FROM risk_checklist").fetchall()
    assert [r[0] for r in rows] == [t for t, _, _ in TRIGGERS]
    assert all(r[1] in ("ok", "watch", "high", "not_enough_data") for r in rows)
    statuses = dict(rows)
    # the planted 45-in-a-minute run (and the clockwork run): high, as max_invites_1min is in audit_summary
    assert statuses["automated bots used to send at scale"] == "high"
    assert statuses["messages in quick succession"] == "high"  # 100 messages in an hour


def test_planted_minute_run_seen(synthetic) -> None:
    """45 invitations in one minute, 104 within ten (a real export's bot run): both peaks, the train's rate,
    and the automation row answered by them although the whole-history CV looks human."""
    con, truth = synthetic
    run = next(b for b in truth["bursts"] if b["window_seconds"] == 600)
    got = {m: (v, s) for m, v, s in con.execute("SELECT metric, value, status FROM audit_summary").fetchall()}
    assert got["max_invites_1min"] == (run["first_minute"], "high") == (45, "high")
    assert got["max_invites_10min"] == (run["count"], "high") == (104, "high")
    assert got["max_train_send_rate"][0] >= 104 / 10 and got["max_train_send_rate"][1] == "high"
    assert got["invite_interval_cv"][1] == "info"  # context only
    row = con.execute(
        "SELECT measure, value, status FROM risk_checklist "
        "WHERE trigger = 'automated bots used to send at scale'"
    ).fetchone()
    assert row[2] == "high" and got[row[0]] == (row[1], row[2])
