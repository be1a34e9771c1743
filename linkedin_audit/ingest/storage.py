"""The storage format the database file is written in, so that the DuckDB clients people already have open it.

A DuckDB release writes its own newest storage format by default, which older releases refuse ("Trying to
read a database file with version number 69, but we can only read versions between 64 and 68"): a database
written by DuckDB 2.x would not open in the DuckDB 1.5 CLI, DBeaver driver or Python environment. So every
database linkedin-audit creates is written in the storage format of DuckDB `OLDEST_CLIENT`
(`storage_compatibility_version`, fixed when the file is created and kept by every later write), and a
database an earlier linkedin-audit wrote in a newer format is rewritten in it at its next ingest or
`analyse` (`keep_for_clients`, under the ingest's lock; the content is copied whole, relation for relation).

Why v1.2.0 and not older: the long text columns are stored ZSTD-compressed (ingest/reader.py,
model/06_messages.sql), which the storage formats before v1.2.0 cannot hold. The cost, measured side by side
against DuckDB 2.0's own format, is in the README ("Which DuckDB opens the database")."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

STORAGE_VERSION = "v1.2.0"
"""DuckDB's `storage_compatibility_version` for every database file linkedin-audit creates."""
OLDEST_CLIENT = STORAGE_VERSION.removeprefix("v")
"""The oldest DuckDB release that opens such a file (the CLI, Python, JDBC, ...)."""


def _version(text: str) -> tuple[int, ...]:
    """`v1.2.0+` -> (1, 2, 0); digits only, so a suffix does not matter."""
    parts = text.strip().lstrip("v").rstrip("+").split(".")
    return tuple(int(p) for p in parts if p.isdigit())


def storage_version(con: duckdb.DuckDBPyConnection, database: str | None = None) -> str | None:
    """The storage format of the connection's database (or of the attached `database`), as DuckDB names it
    (`v1.2.0+`: readable by DuckDB 1.2.0 and later); None when DuckDB does not say."""
    rows = con.execute(
        "SELECT tags FROM duckdb_databases() WHERE database_name = coalesce(?, current_database())",
        [database],
    ).fetchall()
    tags = rows[0][0] if rows else None
    return (tags or {}).get("storage_version") if isinstance(tags, dict) else None


def readable_by(version: str | None) -> str:
    """Which DuckDB releases open a file in storage format `version`, in words for `status`."""
    if version is None:
        return "the DuckDB release that wrote it (it does not record its storage version)"
    oldest = ".".join(str(n) for n in _version(version))
    return f"DuckDB {oldest} and later (storage format {version.rstrip('+')})"


def newer_than_chosen(version: str | None) -> bool:
    """Whether a file in storage format `version` is closed to clients we promise it opens in."""
    return version is not None and _version(version) > _version(STORAGE_VERSION)


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def keep_for_clients(db_path: Path, memory_limit: str) -> bool:
    """Rewrite `db_path` in STORAGE_VERSION when an earlier linkedin-audit wrote it in a newer format; True
    when it did. Atomic: the copy is made in `.NAME.tmp-PID` beside it and renamed over it, so an
    interruption leaves the original (and the stale copy is removed by the next ingest). The caller holds
    the database's lock and its private umask."""
    if not db_path.exists():
        return False
    con = duckdb.connect(config={"memory_limit": memory_limit})
    try:
        con.execute(f"ATTACH {_literal(db_path)} AS old")
        if not newer_than_chosen(storage_version(con, "old")):
            return False
        con.execute("CHECKPOINT old")  # its WAL folded in: the copy below is the whole database
        tmp = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        con.execute(f"ATTACH {_literal(tmp)} AS new (STORAGE_VERSION '{STORAGE_VERSION}')")
        try:
            con.execute("COPY FROM DATABASE old TO new")
            con.execute("DETACH new")
            con.execute("DETACH old")
            os.chmod(tmp, 0o600)
            os.replace(tmp, db_path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
            raise
        return True
    finally:
        con.close()
