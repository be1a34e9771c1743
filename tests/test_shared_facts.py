"""Each shared fact is defined once, in the database (issue 24): "a message the member sent" is the view
`sent_messages`, "the member's own invitations" the view `sent_invitations`; analyses, charts and notebooks
read the views rather than spelling the filter again."""

import re
from pathlib import Path

from linkedin_audit import contracts
from linkedin_audit.report import chart_data

PACKAGE = Path(__file__).resolve().parent.parent / "linkedin_audit"
VIEWS = {"ingest/sql/model/16_sent_messages.sql", "ingest/sql/model/16_sent_invitations.sql"}
SPELLINGS = {
    "a sent message": re.compile(r"is_from_me\s+AND\s+NOT\s+(coalesce\(\s*)?(\w+\.)?is_draft", re.I),
    "an own invitation": re.compile(
        r"FROM\s+invitations(\s+(AS\s+)?\w+)?\s+WHERE\s+(\w+\.)?direction\s*=\s*'outgoing'", re.I
    ),
}


def test_no_reader_spells_a_shared_fact_itself():
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE).as_posix()
        if path.suffix not in {".py", ".sql"} or rel in VIEWS:
            continue
        text = path.read_text(encoding="utf-8")
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
