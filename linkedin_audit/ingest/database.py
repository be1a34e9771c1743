"""Opening the database safely, and the atomic unit every ingest writes in.

A new database (or `--new-db`) is built in a temporary file next to the target (`.NAME.tmp-PID-RANDOM`) and
moved into place with an atomic rename only when everything succeeded; an existing database is updated inside
ONE DuckDB transaction. Either way a failed or SIGKILLed ingest leaves the previous database exactly as it
was."""

from __future__ import annotations

import datetime as dt
import errno
import glob
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from linkedin_audit.db import first_row, relation_exists, scalar
from linkedin_audit.errors import UserError
from linkedin_audit.ingest import guard
from linkedin_audit.ingest.storage import STORAGE_VERSION, keep_for_clients

MEMORY_LIMIT = os.environ.get("LINKEDIN_AUDIT_MEMORY_LIMIT", "512MB")
"""DuckDB's own memory (buffer cache, hash tables; it spills to disk beyond). Its default, 80 % of RAM, let
the max-scale ingest keep ~1.6 GB of cached blocks on top of the analyses' Python memory (3.3 GB peak; 1.8 GB
with 512 MB, and no slower)."""

DIRECT_CHECKPOINT = "0KB"
"""`checkpoint_threshold` for the commit of a new database's build: a commit whose WAL would exceed it
checkpoints instead of writing the WAL."""

SMALL_DATABASE_ROWS = 200_000
"""Up to this many rows loaded from all its exports (`exports.rows`), a database is written without FSST
string compression (`small_database_storage`)."""


DuckConfig = dict[str, str | bool | int | float | list[str]]
READ_ONLY_LOCKDOWN: DuckConfig = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}
"""What a read-only connection (sql, status, notebooks, report) may not do: read or write any file but the
database (COPY TO, ATTACH, read_csv/read_text, EXPORT), install or load an extension (no network), or `SET`
these back (the configuration is locked). DuckDB applies them after opening the database file itself."""


