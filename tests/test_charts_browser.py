"""The activity chart (notebooks/08_activity: posts, comments, reactions and votes by month; give vs ask) and
the network-reach charts (notebooks/07_network_reach: employers, seniority, function, year connected) in a
real browser, on the bundled sample's report: Playwright driving the system's Chromium (it downloads
nothing). Each chart must draw (vega-embed's SVG with marks), log no console error, and speak in plain
words: axis titles and legend entries a member can read, no column names or identifiers
(`connected_year`, `general_management`), nothing cut short with an ellipsis. Screenshots of each chart at
1280 px (a desktop) and 390 px (a phone) are kept in $LINKEDIN_AUDIT_SCREENSHOTS (default: the test's
temporary folder) for a person to look at."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, PLAYWRIGHT_MARKS, pw
from report_fixtures import NOTEBOOKS, shared_build

from linkedin_audit.report import render as report

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
SCREENSHOTS_ENV = "LINKEDIN_AUDIT_SCREENSHOTS"
WIDTHS = (1280, 390)

pytestmark = PLAYWRIGHT_MARKS

# Each chart by its title: the axis titles and the legend entries it must show, in words.
CHARTS: dict[str, dict[str, Any]] = {
    "Your public activity per month": {
        "axes": {"actions"},  # the months need no title: "Apr 2025"
        "legend": {"posts", "comments", "reactions", "poll votes"},
    },
    "Give vs ask per month": {
        "axes": {"actions per month"},
        "legend": {"give: posts and comments", "ask: invitations and cold first messages"},
    },
    "Where you know people": {
        "axes": {"employer", "connections"},
        "legend": {"talked to", "never talked to"},
    },
    "Connections by seniority": {
        "axes": {"seniority", "connections"},
        "legend": {"talked to", "never talked to"},
    },
    "Connections by function": {
        "axes": {"function", "connections"},
        "legend": {"talked to", "never talked to"},
    },
    "Connections by the year you connected": {
        "axes": {"year connected", "connections"},
        "legend": {"talked to", "never talked to"},
    },
}
SECTIONS = [p for p in NOTEBOOKS if p.name in ("07_network_reach.ipynb", "08_activity.ipynb")]


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory, sample_db: Path) -> Path:
    """The network-reach and activity sections of the sample's report (built once per session), from a copy
    of the session's sample database (conftest: the same two ZIPs, ingested with their analyses once; a copy:
    DuckDB refuses a second open in this process with other settings while `sample_con` is open)."""

    def build(folder: Path) -> Path:
        db = folder / "sample.duckdb"
        shutil.copy(sample_db, db)
        out = folder / "report.html"
        result = report.build_report(db, out, SECTIONS)
        (folder / "errors.json").write_text(json.dumps([s.error for s in result.sections]))
        return out

    out = shared_build(tmp_path_factory, "reach-activity-report", build)
    assert json.loads((out.parent / "errors.json").read_text()) == [None] * len(SECTIONS)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with pw.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield chromium
        finally:
            chromium.close()


DESCRIBE = """() => [...document.querySelectorAll('div.la-chart')].map(div => {
    const spec = JSON.parse(div.nextElementSibling.textContent);
    const title = typeof spec.title === 'object' ? spec.title.text : spec.title;
    const texts = sel => [...div.querySelectorAll(sel)].map(t => t.textContent.trim()).filter(Boolean);
    const svg = div.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : null;
    return {
        title: String(title),
        rendered: div.getAttribute('data-rendered'),
        marks: div.querySelectorAll('svg g.mark-rect path, svg g.mark-line path, svg g.mark-area path,'
            + ' svg g.mark-symbol path').length,
        axisTitles: texts('g[class*="role-axis-title"] text'),
        axisLabels: [...div.querySelectorAll('g[class*="role-axis-label"]')].map(g =>
            [...g.querySelectorAll('text')].map(t => t.textContent.trim()).filter(Boolean)),
        legend: texts('g[class*="role-legend-label"] text'),
        allText: texts('svg text'),
        width: box ? box.width : 0,
        right: box ? box.right : 0,
    };
})"""


def _open(browser: Any, path: Path, width: int) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "assert") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("() => document.body.getAttribute('data-charts-done') !== null", timeout=120_000)
    return page, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_the_activity_and_reach_charts_draw_in_words(browser: Any, sample_report: Path, width: int) -> None:
    shots = Path(os.environ.get(SCREENSHOTS_ENV) or sample_report.parent / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    page, errors = _open(browser, sample_report, width)
    try:
        charts = {c["title"]: c for c in page.evaluate(DESCRIBE)}
        assert set(CHARTS) <= set(charts), sorted(charts)
        for title, want in CHARTS.items():
            chart = charts[title]
            assert chart["rendered"] == "1", title
            assert chart["marks"] > 0, f"{title}: no marks drawn"
            assert set(chart["axisTitles"]) == want["axes"], (title, chart["axisTitles"])
            assert want["legend"] <= set(chart["legend"]), (title, chart["legend"])
            for labels in chart["axisLabels"]:  # "0, 1, 1, 2, 2": ticks at halves labelled as whole numbers
                assert len(labels) == len(set(labels)), (title, labels)
            for text in chart["allText"]:
                assert "_" not in text, f"{title}: an identifier shown: {text!r}"
                assert not text.endswith(("…", "...")), f"{title}: a label cut short: {text!r}"
            assert chart["right"] <= width, f"{title} is wider than the screen"
            index = list(charts).index(title)
            page.locator("div.la-chart").nth(index).screenshot(
                path=str(shots / f"{_slug(title)}-{width}.png")
            )
        assert errors == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.close()


def test_the_activity_chart_counts_the_sample_s_truth(sample_report: Path) -> None:
    """The activity chart's data equals the generator's truth, month by month (what the browser drew from)."""
    truth = json.loads(next(SAMPLE.glob("*.truth.json")).read_text())["engagement"]
    page = sample_report.read_text(encoding="utf-8")
    for raw in re.findall(r'<script class="la-spec" type="application/json">(.*?)</script>', page, re.S):
        spec = json.loads(raw)
        title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
        if title != "Your public activity per month":
            continue
        rows = [r for rows in spec["datasets"].values() for r in rows]
        label = {"posts": "post", "comments": "comment", "reactions": "reaction", "poll votes": "vote"}
        got: dict[str, dict[str, int]] = {}
        for r in rows:
            if r["n"]:
                got.setdefault(r["month"][:10], {})[label[r["kind"]]] = r["n"]
        want = {m: {k: n for k, n in kinds.items() if n} for m, kinds in truth["monthly"].items()}
        assert got == want
        return
    raise AssertionError("no activity chart in the report")


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


@pytest.fixture(scope="module")
def no_activity_report(tmp_path_factory: pytest.TempPathFactory, hand_history: Callable[[str], Path]) -> Path:
    """The same sections on a hand-made history with no activity files (tests/fixtures/who_removed, ingested
    once per session: conftest)."""
    folder = tmp_path_factory.mktemp("no-activity")
    db = hand_history("who_removed")
    out = folder / "report.html"
    result = report.build_report(db, out, SECTIONS)
    assert not result.failures, [s.error for s in result.failures]
    return out


def test_no_activity_is_said_in_words_not_drawn_empty(browser: Any, no_activity_report: Path) -> None:
    shots = Path(os.environ.get(SCREENSHOTS_ENV) or no_activity_report.parent / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    page, errors = _open(browser, no_activity_report, 390)
    try:
        charts = {c["title"]: c for c in page.evaluate(DESCRIBE)}
        assert not {"Your public activity per month", "Give vs ask per month"} & set(charts)
        assert all(c["rendered"] == "1" and c["marks"] > 0 for c in charts.values()), charts
        for c in charts.values():  # small counts (0-3): no axis reads 0, 1, 1, 2, 2
            assert all(len(a) == len(set(a)) for a in c["axisLabels"]), (c["title"], c["axisLabels"])
        section = page.locator("section", has_text="Your own activity").last
        text = section.inner_text()
        assert "The export has no posts, comments, reactions or votes" in text
        assert "no value" not in text and "no months since" not in text
        assert text.count("The export has no posts, comments, reactions or votes") == 1  # said once
        assert "nothing to set against what you asked" in text  # no line of zeros read as "gave nothing"
        for label in ("posts", "comments", "reactions", "poll votes"):
            assert re.search(rf"^{label}\s*\n\s*0$", text, re.M), label
        section.screenshot(path=str(shots / "no-activity-390.png"))
        assert errors == []
    finally:
        page.close()
