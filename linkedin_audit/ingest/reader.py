"""One member file -> raw.<source>, read by DuckDB itself, without a bad row ever failing the ingest.

DuckDB reads with `store_rejects`: rows it cannot read strictly are set aside (with their line number and
text) instead of aborting the transaction. Only when it set some aside is the file rewritten by
ingest/tolerant.py (padding short rows, joining free text back, containing an unbalanced quote) and read
again; what even that cannot place goes to raw.rejected_lines, and every repair to ingest_repairs. A clean
file costs one read, as before. A file whose rows include a row of header names (two files concatenated) or
a `Notes:` line goes the same way: the repair drops them, each recorded (tolerant.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from linkedin_audit.db import first_row
from linkedin_audit.errors import UserError
from linkedin_audit.ingest import archive, prepare_csv
from linkedin_audit.ingest.sources import TYPED
from linkedin_audit.ingest.sources.spec import SourceSpec
from linkedin_audit.ingest.tolerant import (
    GLUED_PREAMBLE,
    REPEATED_HEADER,
    REPEATED_PREAMBLE,
    Rejected,
    Repair,
    repair_csv,
)

REJECTS, SCANS = "linkedin_audit_rejects", "linkedin_audit_reject_scans"
QUARANTINE = """
CREATE TABLE IF NOT EXISTS raw.rejected_lines (
    export_id INTEGER, file VARCHAR, line BIGINT, reason VARCHAR, text VARCHAR);
CREATE TABLE IF NOT EXISTS ingest_repairs (
    export_id INTEGER, member_path VARCHAR, line BIGINT, repair VARCHAR);
"""


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def raw_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Every raw table's columns, in one look at the catalog (one per table cost ~0.5 ms each, 40 a load)."""
    rows = con.execute(
        "SELECT table_name, list(column_name ORDER BY column_index) FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'raw' GROUP BY table_name"
    ).fetchall()
    return {name: list(columns) for name, columns in rows}


def ensure_raw_table(
    con: duckdb.DuckDBPyConnection,
    spec: SourceSpec,
    columns: Sequence[str] = (),
    existing: Sequence[str] | None = None,
) -> list[str]:
    """raw.<source>: provenance (export, file) + every column as text; new header names seen in a later era
    are added as columns, so raw keeps every value exactly as read. Rows are stored in file order, so a
    record's number is its rank by `rowid` in its file (the staging views call it `line`). `existing`: the
    table's columns when the caller has looked already (`raw_columns`). Returns the table's columns after."""
    wanted = list(dict.fromkeys([c.name for c in spec.columns] + list(columns)))
    if existing is None:
        existing = raw_columns(con).get(spec.name, [])
    if not existing:
        long_text = {c.name for c in spec.columns if c.long_text}
        body = ", ".join(
            f"{ident(n)} VARCHAR" + (" USING COMPRESSION zstd" if n in long_text else "") for n in wanted
        )
        con.execute(
            f"CREATE TABLE raw.{ident(spec.name)} (export_id INTEGER, file VARCHAR"
            f"{', ' + body if body else ''})"
        )
        return ["export_id", "file", *wanted]
    added = [name for name in wanted if name not in existing]
    for name in added:
        con.execute(f"ALTER TABLE raw.{ident(spec.name)} ADD COLUMN {ident(name)} VARCHAR")
    return [*existing, *added]


@dataclass
class Loaded:
    rows: int
    repairs: list[Repair] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _concatenation_note(path: str, repairs: Sequence[Repair]) -> list[str]:
    """One sentence for the warning line: which header and preamble lines of a concatenated file went."""
    headers = [r.line for r in repairs if r.what == REPEATED_HEADER]
    preamble = sum(1 for r in repairs if r.what in (REPEATED_PREAMBLE, GLUED_PREAMBLE))
    if not headers and not preamble:
        return []
    what = []
    if headers:
        lines = ", ".join(str(n) for n in headers[:3]) + (", ..." if len(headers) > 3 else "")
        what.append(f"{len(headers)} repeated header{'s' * (len(headers) > 1)} (line {lines})")
    if preamble:
        what.append(f"{preamble} line{'s' * (preamble > 1)} of a repeated `Notes:` preamble")
    return [f"{path} holds files concatenated: {' and '.join(what)} dropped, not loaded as rows"]


def _read(
    con: duckdb.DuckDBPyConnection, export_id: int, prepared: prepare_csv.PreparedFile, path: Path, skip: int
) -> tuple[int, list[Rejected]]:
    """INSERT the file's rows (all text, positional columns, in file order: DuckDB keeps insertion order,
    and numbering the records here would make the load single-threaded); the rows DuckDB set aside."""
    spec = prepared.spec
    assert spec is not None
    if archive.GLOB.search(str(path)):
        raise UserError(
            f"the work folder {path.parent} has a pattern character in its name; set TMPDIR to a plain folder"
        )
    positional = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(prepared.columns)))
    options = [
        f"header=false, skip={skip + 1}",
        f"delim={quote(prepared.delimiter)}",
        "quote='\"', escape='\"', comment='', auto_detect=false",
        "max_line_size=33554432",
        f"columns={{{positional}}}",
        f"store_rejects=true, rejects_table='{REJECTS}', rejects_scan='{SCANS}'",
    ]
    if prepared.small:
        options.append("parallel=false")
    if prepared.mixed_newlines:
        options.append("strict_mode=false")
    targets = ", ".join(ident(c) for c in prepared.columns)
    values = ", ".join(f"c{i}" for i in range(len(prepared.columns)))
    sql = (
        f"INSERT INTO raw.{ident(spec.name)} (export_id, file, {targets}) "
        f"SELECT {export_id}, {quote(prepared.member.path)}, {values} "
        f"FROM read_csv({quote(str(path))}, {', '.join(options)})"
    )
    con.execute(f"DROP TABLE IF EXISTS temp.{REJECTS}; DROP TABLE IF EXISTS temp.{SCANS}")
    try:
        row = first_row(con.execute(sql))
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise UserError(f"{prepared.member.path} could not be read as CSV ({first})") from None
    rejected = [
        Rejected(int(line), reason.lower(), text or "")
        for line, reason, text in con.execute(
            f"SELECT line, any_value(error_type), any_value(csv_line) FROM temp.{REJECTS} "
            "GROUP BY line ORDER BY line"
        ).fetchall()
    ]
    return (int(row[0]) if row else 0), rejected


