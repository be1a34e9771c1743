"""The charts' shared style and checks: one theme (registered on import), the colour-blind-safe palette, the
status colours, and the frame check and axes every chart builder uses (charts.py, time_charts.py,
network_charts.py). Charts draw from polars directly (Altair reads it through narwhals: no conversion to
pandas). A frame larger than `MAX_ROWS` is refused with `ChartDataError` rather than silently cut by
Altair's row limit or embedded raw in the HTML: aggregate first (see report/chart_data.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import altair as alt
import polars as pl

if TYPE_CHECKING:
    import pandas as pd

MAX_ROWS = 5000
THEME = "linkedin_audit"
WIDTH = 620

# Colour-blind-safe palette (Okabe-Ito), and the three statuses in fixed colours everywhere.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
STATUS_COLOURS = {
    "ok": "#009E73",
    "watch": "#E69F00",
    "high": "#D55E00",
    "not_enough_data": "#999999",
    "info": "#56B4E9",
}


Frame: TypeAlias = "pl.DataFrame | pd.DataFrame"


class ChartDataError(ValueError):
    """The frame given to a chart builder is not what the chart needs (missing columns, too many rows)."""


def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "view": {"continuousWidth": WIDTH, "continuousHeight": 260, "stroke": None},
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": "#555", "subtitleFontSize": 12},
            "axis": {
                "labelFontSize": 11,
                "titleFontSize": 12,
                "gridColor": "#e8e8e8",
                "titleFontWeight": "normal",
                "labelOverlap": "greedy",
            },
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom"},
            "range": {"category": PALETTE},
            "bar": {"color": PALETTE[0]},
            "line": {"color": PALETTE[0], "strokeWidth": 2},
            "point": {"color": PALETTE[0]},
        }
    }


def enable_theme() -> None:
    """Register and enable the project theme (idempotent)."""
    alt.theme.register(THEME, enable=True)(_theme)


enable_theme()


def chart_frame(frame: Frame, columns: Sequence[str]) -> pl.DataFrame:
    """Check a frame has `columns` and at most MAX_ROWS rows; return those columns as the polars frame the
    chart draws from (a pandas frame is taken in too)."""
    if isinstance(frame, pl.DataFrame):
        missing = [c for c in columns if c not in frame.columns]
        height = frame.height
    else:
        missing = [c for c in columns if c not in frame.columns]
        height = len(frame)
    if missing:
        raise ChartDataError(f"chart frame lacks column(s) {missing}; it has {list(frame.columns)}")
    if height > MAX_ROWS:
        raise ChartDataError(
            f"chart frame has {height} rows (limit {MAX_ROWS}): aggregate it before charting"
        )
    if isinstance(frame, pl.DataFrame):
        return frame.select(list(columns))
    return pl.from_pandas(frame[list(columns)])


def is_rate(fmt: str) -> bool:
    return "%" in fmt


def count_axis(title: str | None = None, fmt: str = ",d") -> alt.Axis:
    """A count axis: whole numbers only, so ticks never read 0, 1, 1, 2, 2 (tickMinStep alone does not
    keep Vega from ticks at halves on a domain of 0-2: a whole-number format labels only whole values). Its
    title is the encoding's unless `title` is given (an axis `title=None` hid the encoding's title)."""
    named: Any = alt.Undefined if title is None else title
    whole: Any = (
        f"datum.value % 1 ? '' : format(datum.value, '{fmt}')" if fmt.endswith("d") else alt.Undefined
    )
    return (
        alt.Axis(format=fmt, tickMinStep=1, title=named, labelExpr=whole)
        if not is_rate(fmt)
        else alt.Axis(format=fmt, title=named)
    )


def rate_scale(fmt: str, domain: tuple[float, float] | None) -> Any:
    """Every rate axis runs 0-100%: four 50% bars must not fill the width and read as 100%."""
    if domain:
        return alt.Scale(domain=list(domain))
    return alt.Scale(domain=[0, 1]) if is_rate(fmt) else alt.Undefined


def colour_scale(colours: dict[str, str] | None, order: Sequence[str] | None) -> Any:
    if colours:
        domain = list(order) if order else list(colours)
        return alt.Scale(domain=domain, range=[colours.get(k, "#999999") for k in domain])
    return alt.Scale(domain=list(order)) if order else alt.Undefined


def month_axis_scale(end: Any) -> Any:
    """Month axes end at the export date (not at the last month that happens to have data)."""
    if end is None:
        return alt.Undefined
    return alt.Scale(domainMax=alt.DateTime(year=end.year, month=end.month, date=end.day))


def with_order(data: pl.DataFrame, column: str, order: Sequence[str] | None) -> pl.DataFrame:
    """A `_order` column so the stack is drawn in legend order (Vega-Lite stacks alphabetically)."""
    labels = data[column].cast(pl.String)
    rank = {k: i for i, k in enumerate(order or sorted(labels.drop_nulls().unique().to_list()))}
    data = data.with_columns(
        labels.replace_strict(rank, default=len(rank), return_dtype=pl.Int64).alias("_order")
    )
    return data


def chart_title(title: str, subtitle: str | None) -> alt.TitleParams:
    return alt.TitleParams(title, subtitle=[subtitle] if subtitle else [])
