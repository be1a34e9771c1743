"""Burst sending and automation signals (relation `send_bursts`; metrics max_invites_1h/24h/7d,
max_messages_1h/24h, invite_interval_cv, message_interval_cv, message_burstiness, night_send_share; and
stranger_thread_share, defined with the conversations in analyses/replies.py). The local time of a send
(hour and weekday profiles, the heat map) is analyses/local_time.py's, the one definition night_send_share
also uses.

Definitions (docs/metrics.md, "Bursts and regularity"; minimum `sends`, `invitations` for the invite ones):
- Streams: `invitations` = the view `sent_invitations` (minute resolution, zone-less, taken as UTC);
  `messages` = the view `sent_messages` (UTC); `thread_starts` = the first message of every conversation the
  owner started (from `conversations`).
- max over every event time t of the events in the half-open sliding window [t, t + w): not calendar buckets.
- Gaps: seconds between consecutive events (ties give 0). CV = population sd / mean of the gaps.
- message_burstiness: Kim & Jo (2016) A_n = (sqrt(n+1) r - sqrt(n-1)) / ((sqrt(n+1) - 2) r + sqrt(n-1)) with
  n sent messages and r their gap CV; it tends to Goh-Barabasi B = (r-1)/(r+1): -1 periodic, 0 Poisson.
- Burst trains: maximal runs whose consecutive gaps are all <= 1 min / 10 min / 1 h.
- Clockwork runs: >= `sends` consecutive events whose every gap is within max(10 % of the run's first gap,
  the stream's time resolution) of that first gap, the first gap being at least twice the resolution.
  Humans do not send ten times at a steady beat; schedulers do. The resolution is the clock's
  (`windows.clock_resolution`): 60 s when every time is on a whole minute (Invitations.csv; the 2018
  era's messages), where sends a minute apart are what any quick sequence looks like, not a beat.
- night_send_share: sent messages whose local hour is in [0, 6) under the owner's clock
  (analyses/clock.py, relation `owner_clock`): the zone Profile.csv `Geo Location` names (daylight saving
  at each message's date), else a whole-hour offset inferred from the sends with a clear margin;
  not_enough_data, with the reason, when the clock is uncertain.
"""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import numpy as np
import polars as pl

from linkedin_audit.analyses import automation, fanout, live_answers, recency, replies
from linkedin_audit.analyses.automation import automation_metrics
from linkedin_audit.analyses.clock import Clock, hours_and_weekdays, infer_clock, offsets_label
from linkedin_audit.analyses.common import (
    INVITATIONS,
    MESSAGES,
    Metric,
    as_of,
    fetch_frame,
    window_words,
    write_table,
)
from linkedin_audit.analyses.windows import (  # noqa: F401 - re-exported: bursts.max_in_window etc.
    TOP_K,
    clock_resolution,
    clockwork_runs,
    max_in_window,
    top_windows,
    trains,
    window_counts,
)
from linkedin_audit.config import Thresholds
from linkedin_audit.db import relation_exists, require

METRICS = (
    "max_invites_1h",
    "max_invites_24h",
    "max_invites_7d",
    "max_messages_1h",
    "max_messages_24h",
    "invite_interval_cv",
    "message_interval_cv",
    "message_burstiness",
    "night_send_share",
    "stranger_thread_share",
    *automation.METRICS,
    *fanout.METRICS,
)
"""The headline metrics `materialize` returns, in order."""

INPUTS = ("invitations", "messages", "conversations")
"""What `materialize` reads: the model, and `conversations` from the replies step."""

STREAMS = ("invitations", "messages", "thread_starts")
RESOLUTION_S = {"invitations": 60, "messages": 1, "thread_starts": 1}
WINDOWS = {"1h": 3600, "24h": 86400, "7d": 7 * 86400}
TRAIN_GAPS = {"gap<=1min": 60, "gap<=10min": 600, "gap<=1h": 3600}

SCHEMA: dict[str, pl.DataType] = {
    "stream": pl.String(),
    "kind": pl.String(),
    "window": pl.String(),
    "rank": pl.Int64(),
    "start_at": pl.Datetime("us"),
    "end_at": pl.Datetime("us"),
    "n": pl.Int64(),
    "detail": pl.String(),
}


