"""The report in a real browser: headless Chromium (Debian's `chromium`) driven over the DevTools protocol.

Proves what a file check cannot: every chart actually draws marks offline, nothing logs a console error,
and text from the data that looks like markup or script stays text (no payload runs)."""

from __future__ import annotations

import contextlib
import html
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import NOTEBOOKS, demo_db, external_refs, shared_build

from linkedin_audit.report import render as report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAYLOADS = [
    '<script>document.title="pwned";console.error("pwned")</script>',
    "<img src=x onerror=\"document.title='pwned'\">",
    "<a href=\"javascript:document.title='pwned'\">click</a>",
    '"><svg onload=document.title="pwned">',
    "</script><script>document.title='pwned'</script>",
]


class DevTools:
    """The smallest DevTools-protocol client the test needs (websocket-client ships with Jupyter)."""

    def __init__(self, ws_url: str) -> None:
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        msg_id = next(self.ids)
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result["result"].get("value")

    def drain(self, seconds: float) -> None:
        """Collect events (console messages, exceptions) for a while."""
        self.ws.settimeout(0.2)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                self.events.append(json.loads(self.ws.recv()))
            except Exception:  # a timeout: nothing arrived in this slice
                continue
        self.ws.settimeout(30)

    def console_errors(self) -> list[str]:
        out = []
        for ev in self.events:
            method, params = ev.get("method"), ev.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.append(json.dumps(params.get("args"))[:300])
            elif method == "Runtime.exceptionThrown":
                out.append(json.dumps(params.get("exceptionDetails"))[:300])
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                out.append(params["entry"].get("text", "")[:300])
        return out


