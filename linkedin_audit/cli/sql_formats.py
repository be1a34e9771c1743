"""The output formats of `linkedin-audit sql`: table, csv, tsv, json, nl (newline-delimited JSON), markdown.

Rows arrive in batches and csv/tsv/json/nl write each batch as it comes (a million rows stream in bounded
memory); a table needs every row to size its columns, so it shows at most TABLE_MAX_ROWS and says so.
Values keep their meaning across formats: ISO 8601 dates, times and durations, base64 blobs, JSON lists and
structs; numbers are formatted for reading (1,234.5) in the table only. On a terminal, control characters
from the data are spelled out in every format (see terminal.visible); into a file or a pipe, csv keeps the
exact text (RFC 4180 quoting), tsv escapes tab, newline, carriage return and backslash, json escapes them."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import math
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO

from linkedin_audit.cli.terminal import visible
from linkedin_audit.csv_safety import excel_safe

FORMATS = ("table", "csv", "tsv", "json", "nl", "markdown")
TABLE_MAX_ROWS = 10_000
"""Rows a table shows at most (it must hold them all to size its columns); csv/json stream any number."""

Batch = Sequence[Sequence[Any]]


def iso_duration(value: dt.timedelta) -> str:
    """ISO 8601 duration: P3D, PT1H30M, P1DT0.5S; negative as -P1D. (DuckDB hands Python a month as 30
    days, so INTERVAL '1 month' prints as P30D.)"""
    sign = "-" if value < dt.timedelta(0) else ""
    value = abs(value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    secs = (
        f"{seconds}.{value.microseconds:06d}".rstrip("0").rstrip(".") if value.microseconds else str(seconds)
    )
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M")) if n)
    time += f"{secs}S" if seconds or value.microseconds else ""
    out = f"P{value.days}D" if value.days else "P"
    out += f"T{time}" if time else ("" if value.days else "T0S")
    return sign + out


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
    if isinstance(value, dt.timedelta):
        return iso_duration(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if hasattr(value, "months") and hasattr(value, "nanoseconds"):  # pyarrow's MonthDayNano, in a list
        return iso_month_day_nano(value.months, value.days, value.nanoseconds)
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
    width: int | None = None,
) -> tuple[int, bool]:
    """Write the rows in `fmt`; returns (rows written, whether a table was cut at TABLE_MAX_ROWS)."""
    rows = _rows(batches, limit)
    if fmt == "table":
        return _table(names, rows, out, headers=headers, terminal=terminal, width=width)
    if fmt == "markdown":
        return _markdown(names, rows, out, headers=headers), False
    if fmt in ("json", "nl"):
        return _json(names, rows, out, lines=fmt == "nl"), False
    return _delimited(
        names, rows, out, tsv=fmt == "tsv", headers=headers, terminal=terminal, excel=excel
    ), False


def _delimited(
    names: list[str],
    rows: Iterable[Sequence[Any]],
    out: TextIO,
    *,
    tsv: bool,
    headers: bool,
    terminal: bool,
    excel: bool,
) -> int:
    def cell(value: Any) -> str:
        text = text_value(value)
        if excel and isinstance(value, str):
            text = excel_safe(text)
        if tsv:
            text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return visible(text) if terminal else text

    emit: Callable[[list[str]], object]
    if tsv:
        emit = lambda cells: out.write("\t".join(cells) + "\n")  # noqa: E731
        quote: Callable[[Any], bool] = lambda value: False  # noqa: E731
    else:
        # RFC 4180: CRLF; every text value quoted (as the Arrow path writes them), other values when needed
        emit = lambda cells: out.write(",".join(cells) + "\r\n")  # noqa: E731
        quote = lambda value: isinstance(value, str | list | dict | tuple)  # noqa: E731
    if headers:
        emit([_csv_cell(cell(n), not tsv) for n in names])
    n = 0
    for row in rows:
        emit([_csv_cell(cell(v), quote(v)) if not tsv else cell(v) for v in row])
        n += 1
    return n


def _csv_cell(text: str, quoted: bool) -> str:
    """One csv field: quoted (a quote doubled) when it is text or holds a comma, quote or line break."""
    if quoted or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


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
    width: int | None,
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


def iso_month_day_nano(months: int, days: int, nanoseconds: int) -> str:
    """An exact DuckDB interval (months, days and nanoseconds kept apart) as an ISO 8601 duration: P1M2D,
    P1Y2M, -P1M. (Mixed signs, which ISO cannot write, come out per component: P1M-2D.)"""
    negative = months <= 0 and days <= 0 and nanoseconds <= 0 and (months or days or nanoseconds)
    if negative:
        months, days, nanoseconds = -months, -days, -nanoseconds
    years, month = divmod(months, 12) if months >= 0 else (0, months)
    head = (f"{years}Y" if years else "") + (f"{month}M" if month else "")
    rest = iso_duration(dt.timedelta(microseconds=nanoseconds // 1000)) if nanoseconds else ""
    body = (f"{days}D" if days else "") + rest.removeprefix("P")
    return ("-" if negative else "") + "P" + (head + body or "T0S")


def _arrow_text(column: Any) -> Any:
    """An Arrow column as CSV-ready values: kept when pyarrow writes it in the standard form already,
    ISO text for naive timestamps, the JSON text form (text_value) for everything else."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if (
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_date32(kind)
    ):
        if not pa.types.is_date32(kind) or not _has_infinite_day(column):
            return column
    if pa.types.is_decimal(kind):
        return pc.cast(column, pa.string())
    if pa.types.is_timestamp(kind) and kind.tz is None:
        text = pc.strftime(column, format="%Y-%m-%dT%H:%M:%S")  # %S carries the fraction: strip its zeros
        return pc.replace_substring_regex(
            pc.replace_substring_regex(text, pattern=r"(\.\d*?)0+$", replacement=r"\1"),
            pattern=r"\.$",
            replacement="",
        )
    text = [None if v is None else text_value(v) for v in _arrow_values(column)]
    return pa.array(text, type=pa.string())


def write_arrow_csv(reader: Any, out: Any, *, headers: bool, limit: int | None) -> int:
    """csv straight from DuckDB's Arrow batches through pyarrow's C++ writer: a million rows in about a
    second, one batch in memory at a time. Every text value is quoted (valid RFC 4180, CRLF lines)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    writer = None
    n = 0
    for batch in reader:
        if limit is not None:
            batch = batch.slice(0, max(0, limit - n))
        converted = pa.RecordBatch.from_arrays(
            [_arrow_text(c) for c in batch.columns], names=batch.schema.names
        )
        if writer is None:
            options = pacsv.WriteOptions(include_header=headers, eol="\r\n", quoting_style="needed")
            writer = pacsv.CSVWriter(out, converted.schema, write_options=options)
        writer.write_batch(converted)
        n += batch.num_rows
        if limit is not None and n >= limit:
            break
    if writer is None:  # no batch at all: the header alone
        names = reader.schema.names
        if headers:
            quoted = ('"' + x.replace('"', '""') + '"' for x in names)
            out.write((",".join(quoted) + "\r\n").encode())
    else:
        writer.close()
    return n


def _arrow_values(column: Any) -> list[Any]:
    """An Arrow column as Python values; intervals as exact ISO 8601 durations (months kept)."""
    import pyarrow as pa

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
        return [None if v is None else iso_month_day_nano(v.months, v.days, v.nanoseconds) for v in values]
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
