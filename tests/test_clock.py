"""The owner's clock (analyses/clock.py): the profile's location wins, daylight saving through zoneinfo;
without it the offset is inferred only with a clear margin, else night_send_share says it is unsure."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from linkedin_audit.analyses import bursts, clock
from linkedin_audit.config import load_thresholds

TH = load_thresholds()
UTC = dt.UTC


def _secs(d: dt.datetime) -> int:
    return int(d.replace(tzinfo=UTC).timestamp())


@pytest.mark.parametrize(
    ("geo", "zone"),
    [
        ("Seattle, Washington, United States", "America/Los_Angeles"),
        ("Washington, District of Columbia, United States", "America/New_York"),
        ("San Francisco Bay Area", "America/Los_Angeles"),
        ("Greater Seattle Area", "America/Los_Angeles"),
        ("Bengaluru, Karnataka, India", "Asia/Kolkata"),
        ("India", "Asia/Kolkata"),
        ("Berlin, Germany", "Europe/Berlin"),
        ("Stockholm", "Europe/Stockholm"),
        ("Zürich, Switzerland", "Europe/Zurich"),
        ("Toronto, Ontario, Canada", "America/Toronto"),
        ("Calgary, Alberta, Canada", "America/Denver"),
        ("United States", None),  # spans six offsets: names no clock
        ("Canada", None),
        ("Atlantis", None),
        ("", None),
        (None, None),
    ],
)
def test_gazetteer(geo: str | None, zone: str | None) -> None:
    assert clock.zone_of_location(geo) == zone


def test_daylight_saving_at_each_message_date() -> None:
    # 12:00 UTC is 04:00 PST in January and 05:00 PDT in July
    times = np.array([_secs(dt.datetime(2025, 1, 15, 12)), _secs(dt.datetime(2025, 7, 15, 12))])
    hours, weekdays = clock.local_hours(times, "America/Los_Angeles")
    assert hours.tolist() == [4, 5] and weekdays.tolist() == [2, 1]  # Wednesday, Tuesday


def _fragile_sends() -> np.ndarray:
    """66 sends of a member in Seattle (UTC-8/-7) who writes mornings, evenings and weekends alike: the
    weekday-office-hours count alone has no clear maximum (the pattern of a real export)."""
    rng = random.Random(16)
    out = []
    start = dt.datetime(2025, 1, 6, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    for _ in range(66):
        day = start + dt.timedelta(days=rng.randrange(300))
        local = day.replace(hour=rng.choice((7, 8, 12, 19, 20, 21, 22)), minute=rng.randrange(60))
        out.append(int(local.timestamp()))
    return np.array(sorted(out), dtype=np.int64)


def test_fragile_pattern_is_uncertain_without_location_and_right_with_it() -> None:
    sends = _fragile_sends()
    guessed = clock.infer_clock(sends)
    assert guessed.source == "uncertain" and guessed.confidence < 1 - clock.MAX_NIGHT_SPREAD
    night = {m.metric: m for m in bursts.timing_metrics(sends, sends, TH, guessed)}["night_send_share"]
    assert night.value is None and night.status == "not_enough_data"
    assert "uncertain" in night.detail and "plausible" in night.detail
    located = clock.infer_clock(sends, "Seattle, Washington, United States")
    assert (located.zone, located.source) == ("America/Los_Angeles", "profile_location")
    night = {m.metric: m for m in bursts.timing_metrics(sends, sends, TH, located)}["night_send_share"]
    # no send is before 07:00 Pacific standard time; in summer (PDT) 07:00 PST is 08:00 local: still none
    assert night.value == 0.0 and "America/Los_Angeles" in night.detail


def test_clear_office_pattern_is_inferred_with_confidence() -> None:
    rng = random.Random(3)
    tz = dt.timezone(dt.timedelta(hours=5, minutes=30))  # India: the half hour rounds to a whole-hour shift
    days = [dt.datetime(2025, 3, 3, tzinfo=tz) + dt.timedelta(days=d) for d in range(120)]
    sends = np.array(
        sorted(
            int(d.replace(hour=rng.randrange(10, 17), minute=rng.randrange(60)).timestamp())
            for d in days
            if d.weekday() < 5
        ),
        dtype=np.int64,
    )
    got = clock.infer_clock(sends)
    assert got.source == "inferred" and got.offset_hours in (4, 5, 6, 7)
    assert got.confidence >= 1 - clock.MAX_NIGHT_SPREAD
