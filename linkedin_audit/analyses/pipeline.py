"""Run every analysis in dependency order, then write `audit_summary` and `risk_checklist`.

Each step is a module function `materialize(con, thresholds) -> list[Metric]` that creates its relations
(tables, so that notebooks and ad-hoc SQL read them instantly) and returns its headline metrics."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import duckdb
import polars as pl

from linkedin_audit.analyses.common import Metric, write_table
from linkedin_audit.config import THRESHOLDS_TABLE, Thresholds, load_thresholds, thresholds_rows

# Order matters: templates feed invitation notes and first-message kinds; conversations feed bursts and
# reply rates; everything feeds the summary, and the summary feeds the risk checklist.
STEPS: tuple[str, ...] = (
    "linkedin_audit.analyses.templates",
    "linkedin_audit.analyses.invites",
    "linkedin_audit.analyses.replies",
    "linkedin_audit.analyses.acceptance",
    "linkedin_audit.analyses.ties",
    "linkedin_audit.analyses.bursts",
)


def materialize_all(con: duckdb.DuckDBPyConnection, thresholds: Thresholds | None = None,
                    progress: Callable[[str], None] | None = None) -> list[Metric]:
    """Create every analysis relation on `con` (inside the caller's transaction, if any)."""
    thresholds = thresholds or load_thresholds()
    metrics: list[Metric] = []
    for name in STEPS:
        if progress:
            progress(name.rsplit(".", 1)[-1])
        module = importlib.import_module(name)
        metrics.extend(module.materialize(con, thresholds))
    seen: set[str] = set()
    for m in metrics:
        if m.metric in seen:
            raise RuntimeError(f"metric {m.metric} produced twice")
        seen.add(m.metric)
    summary = pl.DataFrame(
        [{"metric": m.metric, "value": m.value, "status": m.status, "detail": m.detail} for m in metrics],
        schema={"metric": pl.String, "value": pl.Float64, "status": pl.String, "detail": pl.String},
    )
    write_table(con, "audit_summary", summary)
    from linkedin_audit.audit_history import record_history

    record_history(con)  # keeps each export's summary across ingests (issue 15)
    write_table(con, THRESHOLDS_TABLE, pl.DataFrame(
        thresholds_rows(thresholds), schema={"section": pl.String, "key": pl.String, "value": pl.Float64},
        orient="row"))
    risk = importlib.import_module("linkedin_audit.analyses.risk")
    if progress:
        progress("risk")
    risk.materialize(con, thresholds)
    return metrics
