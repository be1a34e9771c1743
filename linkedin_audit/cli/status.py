"""What a database holds (think HPI's `doctor`): exports, files by status, unknown files, rows per model
table, parse failures. Used by `linkedin-audit status` and at the end of `ingest`."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from linkedin_audit import build_version
from linkedin_audit.cli.terminal import visible
from linkedin_audit.db import first_row, main_tables, relation_exists
from linkedin_audit.errors import UserError
from linkedin_audit.ingest.database import connect, foreign
from linkedin_audit.ingest.load import MODEL_TABLES, SHOWN_UNKNOWN, IngestSummary
from linkedin_audit.ingest.progress import console as make_console
from linkedin_audit.ingest.storage import OLDEST_CLIENT, newer_than_chosen, readable_by, storage_version


def _cells(*values: object) -> list[str]:
    """Table cells from database or export values: plain text, control characters made visible."""
    return [visible("" if v is None else str(v)) for v in values]


def ingest_tables(summary: IngestSummary) -> list[Table]:
    """The summary printed after an ingest: per export, files recognised / raw / empty / unknown."""
    tables = []
    files = Table(title="exports")
    for column in ("export", "date", "kind", "typed", "raw only", "empty", "ignored", "unknown files"):
        files.add_column(column)
    for e in summary.exports:
        if e.skipped:
            files.add_row(*_cells(e.name), "", "", "", "", "", "", "already ingested: nothing to do")
            continue
        count = {s: sum(1 for f in e.files if f[2] == s) for s in ("typed", "raw", "empty", "ignored")}
        files.add_row(
            *_cells(
                e.name,
                e.export_date or "?",
                e.kind or "",
                count["typed"],
                count["raw"],
                count["empty"],
                count["ignored"],
                (
                    ", ".join(e.unknown)
                    if len(e.unknown) <= SHOWN_UNKNOWN
                    else f"{len(e.unknown):,} (see the warning)"
                )
                or "none",
            )
        )
    tables.append(files)
    if summary.table_rows:
        # whose export, without the profile URL: this summary lands in cron logs (`status` shows the URL)
        owner = f"export of {summary.owner_name}" if summary.owner_name else "owner unknown"
        rows = Table(title=visible(f"model ({owner})", keep_newlines=False))
        rows.add_column("table")
        rows.add_column("rows", justify="right")
        for name, n in summary.table_rows.items():
            rows.add_row(name, f"{n:,}")
        tables.append(rows)
    if summary.parse_failures:
        tables.append(_failures_table(summary.parse_failures))
    repairs = [(e.name, f, line, what) for e in summary.exports for f, line, what in e.repairs]
    if repairs:
        tables.append(_repairs_table(repairs, len(repairs)))
    return tables


SHOWN_REPAIRS = 30


def _repairs_table(rows: list[tuple[str, str, int | None, str]], total: int) -> Table:
    """What was repaired, kept out or skipped so the export could be read (ingest_repairs,
    raw.rejected_lines): the first SHOWN_REPAIRS lines, then how to see the rest."""
    table = Table(title="repairs (the export was read anyway)")
    for column in ("export", "file", "line", "what was done"):
        table.add_column(column)
    for export, member, line, what in rows[:SHOWN_REPAIRS]:
        table.add_row(export, member, "" if line is None else str(line), what)
    if total > SHOWN_REPAIRS:
        table.add_row(
            "",
            "",
            "",
            f"... {total - SHOWN_REPAIRS:,} more: linkedin-audit sql "
            "'SELECT * FROM ingest_repairs' (and raw.rejected_lines)",
        )
    return table


def _failures_table(rows: list[tuple[str, str, str, int, str]]) -> Table:
    table = Table(title="values that did not parse (NULL in staging)")
    for column in ("export", "source", "column", "failures", "example"):
        table.add_column(column)
    for export, source, column, n, example in rows:
        table.add_row(*_cells(export, source, column, n, example))
    return table


def check_contracts(db_path: Path) -> int:
    """`status --check`: every failed contract on its own line (stdout), then a count; 1 when any failed."""
    from linkedin_audit import contracts

    if not db_path.exists():
        raise UserError(f"no database at {db_path}; run `linkedin-audit ingest EXPORT` first")
    con = connect(db_path, read_only=True)
    try:
        failures = contracts.check(con)
        stale = build_version.analysed_by_another(con)
    finally:
        con.close()
    for line in failures:
        print(visible(line))
    checked = len(contracts.relations())
    if failures:
        print(f"{len(failures)} contracts fail in {db_path} (docs/schema.md states them)", file=sys.stderr)
        if stale:  # the relations have the shape of the version that made them: not a broken database
            print(visible(build_version.stale_message(db_path)), file=sys.stderr)
        return 1
    print(f"every contract holds in {db_path} ({checked} relations declared)")
    return 0


def clients_line(version: str | None) -> str:
    """Which DuckDB clients open the file (the CLI, Python, DBeaver...), and what to do when it is newer
    than the format linkedin-audit writes."""
    line = f"opens in: {readable_by(version)}"
    if newer_than_chosen(version):
        line += (
            f"; linkedin-audit writes DuckDB {OLDEST_CLIENT}'s format: the next ingest of a new export "
            f"rewrites it for DuckDB {OLDEST_CLIENT} and later"
        )
    return line


def status(db_path: Path, console: Console | None = None) -> None:
    console = console or make_console()
    if not db_path.exists():
        raise UserError(f"no database at {db_path}; run `linkedin-audit ingest EXPORT` first")
    con = connect(db_path, read_only=True)
    try:
        present = main_tables(con)
        refusal = foreign(con, db_path, then="give --db your linkedin-audit database")
        if refusal is not None:
            raise refusal
        if not relation_exists(con, "exports"):
            raise UserError(f"{db_path} holds no ingested export")
        exports = Table(title=visible(f"exports in {db_path}"))
        for column in ("id", "name", "date", "date from", "kind", "files", "rows"):
            exports.add_column(column)
        for row in con.execute(
            "SELECT export_id, name, export_date, export_date_source, kind, files, rows "
            "FROM exports ORDER BY 1"
        ).fetchall():
            exports.add_row(*_cells(*row))
        console.print(exports)
        _print_unknown(con, console)
        me = (
            first_row(con.execute("SELECT name, profile_url, evidence FROM me"))
            if relation_exists(con, "me")
            else None
        )
        if me:
            console.print(visible(f"owner: {me[0]} {me[1] or ''} ({me[2]})", keep_newlines=False))
        console.print(clients_line(storage_version(con)), soft_wrap=True)
        console.print(
            "analysed by: this version of linkedin-audit"
            if build_version.is_current(con)
            else visible(f"analysed by: another version; {build_version.stale_message(db_path)}"),
            soft_wrap=True,
        )
        rows = Table(title="model and analysis relations")
        rows.add_column("relation")
        rows.add_column("rows", justify="right")
        for name in sorted(present, key=lambda n: (n not in MODEL_TABLES, n)):
            n = first_row(con.execute(f'SELECT count(*) FROM "{name}"'))
            shown = f"{n[0]:,}" if n else "?"
            if name == "messages" and n:  # the report counts messages without drafts: say both
                drafts = first_row(con.execute("SELECT count(*) FROM messages WHERE is_draft"))
                if drafts and drafts[0]:
                    shown += f" ({n[0] - drafts[0]:,} without drafts)"
            rows.add_row(name, shown)
        console.print(rows)
        failures = con.execute(
            "SELECT e.name, source, column_name, failures, example FROM parse_failures "
            "JOIN exports e USING (export_id) ORDER BY ALL"
        ).fetchall()
        console.print(_failures_table(failures) if failures else "parse failures: none")
        _print_repairs(con, console)
    finally:
        con.close()


SHOWN_UNKNOWN_STATUS = 100


def _print_unknown(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    """Unknown files, one line each: the first SHOWN_UNKNOWN_STATUS, then how to list the rest."""
    sql = (
        "SELECT e.name, f.member_path FROM ingest_files f JOIN exports e USING (export_id) "
        "WHERE f.status = 'unknown'"
    )
    total = first_row(con.execute(f"SELECT count(*) FROM ({sql})"))[0]  # type: ignore[index]
    for export, member in con.execute(f"{sql} ORDER BY ALL LIMIT {SHOWN_UNKNOWN_STATUS}").fetchall():
        console.print(visible(f"unknown file (not loaded): {member} in {export}"), soft_wrap=True)
    if total > SHOWN_UNKNOWN_STATUS:
        console.print(
            f"... {total - SHOWN_UNKNOWN_STATUS:,} more unknown files (of {total:,}): linkedin-audit sql "
            "\"SELECT member_path FROM ingest_files WHERE status = 'unknown'\"",
            soft_wrap=True,
        )
    if not total:
        console.print("unknown files: none")


def _print_repairs(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    """The status section for repairs: ingest_repairs and raw.rejected_lines (absent in older databases)."""
    tables = {
        r[0] for r in con.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables()").fetchall()
    }
    queries = []
    if "main.ingest_repairs" in tables:
        queries.append(
            "SELECT e.name, member_path, line, repair FROM ingest_repairs JOIN exports e USING (export_id)"
        )
    if "raw.rejected_lines" in tables:
        queries.append(
            "SELECT e.name, file, line, 'kept out (raw.rejected_lines): ' || reason "
            "FROM raw.rejected_lines JOIN exports e USING (export_id)"
        )
    if not queries:
        console.print("repairs: none")
        return
    sql = " UNION ALL ".join(queries)
    total = first_row(con.execute(f"SELECT count(*) FROM ({sql})"))[0]  # type: ignore[index]
    rows = con.execute(f"SELECT * FROM ({sql}) ORDER BY 1, 2, 3 NULLS FIRST LIMIT {SHOWN_REPAIRS}").fetchall()
    console.print(_repairs_table(rows, total) if total else "repairs: none")