def _conversations(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The columns of `conversations` (written by the replies step) this module reads."""
    require(con, "bursts", *INPUTS)
    return fetch_frame(
        con.sql(
            "SELECT started_by_me, excluded, first_message_at, recipient_is_connection FROM conversations"
        )
    )


def owner_geo_location(con: duckdb.DuckDBPyConnection) -> str | None:
    """Profile.csv `Geo Location` of the newest export that has one (None without a profile)."""
    if not relation_exists(con, "profile"):
        return None
    row = con.execute(
        "SELECT geo_location FROM profile WHERE nullif(trim(geo_location), '') IS NOT NULL "
        "ORDER BY last_export_id DESC NULLS LAST LIMIT 1"
    ).fetchall()
    return row[0][0] if row else None


def owner_clock(con: duckdb.DuckDBPyConnection) -> Clock:
    """The owner's clock (analyses/clock.py) from the profile's location and the sent messages."""
    return infer_clock(stream_seconds(con, "messages"), owner_geo_location(con))


def owner_clock_frame(clock: Clock, offsets: str) -> pl.DataFrame:
    """The `owner_clock` relation: which clock the night share and the heat map use, and why."""
    return pl.DataFrame(
        [
            {
                "zone": clock.zone,
                "inferred_offset_hours": clock.offset_hours,
                "utc_offsets": offsets,
                "source": clock.source,
                "confidence": clock.confidence,
                "reason": clock.reason,
            }
        ],
        schema={
            "zone": pl.String,
            "inferred_offset_hours": pl.Int64,
            "utc_offsets": pl.String,
            "source": pl.String,
            "confidence": pl.Float64,
            "reason": pl.String,
        },
    )


def stream_seconds(con: duckdb.DuckDBPyConnection, stream: str) -> np.ndarray:
    """Sorted event times of a stream, as int64 seconds since the epoch (UTC). Once `multi_sends` exists
    (the bursts step), `messages` and `thread_starts` hold one time per action: a send to several people at
    once counts once (analyses/fanout.py)."""
    if stream in ("messages", "thread_starts") and relation_exists(con, "multi_sends"):
        if stream == "messages" or relation_exists(con, "conversations"):
            return fanout.action_seconds(con, stream)
    if stream == "invitations":
        sql = "SELECT epoch(sent_at) AS t FROM sent_invitations WHERE sent_at IS NOT NULL"
    elif stream == "messages":
        sql = "SELECT epoch(sent_at) AS t FROM sent_messages WHERE sent_at IS NOT NULL"
    elif stream == "thread_starts":
        convs = _conversations(con).filter(pl.col("started_by_me"))
        secs = convs["first_message_at"].dt.epoch("s").drop_nulls().to_numpy().astype(np.int64)
        return np.sort(secs)
    else:
        raise ValueError(f"unknown stream {stream!r} (known: {', '.join(STREAMS)})")
    values = con.execute(sql).fetchnumpy()["t"]
    return np.sort(np.asarray(values, dtype=np.float64)).astype(np.int64)


def _ts(seconds: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(seconds))


def interval_cv(times: np.ndarray) -> float | None:
    """Population sd / mean of the gaps; None with fewer than 2 gaps or when every gap is 0."""
    if len(times) < 3:
        return None
    gaps = np.diff(times).astype(np.float64)
    mean = gaps.mean()
    return None if mean == 0 else float(gaps.std() / mean)


def burstiness(n: int, r: float) -> float:
    """Kim & Jo (2016) finite-size burstiness A_n of n events with gap CV r."""
    a, b = math.sqrt(n + 1), math.sqrt(n - 1)
    return (a * r - b) / ((a - 2) * r + b)


def send_bursts(
    con: duckdb.DuckDBPyConnection,
    min_events: int = 10,
    streams: dict[str, np.ndarray] | None = None,
    beat_streams: dict[str, np.ndarray] | None = None,
) -> pl.DataFrame:
    """The `send_bursts` relation: per stream the fullest sliding windows (1 h, 24 h, 7 d), the largest
    trains at each gap threshold, and every clockwork run, read from `beat_streams` where given (the messages
    stream without live answers: analyses/live_answers.py)."""
    streams = streams or {s: stream_seconds(con, s) for s in STREAMS}
    beat_streams = {**streams, **(beat_streams or {})}
    rows = []
    for stream, times in streams.items():
        for label, seconds in WINDOWS.items():
            for rank, (n, start, end) in enumerate(top_windows(times, seconds), 1):
                rows.append((stream, "window", label, rank, start, end, n, f"{n} in [t, t + {label})"))
        for label, gap in TRAIN_GAPS.items():
            for rank, (n, start, end) in enumerate([t for t in trains(times, gap, TOP_K) if t[0] >= 2], 1):
                rows.append((stream, "train", label, rank, start, end, n, f"{n} sends, every gap <= {gap} s"))
        beats = beat_streams[stream]
        runs = clockwork_runs(beats, clock_resolution(beats, RESOLUTION_S[stream]), min_events)
        for rank, (n, start, end, beat) in enumerate(runs, 1):
            rows.append(
                (
                    stream,
                    "clockwork",
                    f"every ~{beat} s",
                    rank,
                    start,
                    end,
                    n,
                    f"{n} sends at a steady beat of ~{beat} s",
                )
            )
    return pl.DataFrame(
        [
            {
                "stream": r[0],
                "kind": r[1],
                "window": r[2],
                "rank": r[3],
                "start_at": _ts(r[4]),
                "end_at": _ts(r[5]),
                "n": r[6],
                "detail": r[7],
            }
            for r in rows
        ],
        schema=SCHEMA,
    )


def _max_metric(
    name: str, times: np.ndarray, seconds: int, minimum: int, band: str | None, thresholds: Thresholds
) -> Metric:
    population, window = (INVITATIONS if "invites" in name else MESSAGES), window_words(seconds)
    if len(times) < minimum:
        few = f"only {len(times)} sent (need at least {minimum})" if len(times) else "none sent"
        return Metric(name, None, "not_enough_data", few, population=population, window=window)
    count, start, end = max_in_window(times, seconds)
    status = thresholds.status(band, count) if band else "info"
    assert start is not None and end is not None
    return Metric(
        name,
        float(count),
        status,
        f"{count} between {_ts(start):%Y-%m-%d %H:%M} and {_ts(end):%Y-%m-%d %H:%M} UTC",
        numerator=float(count),
        period_start=_ts(start),
        period_end=_ts(end),
        population=population,
        window=window,
        at=_ts(start),
    )


def _cv_metric(name: str, times: np.ndarray, minimum: int, thresholds: Thresholds) -> Metric:
    cv = interval_cv(times) if len(times) >= minimum else None
    gaps = f"gaps between {INVITATIONS if name.startswith('invite') else MESSAGES}", "whole history"
    if cv is None:
        return Metric(
            name,
            None,
            "not_enough_data",
            f"{len(times)} events (need at least {minimum} not all at the same time)",
            population=gaps[0],
            window=gaps[1],
        )
    # Context only (status info): a whole-history CV cannot see a bot that runs ten minutes a week; the
    # interval_cv band judges the gaps inside trains (min_train_gap_cv, analyses/automation.py).
    del thresholds
    detail = f"from the {len(times) - 1} gaps between sends over your whole history"
    return Metric(name, cv, "info", detail, population=gaps[0], window=gaps[1])


def timing_metrics(
    invites: np.ndarray, sends: np.ndarray, thresholds: Thresholds, clock: Clock | None = None
) -> list[Metric]:
    """Every window, regularity and night metric of the module docstring, from the two streams. `clock`:
    the owner's clock (default: inferred from `sends` alone, no profile location)."""
    inv_min, send_min = thresholds.min("invitations"), thresholds.min("sends")
    metrics = [
        _max_metric("max_invites_1h", invites, 3600, inv_min, None, thresholds),
        _max_metric("max_invites_24h", invites, 86400, inv_min, "invites_24h", thresholds),
        _max_metric("max_invites_7d", invites, 7 * 86400, inv_min, "invites_7d", thresholds),
        _max_metric("max_messages_1h", sends, 3600, send_min, "messages_1h", thresholds),
        _max_metric("max_messages_24h", sends, 86400, send_min, "messages_24h", thresholds),
        _cv_metric("invite_interval_cv", invites, inv_min, thresholds),
        _cv_metric("message_interval_cv", sends, send_min, thresholds),
    ]
    r = interval_cv(sends) if len(sends) >= send_min else None
    if r is None:
        metrics.append(
            Metric(
                "message_burstiness",
                None,
                "not_enough_data",
                f"{len(sends)} sent messages (need at least {send_min})",
            )
        )
    else:
        metrics.append(
            Metric(
                "message_burstiness",
                burstiness(len(sends), r),
                "info",
                f"from the gaps between your {len(sends)} sent messages (their variation: {r:.2f})",
                population=f"gaps between {MESSAGES}",
                window="whole history",
            )
        )
    if len(sends) < send_min:
        metrics.append(
            Metric(
                "night_send_share",
                None,
                "not_enough_data",
                f"only {len(sends)} sent messages (need at least {send_min})",
            )
        )
    else:
        clock = clock or infer_clock(sends)
        if not clock.known:
            metrics.append(Metric("night_send_share", None, "not_enough_data", clock.reason))
        else:
            hour, _ = hours_and_weekdays(sends, clock)
            night = int(np.count_nonzero(hour < 6))
            used = clock.zone or f"UTC{clock.offset_hours:+d} (inferred)"
            metrics.append(
                Metric(
                    "night_send_share",
                    night / len(sends),
                    "info",
                    f"{night} of {len(sends)} sent messages at 00:00-06:00 local time, "
                    f"{used}; {clock.reason}",
                    numerator=float(night),
                    denominator=float(len(sends)),
                    population=MESSAGES,
                )
            )
    return metrics


def _sending_metrics(
    streams: dict[str, np.ndarray],
    beat_streams: dict[str, np.ndarray],
    live: np.ndarray,
    sends: pl.DataFrame,
    n_sent: int,
    thresholds: Thresholds,
    clock: Clock,
) -> list[Metric]:
    """The timing metrics of `streams`, the automation metrics of `beat_streams` (the messages stream
    without the live answers at times `live`) and the multi-send metrics of the sends to several people
    `sends`."""
    metrics = timing_metrics(streams["invitations"], streams["messages"], thresholds, clock)
    runs = [
        (stream, *run)
        for stream, times in beat_streams.items()
        for run in clockwork_runs(
            times, clock_resolution(times, RESOLUTION_S[stream]), thresholds.min("sends")
        )
    ]
    metrics.extend(automation_metrics(beat_streams, RESOLUTION_S, runs, thresholds, len(live)))
    metrics.extend(fanout.multi_send_metrics(sends, n_sent, thresholds))
    return metrics


def materialize(con: duckdb.DuckDBPyConnection, thresholds: Thresholds) -> list[Metric]:
    """Write `send_bursts`; return the timing metrics and stranger_thread_share."""
    convs = _conversations(con)
    sends, n_sent = fanout.build(con)
    write_table(con, "multi_sends", sends)  # first: the message streams below count each action once
    streams = {s: stream_seconds(con, s) for s in STREAMS}
    unprompted = live_answers.unprompted(con)
    beat_streams = {**streams, "messages": unprompted.actions}
    write_table(con, "send_bursts", send_bursts(con, thresholds.min("sends"), streams, beat_streams))
    clock = infer_clock(streams["messages"], owner_geo_location(con))
    write_table(con, "owner_clock", owner_clock_frame(clock, offsets_label(streams["messages"], clock)))
    # every behaviour measure twice: the whole history (the number shown) and the recent span, which says
    # whether it is what the member does now (analyses/recency.py)
    start = recency.cutoff(as_of(con), thresholds.recent_months)
    recent, recent_beats = recency.since(streams, start), recency.since(beat_streams, start)
    recent_live = recency.since({"live": unprompted.live}, start)["live"]
    metrics = recency.weigh_all(
        _sending_metrics(streams, beat_streams, unprompted.live, sends, n_sent, thresholds, clock),
        _sending_metrics(
            recent, recent_beats, recent_live, fanout.since(sends, start), n_sent, thresholds, clock
        ),
        start,
        thresholds.recent_months,
    )
    metrics.append(replies.stranger_thread_share(convs, thresholds.min("conversations"), thresholds, start))
    return metrics
