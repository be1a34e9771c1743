"""The checklist's "what was measured" and "from" cells in words, worst evidence first.

Why: the evidence cell quoted every measure of a trigger with its raw detail (the bots row listed nine,
"mean gap 1800 s", a "regularity 0.00" in the measured cell, and context measures with no number at all).
A reader wants the two or three measures that decide the row, in words; the rest stays one click away
(a `<details>` element), and what the measured cell already says is not said again.

- `measured(row, months)`: the trigger's deciding measure as "label: value", a coefficient of variation in
  words ("the gaps did not vary at all"), past behaviour with its year from the structured fields ("(in
  2016; in the last 12 months at most 10)").
- `evidence(measures, context, summary, months, first)`: (shown, more): the deciding measure, the worst
  measure of each other behaviour, then the rest worst first, each detail shown as the analyses wrote it
  (never cut or parsed), SHOWN of them in the cell, the others and the context in `more`."""

from __future__ import annotations

from linkedin_audit import metric_catalog as mc
from linkedin_audit.analyses.recency import NO_RECENT_FIGURE
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


def past_words(row: Row, months: int) -> str:
    """A past measure's age in words ("in 2016; in the last 12 months at most 10"), or "" (the
    structured fields analyses/recency.py sets)."""
    if not row.then_status or row.past_at is None:
        return ""
    if row.recent_value and row.metric not in NO_RECENT_FIGURE:
        share = row.metric.endswith("_share")
        v = row.recent_value
        figure = mc.format_share(v) if share else (f"{v:,.0f}" if v == int(v) else f"{v:,.1f}")
        return f"in {row.past_at.year}; in the last {months} months {'' if share else 'at most '}{figure}"
    return f"in {row.past_at.year}, not in the last {months} months"


def phrase(row: Row) -> str:
    """One measure as the evidence says it: its label and its detail as the analyses wrote it (the counts,
    when, its age if past), a coefficient of variation in words before it, never a bare number."""
    metric, value = row.metric, row.value
    if metric in ("invite_interval_cv", "message_interval_cv") and value is not None:
        # whole-history regularity: context only (a bot run once a week hides in it)
        return f"{mc.label(metric)} over your whole history: {gaps_in_words(value)} (context only)"
    lead = f"{gaps_in_words(value)}, " if metric == "min_train_gap_cv" and value is not None else ""
    return f"{mc.label(metric)}: {lead}{row.detail}"


def evidence(
    measures: tuple[str, ...],
    context: tuple[str, ...],
    summary: Summary,
    months: int,
    first: str | None = None,
) -> tuple[str, str]:  # months: kept for the callers' one signature (the details say their own age)
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
        if summary[m].detail in said or SAME_AS.get(m) in present:  # the same counts under another name
            continue
        said.add(summary[m].detail)
        items.append(phrase(summary[m]))
    rest = items[SHOWN:] + [phrase(summary[m]) for m in context if m in summary]
    return "; ".join(items[:SHOWN]) or "not measured", "; ".join(rest)


def _priority(metric: str) -> int:
    return mc.BY_ID[metric].priority if metric in mc.BY_ID else 99
