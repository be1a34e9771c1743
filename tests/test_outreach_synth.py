"""Outreach metrics on a synthetic export against the generator's independent truth.

The generator writes, beside the export, a truth JSON computed from its plan (never from the CSVs or the
analysis code): `expected_summary`, the planted `bursts` and `clockwork` run, and `invitations_by_kind`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from linkedin_audit.analyses import bursts, invites, templates

OWNED = (*invites.METRICS, *templates.METRICS, *bursts.METRICS)
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
        row = con.execute("SELECT n, start_at, end_at FROM send_bursts WHERE stream = ? AND kind = 'window' "
                          "AND \"window\" = ? AND rank = 1", [burst["stream"], label]).fetchone()
        assert row == (burst["count"], _utc(burst["start"]), _utc(burst["end"])), burst
    clock = truth["clockwork"]
    runs = con.execute("SELECT n, start_at, end_at FROM send_bursts WHERE stream = ? AND kind = 'clockwork'",
                       [clock["stream"]]).fetchall()
    assert (clock["count"], _utc(clock["start"]), _utc(clock["end"])) in runs
    assert len(runs) == 1  # the human-like rest of the stream raises no false clockwork run


def test_risk_checklist_complete(synthetic) -> None:
    con, _ = synthetic
    from linkedin_audit.analyses.risk import TRIGGERS

    rows = con.execute("SELECT trigger, status FROM risk_checklist").fetchall()
    assert [r[0] for r in rows] == [t for t, _ in TRIGGERS]
    assert all(r[1] in ("ok", "watch", "high", "not_enough_data") for r in rows)
    statuses = dict(rows)
    assert statuses["automated bots used to send at scale"] == "watch"  # the planted clockwork run
    assert statuses["messages in quick succession"] == "high"  # 100 messages in an hour
