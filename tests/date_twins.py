"""The export's date formats (docs/export-format.md section 3) in Python: the twin that tests/test_dates.py
pins the SQL macros against (the package itself parses only in SQL, so this lives with the tests).

The loader parses with the `li_ts` / `li_month` macros (ingest/sql/staging/00_macros.sql), which try the
same formats in the same order; tests check that both agree. Times the export writes without a zone are
taken as UTC (an assumption: Invitations may be in the account's local time). A time written with a zone
(`+02:00`, `PST`, `CEST`) is converted to UTC: the zone abbreviations are fixed offsets (ZONES; DuckDB's own
`%Z` reads `BST` as Bangladesh and `PST` in July as daylight time), tried only when no zone-less format
fits."""

from __future__ import annotations

import datetime as dt
import re

# Order matters only where two formats could both match; none of these overlap.
TIMESTAMP_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S UTC",  # messages 2021+
    "%m/%d/%y, %I:%M %p",  # Invitations, Connections 2018, Messages 2018, Recommendations, Email Addresses
    "%d %b %Y",  # Connections 2021+
    "%Y-%m-%dT%H:%M:%S",  # messages 2020
    "%Y/%m/%d %H:%M:%S UTC",  # Endorsements, SearchQueries, Account Status History
    "%a %b %d %H:%M:%S UTC %Y",  # Company Follows, Logins (Java Date.toString)
    "%Y-%m-%d %H:%M:%S",  # Reactions, Comments, Shares, Member_Follows
    "%Y-%m-%d %H:%M UTC",  # Learning
    "%m/%d/%y %I:%M %p UTC",  # Receipts_v2
    "%b %d, %Y",  # Publications
    "%Y-%m-%d",  # Verifications
    "%d-%b-%y",  # Connected On after an Excel re-save (`4-Apr-21`)
)
MONTH_FORMATS: tuple[str, ...] = ("%b %Y", "%Y")
ZONED_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S %z",
    "%Y/%m/%d %H:%M:%S %z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M %z",
    "%m/%d/%y, %I:%M %p %z",
    "%m/%d/%y %I:%M %p %z",
    "%a %b %d %H:%M:%S %z %Y",
)
ZONES: dict[str, str] = {
    "UTC": "+00:00",
    "GMT": "+00:00",
    "Z": "+00:00",
    "WET": "+00:00",
    "WEST": "+01:00",
    "BST": "+01:00",
    "CET": "+01:00",
    "CEST": "+02:00",
    "EET": "+02:00",
    "EEST": "+03:00",
    "MSK": "+03:00",
    "IST": "+05:30",
    "SGT": "+08:00",
    "HKT": "+08:00",
    "JST": "+09:00",
    "KST": "+09:00",
    "AEST": "+10:00",
    "AEDT": "+11:00",
    "NZST": "+12:00",
    "NZDT": "+13:00",
    "EST": "-05:00",
    "EDT": "-04:00",
    "CST": "-06:00",
    "CDT": "-05:00",
    "MST": "-07:00",
    "MDT": "-06:00",
    "PST": "-08:00",
    "PDT": "-07:00",
    "AKST": "-09:00",
    "AKDT": "-08:00",
    "HST": "-10:00",
    "BRT": "-03:00",
    "ART": "-03:00",
}
"""Zone abbreviations as fixed offsets (the li_zone_offset macro holds the same map; a test checks)."""
_ZONE_TOKEN = re.compile(r"(?:^|\s)([A-Z]{1,5})(?=(?:\s\d{4})?$)")


def _parse(text: str | None, formats: tuple[str, ...]) -> dt.datetime | None:
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse_timestamp(text: str | None) -> dt.datetime | None:
    """Any timestamp or date format of the export -> naive datetime (UTC by assumption); None if none fits.
    A time with a zone (offset or abbreviation) -> the same instant in UTC."""
    parsed = _parse(text, TIMESTAMP_FORMATS)
    if parsed is not None or text is None:
        return parsed
    zoned = text.strip()
    match = _ZONE_TOKEN.search(zoned)
    if match and match.group(1) in ZONES:
        zoned = zoned[: match.start(1)] + ZONES[match.group(1)] + zoned[match.end(1) :]
    with_zone = _parse(zoned, ZONED_FORMATS)
    if with_zone is None or with_zone.tzinfo is None:
        return None
    return with_zone.astimezone(dt.UTC).replace(tzinfo=None)


def parse_month(text: str | None) -> dt.date | None:
    """Positions/Education `Jun 2019` or `2019` -> the first day of that month (or year)."""
    parsed = _parse(text, MONTH_FORMATS)
    return parsed.date() if parsed else None


def format_invitation(ts: dt.datetime) -> str:
    """How Invitations.csv writes a time: `3/7/24, 9:05 AM` (no zero padding, 12-hour)."""
    hour = ts.hour % 12 or 12
    return f"{ts.month}/{ts.day}/{ts.strftime('%y')}, {hour}:{ts.minute:02d} {'AM' if ts.hour < 12 else 'PM'}"
