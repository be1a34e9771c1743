"""Small pieces every analysis shares: the audit's "now", headline-metric rows, writing frames back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

from linkedin_audit.db import relation_exists

STATUSES = ("ok", "watch", "high", "not_enough_data", "info")


@dataclass(frozen=True)
class Metric:
    """One row of `audit_summary`. `status` is ok/watch/high/not_enough_data, or `info` when the number has
    no threshold. `value` is None exactly when status is not_enough_data (or the measure has no data).
    `at`: when the instance the value describes happened (a burst's start, the newest templated message),
    for analyses/recency.py; it is not a column of `audit_summary` (the detail says it in words)."""

    metric: str
    value: float | None
    status: str
    detail: str
    at: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"bad status {self.status!r} for {self.metric}")


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
) -> Metric:
    """A share with its guard: fewer than `minimum` observations gives not_enough_data, never a ratio, but
    the counts are still said ("4 of 9 ...: too few to call a rate"); none at all says "no ...". `detail`
    names what is counted (a plural noun phrase), `predicate` what the numerator did ("were answered ...")."""
    counted = f"{numerator} of {denominator} {detail}" + (f" {predicate}" if predicate else "")
    if denominator == 0:
        return Metric(name, None, "not_enough_data", f"no {detail}")
    if denominator < minimum:
        return Metric(
            name, None, "not_enough_data", f"{counted}: too few to call a rate (need at least {minimum})"
        )
    value = numerator / denominator
    status = status_fn(value) if status_fn else "info"
    return Metric(name, value, status, counted)


def write_table(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    """Create or replace table `name` from a polars frame (an empty frame keeps its schema)."""
    con.register("__frame", frame.to_arrow())
    try:
        con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM __frame')
    finally:
        con.unregister("__frame")
