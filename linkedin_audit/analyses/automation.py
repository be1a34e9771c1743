"""Automation seen where it happens: short-window peaks, the sustained rate inside burst trains, the
regularity of gaps inside trains, and the longest clockwork run (metrics max_invites_1min/10min,
max_thread_starts_1min/10min, max_train_send_rate, min_train_gap_cv, longest_clockwork_run).

Why: a whole-history coefficient of variation cannot see a bot that runs for ten minutes once a week (one
real export sent 104 invitations within 10 minutes, 45 of them within one minute, with a whole-stream CV of
8.7). These measures look inside the bursts (docs/metrics.md, "Automation inside bursts"):
- max_*_1min / max_*_10min: the most events in any half-open window [t, t + w). Invitations.csv has minute
  resolution, so for invitations the 1-minute window is the count of same-minute sends.
- max_train_send_rate: over every train (maximal run whose consecutive gaps are all <= 10 min) of at least
  `sends` events in the invitations, messages and thread_starts streams, the highest n / (span + the
  stream's resolution), in events per minute.
- min_train_gap_cv: over every train with every gap <= 1 h and at least `sends` events whose mean gap is at
  least twice the stream's resolution (below that the clock cannot show a beat), the lowest population
  CV of its gaps. A steady beat inside a burst is the bot signature; a human's bursts are irregular.
- longest_clockwork_run: the most events of a clockwork run (analyses/bursts.py) in any stream whose beat is
  at most 1 h (REGULARITY_TRAIN_GAP_S, the bound of a burst): a steady beat inside a burst is a scheduler's;
  one invitation every other day at nine is a person's routine, not a bot (a 2018 export's 45 invitations
  two days apart read "high: a machine's steady beat"). A thread_starts run inside a messages run is the
  same run (its messages opened new conversations) and is counted once.
The messages stream these measures read leaves out the member's answers in a live exchange (a conversation's
pace, not a scheduler's: analyses/live_answers.py); the bursts step passes it in.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from linkedin_audit.analyses.common import INVITATIONS, MESSAGES, Metric, window_words
from linkedin_audit.analyses.windows import clock_resolution
from linkedin_audit.config import Thresholds

RATE_TRAIN_GAP_S = 600
REGULARITY_TRAIN_GAP_S = 3600
PEAK_WINDOWS = {"1min": 60, "10min": 600}
WINDOW_WORDS = {"1min": "one minute", "10min": "ten minutes"}
STREAM_WORDS = {"invitations": "invitations", "thread_starts": "new conversations"}
"""How the details name a window and a stream (people read them in the checklist)."""
STREAM_POPULATION = {"invitations": INVITATIONS, "messages": MESSAGES, "thread_starts": "new conversations"}
"""Each stream's `Metric.population`."""

METRICS = (
    "max_invites_1min",
    "max_invites_10min",
    "max_thread_starts_1min",
    "max_thread_starts_10min",
    "max_train_send_rate",
    "min_train_gap_cv",
    "longest_clockwork_run",
)
"""The automation metrics `automation_metrics` returns (the bursts step reports them)."""


def _at(seconds: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(seconds))


def _ts(seconds: int) -> str:
    return f"{_at(seconds):%Y-%m-%d %H:%M}"


