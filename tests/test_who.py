"""Issue 26, `linkedin-audit who QUERY` and `linkedin-audit queries`, through the real command (`who`'s
cases that differ only in their data run in-process, see `who`): on a hand-made two-export network with
tricky company spellings (tests/fixtures/who_network, expectations written by hand below) and on the bundled
sample (expectations from its Connections.csv and the generator's truth)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cli_sql import cli, one_error
from typer.testing import CliRunner

from linkedin_audit.cli import app
from linkedin_audit.network.queries import examples
from linkedin_audit.synth.keys import url_key

HAND = Path(__file__).parent / "fixtures" / "who_network"
CLASS_RANK = {"strong": 0, "weak": 1, "dormant": 1, "never": 2}


@pytest.fixture(autouse=True)
def _crash_logs_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture(scope="module")
def hand_db(hand_history: Callable[[str], Path]) -> Path:
    """The hand-made history, ingested once per session (conftest), this module's own copy."""
    return hand_history("who_network")


@pytest.fixture(scope="module")
def sample_db(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's sample database: `who` runs in-process here, and DuckDB refuses a second open
    of one file in one process with other settings (the session's `sample_con` may be open)."""
    copy = tmp_path_factory.mktemp("who-sample") / "sample.duckdb"
    shutil.copy(sample_db, copy)
    return copy


def rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def who(db: Path, *args: str, real: bool = False) -> tuple[list[dict[str, str]], str]:
    """`who ARGS --format csv`: its rows and what it said on stderr. In-process unless `real` (the real
    command in a subprocess): the cases differ in the data, not in the command, which runs through the real
    command in test_who_at_the_carmaker_strongest_first, test_who_formats_and_output_file and the refusals
    below."""
    if real:
        proc = cli("who", *args, "--db", str(db), "--format", "csv")
        assert proc.returncode == 0, proc.stderr
        return rows(proc.stdout), proc.stderr
    done = CliRunner().invoke(app, ["who", *args, "--db", str(db), "--format", "csv"])
    assert done.exit_code == 0, done.output
    return rows(done.stdout), done.stderr


# The hand-made network, as of its newest export (2026-03-15). Order: strongest tie first, by the score's
# documented weights worked by hand: Astrid 6 contact days, reciprocal, 5 days ago (58.5); Bruno one day
# both ways 104 days ago (36.9); Ines one message to the member 42 days ago (25.8); Lena one message from
# the member 287 days ago (10.1); Clara never (0). Karin left for Kranich Werke between the two exports.
NORDVIK_CARS = [
    (
        "works there",
        "Astrid Berg",
        "Nordvik Cars",
        "Verkställande direktör",
        "strong",
        "2026-03-10",
        "me",
        "6",
        "5",
        "",
    ),
    (
        "works there",
        "Bruno Díaz",
        "Nordvik Car Corporation",
        "Gerente de Ventas",
        "weak",
        "2025-12-01",
        "them",
        "1",
        "1",
        "my invitation, LinkedIn's stock text",
    ),
    (
        "works there",
        "Ines Mora",
        "Nordvik Cars",
        "Product Manager",
        "weak",
        "2026-02-01",
        "them",
        "0",
        "1",
        "their invitation, personal note",
    ),
    (
        "works there",
        "Lena Svensson",
        "Nordvik Car Sverige AB",
        "Senior Data Scientist",
        "weak",
        "2025-06-01",
        "me",
        "1",
        "0",
        "",
    ),
    (
        "works there",
        "Clara Schmidt",
        "NORDVIK CAR SVERIGE AB",
        "Rekryterare",
        "never",
        "",
        "",
        "0",
        "0",
        "my invitation, no note",
    ),
    (
        "used to work there",
        "Karin Nyström",
        "Nordvik Cars",
        "Försäljningschef",
        "weak",
        "2025-09-02",
        "me",
        "1",
        "1",
        "",
    ),
]
COLUMNS = (
    "status",
    "name",
    "company",
    "position",
    "tie_class",
    "last_contact",
    "wrote_last",
    "messages_sent",
    "messages_received",
    "connected_via",
)


@pytest.mark.parametrize("query", ["Nordvik Cars", "NORDVIK CARS SVERIGE AB", "Nordvik Car Corporation Inc."])
def test_who_at_the_carmaker_strongest_first(hand_db: Path, query: str) -> None:
    got, err = who(hand_db, query, real=query == "Nordvik Cars")
    assert [tuple(r[c] for c in COLUMNS) for r in got] == NORDVIK_CARS
    assert got[-1]["now_at"] == "Kranich Werke" and got[-1]["left_by"] == "2026-03-15"
    assert [r["profile_url"] for r in got][:2] == [
        "https://www.linkedin.com/in/astrid-berg-11a",
        "https://www.linkedin.com/in/bruno-diaz-22b",
    ]
    assert float(got[0]["score"]) == pytest.approx(58.5, abs=0.1)
    # which spellings matched, which near ones did not
    lines = err.splitlines()
    assert lines[0].startswith("Nordvik Cars (5): ")
    for spelling in (
        "Nordvik Cars",
        "Nordvik Car Corporation",
        "Nordvik Car Sverige AB",
        "NORDVIK CAR SVERIGE AB",
    ):
        assert f'"{spelling}"' in lines[0]
    assert "used to work there: 1" in err
    also = next(line for line in lines if line.startswith("also: "))
    for near in (
        "AB Nordvik (2)",
        "Nordvik Trucks (1)",
        "Nordvik Penta AB (1)",
        "Nordvik Bil i Göteborg AB (1)",
    ):
        assert near in also


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("Nordvik", ["Dag Lund", "Eva Holm"]),  # the group, not its divisions
        ("Nordvik Group AB", ["Dag Lund", "Eva Holm"]),
        ("nordvik trucks", ["Felix Wolf"]),
        ("Nordvik Penta", ["Greta Ek"]),
        ("Nordvik Bil i Goteborg", ["Hugo Sand"]),
        ("kranich werke gmbh", ["Karin Nyström", "Jonas Kraft"]),  # Karin: weak tie; Jonas: never
        ("penta", ["Greta Ek"]),  # part of a name
        ("astrid", ["Astrid Berg"]),  # no company: a person's name
        ("díaz", ["Bruno Díaz"]),
    ],
)
def test_who_keeps_employers_apart(hand_db: Path, query: str, names: list[str]) -> None:
    got, _ = who(hand_db, query)
    assert [r["name"] for r in got] == names
    assert all(r["status"] == "works there" for r in got)


