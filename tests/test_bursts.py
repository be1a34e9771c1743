"""Bursts, regularity and timing: planted bursts found exactly, no false burst on a human-like background,
a clockwork stream flagged, the time-zone rule, not_enough_data on tiny data.

Window maxima on random backgrounds are checked against a brute-force count (an independent O(n^2)
implementation of "events in [t, t + w)"), planted ones against numbers derived by hand."""

from __future__ import annotations

import datetime as dt
import math
import random

import numpy as np
import polars as pl
import pytest
from model_fixtures import create_table, model_db, run_steps_before

from linkedin_audit.analyses import automation, bursts, clock, local_time, replies
from linkedin_audit.config import load_thresholds

T = dt.datetime
EPOCH = T(1970, 1, 1)
TH = load_thresholds()


def secs(at: dt.datetime) -> int:
    return int((at - EPOCH).total_seconds())


def brute_max(times: list[int], w: int) -> int:
    return max(sum(1 for u in times if t <= u < t + w) for t in times)


def human_background(seed: int, n: int = 300) -> list[int]:
    """Bursty human-like sends: sessions (exponential gaps of days) of 1-4 messages minutes apart."""
    rng = random.Random(seed)
    t = secs(T(2025, 1, 6))
    out: list[int] = []
    while len(out) < n:
        t += int(rng.expovariate(1 / (14 * 3600)))
        s = t
        for _ in range(rng.randint(1, 4)):
            out.append(s)
            s += int(rng.expovariate(1 / 400)) + 1
    return sorted(out[:n])


PLANT_START = T(2025, 3, 10, 14, 0, 0)
PLANT_GAPS = [10, 45, 20, 70, 5] * 8  # 40 gaps: irregular, so the burst is a burst, not clockwork


def planted_burst() -> list[int]:
    t = secs(PLANT_START)
    out = [t]
    for g in PLANT_GAPS[:39]:
        t += g
        out.append(t)
    return out  # 40 messages, the last 10+45+20+70+5 = 150 s x 7 + 10+45+20+70 = 1,195 s after the first


def test_window_is_half_open() -> None:
    times = np.array([0, 3599, 3600, 7199], dtype=np.int64)
    assert bursts.max_in_window(times, 3600) == (2, 0, 3599)
    assert bursts.window_counts(times, 3600).tolist() == [2, 2, 2, 1]


def test_planted_burst_found_exactly() -> None:
    burst = planted_burst()
    lo, hi = secs(PLANT_START) - 2 * 86400, secs(PLANT_START) + 2 * 86400
    background = [t for t in human_background(1) if not lo <= t <= hi]
    assert brute_max(background, 86400) < 40
    times = np.array(sorted(background + burst), dtype=np.int64)
    end = PLANT_START + dt.timedelta(seconds=1195)
    assert bursts.max_in_window(times, 3600) == (40, secs(PLANT_START), secs(end))
    assert bursts.max_in_window(times, 86400)[0] == 40
    frame = bursts.send_bursts(model_db(), streams={"messages": times})
    top = frame.filter((pl.col("kind") == "window") & (pl.col("window") == "1h") & (pl.col("rank") == 1))
    assert top.select("n", "start_at", "end_at").row(0) == (40, PLANT_START, end)
    train = frame.filter(
        (pl.col("kind") == "train") & (pl.col("window") == "gap<=1min") & (pl.col("rank") == 1)
    )
    # gaps <= 60 s: the 70 s gaps split the burst into trains of 4 (start, +10, +45, +20) and 5 thereafter.
    assert train["n"].item() == 5
    assert frame.filter(pl.col("kind") == "clockwork").height == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_false_burst_on_human_background(seed: int) -> None:
    times = human_background(seed)
    arr = np.array(times, dtype=np.int64)
    for w in (3600, 86400, 7 * 86400):
        assert bursts.max_in_window(arr, w)[0] == brute_max(times, w)
    assert bursts.clockwork_runs(arr, 1, 10) == []
    metrics = {m.metric: m for m in bursts.timing_metrics(arr, arr, TH)}
    assert metrics["max_messages_1h"].status == "ok"
    assert metrics["max_messages_24h"].status == "ok"
    interval_cv = metrics["message_interval_cv"].value
    assert interval_cv is not None and interval_cv > 0.5  # bursty (context only: status info)
    assert metrics["message_interval_cv"].status == "info"
    burstiness = metrics["message_burstiness"].value
    assert burstiness is not None and burstiness > 0
    streams = {"invitations": arr - arr % 60, "messages": arr, "thread_starts": arr}
    auto = {m.metric: m for m in automation.automation_metrics(streams, bursts.RESOLUTION_S, [], TH)}
    assert {m: auto[m].status for m in auto} == {
        "max_invites_1min": "ok",
        "max_invites_10min": "ok",
        "max_thread_starts_1min": "ok",
        "max_thread_starts_10min": "ok",
        "max_train_send_rate": auto["max_train_send_rate"].status,
        "min_train_gap_cv": auto["min_train_gap_cv"].status,
        "longest_clockwork_run": "ok",
    }
    assert auto["max_train_send_rate"].status in ("ok", "not_enough_data")
    assert auto["min_train_gap_cv"].status in ("ok", "not_enough_data")


