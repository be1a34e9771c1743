"""Contracts as data (linkedin_audit/contracts/*.toml): every built database holds what they declare (keys,
not-null, accepted values, every column with its type), docs/schema.md is the page rendered from them, and
`linkedin-audit status --check` prints one line per failed contract and exits 1. Databases: the bundled
sample (analysed), a two-export history of each generated era, and every hand-written fixture export."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from report_fixtures import era_history

from linkedin_audit import contracts
from linkedin_audit.build import run_ingest
from linkedin_audit.contracts.docs import render

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "exports"


def test_schema_docs_are_generated_from_the_contracts():
    """docs/schema.md is stale when this fails: run `make schema-docs`."""
    assert (ROOT / "docs" / "schema.md").read_text(encoding="utf-8") == render()


def test_the_sample_holds_every_contract(sample_con):
    assert contracts.check(sample_con) == []


def test_connections_person_id_is_null_exactly_for_hidden_rows(sample_con, sample_truth):
    """The NULLs of connections.person_id are declared (`not_null = "NOT is_hidden"`): a hidden member's
    date-only row names nobody. The sample's truth says how many hidden rows there are."""
    nulls, hidden = sample_con.execute(
        "SELECT count(*) FILTER (WHERE person_id IS NULL), count(*) FILTER (WHERE is_hidden) FROM connections"
    ).fetchone()
    assert nulls == hidden > 0
    declared = {c.name: c for c in contracts.relations()[("main", "connections")].columns}
    assert declared["person_id"].not_null == "NOT is_hidden"


@pytest.mark.parametrize("era", [2018, 2022, 2024])
def test_generated_eras_hold_every_contract(era, tmp_path_factory):
    # one export per ingest, as a monthly refresh does (oldest first), built once per session: test_engagement
    # reads the same history (report_fixtures.era_history)
    db, exports = era_history(tmp_path_factory, era)
    assert len(exports) == 2
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM exports").fetchone() == (2,)
        assert contracts.check(con) == []


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_hand_written_exports_hold_every_contract(fixture, tmp_path):
    db = tmp_path / "db.duckdb"
    run_ingest([FIXTURES / fixture], db, analyse=False, progress=False)
    with duckdb.connect(str(db), read_only=True) as con:
        assert contracts.check(con) == []


def _status_check(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "linkedin_audit", "status", "--check", "--db", str(db)],
        capture_output=True,
        text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


def test_status_check_prints_each_failed_contract_and_exits_1(sample_db, tmp_path):
    ok = _status_check(sample_db)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("every contract holds in ")
    broken = tmp_path / "broken.duckdb"
    shutil.copy(sample_db, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute("UPDATE invitations SET direction = 'sideways' WHERE invitation_id IN (1, 2)")
        con.execute("INSERT INTO people SELECT * FROM people WHERE person_id = 1")
        con.execute(
            "UPDATE connections SET person_id = NULL "
            "WHERE person_id = (SELECT min(person_id) FROM connections)"
        )
        con.execute("ALTER TABLE me ADD COLUMN extra INTEGER")
        con.execute("DROP TABLE meta.person_lookup")
        con.execute("CREATE TABLE scratch AS SELECT 1 AS x")
    out = _status_check(broken)
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        "scratch: a relation no contract describes",
        "meta.person_lookup: missing (every build makes it)",
        "me.extra: a column no contract describes",
        "people: 1 values of the key (person_id) held by several rows",
        "connections.person_id: 1 rows NULL where NOT is_hidden",
        "person_connections.connection_person_id: 1 rows NULL",  # a view over connections
        "invitations.direction: 2 rows hold a value not in (outgoing, incoming)",
    ]
    assert "7 contracts fail" in out.stderr
