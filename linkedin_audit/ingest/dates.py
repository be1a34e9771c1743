"""The export's date formats (docs/export-format.md section 3), for Python-side checks and tests.

The loader parses in SQL with the `li_ts` / `li_month` macros (sql/staging/00_macros.sql), which try the
same formats in the same order; tests check that both agree. Times the export writes without a zone are
taken as UTC (an assumption: Invitations may be in the account's local time)."""

from __future__ import annotations

import datetime as dt

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
)
MONTH_FORMATS: tuple[str, ...] = ("%b %Y", "%Y")


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
    """Any timestamp or date format of the export -> naive datetime (UTC by assumption); None if none fits."""
    return _parse(text, TIMESTAMP_FORMATS)


def parse_month(text: str | None) -> dt.date | None:
    """Positions/Education `Jun 2019` or `2019` -> the first day of that month (or year)."""
    parsed = _parse(text, MONTH_FORMATS)
    return parsed.date() if parsed else None


def format_invitation(ts: dt.datetime) -> str:
    """How Invitations.csv writes a time: `3/7/24, 9:05 AM` (no zero padding, 12-hour)."""
    hour = ts.hour % 12 or 12
    return f"{ts.month}/{ts.day}/{ts.strftime('%y')}, {hour}:{ts.minute:02d} {'AM' if ts.hour < 12 else 'PM'}"
