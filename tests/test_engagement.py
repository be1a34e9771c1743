"""The member's own activity (relation `engagement`, step `engagement`): hand-written files of every header
and name variant, the generator's eras against their truth, and the redacted report (counts, no texts).
The report runs as the real command in a subprocess (ingest and synth in-process); expectations are counted
by hand or come from the generator's truth (synth/engagement.py), never from the code under test."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from report_fixtures import era_history
from typer.testing import CliRunner

from linkedin_audit.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "activity"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "linkedin_audit", *args], capture_output=True, text=True, env=None
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def in_process(*args: str) -> None:
    """The command in-process: for `ingest` and `synth`, whose output these tests do not read (both run as the
    real command in test_ingest_cli, test_new_user and others); the report below runs as the real command."""
    done = CliRunner().invoke(app, list(args))
    assert done.exit_code == 0, done.output


def ingest(tmp_path: Path, *exports: Path) -> duckdb.DuckDBPyConnection:
    db = tmp_path / "db.duckdb"
    in_process("ingest", *map(str, exports), "--db", str(db))
    return duckdb.connect(str(db), read_only=True)


def metric(con: duckdb.DuckDBPyConnection, name: str) -> float | None:
    row = con.execute("SELECT value FROM audit_summary WHERE metric = ?", [name]).fetchone()
    assert row is not None, name
    return row[0]


def test_2026_member_id_suffix_parts_and_camel_case_headers(tmp_path: Path) -> None:
    """`Shares_<id>.csv` with SharedUrl/MediaUrl, Comments with unquoted continuation lines and a blank line,
    Reactions in two numbered parts after the member id, Votes; Hashtag_Follows stays raw."""
    con = ingest(tmp_path, FIXTURES / "Complete_LinkedInDataExport_06-01-2026")
    got = dict(con.execute("SELECT kind, count(*) FROM engagement GROUP BY kind").fetchall())
    assert got == {"post": 2, "comment": 3, "reaction": 3, "vote": 1}
    assert con.execute("SELECT text FROM engagement WHERE kind = 'comment' ORDER BY acted_at").fetchall() == [
        ("Quoted, whole",),
        ("Short one",),
        ("First line\nsecond, with comma\n\nthird",),
    ]
    assert con.execute(
        "SELECT text, link FROM engagement WHERE kind = 'post' ORDER BY acted_at"
    ).fetchall() == [
        (None, "https://www.linkedin.com/feed/update/urn:li:share:12"),
        ('A post over\ntwo lines, with a "quote"', "https://www.linkedin.com/feed/update/urn:li:share:11"),
    ]
    assert con.execute(
        "SELECT shared_url, media_url FROM shares WHERE shared_url IS NOT NULL"
    ).fetchall() == [("https://example.com/a", "https://media.example.com/b.jpg")]
    types = con.execute("SELECT reaction_type FROM engagement WHERE kind = 'reaction' ORDER BY acted_at")
    assert types.fetchall() == [("EMPATHY",), ("LIKE",), ("PRAISE",)]
    assert con.execute("SELECT option_text FROM votes").fetchall() == [("Yes, often",)]
    assert con.execute("SELECT count(*) FROM raw.hashtag_follows").fetchone() == (1,)
    months = con.execute("SELECT month, posts, comments, reactions, votes FROM engagement_months ORDER BY 1")
    assert months.fetchall() == [
        (dt.date(2026, 2, 1), 0, 0, 1, 0),
        (dt.date(2026, 3, 1), 0, 1, 0, 0),
        (dt.date(2026, 4, 1), 1, 0, 0, 1),
        (dt.date(2026, 5, 1), 1, 2, 2, 0),
        (dt.date(2026, 6, 1), 0, 0, 0, 0),
    ]
    assert metric(con, "public_activity_month_share") == pytest.approx(4 / 5)  # Feb-Jun, June quiet
    assert metric(con, "give_ask_ratio") is None  # no invitation on file: nothing to compare


def test_2024_uppercase_url_headers_split_parts_and_a_missing_comments_file(tmp_path: Path) -> None:
    con = ingest(tmp_path, FIXTURES / "Complete_LinkedInDataExport_03-15-2024")
    got = dict(con.execute("SELECT kind, count(*) FROM engagement GROUP BY kind").fetchall())
    assert got == {"post": 1, "reaction": 3, "vote": 2}  # Reactions.csv + Reactions_1.csv; no Comments.csv
    assert con.execute("SELECT share_link, shared_url, share_commentary FROM shares").fetchall() == [
        (
            "https://www.linkedin.com/feed/update/urn:li:share:9",
            "https://example.com/shared",
            "Multi\nline post",
        )
    ]


def _truth(folder: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(next(folder.glob("*.truth.json")).read_text())
    return doc


def _check_against_truth(con: duckdb.DuckDBPyConnection, truth: dict[str, Any]) -> None:
    e = truth["engagement"]
    got = dict(con.execute("SELECT kind, count(*) FROM engagement GROUP BY kind").fetchall())
    assert got == {k: n for k, n in e["counts"].items() if n}
    monthly = {
        m.isoformat(): {"post": p, "comment": c, "reaction": r, "vote": v}
        for m, p, c, r, v in con.execute(
            "SELECT month, posts, comments, reactions, votes FROM engagement_months "
            "WHERE posts + comments + reactions + votes > 0"
        ).fetchall()
    }
    assert monthly == e["monthly"]
    assert metric(con, "public_activity_month_share") == pytest.approx(
        e["active_months"] / e["observed_months"]
    )
    assert metric(con, "comments_in_top_invite_months") == e["comments_in_ask_months"] == 0
    ranked = con.execute("SELECT month FROM engagement_months WHERE ask_rank <= 3 ORDER BY month").fetchall()
    assert [m.isoformat() for (m,) in ranked] == e["ask_months"]
    assert metric(con, "give_ask_ratio") == pytest.approx(e["give"] / e["ask"])
    assert con.execute("SELECT sum(cold_starts) FROM engagement_months").fetchone() == (e["cold_starts"],)


@pytest.mark.parametrize("era", [2018, 2022, 2024])
def test_generated_eras_equal_their_truth(era: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Two exports of an era (the history merged): every action once, per month, and the measures. The tiny
    history of the era, ingested once per session (test_contracts checks its contracts)."""
    db, exports = era_history(tmp_path_factory, era)
    con = duckdb.connect(str(db), read_only=True)
    truth = _truth(exports[0].parent)
    if era == 2018:
        assert (
            set(truth["engagement"]["counts"].values()) - {0}
            and truth["engagement"]["counts"]["comment"] == 0
        )
    if era == 2024:
        assert truth["engagement"]["counts"]["vote"] == 0 and not list(exports[-1].glob("Votes*"))
        assert len(list(exports[-1].glob("Reactions_*.csv"))) == 2
    _check_against_truth(con, truth)


