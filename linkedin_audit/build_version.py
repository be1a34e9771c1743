"""Which code built a database's model and analyses: a fingerprint stored in `meta.build_version`.

Why: a member who upgrades linkedin-audit keeps the database the previous version built. `ingest` with
nothing new used to leave it as it was, so the report met relations of another shape (a notebook failed on
a column the new code reads) or verdicts made by the old rules. With the fingerprint, `ingest` and
`refresh` rebuild the model and the analyses from the raw layer when the code that decides them changed
(seconds: nothing is read from the exports again), `analyse` does the same, and `report` and `lab` say in
one line what to run. What counts as that code: every .py, .sql and .toml file of the package except the
command line, the report, the notebooks and the generator, which read the database but do not decide it."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import duckdb

from linkedin_audit.db import relation_exists, scalar

TABLE = "meta.build_version"
PACKAGE = Path(__file__).resolve().parent
NOT_DECIDING = ("cli", "report", "synth", "notebooks", "entry.py", "__main__.py")
"""Top-level folders and files of the package whose code reads the database or starts the commands but does
not decide its contents."""


@functools.cache
def code_version() -> str:
    """sha256 of the package files that decide the model and analyses (names and contents), and of
    DuckDB's version (its functions compute them)."""
    digest = hashlib.sha256(duckdb.__version__.encode())
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE)
        if (
            path.suffix not in (".py", ".sql", ".toml")
            or relative.parts[0] in NOT_DECIDING
            or "__pycache__" in relative.parts
            or not path.is_file()
        ):
            continue
        digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def built_by(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint stored in the database; None when an earlier linkedin-audit (before the fingerprint)
    built it or it was never analysed."""
    if not relation_exists(con, "build_version", schema="meta"):
        return None
    return scalar(con, f"SELECT any_value(version) FROM {TABLE}")


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this code built the database's model and analyses."""
    return built_by(con) == code_version()


def analysed_by_another(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database holds analyses another version of the code made (exports and `audit_summary`
    there, the stamp absent or different): what `report`, `lists` and `status --check` must not read as
    this code's."""
    return relation_exists(con, "exports") and relation_exists(con, "audit_summary") and not is_current(con)


def stamp(con: duckdb.DuckDBPyConnection) -> None:
    """Record that this code built the model and analyses (inside the build's transaction)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS meta")
    con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (version VARCHAR NOT NULL)")
    con.execute(f"DELETE FROM {TABLE}")
    con.execute(f"INSERT INTO {TABLE} VALUES (?)", [code_version()])


def stale_message(db_path: Path | str) -> str:
    """What to tell a member whose database another version built."""
    return (
        f"{db_path} was analysed by another version of linkedin-audit; run `linkedin-audit analyse "
        f'--db "{db_path}"` to bring it up to date (a few seconds; your exports are not read again)'
    )
