"""Message templates on a hand-written outbox; every expected number counted by hand from the rows below.

Owner 1; recipients 2..9 (names and companies below), one conversation per recipient (c2..c9).
Sent messages (is_from_me, not draft):
- the recruiter template to c2, c3, c4, c5 with each recipient's name and company, once with a typo: 4
- a second template to c6, c6, c7 only: 3 uses but 2 conversations -> not a template
- "Thanks!" in c2..c8: 7 one-liners, never a template
- 3 personal messages (c7, c8, c9)
- a draft of the template to c9: not a sent message
Sent messages = 4 + 3 + 7 + 3 = 17; templated = 4 -> templated_message_share = 4/17.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
import pytest
from model_fixtures import model_db

from linkedin_audit.analyses import templates
from linkedin_audit.config import Band, Thresholds, load_thresholds

T = dt.datetime
PEOPLE = {
    2: ("Anna Berg", "Acme Corp"),
    3: ("Ben Weber", "Initech"),
    4: ("Chloé Costa", "Globex GmbH"),
    5: ("Dmitri Novak", "Hooli"),
    6: ("Eva Ito", "Soylent"),
    7: ("Farid Patel", "Tyrell"),
    8: ("Grace Rossi", "Aperture"),
    9: ("Hiro Tanaka", "Umbrella"),
}
RECRUIT = (
    "Hi {first}, I came across your profile at {company} and think you'd be a great fit "
    "for a role we have open. Do you have 15 minutes this week?"
)
OTHER = "Hello {first}, our webinar on cloud costs is next Tuesday, would you like an invite?"


def outbox_db():
    people = [{"person_id": 1, "name": "Me Owner", "url_key": "linkedin.com/in/me", "is_me": True}]
    people += [
        {"person_id": pid, "name": name, "url_key": f"linkedin.com/in/p{pid}", "is_connection": True}
        for pid, (name, _) in PEOPLE.items()
    ]
    connections = [
        {
            "person_id": pid,
            "name": name,
            "company": company,
            "url_key": f"linkedin.com/in/p{pid}",
            "connected_on": dt.date(2024, 1, 1),
        }
        for pid, (name, company) in PEOPLE.items()
    ]
    msgs: list[dict] = []

    def send(conv: int, text: str, at: dt.datetime, **kw: object) -> None:
        msgs.append(
            {
                "message_id": len(msgs) + 1,
                "conversation_id": f"c{conv}",
                "sender_person_id": 1,
                "sender_url_key": "linkedin.com/in/me",
                "recipient_url_keys": [f"linkedin.com/in/p{conv}"],
                "sent_at": at,
                "content": text,
                "content_text": text,
                "is_from_me": True,
                **kw,
            }
        )

    for i, pid in enumerate((2, 3, 4, 5)):
        first, company = PEOPLE[pid][0].split()[0], PEOPLE[pid][1]
        text = RECRUIT.format(first=first, company=company)
        if pid == 5:
            text = text.replace("great fit", "grat fit")
        send(pid, text, T(2025, 3, 1 + i, 10))
    for i, pid in enumerate((6, 6, 7)):
        send(pid, OTHER.format(first=PEOPLE[pid][0].split()[0]), T(2025, 4, 1 + i, 10))
    for i, pid in enumerate(range(2, 9)):
        send(pid, "Thanks!", T(2025, 5, 1 + i, 10))
    send(7, "Great catching up yesterday, say hi to the team and good luck with the launch.", T(2025, 6, 1))
    send(8, "Could you share the slides from the panel? I'd love to pass them to my manager.", T(2025, 6, 2))
    send(9, "Congratulations on the promotion, Hiro! Well deserved after the year you had.", T(2025, 6, 3))
    send(9, RECRUIT.format(first="Hiro", company="Umbrella"), T(2025, 6, 4), is_draft=True)
    return model_db(
        me={"person_id": 1, "name": "Me Owner"}, people=people, connections=connections, messages=msgs
    )


def test_message_templates_recovered() -> None:
    con = outbox_db()
    per = templates.message_templates(con)
    assert per.height == 17
    assigned = per.filter(pl.col("template_id").is_not_null())
    assert assigned["message_id"].to_list() == [1, 2, 3, 4]
    assert set(assigned["template_id"]) == {"msg-1"}
    # The 7 one-liners are too short to be templates: never masked.
    assert per.filter(pl.col("masked_text").is_null()).height == 7
    table = templates.templates(con)
    assert table.height == 1
    row = table.row(0, named=True)
    assert row["kind"] == "message" and row["n"] == 4
    assert row["first_used"] == T(2025, 3, 1, 10) and row["last_used"] == T(2025, 3, 4, 10)
    assert row["masked_text"].startswith("hi {name}, i came across your profile at {company} and")
    assert "{number} minutes" in row["masked_text"]


def few_copies_judged() -> Thresholds:
    """The defaults with the volume guard off (`[minimum] templated_messages_30d = 1`): the outbox's 4 copies
    get a share, so its arithmetic can be checked."""
    th = load_thresholds()
    return dataclasses.replace(th, minimum={**th.minimum, "templated_messages_30d": 1})


def test_templated_message_share_and_relations() -> None:
    con = outbox_db()
    found = templates.materialize(con, few_copies_judged())
    metrics = found.metrics
    assert [m.metric for m in metrics] == list(templates.METRICS)
    m = metrics[0]
    assert m.metric == "templated_message_share"
    assert m.value == pytest.approx(4 / 17)
    assert m.status == "ok"  # 0.235 < watch 0.30
    assert con.execute("SELECT count(*), count(template_id) FROM message_templates").fetchone() == (17, 4)
    assert con.execute("SELECT template_id, n FROM templates").fetchall() == [("msg-1", 4)]


def test_few_copies_over_a_long_time_are_counts_not_a_verdict() -> None:
    """4 copies of one text in March 2025 (and 17 sends with text): at most 4 in any 30 days is under the
    default guard of 20, so the share (24%) is no verdict: the counts are said instead."""
    con = outbox_db()
    m = templates.materialize(con, load_thresholds()).metrics[0]
    assert (m.value, m.status) == (None, "not_enough_data")
    assert m.detail == (
        "4 of 17 sent messages with text were copy-pasted, at most 4 in any 30 days: too few to call a share "
        "(need at least 20 in 30 days)"
    )


def test_copy_pasted_messages_long_before_the_export_are_past_behaviour() -> None:
    """The outbox's 4 copies (March 2025: 4 of 17, 24%), judged with a guard of 1 and a band of 10%/20%
    (high), in an export of 1 June 2026: the newest copy is 15 months old, so the share is past
    behaviour, watch at most, said with its year; in the last 12 months no message was sent at all."""
    con = outbox_db()
    con.execute("UPDATE exports SET export_date = DATE '2026-06-01'")
    th = few_copies_judged()
    th = dataclasses.replace(th, bands={**th.bands, "templated_message_share": Band(0.10, 0.20)})
    m = templates.materialize(con, th).metrics[0]
    assert (m.value, m.status) == (pytest.approx(4 / 17), "watch")
    assert m.detail.startswith(
        "4 of 17 sent messages with text; in 2025, not in the last 12 months (rated high then; too few "
        "within them to measure)"
    )


def test_not_enough_sends() -> None:
    con = outbox_db()
    con.execute("DELETE FROM messages WHERE message_id > 5")
    m = templates.materialize(con, load_thresholds()).metrics[0]
    assert (m.value, m.status) == (None, "not_enough_data")


def test_linkedin_words_and_empty_sends_are_not_templates() -> None:
    """A real export's shapes: LinkedIn's recommendation notice and its stock invitation sentence sent to
    several people, and attachment-only sends with no text (one export had 555 of 1,404 sends empty)."""
    con = outbox_db()
    rows: list[tuple[int, str, dt.datetime, str | None]] = []
    for k, pid in enumerate((2, 3, 4, 5, 6)):
        rows.append(
            (
                100 + k,
                f"c{pid}",
                T(2025, 7, 1 + k),
                "Me Owner sent you a recommendation. Review it and choose whether to show it "
                "on your profile.",
            )
        )
        rows.append(
            (
                110 + k,
                f"c{pid}",
                T(2025, 7, 10 + k),
                "<p>I&#39;d like to add you to my professional network on LinkedIn.</p>",
            )
        )
        rows.append((120 + k, f"c{pid}", T(2025, 7, 20 + k), ""))
        rows.append((130 + k, f"c{pid}", T(2025, 7, 25 + k), None))
    for mid, conv, at, text in rows:
        con.execute(
            "INSERT INTO messages (message_id, conversation_id, sender_person_id, sent_at, content, "
            "content_text, is_from_me, attachments) VALUES (?, ?, 1, ?, ?, NULL, true, "
            "'https://www.linkedin.com/dms/prv/image/x')",
            [mid, conv, at, text],
        )
    per = templates.message_templates(con)
    kinds = dict(per.group_by("text_kind").len().iter_rows())
    assert kinds == {"member": 17, "linkedin_notice": 5, "stock_text": 5, "empty": 10}
    assert per.filter(pl.col("text_kind") != "member")["template_id"].null_count() == 20
    m = templates.materialize(con, few_copies_judged()).metrics[0]
    assert m.value == pytest.approx(4 / 27)  # 37 sends, 10 empty: the template's 4 of the 27 with text
    assert (
        "10 empty (attachments only, left out), 5 LinkedIn notices, 5 LinkedIn's stock invitation" in m.detail
    )
