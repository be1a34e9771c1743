"""Reading what people really have on disk: the encoding decided over the whole file without loading it, and
a CSV that DuckDB's strict reader rejects rows of rewritten so that no good row is lost.

Encoding. A file is UTF-8 unless it holds no valid multi-byte UTF-8 character at all and some invalid byte
(then it is a legacy file: cp1252, a superset of Latin-1's printable range). One invalid byte in a UTF-8 file
is replaced by U+FFFD and counted; it no longer turns every other accented name into mojibake. The file is
streamed in 4 MiB chunks: memory stays bounded whatever its size. A large file whose head is valid UTF-8 is
read by DuckDB first, which sets aside any row with an invalid byte; only then is it checked here
(prepare_csv.DEFERRED_FROM, check_deferred).

Rows. `repair_csv` runs only on a file DuckDB rejected rows of (load_file asks DuckDB first, at no extra
cost). It streams physical lines, groups them into records by the parity of their quote characters (a quoted
field may span lines), and contains an unbalanced quote to its own line when no closing quote comes within
MAX_RECORD_LINES lines. A record with fewer fields than the header is padded; with more, a raw-only file keeps
the text joined back into its last column (free text with unquoted commas: `acme, inc, berlin`), and a typed
file (Connections, Invitations, messages) sends the line to raw.rejected_lines, because which of its fields
belongs to which column is a guess there.

Two files concatenated into one (`cat a.csv b.csv`) repeat the header, and for Connections the `Notes:`
preamble before it, in mid-file: such lines are dropped (each recorded), not loaded as a person named
"First Name Last Name"; a `Notes:` glued to the end of the first file's last row (it had no final newline)
is cut off it. A header of other columns in mid-file (two eras concatenated) is refused: the rows
after it would fall into the wrong columns."""

from __future__ import annotations

import codecs
import csv
import io
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from linkedin_audit.errors import UserError

CHUNK = 4 * 1024**2
MAX_RECORD_LINES = 10_000
"""A quoted field longer than this many lines is taken for an unbalanced quote (a message this long has
never been seen; DuckDB's own limit on one record is 32 MiB)."""

_counter = threading.local()


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    _counter.bad = getattr(_counter, "bad", 0) + (exc.end - exc.start)
    return "\ufffd", exc.end


codecs.register_error("linkedin_audit_count", _count_and_replace)


@dataclass
class Repair:
    """One thing done to a file so it could be read: `line` is the physical line (1-based; None: the file)."""

    line: int | None
    what: str


@dataclass
class Rejected:
    """A line kept out of the raw table (raw.rejected_lines), with why and its text."""

    line: int
    reason: str
    text: str


@dataclass
class Encoding:
    name: str  # utf-8, utf-8-sig, utf-16, cp1252
    bad_bytes: int = 0
    first_bad_line: int | None = None

    @property
    def needs_transcoding(self) -> bool:
        return self.name in ("utf-16", "cp1252") or self.bad_bytes > 0


ARROW_FROM = 64 * 1024**2
"""Files from this size are validated by Arrow; smaller ones by Python's decoder, which spares the import of
pyarrow (and of pandas, which its first array imports): ~0.3 s of CPU, more than Python spends on 64 MB."""


def _valid_utf8(path: Path) -> bool:
    """Whether the whole file is valid UTF-8, checked by Arrow's validator in chunks (~3x faster than
    Python's decoder, and no text is built: 400 MB of messages in ~0.2 s against ~0.8 s). A chunk ends
    before a multi-byte character it may cut; that character opens the next one. A small file is decoded
    by Python instead (ARROW_FROM)."""
    if path.stat().st_size < ARROW_FROM:
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(CHUNK):
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
        return True
    import pyarrow as pa

    carry = b""
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(CHUNK)
            data = carry + chunk if carry else chunk
            cut = len(data)
            if chunk:  # not the end: back over continuation bytes to the lead byte of the last character
                i = cut - 1
                while i > cut - 4 and i >= 0 and data[i] & 0xC0 == 0x80:
                    i -= 1
                if i >= 0 and data[i] >= 0xC0:
                    cut = i
            carry = data[cut:]
            offsets = pa.array([0, cut], pa.int64()).buffers()[1]
            try:
                pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(memoryview(data)[:cut])).validate(
                    full=True
                )
            except pa.ArrowInvalid:
                return False
            if not chunk:
                return True


