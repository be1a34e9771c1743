"""Load one or more LinkedIn exports into DuckDB: raw text -> typed staging views -> meta (the owner).

`linkedin_audit.build` runs the whole path (load -> model -> analyses -> history) in one transaction and owns
its atomicity; this module loads one export's files into the raw layer (`ingest_one`) and keeps the
bookkeeping tables (`exports`, `ingest_files`, `parse_failures`).

Speed: DuckDB reads every CSV itself (Python only transcodes or repairs small odd files); identity work
reads distinct raw values, not every message row. See the staging macros for the text-cleaning costs."""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from linkedin_audit.db import scalar
from linkedin_audit.errors import UserError
from linkedin_audit.ingest.export_date import export_date
from linkedin_audit.ingest.model import load_layers
from linkedin_audit.ingest.owner import check_owner
from linkedin_audit.ingest.prefetch import OpenedExport
from linkedin_audit.ingest.progress import IngestProgress
from linkedin_audit.ingest.reader import QUARANTINE, ensure_raw_table, load_file, raw_columns
from linkedin_audit.ingest.reader import ident as _ident
from linkedin_audit.ingest.sources import REGISTRY, TYPED

MODEL_TABLES = (
    "exports",
    "ingest_files",
    "parse_failures",
    "me",
    "people",
    "connections",
    "invitations",
    "messages",
    "conversation_participants",
    "endorsements",
    "recommendations",
    "positions",
    "education",
    "profile",
    "company_follows",
    "member_follows",
    "reactions",
    "comments",
    "shares",
    "contacts",
    "email_addresses",
)

BOOKKEEPING = """
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS meta;
CREATE TABLE IF NOT EXISTS exports (
    export_id INTEGER PRIMARY KEY, name VARCHAR, export_date DATE, export_date_source VARCHAR, kind VARCHAR,
    fingerprint VARCHAR UNIQUE, files INTEGER, rows BIGINT, ingested_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS ingest_files (
    export_id INTEGER, member_path VARCHAR, source VARCHAR, status VARCHAR, encoding VARCHAR, rows BIGINT);
CREATE TABLE IF NOT EXISTS parse_failures (
    export_id INTEGER, source VARCHAR, column_name VARCHAR, failures BIGINT, example VARCHAR);
"""


@dataclass
class ExportReport:
    name: str
    export_id: int | None
    skipped: bool
    export_date: dt.date | None = None
    export_date_source: str | None = None
    kind: str | None = None
    files: list[tuple[str, str | None, str, str, int]] = field(default_factory=list)
    repairs: list[tuple[str, int | None, str]] = field(default_factory=list)
    rejected: int = 0
    notes: list[str] = field(default_factory=list)
    """One sentence each for what the user should know (copies not loaded, files skipped)."""

    @property
    def unknown(self) -> list[str]:
        return [f[0] for f in self.files if f[2] == "unknown"]


@dataclass
class IngestSummary:
    db_path: Path
    exports: list[ExportReport]
    table_rows: dict[str, int] = field(default_factory=dict)
    parse_failures: list[tuple[str, str, str, int, str]] = field(default_factory=list)
    owner_name: str | None = None
    owner_url: str | None = None
    seconds: float = 0.0
    backup: Path | None = None
    warning: str | None = None
    rebuilt: bool = False
    """Nothing new, but another version of the code had built the model and analyses: rebuilt from raw."""

    @property
    def noop(self) -> bool:
        return all(e.skipped for e in self.exports) and not self.rebuilt


def init_database(con: duckdb.DuckDBPyConnection) -> None:
    """The bookkeeping tables, raw.rejected_lines and ingest_repairs, and every typed source's raw table with
    its spec's columns (reader.load_file relies on them), before an export is loaded."""
    con.execute(BOOKKEEPING)
    con.execute(QUARANTINE)
    existing = raw_columns(con)
    for spec in REGISTRY:
        if spec.treatment == TYPED:
            ensure_raw_table(con, spec, existing=existing.get(spec.name, []))


def _count_parse_failures(con: duckdb.DuckDBPyConnection, export_id: int) -> None:
    """A non-empty text that a parsing macro turns into NULL is a parse failure: counted per column, every
    column in one statement (one round trip, not one per column). Timestamp columns (`li_ts`) are counted
    with their dates out of range (export_date.count_dates), in one pass binding `li_ts` once."""
    parts, params = [], []
    for spec in REGISTRY:
        for column in spec.columns:
            if spec.treatment != TYPED or column.parse in (None, "li_ts"):
                continue
            c = _ident(column.name)
            parts.append(
                f"SELECT export_id, ?, ?, count(*), any_value({c}) "
                f"FROM raw.{_ident(spec.name)} WHERE export_id = ? AND txt({c}) IS NOT NULL "
                f"AND {column.parse}({c}) IS NULL GROUP BY export_id"
            )
            params += [spec.name, column.name, export_id]
    if parts:
        con.execute("INSERT INTO parse_failures " + " UNION ALL ".join(parts), params)


SHOWN_UNKNOWN = 5
"""Up to this many unknown files are named one per line after an ingest; more are one sentence in the
warning line (a ZIP of 100,000 junk members printed 120,039 lines), and `status` lists them."""