def test_who_finds_nobody(hand_db: Path) -> None:
    proc = cli("who", "Zeppelin Air", "--db", str(hand_db))
    assert "nobody" in one_error(proc, code=1)


def test_who_formats_and_output_file(hand_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "nordvik.json"
    proc = cli("who", "Nordvik Cars", "--db", str(hand_db), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert [d["name"] for d in data] == [r[1] for r in NORDVIK_CARS]
    assert out.stat().st_mode & 0o777 == 0o600
    proc = cli("who", "Nordvik Cars", "--db", str(hand_db), "--format", "markdown", "--limit", "2")
    assert proc.stdout.count("\n") == 4 and "Astrid Berg" in proc.stdout and "Ines" not in proc.stdout


def test_connection_profile_classes_on_the_hand_network(hand_db: Path) -> None:
    proc = cli(
        "sql",
        "SELECT name, company_group, seniority, function FROM connection_profile ORDER BY name",
        "--db",
        str(hand_db),
        "--format",
        "csv",
    )
    got = {r["name"]: (r["company_group"], r["seniority"], r["function"]) for r in rows(proc.stdout)}
    assert got["Astrid Berg"] == ("Nordvik Cars", "executive", "general_management")
    assert got["Clara Schmidt"] == ("Nordvik Cars", "individual", "recruiting")
    assert got["Bruno Díaz"] == ("Nordvik Cars", "manager", "sales")
    assert got["Eva Holm"][1:] == ("executive", "general_management")
    assert got["Eva Holm"][0] == got["Dag Lund"][0] != got["Astrid Berg"][0]
    assert got["Karin Nyström"] == ("Kranich Werke", "director", "sales")
    assert got["Greta Ek"] == ("Nordvik Penta AB", "individual", "engineering")


# ---- the bundled sample ----------------------------------------------------------------------------------
def _sample_connections(sample_exports: list[Path], truth: dict) -> list[dict[str, str]]:
    """The newest sample export's Connections.csv, read with the csv module (not the ingest)."""
    newest = next(p for p in sample_exports if p.name == truth["exports"][-1]["name"])
    with zipfile.ZipFile(newest) as z:
        text = z.read("Connections.csv").decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("First Name"))
    return list(csv.DictReader(io.StringIO("".join(lines[start:]))))


def test_who_on_the_sample(sample_db: Path, sample_exports: list[Path], sample_truth: dict) -> None:
    listed = _sample_connections(sample_exports, sample_truth)
    at = sorted(
        f"{r['First Name']} {r['Last Name']}" for r in listed if r["Company"].strip() == "Kestrel Labs"
    )
    assert len(at) >= 5
    got, err = who(sample_db, "Kestrel Labs")
    now = [r for r in got if r["status"] == "works there"]
    assert sorted(r["name"] for r in now) == at
    truth = sample_truth["tie_classes"]
    assert {r["name"]: r["tie_class"] for r in now} == {
        f"{r['First Name']} {r['Last Name']}": truth[url_key(r["URL"])]
        for r in listed
        if r["Company"].strip() == "Kestrel Labs"
    }
    scores = [float(r["score"]) for r in now]
    assert scores == sorted(scores, reverse=True)
    assert [CLASS_RANK[r["tie_class"]] for r in now] == sorted(CLASS_RANK[r["tie_class"]] for r in now)
    assert err.startswith(f'Kestrel Labs ({len(at)}): "Kestrel Labs" {len(at)}')


@pytest.mark.parametrize(
    "employer",
    ["Bluefjord Systems", "Bluefjord Marine", "Copperleaf Health", "Copperleaf Clinics", "Meridian Telecom"],
)
def test_who_on_the_sample_merges_the_planted_spellings(
    sample_db: Path, sample_truth: dict, employer: str
) -> None:
    """The generator plants several spellings of one employer and siblings sharing its first word
    (synth/companies.py); its truth says, by hand, which employer each spelling names."""
    want = sorted(k for k, e in sample_truth["employers"].items() if e == employer)
    assert want
    got, err = who(sample_db, employer)
    assert sorted(url_key(r["profile_url"]) or "" for r in got if r["status"] == "works there") == want
    assert err.startswith(f"{employer} ({len(want)}): ")


def test_who_on_the_sample_lists_who_left(sample_db: Path, sample_truth: dict) -> None:
    moved = [c for c in sample_truth["network_changes"] if c["change"] == "job_change"]
    assert moved
    change = moved[0]
    got, err = who(sample_db, change["old_company"])
    former = [r for r in got if r["status"] == "used to work there"]
    assert change["name"] in [r["name"] for r in former]
    row = next(r for r in former if r["name"] == change["name"])
    assert (row["company"], row["position"], row["now_at"]) == (
        change["old_company"],
        change["old_position"],
        change["new_company"],
    )


@pytest.mark.parametrize("name", list(examples()))
def test_every_example_query_runs_on_the_sample(sample_db: Path, name: str) -> None:
    params = {"person": ["-p", "person", "a"], "company": ["-p", "company", "Kestrel"]}
    extra = [a for p in examples()[name].params for a in params[p]]
    proc = cli("queries", name, *extra, "--db", str(sample_db), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert len(rows(proc.stdout)) >= 1, name


def test_an_in_process_caller_passes_parameters_as_the_command_does(sample_db: Path) -> None:
    """typer's CliRunner (what a notebook or script embedding the CLI uses) took `-p company Kestrel` as
    one value and `Kestrel` as an extra argument; the real command took the pair. Both give the same rows."""
    args = [
        "queries",
        "who_at_company",
        "-p",
        "company",
        "Kestrel",
        "--db",
        str(sample_db),
        "--format",
        "csv",
    ]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    real = cli(*args)
    assert real.returncode == 0, real.stderr
    assert rows(done.stdout) == rows(real.stdout) and len(rows(real.stdout)) >= 1


def test_an_in_process_caller_holding_the_database_is_told_so(sample_db: Path, tmp_path: Path) -> None:
    """DuckDB opens one file with one configuration per process: a script that holds its own connection and
    then runs a command in process was told the file 'is not a DuckDB database this version can open'."""
    import duckdb

    db = tmp_path / "held.duckdb"
    shutil.copy(sample_db, db)
    held = duckdb.connect(str(db))
    try:
        for args in (["sql", "SELECT 1"], ["who", "Kestrel"], ["status"]):
            done = CliRunner().invoke(app, [*args, "--db", str(db)])
            assert done.exit_code == 2, (args, done.output)
            assert f"the database {db} is already open in this process with other settings" in done.output
            assert "not a DuckDB database" not in done.output
    finally:
        held.close()
    assert CliRunner().invoke(app, ["sql", "SELECT 1", "--db", str(db)]).exit_code == 0


def test_queries_lists_and_shows(sample_db: Path) -> None:
    listing = cli("queries").stdout
    for name, ex in examples().items():
        assert name in listing and ex.description[:40] in listing
    shown = cli("queries", "who_at_company", "--show").stdout
    assert "FROM connection_profile" in shown and "$company" in shown
    assert "needs -p company" in one_error(cli("queries", "who_at_company", "--db", str(sample_db)))
    assert "no example query" in one_error(cli("queries", "nope", "--db", str(sample_db)))


def test_examples_are_in_the_docs() -> None:
    docs = (Path(__file__).parents[1] / "docs" / "queries.md").read_text(encoding="utf-8")
    for ex in examples().values():
        assert ex.sql in docs, ex.name


def test_who_without_a_database(tmp_path: Path) -> None:
    line = one_error(cli("who", "Acme", "--db", str(tmp_path / "none.duckdb")))
    assert "no database" in line


def test_who_on_a_database_without_connection_profile(hand_db: Path, tmp_path: Path) -> None:
    """A database analysed by an older version: one line naming the command that makes the relation."""
    import duckdb

    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    con.execute(f"ATTACH '{hand_db}' AS src (READ_ONLY)")
    con.execute("CREATE TABLE exports AS SELECT * FROM src.exports")
    con.execute("CREATE TABLE connections AS SELECT * FROM src.connections")
    con.close()
    assert "linkedin-audit analyse" in one_error(cli("who", "Nordvik", "--db", str(old)))


def test_who_leaves_out_removed_connections(
    sample_db: Path, sample_exports: list[Path], sample_truth: dict
) -> None:
    """A connection gone from the newest export is no longer someone you know there: listed apart, last."""
    removed = [c for c in sample_truth["network_changes"] if c["change"] == "removed"]
    assert removed
    older = next(p for p in sample_exports if p.name == sample_truth["exports"][0]["name"])
    with zipfile.ZipFile(older) as z:
        lines = z.read("Connections.csv").decode("utf-8-sig").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("First Name"))
    company = {url_key(r["URL"]): r["Company"] for r in csv.DictReader(io.StringIO("".join(lines[start:])))}
    checked = 0
    for change in removed:
        at = company.get(url_key(change["profile_url"]), "").strip()
        if not at:
            continue
        got, err = who(sample_db, at)
        assert change["name"] not in [r["name"] for r in got if r["status"] != "no longer connected"]
        assert got[-1]["status"] == "no longer connected" and change["name"] in [
            r["name"] for r in got if r["status"] == "no longer connected"
        ]
        assert any(line.startswith("no longer connected: ") for line in err.splitlines())
        checked += 1
    assert checked
