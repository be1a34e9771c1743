"""The query commands, `sql`, `tables` and `schema`: the read-only window on the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linkedin_audit.cli.app import (
    PAIR,
    DbOption,
    ExcelSafeOption,
    FormatOption,
    LimitOption,
    NoHeadersOption,
    OutOption,
    app,
    param_pairs,
)
from linkedin_audit.cli.app import db_or_default as _db


@app.command()
def sql(
    query: Annotated[
        str | None,
        typer.Argument(
            help="The SQL (several statements: all run, the last one's result is shown); `-` reads it from "
            "standard input.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the SQL from this file.")] = None,
    fmt: FormatOption = None,
    out: OutOption = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            metavar=PAIR,
            help="A named parameter: `-p min 10` for `$min` in the SQL "
            "(repeatable; the value is text, cast it in SQL when needed, e.g. `$min::INTEGER`).",
        ),
    ] = None,
    no_headers: NoHeadersOption = False,
    limit: LimitOption = None,
    excel_safe: ExcelSafeOption = False,
) -> None:
    """Run SQL on the database, read-only: it can read nothing but the database and write nothing.

    DuckDB's SQL (`linkedin-audit tables` lists the relations, `linkedin-audit schema NAME` their columns).
    COPY, ATTACH, INSTALL/LOAD, reading other files or URLs and SET are refused; save a result with -o."""
    from linkedin_audit.cli.sql import Query, read_query, run_sql

    text = read_query(query, file)
    run_sql(
        Query(
            text,
            params=param_pairs(param),
            fmt=fmt,
            out=out,
            headers=not no_headers,
            limit=limit,
            excel=excel_safe,
        ),
        _db(db),
    )


@app.command()
def tables(db: DbOption = None) -> None:
    """The relations you can query, with their row counts and what each holds (from the schema docs)."""
    from linkedin_audit.cli.paths import readable_db
    from linkedin_audit.cli.schema_docs import print_tables

    print_tables(readable_db(_db(db)))


@app.command()
def schema(
    relation: Annotated[str, typer.Argument(help="A relation, e.g. connections or raw.messages.")],
    db: DbOption = None,
) -> None:
    """The columns of one relation: type, what each means, and which hold other people's data (PII)."""
    from linkedin_audit.cli.schema_docs import print_schema

    print_schema(relation, _db(db))
