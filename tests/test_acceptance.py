"""Invitation acceptance on hand-written rows; every expectation derived by hand.

| inv | to                         | sent             | connection              | outcome               |
| i1  | Ann (person 2, URL)        | 2025-10-01 10:00 | 2025-10-03              | accepted, 2 days      |
| i2  | Bob (person 3)             | 2025-10-05 23:59 | 2025-10-05 (same day)   | accepted, 0 days      |
| i3  | Cat (person 4)             | 2025-11-01       | 2024-01-01 (before)     | pending               |
| i4  | Dan (person 5)             | 2025-12-05       | none                    | pending               |
| i5  | Eve (person 6, no URL)     | 2025-12-01       | 2025-12-10, by name     | accepted, 9 days      |
| i6  | no person, URL .../fay     | 2025-12-15       | 2025-12-20, by URL      | accepted, 5 days      |
| i7  | incoming from Ann          |                  |                         | not an outgoing row   |
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from model_fixtures import model_db, run_steps_before

from linkedin_audit.analyses import acceptance
from linkedin_audit.config import load_thresholds
from linkedin_audit.db import MissingRelation

D, T = dt.date, dt.datetime


@pytest.fixture
def con():
    people = [
        {"person_id": 1, "url_key": "linkedin.com/in/me", "name_key": "me", "is_me": True},
        {"person_id": 2, "url_key": "linkedin.com/in/ann", "name_key": "ann lee"},
        {"person_id": 3, "url_key": "linkedin.com/in/bob", "name_key": "bob roe"},
        {"person_id": 4, "url_key": "linkedin.com/in/cat", "name_key": "cat poe"},
        {"person_id": 5, "url_key": "linkedin.com/in/dan", "name_key": "dan doe"},
        {"person_id": 6, "url_key": None, "name_key": "eve ash"},
        {"person_id": 7, "url_key": None, "name_key": "eve ash"},  # the connection row's person
        {"person_id": 8, "url_key": "linkedin.com/in/fay", "name_key": "fay fox"},
    ]
    connections = [
        {"person_id": 2, "url_key": "linkedin.com/in/ann", "connected_on": D(2025, 10, 3)},
        {"person_id": 3, "url_key": "linkedin.com/in/bob", "connected_on": D(2025, 10, 5)},
        {"person_id": 4, "url_key": "linkedin.com/in/cat", "connected_on": D(2024, 1, 1)},
        {"person_id": 7, "url_key": None, "connected_on": D(2025, 12, 10)},
        {"person_id": 8, "url_key": "linkedin.com/in/fay", "connected_on": D(2025, 12, 20)},
    ]
    inv = [
        (1, "outgoing", T(2025, 10, 1, 10), 2, "linkedin.com/in/ann"),
        (2, "outgoing", T(2025, 10, 5, 23, 59), 3, "linkedin.com/in/bob"),
        (3, "outgoing", T(2025, 11, 1), 4, "linkedin.com/in/cat"),
        (4, "outgoing", T(2025, 12, 5), 5, "linkedin.com/in/dan"),
        (5, "outgoing", T(2025, 12, 1), 6, None),
        (6, "outgoing", T(2025, 12, 15), None, "linkedin.com/in/fay"),
        (7, "incoming", T(2025, 9, 1), 2, "linkedin.com/in/ann"),
    ]
    invitations = [
        {
            "invitation_id": i,
            "direction": d,
            "sent_at": s,
            "counterparty_person_id": p,
            "counterparty_url_key": u,
        }
        for i, d, s, p, u in inv
    ]
    con = model_db(export_date=D(2026, 1, 1), people=people, connections=connections, invitations=invitations)
    run_steps_before(con, acceptance)  # invitation_notes: none of these invitations has a note
    return con


def test_outcomes(con):
    out = acceptance.invitation_outcomes(con)
    rows = {r["invitation_id"]: r for r in out.iter_rows(named=True)}
    assert sorted(rows) == [1, 2, 3, 4, 5, 6]
    assert {i: r["days_to_accept"] for i, r in rows.items()} == {1: 2, 2: 0, 3: None, 4: None, 5: 9, 6: 5}
    assert {i for i, r in rows.items() if r["pending"]} == {3, 4}
    assert all(r["accepted"] != r["pending"] for r in rows.values())
    assert rows[5]["accepted_on"] == D(2025, 12, 10)
    assert out["note_kind"].to_list() == ["no_note"] * 6  # from invitation_notes


def test_metrics_and_breakdowns(con):
    t = load_thresholds()
    metrics = {
        m.metric: m
        for m in acceptance.materialize(con, dataclasses.replace(t, minimum={**t.minimum, "invitations": 1}))
    }
    assert metrics["invite_acceptance_rate"].value == pytest.approx(4 / 6)
    assert metrics["pending_invites"].value == 2
    assert metrics["pending_invites"].status == "ok"
    assert "2025-10-01 to 2025-12-15" in metrics["invite_acceptance_rate"].detail
    out = acceptance.invitation_outcomes(con)
    by_month = {
        r["sent_month"]: (r["invitations"], r["accepted"])
        for r in acceptance.acceptance_by_month(out).iter_rows(named=True)
    }
    assert by_month == {D(2025, 10, 1): (2, 2), D(2025, 11, 1): (1, 0), D(2025, 12, 1): (3, 2)}
    assert con.execute("SELECT count(*) FROM invitation_outcomes").fetchone()[0] == 6


def test_not_enough_data(con):
    metrics = acceptance.materialize(con, load_thresholds())  # minimum 10 > 6
    assert [(m.value, m.status) for m in metrics] == [(None, "not_enough_data")] * 3


def test_by_note_kind_when_notes_exist(con):
    con.execute(
        "CREATE OR REPLACE TABLE invitation_notes AS SELECT * FROM (VALUES "
        "(1::BIGINT, 'outgoing', 'personal'), (2, 'outgoing', 'no_note'), (3, 'outgoing', 'no_note'),"
        "(4, 'outgoing', 'no_note'), (5, 'outgoing', 'template'), (6, 'outgoing', 'default_text'),"
        "(7, 'incoming', 'personal')) t(invitation_id, direction, note_kind)"
    )
    out = acceptance.invitation_outcomes(con)
    kinds = {
        r["note_kind"]: (r["invitations"], r["accepted"])
        for r in acceptance.acceptance_by_note_kind(out).iter_rows(named=True)
    }
    assert kinds == {"no_note": (3, 1), "personal": (1, 1), "template": (1, 1), "default_text": (1, 1)}


def test_refuses_to_run_before_the_invites_step(con):
    con.execute("DROP TABLE invitation_notes")
    with pytest.raises(MissingRelation, match="invitation_outcomes reads invitation_notes"):
        acceptance.invitation_outcomes(con)