def sniff_encoding(path: Path, head: bytes) -> Encoding:
    """The file's encoding, from a streamed pass over all of it (see the module docstring)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Encoding("utf-16")
    name = "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
    if _valid_utf8(path):  # the common case; any invalid byte: the counting pass below
        return Encoding(name)
    decoder = codecs.getincrementaldecoder("utf-8")("linkedin_audit_count")
    _counter.bad = 0
    multibyte = 0
    first_bad: int | None = None
    lines = 0
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(CHUNK)
            before = _counter.bad
            text = decoder.decode(chunk, final=not chunk)
            if _counter.bad > before and first_bad is None:
                cut = text.index("\ufffd") if "\ufffd" in text else 0
                first_bad = lines + text.count("\n", 0, cut) + 1
            multibyte += len(chunk) - len(text)
            lines += chunk.count(b"\n")
            if not chunk:
                break
    bad = _counter.bad
    if bad and multibyte <= 0:
        return Encoding("cp1252")
    return Encoding(name, bad, first_bad)


def transcode(source: Path, encoding: Encoding, target: Path) -> None:
    """The file as UTF-8 (invalid bytes as U+FFFD), in chunks: bounded memory for any size."""
    errors = "replace"
    codec = "utf-8-sig" if encoding.name == "utf-8-sig" else encoding.name
    with (
        source.open("r", encoding=codec, errors=errors, newline="") as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        first = True
        while chunk := src.read(CHUNK):
            if first:
                chunk, first = chunk.lstrip("\ufeff"), False
            dst.write(chunk)


def _physical_lines(path: Path, skip: int) -> Iterator[tuple[int, str]]:
    """(line number, text with its terminator) of every line after `skip` preamble lines."""
    with path.open("r", encoding="utf-8", errors="replace", newline="") as fh:
        for number, line in enumerate(fh, start=1):
            if number > skip:
                yield number, line


def _records(
    lines: Iterator[tuple[int, str]], repairs: list[Repair], width: int, delimiter: str
) -> Iterator[tuple[int, str, bool]]:
    """(first line number, record text, quoted normally?) with an unbalanced quote contained to its line:
    one whose closing quote does not come within MAX_RECORD_LINES lines, or closes a record of the wrong
    width (the quote of a later line)."""
    pending: deque[tuple[int, str]] = deque()
    source = iter(lines)

    def next_line() -> tuple[int, str] | None:
        if pending:
            return pending.popleft()
        return next(source, None)

    while (first := next_line()) is not None:
        number, text = first
        if text.count('"') % 2 == 0:
            yield number, text, True
            continue
        taken = [first]
        quotes = text.count('"')
        while quotes % 2 and len(taken) <= MAX_RECORD_LINES:
            line = next_line()
            if line is None:
                break
            taken.append(line)
            quotes += line[1].count('"')
        record = "".join(t for _, t in taken)
        if quotes % 2 == 0 and len(_fields(record, delimiter, True)) == width:
            yield number, record, True
            continue
        repairs.append(Repair(number, "unbalanced quote: read as text, contained to its line"))
        pending.extendleft(reversed(taken[1:]))
        yield number, text, False


def _fields(text: str, delimiter: str, quoted: bool) -> list[str]:
    """A record's fields; a contained line is split on every delimiter, its quotes kept as text."""
    if not text.strip():
        return []
    if quoted:
        return next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    return next(csv.reader([text.rstrip("\r\n")], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])


@dataclass
class Repaired:
    path: Path
    repairs: list[Repair] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


REPEATED_HEADER = "a repeated header dropped (files concatenated)"
REPEATED_PREAMBLE = "a repeated `Notes:` preamble dropped (files concatenated)"
GLUED_PREAMBLE = "a repeated `Notes:` preamble glued to the row's last field dropped (files concatenated)"


def header_key(fields: list[str]) -> list[str]:
    """A header row as rows are compared with it: fields trimmed, lower case, a BOM dropped."""
    return [f.strip().lstrip("\ufeff").strip().strip('"').lower() for f in fields]


def repair_csv(
    source: Path,
    target: Path,
    *,
    skip: int,
    width: int,
    delimiter: str,
    typed: bool,
    header_like: Callable[[list[str]], bool] | None = None,
    name: str = "",
) -> Repaired:
    """Rewrite `source` (UTF-8, `skip` preamble lines, then a header of `width` fields) into a CSV DuckDB
    reads strictly: header + one record per row, every row `width` fields (see the module docstring).
    `header_like` tells a row of header names (another era's header) from data."""
    out = Repaired(target)
    lines = _physical_lines(source, skip)
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        header = next(lines, None)
        own = None
        if header is not None:
            header_fields = _fields(header[1], delimiter, True)
            own = header_key(header_fields)
            writer.writerow(header_fields)
        preamble = False
        for number, text, quoted in _records(lines, out.repairs, width, delimiter):
            try:
                fields = _fields(text, delimiter, quoted)
            except csv.Error as exc:
                out.rejected.append(Rejected(number, f"not CSV ({exc})", text.rstrip("\r\n")))
                continue
            if not fields:
                preamble = False  # the preamble ends with its blank line
                continue
            if [f.strip() for f in fields if f.strip()] == ["Notes:"] or (
                preamble and sum(1 for f in fields if f.strip()) <= 1
            ):
                preamble = True
                out.repairs.append(Repair(number, REPEATED_PREAMBLE))
                continue
            preamble = False
            if fields[-1].endswith("Notes:") and len(fields) == width and fields[-1] != "Notes:":
                # the first file had no final newline (Connections.csv never has one): `... 2023Notes:`
                fields[-1] = fields[-1].removesuffix("Notes:")
                out.repairs.append(Repair(number, GLUED_PREAMBLE))
                preamble = True
            key = header_key(fields)
            if key == own:
                out.repairs.append(Repair(number, REPEATED_HEADER))
                continue
            if header_like is not None and header_like(fields):
                raise UserError(
                    f"{name or source.name}: line {number} is a header with other columns than the first "
                    "line's (two files of different eras concatenated?); split it into its two files"
                )
            if len(fields) > width:
                extra = len(fields) - width
                if typed:
                    out.rejected.append(
                        Rejected(number, f"{len(fields)} fields, the header has {width}", text.rstrip("\r\n"))
                    )
                    continue
                fields = fields[: width - 1] + [delimiter.join(fields[width - 1 :])]
                out.repairs.append(
                    Repair(
                        number,
                        f"{extra} extra field{'s' * (extra > 1)} joined into the "
                        "last column (unquoted delimiter in free text)",
                    )
                )
            elif len(fields) < width:
                missing = width - len(fields)
                fields = fields + [""] * missing
                out.repairs.append(
                    Repair(number, f"{missing} missing field{'s' * (missing > 1)} padded (empty)")
                )
            writer.writerow(fields)
    return out
