"""The checklist's "what was measured" and "from" cells in words, worst evidence first.

Why: the evidence cell quoted every measure of a trigger with its raw detail (the bots row listed nine,
"mean gap 1800 s", a "regularity 0.00" in the measured cell, and context measures with no number at all).
A reader wants the two or three measures that decide the row, in words; the rest stays one click away
(a `<details>` element), and what the measured cell already says is not said again.

- `measured(metric, value)`: the trigger's deciding measure as "label: value", a coefficient of variation
  in words ("the gaps did not vary at all"), past behaviour with its year ("(in 2016)").
- `evidence(trigger_measures, context, summary)`: (shown, more): the measures worst first (status, then
  the catalog's priority), SHOWN of them in the cell, the others and the context in `more`."""

from __future__ import annotations

import re

from linkedin_audit import metric_catalog as mc
from linkedin_audit.analyses.recency import NO_RECENT_FIGURE, PAST
from linkedin_audit.report import behaviours
from linkedin_audit.report.summary_rows import Row

SHOWN = 3
Summary = dict[str, Row]  # metric -> its row of audit_summary
SAME_AS = {"pending_invites": "not_accepted_invite_share"}
"""A measure that counts what another of the same row already says (the count of the share's numerator)."""
CV_MEASURES = ("min_train_gap_cv", "invite_interval_cv", "message_interval_cv")
"""Coefficients of variation: never shown as a bare number."""


def gaps_in_words(cv: float) -> str:
    """A coefficient of variation of gaps, as a reader would say it."""
    if cv < 0.0005:
        return "the gaps did not vary at all"
    if cv < 1:
        return f"the gaps varied by only {mc.format_share(cv)} of their average"
    return f"the gaps varied by {cv:.1f} times their average"


def measured(row: Row, months: int) -> str:
    """The deciding measure of a checklist row in words."""
    if row.value is None:
        return "too little data"
    shown = gaps_in_words(row.value) if row.metric in CV_MEASURES else mc.format_value(row.metric, row.value)
    past = past_words(row, months)
    return f"{mc.label(row.metric)}: {shown}" + (f" ({past})" if past else "")


WHOLE_DETAIL = ("longest_clockwork_run",)
"""Measures whose detail is said whole (its first clause alone says too little)."""


def _clauses(text: str) -> list[str]:
    """`text` split at "; " outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and text.startswith("; ", i):
            parts.append(text[start:i])
            start = i + 2
    return [*parts, text[start:]]


def past_words(row: Row, months: int) -> str:
    """A past measure's age in words ("in 2016, not in the last 12 months; in them at most 10"), or "" (the
    structured fields analyses/recency.py sets)."""
    if not row.then_status or row.past_at is None:
        return ""
    within = ""
    if row.recent_value and row.metric not in NO_RECENT_FIGURE:
        share = row.metric.endswith("_share")
        v = row.recent_value
        figure = mc.format_share(v) if share else (f"{v:,.0f}" if v == int(v) else f"{v:,.1f}")
        within = f"; in them {'' if share else 'at most '}{figure}"
    return f"in {row.past_at.year}, not in the last {months} months{within}"


def phrase(row: Row, months: int) -> str:
    """One measure as the evidence says it: its label and the first clause of its detail (the counts and
    when; the rest is in the appendix), a CV in words, its age if past."""
    metric, value = row.metric, row.value
    text = PAST.split(row.detail or "")[0]  # the age is said from the structured fields below
    text = text if metric in WHOLE_DETAIL else _clauses(text)[0]
    if metric in ("invite_interval_cv", "message_interval_cv") and value is not None:
        # whole-history regularity: context only (a bot run once a week hides in it)
        return f"{mc.label(metric)} over your whole history: {gaps_in_words(value)} (context only)"
    if metric == "min_train_gap_cv" and value is not None:
        text = f"{gaps_in_words(value)}, {text}"
    past = past_words(row, months)
    return f"{mc.label(metric)}: {text}" + (f" ({past})" if past else "")


def evidence(
    measures: tuple[str, ...],
    context: tuple[str, ...],
    summary: Summary,
    months: int,
    first: str | None = None,
) -> tuple[str, str]:
    """(the cell's evidence, the rest behind "more"): `first` (the measure the row names) then the worst
    measure of each behaviour, then the others worst first (status, then the catalog's priority), each count
    once, SHOWN in the cell."""
    present = [m for m in measures if m in summary]
    ranked = sorted(
        present, key=lambda m: (m != first, mc.STATUS_RANK.get(summary[m].status, 9), _priority(m))
    )
    # one behaviour, one piece of evidence first: the worst measure of each behaviour the row holds (the
    # bots row: an invitation burst, a steady beat, a message burst), then their other windows
    seen: set[str] = set()
    lead = []
    for m in ranked:
        b = behaviours.behaviour_of(summary[m])
        key = b.key if b else m
        if key not in seen and summary[m].status not in ("not_enough_data", "info"):
            seen.add(key)
            lead.append(m)
    ranked = lead + [m for m in ranked if m not in lead]
    said: set[str] = set()
    items: list[str] = []
    for m in ranked:
        key = re.sub(r"\s+", " ", summary[m].detail or "").strip()
        if key in said or SAME_AS.get(m) in present:  # the same counts under another name
            continue
        said.add(key)
        items.append(phrase(summary[m], months))
    rest = items[SHOWN:] + [phrase(summary[m], months) for m in context if m in summary]
    return "; ".join(items[:SHOWN]) or "not measured", "; ".join(rest)


def _priority(metric: str) -> int:
    return mc.BY_ID[metric].priority if metric in mc.BY_ID else 99
