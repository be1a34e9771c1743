"""Small pieces every analysis shares: the audit's "now", headline-metric rows, writing frames back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import duckdb
import polars as pl

from linkedin_audit.db import relation_exists

STATUSES = ("ok", "watch", "high", "not_enough_data", "info")
INVITATIONS, MESSAGES = "outgoing invitations", "sent messages"
"""The populations of most metrics, in the report's words (`Metric.population`)."""


def window_words(seconds: int) -> str:
    """A window's length in words, as `Metric.window` says it: "1 minute", "10 minutes", "1 hour", "24
    hours", "7 days"."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0 and (unit != "day" or seconds > 86400):
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{seconds} seconds"


@dataclass(frozen=True)
class Metric:
    """One row of `audit_summary`. `status` is ok/watch/high/not_enough_data, or `info` when the number has
    no threshold. `value` is None exactly when status is not_enough_data (or the measure has no data).

    `detail` says how it was computed, for people; the report builds its sentences from the structured
    fields, never from `detail`:
    - `numerator`, `denominator`: a share or ratio is numerator / denominator (counts, also given when too
      few to call a rate); a rate is events per unit of time (the denominator: months, minutes); a count
      is the numerator, with the whole it is part of as denominator where there is one. None where they do
      not apply (a median, a variation).
    - `population`: what is counted, in the report's words (a plural noun: "outgoing invitations").
    - `window`: the time window of the measure ("7 days" for a reply rate, "1 hour" for a burst, "12.4
      months" for a rate per month, "whole history"), None where there is none.
    - `period_start`, `period_end`: the first and last record counted (a burst's first and last send, the
      first and last invitation of an acceptance rate, the moment of one send), UTC.
    - `past_at`, `then_status`, `recent_value`: set only on past behaviour (analyses/recency.py): when the
      instance happened, its status then (the whole history's, before it was weighed), the same measure
      over the recent span (None: too few events in it).
    - `at` (not a column): when the instance the value describes happened (a burst's start, a share's
      newest event), what analyses/recency.py weighs."""

    metric: str
    value: float | None
    status: str
    detail: str
    numerator: float | None = None
    denominator: float | None = None
    population: str | None = None
    window: str | None = None
    period_start: dt.datetime | None = None
    period_end: dt.datetime | None = None
    past_at: dt.datetime | None = None
    then_status: str | None = None
    recent_value: float | None = None
    at: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"bad status {self.status!r} for {self.metric}")

    def with_detail(self, detail: str, status: str | None = None) -> Metric:
        """The same measure with another detail (and status): its structured fields kept."""
        return replace(self, detail=detail, status=status or self.status)


def as_of(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """The audit's "now": midnight at the start of the newest export's date (exports.export_date), or the
    newest message or invitation when that is later (a record of the export day itself): "now" is never
    before the newest record, so no day count is negative. Censoring and recency are measured against it,
    never against the wall clock. (The export's date is itself never before its newest record's day:
    ingest/export_date.py.)"""
    row = con.execute("SELECT max(export_date) FROM exports").fetchall()[0]  # fetched to the end
    if row[0] is None:
        return None
    now = dt.datetime.combine(row[0], dt.time())
    parts = [
        f"SELECT max(sent_at) FROM {table}"
        for table in ("messages", "invitations")
        if relation_exists(con, table)
    ]
    if parts:
        newest = con.execute(f"SELECT max(t) FROM ({' UNION ALL '.join(parts)}) AS n(t)").fetchall()[0]
        if newest[0] is not None and newest[0] > now:
            now = newest[0]
    return now


def share_metric(
    name: str,
    numerator: int,
    denominator: int,
    minimum: int,
    detail: str,
    status_fn=None,
    predicate: str = "",
    *,
    population: str | None = None,
    window: str | None = None,
    period: tuple[dt.datetime | None, dt.datetime | None] = (None, None),
) -> Metric:
    """A share with its guard: fewer than `minimum` observations gives not_enough_data, never a ratio, but
    the counts are still said ("4 of 9 ...: too few to call a rate"); none at all says "no ...". `detail`
    names what is counted (a plural noun phrase), `predicate` what the numerator did ("were answered ...").
    `population` is what is counted in the report's words (default: `detail`), `window` and `period` as in
    Metric: the structured fields carry the counts whatever the status."""
    counted = f"{numerator} of {denominator} {detail}" + (f" {predicate}" if predicate else "")

    def made(value: float | None, status: str, text: str) -> Metric:
        return Metric(
            name,
            value,
            status,
            text,
            float(numerator),
            float(denominator),
            population or detail,
            window,
            *period,
        )

    if denominator == 0:
        return made(None, "not_enough_data", f"no {detail}")
    if denominator < minimum:
        return made(None, "not_enough_data", f"{counted}: too few to call a rate (need at least {minimum})")
    value = numerator / denominator
    return made(value, status_fn(value) if status_fn else "info", counted)


def fetch_frame(relation: duckdb.DuckDBPyRelation) -> pl.DataFrame:
    """A query's rows as a polars frame, read through the relation's Arrow C stream (the PyCapsule
    interface): `relation.pl()` imports pyarrow (~50 ms of a typical ingest's CPU) to build the same frame
    (tests/test_arrow_frames.py compares them over DuckDB's types)."""
    return pl.DataFrame(relation)


class _ArrowStream:
    """A polars frame as an object exporting an Arrow C stream: what DuckDB scans without pyarrow."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self.frame.__arrow_c_stream__(requested_schema)


def arrow_source(frame: pl.DataFrame) -> object:
    """What to `register` for a polars frame: DuckDB reads a DataFrame through `to_arrow()`, which imports
    pyarrow; the frame's own Arrow C stream gives DuckDB the same columns and rows. A column of polars' Null
    type (alone or nested) is exported without the validity DuckDB asks for: such a frame goes as before."""
    if any("Null" in str(dtype) for dtype in frame.dtypes):
        return frame.to_arrow()
    return _ArrowStream(frame)


def write_table(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    """Create or replace table `name` from a polars frame (an empty frame keeps its schema)."""
    con.register("__frame", arrow_source(frame))
    try:
        con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM __frame')
    finally:
        con.unregister("__frame")
