"""Date parsers: Python round-trips (hypothesis) and the SQL macro agreeing with Python."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from date_twins import format_invitation, parse_month, parse_timestamp
from hypothesis import given, settings
from hypothesis import strategies as st

from linkedin_audit.ingest.model import sql_files

minutes = st.datetimes(min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2049, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)
)
seconds = st.datetimes(min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2049, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)

RENDERINGS = [
    (seconds, lambda d: d.strftime("%Y-%m-%d %H:%M:%S UTC")),
    (seconds, lambda d: d.strftime("%Y-%m-%dT%H:%M:%S")),
    (seconds, lambda d: d.strftime("%Y/%m/%d %H:%M:%S UTC")),
    (seconds, lambda d: d.strftime("%a %b %d %H:%M:%S UTC %Y")),
    (seconds, lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
    (minutes, format_invitation),
    (minutes, lambda d: d.strftime("%m/%d/%y, %I:%M %p")),
    (minutes, lambda d: d.strftime("%Y-%m-%d %H:%M UTC")),
    (minutes, lambda d: d.strftime("%m/%d/%y %I:%M %p UTC")),
]


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    c.execute(sql_files("staging")[0][1])
    return c


@pytest.mark.parametrize("strategy,render", RENDERINGS)
def test_round_trip(strategy, render):
    @settings(max_examples=60, deadline=None)
    @given(strategy)
    def check(d: dt.datetime) -> None:
        assert parse_timestamp(render(d)) == d

    check()


@pytest.mark.parametrize("strategy,render", RENDERINGS)
def test_sql_macro_agrees(con, strategy, render):
    @settings(max_examples=30, deadline=None)
    @given(strategy)
    def check(d: dt.datetime) -> None:
        text = render(d)
        assert con.execute("SELECT li_ts(?)", [text]).fetchone()[0] == parse_timestamp(text) == d

    check()


def test_day_and_month_formats(con):
    assert parse_timestamp("07 Mar 2024") == dt.datetime(2024, 3, 7)
    assert parse_timestamp("Mar 5, 2023") == dt.datetime(2023, 3, 5)
    assert parse_month("Jun 2019") == dt.date(2019, 6, 1)
    assert parse_month("2018") == dt.date(2018, 1, 1)
    sql = "SELECT li_month('Jun 2019'), li_month('2018'), li_ts('N/A'), li_ts('')"
    assert con.execute(sql).fetchone() == (dt.date(2019, 6, 1), dt.date(2018, 1, 1), None, None)
    assert parse_timestamp("N/A") is None and parse_timestamp("") is None


ZONED = [  # text -> the instant in UTC (these used to be parse failures)
    ("2024-01-01 10:00:00 +02:00", dt.datetime(2024, 1, 1, 8, 0)),
    ("2024-07-01T10:00:00+0200", dt.datetime(2024, 7, 1, 8, 0)),
    ("2024-07-01T10:00:00Z", dt.datetime(2024, 7, 1, 10, 0)),
    ("2024-07-01 10:00:00 PST", dt.datetime(2024, 7, 1, 18, 0)),  # PST is -08:00 even in July
    ("2024-07-01 10:00:00 PDT", dt.datetime(2024, 7, 1, 17, 0)),
    ("2024/07/01 10:00:00 CEST", dt.datetime(2024, 7, 1, 8, 0)),
    ("2024-07-01 10:00:00 BST", dt.datetime(2024, 7, 1, 9, 0)),  # British Summer Time, not Bangladesh
    ("Mon Jul 01 10:00:00 PST 2024", dt.datetime(2024, 7, 1, 18, 0)),
    ("7/1/24, 10:00 AM EST", dt.datetime(2024, 7, 1, 15, 0)),
    ("2024-07-01 10:00:00 UTC", dt.datetime(2024, 7, 1, 10, 0)),
]


@pytest.mark.parametrize("text,instant", ZONED)
def test_zoned_times_parse_to_the_instant(con, text, instant):
    assert parse_timestamp(text) == instant
    assert con.execute("SELECT li_ts(?)", [text]).fetchone()[0] == instant


def test_unknown_zone_is_a_parse_failure_in_both(con):
    assert parse_timestamp("2024-07-01 10:00:00 XYZ") is None
    assert con.execute("SELECT li_ts('2024-07-01 10:00:00 XYZ')").fetchone()[0] is None


def test_zone_maps_agree(con):
    from date_twins import ZONES

    got = dict(con.execute("SELECT z, li_zone_offset(z) FROM unnest(?) t(z)", [list(ZONES)]).fetchall())
    assert got == ZONES


def test_plausible_dates_are_launch_day_to_tomorrow(con):
    """li_when keeps a time from LinkedIn's launch (2003-05-05) up to the end of tomorrow by this machine's
    clock (UTC) and gives NULL outside, for text that does not parse and for NULL (docs/export-format.md,
    "Dates out of range"); li_plausible names its argument once (ingest/sql/staging/00_macros.sql)."""
    today = con.execute("SELECT current_date").fetchone()[0]  # the clock's day as DuckDB reads it
    tomorrow = today + dt.timedelta(days=1)
    cases = {
        "2003-05-04 23:59:59 UTC": None,
        "2003-05-05 00:00:00 UTC": dt.datetime(2003, 5, 5),
        "2020-02-29 12:30:00 UTC": dt.datetime(2020, 2, 29, 12, 30),
        f"{tomorrow:%Y-%m-%d} 23:59:59 UTC": dt.datetime.combine(tomorrow, dt.time(23, 59, 59)),
        f"{tomorrow + dt.timedelta(days=1):%Y-%m-%d} 00:00:00 UTC": None,
        "9999-01-01 00:00:00 UTC": None,
        "1/1/99, 10:00 AM": None,
        "not a date": None,
        "": None,
    }
    got = dict(con.execute("SELECT s, li_when(s) FROM unnest(?) t(s)", [list(cases)]).fetchall())
    assert got == cases
    assert con.execute("SELECT li_when(NULL), li_plausible(NULL)").fetchone() == (None, None)
    types = con.execute("SELECT typeof(li_when('2020-01-01')), typeof(li_plausible(TIMESTAMP '2020-01-01'))")
    assert types.fetchone() == ("TIMESTAMP", "TIMESTAMP")
