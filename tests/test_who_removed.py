"""Who you know means the connections you still have: `who`, `connection_profile`, network/reach.py and the
report's network charts (notebooks 05 and 07) agree on connections removed since an earlier export.

The hand-made history tests/fixtures/who_removed, worked out by hand from its files:

| person      | company (as last listed) | 01-10-2026 | 03-10-2026 | talked | seniority  | connected |
|-------------|--------------------------|------------|------------|--------|------------|-----------|
| Maja Ek     | Solvik Energi AB         | yes        | yes        | yes    | manager    | 2021      |
| Per Holm    | Solvik Energi            | yes        | removed    | yes    | senior     | 2022      |
| Rut Berg    | SOLVIK ENERGI            | yes        | yes        | no     | individual | 2025      |
| Alva Nyberg | Solvik Energi AB         | -          | added      | no     | individual | 2026      |
| Oskar Lind  | Tallgren Bygg            | yes        | yes        | yes    | manager    | 2020      |
| Nora Falk   | Kvarn Design             | yes        | yes        | no     | individual | 2024      |
| Siv Moberg  | Vintra Labs              | yes        | removed    | no     | individual | 2019      |

So at Solvik Energi the member knows 3 people (talked to 1: Maja); Per, whom they talked to, is no longer
connected, as is Siv, the only connection Vintra Labs ever had. On the bundled sample the generator's truth
says who was removed (`network_changes`) and who works where (`employers`, removed people left out)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from report_fixtures import NOTEBOOKS
from test_cli_sql import cli

from linkedin_audit.ingest.database import connect
from linkedin_audit.network import reach
from linkedin_audit.report import chart_data as cd
from linkedin_audit.report import render as report
from linkedin_audit.synth.keys import url_key

HAND = Path(__file__).parent / "fixtures" / "who_removed"
NETWORK = [p for p in NOTEBOOKS if p.name in ("05_network.ipynb", "07_network_reach.ipynb")]


@pytest.fixture(autouse=True)
def _crash_logs_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture(scope="module")
def hand_db(hand_history: Callable[[str], Path]) -> Path:
    """The hand-made history, ingested once per session (conftest), this module's own copy."""
    return hand_history("who_removed")


