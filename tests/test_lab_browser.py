"""`linkedin-audit lab` in a real browser: JupyterLab served on loopback (a free port, a token), a notebook
opened in headless Chromium (Playwright from PyPI driving the system's Chromium; it downloads nothing), run
all: every cell runs, no error or stderr output, and the charts are drawn by Lab's own Vega-Lite renderer."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, PLAYWRIGHT_MARKS, pw
from lab_support import start_lab
from report_fixtures import demo_db

BIN = Path(sys.executable).parent

# slow: its subject is a real JupyterLab server, driven in a browser
pytestmark = [*PLAYWRIGHT_MARKS, pytest.mark.slow]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The real `linkedin-audit lab` command, isolated from the user's Jupyter and state folders."""
    tmp = tmp_path_factory.mktemp("lab")
    db = demo_db(tmp / "demo.duckdb")
    proc, port, token = start_lab(tmp, db)
    base = f"http://127.0.0.1:{port}"
    try:
        # `reset`: a fresh workspace, without the tabs an earlier test opened
        yield f"{base}/lab/tree/01_invitations.ipynb?reset&token={token}", tmp / "lab.log"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # the Lab server this fixture started, and its kernels
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def run_all(page: Any) -> None:
    """Run every cell of the open notebook in the project's kernel, and wait until each has run."""
    # The kernel is connected when the status bar names it as idle; Run All before that runs nothing.
    page.wait_for_selector(
        ".jp-StatusBar-TextItem:text-matches('Python .linkedin-audit. . Idle')", timeout=120_000
    )
    page.click(".lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    # Every code cell ends with an execution count; a cell still running shows [*]. Lab draws only the cells
    # near the view (a cell scrolled away may show no prompt): the last cell ran, and none is running.
    page.wait_for_function(
        """() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
                   return p.length > 0 && /\\[\\d+\\]/.test(p[p.length - 1].textContent)
                          && !p.some(e => e.textContent.includes('*')); }""",
        timeout=180_000,
    )


def test_lab_runs_a_notebook_and_draws_its_charts(lab: tuple[str, Path]) -> None:
    url, log = lab
    assert "database: " in log.read_text(), "lab says which database the notebooks read"
    with pw.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=120_000)
            # The kernel is connected when the status bar names it as idle; Run All before that runs nothing.
            run_all(page)
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
            assert errors.count() == 0, errors.all_inner_texts()
            page.wait_for_selector(".vega-embed svg, .vega-embed canvas", timeout=60_000)
            charts = page.locator(".vega-embed")
            assert charts.count() >= 1
            drawn = page.evaluate("""() => [...document.querySelectorAll('.vega-embed')].map(e =>
                e.querySelectorAll('svg path, svg rect, svg line, canvas').length)""")
            assert all(n > 0 for n in drawn), f"a chart drew no marks: {drawn}"
            tracebacks = page.locator(".jp-OutputArea-output .ansi-red-fg, .jp-mod-error")
            assert tracebacks.count() == 0, tracebacks.all_inner_texts()
        finally:
            browser.close()


def test_the_action_lists_filter_and_sort_in_lab(lab: tuple[str, Path]) -> None:
    """06_actions in Lab: typing in a list's filter hides the rows without the text, a header click sorts."""
    url, _log = lab
    with pw.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(url.replace("01_invitations.ipynb", "06_actions.ipynb"))
            page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=120_000)
            run_all(page)
            page.wait_for_selector("div.la-list[data-wired] input.la-filter", timeout=60_000)
            lists = page.locator("div.la-list")
            assert lists.count() >= 3 and page.locator("div.la-list[data-wired]").count() == lists.count()
            box = page.locator("#list-pending")
            rows = box.locator("tbody tr")
            total = rows.count()
            assert total > 3
            names = box.locator("tbody tr td:first-child").all_inner_texts()
            wanted = names[total // 2]
            box.locator("input.la-filter").fill(wanted)
            shown = [n for n, hidden in zip(names, _hidden(box), strict=True) if not hidden]
            assert shown and all(wanted in n for n in shown) and len(shown) < total
            assert box.locator(".la-count").inner_text() == f"{len(shown)} of {total} rows"
            box.locator("input.la-filter").fill("")
            header = box.locator("thead th").nth(1)  # sent, a date
            header.locator("button").click()
            header.locator("button").click()
            assert header.get_attribute("aria-sort") == "descending"
            column = box.locator("tbody tr td:nth-child(2)").all_inner_texts()
            assert column == sorted(column, reverse=True) and column != sorted(column)
            style = header.locator("button").evaluate("b => getComputedStyle(b).backgroundColor")
            assert style in ("rgba(0, 0, 0, 0)", "transparent"), f"headers are not grey buttons: {style}"
        finally:
            browser.close()


def _hidden(box: Any) -> list[bool]:
    return list(box.locator("tbody tr").evaluate_all("rows => rows.map(r => r.hidden)"))
