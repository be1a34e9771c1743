"""The report a person reads, on a two-export synthetic history ingested one export at a time: it opens with
whose export, findings and actions in plain words; every action list is complete, sortable, filterable and
downloadable (formula-safe); names link to profiles unless redacted; the redacted report identifies nobody;
the page fits 1280 px and 390 px. Browser checks run in headless Chromium (see test_report_browser.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from report_fixtures import NOTEBOOKS, shared_build, two_export_history
from test_report_browser import chromium, needs_chromium, open_report

from linkedin_audit import metric_catalog as mc
from linkedin_audit.db import scalar
from linkedin_audit.report import action_lists as al
from linkedin_audit.report import render as report


def _build(folder: Path, db: Path, redact: bool) -> Path:
    out = folder / ("redacted.html" if redact else "report.html")
    result = report.build_report(db, out, NOTEBOOKS, redact=redact, jobs=1)
    assert [s.error for s in result.sections] == [None] * len(NOTEBOOKS)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(report, redacted report, database): the tiny two-export history, ingested one export at a time."""
    db, _truth = two_export_history(tmp_path_factory)

    def both(folder: Path) -> Path:
        _build(folder, db, False)
        _build(folder, db, True)
        return folder / "report.html"

    page = shared_build(tmp_path_factory, "two-export-report", both)
    return page, page.parent / "redacted.html", db


def test_opening_screen_names_the_owner_and_leads_with_findings(built: tuple[Path, Path, Path]) -> None:
    page, redacted, db = built
    con = duckdb.connect(str(db), read_only=True)
    owner = scalar(con, "SELECT name FROM me")
    text = page.read_text()
    assert f"{owner}&#x27;s LinkedIn export" in text or f"{owner}'s LinkedIn export" in text
    assert owner not in redacted.read_text()
    findings = re.search(r'<ol class="la-findings">(.*?)</ol>', text, flags=re.S)
    assert findings
    items = re.findall(r"<li>(.*?)</li>", findings.group(1), flags=re.S)
    assert 5 <= len(items) <= 7
    statuses = [re.search(r"la-status-([a-z_]+)", i).group(1) for i in items]  # type: ignore[union-attr]
    assert statuses == sorted(statuses, key=lambda s: mc.STATUS_RANK[s]), "worst first"
    assert all("previous export" in i for i in items), "two exports: each finding shows its change"
    assert "What to do next" in text and text.count('">Go to the list</a>') in (3, 4)
    assert "first 25 of" not in text and "Nothing is at high or watch" not in text
    assert "Since your last export" in text and "People who changed jobs" in text


def test_every_list_is_complete_and_every_name_links(built: tuple[Path, Path, Path]) -> None:
    page, _redacted, db = built
    con = duckdb.connect(str(db), read_only=True)
    text = page.read_text()
    for anchor, frame in al.all_lists(con).items():
        assert frame is not None and frame.height > 0, anchor
        block = re.search(rf'<div class="la-list"[^>]* id="{anchor}".*?</table>', text, flags=re.S)
        assert block, anchor
        assert block.group(0).count("<tr>") == frame.height + 1, anchor  # header + every row
        assert f'data-total="{frame.height}"' in block.group(0)
        if "profile_url" in frame.columns:
            links = re.findall(r'<a href="(https://www\.linkedin\.com/in/[^"]+)"', block.group(0))
            assert len(links) == frame["profile_url"].drop_nulls().len(), anchor