def connect(path: Path, read_only: bool = False, spill: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the database; `read_only=True` also locks it down (READ_ONLY_LOCKDOWN); `spill`: the folder
    DuckDB spills to (default: `NAME.tmp/` beside the database). Failures to open become one UserError
    sentence saying what to do."""
    config: DuckConfig = {"memory_limit": MEMORY_LIMIT}
    if spill is not None:
        config["temp_directory"] = str(spill)
    if read_only and spill is None:
        config.update(READ_ONLY_LOCKDOWN)
    if not read_only:  # a file it creates opens in the DuckDB clients people have (ingest/storage.py)
        config["storage_compatibility_version"] = STORAGE_VERSION
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.Error as exc:
        raise open_error(path, exc) from None
    if read_only and spill is not None:
        # DuckDB refuses temp_directory beside enable_external_access=false in one config: the lockdown is
        # applied right after, before any other statement runs (lock_configuration last)
        for key, value in READ_ONLY_LOCKDOWN.items():
            con.execute(f"SET {key} = {str(value).lower()}")
    global last_opened
    last_opened = Path(path)
    try:
        check_intact(con, Path(path))
    except BaseException:
        con.close()
        raise
    return con


last_opened: Path | None = None
"""The database this process opened last: the CLI names it when DuckDB reports damage mid-command."""

HEADER_BYTES = 3 * 4096
"""A DuckDB file's main header and its two database headers, before the first block."""


def check_intact(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A file shorter than the blocks in use (a truncated copy, a disk that filled up) is refused as damaged
    at once, instead of failing half-way through a command. Blocks in use, not all the blocks the header
    counts: a checkpoint cuts free blocks off the end of the file (tables replaced or dropped last), so a
    sound file can be shorter than its total (a max-scale ingest's database: 1,736 blocks counted, 1,583 in
    the file, 423 free) and was refused as damaged. Skipped while a WAL is beside it (its replay may list
    blocks not yet in the file)."""
    if not path.is_file() or path.with_name(path.name + ".wal").exists():
        return
    rows = con.execute("SELECT block_size, used_blocks FROM pragma_database_size()").fetchall()
    row = rows[0] if rows else None  # fetched to the end: duckdb 2 refuses the next query otherwise
    if row and row[1] and path.stat().st_size < HEADER_BYTES + row[0] * row[1]:
        raise damaged(path)


DAMAGE_SIGNS = ("corrupt database file", "could not read enough bytes", "checksum", "failed to read block")


def is_damage(exc: BaseException) -> bool:
    """DuckDB reporting a damaged file mid-query (a bad block, a checksum, a short read)."""
    return isinstance(exc, duckdb.Error) and any(s in str(exc).lower() for s in DAMAGE_SIGNS)


def open_error(path: Path, exc: Exception) -> UserError:
    """The sentence for a database DuckDB could not open: permissions, a lock, a folder, or not DuckDB."""
    text = str(exc).lower()
    if "permission denied" in text:
        return UserError(
            f"cannot open {path}: permission denied (check the file's and its folder's "
            "permissions, e.g. `ls -l`)"
        )
    if "lock" in text:
        return UserError(
            f"the database {path} is in use by another process (DuckDB allows one writer); close it and retry"
        )
    if "is a directory" in text or path.is_dir():
        return UserError(f"{path} is a folder, not a database file; give --db a file name")
    if "same database file with a different configuration" in text:  # DuckDB: one configuration per process
        return UserError(
            f"the database {path} is already open in this process with other settings (e.g. a "
            "`duckdb.connect` of yours in this notebook or script); close that connection, or query "
            "through it, and retry"
        )
    return UserError(f"{path} is not a DuckDB database this version can open")


def build_path(db_path: Path) -> Path:
    """A new database is built as `.NAME.tmp-PID-RANDOM` beside NAME (an unpredictable name: nobody can plant
    a link there first; stale ones match `.NAME.tmp-*`), then renamed."""
    return db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}-{secrets.token_hex(8)}")


def user_path(path: Path) -> Path:
    """The database a member named, for a connection's file that may be a build (`build_path`): messages name
    the database they gave, never the temporary file that becomes it."""
    found = re.fullmatch(r"\.(?P<name>.+)\.tmp-\d+-[0-9a-f]{16}", path.name)
    return path.with_name(found["name"]) if found else path


def _remove_stale_builds(db_path: Path) -> None:
    """Temporary builds left by a killed ingest (`.NAME.tmp-PID-RANDOM`, its WAL) are deleted. Called with the
    database's lock held (ingest/guard.py), so no other ingest is building one."""
    for tmp in db_path.parent.glob(f".{glob.escape(db_path.name)}.tmp-*"):
        tmp.unlink(missing_ok=True)


def small_database_storage(con: duckdb.DuckDBPyConnection) -> bool:
    """Before the commit that writes the file: a small database's strings are stored without FSST compression,
    whose analysis is a cost per column segment, not per row. On a typical export (3,700 connections, 2,000
    messages) it was half of the checkpoint (0.065 of 0.14 s of CPU) for 5 % of the file (21.0 -> 22.0 MB:
    dictionary and uncompressed segments instead; the long texts keep their ZSTD). A larger database keeps
    FSST: there it saves more bytes than it costs time. True when it applied. The rows are the same either
    way, and every DuckDB that reads the storage version reads both (test_storage_clients)."""
    rows = scalar(con, "SELECT sum(rows) FROM exports") if relation_exists(con, "exports") else None
    if rows is None or rows > SMALL_DATABASE_ROWS:
        return False
    con.execute("SET disabled_compression_methods = 'fsst'")
    return True


def backup_name(db_path: Path, now: dt.datetime | None = None) -> Path:
    """Where `--new-db` keeps the database it replaces: `NAME.backup-YYYYMMDD-HHMMSS` beside it."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = db_path.with_name(f"{db_path.name}.backup-{stamp}")
    n = 2
    while candidate.exists():
        candidate = db_path.with_name(f"{db_path.name}.backup-{stamp}-{n}")
        n += 1
    return candidate


@dataclass
class Outcome:
    """What the build did besides its data: the backup it kept, a warning for a commit whose checkpoint
    failed (the data is safe in the WAL)."""

    backup: Path | None = None
    warning: str | None = None


def _disk_full(exc: BaseException) -> bool:
    text = str(exc).lower()
    return (
        isinstance(exc, OSError)
        and exc.errno == errno.ENOSPC
        or "no space left" in text
        or "disk is full" in text
    )


@contextmanager
def _private_files() -> Iterator[None]:
    """Every file DuckDB creates meanwhile (the build, its WAL, temp spill files) is readable by the user
    only: they hold other people's data. A umask, because DuckDB creates its files itself."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


@contextmanager
def target(
    db_path: Path, new_db: bool, outcome: Outcome | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to write into; committed/renamed only if the block finishes without an exception."""
    with _private_files():
        with _build(db_path, new_db, outcome or Outcome()) as con:
            yield con


@contextmanager
def _build(db_path: Path, new_db: bool, outcome: Outcome) -> Iterator[duckdb.DuckDBPyConnection]:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(db_path)
    if new_db:
        check_ours(db_path)  # --new-db moves a database aside as a backup: never another program's
    if new_db or not db_path.exists():
        tmp = build_path(db_path)
        con = connect(tmp)
        try:
            con.execute("BEGIN TRANSACTION")  # one commit: no fsync per statement
            yield con
            # The commit checkpoints at once (any WAL is over the threshold): the file is written once, not
            # the WAL first and then the file (~0.02 s of CPU for a typical export). Only here: a failure
            # discards the whole temporary file anyway; an existing database keeps COMMIT then CHECKPOINT.
            con.execute(f"SET checkpoint_threshold = '{DIRECT_CHECKPOINT}'")
            small_database_storage(con)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")  # nothing left to do when the commit checkpointed
            con.close()
            os.chmod(tmp, 0o600)
            if db_path.exists():  # --new-db: the history it replaces is kept, never deleted
                outcome.backup = backup_name(db_path)
                os.replace(db_path, outcome.backup)
                os.chmod(outcome.backup, 0o600)
                wal = db_path.with_name(db_path.name + ".wal")
                if wal.exists():
                    os.replace(wal, outcome.backup.with_name(outcome.backup.name + ".wal"))
            os.replace(tmp, db_path)
            guard.saved()
        except BaseException as exc:
            con.close()
            if outcome.backup is not None and not db_path.exists():  # interrupted between the two renames
                os.replace(outcome.backup, db_path)
                outcome.backup = None
            tmp.unlink(missing_ok=True)
            tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
            if _disk_full(exc):
                raise UserError(
                    f"the disk holding {db_path.parent} is full; nothing was written "
                    f"({'the database is unchanged' if db_path.exists() else 'no database'}"
                    "); free some space and retry"
                ) from None
            raise
        return
    keep_for_clients(db_path, MEMORY_LIMIT)
    con = connect(db_path)
    committed = False
    try:
        con.execute("BEGIN TRANSACTION")
        yield con
        small_database_storage(con)  # for the CHECKPOINT after the commit
        with guard.committing():  # a signal during the COMMIT is only recorded: the commit decides
            con.execute("COMMIT")
            committed = True
            guard.saved()
        con.execute("CHECKPOINT")
    except BaseException as exc:
        if committed:  # the export is in the database (its WAL); only folding the WAL into the file failed
            outcome.warning = (
                f"the export is saved, but {db_path.name} could not be compacted ("
                f"{'disk full' if _disk_full(exc) else str(exc).splitlines()[0]}); its "
                f"changes stay in {db_path.name}.wal until the next write. Free some space"
            )
            return
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        if _disk_full(exc):
            raise UserError(
                f"the disk holding {db_path} is full; the ingest was rolled back and the "
                "database is unchanged; free some space and retry"
            ) from None
        if isinstance(exc, duckdb.IOException):
            raise damaged(db_path) from None
        raise
    finally:
        con.close()


OUR_MARK = ("exports", "fingerprint")
"""What makes a database linkedin-audit's: a main.exports table with a fingerprint column (every ingest
writes it first). A database with other tables and not this one belongs to another program."""


def holdings(con: duckdb.DuckDBPyConnection, most: int = 4) -> str:
    """The tables a database holds, for a sentence: `people (2 columns, 3 rows), orders (...)`."""
    tables = con.execute(
        "SELECT schema_name, table_name, column_count, estimated_size FROM duckdb_tables() "
        "WHERE NOT internal AND NOT temporary ORDER BY schema_name <> 'main', schema_name, table_name"
    ).fetchall()
    views = scalar(con, "SELECT count(*) FROM duckdb_views() WHERE NOT internal AND NOT temporary") or 0
    shown = [
        f"{name if schema == 'main' else schema + '.' + name} ({cols} column{'s' * (cols != 1)}, "
        f"{rows:,} row{'s' * (rows != 1)})"
        for schema, name, cols, rows in tables[:most]
    ]
    if len(tables) > most:
        shown.append(f"{len(tables) - most} more table(s)")
    if views:
        shown.append(f"{views} view(s)")
    return ", ".join(shown) or "nothing"


def foreign(
    con: duckdb.DuckDBPyConnection,
    db_path: Path,
    then: str = "it is left untouched (give --db another file name)",
) -> UserError | None:
    """The refusal for a database another program made (tables, none of them ours), else None. An empty
    database is not foreign: an ingest fills it."""
    table, column = OUR_MARK
    ours = scalar(
        con,
        "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = ? AND column_name = ?",
        [table, column],
    )
    if ours:
        return None
    if holdings(con) == "nothing":
        return None
    return UserError(f"{db_path} is not a linkedin-audit database: it holds {holdings(con)}; {then}")


def check_ours(db_path: Path) -> None:
    """Refuse, before `--new-db` moves it aside, a database that another program made (see `foreign`); a
    damaged file is moved aside as the backup (that is how one rebuilds it)."""
    if not db_path.exists():
        return
    try:
        con = connect(db_path, read_only=True)
    except UserError:
        return  # not a database at all (damaged, truncated): --new-db keeps it as the backup, as before
    try:
        refusal = foreign(con, db_path)
    except duckdb.Error:
        return
    finally:
        con.close()
    if refusal is not None:
        raise refusal


def existing(db_path: Path) -> tuple[set[str], tuple[str | None, str | None] | None]:
    """Fingerprints already ingested and the current owner, from a read-only look at the database."""
    if not db_path.exists():
        return set(), None
    con = connect(db_path, read_only=True)
    try:
        if scalar(
            con,
            "SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'raw' "
            "AND column_name = 'line' AND table_name <> 'rejected_lines'",
        ):
            raise UserError(
                f"{db_path} was built by an earlier linkedin-audit (its raw tables number "
                "records in a `line` column); rebuild it from your exports with --new-db"
            )
        refusal = foreign(con, db_path)
        if refusal is not None:
            raise refusal
        fps = (
            {r[0] for r in con.execute("SELECT fingerprint FROM exports").fetchall()}
            if relation_exists(con, "exports")
            else set()
        )
        owner = None
        if relation_exists(con, "me"):
            row = first_row(con.execute("SELECT url_key, name_key(name) FROM me"))
            owner = (row[0], row[1]) if row else None
        return fps, owner
    except duckdb.Error:
        raise damaged(db_path) from None
    finally:
        con.close()


def damaged(db_path: Path) -> UserError:
    """A database file DuckDB opens but cannot read to the end (truncated copy, disk error)."""
    return UserError(
        f"{db_path} is not a DuckDB database this version can open (it looks truncated or "
        "damaged); restore a backup or rebuild it with --new-db"
    )
