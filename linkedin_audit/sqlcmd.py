"""`linkedin-audit sql`: run one query on a read-only connection and print it as a table, CSV or JSON."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, TextIO

import duckdb
from rich.console import Console
from rich.table import Table

from linkedin_audit.errors import UserError
from linkedin_audit.ingest.database import connect

FORMATS = ("table", "csv", "json")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value if isinstance(value, str | int | float | bool | list | dict | type(None)) else str(value)


def run_sql(query: str, db_path: Path, fmt: str = "table", out: TextIO | None = None) -> int:
    """Print the result of `query`; returns the number of rows. The connection is read-only, so the query
    cannot change the database."""
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not db_path.exists():
        raise UserError(f"no database at {db_path}; run `linkedin-audit ingest EXPORT` first")
    out = out or sys.stdout
    con = connect(db_path, read_only=True)
    try:
        try:
            cursor = con.execute(query)
        except duckdb.Error as exc:
            raise UserError(f"the query failed: {str(exc).splitlines()[0]}") from None
        if cursor.description is None:
            return 0
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        con.close()
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
    elif fmt == "json":
        json.dump([{n: _jsonable(v) for n, v in zip(names, row, strict=True)} for row in rows], out,
                  ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        table = Table()
        for name in names:
            table.add_column(name)
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        Console(file=out).print(table)
    return len(rows)
