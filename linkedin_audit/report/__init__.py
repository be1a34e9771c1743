"""The report stack: chart_data, chart_frames, charts and time_charts for the notebooks, notebook_helpers,
render (run the notebooks with their parameters, write one offline HTML file), templates/.

Re-exports render's public entry points, so `from linkedin_audit.report import run_report_command` works.
They load on first use: notebooks import `linkedin_audit.report.charts` etc. and need not load nbconvert."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from linkedin_audit.report.render import (
        ReportResult,
        SectionResult,
        build_report,
        notebooks_in,
        run_notebook,
        run_report_command,
    )

__all__ = [
    "ReportResult",
    "SectionResult",
    "build_report",
    "notebooks_in",
    "run_notebook",
    "run_report_command",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        value = getattr(importlib.import_module("linkedin_audit.report.render"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