def test_clockwork_stream_flagged() -> None:
    start = secs(T(2025, 2, 3, 8, 0))
    human = [start - 86400 * k - 3600 * (k % 5) - 60 * (k * 7 % 13) for k in range(1, 8)]
    beat = [start + 420 * i for i in range(30)]  # an invitation every 7 minutes, 30 times
    arr = np.array(sorted(human + beat), dtype=np.int64)
    runs = bursts.clockwork_runs(arr, 60, 10)
    assert runs == [(30, beat[0], beat[-1], 420)]
    metrics = {m.metric: m for m in bursts.timing_metrics(np.array(beat), np.array(beat), TH)}
    assert metrics["invite_interval_cv"].value == 0.0
    assert metrics["invite_interval_cv"].status == "info"  # context: the train measures judge it
    streams = {
        "invitations": arr,
        "messages": np.array([], dtype=np.int64),
        "thread_starts": np.array([], dtype=np.int64),
    }
    named = [("invitations", *r) for r in runs]
    auto = {m.metric: m for m in automation.automation_metrics(streams, bursts.RESOLUTION_S, named, TH)}
    assert (auto["min_train_gap_cv"].value, auto["min_train_gap_cv"].status) == (0.0, "high")
    assert (auto["longest_clockwork_run"].value, auto["longest_clockwork_run"].status) == (30, "high")
    assert auto["max_invites_1min"].value == 1
    assert metrics["message_burstiness"].value == pytest.approx(-1.0)
    assert metrics["max_invites_24h"].value == 30
    assert metrics["max_invites_24h"].status == "watch"  # 20 <= 30 < 40
    frame = bursts.send_bursts(model_db(), streams={"invitations": arr})
    clock = frame.filter(pl.col("kind") == "clockwork")
    assert clock.select("n", "start_at", "window").row(0) == (
        30,
        EPOCH + dt.timedelta(seconds=beat[0]),
        "every ~420 s",
    )


def test_interval_cv_and_burstiness_by_hand() -> None:
    times = np.array([0, 10, 30, 60])  # gaps 10, 20, 30: mean 20, population sd sqrt(200/3)
    r = math.sqrt(200 / 3) / 20
    assert bursts.interval_cv(times) == pytest.approx(r)
    n = 4
    expected = (math.sqrt(5) * r - math.sqrt(3)) / ((math.sqrt(5) - 2) * r + math.sqrt(3))
    assert bursts.burstiness(n, r) == pytest.approx(expected)
    assert bursts.burstiness(10_000_000, 1.0) == pytest.approx(0.0, abs=1e-3)  # Poisson -> 0


def test_utc_offset_and_night_share() -> None:
    # 20 weekday messages at 15:00 UTC and 5 at 02:30 UTC: offsets -6..+2 all put the day messages in office
    # hours, so only the trough decides; the night messages pull it away from UTC+0.
    all_days = [T(2025, 3, 3) + dt.timedelta(days=d) for d in range(28)]
    days = [d for d in all_days if d.weekday() < 5]
    day_msgs = [secs(d.replace(hour=15)) for d in days[:20]]
    night = [secs(d.replace(hour=2, minute=30)) for d in days[:5]]
    arr = np.array(sorted(day_msgs + night))
    # -6..-3 put 02:30 UTC at 20:30-23:30 local and 15:00 at 09:00-12:00: every plausible offset agrees
    # that nothing was sent at night, so the (closest to 0) offset -3 is used with confidence
    guessed = clock.infer_clock(arr)
    assert (guessed.source, guessed.offset_hours, guessed.confidence) == ("inferred", -3, 1.0)
    m = {x.metric: x for x in bursts.timing_metrics(arr, arr, TH)}["night_send_share"]
    assert m.value == 0.0 and "UTC-3 (inferred)" in m.detail
    located = clock.infer_clock(arr, "London, England, United Kingdom")
    m = {x.metric: x for x in bursts.timing_metrics(arr, arr, TH, located)}["night_send_share"]
    assert m.value == pytest.approx(5 / 25) and "Europe/London" in m.detail  # March 3-28: GMT, UTC+0