@pytest.mark.browser
@needs_chromium
def test_lists_sort_filter_and_download_formula_safe_csv(built: tuple[Path, Path, Path]) -> None:
    page, _redacted, _db = built
    with chromium() as tools:
        open_report(tools, page, timeout=120)
        days = tools.evaluate("""(() => {
            const box = document.getElementById('list-pending');
            const th = [...box.querySelectorAll('th')].find(t => t.dataset.col === 'days_waiting');
            th.querySelector('button').click(); th.querySelector('button').click();  // descending
            const col = [...th.parentNode.children].indexOf(th);
            return [...box.querySelectorAll('tbody tr')].map(r => Number(r.cells[col].dataset.v));
        })()""")
        assert len(days) > 3 and days == sorted(days, reverse=True)
        first = tools.evaluate("document.querySelector('#list-pending tbody tr td').textContent")
        shown = tools.evaluate(f"""(() => {{
            const box = document.getElementById('list-pending');
            const input = box.querySelector('input.la-filter');
            input.value = {json.dumps(first)}; input.dispatchEvent(new Event('input'));
            return [box.querySelectorAll('tbody tr:not([hidden])').length,
                    box.querySelector('.la-count').textContent,
                    window.laCsv(box.querySelector('table')).trim().split('\\r\\n').length];
        }})()""")
        assert shown[0] >= 1 and shown[1].startswith(f"{shown[0]} of ") and shown[2] == shown[0] + 1
        csv = tools.evaluate("""(() => {
            const t = document.createElement('table');
            t.innerHTML = '<thead><tr><th>a</th><th>b</th></tr></thead><tbody>' +
              '<tr><td>=HYPERLINK("x")</td><td>@SUM(1)</td></tr>' +
              '<tr><td>+1</td><td>say "hi", -2</td></tr></tbody>';
            return window.laCsv(t);
        })()""")
        assert csv == ('"a","b"\r\n"\'=HYPERLINK(""x"")","\'@SUM(1)"\r\n"\'+1","say ""hi"", -2"\r\n')
        assert tools.console_errors() == []


def test_redacted_report_identifies_nobody(built: tuple[Path, Path, Path]) -> None:
    _page, redacted, db = built
    con = duckdb.connect(str(db), read_only=True)
    text = redacted.read_text()
    names = [r[0] for r in con.execute("SELECT name FROM people WHERE name LIKE '% %'").fetchall()]
    leaked = [n for n in names if n in text or n.lower() in text.lower()]
    assert not leaked, leaked[:5]
    assert "linkedin.com/in/" not in text
    rare = [
        r[0]
        for r in con.execute(
            "SELECT company FROM connections WHERE company IS NOT NULL GROUP BY company HAVING count(*) < 3"
        ).fetchall()
    ]
    assert rare and not [c for c in rare if c in text], "a company few people share identifies them"
    lists = re.findall(r'<div class="la-list".*?</table>', text, flags=re.S)
    assert lists and not any(re.search(r"\d{4}-\d{2}-\d{2}", b) for b in lists), "dates cut to the month"
    assert "Left out of a redacted report: your job history" in text
    owner_titles = (
        [r[0] for r in con.execute("SELECT title FROM positions").fetchall()]
        if scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'positions'")
        else []
    )
    for title in owner_titles:
        assert f"<td>{title}</td>" not in text


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("width", [1280, 390])
def test_page_fits_the_width_and_shows_labels_not_ids(built: tuple[Path, Path, Path], width: int) -> None:
    page, _redacted, _db = built
    with chromium() as tools:
        tools.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=900,
            deviceScaleFactor=1,
            mobile=width < 500,
        )
        seen = open_report(tools, page, timeout=120)
        assert seen["rendered"] == seen["charts"] > 0
        assert tools.evaluate("document.documentElement.scrollWidth") <= width
        # wide tables scroll inside their card instead of widening the page
        assert tools.evaluate(
            "[...document.querySelectorAll('section.la-section')]"
            ".every(s => s.scrollWidth <= s.clientWidth + 1)"
        )
        visible = tools.evaluate("""(() => {
            const c = document.querySelector('main').cloneNode(true);
            c.querySelectorAll('code, details, script').forEach(e => e.remove());
            return c.innerText; })()""")
        ids = [m for m in mc.BY_ID if re.search(rf"\b{m}\b", visible)]
        assert not ids, f"metric ids in visible text (use labels): {ids}"


def test_lists_never_write_through_a_link_planted_beside_them(
    built: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """`lists` writes each file as every file the user keeps is written (safe_write): its temporary file has
    an unpredictable name, so a link planted where the old writer put `.NAME.tmp-PID` is never followed."""
    import os

    from linkedin_audit.report.list_files import write_lists
    from linkedin_audit.report.notebook_helpers import connect

    _page, _redacted, db = built
    out = tmp_path / "lists"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    for _anchor, _title, filename in al.LISTS:
        (out / f".{filename}.tmp-{os.getpid()}").symlink_to(victim)
    con = connect(db)
    try:
        done = write_lists(con, out, "csv")
    finally:
        con.close()
    assert victim.read_text() == "keep me"
    written = [path for _title, path, _rows in done if path is not None]
    assert written and all(
        p.is_file() and not p.is_symlink() and p.stat().st_mode & 0o777 == 0o600 for p in written
    )
