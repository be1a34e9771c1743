"""Prepare one export file so DuckDB can read it directly.

Python only touches what DuckDB cannot read as is, and only the small odd files: UTF-16 / Latin-1 files are
transcoded, Comments.csv's unquoted continuation lines are joined, and the header row is found by name
(Connections.csv has a preamble). Large files (messages.csv) are read by DuckDB straight from disk: we only
look at their first 64 KiB."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from linkedin_audit.errors import UserError
from linkedin_audit.ingest.archive import Member
from linkedin_audit.ingest.sources import RAW, REGISTRY, TYPED, SourceSpec, norm_header
from linkedin_audit.ingest.sources.spec import Column
from linkedin_audit.ingest.tolerant import ARROW_FROM, Encoding, Repair, sniff_encoding, transcode

HEAD_BYTES = 64 * 1024
HEAD_LINES = 12
"""The header row is looked for in a file's first HEAD_LINES lines."""
MAX_HEAD_BYTES = 32 * 1024**2
"""How far the head is read to hold HEAD_LINES whole lines: a header with hundreds of extra columns can pass
64 KiB (it was refused as having no header); DuckDB's own limit on one line is 32 MiB."""
SENTINELS = ("no conversations found",)
PROVENANCE = ("export_id", "file", "line", "rowid", "nk", "first_export_id", "last_export_id")
"""Names a raw column of the file's own may not take: raw tables add export_id and file, staging adds line
and numbers records by DuckDB's `rowid` pseudo-column (a CSV column named `ROWID` shadowed it: a self-join),
the model adds nk and the export span."""
_COMMENT_START = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},")


@dataclass
class PreparedFile:
    """A member ready for read_csv: `skip` physical lines precede the header; `columns` are the raw column
    names in file order (positional, so duplicate headers are harmless)."""

    member: Member
    spec: SourceSpec | None
    status: str  # typed / raw / empty / unknown / ignored
    encoding: str = "utf-8"
    disk_path: Path | None = None
    delimiter: str = ","
    skip: int = 0
    headers: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    small: bool = True
    mixed_newlines: bool = False
    workdir: Path | None = None
    repairs: list[Repair] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Sentences for the ingest's warning line (a column named twice)."""
    encoding_deferred: bool = False
    """A large file whose head is valid UTF-8 was not read through for its encoding: DuckDB's read checks the
    rest (it sets aside a row holding an invalid byte), and only then is it checked (`check_deferred`)."""


def repair_comments(text: str) -> str:
    """Comments.csv writes multi-line comments unquoted: a physical line that does not start with a
    timestamp continues the previous Message. Rebuild a valid CSV (header + Date,Link,Message rows)."""
    lines = text.split("\n")
    if not lines:
        return text
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(next(csv.reader([lines[0]])))
    record: list[str] | None = None

    def flush() -> None:
        if record is not None:
            record[2] = record[2].rstrip("\n")
            writer.writerow(record)

    for line in lines[1:]:
        if _COMMENT_START.match(line):
            flush()
            date, link, message = (line.split(",", 2) + ["", ""])[:3]
            if len(message) >= 2 and message.startswith('"') and message.endswith('"'):
                message = message[1:-1].replace('""', '"')
            record = [date, link, message]
        elif record is not None:
            record[2] += "\n" + line
    flush()
    return out.getvalue()


MAX_COLUMNS = 200
"""A file with more columns is refused: LinkedIn's widest has 21, and every column is a raw table column
(9,000 of them took DuckDB minutes and more memory than the cap)."""


def read_head(path: Path) -> bytes:
    """The file's first bytes: HEAD_BYTES, or more until HEAD_LINES + 2 whole lines are in (a very wide
    header), at most MAX_HEAD_BYTES."""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
        while head.count(b"\n") < HEAD_LINES + 2 and len(head) < MAX_HEAD_BYTES:
            more = fh.read(len(head))
            if not more:
                break
            head += more
    return head


def _label(column: Column) -> str:
    """A column as the export spells it (`Sent At`), not by our raw column name (`sent_at`)."""
    return column.aliases[0] if column.aliases else column.name.replace("_", " ").title()


