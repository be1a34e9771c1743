"""Participants from TO names (files without RECIPIENT PROFILE URLS), legacy conversation ids, and the
stranger rule for invitations, on hand-written exports; every expectation written out by hand.

The 2022-style export (9-column messages.csv: URLs for senders only) has the owner Sam Owner and the
connections `Jane Doe, PhD`, `Ann Lee`, `Bob Ray` and `Tom Hall, Founder`:
- g1 (group, only the owner wrote): TO `Jane Doe, PhD, Ann Lee, Zed Quinn, MBA, Kim Park` -> Jane Doe, PhD
  (a known name of two pieces), Ann Lee, Zed Quinn, MBA (unknown: `MBA` is credential-like and stays with
  it), Kim Park (unknown);
- b1 (1:1, Bob never answered): TO `Bob Ray` -> Bob Ray;
- t1 (1:1): TO `Tom Hall, Founder` -> one name (known), although `Founder` alone is no credential;
- a1 (Ann wrote): TO `Sam Owner, Jane Doe, PhD` -> the owner and Jane Doe, PhD.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
from model_fixtures import model_db

from linkedin_audit.analyses import invites, templates
from linkedin_audit.build import run_ingest

PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n\n'
)
OWNER_URL = "https://www.linkedin.com/in/sam-owner"


def _ingest(folder: Path, files: dict[str, str]) -> duckdb.DuckDBPyConnection:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder.parent / "db.duckdb"
    run_ingest([folder], db, analyse=False, progress=False)
    return duckdb.connect(str(db), read_only=True)


def test_to_names_split_by_known_names(tmp_path: Path) -> None:
    connections = PREAMBLE + (
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        'Jane,"Doe, PhD",,Acme,CTO,01 Mar 2022\n'
        "Ann,Lee,,Acme,Engineer,02 Mar 2022\n"
        "Bob,Ray,,Initech,Sales,03 Mar 2022\n"
        'Tom,"Hall, Founder",,Hooli,CEO,04 Mar 2022\n'
    )
    head = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
    rows = [
        f'2-ZzE=,Team,Sam Owner,{OWNER_URL},"Jane Doe, PhD, Ann Lee, Zed Quinn, MBA, Kim Park",'
        "2022-09-01 10:00:00 UTC,,Hello all,INBOX",
        f"2-YjE=,,Sam Owner,{OWNER_URL},Bob Ray,2022-09-02 10:00:00 UTC,,Hi Bob,INBOX",
        f'2-dDE=,,Sam Owner,{OWNER_URL},"Tom Hall, Founder",2022-09-03 10:00:00 UTC,,Hi Tom,INBOX',
        '2-YTE=,,Ann Lee,https://www.linkedin.com/in/ann-lee,"Sam Owner, Jane Doe, PhD",'
        "2022-09-04 10:00:00 UTC,,Hi both,INBOX",
    ]
    con = _ingest(
        tmp_path / "Complete_LinkedInDataExport_09-15-2022",
        {"Connections.csv": connections, "messages.csv": head + "\n".join(rows) + "\n"},
    )
    split = con.execute(
        "SELECT to_names, list(name ORDER BY position) FROM meta.to_names GROUP BY to_names ORDER BY to_names"
    ).fetchall()
    assert split == [
        ("Bob Ray", ["Bob Ray"]),
        (
            "Jane Doe, PhD, Ann Lee, Zed Quinn, MBA, Kim Park",
            ["Jane Doe, PhD", "Ann Lee", "Zed Quinn, MBA", "Kim Park"],
        ),
        ("Sam Owner, Jane Doe, PhD", ["Sam Owner", "Jane Doe, PhD"]),
        ("Tom Hall, Founder", ["Tom Hall, Founder"]),
    ]
    got = con.execute("""
        SELECT cp.conversation_id, list(p.name ORDER BY p.name), list(cp.is_me ORDER BY p.name),
               list(p.is_connection ORDER BY p.name)
        FROM conversation_participants cp JOIN people p USING (person_id)
        GROUP BY ALL ORDER BY 1""").fetchall()
    assert got == [
        ("2-YTE=", ["Ann Lee", "Jane Doe, PhD", "Sam Owner"], [False, False, True], [True, True, False]),
        ("2-YjE=", ["Bob Ray", "Sam Owner"], [False, True], [True, False]),
        (
            "2-ZzE=",
            ["Ann Lee", "Jane Doe, PhD", "Kim Park", "Sam Owner", "Zed Quinn, MBA"],
            [False, False, False, True, False],
            [True, True, False, False, False],
        ),
        ("2-dDE=", ["Sam Owner", "Tom Hall, Founder"], [True, False], [False, True]),
    ]
    # Jane is one person in connections and in both TO fields; Zed and Kim became people by name.
    assert con.execute("SELECT count(*) FROM people WHERE name_key = 'jane doe'").fetchone() == (1,)
    assert con.execute("SELECT url_key FROM people WHERE name = 'Zed Quinn, MBA'").fetchone() == (None,)


def test_legacy_threads_ignore_reply_prefixes_and_sender(tmp_path: Path) -> None:
    """2020 files: "Re: Hello", "RE: Re: Hello", "Fwd: Hello", "AW:Hello" continue "Hello" (one thread with
    Ada); "Hello again" is another thread; a group message from Ann (TO the owner and Jane) and the owner's
    answer (TO Ann and Jane) are one thread although FROM and TO differ."""
    head = "FROM,TO,DATE,SUBJECT,CONTENT,DIRECTION,FOLDER\n"
    rows = [
        "Mid Owner,Ada Example,2019-11-05T14:00:00,Hello,Hi Ada,OUTGOING,INBOX",
        "Ada Example,Mid Owner,2019-11-06T09:00:00,Re: Hello,Hi back,INCOMING,INBOX",
        "Mid Owner,Ada Example,2019-11-06T10:00:00,RE: Re: Hello,Great,OUTGOING,INBOX",
        "Mid Owner,Ada Example,2019-11-07T10:00:00,Fwd: Hello,See this,OUTGOING,INBOX",
        "Ada Example,Mid Owner,2019-11-08T10:00:00,AW:Hello,Danke,INCOMING,INBOX",
        "Mid Owner,Ada Example,2019-11-09T10:00:00,Hello again,New topic,OUTGOING,INBOX",
        'Ann Lee,"Mid Owner, Jane Doe, PhD",2019-11-10T10:00:00,Dinner,Friday?,INCOMING,INBOX',
        'Mid Owner,"Ann Lee, Jane Doe, PhD",2019-11-10T11:00:00,Re: Dinner,Yes,OUTGOING,INBOX',
    ]
    connections = (
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Ada,Example,,Example Corp,Engineer,05 Nov 2018\n"
    )
    con = _ingest(
        tmp_path / "Basic_LinkedInDataExport_02-01-2020",
        {"Connections.csv": connections, "messages.csv": head + "\n".join(rows) + "\n"},
    )
    threads = con.execute(
        "SELECT list(content_text ORDER BY sent_at) FROM messages GROUP BY conversation_id "
        "ORDER BY min(sent_at)"
    ).fetchall()
    assert threads == [
        (["Hi Ada", "Hi back", "Great", "See this", "Danke"],),
        (["New topic"],),
        (["Friday?", "Yes"],),
    ]
    names = con.execute("""
        SELECT list(p.name ORDER BY p.name) FROM conversation_participants cp JOIN people p USING (person_id)
        JOIN messages m ON m.conversation_id = cp.conversation_id
        WHERE m.content_text = 'Friday?'""").fetchone()
    assert names == (["Ann Lee", "Jane Doe, PhD", "Mid Owner"],)


def test_stranger_ignores_a_third_members_message() -> None:
    """Owner 1, group g with 2 and 3 (and 1:1 thread h with 4). 3 wrote in g on Apr 1, the owner only on
    Jun 1; 4 wrote in h on Apr 2. Invitations on May 1: to 2 (only 3 had written in g: a stranger), to 3
    (3 wrote in a conversation with the owner: not a stranger), to 4 (not a stranger), to 5 (no message at
    all: a stranger)."""
    t = dt.datetime
    people: list[Mapping[str, Any]] = [{"person_id": 1, "name": "Me Owner", "is_me": True}]
    people += [{"person_id": i, "name": f"Person {i}"} for i in range(2, 6)]
    messages: list[Mapping[str, Any]] = [
        {
            "message_id": 1,
            "conversation_id": "g",
            "sender_person_id": 3,
            "sent_at": t(2025, 4, 1),
            "is_from_me": False,
            "content_text": "hi all",
        },
        {
            "message_id": 2,
            "conversation_id": "g",
            "sender_person_id": 1,
            "sent_at": t(2025, 6, 1),
            "is_from_me": True,
            "content_text": "hello",
        },
        {
            "message_id": 3,
            "conversation_id": "h",
            "sender_person_id": 4,
            "sent_at": t(2025, 4, 2),
            "is_from_me": False,
            "content_text": "hey",
        },
    ]
    participants: list[Mapping[str, Any]] = [
        {"conversation_id": c, "person_id": p, "is_me": p == 1}
        for c, members in (("g", (1, 2, 3)), ("h", (1, 4)))
        for p in members
    ]
    invitations: list[Mapping[str, Any]] = [
        {
            "invitation_id": i,
            "direction": "outgoing",
            "sent_at": t(2025, 5, 1, 9),
            "from_name": "Me Owner",
            "to_name": f"Person {i}",
            "counterparty_person_id": i,
            "counterparty_name": f"Person {i}",
        }
        for i in range(2, 6)
    ]
    con = model_db(
        me={"person_id": 1, "name": "Me Owner"},
        people=people,
        messages=messages,
        conversation_participants=participants,
        invitations=invitations,
    )
    notes = invites.invitation_notes(con, templates.invitation_note_templates(con)).sort("invitation_id")
    assert dict(zip(notes["invitation_id"], notes["recipient_is_stranger"], strict=True)) == {
        2: True,
        3: False,
        4: False,
        5: True,
    }
