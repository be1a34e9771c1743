"""The output formats of `linkedin-audit sql`: table, csv, tsv, json, nl (newline-delimited JSON), markdown.

What is a library's: csv is pyarrow's C++ writer fed DuckDB's Arrow batches (write_arrow_csv), the table is
Rich's, JSON text is the json module's. What is ours, because no library writes it (measured: DuckDB's own
COPY/write_csv is refused on the read-only connection and writes `2024-01-02 03:04:05`, `3 days`, raw blobs
and bare NaN; polars cannot read DuckDB's intervals nor write blobs or nested values to csv): the value forms
(ISO 8601 dates, times and durations, base64 blobs, JSON lists and structs; numbers formatted for reading in
the table only), control characters spelled out on a terminal in every format (terminal.visible) and escaped
in json, --excel-safe (csv_safety), tsv's escapes (tab, newline, carriage return, backslash) and markdown's.

Rows arrive in batches and csv/tsv/json/nl write each batch as it comes (a million rows stream in bounded
memory); a table needs every row to size its columns, so it shows at most TABLE_MAX_ROWS and says so."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import functools
import json
import math
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from linkedin_audit.cli.terminal import visible
from linkedin_audit.csv_safety import FORMULA_STARTS, excel_safe

FORMATS = ("table", "csv", "tsv", "json", "nl", "markdown")
"""csv is written by write_arrow_csv, the others by write."""
TABLE_MAX_ROWS = 10_000
"""Rows a table shows at most (it must hold them all to size its columns); csv/json stream any number."""

Batch = Sequence[Sequence[Any]]


def iso_interval(months: int, days: int, nanoseconds: int) -> str:
    """A DuckDB interval (months, days and nanoseconds kept apart, as DuckDB keeps them) as an ISO 8601
    duration: P3D, PT1H30M, P1MT2H, P1Y2M, PT0.5S, -P1M. (Mixed signs, which ISO cannot write, come out per
    component: P1M-2D.)"""
    negative = months <= 0 and days <= 0 and nanoseconds <= 0 and bool(months or days or nanoseconds)
    if negative:
        months, days, nanoseconds = -months, -days, -nanoseconds
    years, month = divmod(months, 12) if months >= 0 else (0, months)
    date = "".join(f"{n}{unit}" for n, unit in ((years, "Y"), (month, "M"), (days, "D")) if n)
    seconds, fraction = divmod(abs(nanoseconds) // 1000, 1_000_000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    secs = f"{seconds}.{fraction:06d}".rstrip("0") if fraction else str(seconds)
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M")) if n)
    time += f"{secs}S" if seconds or fraction else ""
    time = ("T-" if nanoseconds < 0 else "T") + time if time else ""
    return ("-" if negative else "") + "P" + (date + time or "T0S")


def _nonfinite(value: float) -> str:
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def json_value(value: Any) -> Any:
    """A value as JSON data: lists and structs stay nested, everything else a number, bool or string."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _nonfinite(value)
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, dt.timedelta):  # an Arrow duration (DuckDB's intervals arrive as MonthDayNano)
        return iso_interval(0, 0, value // dt.timedelta(microseconds=1) * 1000)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if hasattr(value, "months") and hasattr(value, "nanoseconds"):  # pyarrow's MonthDayNano, in a list
        return iso_interval(value.months, value.days, value.nanoseconds)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def text_value(value: Any) -> str:
    """A value as one text cell (csv, tsv): the JSON form, with lists and structs as JSON text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else _nonfinite(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    converted = json_value(value)
    return converted if isinstance(converted, str) else json.dumps(converted, ensure_ascii=False)


_C1 = re.compile("[\x7f-\x9f\u2028\u2029]")


def _dumps(obj: Any) -> str:
    """JSON text with every control character escaped: json escapes C0 itself; DEL and C1 (which include
    the one-byte CSI a terminal obeys) are escaped here (they can only occur inside strings)."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(obj, ensure_ascii=False))


def _rows(batches: Iterable[Batch], limit: int | None) -> Iterator[Sequence[Any]]:
    seen = 0
    for batch in batches:
        for row in batch:
            if limit is not None and seen >= limit:
                return
            seen += 1
            yield row


def write(
    fmt: str,
    names: list[str],
    batches: Iterable[Batch],
    out: TextIO,
    *,
    headers: bool = True,
    terminal: bool = False,
    excel: bool = False,
    limit: int | None = None,
) -> tuple[int, bool]:
    """Write the rows in `fmt` (csv: write_arrow_csv); returns (rows written, whether a table was cut at
    TABLE_MAX_ROWS)."""
    rows = _rows(batches, limit)
    if fmt == "table":
        return _table(names, rows, out, headers=headers, terminal=terminal)
    if fmt == "markdown":
        return _markdown(names, rows, out, headers=headers), False
    if fmt in ("json", "nl"):
        return _json(names, rows, out, lines=fmt == "nl"), False
    return _tsv(names, rows, out, headers=headers, terminal=terminal, excel=excel), False


def _tsv(
    names: list[str],
    rows: Iterable[Sequence[Any]],
    out: TextIO,
    *,
    headers: bool,
    terminal: bool,
    excel: bool,
) -> int:
    def cell(value: Any) -> str:
        text = excel_safe(value) if excel and isinstance(value, str) else text_value(value)
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return visible(text) if terminal else text

    if headers:
        out.write("\t".join(cell(n) for n in names) + "\n")
    n = 0
    for row in rows:
        out.write("\t".join(cell(v) for v in row) + "\n")
        n += 1
    return n


def _json(names: list[str], rows: Iterable[Sequence[Any]], out: TextIO, *, lines: bool) -> int:
    n = 0
    if not lines:
        out.write("[")
    for row in rows:
        text = _dumps({k: json_value(v) for k, v in zip(names, row, strict=True)})
        if lines:
            out.write(text + "\n")
        else:
            out.write(("\n " if n == 0 else ",\n ") + text)
        n += 1
    if not lines:
        out.write("\n]\n" if n else "]\n")
    return n


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def _md_cell(value: Any) -> str:
    text = visible(text_value(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "<br>")


def _markdown(names: list[str], rows: Iterable[Sequence[Any]], out: TextIO, *, headers: bool) -> int:
    if headers:
        out.write("| " + " | ".join(_md_cell(n) for n in names) + " |\n")
        out.write("|" + "|".join("---" for _ in names) + "|\n")
    n = 0
    for row in rows:
        out.write("| " + " | ".join(_md_cell(v) for v in row) + " |\n")
        n += 1
    return n


def _reading_number(value: Any, column: str) -> str | None:
    """Numbers for reading in a table: 1,234,567 and 0.1235; identifiers and years keep their digits."""
    if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal):
        return None
    plain = column.lower().endswith(("id", "year"))
    if isinstance(value, int):
        return str(value) if plain else f"{value:,}"
    if isinstance(value, float) and not math.isfinite(value):
        return _nonfinite(value)
    number = float(value)
    if number != 0 and (abs(number) >= 1e15 or abs(number) < 1e-4):
        return f"{number:.4g}"
    return f"{number:,.4f}".rstrip("0").rstrip(".")


def _table(
    names: list[str],
    rows: Iterable[Sequence[Any]],
    out: TextIO,
    *,
    headers: bool,
    terminal: bool,
) -> tuple[int, bool]:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    kept: list[list[str]] = []
    numeric = [False] * len(names)
    cut = False
    for row in rows:
        if len(kept) >= TABLE_MAX_ROWS:
            cut = True
            break
        cells = []
        for i, value in enumerate(row):
            number = _reading_number(value, names[i])
            numeric[i] = numeric[i] or number is not None
            cells.append(number if number is not None else visible(text_value(value)))
        kept.append(cells)
    table = Table(show_header=headers, box=box.SQUARE if terminal else box.ASCII, show_lines=False)
    for i, name in enumerate(names):
        table.add_column(visible(name), justify="right" if numeric[i] else "left", overflow="fold")
    for cells in kept:
        table.add_row(*cells)
    width = None  # on a terminal: its width
    if not terminal:  # piped: as wide as the longest values, never cut
        longest = [
            max([len(visible(n)), *(max(len(x) for x in c[i].split("\n")) if c[i] else 0 for c in kept)])
            for i, n in enumerate(names)
        ]
        width = max(20, sum(longest) + 3 * len(names) + 1)
    Console(
        file=out,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
        force_terminal=terminal,
        color_system="auto" if terminal else None,
    ).print(table)
    return len(kept), cut


def _arrow_text(column: Any) -> Any:
    """An Arrow column as csv-ready values: kept when pyarrow writes it in the standard form already
    (numbers, decimals included, are never quoted), ISO text for naive timestamps, the JSON text form
    (text_value) for everything else."""
    import pyarrow as pa

    kind = column.type
    if (
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_decimal(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_date32(kind)
    ):
        if not pa.types.is_date32(kind) or not _has_infinite_day(column):
            return column
    if pa.types.is_timestamp(kind) and kind.tz is None:
        import pyarrow.compute as pc  # here only: its import costs more than a small query (~50 ms)

        finite, words = _split_infinite_times(column)
        text = pc.strftime(finite, format="%Y-%m-%dT%H:%M:%S")  # %S carries the fraction: strip its zeros
        text = pc.replace_substring_regex(
            pc.replace_substring_regex(text, pattern=r"(\.\d*?)0+$", replacement=r"\1"),
            pattern=r"\.$",
            replacement="",
        )
        return text if words is None else pc.coalesce(words, text)
    text = [None if v is None else text_value(v) for v in _arrow_values(column)]
    return pa.array(text, type=pa.string())


def _is_text(kind: Any) -> bool:
    """Text in the database (VARCHAR, an ENUM): what --excel-safe neutralises; numbers never are."""
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        return _is_text(kind.value_type)
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind))


