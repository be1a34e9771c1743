"""Open an export (ZIP or folder) and prepare each member file so DuckDB can read it directly.

Python only touches what DuckDB cannot read as is, and only the small odd files: UTF-16 / Latin-1 files are
transcoded, Comments.csv's unquoted continuation lines are joined, and the header row is found by name
(Connections.csv has a preamble). Large files (messages.csv) are read by DuckDB straight from disk: we only
look at their first 64 KiB. ZIP members are extracted to a private work directory after safety checks
(no path escapes, no zip bombs)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from linkedin_audit.errors import UserError
from linkedin_audit.ingest.sources import RAW, REGISTRY, TYPED, SourceSpec, norm_header
from linkedin_audit.ingest.sources.spec import Column
from linkedin_audit.ingest.tolerant import Repair, sniff_encoding, transcode

HEAD_BYTES = 64 * 1024
HEAD_LINES = 12
"""The header row is looked for in a file's first HEAD_LINES lines."""
MAX_HEAD_BYTES = 32 * 1024**2
"""How far the head is read to hold HEAD_LINES whole lines: a header with hundreds of extra columns can pass
64 KiB (it was refused as having no header); DuckDB's own limit on one line is 32 MiB."""
MAX_TOTAL_UNCOMPRESSED = 8 * 1024**3  # 8 GiB: far above the largest real export
MAX_RATIO = 200  # compression ratio past which a big member is treated as a zip bomb
BOMB_FLOOR = 100 * 1024**2  # below this size (per member, or in all) any ratio is harmless
SENTINELS = ("no conversations found",)
PROVENANCE = ("export_id", "file", "line", "rowid", "nk", "first_export_id", "last_export_id")
"""Names a raw column of the file's own may not take: raw tables add export_id and file, staging adds line
and numbers records by DuckDB's `rowid` pseudo-column (a CSV column named `ROWID` shadowed it: a self-join),
the model adds nk and the export span."""
GLOB = re.compile(r"[*?\[\]{}]")
"""Characters DuckDB's readers expand as a pattern; no path containing one is given to read_csv."""
SUPPORTED_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_EXPORT_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")
_COMMENT_START = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},")


@dataclass
class Member:
    """One file of the export: its path inside the archive/folder and where its bytes are on disk."""

    path: str
    disk_path: Path
    size: int
    crc: int


@dataclass
class Export:
    name: str
    source: Path
    members: list[Member]
    fingerprint: str
    date_from_name: dt.date | None


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


def export_date_from_name(name: str) -> dt.date | None:
    """`Complete_LinkedInDataExport_11-04-2018.zip` -> 2018-11-04 (US order, docs/export-format.md 1.1)."""
    for match in reversed(list(_EXPORT_DATE.finditer(name))):
        month, day, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _fingerprint(items: list[tuple[str, int, int]]) -> str:
    """sha256 over (path, size, CRC-32) of every member: a ZIP carries the CRCs, so re-ingesting an unchanged
    export is recognised without reading it; a folder's CRCs are computed (about 1 GB/s)."""
    digest = hashlib.sha256()
    for path, size, crc in sorted(items):
        digest.update(f"{path.lower()}\0{size}\0{crc:08x}\n".encode())
    return digest.hexdigest()


def _crc_file(path: Path) -> int:
    crc = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            crc = zlib.crc32(chunk, crc)
    return crc


def _safe_member_name(name: str) -> str:
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts or re.match(r"^[A-Za-z]:", name):
        raise UserError(f"the ZIP member {name!r} points outside the archive; refusing to read this archive")
    return str(posix)


def _supported(path: Path, info: zipfile.ZipInfo) -> None:
    """One sentence for a ZIP feature LinkedIn's exports never use, before anything is extracted."""
    if info.flag_bits & 0x1:
        raise UserError(
            f"{path.name} is password-protected ({info.filename} is encrypted); LinkedIn's "
            "exports are not: unzip it yourself and ingest the folder"
        )
    if info.compress_type not in SUPPORTED_COMPRESSION:
        method = {9: "deflate64", 12: "bzip2", 14: "lzma", 93: "zstandard", 98: "ppmd"}.get(
            info.compress_type, f"method {info.compress_type}"
        )
        raise UserError(
            f"{path.name}: member {info.filename} is compressed with {method}, which Python's "
            "zipfile cannot read (LinkedIn uses deflate): unzip it yourself and ingest the "
            "folder"
        )


def scan_zip(path: Path) -> tuple[list[zipfile.ZipInfo], str]:
    """List a ZIP's files and fingerprint it without extracting anything."""
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise UserError(f"{path.name} is not a readable ZIP file (truncated or not a ZIP)") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
    for info in infos:
        _safe_member_name(info.filename)
        _supported(path, info)
    total = sum(i.file_size for i in infos)
    packed = max(sum(i.compress_size for i in infos), 1)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise UserError(
            f"{path.name} would expand to {total / 1024**3:.1f} GiB, more than any LinkedIn export"
        )
    for info in infos:
        if info.file_size > BOMB_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise UserError(
                f"{path.name}: member {info.filename} expands {ratio}x; refusing a likely zip bomb"
            )
    if total > BOMB_FLOOR and total > MAX_RATIO * packed:
        # many members, each under the floor, that together still expand absurdly
        raise UserError(
            f"{path.name} expands {total // packed}x to {total / 1024**2:,.0f} MB; refusing a likely zip bomb"
        )
    if not infos:
        raise UserError(f"{path.name} is an empty ZIP archive")
    return infos, _fingerprint([(i.filename, i.file_size, i.CRC) for i in infos])


