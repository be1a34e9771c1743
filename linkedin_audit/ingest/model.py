"""The model layer (sql/model/*.sql, in name order), built after the exports of an ingest are loaded.

Every file is rebuilt from the whole history, except `06_messages.sql`: messages are merged one export at a
time, each export once (`meta.merged_exports`), so that a new month's export costs what is new in it (see the
file). Messages merged by another version of that SQL or of DuckDB (`meta.message_merge_version`), or built
whole by an earlier linkedin-audit, are merged again from raw."""

from __future__ import annotations

import hashlib
from importlib import resources

import duckdb

from linkedin_audit.db import scalar

PER_EXPORT = "06_messages.sql"
"""The model file run once per export not merged yet, with `temp.merging` holding that export's id."""
MERGING = "CREATE OR REPLACE TEMP TABLE merging AS SELECT ?::INTEGER AS export_id"
REFRESH = "06_messages_identity.sql"
"""The model file that refreshes identity on messages merged by earlier ingests (none: skipped)."""


def sql_files(layer: str) -> list[tuple[str, str]]:
    """(name, text) of the layer's SQL files, in name order."""
    folder = resources.files("linkedin_audit.ingest").joinpath("sql", layer)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return [(f.name, f.read_text()) for f in files]


MERGE_INPUTS = (
    "staging/00_macros.sql",
    "staging/12_messages.sql",
    "model/06_message_senders.sql",
    f"model/{PER_EXPORT}",
)
"""The SQL that makes a merged message row: stored rows and keys are valid only for the version that made
them (with DuckDB's version: its `hash()` may change between releases)."""


def merge_version() -> str:
    """DuckDB's version and the text of MERGE_INPUTS, hashed."""
    folder = resources.files("linkedin_audit.ingest").joinpath("sql")
    digest = hashlib.sha256(duckdb.__version__.encode())
    for path in MERGE_INPUTS:
        digest.update(folder.joinpath(path).read_bytes())
    return digest.hexdigest()


def _pending_exports(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Exports whose messages are not merged yet, oldest id first; all of them, after the merged messages are
    dropped, when another version merged them (or an earlier linkedin-audit built them whole)."""
    version = merge_version()
    con.execute("CREATE TABLE IF NOT EXISTS meta.message_merge_version (version VARCHAR)")
    made_by = scalar(con, "SELECT any_value(version) FROM meta.message_merge_version")
    if made_by != version:
        con.execute(
            "DROP TABLE IF EXISTS messages; DROP TABLE IF EXISTS meta.message_keys; "
            "DROP TABLE IF EXISTS meta.merged_exports; DELETE FROM meta.message_merge_version"
        )
        con.execute("INSERT INTO meta.message_merge_version VALUES (?)", [version])
    con.execute("CREATE TABLE IF NOT EXISTS meta.merged_exports (export_id INTEGER)")
    rows = con.execute(
        "SELECT export_id FROM exports WHERE export_id NOT IN (SELECT export_id FROM meta.merged_exports) "
        "ORDER BY export_id"
    ).fetchall()
    return [int(r[0]) for r in rows]


def build_model(con: duckdb.DuckDBPyConnection) -> None:
    """Run the model files; merge each pending export's messages in turn."""
    merged_before = False
    for name, text in sql_files("model"):
        if name == PER_EXPORT:
            pending = _pending_exports(con)
            merged_before = bool(scalar(con, "SELECT count(*) FROM meta.merged_exports"))
            for export_id in pending:
                con.execute(MERGING, [export_id])
                con.execute(text)
                con.execute("INSERT INTO meta.merged_exports VALUES (?)", [export_id])
        elif name != REFRESH or merged_before:
            con.execute(text)
    for temp in ("merging", "message_senders", "message_owner"):
        con.execute(f"DROP TABLE IF EXISTS temp.{temp}")