def every(seconds: float) -> str:
    """A beat in words ("one every 30 minutes", "one every 45 seconds"): people read it in the checklist."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds / size
            shown = f"{n:.0f}" if abs(n - round(n)) < 0.05 else f"{n:.1f}"
            return f"one every {unit}" if shown == "1" else f"one every {shown} {unit}s"
    return "one every second" if round(seconds) == 1 else f"one every {seconds:.0f} seconds"


def train_bounds(times: np.ndarray, max_gap: int) -> list[tuple[int, int]]:
    """Every maximal run whose consecutive gaps are all <= max_gap, as (first index, last index + 1)."""
    if len(times) == 0:
        return []
    breaks = np.nonzero(np.diff(times) > max_gap)[0] + 1
    starts = np.concatenate([[0], breaks]).astype(np.int64)
    ends = np.concatenate([breaks, [len(times)]]).astype(np.int64)
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def peak(times: np.ndarray, seconds: int) -> tuple[int, int | None]:
    """(most events in any [t, t + seconds), the first such t)."""
    if len(times) == 0:
        return 0, None
    counts = np.searchsorted(times, times + seconds, side="left") - np.arange(len(times))
    i = int(np.argmax(counts))
    return int(counts[i]), int(times[i])


def fastest_train(
    streams: dict[str, np.ndarray], resolution: dict[str, int], min_events: int
) -> tuple[float, str, int, int, int] | None:
    """(events per minute, stream, n, start, end) of the train of >= min_events with the highest rate."""
    best: tuple[float, str, int, int, int] | None = None
    for stream, times in streams.items():
        for a, b in train_bounds(times, RATE_TRAIN_GAP_S):
            n = b - a
            if n < min_events:
                continue
            span = int(times[b - 1] - times[a]) + resolution[stream]
            rate = n * 60.0 / span
            if best is None or rate > best[0]:
                best = (rate, stream, n, int(times[a]), int(times[b - 1]))
    return best


def most_regular_train(
    streams: dict[str, np.ndarray], resolution: dict[str, int], min_events: int
) -> tuple[float, str, int, int, int, float] | None:
    """(gap CV, stream, n, start, end, mean gap s) of the qualifying train with the lowest gap CV."""
    best: tuple[float, str, int, int, int, float] | None = None
    for stream, times in streams.items():
        for a, b in train_bounds(times, REGULARITY_TRAIN_GAP_S):
            if b - a < min_events:
                continue
            gaps = np.diff(times[a:b]).astype(np.float64)
            mean = float(gaps.mean())
            if mean < 2 * resolution[stream]:
                continue
            cv = float(gaps.std() / mean)
            if best is None or cv < best[0]:
                best = (cv, stream, b - a, int(times[a]), int(times[b - 1]), mean)
    return best


def distinct_runs(runs: list[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    """One behaviour, one event: a run of the thread_starts stream that lies inside a run of the messages
    stream is that run seen again (the messages that opened new conversations are among the messages), not
    a second one. `runs`: (stream, n, start, end, beat)."""
    messages = [(r[2], r[3]) for r in runs if r[0] == "messages"]
    return [
        r
        for r in runs
        if r[0] != "thread_starts" or not any(start <= r[2] and r[3] <= end for start, end in messages)
    ]


def automation_metrics(
    streams: dict[str, np.ndarray],
    nominal: dict[str, int],
    clockwork: list[tuple[str, int, int, int, int]],
    thresholds: Thresholds,
    live_answers: int = 0,
) -> list[Metric]:
    """The metrics of the module docstring. `clockwork`: (stream, n, start, end, beat) of every run;
    `live_answers`: the member's answers in a live exchange left out of the messages stream (named in the
    details that find nothing and in those about the messages stream, analyses/live_answers.py)."""
    metrics: list[Metric] = []
    aside = (
        f" ({live_answers} answer{'s' if live_answers != 1 else ''} in a live exchange left out)"
        if live_answers
        else ""
    )

    def aside_for(stream: str) -> str:
        """The live answers, named beside a figure about the messages stream (they were left out of it)."""
        return aside if stream == "messages" else ""

    resolution = {s: clock_resolution(t, nominal[s]) for s, t in streams.items()}
    for stream, prefix, minimum in (
        ("invitations", "max_invites", thresholds.min("invitations")),
        ("thread_starts", "max_thread_starts", thresholds.min("sends")),
    ):
        times = streams[stream]
        band_prefix = "invites" if stream == "invitations" else "thread_starts"
        for label, seconds in PEAK_WINDOWS.items():
            name = f"{prefix}_{label}"
            what = STREAM_WORDS[stream]
            if len(times) < minimum:
                metrics.append(
                    Metric(
                        name,
                        None,
                        "not_enough_data",
                        f"only {len(times)} {what} (need at least {minimum})",
                        population=STREAM_POPULATION[stream],
                        window=window_words(seconds),
                    )
                )
                continue
            n, start = peak(times, seconds)
            assert start is not None
            end = int(times[np.searchsorted(times, start + seconds, side="left") - 1])  # its last event
            metrics.append(
                Metric(
                    name,
                    float(n),
                    thresholds.status(f"{band_prefix}_{label}", n),
                    f"{n} {what} within {WINDOW_WORDS[label]} from {_ts(start)} UTC",
                    numerator=float(n),
                    population=STREAM_POPULATION[stream],
                    window=window_words(seconds),
                    period_start=_at(start),
                    period_end=_at(end),
                    at=_at(start),
                )
            )
    min_events = thresholds.min("sends")
    fast = fastest_train(streams, resolution, min_events)
    if fast is None:
        metrics.append(
            Metric(
                "max_train_send_rate",
                None,
                "not_enough_data",
                f"no train of {min_events} or more sends with every gap <= 10 min{aside}",
            )
        )
    else:
        rate, stream, n, start, end = fast
        span = end - start + resolution[stream]  # as fastest_train measures it: n per span minutes
        metrics.append(
            Metric(
                "max_train_send_rate",
                rate,
                thresholds.status("train_send_rate", rate),
                f"{n} {stream.replace('_', ' ')} from {_ts(start)} to {_ts(end)} UTC ({rate:.1f} per minute)"
                f"{aside_for(stream)}",
                numerator=float(n),
                denominator=span / 60.0,
                population=STREAM_POPULATION[stream],
                window=window_words(span),
                period_start=_at(start),
                period_end=_at(end),
                at=_at(start),
            )
        )
    regular = most_regular_train(streams, resolution, min_events)
    if regular is None:
        metrics.append(
            Metric(
                "min_train_gap_cv",
                None,
                "not_enough_data",
                f"no train of {min_events} or more sends with every gap <= 1 h and gaps the "
                f"clock can resolve{aside}",
            )
        )
    else:
        cv, stream, n, start, end, mean = regular
        metrics.append(
            Metric(
                "min_train_gap_cv",
                cv,
                thresholds.status("interval_cv", cv),
                f"{n} {stream.replace('_', ' ')} from {_ts(start)} to {_ts(end)} UTC, "
                f"{every(mean)} on average{aside_for(stream)}",
                population=f"gaps between {STREAM_POPULATION[stream]}",
                period_start=_at(start),
                period_end=_at(end),
                at=_at(start),
            )
        )
    runs = distinct_runs(clockwork)
    if not any(len(t) >= min_events for t in streams.values()):
        metrics.append(
            Metric(
                "longest_clockwork_run",
                None,
                "not_enough_data",
                f"no stream has {min_events} or more events{aside}",
            )
        )
    elif not (fast_runs := [r for r in runs if r[4] <= REGULARITY_TRAIN_GAP_S]):
        slow = f" ({len(runs)} at a slower beat: a routine, not a burst)" if runs else ""
        metrics.append(
            Metric(
                "longest_clockwork_run",
                0.0,
                thresholds.status("clockwork_run", 0),
                f"no run at a steady beat of an hour or less{slow}{aside}",
                numerator=0.0,
            )
        )
    else:
        stream, n, start, end, beat = max(fast_runs, key=lambda r: (r[1], -r[2]))
        metrics.append(
            Metric(
                "longest_clockwork_run",
                float(n),
                thresholds.status("clockwork_run", n),
                f"{len(fast_runs)} run{'s' if len(fast_runs) != 1 else ''} at a clockwork pace; largest: {n} "
                f"{STREAM_WORDS.get(stream, stream.replace('_', ' '))} {every(beat)} from {_ts(start)} to "
                f"{_ts(end)} UTC{aside_for(stream)}",
                numerator=float(n),
                population=STREAM_POPULATION.get(stream, stream.replace("_", " ")),
                period_start=_at(start),
                period_end=_at(end),
                at=_at(start),
            )
        )
    return metrics