def _fields(line: str, delimiter: str) -> list[str]:
    """One line's fields; a line the csv module cannot parse (NUL bytes, binary junk) has none."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _find_header(lines: list[str], spec: SourceSpec | None, delimiter: str) -> int | None:
    """Index of the header line: the first of the first 12 lines holding every marker column of the spec;
    for specs without markers, the first non-blank line after an optional `Notes:` preamble."""
    if spec is not None and spec.header_markers:
        markers = [spec.column_for_name(m) for m in spec.header_markers]
        partial = None
        for i, line in enumerate(lines[:HEAD_LINES]):
            fields = _fields(line, delimiter)
            found = {c.name for f in fields if (c := spec.column_for(f)) is not None}
            if all(m.name in found for m in markers):
                return i
            if partial is None and len(found) >= min(2, len(markers)):
                partial = i  # a header with a required column missing: the caller names the column
        return partial
    i = 0
    if lines and lines[0].strip() == "Notes:":
        while i < len(lines) and lines[i].strip():
            i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i if i < len(lines) else None


def _delimiter_and_header(lines: list[str], spec: SourceSpec | None) -> tuple[str, int | None]:
    """The delimiter under which the header splits into the most fields, and that header's index. Judged
    on the header line, not the first line: Connections.csv opens with a `Notes:` preamble, and a file
    re-saved by Excel in a European locale is `;`-separated (its `Notes:` line has no `;`)."""
    best: tuple[str, int | None, int] = (",", None, 0)
    for delimiter in (",", "\t", ";"):
        index = _find_header(lines, spec, delimiter)
        if index is not None and (width := len(_fields(lines[index], delimiter))) > best[2]:
            best = (delimiter, index, width)
    return best[0], best[1]


def _column_names(headers: list[str], spec: SourceSpec | None) -> list[str]:
    """Raw column names for a header, in file order: the spec's name where a header maps to one, else the
    normalised header (`column_<n>` when empty; `c_<name>` when it starts with a digit or is a provenance
    name); duplicates (Ad_Targeting.csv) get `_2`, `_3`..."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for n, header in enumerate(headers, start=1):
        column = spec.column_for(header) if spec is not None else None
        name = column.name if column is not None else (norm_header(header) or f"column_{n}")
        if name[0].isdigit() or name in PROVENANCE:
            name = f"c_{name}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return names


def prepare(member: Member, workdir: Path) -> PreparedFile:
    """Decide how DuckDB should read one member file (or that it is empty, unknown or ignored). A raw-only
    file that cannot be read (binary, no header) is `skipped` with the reason: it feeds no analysis, so it
    never sinks the export; a typed file that cannot be read refuses the export."""
    try:
        return _prepare(member, workdir)
    except UserError as exc:
        spec = REGISTRY.match(member.path)
        if spec is None or spec.treatment != RAW:
            raise
        return PreparedFile(member, spec, "skipped", repairs=[Repair(None, f"not loaded: {exc}")])


def _prepare(member: Member, workdir: Path) -> PreparedFile:
    spec = REGISTRY.match(member.path)
    lower = member.path.lower()
    if spec is None and lower.endswith(".html") and "articles/" in lower:
        spec = REGISTRY["articles"]
    if spec is None or not lower.endswith(".csv"):
        return PreparedFile(member, spec, "ignored" if spec is not None else "unknown")
    if spec.treatment not in (TYPED, RAW):
        return PreparedFile(member, spec, "ignored")
    with member.disk_path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    deferred = _defers_encoding(member, spec, head)
    sniffed = Encoding(_bom_name(head)) if deferred else sniff_encoding(member.disk_path, head)
    encoding = sniffed.name
    if spec.treatment == RAW and encoding != "utf-16" and b"\x00" in head[:4096]:
        raise UserError(f"{member.path} holds binary data (NUL bytes), not CSV text")
    repairs = _encoding_repairs(sniffed)
    # DuckDB reads every file from the work folder under a literal name of ours (a folder's file through a
    # symlink): a path of the user's such as `export[1]/` or `export*/` is never expanded as a pattern.
    disk_path = workdir / f"prepared_{hashlib.sha1(member.path.encode()).hexdigest()[:16]}.csv"
    if spec.name == "comments":
        text = (
            member.disk_path.read_bytes()
            .decode("utf-8" if encoding == "utf-8-sig" else encoding, errors="replace")
            .lstrip("\ufeff")
        )
        disk_path.write_text(repair_comments(text.replace("\r\n", "\n")), encoding="utf-8")
    elif sniffed.needs_transcoding:
        transcode(member.disk_path, sniffed, disk_path)
    elif member.disk_path.parent == workdir:
        disk_path = member.disk_path
    else:
        disk_path.symlink_to(member.disk_path.resolve())
    head = read_head(disk_path)
    size = disk_path.stat().st_size
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    whole = len(head) >= size
    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    if not whole and lines:
        lines = lines[:-1]  # the last line of a head may be cut
    stripped = text.strip().lower()
    if whole and (not stripped or stripped in SENTINELS):
        return PreparedFile(member, spec, "empty", encoding, disk_path)
    delimiter, index = _delimiter_and_header(lines, spec)
    if index is None:
        markers = ", ".join(_label(spec.column_for_name(m)) for m in spec.header_markers)
        raise UserError(
            f"{member.path}: no header row with the columns {markers} in its first lines; "
            "is this really a LinkedIn export file?"
        )
    headers = [h.strip() for h in _fields(lines[index], delimiter)]
    if len(headers) > MAX_COLUMNS:
        raise UserError(
            f"{member.path} has {len(headers):,} columns, more than {MAX_COLUMNS} (LinkedIn's files have "
            "at most about 20); refusing it: remove the columns you added"
        )
    if spec.treatment == TYPED:
        present = {c.name for h in headers if (c := spec.column_for(h)) is not None}
        missing = [spec.column_for_name(r) for r in spec.required if r not in present]
        if missing:
            raise UserError(
                f"{member.path}: required column {_label(missing[0])!r} is missing "
                f"(header: {', '.join(headers)})"
            )
    columns = _column_names(headers, spec)
    doubled = _duplicate_columns(headers, columns, spec, index + 1)
    repairs += [Repair(index + 1, d) for d in doubled]
    notes = [f"{member.path}: {d}" for d in doubled]
    # A file whose records end partly in CRLF, partly in LF (concatenated, or edited on two systems) needs
    # DuckDB's tolerant mode; a clean file keeps the strict one.
    sample = head.decode("latin-1")
    mixed = "\r\n" in sample and re.search(r"(?<!\r)\n", sample) is not None
    has_data = not whole or any(ln.strip() for ln in lines[index + 1 :])
    status = spec.treatment if has_data else "empty"
    return PreparedFile(
        member,
        spec,
        status,
        encoding,
        disk_path,
        delimiter,
        index,
        headers,
        columns,
        small=member.size < 8 * 1024**2,
        mixed_newlines=mixed,
        workdir=workdir,
        repairs=repairs,
        notes=notes,
        encoding_deferred=deferred,
    )


