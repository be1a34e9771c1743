"""Sliding windows, burst trains and clockwork runs over one stream of event times (int64 seconds, sorted):
the array passes of analyses/bursts.py (definitions in its docstring), split out so that each file keeps one
concern. `bursts` re-exports every name."""

from __future__ import annotations

import numpy as np

TOP_K = 3


def clock_resolution(times: np.ndarray, nominal: int) -> int:
    """The stream's time resolution: 60 s when every time is on a whole minute (Invitations.csv, and the
    2018 era's messages), else `nominal`. The one rule bursts, automation and fanout read a clock by."""
    return 60 if len(times) and not (np.asarray(times) % 60).any() else nominal


def window_counts(times: np.ndarray, seconds: int) -> np.ndarray:
    """For each event i (times sorted), the number of events in [t_i, t_i + seconds)."""
    return np.searchsorted(times, times + seconds, side="left") - np.arange(len(times))


def max_in_window(times: np.ndarray, seconds: int) -> tuple[int, int | None, int | None]:
    """(count, first event time, last event time) of the fullest half-open window [t, t + seconds)."""
    if len(times) == 0:
        return 0, None, None
    counts = window_counts(times, seconds)
    i = int(np.argmax(counts))
    return int(counts[i]), int(times[i]), int(times[i + counts[i] - 1])


def top_windows(times: np.ndarray, seconds: int, k: int = TOP_K) -> list[tuple[int, int, int]]:
    """Up to k fullest windows that share no event, as (count, start, end), largest first (ties: earliest):
    each pick is the fullest window left, then the windows overlapping it are masked (k array passes)."""
    if len(times) == 0:
        return []
    counts = window_counts(times, seconds)
    idx = np.arange(len(times))
    left = counts.copy()
    out: list[tuple[int, int, int]] = []
    while len(out) < k:
        i = int(np.argmax(left))  # the first index among the fullest: the earliest on ties
        if left[i] < 2:
            break
        c = int(counts[i])
        out.append((c, int(times[i]), int(times[i + c - 1])))
        left[(idx < i + c) & (idx + counts > i)] = 0
    return out


def trains(times: np.ndarray, max_gap: int, k: int | None = None) -> list[tuple[int, int, int]]:
    """Maximal runs whose consecutive gaps are all <= max_gap, as (count, start, end), largest first
    (ties: earliest); only the first k when k is given."""
    if len(times) == 0:
        return []
    breaks = np.nonzero(np.diff(times) > max_gap)[0] + 1
    starts = np.concatenate([[0], breaks])
    counts = np.diff(np.concatenate([starts, [len(times)]]))
    order = np.lexsort((times[starts], -counts))[:k]
    return [(int(counts[o]), int(times[starts[o]]), int(times[starts[o] + counts[o] - 1])) for o in order]


def clockwork_runs(times: np.ndarray, resolution: int, min_events: int) -> list[tuple[int, int, int, int]]:
    """Runs of >= min_events sends at a steady beat (see module docstring): (count, start, end, beat_s),
    scanning left to right and resuming after each run. Array passes rule out the starts that cannot reach
    min_events, so Python only walks real runs."""
    gaps = np.diff(times)
    if len(gaps) == 0:
        return []
    tol = np.maximum(0.1 * gaps.astype(np.float64), resolution)
    # A run from gap i holds gaps i .. j, j - i + 2 events: it needs gaps i + 1 .. i + min_events - 2.
    starts = np.nonzero(gaps >= 2 * resolution)[0]
    for step in range(1, max(min_events - 1, 1)):
        starts = starts[starts + step < len(gaps)]
        starts = starts[np.abs(gaps[starts + step] - gaps[starts]) <= tol[starts]]
    out: list[tuple[int, int, int, int]] = []
    resume = 0
    for i in starts.tolist():
        if i < resume:
            continue
        j = i
        while j + 1 < len(gaps) and abs(int(gaps[j + 1]) - int(gaps[i])) <= tol[i]:
            j += 1
        out.append(
            (j - i + 2, int(times[i]), int(times[j + 1]), int(round(float(np.median(gaps[i : j + 1])))))
        )
        resume = j + 1
    return sorted(out, key=lambda r: (-r[0], r[1]))
