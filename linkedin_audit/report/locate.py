"""Where the audit database is, however a notebook or command is started.

A notebook opened in JupyterLab runs in `notebooks/`, so a relative default misses the database. The order,
first match wins: an explicit path (a notebook's `db` parameter, `--db`), else $LINKEDIN_AUDIT_DB, else the
database the last successful `ingest` wrote (a one-line state file in the user's state folder), else
data/linkedin.duckdb in the current folder or the nearest folder above it that has one."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from linkedin_audit.config import DB_ENV, DEFAULT_DB

STATE_ENV = "XDG_STATE_HOME"
STATE_NAME = "last-db"


def state_dir() -> Path:
    """$XDG_STATE_HOME/linkedin-audit, else ~/.local/state/linkedin-audit (the XDG default)."""
    base = os.environ.get(STATE_ENV) or str(Path.home() / ".local" / "state")
    return Path(base) / "linkedin-audit"


def state_file() -> Path:
    return state_dir() / STATE_NAME


def record_last_db(db: Path) -> None:
    """Remember the database an ingest just wrote, so notebooks started anywhere find it. Best effort:
    a read-only home, or a state file that is not a regular file, must not fail an ingest that succeeded
    (the file is then left as it is)."""
    from linkedin_audit.errors import UserError
    from linkedin_audit.safe_write import private_dir, write_text

    try:
        target = state_file()
        private_dir(target.parent)  # 0700: it names where the member's data is
        write_text(target, f"{Path(db).resolve()}\n", "the state file")  # 0600, a regular file only
    except (OSError, UserError):
        pass


def last_db() -> Path | None:
    """The database the last ingest recorded, if the record exists and the file is still there."""
    try:
        text = state_file().read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = Path(text) if text else None
    return path if path is not None and path.exists() else None


def walk_up(start: Path, relative: Path = DEFAULT_DB) -> Path | None:
    """`relative` (data/linkedin.duckdb) under `start` or the nearest parent that has it."""
    for folder in (start, *start.parents):
        candidate = folder / relative
        if candidate.exists():
            return candidate
    return None


@dataclass(frozen=True)
class Found:
    """A database path and the words saying how it was found (shown in notebooks and errors)."""

    path: Path
    how: str


def find_db(explicit: str | Path | None = None, start: Path | None = None) -> Found:
    """The database to read, and how it was found. When nothing matches, the path is the relative default
    (which does not exist) and `how` lists what was tried, for the caller's error message."""
    if explicit:
        return Found(Path(explicit), "given: --db or the notebook's db parameter")
    env = os.environ.get(DB_ENV)
    if env:
        return Found(Path(env), f"${DB_ENV}")
    recorded = last_db()
    if recorded is not None:
        return Found(recorded, f"the last `linkedin-audit ingest` (recorded in {state_file()})")
    here = (start or Path.cwd()).resolve()
    walked = walk_up(here)
    if walked is not None:
        return Found(walked, f"{DEFAULT_DB} found from {here}")
    return Found(
        DEFAULT_DB,
        f"no db parameter, no ${DB_ENV}, no database recorded by an ingest, and no "
        f"{DEFAULT_DB} in {here} or a folder above it",
    )
