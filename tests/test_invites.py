"""Canned-invitation shares on hand-written invitations; every expected number counted by hand.

Owner 1 ("Me Owner"); counterparties 2..14. Outgoing invitations (13):
| ids      | to      | note                                              | kind         |
| 1-4, 13  | 2-5, 14 | none                                              | no_note      |
| 5        | 6       | "Hi Farid, I'd like to add you ... - Me Owner"    | default_text |
| 6        | 7       | the German stock text                             | default_text |
| 7-9      | 8-10    | the "I help founders" pitch, masked per recipient | template     |
| 10-12    | 11-13   | three different personal notes                    | personal     |
Canned = 5 + 2 + 3 = 10 of 13.
Strangers (no non-draft message either way before the invitation): all but #1 (owner wrote to 2 before) and
#11 (12 wrote to the owner before). #2 had only a draft before (still a stranger); #10's counterparty was
messaged only after (still a stranger). Strangers = 11, canned among them = 10 - 1 (#1) = 9.
Incoming: #20 from 15 with the stock text, #21 from 16 with no note.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from model_fixtures import model_db

from linkedin_audit.analyses import invites, templates
from linkedin_audit.config import load_thresholds

T = dt.datetime
NAMES = dict(
    enumerate(
        [
            "Anna Berg",
            "Ben Weber",
            "Chloé Costa",
            "Dmitri Novak",
            "Farid Patel",
            "Grace Rossi",
            "Hiro Tanaka",
            "Ines Larsen",
            "Jonas Visser",
            "Kofi Okafor",
            "Lena Moreau",
            "Marta Diallo",
            "Nils Hansen",
            "Olu Eriksen",
            "Priya Schmidt",
        ],
        start=2,
    )
)
COMPANY = {9: "Initech", 10: "Hooli", 8: "Acme Corp"}
PITCH = (
    "Hi {first}, I help founders like you at {company} scale their sales pipeline with AI. Open to connect?"
)
PERSONAL = [
    "Lena, your talk at PyCon on type checkers was the best of the day - let's stay in touch.",
    "Marta, we met at the Lisbon offsite last spring; great to finally find you here!",
    "Nils - thanks for the review of my paper, your comments on section 3 fixed a real bug.",
]


def invites_db():
    people = [{"person_id": 1, "name": "Me Owner", "url_key": "linkedin.com/in/me", "is_me": True}]
    people += [{"person_id": i, "name": n, "url_key": f"linkedin.com/in/p{i}"} for i, n in NAMES.items()]
    connections = [
        {
            "person_id": i,
            "name": NAMES[i],
            "company": c,
            "url_key": f"linkedin.com/in/p{i}",
            "connected_on": dt.date(2025, 6, 1),
        }
        for i, c in COMPANY.items()
    ]
    rows = []
    for iid, pid in enumerate(range(2, 15), start=1):
        first = NAMES[pid].split()[0]
        note = None
        if iid == 5:
            note = f"Hi {first}, I'd like to add you to my professional network on LinkedIn. - Me Owner"
        elif iid == 6:
            note = "Ich möchte Sie gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen."
        elif iid in (7, 8, 9):
            note = PITCH.format(first=first, company=COMPANY[pid])
        elif iid in (10, 11, 12):
            note = PERSONAL[iid - 10]
        rows.append(
            {
                "invitation_id": iid,
                "direction": "outgoing",
                "sent_at": T(2025, 5, iid, 9),
                "from_name": "Me Owner",
                "to_name": NAMES[pid],
                "message": note,
                "counterparty_person_id": pid,
                "counterparty_name": NAMES[pid],
            }
        )
    rows.append(
        {
            "invitation_id": 20,
            "direction": "incoming",
            "sent_at": T(2025, 5, 20),
            "from_name": NAMES[15],
            "to_name": "Me Owner",
            "counterparty_person_id": 15,
            "counterparty_name": NAMES[15],
            "message": "I'd like to join your LinkedIn network.",
        }
    )
    rows.append(
        {
            "invitation_id": 21,
            "direction": "incoming",
            "sent_at": T(2025, 5, 21),
            "from_name": NAMES[16],
            "to_name": "Me Owner",
            "counterparty_person_id": 16,
            "counterparty_name": NAMES[16],
            "message": "",
        }
    )

    def msg(mid: int, conv: str, sender: int, other: int, at: dt.datetime, **kw: object) -> dict:
        to = other if sender == 1 else 1
        keys = {1: "me"}
        return {
            "message_id": mid,
            "conversation_id": conv,
            "sender_person_id": sender,
            "sender_url_key": f"linkedin.com/in/{keys.get(sender, f'p{sender}')}",
            "recipient_url_keys": [f"linkedin.com/in/{keys.get(to, f'p{to}')}"],
            "sent_at": at,
            "content_text": "hello",
            "is_from_me": sender == 1,
            **kw,
        }

    messages = [
        msg(1, "c2", 1, 2, T(2025, 4, 1)),  # before invitation 1 (May 1): not a stranger
        msg(2, "c3", 1, 3, T(2025, 4, 2), is_draft=True),  # a draft only: still a stranger
        msg(3, "c11", 1, 11, T(2025, 6, 1)),  # after invitation 10: still a stranger
        msg(4, "c12", 12, 12, T(2025, 4, 3)),  # 12 wrote first, before invitation 11
    ]
    return model_db(
        me={"person_id": 1, "name": "Me Owner"},
        people=people,
        connections=connections,
        invitations=rows,
        messages=messages,
    )


def test_note_kinds_and_strangers() -> None:
    con = invites_db()
    notes = invites.invitation_notes(con, templates.invitation_note_templates(con)).sort("invitation_id")
    kinds = dict(zip(notes["invitation_id"], notes["note_kind"], strict=True))
    assert [kinds[i] for i in range(1, 14)] == (
        ["no_note"] * 4 + ["default_text"] * 2 + ["template"] * 3 + ["personal"] * 3 + ["no_note"]
    )
    assert (kinds[20], kinds[21]) == ("default_text", "no_note")
    tids = notes.filter(pl.col("note_kind") == "template")["template_id"].unique().to_list()
    assert tids == ["inv-1"]
    out = notes.filter(pl.col("direction") == "outgoing")
    not_strangers = out.filter(~pl.col("recipient_is_stranger"))["invitation_id"].to_list()
    assert sorted(not_strangers) == [1, 11]


def test_invite_shares_exact() -> None:
    con = invites_db()
    metrics = {
        m.metric: m
        for m in invites.materialize(con, load_thresholds(), templates.invitation_note_templates(con))
    }
    assert metrics["canned_invite_share"].value == pytest.approx(10 / 13)
    assert metrics["canned_invite_share"].status == "info"  # context: the verdict is per month, to strangers
    assert metrics["no_note_invite_share"].value == pytest.approx(5 / 13)
    assert metrics["default_text_invite_share"].value == pytest.approx(2 / 13)
    assert metrics["templated_invite_share"].value == pytest.approx(3 / 13)
    assert metrics["canned_invite_to_stranger_share"].value == pytest.approx(9 / 11)
    # 9 canned invitations to strangers within 13 days: one month at least, 9 a month, under watch (20)
    verdict = metrics["canned_stranger_invites_per_month"]
    assert verdict.value == pytest.approx(9.0) and verdict.status == "ok"
    assert con.execute("SELECT count(*) FROM invitation_notes").fetchone() == (15,)
    cols = [r[0] for r in con.execute("DESCRIBE invitation_notes").fetchall()]
    assert cols == [
        "invitation_id",
        "direction",
        "sent_at",
        "note_kind",
        "template_id",
        "recipient_is_stranger",
    ]


def test_template_row_for_invitation_notes() -> None:
    table = templates.templates(invites_db())
    row = table.filter(pl.col("kind") == "invitation_note").row(0, named=True)
    assert row["template_id"] == "inv-1" and row["n"] == 3
    assert row["masked_text"] == (
        "hi {name}, i help founders like you at {company} scale their sales "
        "pipeline with ai. open to connect?"
    )


def test_not_enough_invitations() -> None:
    con = invites_db()
    con.execute("DELETE FROM invitations WHERE invitation_id > 5")
    metrics = invites.materialize(con, load_thresholds(), templates.invitation_note_templates(con))
    assert all(m.status == "not_enough_data" and m.value is None for m in metrics)


def test_templates_step_hands_invites_the_note_templates_it_computed() -> None:
    """The pipeline gives invites what templates returned (computed beside the message clustering): the
    same frame `invitation_note_templates` gives on its own, so the handoff changes no note_kind."""
    con = invites_db()
    found = templates.materialize(con, load_thresholds())
    assert found.note_templates.equals(templates.invitation_note_templates(con))
    assert found.note_templates.height == 15