def scan_folder(path: Path) -> tuple[list[Path], str]:
    """The folder's files, refusing what is not a regular file inside it: a file of the export that is a
    FIFO, a device or a folder (`Connections.csv/`), and a symlink that leaves the export folder (it would
    load a private file from elsewhere)."""
    root = path.resolve()
    files = []
    for p in sorted(path.rglob("*")):
        if p.name.startswith("."):
            continue
        if p.is_symlink():
            target = p.resolve()
            if not target.is_relative_to(root):
                raise UserError(
                    f"{p.relative_to(path).as_posix()} in {path.name} is a symlink to {target}, "
                    "outside the export folder; refusing to read it (copy the file in instead)"
                )
        if p.is_file():
            files.append(p)
        elif REGISTRY.match(p.name) is not None and not _inside_dir_named_like_file(p, path):
            kind = "a folder" if p.is_dir() else "not a regular file (a FIFO, socket or device)"
            raise UserError(
                f"{p.relative_to(path).as_posix()} in {path.name} is {kind}, not a CSV file; "
                "refusing this export"
            )
    if not files:
        raise UserError(f"the folder {path} holds no files; expected an unzipped LinkedIn export")
    items = [(p.relative_to(path).as_posix(), p.stat().st_size, _crc_file(p)) for p in files]
    return files, _fingerprint(items)


def _inside_dir_named_like_file(p: Path, root: Path) -> bool:
    """True for the contents of a folder already refused (only the outermost odd entry is named)."""
    return any(
        REGISTRY.match(parent.name) is not None for parent in p.relative_to(root).parents if parent.name
    )


def check_input(path: Path) -> None:
    """An input is a folder or a regular file: a FIFO or a device (`/dev/zero`) is refused before any
    byte is read (is_zipfile would read it forever)."""
    if not path.exists():
        raise UserError(f"{path} does not exist")
    if path.is_dir():
        return
    if not path.is_file():
        raise UserError(
            f"{path} is not a regular file or folder (a FIFO, socket or device); give the "
            "export's ZIP or its unzipped folder"
        )
    if not zipfile.is_zipfile(path):
        with path.open("rb") as fh:
            if fh.read(4) == b"PK\x03\x04":  # a ZIP's first member, but no directory at the end
                raise UserError(f"{path} is a truncated or damaged ZIP archive; download the export again")
        raise UserError(f"{path} is neither a ZIP archive nor a folder")


def fingerprint_of(path: Path) -> str:
    """The export's fingerprint, cheaply (used to make re-ingest a fast no-op)."""
    if path.is_dir():
        return scan_folder(path)[1]
    return scan_zip(path)[1]


def open_export(path: Path, workdir: Path) -> Export:
    """Open a ZIP or a folder; ZIP members are extracted into `workdir` (which the caller deletes)."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"{path} does not exist")
    name = path.name
    if path.is_dir():
        files, fp = scan_folder(path)
        members = [Member(p.relative_to(path).as_posix(), p, p.stat().st_size, 0) for p in files]
    else:
        infos, fp = scan_zip(path)
        members = []
        with zipfile.ZipFile(path) as zf:
            for n, info in enumerate(infos):
                if not _wanted(info.filename):  # not an export file: listed, never extracted
                    members.append(
                        Member(_safe_member_name(info.filename), workdir / "-", info.file_size, info.CRC)
                    )
                    continue
                # a short literal name: no pattern character, no name too long for the file system
                target = workdir / f"member_{n:04d}.csv"
                try:
                    with zf.open(info) as src, target.open("wb") as dst:
                        while chunk := src.read(1 << 22):
                            dst.write(chunk)
                except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
                    raise UserError(f"{name}: member {info.filename} cannot be read ({exc})") from None
                members.append(Member(_safe_member_name(info.filename), target, info.file_size, info.CRC))
    return Export(
        name=name, source=path, members=members, fingerprint=fp, date_from_name=export_date_from_name(name)
    )


def _wanted(name: str) -> bool:
    """Whether a ZIP member may be an export file (by its name, a copy's name, or an article): only those are
    extracted. A ZIP of 100,000 junk members costs a listing, not 100,000 files on disk."""
    from linkedin_audit.ingest.copies import copy_stem

    base = PurePosixPath(name.replace("\\", "/")).name
    lower = name.lower()
    return (
        REGISTRY.match(base) is not None
        or REGISTRY.match(copy_stem(base) or base) is not None
        or (lower.endswith(".html") and "articles/" in lower)
    )


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
    sniffed = sniff_encoding(member.disk_path, head)
    encoding = sniffed.name
    if spec.treatment == RAW and encoding != "utf-16" and b"\x00" in head[:4096]:
        raise UserError(f"{member.path} holds binary data (NUL bytes), not CSV text")
    repairs = (
        [
            Repair(
                sniffed.first_bad_line,
                f"{sniffed.bad_bytes} invalid UTF-8 byte{'s' * (sniffed.bad_bytes > 1)} replaced by U+FFFD",
            )
        ]
        if sniffed.bad_bytes
        else []
    )
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
    )


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