DEFERRED_FROM = ARROW_FROM
"""From this size a file's encoding is checked by DuckDB's read rather than by a pass of its own over the
whole file (for messages.csv at max scale, 400 MB: ~0.6 s of CPU, most of it importing pyarrow and pandas
for the validator). A smaller file keeps the pass: it costs little, and its repairs stay as they were."""


def _bom_name(head: bytes) -> str:
    return "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"


def _defers_encoding(member: Member, spec: SourceSpec, head: bytes) -> bool:
    """Whether the encoding check of the whole file can wait for DuckDB's read: a large file (DEFERRED_FROM)
    read as it is (not UTF-16, not Comments.csv, which is rebuilt in Python), whose head holds only valid
    UTF-8 up to its last whole line. The head's lines are the ones DuckDB skips (preamble, header) and the
    ones the header is found in; any other line DuckDB reads and checks."""
    if member.size < DEFERRED_FROM or spec.name == "comments" or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    whole = read_head(member.disk_path)
    if len(whole) < member.size:
        whole = whole[: whole.rfind(b"\n") + 1]
    try:
        whole.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _encoding_repairs(sniffed: Encoding) -> list[Repair]:
    if not sniffed.bad_bytes:
        return []
    what = f"{sniffed.bad_bytes} invalid UTF-8 byte{'s' * (sniffed.bad_bytes > 1)} replaced by U+FFFD"
    return [Repair(sniffed.first_bad_line, what)]


def check_deferred(prepared: PreparedFile) -> bool:
    """The whole file's encoding check that `_prepare` deferred, once DuckDB set rows of it aside: the file is
    then prepared as `_prepare` would have (transcoded, its repair first) and True returned, for reading it
    again; False when it is UTF-8 after all (the rows were set aside for another reason)."""
    assert prepared.disk_path is not None and prepared.workdir is not None
    prepared.encoding_deferred = False
    with prepared.disk_path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    sniffed = sniff_encoding(prepared.disk_path, head)
    if not sniffed.needs_transcoding:
        return False
    digest = hashlib.sha1(prepared.member.path.encode()).hexdigest()[:16]
    target = prepared.workdir / f"transcoded_{digest}.csv"
    transcode(prepared.disk_path, sniffed, target)
    prepared.disk_path, prepared.encoding = target, sniffed.name
    prepared.repairs[:0] = _encoding_repairs(sniffed)
    return True


def _duplicate_columns(headers: list[str], columns: list[str], spec: SourceSpec, line: int) -> list[str]:
    """A typed file whose header names one of its columns twice (`Company,Company`): every copy is kept in
    raw (`company`, `company_2`), but only the first feeds the model, so it is said, never silent. Raw-only
    files (Ad_Targeting.csv has real duplicates) keep every copy alike and say nothing."""
    if spec.treatment != TYPED:
        return []
    notes = []
    for column in spec.columns:
        copies = [(h, n) for h, n in zip(headers, columns, strict=True) if spec.column_for(h) is column]
        if len(copies) > 1:
            kept = ", ".join(n for _, n in copies[1:])
            notes.append(
                f"column {copies[0][0]!r} appears {len(copies)} times in the header (line {line}); "
                f"the first is used, the others are kept in raw as {kept}"
            )
    return notes
