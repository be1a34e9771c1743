"""An export's date, and the dates in it that cannot be true (docs/export-format.md, "The export's date").

- **The export's date** is the later of the date in its file name and the day of its newest record
  (message, invitation, connection). The name alone is not enough: a ZIP copied or re-zipped under an earlier
  name made "now" months before the newest message (negative "days since last contact", a stale-pending list
  that shrank). When the newest record is more than one day after the name's date (one day is time zones),
  the ingest says so in its one warning line.
- **Dates out of range**: a time before LinkedIn's launch (2003-05-05) or after tomorrow by this machine's
  clock is kept with its row, its date unknown (NULL in staging and the model: macro `li_when`), so it never
  sets "now", never makes a day count negative, and counts wherever a row counts without a date. The ingest
  counts them per file and says so in the same warning line; `status` lists them with the parse failures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from linkedin_audit.ingest.sources import REGISTRY, TYPED

NAME_SLACK_DAYS = 1
"""How far the newest record may lie after the file name's date before the ingest warns (time zones)."""

OUT_OF_RANGE = "date out of range (before 2003-05-05 or in the future): kept, date unknown"
"""parse_failures.column_name suffix for dates `li_when` set aside."""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


NEWEST_FROM = {"messages": "date", "invitations": "sent_at", "connections": "connected_on"}
"""The raw columns behind staging.messages.sent_at, staging.invitations.sent_at and
staging.connections.connected_on (each `li_when` of its column, every row of the file): the newest record."""


@dataclass
class Dates:
    out_of_range: list[tuple[str, int, str]]
    """(source, rows, an example as written) per timestamp column whose parsed date `li_when` set aside."""
    newest: dt.date | None
    """The day of the export's newest message, invitation or connection (plausible dates only)."""


def count_dates(con: duckdb.DuckDBPyConnection, export_id: int) -> Dates:
    """Every timestamp column of the export in one pass: its dates out of range, also recorded in
    parse_failures (column `<name>: date out of range ...`) for `status`; its parse failures (a non-empty
    text `li_ts` cannot read; load.py counts the other parsed columns); the newest record's day. Binding
    `li_ts` is most of a date column's cost on a small export (~1.5 ms a use; the staging views bind every
    column's): each column's is bound once, all columns in one statement."""
    parts: list[str] = []
    params: list[object] = []
    for spec in REGISTRY:
        if spec.treatment != TYPED:
            continue
        for column in spec.columns:
            if column.parse != "li_ts":
                continue
            c = _ident(column.name)
            # li_ts bound once: li_when(c) is li_plausible(li_ts(c)), whose macros repeat their argument
            failed, out = "txt(v) IS NOT NULL AND t IS NULL", "t IS NOT NULL AND li_plausible(t) IS NULL"
            newest = (
                "t IS NOT NULL AND li_plausible(t) IS NOT NULL"
                if NEWEST_FROM.get(spec.name) == column.name
                else "false"
            )
            parts.append(
                f"SELECT {len(parts)} AS i, ? AS source, ? AS column_name, "
                f"count(*) FILTER ({failed}) AS failures, any_value(v) FILTER ({failed}) AS failed, "
                f"count(*) FILTER ({out}) AS n, any_value(txt(v)) FILTER ({out}) AS example, "
                f"CAST(max(t) FILTER ({newest}) AS DATE) AS newest "
                f"FROM (SELECT {c} AS v, li_ts({c}) AS t FROM raw.{_ident(spec.name)} WHERE export_id = ?)"
            )
            params += [spec.name, column.name, export_id]
    if not parts:
        return Dates([], None)
    rows = con.execute(
        "SELECT source, column_name, failures, failed, n, example, newest "
        f"FROM ({' UNION ALL '.join(parts)}) ORDER BY i",
        params,
    ).fetchall()
    recorded = [[export_id, r[0], r[1], int(r[2]), r[3]] for r in rows if r[2]]
    recorded += [[export_id, r[0], f"{r[1]}: {OUT_OF_RANGE}", int(r[4]), r[5]] for r in rows if r[4]]
    if recorded:
        con.executemany("INSERT INTO parse_failures VALUES (?, ?, ?, ?, ?)", recorded)
    days = [r[6] for r in rows if r[6] is not None]
    return Dates([(r[0], int(r[4]), str(r[5])) for r in rows if r[4]], max(days) if days else None)


def export_date(
    con: duckdb.DuckDBPyConnection, export_id: int, from_name: dt.date | None
) -> tuple[dt.date | None, str | None, list[str]]:
    """(the export's date, where it came from, sentences for the ingest's warning line)."""
    notes = []
    dates = count_dates(con, export_id)
    out, newest = dates.out_of_range, dates.newest
    if out:
        n = sum(rows for _, rows, _ in out)
        where = ", ".join(f"{rows} in {source} (e.g. {example!r})" for source, rows, example in out)
        notes.append(
            f"{n} date{'s' * (n > 1)} before LinkedIn existed or in the future, kept with the date "
            f"unknown: {where}"
        )
    if from_name is None:
        return newest, ("newest_timestamp" if newest else None), notes
    if newest is None or newest <= from_name:
        return from_name, "archive_name", notes
    if (newest - from_name).days > NAME_SLACK_DAYS:
        notes.append(
            f"the file name says {from_name:%Y-%m-%d} but the export holds records up to {newest:%Y-%m-%d}: "
            f"its date is taken as {newest:%Y-%m-%d} (a renamed copy?)"
        )
    return newest, "newest_timestamp", notes