def test_sample_equals_its_truth(sample_con: duckdb.DuckDBPyConnection, sample_truth: dict[str, Any]) -> None:
    """The bundled 2026 sample (member-id suffixes, two exports): the same checks."""
    assert sample_truth["engagement"]["counts"]["vote"] > 0
    _check_against_truth(sample_con, sample_truth)


def test_report_section_and_redaction(
    sample_db: Path, sample_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """The activity section shows the counts and the finding; the redacted report keeps the counts and no
    comment or post text and no link of the member's activity."""
    texts = [
        t
        for (t,) in sample_con.execute(
            "SELECT DISTINCT text FROM engagement WHERE text IS NOT NULL"
        ).fetchall()
    ]
    links = [t for (t,) in sample_con.execute("SELECT DISTINCT link FROM engagement").fetchall()]
    counts = dict(sample_con.execute("SELECT kind, count(*) FROM engagement GROUP BY kind").fetchall())
    assert texts and links
    out = tmp_path / "redacted.html"
    # one kernel: the same page (kernels are not the subject; test_reader_leaves and test_first_hour run two)
    cli("report", "--db", str(sample_db), "--out", str(out), "--redact", "--jobs", "1")
    page = out.read_text()
    assert 'la-left-out"' not in page, "the whole report (no --sections) names nothing left out"
    section = page[page.rindex("Your own activity: posts") :]
    for kind, label in (("post", "posts"), ("comment", "comments"), ("reaction", "reactions")):
        assert label in section and f"{counts[kind]:,}" in section
    assert "you commented on nothing" in section
    for text in texts:
        for line in text.splitlines():
            if len(line) > 12:
                assert line not in page, line
    for link in links:
        assert link.rsplit(":", 1)[-1] not in page, link


# How much a member does grows with their network (synth/engagement.py): per kind, the reference member's
# (`small`, 500 connections) monthly count x (connections / 500) ** exponent, with exponents 0.5 for
# reactions and 0.35 for comments. Worked by hand: typical (3,700) 7.4 ** 0.5 = 2.72 and 7.4 ** 0.35 = 2.01;
# receiver (120) 0.24 ** 0.5 = 0.49 and 0.24 ** 0.35 = 0.61.
ACTIVITY_RATIOS = {
    "typical": {"reaction": 2.72, "comment": 2.01},
    "receiver": {"reaction": 0.49, "comment": 0.61},
}


@pytest.mark.parametrize("scale", sorted(ACTIVITY_RATIOS))
def test_activity_grows_with_the_network(scale: str, tmp_path: Path) -> None:
    """A `typical` member (3,700 connections) reacts and comments more than the sample's `small` one, a
    `receiver` (120) less, in the documented proportion; the ingest counts every planted action."""
    counts = {}
    for name in ("small", scale):
        out = tmp_path / name
        cli("synth", "--out", str(out), "--scale", name, "--seed", "3")
        counts[name] = _truth(out)["engagement"]["counts"]
    for kind, ratio in ACTIVITY_RATIOS[scale].items():
        assert counts[scale][kind] / counts["small"][kind] == pytest.approx(ratio, rel=0.15), kind
    export = next(p for p in (tmp_path / scale).iterdir() if p.is_dir())
    con = ingest(tmp_path, export)
    got = dict(con.execute("SELECT kind, count(*) FROM engagement GROUP BY kind").fetchall())
    assert got == {k: n for k, n in counts[scale].items() if n}
    monthly = con.execute(
        "SELECT count(*) FROM engagement_months WHERE posts + comments + reactions + votes > 0"
    ).fetchone()
    assert monthly == (_truth(tmp_path / scale)["engagement"]["active_months"],)