def test_not_enough_data() -> None:
    tiny = np.array([secs(T(2025, 1, 1, h)) for h in range(5)])
    metrics = bursts.timing_metrics(tiny, tiny, TH)
    assert all(m.value is None and m.status == "not_enough_data" for m in metrics)


def test_stranger_thread_share_from_conversations() -> None:
    con = model_db()
    # 10 non-excluded owner-started: 4 with a non-connection (False), 1 with nobody resolved (NULL), 5 True.
    rows = (
        [(True, False, False)] * 4
        + [(True, False, None)]
        + [(True, False, True)] * 5
        + [(True, True, False), (False, False, False)]
    )
    con.execute(
        "CREATE TABLE conversations (started_by_me BOOLEAN, excluded BOOLEAN, "
        "recipient_is_connection BOOLEAN, first_message_at TIMESTAMP)"
    )
    con.executemany("INSERT INTO conversations VALUES (?, ?, ?, TIMESTAMP '2025-01-01')", rows)
    m = replies.stranger_thread_share(bursts._conversations(con), 10, TH)
    assert (m.value, m.status) == (pytest.approx(0.4), "ok")


def test_materialize_on_model_tables() -> None:
    people = [
        {"person_id": 1, "is_me": True, "url_key": "linkedin.com/in/me"},
        {"person_id": 2, "url_key": "linkedin.com/in/ann"},
    ]
    base = T(2025, 6, 2, 10)
    messages = [
        {
            "message_id": i,
            "conversation_id": f"c{i}",
            "sender_person_id": 1,
            "recipient_url_keys": ["linkedin.com/in/ann"],
            "sent_at": base + dt.timedelta(minutes=3 * i),
            "is_from_me": True,
        }
        for i in range(12)
    ]
    invitations = [
        {"invitation_id": i, "direction": "outgoing", "sent_at": base + dt.timedelta(hours=i)}
        for i in range(3)
    ]
    con = model_db(people=people, messages=messages, invitations=invitations)
    create_table(con, "connections", [])
    run_steps_before(con, bursts, TH)  # conversations
    metrics = {m.metric: m for m in bursts.materialize(con, TH)}
    assert set(metrics) == set(bursts.METRICS)
    assert metrics["max_messages_1h"].value == 12  # 0..33 minutes
    assert metrics["max_invites_24h"].status == "not_enough_data"  # 3 < 10 invitations
    # 12 threads started by the owner, each to Ann, who is no connection: 12 of 12.
    assert metrics["stranger_thread_share"].value == 1.0
    assert metrics["stranger_thread_share"].status == "high"
    stored = con.sql("SELECT stream, kind, n FROM send_bursts WHERE kind = 'clockwork'").fetchall()
    assert ("messages", "clockwork", 12) in stored
    assert ("thread_starts", "clockwork", 12) in stored


def _sends(first: dt.datetime, gap: dt.timedelta, n: int = 24) -> dict[str, float | None]:
    """longest_clockwork_run and the clockwork rows of send_bursts for `n` messages `gap` apart, each
    opening a conversation with Ann (messages and thread_starts alike), each its own text (the same text a
    minute apart would be one send to several people: fanout)."""
    people = [
        {"person_id": 1, "is_me": True, "url_key": "linkedin.com/in/me"},
        {"person_id": 2, "url_key": "linkedin.com/in/ann"},
    ]
    messages = [
        {
            "message_id": i,
            "conversation_id": f"c{i}",
            "sender_person_id": 1,
            "recipient_url_keys": ["linkedin.com/in/ann"],
            "sent_at": first + gap * i,
            "is_from_me": True,
            "content": f"Note {i}: {'different words ' * (i % 5)}for each person",
            "content_text": f"Note {i}: {'different words ' * (i % 5)}for each person",
        }
        for i in range(n)
    ]
    con = model_db(people=people, messages=messages, invitations=[])
    create_table(con, "connections", [])
    run_steps_before(con, bursts, TH)
    metrics = {m.metric: m for m in bursts.materialize(con, TH)}
    rows = con.sql("SELECT count(*) FROM send_bursts WHERE kind = 'clockwork'").fetchall()
    return {"run": metrics["longest_clockwork_run"].value, "rows": rows[0][0]}