def _record_files(con: duckdb.DuckDBPyConnection, export_id: int, report: ExportReport) -> None:
    """ingest_files gains the export's members (in one insert: a ZIP may hold 100,000 of them); many unknown
    files become one sentence of the warning line. Up to ARROW_FILES members go in as list parameters: Arrow
    (and pandas, which its first array imports) would cost ~0.3 s of CPU to import, more than that insert."""
    names = ("member_path", "source", "status", "encoding", "rows")
    columns = {n: [f[i] for f in report.files] for i, n in enumerate(names)}
    if len(report.files) <= ARROW_FILES:
        con.execute(
            "INSERT INTO ingest_files SELECT ?::INTEGER, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::BIGINT[])",
            [export_id, *columns.values()],
        )
    else:
        _insert_with_arrow(con, export_id, columns)
    unknown = report.unknown
    if len(unknown) > SHOWN_UNKNOWN:
        report.notes.append(
            f"{len(unknown):,} files of {report.name} are not part of a LinkedIn export and were not loaded "
            f"(e.g. {', '.join(unknown[:3])})"
        )


ARROW_FILES = 5_000
"""From this many members an export's files are recorded through an Arrow table (100,000 in ~0.3 s)."""


def _insert_with_arrow(con: duckdb.DuckDBPyConnection, export_id: int, columns: dict[str, list[Any]]) -> None:
    import pyarrow as pa

    rows = len(columns["member_path"])
    table = pa.table(
        {"export_id": pa.array([export_id] * rows, pa.int32())}
        | {n: pa.array(v, pa.int64() if n == "rows" else pa.string()) for n, v in columns.items()}
    )
    con.register("linkedin_audit_files", table)
    try:
        con.execute("INSERT INTO ingest_files SELECT * FROM linkedin_audit_files")
    finally:
        con.unregister("linkedin_audit_files")


def ingest_one(
    con: duckdb.DuckDBPyConnection,
    opened: OpenedExport,
    fingerprint: str,
    owner: tuple[str | None, str | None] | None,
    bar: IngestProgress,
    same_owner: bool = False,
) -> ExportReport:
    export_id = int(scalar(con, "SELECT coalesce(max(export_id), 0) + 1 FROM exports"))
    path, export, prepared = opened.path, opened.export, opened.prepared
    if not any(p.spec is not None and p.status != "ignored" for p in prepared):
        inner = [m.path for m in export.members if m.path.lower().endswith(".zip")]
        if inner and path.is_dir():
            raise UserError(
                f"{path.name} holds a ZIP ({inner[0]}) but no file of a LinkedIn export; ingest the ZIP "
                f"itself: linkedin-audit ingest {shlex.quote(str(path / inner[0]))}"
            )
        if inner:
            raise UserError(
                f"{path.name} holds another ZIP ({inner[0]}) instead of the export's files; "
                "unzip it once and ingest that inner archive"
            )
        names = ", ".join(sorted(m.path for m in export.members)[:5])
        raise UserError(f"{path.name} holds no file of a LinkedIn export (found: {names})")
    report = ExportReport(export.name, export_id, False, notes=list(opened.notes))
    bar.start(export.name, sum(p.member.size for p in prepared))
    total = 0
    raw = raw_columns(con)
    for p in prepared:
        rows = 0
        if p.status in ("typed", "raw"):
            bar.file(p.member.path)
            loaded = load_file(con, export_id, p, raw)
            rows = loaded.rows
            report.repairs += [(p.member.path, r.line, r.what) for r in loaded.repairs]
            report.repairs += [
                (p.member.path, r.line, f"kept out (raw.rejected_lines): {r.reason}") for r in loaded.rejected
            ]
            report.rejected += len(loaded.rejected)
            report.notes += p.notes + loaded.notes
        elif p.status == "copy":
            what = f"not loaded: a copy of {opened.copies[p.member.path]}"
            report.repairs.append((p.member.path, None, what))
            con.execute("INSERT INTO ingest_repairs VALUES (?, ?, NULL, ?)", [export_id, p.member.path, what])
        elif p.status == "skipped":
            report.repairs += [(p.member.path, r.line, r.what) for r in p.repairs]
            report.notes += [
                f"{p.member.path} was skipped ({r.what.removeprefix('not loaded: ')})" for r in p.repairs
            ]
            con.executemany(
                "INSERT INTO ingest_repairs VALUES (?, ?, ?, ?)",
                [(export_id, p.member.path, r.line, r.what) for r in p.repairs],
            )
        total += rows
        bar.advance(p.member.size)
        report.files.append((p.member.path, p.spec.name if p.spec else None, p.status, p.encoding, rows))
    if total == 0:
        raise UserError(f"{path.name}: every recognised file is empty; nothing to ingest")
    _record_files(con, export_id, report)
    load_layers(con, export_id)
    check_owner(con, owner, export_id, export.name, same_owner, source=path)
    _count_parse_failures(con, export_id)
    date, source, date_notes = export_date(con, export_id, export.date_from_name)
    report.export_date, report.export_date_source = date, source
    report.notes += date_notes
    # A file only complete exports have makes it complete; so does its own name (`Complete_...` with few
    # files is still a complete export: it was labelled basic).
    complete = export.name.lower().startswith("complete_") or any(
        p.spec is not None and p.spec.complete_only and p.status != "empty" for p in prepared
    )
    report.kind = "complete" if complete else "basic"
    con.execute(
        "INSERT INTO exports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            export_id,
            export.name,
            report.export_date,
            report.export_date_source,
            report.kind,
            fingerprint,
            sum(1 for p in prepared if p.status in ("typed", "raw", "empty")),
            total,
            dt.datetime.now(dt.UTC).replace(tzinfo=None),
        ],
    )
    return report