def _header_spellings(spec: SourceSpec, headers: Sequence[str]) -> set[str]:
    """Every way a header name of this file may be written, lower case (its header, the spec's aliases)."""
    names = {h.strip().lower() for h in headers}
    for column in spec.columns:
        names.add(column.name.replace("_", " "))
        names.update(a.strip().lower() for a in column.aliases)
    return names - {""}


def _looks_concatenated(
    con: duckdb.DuckDBPyConnection, export_id: int, prepared: prepare_csv.PreparedFile
) -> bool:
    """Whether a loaded row is a header (its first two fields header names) or a `Notes:` preamble line:
    one filtered scan of the file's rows, cheap on the first column."""
    spec = prepared.spec
    assert spec is not None
    spellings = ", ".join(quote(n) for n in sorted(_header_spellings(spec, prepared.headers)))
    first = [f"lower(trim(ltrim({ident(c)}, chr(65279)))) IN ({spellings})" for c in prepared.columns[:2]]
    row = first_row(
        con.execute(
            f"SELECT count(*) FROM raw.{ident(spec.name)} WHERE export_id = ? AND file = ? "
            f"AND (({' AND '.join(first)}) OR trim({ident(prepared.columns[0])}) = 'Notes:' "
            f"OR ends_with({ident(prepared.columns[-1])}, 'Notes:'))",
            [export_id, prepared.member.path],
        )
    )
    return bool(row and row[0])


def _header_like(spec: SourceSpec) -> Callable[[list[str]], bool]:
    """A row that names the spec's marker columns is a header, whatever else it holds."""
    markers = [spec.column_for_name(m) for m in spec.header_markers]

    def check(fields: list[str]) -> bool:
        found = {c.name for f in fields if (c := spec.column_for(f)) is not None}
        return bool(markers) and all(m.name in found for m in markers)

    return check


def load_file(
    con: duckdb.DuckDBPyConnection,
    export_id: int,
    prepared: prepare_csv.PreparedFile,
    raw: dict[str, list[str]] | None = None,
) -> Loaded:
    """Read one prepared member into raw (see the module docstring); the repairs and quarantined lines are
    recorded in ingest_repairs and raw.rejected_lines. `raw`: every raw table's columns (`raw_columns`),
    kept up to date here, when the caller loads several files (one look at the catalog, ~2 ms, per export
    instead of one per file)."""
    spec = prepared.spec
    assert spec is not None and prepared.disk_path is not None
    if spec.treatment != TYPED or not set(prepared.columns) <= {c.name for c in spec.columns}:
        # a typed table has its spec's columns (init_database)
        existing = None if raw is None else raw.get(spec.name, [])
        columns = ensure_raw_table(con, spec, prepared.columns, existing)
        if raw is not None:
            raw[spec.name] = columns
    rows, rejected = _read(con, export_id, prepared, prepared.disk_path, prepared.skip)
    if rejected and prepared.encoding_deferred and prepare_csv.check_deferred(prepared):
        # rows set aside for an invalid byte: the file transcoded as a smaller one would have been, read again
        con.execute(
            f"DELETE FROM raw.{ident(spec.name)} WHERE export_id = ? AND file = ?",
            [export_id, prepared.member.path],
        )
        rows, rejected = _read(con, export_id, prepared, prepared.disk_path, prepared.skip)
    loaded = Loaded(rows, list(prepared.repairs))
    if rejected or (rows and _looks_concatenated(con, export_id, prepared)):
        con.execute(
            f"DELETE FROM raw.{ident(spec.name)} WHERE export_id = ? AND file = ?",
            [export_id, prepared.member.path],
        )
        workdir = prepared.workdir or prepared.disk_path.parent
        target = workdir / f"repaired_{hashlib.sha1(prepared.member.path.encode()).hexdigest()[:16]}.csv"
        fixed = repair_csv(
            prepared.disk_path,
            target,
            skip=prepared.skip,
            width=len(prepared.columns),
            delimiter=prepared.delimiter,
            typed=spec.treatment == TYPED,
            header_like=_header_like(spec),
            name=prepared.member.path,
        )
        loaded.rows, still = _read(con, export_id, prepared, target, 0)
        loaded.repairs += fixed.repairs
        loaded.notes += _concatenation_note(prepared.member.path, fixed.repairs)
        loaded.rejected = fixed.rejected + [
            Rejected(r.line, f"{r.reason} (after repair)", r.text) for r in still
        ]
    if loaded.repairs:
        con.executemany(
            "INSERT INTO ingest_repairs VALUES (?, ?, ?, ?)",
            [(export_id, prepared.member.path, r.line, r.what) for r in loaded.repairs],
        )
    if loaded.rejected:
        con.executemany(
            "INSERT INTO raw.rejected_lines VALUES (?, ?, ?, ?, ?)",
            [(export_id, prepared.member.path, r.line, r.reason, r.text) for r in loaded.rejected],
        )
    return loaded
