"""`templated_message_share`: sent messages in a template / sent messages with text, one action once
(fanout.by_action), with its volume guard and the age of its evidence (docs/metrics.md, "Templates").

- Volume guard: a share is a verdict only when the copy-pasted messages came at volume. Fewer than
  `[minimum] templated_messages_30d` of them in the busiest 30 days (30 over two years is about one a month:
  a person reusing a good introduction, not mass messaging) gives the counts, not a share
  (not_enough_data with the counts in the detail: "few events: show the counts"). No copy at all is 0%, a
  fact rather than a rate on few events: it keeps its share and status.
- Past behaviour: the newest copy-pasted message older than `[recent] months` makes it past behaviour,
  at most watch (analyses/recency.py), weighed against the share over the recent span."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import polars as pl

from linkedin_audit.analyses import fanout, recency
from linkedin_audit.analyses.common import Metric, share_metric
from linkedin_audit.config import Thresholds

MONTH_S = 30 * 86400


def busiest_30_days(times: pl.Series) -> int:
    """The most of `times` in any 30 days [t, t + 30 d)."""
    t = np.sort(times.drop_nulls().dt.epoch("s").to_numpy())
    if len(t) == 0:
        return 0
    return int((np.searchsorted(t, t + MONTH_S, side="left") - np.arange(len(t))).max())


def _share(acts: pl.DataFrame, minimum: int, thresholds: Thresholds) -> Metric:
    return share_metric(
        "templated_message_share",
        acts.filter(pl.col("template_id").is_not_null()).height,
        acts.filter(pl.col("text_kind") != "empty").height,
        minimum,
        "sent messages with text",
        lambda v: thresholds.status("templated_message_share", v),
    )


def templated_message_share(frame: pl.DataFrame, thresholds: Thresholds, start: dt.datetime | None) -> Metric:
    """Over `message_templates(con)`'s sends; `start`: the start of the recent span (recency.cutoff)."""
    minimum = thresholds.min("sends")
    kinds = dict(frame.group_by("text_kind").len().iter_rows())
    acts = fanout.by_action(frame) if "h1" in frame.columns else frame
    metric = _share(acts, minimum, thresholds)
    copied = acts.filter(pl.col("template_id").is_not_null())
    if metric.value is not None and "sent_at" in acts.columns:
        need = thresholds.min("templated_messages_30d")
        busiest = busiest_30_days(copied["sent_at"])
        if 0 < busiest < need:  # few copies over a long time: the counts, not a verdict (none: 0%, ok)
            metric = replace(
                metric,
                value=None,
                status="not_enough_data",
                detail=f"{metric.detail} were copy-pasted, at most {busiest} in any 30 days: too few to call "
                f"a share (need at least {need} in 30 days)",
            )
        else:
            newest = copied["sent_at"].max()
            recent = acts if start is None else acts.filter(pl.col("sent_at") >= start)
            metric = recency.weigh(
                replace(metric, at=newest),  # type: ignore[arg-type]
                _share(recent, minimum, thresholds),
                start,
                thresholds.recent_months,
            )
    apart = [
        f"{kinds[k]} {label}"
        for k, label in (
            ("empty", "empty (attachments only, left out)"),
            ("linkedin_notice", "LinkedIn notices"),
            ("stock_text", "LinkedIn's stock invitation sentence"),
        )
        if kinds.get(k)
    ] + (
        [f"a send to several people at once counted once ({frame.height - acts.height} copies)"]
        * (acts.height < frame.height)
    )
    if not apart:
        return metric
    detail = f"{metric.detail}; {', '.join(apart)}"
    return metric.with_detail(detail)
