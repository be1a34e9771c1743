"""Running the SQL graph (ingest/graph.py): the load layer as each export is loaded, then the build.

`load_layers` runs the staging views and the per_export files (meta.owner_by_export) for the export just
loaded. `build_model` runs every other file in the graph's order: tables are rebuilt from the whole history;
the incremental file (messages) runs once per export not merged yet (`meta.merged_exports`), so that a new
month's export costs what is new in it (see the file). Messages merged by another version of its SQL or of
DuckDB (`meta.message_merge_version`), or built whole by an earlier linkedin-audit, are merged again from
raw."""

from __future__ import annotations

import hashlib

import duckdb

from linkedin_audit.db import relation_exists, scalar
from linkedin_audit.ingest import graph
from linkedin_audit.ingest.database import SMALL_DATABASE_ROWS

MERGING = "CREATE OR REPLACE TEMP TABLE merging AS SELECT ?::INTEGER AS export_id"
"""`temp.merging`: the export an incremental file merges (getvariable('export_id') names it too)."""
EXPORT_VARIABLE = "SET VARIABLE export_id = ?::INTEGER"


def sql_files(layer: str) -> list[tuple[str, str]]:
    """(name, text) of one folder's SQL files, in build order (staging's macros file first)."""
    return [(f.path.split("/", 1)[1], f.text) for f in graph.files() if f.folder == layer]


def merge_inputs() -> list[graph.SqlFile]:
    """The SQL that makes a merged message row: the macros, the files making what the incremental file reads
    directly (staging.messages, temp.message_senders, temp.message_owner) and the file itself. Stored rows and
    keys are valid only for the version that made them (with DuckDB's version: its `hash()` may change)."""
    files = graph.files()
    merging = [f for f in files if f.materialize == "incremental"]
    reads = {r for f in merging for r in f.reads}
    return [f for f in files if f.materialize == "macros" or f.relation in reads or f in merging]


def merge_version() -> str:
    """DuckDB's version and the text of merge_inputs() (without their headers), hashed."""
    digest = hashlib.sha256(duckdb.__version__.encode())
    for f in merge_inputs():
        digest.update(f.body.encode())
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


def load_layers(con: duckdb.DuckDBPyConnection, export_id: int) -> None:
    """As an export is loaded: (re)define the staging views, run the per_export files for it."""
    con.execute(EXPORT_VARIABLE, [export_id])
    for f in graph.files():
        if graph.at_load(f):
            con.execute(f.text)


def define_staging(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)define the macros and staging views without loading an export: a rebuild by another version of
    the code (build_version.py) must not read staging as the old code defined it."""
    for f in graph.files():
        if f.folder == "staging":
            con.execute(f.text)


SMALL_PLANS = "SET disabled_optimizers = 'statistics_propagation'"
"""For a small database's build and analyses: DuckDB's statistics propagation (column min/max carried up the
plan, to prune filters and pick compact aggregates) costs ~0.3 ms of planning a statement and saves nothing
on a few thousand rows; without it a typical export's build and analyses took ~30 ms less CPU (of ~0.7 s).
The rows are the same either way (an optimizer choice); a larger database keeps it."""


def small_database_plans(con: duckdb.DuckDBPyConnection) -> bool:
    """SMALL_PLANS on this connection when the database holds up to SMALL_DATABASE_ROWS rows loaded from all
    its exports; True when it applied."""
    rows = scalar(con, "SELECT sum(rows) FROM exports") if relation_exists(con, "exports") else None
    if rows is None or rows > SMALL_DATABASE_ROWS:
        return False
    con.execute(SMALL_PLANS)
    return True


def build_model(con: duckdb.DuckDBPyConnection) -> None:
    """Run the build's files in the graph's order; the incremental file once per pending export. A small
    database is planned without statistics propagation (SMALL_PLANS), the analyses after it too."""
    small_database_plans(con)
    merged_before = False
    for f in graph.files():
        if graph.at_load(f):
            continue
        if f.materialize == "incremental":
            pending = _pending_exports(con)
            merged_before = bool(scalar(con, "SELECT count(*) FROM meta.merged_exports"))
            for export_id in pending:
                con.execute(MERGING, [export_id])
                con.execute(EXPORT_VARIABLE, [export_id])
                con.execute(f.text)
                con.execute("INSERT INTO meta.merged_exports VALUES (?)", [export_id])
        elif f.materialize != "refresh" or merged_before:
            con.execute(f.text)
    temps = [f.relation for f in graph.files() if f.materialize == "temp" and f.relation]
    for temp in ["temp.merging", *temps]:
        con.execute(f"DROP TABLE IF EXISTS {temp}")
    con.execute("RESET VARIABLE export_id")