def test_a_minute_resolution_clock_shows_no_beat_in_sends_a_minute_apart() -> None:
    """2018-era Messages.csv dates have no seconds ("10/2/18, 7:45 PM"): 24 messages written in 24
    consecutive minutes are all exactly 60 s apart there, which read as "a machine's steady beat" (a run of
    24 every ~60 s). On that clock a beat must be at least two minutes; with seconds, 60 s is one."""
    minute = dt.timedelta(minutes=1)
    assert _sends(T(2025, 10, 2, 19, 45), minute) == {"run": 0, "rows": 0}
    assert _sends(T(2025, 10, 2, 19, 45, 7), minute) == {"run": 24, "rows": 2}  # seconds: a beat
    assert _sends(T(2025, 10, 2, 19, 45), 7 * minute) == {"run": 24, "rows": 2}  # a 7-minute beat


def test_45_in_a_minute_seen_although_the_whole_cv_looks_human() -> None:
    """A real export's shape: 104 invitations within 10 minutes, 45 in one minute, in a long human history
    (whole-stream CV far above the interval_cv band)."""
    start = secs(T(2025, 2, 3, 11, 0))
    rng = random.Random(4)
    run = [start] * 45 + sorted(start + 60 * rng.randrange(1, 10) for _ in range(59))
    human = [start - 86400 * (3 + 2 * k) - 60 * rng.randrange(600) for k in range(150)]
    inv = np.array(sorted(human + run), dtype=np.int64)
    empty = np.array([], dtype=np.int64)
    assert TH.status("interval_cv", bursts.interval_cv(inv)) == "ok"  # the whole history looks human
    streams = {"invitations": inv, "messages": empty, "thread_starts": empty}
    auto = {m.metric: m for m in automation.automation_metrics(streams, bursts.RESOLUTION_S, [], TH)}
    assert (auto["max_invites_1min"].value, auto["max_invites_1min"].status) == (45, "high")
    assert (auto["max_invites_10min"].value, auto["max_invites_10min"].status) == (104, "high")
    last = run[-1]
    assert auto["max_train_send_rate"].value == pytest.approx(104 * 60 / (last - start + 60))
    assert auto["max_train_send_rate"].status == "high"
    # same-minute gaps: the clock cannot show a beat, so no regularity is claimed for the run
    assert auto["min_train_gap_cv"].status == "not_enough_data"
    assert auto["max_thread_starts_1min"].status == "not_enough_data"


def test_hour_and_weekday_profiles() -> None:
    """The profiles read the one local time of a send (analyses/local_time.py) under owner_clock: UTC when
    the clock is uncertain, a whole-hour inferred offset, or a zone message by message (India: +5:30)."""
    # Monday 2025-06-02: sends at 23:30 UTC (x2) and Tuesday 01:15 UTC (x1).
    messages = [
        {"message_id": i, "sent_at": at, "is_from_me": True}
        for i, at in enumerate([T(2025, 6, 2, 23, 30), T(2025, 6, 2, 23, 45), T(2025, 6, 3, 1, 15)])
    ]
    con = model_db(messages=messages)
    con.execute(
        "CREATE TABLE owner_clock AS SELECT NULL::VARCHAR AS zone, NULL::BIGINT AS inferred_offset_hours, "
        "'UTC' AS utc_offsets, 'uncertain' AS source, 0.0 AS confidence, '' AS reason"
    )
    utc = local_time.hour_profile(con)
    assert utc.height == 24 and utc["n"].sum() == 3
    assert dict(zip(utc["hour"], utc["n"], strict=True))[23] == 2
    con.execute("UPDATE owner_clock SET inferred_offset_hours = 2, source = 'inferred'")
    shifted = local_time.hour_profile(con)  # 23:30 UTC -> 01:30, 01:15 -> 03:15
    assert dict(zip(shifted["hour"], shifted["n"], strict=True))[1] == 2
    assert local_time.weekday_profile(con).filter(pl.col("n") > 0)["day"].to_list() == ["Tue"]
    con.execute("UPDATE owner_clock SET inferred_offset_hours = NULL, source = 'uncertain'")
    days = local_time.weekday_profile(con)
    assert days.filter(pl.col("n") > 0).select("day", "n").rows() == [("Mon", 2), ("Tue", 1)]
    con.execute("UPDATE owner_clock SET zone = 'Asia/Kolkata', source = 'profile_location'")
    india = dict(zip(*local_time.hour_profile(con).to_dict(as_series=False).values(), strict=True))
    assert india[5] == 2 and india[6] == 1  # 23:30 -> 05:00, 23:45 -> 05:15, 01:15 -> 06:45 (not +6)
