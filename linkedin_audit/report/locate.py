"""Where the audit database is, however a notebook or command is started.

A notebook opened in JupyterLab runs in `notebooks/`, so a relative default misses the database. The order,
first match wins: an explicit path (a notebook's `db` parameter, which `linkedin-audit report` sets to its
`--db` in the cell it injects: report/parameters.py), else $LINKEDIN_AUDIT_DB, else the database the last
successful `ingest` wrote (a one-line state file in the user's state folder), else data/linkedin.duckdb in
the current folder or the nearest folder above it that has one."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from linkedin_audit.config import DB_ENV, DEFAULT_DB
from linkedin_audit.state import last_db, state_file


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