def _csv_column(column: Any, source: Any, *, excel: bool, terminal: bool) -> Any:
    """One column as csv text: _arrow_text, then excel_safe (text only) and visible (on a terminal)."""
    import pyarrow as pa

    column = _arrow_text(column)
    if excel and _is_text(source):
        import pyarrow.compute as pc

        formula = functools.reduce(pc.or_, (pc.starts_with(column, start) for start in FORMULA_STARTS))
        column = pc.if_else(formula, pc.binary_join_element_wise("'", column, ""), column)
    if terminal and _is_text(column.type):
        column = pa.array([None if v is None else visible(v) for v in column.to_pylist()], pa.string())
    return column


def write_arrow_csv(
    reader: Any, out: Any, *, headers: bool, limit: int | None, excel: bool = False, terminal: bool = False
) -> int:
    """csv straight from DuckDB's Arrow batches through pyarrow's C++ writer: a million rows in about a
    second, one batch in memory at a time. RFC 4180: CRLF lines, every text value quoted (the header
    too), a quote doubled; numbers, dates and NULL not quoted. The one csv writer: piped, into a file, on
    a terminal and --excel-safe alike."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [excel_safe(x) if excel else x for x in reader.schema.names]
    names = [visible(x) if terminal else x for x in names]
    writer = None
    n = 0
    for batch in reader:
        if limit is not None:
            batch = batch.slice(0, max(0, limit - n))
        converted = pa.RecordBatch.from_arrays(
            [
                _csv_column(c, f.type, excel=excel, terminal=terminal)
                for c, f in zip(batch.columns, batch.schema, strict=True)
            ],
            names=names,
        )
        if writer is None:
            options = pacsv.WriteOptions(include_header=headers, eol="\r\n", quoting_style="needed")
            writer = pacsv.CSVWriter(out, converted.schema, write_options=options)
        writer.write_batch(converted)
        n += batch.num_rows
        if limit is not None and n >= limit:
            break
    if writer is None:  # no batch at all: the header alone
        if headers:
            quoted = ('"' + x.replace('"', '""') + '"' for x in names)
            out.write((",".join(quoted) + "\r\n").encode())
    else:
        writer.close()
    return n


_INFINITE_TIME = 2**63 - 1
"""DuckDB's TIMESTAMP 'infinity' as Arrow carries it, in every unit and zone ('-infinity' is its negation):
read as a time it is a date 28,000 years away (csv) or out of Python's range (the other formats)."""


