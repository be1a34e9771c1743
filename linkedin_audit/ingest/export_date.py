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

import duckdb

from linkedin_audit.db import first_row
from linkedin_audit.ingest.sources import REGISTRY, TYPED

NAME_SLACK_DAYS = 1
"""How far the newest record may lie after the file name's date before the ingest warns (time zones)."""

OUT_OF_RANGE = "date out of range (before 2003-05-05 or in the future): kept, date unknown"
"""parse_failures.column_name suffix for dates `li_when` set aside."""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def count_out_of_range(con: duckdb.DuckDBPyConnection, export_id: int) -> list[tuple[str, int, str]]:
    """(source, rows, an example as written) per timestamp column whose parsed date `li_when` set aside;
    also recorded in parse_failures (column `<name>: date out of range ...`) for `status`. Every column is
    counted in one statement, each column's `li_ts` bound once (binding the date macros is most of the cost:
    15 columns spent ~0.1 s of CPU on a typical export)."""
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
            parts.append(
                f"SELECT {len(parts)} AS i, ? AS source, ? AS column_name, count(*) AS n, "
                f"any_value(txt(v)) AS example FROM (SELECT {c} AS v, li_ts({c}) AS t "
                f"FROM raw.{_ident(spec.name)} WHERE export_id = ?) "
                "WHERE t IS NOT NULL AND li_plausible(t) IS NULL"
            )
            params += [spec.name, column.name, export_id]
    if not parts:
        return []
    rows = con.execute(
        f"SELECT source, column_name, n, example FROM ({' UNION ALL '.join(parts)}) WHERE n > 0 ORDER BY i",
        params,
    ).fetchall()
    found = [(source, int(n), str(example)) for source, _, n, example in rows]
    if rows:
        con.executemany(
            "INSERT INTO parse_failures VALUES (?, ?, ?, ?, ?)",
            [
                [export_id, source, f"{name}: {OUT_OF_RANGE}", int(n), example]
                for source, name, n, example in rows
            ],
        )
    return found


def newest_record_day(con: duckdb.DuckDBPyConnection, export_id: int) -> dt.date | None:
    """The day of the export's newest message, invitation or connection (plausible dates only)."""
    row = first_row(
        con.execute(
            "SELECT CAST(max(t) AS DATE) FROM ("
            " SELECT max(sent_at) AS t FROM staging.messages WHERE export_id = $1"
            " UNION ALL SELECT max(sent_at) FROM staging.invitations WHERE export_id = $1"
            " UNION ALL SELECT max(connected_on) FROM staging.connections WHERE export_id = $1)",
            [export_id],
        )
    )
    return row[0] if row and row[0] is not None else None


def export_date(
    con: duckdb.DuckDBPyConnection, export_id: int, from_name: dt.date | None
) -> tuple[dt.date | None, str | None, list[str]]:
    """(the export's date, where it came from, sentences for the ingest's warning line)."""
    notes = []
    out = count_out_of_range(con, export_id)
    if out:
        n = sum(rows for _, rows, _ in out)
        where = ", ".join(f"{rows} in {source} (e.g. {example!r})" for source, rows, example in out)
        notes.append(
            f"{n} date{'s' * (n > 1)} before LinkedIn existed or in the future, kept with the date "
            f"unknown: {where}"
        )
    newest = newest_record_day(con, export_id)
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
