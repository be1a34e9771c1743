"""The export's literal formats: its date styles, CSV quoting and line endings, the UTF-16 TSV legacy files
(docs/export-format.md section 3). Shared by writers.py and extras.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence

from linkedin_audit.synth.plan import DAY

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. You '
    "will only see email addresses for connections who have allowed their connections to see or download "
    "their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn "
    'more here https://www.linkedin.com/help/linkedin/answer/261"\n\n'
)


def _utc(t: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(t, dt.UTC)


def us_dt(t: int, pad: bool = False) -> str:
    """`3/7/24, 9:05 AM` (Invitations, 2018 dates) or zero-padded `03/07/24, 09:05 AM` (Recommendations)."""
    d = _utc(t)
    h = d.hour % 12 or 12
    ampm = "AM" if d.hour < 12 else "PM"
    if pad:
        return f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}, {h:02d}:{d.minute:02d} {ampm}"
    return f"{d.month}/{d.day}/{d.year % 100:02d}, {h}:{d.minute:02d} {ampm}"


def dmy(day: int) -> str:
    d = dt.date(1970, 1, 1) + dt.timedelta(days=day)
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


_DAYS: dict[int, str] = {}


def iso_utc(t: int) -> str:
    """`2024-11-21 16:05:12 UTC`, with the date part cached (a million rows at max scale)."""
    day, sec = divmod(t, DAY)
    d = _DAYS.get(day)
    if d is None:
        d = _DAYS[day] = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()
    h, rem = divmod(sec, 3600)
    return f"{d} {h:02d}:{rem // 60:02d}:{rem % 60:02d} UTC"


def slash_utc(t: int) -> str:
    return _utc(t).strftime("%Y/%m/%d %H:%M:%S UTC")


def java_date(t: int) -> str:
    d = _utc(t)
    return f"{WEEKDAYS[d.weekday()]} {MONTHS[d.month - 1]} {d.day:02d} {d:%H:%M:%S} UTC {d.year}"


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, quote_all: bool = False, chunk: int = 20_000
) -> Iterator[bytes]:
    """Stream a large CSV in encoded chunks (why: a million message rows must not sit in memory twice)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    w.writerow(header)
    for n, row in enumerate(rows, 1):
        w.writerow(row)
        if n % chunk == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    quote_all: bool = False,
    crlf: bool = False,
    final_newline: bool = True,
) -> bytes:
    buf = io.StringIO()
    w = csv.writer(
        buf,
        lineterminator="\r\n" if crlf else "\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    w.writerow(header)
    w.writerows(rows)
    s = buf.getvalue()
    if not final_newline:
        s = s.rstrip("\r\n")
    return s.encode("utf-8")


def utf16_tsv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """The legacy UTF-16LE + BOM, tab-separated, every-field-quoted files (2018, and one in 2022)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    w.writerow(header)
    w.writerows(rows)
    return b"\xff\xfe" + buf.getvalue().encode("utf-16-le")
