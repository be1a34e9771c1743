"""`linkedin-audit report --sections`: only the sections named run, in the report's order, and the page and
the terminal name the ones left out. Through the real command in a subprocess, on the session's sample
database; the page in a real browser. The titles below are written by hand from the notebooks' headings."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_report_browser import chromium, needs_chromium, open_report

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
LEFT_OUT_TITLES = [
    "Invitations: notes, templates and acceptance",
    "Sending: volume, bursts and regularity",
    "Replies: do people answer you, and do you answer them?",
    "Ties: who you actually talk to",
    "Network: growth, companies and positions",
    "Where you know people",
    "Your own activity: posts, comments, reactions and votes",
]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_STATE_HOME": str(cwd / "state"), "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("LINKEDIN_AUDIT_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "linkedin_audit", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def report(db: Path, tmp: Path, sections: str) -> tuple[Path, str]:
    """`report --sections SECTIONS` of `db` with one kernel, through the real command: (the page, the
    terminal output)."""
    out = tmp / "quick.html"
    done = cli("report", "--db", str(db), "--out", str(out), "--sections", sections, "--jobs", "1", cwd=tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    return out, done.stdout + done.stderr


def sections_html(page: str) -> str:
    """The page's sections, from the first to the last (the header, contents and scripts left out)."""
    return page[page.index('<section class="la-section"') : page.rindex("</section>")]


@pytest.fixture(scope="module")
def two_sections(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample's report of two sections, named out of order: (the page, the terminal output)."""
    return report(sample_db, tmp_path_factory.mktemp("sections"), "actions,overview")


def test_only_the_sections_named_run_in_the_reports_order(two_sections: tuple[Path, str]) -> None:
    out, terminal = two_sections
    page = out.read_text(encoding="utf-8")
    assert re.findall(r'<section class="la-section" id="([^"]+)"', page) == [
        "nb-00_overview",
        "nb-06_actions",
    ]
    index = re.search(r'<nav class="la-index">(.*?)</nav>', page, flags=re.S)
    assert index and re.findall(r'<a href="#([^"]+)"', index.group(1)) == ["nb-00_overview", "nb-06_actions"]
    assert "00_overview.ipynb: ok" in terminal and "06_actions.ipynb: ok" in terminal
    assert "01_invitations.ipynb" not in terminal and "08_activity.ipynb" not in terminal
    assert "2 notebooks" in terminal
    # the opening screen and the lists are there as in the whole report
    assert '<ol class="la-findings">' in page and 'id="list-unanswered"' in page


def test_the_page_and_the_terminal_name_what_was_left_out(two_sections: tuple[Path, str]) -> None:
    out, terminal = two_sections
    page = out.read_text(encoding="utf-8")
    note = re.search(r'<div class="la-note la-note-warning la-left-out"><p>(.*?)</p></div>', page, flags=re.S)
    assert note, "the page says it is not the whole report"
    said = html.unescape(re.sub(r"<[^>]+>", "", note.group(1)))
    assert said.startswith("Only some sections are in this report (--sections); left out: ")
    assert "; ".join(LEFT_OUT_TITLES) in said
    assert "Your LinkedIn networking, in short" not in said and "Your lists" not in said
    assert "without --sections for the whole report" in said
    assert (
        "left out (--sections): invitations, sending, replies, ties, network, network_reach, activity"
        in terminal
    )


IN_PAGE_LINK = re.compile(r'<a href="#([^"]+)"')


def test_advice_links_to_its_lists_when_they_are_in_the_report(two_sections: tuple[Path, str]) -> None:
    sections = sections_html(two_sections[0].read_text(encoding="utf-8"))
    targets = IN_PAGE_LINK.findall(sections)
    assert "Go to the list" in sections and targets, "the sample's advice links to its lists"
    assert all(f'id="{t}"' in sections for t in targets), targets
    assert "la-left-out-link" not in sections


def test_without_the_lists_the_advice_says_where_they_are_instead_of_a_dead_link(
    sample_db: Path, tmp_path: Path
) -> None:
    out, _ = report(sample_db, tmp_path, "overview")
    page = out.read_text(encoding="utf-8")
    sections = sections_html(page)
    advice = re.search(r'<ul class="la-actions">(.*?)</ul>', sections, flags=re.S)
    assert advice, "the opening screen keeps what to do next"
    items = re.findall(r"<li>(.*?)</li>", advice.group(1), flags=re.S)
    assert items and all("(its list is in a section left out)" in item for item in items), items
    assert "Go to the list" not in sections
    assert all(f'id="{t}"' in page for t in IN_PAGE_LINK.findall(sections)), "no link leads nowhere"


def test_links_that_lead_keeps_a_link_to_what_the_page_holds() -> None:
    from linkedin_audit.report.page import links_that_lead

    bodies = [
        '<p>Do X <a href="#list-a">Go to the list</a> and Y <a href="#list-b">Go to the list</a></p>',
        '<div id="list-a">a</div>',
    ]
    kept, other = links_that_lead(bodies)
    assert '<a href="#list-a">Go to the list</a>' in kept and 'href="#list-b"' not in kept
    assert kept.endswith('Y <span class="la-left-out-link">(its list is in a section left out)</span></p>')
    assert other == bodies[1]


def test_an_unknown_section_is_one_error_naming_the_choices(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    for wanted, said in (("overview,bogus", "unknown section 'bogus'"), (",", "no section named")):
        done = cli("report", "--db", str(sample_db), "--out", str(out), "--sections", wanted, cwd=tmp_path)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, done.stderr
        assert said in errors[0]
        choices = "overview, invitations, sending, replies, ties, network, actions, network_reach, activity"
        assert f"choose from {choices}" in errors[0]
        assert not out.exists()


def test_help_lists_every_section(command_helps: dict[str, dict[str, Any]]) -> None:
    """`report --help` (the real command, run once per session: conftest's `command_helps`)."""
    done = command_helps["report"]
    assert done["code"] == 0
    text = " ".join(done["stdout"].replace("│", " ").split())
    assert re.search(r"--sections NAMES ", text)
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        assert re.sub(r"^\d+_", "", path.stem) in text, path.name


@pytest.mark.browser
@needs_chromium
def test_the_left_out_note_shows_and_the_charts_draw_in_chromium(two_sections: tuple[Path, str]) -> None:
    out, _ = two_sections
    with chromium() as tools:
        seen = open_report(tools, out, timeout=120)
        assert seen["rendered"] == seen["charts"] > 0, seen
        assert seen["withMarks"] == seen["charts"], seen
        text = tools.evaluate("document.body.innerText")
        assert "Only some sections are in this report" in text and LEFT_OUT_TITLES[-1] in text
        box = tools.evaluate("JSON.stringify(document.querySelector('.la-left-out').getBoundingClientRect())")
        assert '"height":0' not in box, "the note is shown"
        # on a phone the note wraps, its commands do not (`--sections` split after `--` reads as two words)
        tools.call(
            "Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=1, mobile=True
        )
        tools.drain(0.5)
        pieces = tools.evaluate(
            "[...document.querySelectorAll('.la-left-out code')].map(c => c.getClientRects().length)"
        )
        assert pieces and all(n == 1 for n in pieces), pieces
        assert tools.evaluate("document.documentElement.scrollWidth") <= 390
        assert tools.console_errors() == []
