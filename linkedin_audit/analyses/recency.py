"""Past behaviour: how the age of the evidence weighs on a finding's severity (docs/metrics.md, "Past
behaviour"), the one place every behaviour measure is weighed.

Why: restriction risk is about what the member does now. A send to 22 people in 2016, in a 2026 export,
was rated high as if it were last week's. The rule: a behaviour measure (bursts in every window, the
fastest train, the steady beat, sends to several people at once, copy-pasted messages) is measured twice,
over the whole history (the number shown) and over the recent span, the `[recent] months` calendar months
before the export's "now" (analyses/common.as_of). When the whole history's status is worse than the recent
span's, the level was reached only before the recent span: past behaviour, said with its year ("in 2016,
not in the last 12 months (rated high then ...)") and rated watch (worth knowing, not a risk now; the recent
span's own status is below the whole history's, so at most watch as well).
The number itself stays the whole history's, so it remains visible. A measure whose instance is within
the recent span, or whose status the recent span reaches as well, is current and unchanged."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from linkedin_audit.analyses.common import Metric

RANK = {"ok": 0, "watch": 1, "high": 2}
PAST = re.compile(
    r"; in (\d{4}), not in the last (\d+) months \(rated (high|watch) then(?:; (?:at most )?(\S+) within)?"
)
"""How a past measure's detail says so (report/behaviours.py reads it back)."""
NO_RECENT_FIGURE = ("min_train_gap_cv",)
"""Measures whose recent figure is not said (a coefficient of variation means nothing to a reader)."""


def cutoff(now: dt.datetime | None, months: int) -> dt.datetime | None:
    """Midnight of the same day `months` calendar months before `now` (the day clamped to the month's end):
    the start of the recent span. None without a "now"."""
    if now is None:
        return None
    month0 = now.year * 12 + now.month - 1 - months
    year, month = divmod(month0, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return dt.datetime(year, month + 1, day)


def since(streams: dict[str, np.ndarray], start: dt.datetime | None) -> dict[str, np.ndarray]:
    """Each stream's times (epoch seconds) at or after `start` (all of them without a start)."""
    if start is None:
        return streams
    first = int((start - dt.datetime(1970, 1, 1)).total_seconds())
    return {s: t[t >= first] for s, t in streams.items()}


def _figure(metric: str, value: float) -> str:
    if metric.endswith("_share"):
        return f"{value:.0%}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def weigh(full: Metric, recent: Metric | None, start: dt.datetime | None, months: int) -> Metric:
    """`full` (whole history) weighed by `recent` (the same measure over the recent span from `start`; None:
    no instance in it) as the module docstring says."""
    if full.status not in ("watch", "high") or full.at is None or start is None or full.at >= start:
        return full
    now = recent.status if recent is not None and recent.status in RANK else "ok"
    if RANK[now] >= RANK[full.status]:
        return full  # the same level within the recent span: current behaviour
    figure = ""
    if full.metric not in NO_RECENT_FIGURE:
        got = None if recent is None or recent.value is None else _figure(full.metric, recent.value)
        most = "" if full.metric.endswith("_share") else "at most "
        figure = f"; {most}{got} within them" if got else "; too few within them to measure"
        figure = "; none within them" if recent is not None and recent.value == 0 else figure
    then = f"rated {full.status} then{figure}"
    detail = f"{full.detail}; in {full.at.year}, not in the last {months} months ({then})"
    return replace(  # now below it: at most watch
        full,
        status="watch",
        detail=detail,
        past_at=full.at,
        then_status=full.status,
        recent_value=None if recent is None else recent.value,
    )


def weigh_all(
    full: Sequence[Metric], recent: Sequence[Metric], start: dt.datetime | None, months: int
) -> list[Metric]:
    """`weigh` for every measure of `full`, its recent twin found by name."""
    twins = {m.metric: m for m in recent}
    return [weigh(m, twins.get(m.metric), start, months) for m in full]
