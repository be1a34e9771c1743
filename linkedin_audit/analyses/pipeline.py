"""Run every analysis step in dependency order, then write `audit_summary` and `risk_checklist`.

Each step is a module function `materialize(con, thresholds, ...)` that creates its relations (tables, so
that notebooks and ad-hoc SQL read them instantly) and returns its headline metrics, exactly the names its
module declares in `METRICS`. A step reads the model (built by ingest, every relation present even when the
export lacks its file), the relations of the steps before it (checked with `db.require`), and what an
earlier step returns to it as an argument: nothing passes through a side channel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from types import ModuleType

import duckdb
import polars as pl

from linkedin_audit.analyses import acceptance, bursts, engagement, invites, replies, risk, templates, ties
from linkedin_audit.analyses.common import Metric, write_table
from linkedin_audit.config import THRESHOLDS_TABLE, Thresholds, load_thresholds, thresholds_rows

STEPS: tuple[ModuleType, ...] = (templates, invites, replies, acceptance, ties, bursts, engagement)
"""The metric-producing steps in the order `materialize_all` runs them: templates give invites its note
templates and replies `message_templates`; invites give acceptance and ties `invitation_notes`; replies give
bursts and engagement `conversations`. risk runs last, from `audit_summary` and `send_bursts`."""

METRICS: tuple[str, ...] = tuple(name for step in STEPS for name in step.METRICS)
"""Every row of `audit_summary`, in pipeline order: the one list the package and its tests share."""

SUMMARY_SCHEMA: dict[str, pl.DataType] = {
    "metric": pl.String(),
    "value": pl.Float64(),
    "status": pl.String(),
    "detail": pl.String(),
    "numerator": pl.Float64(),
    "denominator": pl.Float64(),
    "population": pl.String(),
    "window": pl.String(),
    "period_start": pl.Datetime("us"),
    "period_end": pl.Datetime("us"),
    "past_at": pl.Datetime("us"),
    "then_status": pl.String(),
    "recent_value": pl.Float64(),
}
"""`audit_summary`'s columns: a `Metric`'s fields (analyses/common.py), in order (`at` is not one)."""


def step_name(step: ModuleType) -> str:
    """`linkedin_audit.analyses.templates` -> `templates` (what the progress line shows)."""
    return step.__name__.rsplit(".", 1)[-1]


def _declared(step: ModuleType, metrics: Sequence[Metric]) -> list[Metric]:
    """The step's metrics, refused unless they are exactly the ones its module declares."""
    got = [m.metric for m in metrics]
    if sorted(got) != sorted(step.METRICS):
        raise RuntimeError(f"{step_name(step)} returned metrics {got}, but declares {list(step.METRICS)}")
    return list(metrics)


def materialize_all(
    con: duckdb.DuckDBPyConnection,
    thresholds: Thresholds | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Metric]:
    """Create every analysis relation on `con` (inside the caller's transaction, if any)."""
    thresholds = thresholds or load_thresholds()

    def start(step: ModuleType) -> None:
        if progress:
            progress(step_name(step))

    start(templates)
    found = templates.materialize(con, thresholds)
    metrics = _declared(templates, found.metrics)
    start(invites)
    metrics += _declared(invites, invites.materialize(con, thresholds, found.note_templates))
    start(replies)
    metrics += _declared(replies, replies.materialize(con, thresholds))
    start(acceptance)
    metrics += _declared(acceptance, acceptance.materialize(con, thresholds))
    start(ties)
    metrics += _declared(ties, ties.materialize(con, thresholds))
    start(bursts)
    metrics += _declared(bursts, bursts.materialize(con, thresholds))
    start(engagement)
    metrics += _declared(engagement, engagement.materialize(con, thresholds))
    write_summary(con, metrics, thresholds)
    start(risk)
    risk.materialize(con, thresholds)
    return metrics


def write_summary(con: duckdb.DuckDBPyConnection, metrics: Sequence[Metric], thresholds: Thresholds) -> None:
    """Write `audit_summary` (each metric once) and `analysis_thresholds`."""
    seen: set[str] = set()
    for m in metrics:
        if m.metric in seen:
            raise RuntimeError(f"metric {m.metric} produced twice")
        seen.add(m.metric)
    summary = pl.DataFrame(
        [{k: v for k, v in asdict(m).items() if k in SUMMARY_SCHEMA} for m in metrics], schema=SUMMARY_SCHEMA
    )
    write_table(con, "audit_summary", summary)
    write_table(
        con,
        THRESHOLDS_TABLE,
        pl.DataFrame(
            thresholds_rows(thresholds),
            schema={"section": pl.String, "key": pl.String, "value": pl.Float64},
            orient="row",
        ),
    )
