"""A small database is planned without DuckDB's statistics propagation (ingest/model.py SMALL_PLANS: its
planning cost more than it saved on a few thousand rows); a larger one keeps it. An optimizer choice must not
change a single row: both builds of the sample are compared relation for relation
(scripts/dump_relations.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from linkedin_audit.build import run_ingest
from linkedin_audit.ingest import model

DUMP = Path(__file__).resolve().parents[1] / "scripts" / "dump_relations.py"


def _relations(db: Path) -> dict[str, str]:
    """Every relation of `db` -> its row count, row hash and columns: the project's own comparison of two
    builds (scripts/dump_relations.py, which leaves the build's clock out)."""
    done = subprocess.run([sys.executable, str(DUMP), str(db)], capture_output=True, text=True, check=True)
    return dict(line.split("\t", 1) for line in done.stdout.splitlines())


def _statistics_propagation_off(db: Path) -> bool:
    """Whether `small_database_plans` turns statistics propagation off on a connection to `db`."""
    con = duckdb.connect(str(db))
    try:
        applied = model.small_database_plans(con)
        disabled = str(con.execute("SELECT current_setting('disabled_optimizers')").fetchall()[0][0])
        assert applied == ("statistics_propagation" in disabled)
        return applied
    finally:
        con.close()


def test_small_database_plans_without_statistics_propagation_and_the_rows_are_the_same(
    sample_exports: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small, large = tmp_path / "small.duckdb", tmp_path / "large.duckdb"
    run_ingest(sample_exports, small, progress=False)
    assert _statistics_propagation_off(small)
    monkeypatch.setattr(model, "SMALL_DATABASE_ROWS", 0)
    run_ingest(sample_exports, large, progress=False)
    assert not _statistics_propagation_off(large)
    small_rows, large_rows = _relations(small), _relations(large)
    assert "main.connections" in small_rows and "meta.person_lookup" in small_rows
    assert small_rows.keys() == large_rows.keys()
    for name, dumped in small_rows.items():
        assert dumped == large_rows[name], name
