"""Issue 26: what the network is made of and "Where you know people" (network/reach.py,
report/network_charts.py, notebooks/07_network_reach.ipynb), on the hand-made network of
tests/fixtures/who_network, with every count below worked out by hand from its files:

| person        | company (newest export)     | seniority  | talked | connected |
|---------------|-----------------------------|------------|--------|-----------|
| Astrid Berg   | Nordvik Cars                | executive  | yes    | 2019      |
| Bruno Díaz    | Nordvik Car Corporation     | manager    | yes    | 2025      |
| Clara Schmidt | NORDVIK CAR SVERIGE AB      | individual | no     | 2026      |
| Dag Lund      | AB Nordvik                  | individual | yes    | 2021      |
| Eva Holm      | Nordvik Group               | executive  | no     | 2022      |
| Felix Wolf    | Nordvik Trucks              | individual | no     | 2022      |
| Greta Ek      | Nordvik Penta AB            | individual | no     | 2023      |
| Hugo Sand     | Nordvik Bil i Göteborg AB   | individual | no     | 2023      |
| Ines Mora     | Nordvik Cars                | manager    | yes    | 2025      |
| Jonas Kraft   | Kranich-Werke GmbH & Co. KG | individual | no     | 2020      |
| Karin Nyström | Kranich Werke               | director   | yes    | 2020      |
| Lena Svensson | Nordvik Car Sverige AB      | senior     | yes    | 2020      |
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from report_fixtures import NOTEBOOKS
from test_report_browser import CHROMIUM, chromium, open_report

from linkedin_audit.ingest.database import connect
from linkedin_audit.network import reach
from linkedin_audit.report import chart_data as cd
from linkedin_audit.report import render as report

HAND = Path(__file__).parent / "fixtures" / "who_network"
NAMES = [
    "Astrid Berg",
    "Bruno Díaz",
    "Clara Schmidt",
    "Dag Lund",
    "Eva Holm",
    "Felix Wolf",
    "Greta Ek",
    "Hugo Sand",
    "Ines Mora",
    "Jonas Kraft",
    "Karin Nyström",
    "Lena Svensson",
]
REACH = [p for p in NOTEBOOKS if p.name == "07_network_reach.ipynb"]


@pytest.fixture(scope="module")
def hand_db(hand_history: Callable[[str], Path]) -> Path:
    """The hand-made history, ingested once per session (conftest), this module's own copy."""
    return hand_history("who_network")


@pytest.fixture
def con(hand_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(hand_db, read_only=True)
    yield con
    con.close()


def test_companies_count_employers_not_spellings(con: duckdb.DuckDBPyConnection) -> None:
    top = reach.companies(con)
    first = top.row(0, named=True)
    assert (first["employer"], first["connections"], first["talked_to"], first["spellings"]) == (
        "Nordvik Cars",
        5,
        4,
        4,
    )  # Nordvik Cars, Nordvik Car Corporation, Nordvik Car Sverige AB in two casings
    assert (first["strongest_tie"], first["strongest_tie_class"]) == ("Astrid Berg", "strong")
    rest = {r["employer"]: (r["connections"], r["talked_to"]) for r in top.iter_rows(named=True)}
    assert rest["Kranich Werke"] == (2, 1) or rest["Kranich-Werke GmbH & Co. KG"] == (2, 1)
    assert sorted(rest.values()) == sorted([(5, 4), (2, 1), (2, 1), (1, 0), (1, 0), (1, 0)])
    assert reach.company_counts(con) == (6, 11)
    # the report's top-companies chart (notebook 05) counts the same employers
    assert cd.top_values(con, "company").rows()[0] == ("Nordvik Cars", 5)
    assert cd.distinct_count(con, "company") == 6


def test_segments_by_seniority_and_year(con: duckdb.DuckDBPyConnection) -> None:
    def counts(column: str) -> dict:
        return {(r[column], r["talk"]): r["n"] for r in reach.segments(con, column).iter_rows(named=True)}

    assert counts("seniority") == {
        ("executive", "talked to"): 1,
        ("executive", "never talked to"): 1,
        ("manager", "talked to"): 2,
        ("director", "talked to"): 1,
        ("senior", "talked to"): 1,
        ("individual contributor", "talked to"): 1,
        ("individual contributor", "never talked to"): 5,
    }
    assert counts("connected_year") == {
        (2019, "talked to"): 1,
        (2020, "talked to"): 2,
        (2020, "never talked to"): 1,
        (2021, "talked to"): 1,
        (2022, "never talked to"): 2,
        (2023, "never talked to"): 2,
        (2025, "talked to"): 2,
        (2026, "never talked to"): 1,
    }
    assert reach.segment_order(reach.segments(con, "seniority"), "seniority") == [
        "executive",
        "director",
        "manager",
        "senior",
        "individual contributor",
    ]


@pytest.fixture(scope="module")
def pages(hand_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reach-report")
    out = {}
    for kind, redact in (("plain", False), ("redacted", True)):
        result = report.build_report(hand_db, folder / f"{kind}.html", REACH, redact=redact)
        assert not result.failures, [s.error for s in result.failures]
        out[kind] = folder / f"{kind}.html"
    return out


def _section(page: str) -> str:
    start = page.index(">Where you know people<")
    return page[start:]


def test_the_report_section_lists_where_you_know_people(pages: dict[str, Path]) -> None:
    page = _section(pages["plain"].read_text(encoding="utf-8"))
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", rows[1], flags=re.S)
    ]
    assert cells[:5] == ["Nordvik Cars", "5", "4", "4", "Astrid Berg"]
    assert 'href="https://www.linkedin.com/in/astrid-berg-11a"' in page
    assert page.count('class="la-chart"') == 4  # employers, seniority, function, year


def test_the_redacted_section_has_no_names(pages: dict[str, Path]) -> None:
    page = pages["redacted"].read_text(encoding="utf-8")
    section = _section(page)
    for name in NAMES:
        for part in name.split():
            assert part not in page, part
    assert "linkedin.com/in/" not in section
    assert "Nordvik Cars" in section  # five connections share it: kept
    assert "Nordvik Penta" not in section  # one: left out


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)")
def test_the_new_charts_draw_in_a_browser(pages: dict[str, Path], tmp_path: Path) -> None:
    with chromium() as tools:
        info = open_report(tools, pages["plain"])
        assert info["charts"] == info["rendered"] == info["withMarks"] == 4
        assert tools.console_errors() == []
        bars = tools.evaluate(
            "[...document.querySelectorAll('div.la-chart')].map(d => d.querySelectorAll("
            "'svg g[class*=\"mark-rect\"] path').length)"
        )
        # employers 6 x (talked, never) with a zero part drawn empty; every chart has marks
        assert all(n > 0 for n in bars), bars
        shot = tools.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        (tmp_path / "reach.png").write_bytes(base64.b64decode(shot["data"]))
        assert (tmp_path / "reach.png").stat().st_size > 10_000
