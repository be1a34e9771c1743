"""The one definition of "the local time of a send" (docs/metrics.md, "The owner's clock").

A sent message's local time is its UTC time in the owner's clock (relation `owner_clock`, analyses/clock.py):
the zone Profile.csv `Geo Location` names, through zoneinfo at that message's own date (daylight saving,
half-hour zones such as India's UTC+5:30), else a whole-hour offset inferred from the sends; UTC when the
clock is uncertain (and night_send_share is then not computed). night_send_share (analyses/bursts.py), the
hour-by-weekday heat map and the hour and weekday profiles all read it through `clock.hours_and_weekdays`
over the same stream of sends, so the heat map's cells at 00:00-06:00 add up to the night share's numerator.

A profile location is today's: it is applied to the whole history (a member who moved is read in the new
zone throughout), and the report says so.
"""

from __future__ import annotations

import duckdb
import numpy as np
import polars as pl

from linkedin_audit.analyses import bursts
from linkedin_audit.analyses.clock import Clock, hours_and_weekdays
from linkedin_audit.db import first_row, relation_exists
from linkedin_audit.vocabulary import WEEKDAYS

NIGHT_HOURS = range(0, 6)
"""Local hours counted as night (night_send_share: [00:00, 06:00))."""


def clock_in_use(con: duckdb.DuckDBPyConnection) -> Clock:
    """The clock the analyses used (`owner_clock`), or the one they would use when it is absent."""
    if relation_exists(con, "owner_clock"):
        row = first_row(
            con.execute("SELECT zone, inferred_offset_hours, source, confidence, reason FROM owner_clock")
        )
        if row is not None:
            zone, offset, source, confidence, reason = row
            return Clock(zone, None if offset is None else int(offset), source, float(confidence), reason)
    return bursts.owner_clock(con)


def local_hours_weekdays(times: np.ndarray, clock: Clock) -> tuple[np.ndarray, np.ndarray]:
    """(local hour 0-23, weekday 0 = Monday) of UTC epoch seconds under `clock`; UTC when it is unknown."""
    if clock.known:
        return hours_and_weekdays(times, clock)
    t = np.asarray(times, dtype=np.int64)
    return (t // 3600) % 24, ((t // 86400) + 3) % 7


def sends_local(con: duckdb.DuckDBPyConnection, stream: str = "messages") -> tuple[np.ndarray, np.ndarray]:
    """(local hour, weekday) of every event of a bursts stream (default: the sent messages)."""
    return local_hours_weekdays(bursts.stream_seconds(con, stream), clock_in_use(con))


def hour_weekday(con: duckdb.DuckDBPyConnection, stream: str = "messages") -> pl.DataFrame:
    """Events per (weekday label, local hour); every one of the 7 x 24 cells listed (n = 0 when empty)."""
    hours, days = sends_local(con, stream) if relation_exists(con, "messages") else (np.array([]),) * 2
    counts = np.bincount(
        np.asarray(days, dtype=np.int64) * 24 + np.asarray(hours, dtype=np.int64), minlength=7 * 24
    )
    return pl.DataFrame(
        {
            "weekday": [d for d in WEEKDAYS for _ in range(24)],
            "hour": [h for _ in WEEKDAYS for h in range(24)],
            "n": counts.tolist(),
        },
        schema={"weekday": pl.String, "hour": pl.Int64, "n": pl.Int64},
    )


def hour_profile(con: duckdb.DuckDBPyConnection, stream: str = "messages") -> pl.DataFrame:
    """Events per local hour of day (0-23, every hour present)."""
    hours, _ = sends_local(con, stream)
    counts = np.bincount(np.asarray(hours, dtype=np.int64), minlength=24)
    return pl.DataFrame(
        {"hour": list(range(24)), "n": counts.tolist()}, schema={"hour": pl.Int64, "n": pl.Int64}
    )


def weekday_profile(con: duckdb.DuckDBPyConnection, stream: str = "messages") -> pl.DataFrame:
    """Events per local weekday (0 = Monday ... 6 = Sunday, every day present)."""
    _, days = sends_local(con, stream)
    counts = np.bincount(np.asarray(days, dtype=np.int64), minlength=7)
    return pl.DataFrame(
        {"weekday": list(range(7)), "day": list(WEEKDAYS), "n": counts.tolist()},
        schema={"weekday": pl.Int64, "day": pl.String, "n": pl.Int64},
    )
