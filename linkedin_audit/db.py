"""The two questions every layer asks the database (does a relation exist; what is this one value), and the
check an analysis step makes that what it reads was built before it. One module, so ingest, analyses and
report ask them the same way."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

_RELATIONS = (
    "SELECT name FROM (SELECT database_name, schema_name, table_name AS name, temporary "
    "FROM duckdb_tables() UNION ALL SELECT database_name, schema_name, view_name, temporary "
    "FROM duckdb_views() WHERE NOT internal) "
    "WHERE database_name = current_database() AND schema_name = ? AND NOT temporary"
)


def relation_exists(con: duckdb.DuckDBPyConnection, name: str, schema: str = "main") -> bool:
    """Whether table or view `schema.name` exists in the connection's database (not temporary ones, not
    DuckDB's own views). Sees what the connection's open transaction created."""
    return bool(con.execute(f"{_RELATIONS} AND name = ?", [schema, name]).fetchall())


def main_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables and views of the main schema (the model and the analyses' relations)."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {r[0] for r in rows}


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] | None = None) -> Any:
    """The first column of the first row of a one-row query `sql`, or None when it returns no row. Fetched to
    the end: duckdb 2.0 refuses the connection's next `con.sql(...)` while a result is only partly read."""
    rows = con.execute(sql, list(params or [])).fetchall()
    return rows[0][0] if rows else None


def first_row(result: duckdb.DuckDBPyConnection) -> tuple[Any, ...] | None:
    """The first row of an executed query (None when it returned none), fetched to the end. Not
    `fetchone()`: duckdb 2.0 keeps a partly read result open, and the connection then refuses the next
    `con.sql(...)` ("connection has an unfinished result"): a notebook user's own query after ours."""
    rows = result.fetchall()
    return rows[0] if rows else None


class MissingRelation(RuntimeError):
    """An analysis step ran before the step that builds a relation it reads (a programming error)."""


def require(con: duckdb.DuckDBPyConnection, step: str, *names: str) -> None:
    """Fail clearly when a relation `step` reads is absent, instead of computing something else: the model
    builds the model relations, `analyses.pipeline` runs the steps in the order their inputs need."""
    present = {r[0] for r in con.execute(_RELATIONS, ["main"]).fetchall()}  # one look for every name
    missing = [n for n in names if n not in present]
    if missing:
        raise MissingRelation(
            f"{step} reads {', '.join(missing)}, which is not built yet "
            "(run the model and the earlier analysis steps first)"
        )
