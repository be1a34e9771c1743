"""Checks of the paths a command was given, made BEFORE any work: a report whose folder cannot be written
fails in a second, not after every notebook ran; a database under a regular file or in a read-only folder
gets one sentence saying what is wrong instead of a traceback from deep inside DuckDB."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from linkedin_audit.errors import UserError
from linkedin_audit.safe_write import check_target, kind_of


def _file_ancestor(path: Path) -> Path | None:
    """The first ancestor of `path` that exists but is not a folder (`--db notes.txt/x.duckdb`)."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def _not_under_a_file(path: Path, what: str) -> None:
    blocker = _file_ancestor(path)
    if blocker is not None:
        raise UserError(f"{what} {path}: {blocker} is a file, not a folder")


def readable_db(path: Path) -> Path:
    """A database that exists and can be read (sql, status, tables, report)."""
    _not_under_a_file(path, "--db")
    if not path.exists():
        raise UserError(
            f"no database at {path}; run `linkedin-audit ingest EXPORT` first{_sample_hint(path)}"
        )
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a database file; give --db a file name")
    _regular_db(path)  # a FIFO would leave DuckDB waiting forever; a device is no database
    if not os.access(path, os.R_OK):
        raise UserError(f"cannot read {path}: permission denied (check its permissions with `ls -l`)")
    return path


SAMPLE_DB = "sample.duckdb"
"""The bundled sample's database, beside data/linkedin.duckdb (the Makefile's quick start writes it)."""


def _sample_hint(path: Path) -> str:
    """After the quick start only the sample's database exists: say so, with the option that reads it."""
    sample = path.with_name(SAMPLE_DB)
    if path.name == SAMPLE_DB or not sample.is_file():
        return ""
    return f" (the quick start's sample is in {sample}: add `--db {shlex.quote(str(sample))}`)"


def path_tip() -> str | None:
    """When `linkedin-audit` is not on the PATH (after `make`, it is in .venv/bin): how to put it there."""
    here = Path(sys.executable).parent
    mine = here / "linkedin-audit"
    found = shutil.which("linkedin-audit")
    if found is not None and Path(found).absolute() == mine.absolute() or not mine.exists():
        return None
    activate = here / "activate"
    how = f"`source {shlex.quote(str(activate))}`" if activate.exists() else f"add {here} to PATH"
    return f"tip: `linkedin-audit` is not on your PATH: {how} puts it there (or run {shlex.quote(str(mine))})"


def writable_db(path: Path, must_exist: bool = False) -> Path:
    """A database that can be written: DuckDB writes a write-ahead log (`NAME.wal`) beside the file, so the
    folder must be writable too, not only the file (ingest, analyse)."""
    if must_exist:
        readable_db(path)
    _not_under_a_file(path, "--db")
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a database file; give --db a file name")
    _regular_db(path)
    folder = _existing_folder(path)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(
            f"cannot write in {folder} (read-only folder or no permission): DuckDB writes its "
            "write-ahead log beside the database; use a writable folder or fix the permissions"
        )
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise UserError(f"cannot write {path}: permission denied (check its permissions with `ls -l`)")
    return path


def _regular_db(path: Path) -> None:
    """A database is a regular file (or a link to one): `--db /dev/null` is refused before DuckDB opens it
    or `ingest --new-db` renames the device away as a backup; a FIFO before DuckDB waits on it forever."""
    if path.exists() and not path.is_file():
        raise UserError(
            f"refusing to use --db {path}: it is {kind_of(path)}, not a database file; give --db a file name"
        )


def writable_output(path: Path, what: str = "--out") -> Path:
    """A file about to be written (`report --out`, `sql -o`): its folder is created if missing, and must be
    writable; checked before the command does its work."""
    _not_under_a_file(path, what)
    if path.is_dir() and not path.is_symlink():
        raise UserError(f"{what} {path} is a folder; give a file name, e.g. {path / 'report.html'}")
    check_target(path, what)  # a device, a FIFO, a link: refused before any work (safe_write)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder {path.parent}: {exc.strerror or exc}") from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise UserError(
            f"cannot write in {path.parent} (read-only folder or no permission); choose another {what}"
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise UserError(f"cannot overwrite {path}: permission denied")
    return path


def _existing_folder(path: Path) -> Path:
    for parent in path.parents:
        if parent.exists():
            return parent
    return Path(".")
