"""A notebook user's own query works after any of ours: the package reads every result to the end.

DuckDB 2.0 keeps a partly read result open (`fetchone()` reads one row), and the connection then refuses
the next `con.sql(...)` with "connection has an unfinished result". In a notebook that connection is the
user's: their `con.sql("...").df()` after one of our helpers would fail. `db.first_row` reads to the end."""

from pathlib import Path

import duckdb
import pytest

from linkedin_audit.analyses import common, local_time
from linkedin_audit.db import first_row
from linkedin_audit.report import findings, since_last

PACKAGE = Path(__file__).resolve().parent.parent / "linkedin_audit"


def test_duckdb_refuses_a_query_after_a_partly_read_result() -> None:
    """The hazard is real in the DuckDB we run (if a release lifts it, this test says the rule may go)."""
    con = duckdb.connect()
    con.execute("SELECT * FROM range(3)").fetchone()
    with pytest.raises(duckdb.Error, match="unfinished result"):
        con.sql("SELECT 1").fetchall()
    fresh = duckdb.connect()
    assert first_row(fresh.execute("SELECT * FROM range(3)")) == (0,)
    assert fresh.sql("SELECT 1").fetchall() == [(1,)]
    assert first_row(fresh.execute("SELECT * FROM range(0)")) is None


def test_the_notebooks_helpers_leave_the_connection_free(sample_con: duckdb.DuckDBPyConnection) -> None:
    for helper in (
        lambda: findings.owner_line(sample_con, False),
        lambda: since_last.counts(sample_con),
        lambda: local_time.clock_in_use(sample_con),
        lambda: common.as_of(sample_con),
        lambda: findings.findings(sample_con),
    ):
        helper()
        assert sample_con.sql("SELECT 42").fetchall() == [(42,)]


def test_no_package_code_reads_one_row_and_leaves_the_rest() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ".fetchone()" in line and not line.lstrip().startswith(("#", "`"))
    ]
    assert not found, f"use linkedin_audit.db.first_row: {found}"
