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
    result = report.build_report(db, out, NOTEBOOKS, jobs=2)
    (folder / "errors.json").write_text(json.dumps([s.error for s in result.sections]))
    return out


def _build_hostile(folder: Path) -> Path:
    db = demo_db(folder / "hostile.duckdb", payloads=PAYLOADS)
    out = folder / "report.html"
    result = report.build_report(db, out, NOTEBOOKS, jobs=2)
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
