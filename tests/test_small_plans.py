"""A small database is planned without DuckDB's statistics propagation (ingest/model.py SMALL_PLANS: its
planning cost more than it saved on a few thousand rows); a larger one keeps it. An optimizer choice must not
change a single row: both builds of the sample are compared relation for relation."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from linkedin_audit.build import run_ingest
from linkedin_audit.ingest import model

VOLATILE = {("exports", "ingested_at")}
"""The clock at build time."""


def _relations(db: Path) -> dict[str, list[tuple]]:
    """Every table and view of the main and meta schemas, rows in a fixed order (volatile columns out)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name IN ('main', 'meta') UNION ALL SELECT schema_name, view_name FROM duckdb_views() "
            "WHERE database_name = current_database() AND schema_name IN ('main', 'meta') ORDER BY ALL"
        ).fetchall()
        out = {}
        for schema, name in names:
            columns = [
                c
                for (c,) in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
                    "AND schema_name = ? AND table_name = ? ORDER BY column_index",
                    [schema, name],
                ).fetchall()
                if (name, c) not in VOLATILE
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            query = f"SELECT {listed} FROM {schema}.{name} ORDER BY ALL"
            out[f"{schema}.{name}"] = con.execute(query).fetchall()
        return out
    finally:
        con.close()


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
    for name, rows in small_rows.items():
        assert rows == large_rows[name], name
