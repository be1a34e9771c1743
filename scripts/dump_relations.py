"""Dump every relation of a database, row for row, to compare two builds (e.g. before and after a refactor).

    python scripts/dump_relations.py data/sample.duckdb > before.txt   # later: after.txt, then diff them

One line per relation: schema.name, its row count, its columns and types, and a hash of its rows in a fixed
order (`ORDER BY ALL`). Columns that hold the time of the build (`ingested_at`) are left out of the hash, as
is the version hash of the message merge (it changes with the SQL's text, not with the rows)."""

from __future__ import annotations

import hashlib
import sys

import duckdb

VOLATILE = {("main", "exports", "ingested_at")}
"""Columns whose values are the clock at build time."""


def dump(path: str) -> list[str]:
    con = duckdb.connect(path, read_only=True)
    rows = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "UNION ALL SELECT schema_name, view_name FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT internal ORDER BY ALL"
    ).fetchall()
    lines = []
    for schema, name in rows:
        cols = con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = ? AND table_name = ? ORDER BY column_index",
            [schema, name],
        ).fetchall()
        kept = [c for c, _ in cols if (schema, name, c) not in VOLATILE]
        select = ", ".join(f'"{c}"' for c in kept) or "1"
        digest = hashlib.sha256()
        count = 0
        result = con.execute(f'SELECT {select} FROM "{schema}"."{name}" ORDER BY ALL')
        while batch := result.fetchmany(10_000):
            for row in batch:
                digest.update(repr(row).encode())
                count += 1
        types = ",".join(f"{c}:{t}" for c, t in cols)
        lines.append(f"{schema}.{name}\t{count}\t{digest.hexdigest()[:16]}\t{types}")
    con.close()
    return lines


if __name__ == "__main__":
    sys.stdout.write("\n".join(dump(sys.argv[1])) + "\n")