def _split_infinite_times(column: Any) -> tuple[Any, Any]:
    """A timestamp column with its 'infinity' and '-infinity' set to NULL, and per row their word (NULL
    elsewhere); the column and None when it holds neither."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ticks = column.cast(pa.int64())
    later, earlier = pc.equal(ticks, _INFINITE_TIME), pc.equal(ticks, -_INFINITE_TIME)
    infinite = pc.or_(later, earlier)
    if not pc.any(infinite).as_py():
        return column, None
    nothing = pa.scalar(None, type=pa.string())
    words = pc.if_else(later, "infinity", pc.if_else(earlier, "-infinity", nothing))
    return pc.if_else(infinite, pa.scalar(None, type=column.type), column), words


def _arrow_values(column: Any) -> list[Any]:
    """An Arrow column as Python values; intervals as exact ISO 8601 durations (months kept); a
    timestamp's 'infinity' and '-infinity' as those words, as DuckDB writes them."""
    import pyarrow as pa

    if pa.types.is_timestamp(column.type):
        finite, words = _split_infinite_times(column)
        if words is not None:
            pairs = zip(finite.to_pylist(), words.to_pylist(), strict=True)
            return [v if w is None else w for v, w in pairs]
    try:
        values: list[Any] = column.to_pylist()
    except (OverflowError, ValueError):  # DATE 'infinity' (beyond Python's dates) and the like
        if pa.types.is_date32(column.type):
            return [_day(d) for d in column.cast(pa.int32()).to_pylist()]
        try:
            return column.cast(pa.string()).to_pylist()
        except (pa.ArrowException, NotImplementedError):
            return ["(a value Python cannot represent)" if s.is_valid else None for s in column]
    if pa.types.is_interval(column.type):
        return [None if v is None else iso_interval(v.months, v.days, v.nanoseconds) for v in values]
    return values


def _has_infinite_day(column: Any) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    top = pc.max(pc.abs(column.cast(pa.int32()))).as_py()
    return top is not None and top == 2**31 - 1


def _day(days: int | None) -> str | None:
    if days is None:
        return None
    if abs(days) == 2**31 - 1:
        return "infinity" if days > 0 else "-infinity"
    return (dt.date(1970, 1, 1) + dt.timedelta(days=days)).isoformat()


def arrow_rows(reader: Any) -> Iterator[Batch]:
    """Row batches (lists of tuples) from DuckDB's Arrow batches, for the formats written in Python."""
    for batch in reader:
        yield list(zip(*(_arrow_values(c) for c in batch.columns), strict=True))