@contextlib.contextmanager
def chromium() -> Iterator[DevTools]:
    """A fresh headless Chromium with its own profile, and a DevTools client on its first tab."""
    assert CHROMIUM is not None
    # Chromium's helper processes may still be writing the profile as it exits: a leftover file is no failure.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        proc = subprocess.Popen(
            [
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                "--window-size=1200,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            port_file = Path(profile) / "DevToolsActivePort"
            deadline = time.monotonic() + 30
            while not (port_file.exists() and port_file.read_text().strip()):
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("chromium did not start its DevTools endpoint")
                time.sleep(0.1)
            port = port_file.read_text().split()[0]
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
                pages = [t for t in json.load(resp) if t["type"] == "page"]
            tools = DevTools(pages[0]["webSocketDebuggerUrl"])
            tools.call("Runtime.enable")
            tools.call("Log.enable")
            tools.call("Page.enable")
            yield tools
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def open_report(tools: DevTools, path: Path, timeout: float = 60) -> dict[str, Any]:
    """Load the report, wait until every chart settled, and describe what the page drew."""
    tools.call("Page.navigate", url=path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = tools.evaluate("document.body && document.body.getAttribute('data-charts-done')")
        if done is not None:
            break
        tools.drain(0.3)
    tools.drain(1.0)
    return tools.evaluate("""(() => {
        const charts = [...document.querySelectorAll('div.la-chart')];
        return {
          title: document.title,
          done: document.body.getAttribute('data-charts-done'),
          charts: charts.length,
          rendered: charts.filter(d => d.getAttribute('data-rendered') === '1').length,
          withMarks: charts.filter(d => d.querySelectorAll(
              'svg g[class*="mark-"] path, svg g[class*="mark-"] rect, svg g[class*="mark-"] line,' +
              'svg g[class*="mark-"] text, svg g[class*="mark-"] circle, canvas').length > 0).length,
          externalScripts: [...document.scripts].filter(s => s.src).length,
          injected: document.querySelectorAll(
              'section img, section svg[onload], section a[href^="javascript"]').length,
        };
    })()""")


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium is not installed (run `bash scripts/ensure-chromium.sh` as root, "
    "or apt-get install chromium)",
)


def _build_tiny(folder: Path) -> Path:
    from linkedin_audit.build import run_ingest
    from linkedin_audit.synth import generate

    exports = [p for p in generate(folder / "export", scale="tiny", seed=5, zip=True) if p.suffix == ".zip"]
    db = folder / "tiny.duckdb"
    run_ingest(exports, db, progress=False)
    out = folder / "report.html"
    result = report.build_report(db, out, NOTEBOOKS, jobs=1)
    (folder / "errors.json").write_text(json.dumps([s.error for s in result.sections]))
    return out


def _build_hostile(folder: Path) -> Path:
    db = demo_db(folder / "hostile.duckdb", payloads=PAYLOADS)
    out = folder / "report.html"
    result = report.build_report(db, out, NOTEBOOKS, jobs=1)
    (folder / "errors.json").write_text(json.dumps([s.error for s in result.sections]))
    return out


@pytest.fixture(scope="session")
def tiny_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real notebooks on a tiny synthetic export, ingested the way a user would (built once)."""
    return shared_build(tmp_path_factory, "tiny-report", _build_tiny)


@pytest.fixture(scope="session")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real notebooks on a history whose every name, company, note and message is a markup payload."""
    out = shared_build(tmp_path_factory, "hostile-report", _build_hostile)
    assert json.loads((out.parent / "errors.json").read_text()) == [None] * len(NOTEBOOKS)
    return out


def test_every_notebook_runs_on_a_tiny_export(tiny_report: Path) -> None:
    assert json.loads((tiny_report.parent / "errors.json").read_text()) == [None] * len(NOTEBOOKS)
    page = tiny_report.read_text()
    assert external_refs(page) == []
    assert page.count('class="la-chart"') >= 10
    assert "Traceback" not in page
    assert re.search(r"Covers 1 export dated \d{4}-\d{2}-\d{2}", page)


def test_payloads_are_escaped_in_the_file(hostile_report: Path) -> None:
    page = hostile_report.read_text()
    for payload in PAYLOADS:
        assert payload not in page, f"raw payload in the HTML: {payload}"
    # nbconvert re-serialises HTML outputs: quotes inside text come back unescaped, which is safe there.
    shown = [p for p in PAYLOADS if html.escape(p, quote=False) in page or html.escape(p) in page]
    assert len(shown) >= 2, "the payloads are shown, escaped"


@pytest.mark.browser
@needs_chromium
def test_every_chart_draws_in_chromium(tiny_report: Path) -> None:
    with chromium() as tools:
        seen = open_report(tools, tiny_report, timeout=120)
        assert seen["charts"] >= 10
        assert seen["rendered"] == seen["charts"], seen
        assert seen["withMarks"] == seen["charts"], seen
        assert seen["externalScripts"] == 0
        assert tools.console_errors() == []


@pytest.mark.browser
@needs_chromium
def test_no_payload_runs_in_chromium(hostile_report: Path) -> None:
    with chromium() as tools:
        seen = open_report(tools, hostile_report, timeout=120)
        assert seen["title"] == "LinkedIn networking audit", "a payload changed document.title"
        assert seen["injected"] == 0, "a payload became an element"
        assert seen["rendered"] == seen["charts"] > 0, seen
        text = tools.evaluate("document.body.innerText")
        assert sum(p in text for p in PAYLOADS) >= 2, "the payloads should be visible as text"
        assert tools.console_errors() == []


SCREENSHOTS_ENV = "LINKEDIN_AUDIT_SCREENSHOTS"
"""A folder to keep the screenshots in, to look at them (default: the test's temporary folder)."""


def _screenshot(tools: DevTools, path: Path) -> None:
    import base64

    data = tools.call("Page.captureScreenshot", format="png")["data"]
    path.write_bytes(base64.b64decode(data))


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("width", [390, 1280])
def test_the_opening_screen_reads_on_a_phone_and_a_desktop(
    tiny_report: Path, tmp_path: Path, width: int
) -> None:
    """At 390 px: charts take the column's width with their text at full size (not scaled down), tables are
    cards with each value labelled, long tables folded away, nothing wider than the screen. At 1280 px the
    tables stay tables. Screenshots of the opening screen and of a chart are kept for a person to look at."""
    import os

    shots = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with chromium() as tools:
        tools.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=844,
            deviceScaleFactor=1,
            mobile=width < 500,
        )
        seen = open_report(tools, tiny_report, timeout=120)
        assert seen["rendered"] == seen["charts"] > 0, seen
        assert tools.evaluate("document.documentElement.scrollWidth") <= width
        _screenshot(tools, shots / f"opening-{width}.png")
        charts = tools.evaluate("""[...document.querySelectorAll('div.la-chart svg')].map(s => ({
            shown: s.getBoundingClientRect().width, drawn: s.width.baseVal.value,
            column: s.closest('section').getBoundingClientRect().width }))""")
        for c in charts:
            assert c["shown"] <= c["column"], c
            assert c["shown"] >= 0.98 * c["drawn"], f"a chart is scaled down, its text shrunk: {c}"
        tools.evaluate("document.querySelectorAll('div.la-chart')[1].scrollIntoView()")
        _screenshot(tools, shots / f"chart-{width}.png")
        tables = tools.evaluate("""(() => {
            const cell = document.querySelector('#nb-00_overview table.la-table tbody td');
            const long = [...document.querySelectorAll('table.la-table')]
                .filter(t => t.tBodies[0].rows.length > 10);
            return { display: getComputedStyle(cell).display, label: cell.getAttribute('data-label'),
                     head: cell.closest('table').tHead.rows[0].cells[0].textContent.trim(),
                     long: long.length,
                     folded: long.filter(t => t.closest('details.la-fold:not([open])')).length,
                     height: document.documentElement.scrollHeight };
        })()""")
        assert tables["label"] == tables["head"], "each value carries its column's name"
        if width < 500:
            assert tables["display"] in ("grid", "block"), "a card, not a table row"
            assert tables["long"] > 0 and tables["folded"] == tables["long"], tables
        else:
            assert tables["display"] == "table-cell" and tables["folded"] == 0, tables
        assert tools.console_errors() == []


@pytest.mark.browser
@needs_chromium
def test_the_report_prints_without_cut_charts_or_screen_controls(tiny_report: Path, tmp_path: Path) -> None:
    """The print stylesheet: the lists' filter and download, the folds' switches and the links back are
    hidden, every chart fits the paper's width (A4 at 96 dpi, 2 cm margins), every fold is open."""
    import base64

    with chromium() as tools:
        tools.call(
            "Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=1, mobile=True
        )
        open_report(tools, tiny_report, timeout=120)  # folded on a phone first: printing must open them
        paper = round((210 - 40) / 25.4 * 96)
        tools.call(
            "Emulation.setDeviceMetricsOverride", width=paper, height=1000, deviceScaleFactor=1, mobile=False
        )
        tools.call("Emulation.setEmulatedMedia", media="print")
        tools.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        seen = tools.evaluate("""(() => {
            const visible = sel => [...document.querySelectorAll(sel)]
                .filter(e => e.getClientRects().length > 0).length;
            return { tools: visible('.la-tools, a.la-csv, .la-toplink, details.la-fold > summary'),
                     closed: document.querySelectorAll('details:not([open])').length,
                     charts: [...document.querySelectorAll('div.la-chart svg')]
                         .map(s => s.getBoundingClientRect().right),
                     width: document.documentElement.clientWidth };
        })()""")
        assert seen["tools"] == 0 and seen["closed"] == 0, seen
        assert seen["charts"] and max(seen["charts"]) <= seen["width"] + 1, seen
        pdf = tools.call("Page.printToPDF", paperWidth=8.27, paperHeight=11.69, printBackground=False)
        (tmp_path / "report.pdf").write_bytes(base64.b64decode(pdf["data"]))
        assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