def who(db: Path, *args: str) -> tuple[list[dict[str, str]], list[str]]:
    proc = cli("who", *args, "--db", str(db), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    return list(csv.DictReader(io.StringIO(proc.stdout))), proc.stderr.splitlines()


def test_who_counts_current_connections_and_lists_the_removed_apart(hand_db: Path) -> None:
    got, err = who(hand_db, "Solvik Energi")
    assert [(r["status"], r["name"], r["company"]) for r in got] == [
        ("works there", "Maja Ek", "Solvik Energi AB"),  # talked: the strongest tie
        ("works there", "Alva Nyberg", "Solvik Energi AB"),  # never talked: by name
        ("works there", "Rut Berg", "SOLVIK ENERGI"),
        ("no longer connected", "Per Holm", "Solvik Energi"),
    ]
    assert got[-1]["left_by"] == "2026-03-10"  # the export that first missed him
    assert got[-1]["messages_sent"] == "1" and got[-1]["messages_received"] == "1"
    assert err[0].startswith('Solvik Energi AB (3): "Solvik Energi AB" 2, "SOLVIK ENERGI" 1')
    assert any(line.startswith("no longer connected: 1 ") for line in err)


@pytest.mark.parametrize(("query", "name"), [("Vintra Labs", "Siv Moberg"), ("per holm", "Per Holm")])
def test_who_finds_someone_only_removed_connections_match(hand_db: Path, query: str, name: str) -> None:
    got, err = who(hand_db, query)
    assert [(r["status"], r["name"]) for r in got] == [("no longer connected", name)]
    assert any(line.startswith("no longer connected: 1 ") for line in err)


def test_connection_profile_marks_the_removed(hand_db: Path) -> None:
    proc = cli(
        "sql",
        "SELECT name, still_connected, removed_by FROM connection_profile ORDER BY name",
        "--db",
        str(hand_db),
        "--format",
        "csv",
    )
    got = [tuple(r.values()) for r in csv.DictReader(io.StringIO(proc.stdout))]
    assert got == [
        ("Alva Nyberg", "true", ""),
        ("Maja Ek", "true", ""),
        ("Nora Falk", "true", ""),
        ("Oskar Lind", "true", ""),
        ("Per Holm", "false", "2026-03-10"),
        ("Rut Berg", "true", ""),
        ("Siv Moberg", "false", "2026-03-10"),
    ]


def test_the_chart_data_counts_who_counts(hand_db: Path) -> None:
    con = connect(hand_db, read_only=True)
    try:
        top = {
            r["employer"]: (r["connections"], r["talked_to"])
            for r in reach.companies(con).iter_rows(named=True)
        }
        assert top == {"Solvik Energi AB": (3, 1), "Kvarn Design": (1, 0), "Tallgren Bygg": (1, 1)}
        assert (reach.profile_count(con), reach.removed_count(con)) == (5, 2)
        assert reach.company_counts(con) == (
            3,
            4,
        )  # Solvik Energi AB, SOLVIK ENERGI, Kvarn Design, Tallgren Bygg
        years = {
            (r["connected_year"], r["talk"]): r["n"]
            for r in reach.segments(con, "connected_year").iter_rows(named=True)
        }
        assert years == {
            (2020, "talked to"): 1,
            (2021, "talked to"): 1,
            (2024, "never talked to"): 1,
            (2025, "never talked to"): 1,
            (2026, "never talked to"): 1,
        }
        seniority = {
            (r["seniority"], r["talk"]): r["n"]
            for r in reach.segments(con, "seniority").iter_rows(named=True)
        }
        assert seniority == {("manager", "talked to"): 2, ("individual contributor", "never talked to"): 3}
        assert sum(reach.composition(con)["connections"]) == 5
        assert cd.top_values(con, "company").rows() == [
            ("Solvik Energi AB", 3),
            ("Kvarn Design", 1),
            ("Tallgren Bygg", 1),
        ]
    finally:
        con.close()


def _specs(page: str) -> dict[str, list[dict]]:
    """Each chart of the page: its title -> its data rows."""
    out = {}
    for raw in re.findall(r'<script class="la-spec" type="application/json">(.*?)</script>', page, re.S):
        spec = json.loads(raw)
        title = spec.get("title")
        text = title.get("text") if isinstance(title, dict) else title
        out[str(text)] = [row for rows in spec.get("datasets", {}).values() for row in rows]
    return out


def test_the_report_charts_count_who_counts(hand_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = report.build_report(hand_db, out, NETWORK)
    assert not result.failures, [s.error for s in result.failures]
    page = out.read_text(encoding="utf-8")
    charts = _specs(page)
    employers: dict[str, int] = {}
    for row in charts["Where you know people"]:
        employers[row["employer"]] = employers.get(row["employer"], 0) + row["n"]
    assert employers == {"Solvik Energi AB": 3, "Kvarn Design": 1, "Tallgren Bygg": 1}
    assert sum(r["n"] for r in charts["Connections by seniority"]) == 5
    assert sum(r["n"] for r in charts["Connections by the year you connected"]) == 5
    assert {str(r["connected_year"]) for r in charts["Connections by the year you connected"]} == {
        "2020",
        "2021",
        "2024",
        "2025",
        "2026",
    }  # not 2019 (Siv) nor 2022 (Per)
    text = re.sub(r"<[^>]+>", " ", page)
    assert len(re.findall(r"connections you still have\s+5\b", text)) == 2  # 05 and 07 say the same
    assert "Data Engineer" not in text  # Siv's position: not among the most common positions
    growth = charts["Connections over time"]
    assert growth[-1]["total"] == 5 and growth[0]["month"].startswith("2020-06")  # not Siv's 2019
    removed_line = r"no longer connected \(gone from your newest export; not counted here\)\s+2\b"
    assert len(re.findall(removed_line, text)) == 2  # the network and the reach sections alike


# ---- the bundled sample: the generator plants removals with its truth -------------------------------------
def test_the_sample_agrees_on_removed_connections(
    sample_db: Path, sample_truth: dict, sample_con: duckdb.DuckDBPyConnection
) -> None:
    removed = {
        url_key(c["profile_url"]): c["name"]
        for c in sample_truth["network_changes"]
        if c["change"] == "removed"
    }
    assert removed
    employers = sample_truth["employers"]  # url_key -> employer, connections still listed only
    assert not set(removed) & set(employers)
    per_employer: dict[str, int] = {}
    for employer in employers.values():
        per_employer[employer] = per_employer.get(employer, 0) + 1
    charted = {
        r["employer"]: r["connections"] for r in reach.companies(sample_con, limit=None).iter_rows(named=True)
    }
    for employer in ("Copperleaf Health", "Meridian Telecom", "Bluefjord Systems"):
        assert charted[employer] == per_employer[employer], employer
        got, err = who(sample_db, employer)
        now = [r for r in got if r["status"] == "works there"]
        assert len(now) == per_employer[employer] and err[0].startswith(
            f"{employer} ({per_employer[employer]}): "
        )
    assert reach.removed_count(sample_con) == len(removed)
    gone = sample_con.execute(
        "SELECT name FROM connection_profile WHERE NOT still_connected ORDER BY name"
    ).fetchall()
    assert sorted(n for (n,) in gone) == sorted(removed.values())


def test_who_on_a_profile_made_before_removals_were_marked(hand_db: Path, tmp_path: Path) -> None:
    """A `connection_profile` made by the previous version (no `still_connected`): one line naming the command
    that remakes it, never an answer that counts removed connections."""
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    con.execute(f"ATTACH '{hand_db}' AS src (READ_ONLY)")
    con.execute("CREATE TABLE exports AS SELECT * FROM src.exports")
    con.execute(
        "CREATE TABLE connection_profile AS "
        "SELECT * EXCLUDE (still_connected, removed_by) FROM src.connection_profile"
    )
    con.close()
    proc = cli("who", "Solvik", "--db", str(old))
    assert proc.returncode == 2, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "linkedin-audit analyse" in errors[0], proc.stderr
