"""Each shared fact is defined once, in the database (issue 24): "a message the member sent" is the view
`sent_messages`, "the member's own invitations" the view `sent_invitations`, "a conversation's messages" the
view `conversation_messages`; analyses, charts and notebooks read the views rather than spelling the filter
again."""

import re
from pathlib import Path

import duckdb

from linkedin_audit import contracts
from linkedin_audit.report import chart_data

PACKAGE = Path(__file__).resolve().parent.parent / "linkedin_audit"
MODEL_SQL = "ingest/sql/model/"
VIEWS = {
    f"{MODEL_SQL}16_sent_messages.sql",
    f"{MODEL_SQL}16_sent_invitations.sql",
    f"{MODEL_SQL}16_conversation_messages.sql",
}
SPELLINGS = {
    "a sent message": re.compile(r"is_from_me\s+AND\s+NOT\s+(coalesce\(\s*)?(\w+\.)?is_draft", re.I),
    "an own invitation": re.compile(
        r"FROM\s+invitations(\s+(AS\s+)?\w+)?\s+WHERE\s+(\w+\.)?direction\s*=\s*'outgoing'", re.I
    ),
}
NOT_A_DRAFT = re.compile(r"NOT\s+(coalesce\(\s*)?(\w+\.)?is_draft\b", re.I)
"""Leaving drafts out: the readers of a conversation's messages spelled it (`conversation_messages`)."""
OTHER_RULES = {
    # file: (how many non-draft filters it may spell, why its rule is not "a conversation's messages")
    "report/chart_data.py": (1, "data_window counts every message without drafts, in a conversation or not"),
    "network/examples.sql": (1, "messages_per_month: sponsored left out too, in a conversation or not"),
    f"{MODEL_SQL}07_conversation_participants.sql": (
        1,
        "a draft's sender takes part in the conversation all the same; only its count leaves drafts out",
    ),
}


def _readers() -> list[tuple[str, str]]:
    """(path in the package, text) of every .py and .sql file but the views that define the facts."""
    paths = sorted(PACKAGE.rglob("*"))
    return [
        (rel, path.read_text(encoding="utf-8"))
        for path in paths
        if path.suffix in {".py", ".sql"} and (rel := path.relative_to(PACKAGE).as_posix()) not in VIEWS
    ]


def test_no_reader_spells_a_conversations_messages_itself():
    """Every non-draft filter outside the views is one of the few readers whose rule differs (OTHER_RULES)."""
    found = {rel: n for rel, text in _readers() if (n := len(NOT_A_DRAFT.findall(text)))}
    allowed = {rel: n for rel, (n, _why) in OTHER_RULES.items()}
    assert found == allowed, "read the view conversation_messages or sent_messages"


def test_the_scan_finds_a_spelled_out_conversations_messages():
    """The pattern catches the spellings the readers used before the view, and not a count of the drafts."""
    old = [
        "FROM messages WHERE NOT coalesce(is_draft, false) AND conversation_id IS NOT NULL",
        "WHERE c.excluded AND NOT coalesce(m.is_from_me, false) AND NOT coalesce(m.is_draft, false)",
        "count(*) FILTER (WHERE NOT is_draft)",
        "WHERE NOT COALESCE( m.is_draft , false)",
    ]
    assert all(NOT_A_DRAFT.search(s) for s in old)
    assert not NOT_A_DRAFT.search("SELECT count(*) FROM messages WHERE is_draft")
    assert not NOT_A_DRAFT.search("WHERE NOT is_drafted")


def test_conversation_messages_leaves_out_drafts_and_lone_messages():
    """The view's SQL over a hand-made messages table: a draft (with or without a conversation) and a message
    without a conversation are left out; messages either way, a system line (flagged) and one without a time
    stay."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE messages AS SELECT *, NULL::VARCHAR AS sender_url_key, NULL::BIGINT AS "
        "sender_person_id, false AS is_sponsored, false AS is_hidden_sender FROM (VALUES "
        "(1, 'c1', false, true, 'Me', TIMESTAMP '2025-01-01 10:00'),"
        "(2, 'c1', false, false, 'Ada', TIMESTAMP '2025-01-01 11:00'),"
        "(3, 'c1', true, true, 'Me', NULL),"
        "(4, NULL, true, true, 'Me', NULL),"
        "(5, NULL, false, false, 'Bob', TIMESTAMP '2025-02-01 09:00'),"
        "(6, 'c2', false, false, NULL, TIMESTAMP '2025-03-01 09:00'),"
        "(7, 'c2', false, true, 'Me', NULL)"
        ") t(message_id, conversation_id, is_draft, is_from_me, sender_name, sent_at)"
    )
    con.execute((PACKAGE / MODEL_SQL / "16_conversation_messages.sql").read_text(encoding="utf-8"))
    kept = con.execute("SELECT message_id, is_system_line FROM conversation_messages ORDER BY 1").fetchall()
    assert kept == [(1, False), (2, False), (6, True), (7, False)]  # 6: no name, no URL, nobody known


def test_no_reader_spells_a_shared_fact_itself():
    found = []
    for rel, text in _readers():
        found += [f"{rel}: {fact}" for fact, spelling in SPELLINGS.items() if spelling.search(text)]
    assert not found, f"read the views sent_messages / sent_invitations instead: {found}"


def test_the_scan_finds_a_spelled_out_fact():
    """The patterns above catch both spellings the readers used before the views."""
    assert SPELLINGS["a sent message"].search("FROM messages WHERE is_from_me AND NOT is_draft")
    assert SPELLINGS["a sent message"].search("WHERE m.is_from_me AND NOT coalesce(m.is_draft, false)")
    assert SPELLINGS["an own invitation"].search("FROM invitations WHERE direction = 'outgoing'")
    assert SPELLINGS["an own invitation"].search("FROM invitations i\n    WHERE i.direction = 'outgoing'")


def test_the_views_hold_the_truths_sends(sample_con, sample_truth):
    counts = sample_truth["counts"]
    assert sample_con.execute("SELECT count(*) FROM sent_messages").fetchone()[0] == counts["sent_messages"]
    outgoing = counts["invitations_outgoing"]
    assert sample_con.execute("SELECT count(*) FROM sent_invitations").fetchone()[0] == outgoing
    in_conversations = sample_con.execute("SELECT count(*) FROM conversation_messages").fetchone()[0]
    assert in_conversations == counts["messages"] - counts["drafts"]


def test_charts_count_what_the_views_hold(sample_con, sample_truth):
    counts = sample_truth["counts"]
    assert chart_data.sent_message_count(sample_con) == counts["sent_messages"]
    volume = chart_data.monthly_volume(sample_con)
    per_stream = dict(volume.group_by("stream").sum().select("stream", "n").iter_rows())
    assert per_stream == {
        "messages sent": counts["sent_messages"],
        "invitations sent": counts["invitations_outgoing"],
    }


def test_chart_data_reads_the_model_without_existence_checks():
    """The model's relations exist in every built database (model.toml): chart_data checks only for the
    analysis relations an ingest without analyses leaves out."""
    model = {r.name for layer in contracts.layers() if layer.name == "model" for r in layer.relations}
    assert {"connections", "invitations", "messages", "sent_messages", "exports", "positions"} <= model
    source = (PACKAGE / "report" / "chart_data.py").read_text(encoding="utf-8")
    checked = set(re.findall(r"relation_exists\(con, \"(\w+)\"\)", source))
    assert checked, "the pattern finds the checks"
    assert not checked & model, f"checks for relations the model always builds: {sorted(checked & model)}"
