"""Whose export is it: an export is merged into a database's history only when it is the same member's.

An export that names its owner (Invitations' profile URLs, messages, Profile.csv) is compared by URL, then by
name. One that cannot (a Connections-only export, say) is compared by what it has: the share of its
connections already in the history. A member's own later export keeps nearly all of them (people rarely
remove connections); another member's shares a few. Below MIN_SHARED it is refused, naming both sides, and
`--same-owner` merges it anyway."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import duckdb

from linkedin_audit.db import first_row
from linkedin_audit.errors import UserError
from linkedin_audit.ingest.database import user_path

MIN_SHARED = 0.5
"""Share of an unnamed export's connections that must already be in the history (by profile URL, else name
and date) to merge it without `--same-owner`."""

_CONNECTION_KEY = (
    "coalesce(url_key(url), name_key(coalesce(first_name, '') || ' ' || "
    "coalesce(last_name, '')) || '|' || coalesce(connected_on, ''))"
)


def _history_owner(con: duckdb.DuckDBPyConnection, export_id: int) -> str:
    row = first_row(
        con.execute(
            "SELECT coalesce(name, url_key) FROM meta.owner_by_export WHERE export_id < ? "
            "AND coalesce(name, url_key) IS NOT NULL ORDER BY export_id DESC LIMIT 1",
            [export_id],
        )
    )
    return row[0] if row else "the member whose history this database holds"


def _owner_mismatch(
    con: duckdb.DuckDBPyConnection, export_id: int, name: str, new_owner: str, source: Path | None = None
) -> str:
    """The refusal names both owners and the two commands that go on: a database of its own, or replace.
    The commands run as printed from any folder: absolute paths, quoted for the shell."""
    row = first_row(
        con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
    )
    db = user_path(Path(row[0]).absolute()) if row and row[0] else Path("DB")
    slug = re.sub(r"[^a-z0-9]+", "-", (new_owner or "other").lower()).strip("-") or "other"
    other = db.with_name(f"{db.stem}-{slug}{db.suffix}")
    export = shlex.quote(str(source.absolute()) if source is not None else name)
    return (
        f"{name} belongs to {new_owner}, not the owner of this database {db} "
        f"({_history_owner(con, export_id)}); to keep both, run `linkedin-audit ingest {export} --db "
        f"{shlex.quote(str(other))}`; to replace {db} (kept as a dated backup), run `linkedin-audit ingest "
        f"{export} --db {shlex.quote(str(db))} --new-db`"
    )


def check_owner(
    con: duckdb.DuckDBPyConnection,
    previous: tuple[str | None, str | None] | None,
    export_id: int,
    name: str,
    same_owner: bool = False,
    source: Path | None = None,
) -> None:
    """Refuse an export of a different member than the database's owner (see the module docstring)."""
    row = first_row(
        con.execute(
            "SELECT url_key, name_key, name FROM meta.owner_by_export WHERE export_id = ?", [export_id]
        )
    )
    new_url, new_name, display = row if row else (None, None, None)
    if previous is not None and (previous[0] or previous[1]) and (new_url or new_name):
        old_url, old_name = previous
        differs = (old_url and new_url and old_url != new_url) or (
            not (old_url and new_url) and old_name and new_name and old_name != new_name
        )
        if differs:
            raise UserError(_owner_mismatch(con, export_id, name, display or new_url, source))
        return
    if same_owner:
        return
    shared, total = first_row(
        con.execute(
            f"WITH new AS (SELECT DISTINCT {_CONNECTION_KEY} AS k FROM raw.connections "
            "WHERE export_id = $1), "
            f"old AS (SELECT DISTINCT {_CONNECTION_KEY} AS k FROM raw.connections WHERE export_id < $1) "
            "SELECT count(*) FILTER (WHERE k IN (SELECT k FROM old)), count(*) FROM new "
            "WHERE EXISTS (SELECT 1 FROM old)",
            [export_id],
        )
    ) or (0, 0)
    if total and shared < MIN_SHARED * total:
        raise UserError(
            f"{name} does not name its owner (no Profile.csv, invitations or messages) and only "
            f"{shared} of its {total} connections are in the history of "
            f"{_history_owner(con, export_id)}: it looks like another member's export. Ingest it "
            "into its own database (--db OTHER.duckdb), or pass --same-owner if it is yours"
        )
