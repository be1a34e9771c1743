"""`audit_summary` rows as the report reads them: every column by name, the structured fields included.

Why a module: findings.py and behaviours.py build their sentences from a row's numbers (value, numerator,
denominator, population, window, period) and the metric catalog, never from its `detail` prose; this is
the one query and the one row type they share."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import duckdb

from linkedin_audit.db import relation_exists


class Row(NamedTuple):
    """One row of `audit_summary` (contracts/analyses.toml says what each field holds)."""

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


COLUMNS = ", ".join(f'"{name}"' for name in Row._fields)


def summary_rows(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Every row of `audit_summary` in its stored order; [] before the analyses ran."""
    if not relation_exists(con, "audit_summary"):
        return []
    return [Row(*r) for r in con.execute(f"SELECT {COLUMNS} FROM audit_summary").fetchall()]


def counted(row: Row) -> str | None:
    """ "342 of 591 conversations you started old enough to judge": a share's counts in words, None when
    the row has none."""
    if row.numerator is None or row.denominator is None:
        return None
    counts = f"{row.numerator:,.0f} of {row.denominator:,.0f}"
    return f"{counts} {row.population}" if row.population else counts
