"""Tie features, classes and shares on hand-written rows (as_of 2026-01-01); every expectation by hand.

Ann: 7 contact days Nov-Dec 2025, both wrote, last 2025-12-20 -> strong (>= 5 days, reciprocal, recent).
Bob: 2024-01-01, -08, -15, both wrote -> dormant (silent 717 d > max(180, 8 x 7)).
Cat: one message of mine 2025-12-01 -> weak; her company "ACME" is the owner's "Acme Inc.".
Dan: nothing; my invitation had no note -> never, and canned.
Eve: an endorsement she gave me, nothing else -> weak (an endorsement is contact).
Fay: in a group conversation with Ann, one message each from me and Ann -> weak (groups count).
Gus: 5 days 2025-07-01..05, both wrote, last contact exactly 180 d ago -> strong (180 is not > 180).
Hal: 2023-01-01, 2023-07-01, 2024-01-01, both wrote -> weak (silent 731 d < 8 x 182.5 d).
A date-only (hidden) connection row is left out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
import pytest
from model_fixtures import model_db

from linkedin_audit.analyses import ties
from linkedin_audit.config import load_thresholds

D, T = dt.date, dt.datetime
NAMES = {1: "me", 2: "ann", 3: "bob", 4: "cat", 5: "dan", 6: "eve", 7: "fay", 8: "gus", 9: "hal"}


def _key(pid: int) -> str:
    return f"linkedin.com/in/{NAMES[pid]}"


def _thread(conv: str, other: int, days: list[dt.date], both: bool = True) -> list[dict]:
    rows = []
    for d in days:
        rows.append(
            {
                "conversation_id": conv,
                "sender_person_id": 1,
                "is_from_me": True,
                "sent_at": T(d.year, d.month, d.day, 9),
                "recipient_url_keys": [_key(other)],
            }
        )
        if both:
            rows.append(
                {
                    "conversation_id": conv,
                    "sender_person_id": other,
                    "sent_at": T(d.year, d.month, d.day, 10),
                    "recipient_url_keys": [_key(1)],
                }
            )
    return rows


@pytest.fixture
def con():
    people = [
        {"person_id": i, "url_key": _key(i), "name": n.title(), "name_key": n, "is_me": i == 1}
        for i, n in NAMES.items()
    ]
    connections = [
        {"person_id": i, "name": NAMES[i].title(), "url_key": _key(i), "connected_on": D(2022, 6, 1)}
        for i in range(2, 10)
    ]
    connections[2]["company"] = "ACME"  # Cat
    connections[3]["company"] = "Acme Widgets International"  # Dan: not the owner's Acme
    connections.append({"connected_on": D(2025, 3, 1), "is_hidden": True})
    msgs = (
        _thread("ann", 2, [D(2025, 11, 1), D(2025, 11, 5), D(2025, 11, 10), D(2025, 11, 20), D(2025, 12, 20)])
        + [
            {
                "conversation_id": "grp",
                "sender_person_id": 1,
                "is_from_me": True,
                "sent_at": T(2025, 12, 1, 9),
                "recipient_url_keys": [_key(2), _key(7)],
            },
            {
                "conversation_id": "grp",
                "sender_person_id": 2,
                "sent_at": T(2025, 12, 2, 9),
                "recipient_url_keys": [_key(1), _key(7)],
            },
        ]
        + _thread("bob", 3, [D(2024, 1, 1), D(2024, 1, 8), D(2024, 1, 15)])
        + _thread("cat", 4, [D(2025, 12, 1)], both=False)
        + _thread("gus", 8, [D(2025, 7, d) for d in range(1, 6)])
        + _thread("hal", 9, [D(2023, 1, 1), D(2023, 7, 1), D(2024, 1, 1)])
        + [
            {
                "conversation_id": "ann",
                "sender_person_id": 1,
                "is_from_me": True,
                "is_draft": True,
                "sent_at": T(2025, 12, 31),
                "recipient_url_keys": [_key(2)],
            }
        ]
    )
    for i, m in enumerate(msgs):
        m["message_id"] = i + 1
    invitations = [
        {"invitation_id": 1, "direction": "outgoing", "sent_at": T(2022, 5, 30), "counterparty_person_id": 5}
    ]
    con = model_db(
        export_date=D(2026, 1, 1),
        people=people,
        connections=connections,
        messages=msgs,
        invitations=invitations,
        endorsements=[{"direction": "received", "endorsed_at": T(2025, 6, 1, 12), "person_id": 6}],
        positions=[{"company_name": "Acme Inc."}, {"company_name": "Globex"}],
    )
    # The invites step's output, written by hand: Dan's invitation had no note.
    con.execute("CREATE TABLE invitation_notes (invitation_id BIGINT, note_kind VARCHAR)")
    con.execute("INSERT INTO invitation_notes VALUES (1, 'no_note')")
    return con


def _by_name(frame: pl.DataFrame) -> dict[str, dict]:
    return {r["name"]: r for r in frame.iter_rows(named=True)}


def test_classes(con):
    rows = _by_name(ties.tie_strength(con))
    assert len(rows) == 8  # the date-only row is left out
    assert {n: r["tie_class"] for n, r in rows.items()} == {
        "Ann": "strong",
        "Bob": "dormant",
        "Cat": "weak",
        "Dan": "never",
        "Eve": "weak",
        "Fay": "weak",
        "Gus": "strong",
        "Hal": "weak",
    }


def test_features(con):
    rows = _by_name(ties.tie_strength(con))
    ann = rows["Ann"]
    # 5 one-to-one days both ways + the group messages of 2025-12-01 (mine) and -02 (hers); no draft.
    assert (ann["messages_sent"], ann["messages_received"], ann["contact_days"]) == (6, 6, 7)
    assert ann["reciprocal"] and ann["reciprocity"] == 1.0
    assert ann["days_since_last_contact"] == 12
    bob = rows["Bob"]
    assert bob["median_gap_days"] == 7 and bob["days_since_last_contact"] == 717
    assert rows["Hal"]["median_gap_days"] == pytest.approx(182.5)
    assert rows["Gus"]["days_since_last_contact"] == 180
    fay = rows["Fay"]  # Ann's group message is a contact day with Fay too, but neither sent nor received
    assert (fay["messages_sent"], fay["messages_received"], fay["contact_days"]) == (1, 0, 2)
    assert fay["contact_events"] == 2 and not fay["reciprocal"]
    assert rows["Eve"]["endorsements_given"] == 0 and rows["Eve"]["endorsements_received"] == 1
    assert rows["Cat"]["shared_employer"] and not rows["Dan"]["shared_employer"]
    assert rows["Dan"]["invitation_note_kind"] == "no_note"
    assert rows["Dan"]["invitation_direction"] == "outgoing"
    assert rows["Dan"]["days_known"] == (D(2026, 1, 1) - D(2022, 6, 1)).days


def test_score_is_the_documented_formula(con):
    cat = _by_name(ties.tie_strength(con))["Cat"]
    # 1 contact day, 31 days ago, one-sided, first contact 31 days ago, no support, shared employer.
    w = ties.WEIGHTS
    expected = (
        w["frequency"] * 1 / 10
        + w["recency"] * (1 - 31 / 360)
        + w["reciprocity"] * 0
        + w["duration"] * 31 / 1825
        + w["support"] * 0
        + w["context"] * 1
    )
    assert cat["score"] == pytest.approx(expected, abs=0.01)
    assert _by_name(ties.tie_strength(con))["Dan"]["score"] == 0


def test_metrics_and_lists(con):
    t = load_thresholds()
    metrics = {
        m.metric: m.value
        for m in ties.materialize(con, dataclasses.replace(t, minimum={**t.minimum, "connections": 1}))
    }
    assert metrics == pytest.approx(
        {
            "never_interacted_share": 1 / 8,
            "weak_tie_share": 4 / 8,
            "dormant_tie_share": 1 / 8,
            "strong_tie_share": 2 / 8,
        }
    )
    frame = con.sql("SELECT * FROM tie_strength").pl()
    assert ties.canned_never_interacted(frame)["name"].to_list() == ["Dan"]
    assert ties.dormant_worth_reviving(frame)["name"].to_list() == ["Bob"]
    assert set(ties.strongest_ties(frame, 2)["name"].to_list()) == {"Ann", "Gus"}


def test_not_enough_connections(con):
    metrics = ties.materialize(con, load_thresholds())  # minimum 10 > 8
    assert all(m.value is None and m.status == "not_enough_data" for m in metrics)


@pytest.mark.parametrize("era", [2018, 2026])
def test_small_network_and_one_sided_inbound(tmp_path, era: int) -> None:
    """A 41-connection network: tie shares are exact counts (minimum 10 connections), equal to the truth;
    the planted one-sided inbound stream is dormant by the rule but not "worth reviving"."""
    import json

    from linkedin_audit.build import run_ingest
    from linkedin_audit.ingest.database import connect
    from linkedin_audit.synth import generate

    generate(tmp_path / "export", scale="41", era=era, history=1, seed=3, zip=True)
    truth = json.loads(next(tmp_path.rglob("*.truth.json")).read_text())
    db = tmp_path / "audit.duckdb"
    run_ingest(sorted(tmp_path.rglob("*.zip")), db, new_db=True, analyse=True, progress=False)
    con = connect(db, read_only=True)
    got = dict(con.execute("SELECT metric, value FROM audit_summary").fetchall())
    for m in ("never_interacted_share", "weak_tie_share", "dormant_tie_share", "strong_tie_share"):
        assert truth["expected_summary"][m] is not None
        assert got[m] == pytest.approx(truth["expected_summary"][m])
    frame = con.sql("SELECT * FROM tie_strength").pl()
    key = truth["one_sided_inbound"] if era != 2018 else None
    row = (
        frame.filter(pl.col("url_key") == key)
        if key
        else frame.filter((pl.col("tie_class") == "dormant") & (pl.col("messages_sent") == 0))
    )
    assert row.height == 1 and row["tie_class"].item() == "dormant"
    name = row["name"].item()
    assert name not in ties.dormant_worth_reviving(frame, 1000)["name"].to_list()
    assert name in ties.unanswered_inbound(frame)["name"].to_list()
