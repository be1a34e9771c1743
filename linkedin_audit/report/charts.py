"""Altair chart builders for the notebooks and the report: one theme, tooltips, readable titles.

Builders take small, already aggregated frames (polars or pandas) and return Altair charts, which draw
from polars directly (Altair reads it through narwhals: no conversion to pandas). They do no SQL
and no I/O. A frame larger than `MAX_ROWS` is refused with `ChartDataError` rather than silently cut by
Altair's row limit or embedded raw in the HTML: aggregate first (see `linkedin_audit.report.chart_data`)."""

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
# One colour, one meaning across the page: note kinds, tie classes and streams never reuse the status
# colours (green, orange, vermillion), so a coloured mark is never mistaken for a verdict.
NOTE_COLOURS = {
    "no note": "#4d4d4d",
    "LinkedIn's stock text": "#a6a6a6",
    "template": "#CC79A7",
    "personal note": "#0072B2",
}
TIE_COLOURS = {"strong": "#0072B2", "weak": "#56B4E9", "dormant": "#CC79A7", "never": "#4d4d4d"}
STREAM_COLOURS = {"messages sent": "#0072B2", "invitations sent": "#CC79A7"}


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


def _is_rate(fmt: str) -> bool:
    return "%" in fmt


def count_axis(title: str | None = None, fmt: str = ",d") -> alt.Axis:
    """A count axis: whole numbers only, so ticks never read 0, 1, 1, 2, 2."""
    return alt.Axis(format=fmt, tickMinStep=1, title=title) if not _is_rate(fmt) else alt.Axis(format=fmt)


def _rate_scale(fmt: str, domain: tuple[float, float] | None) -> Any:
    """Every rate axis runs 0-100%: four 50% bars must not fill the width and read as 100%."""
    if domain:
        return alt.Scale(domain=list(domain))
    return alt.Scale(domain=[0, 1]) if _is_rate(fmt) else alt.Undefined


def _colour_scale(colours: dict[str, str] | None, order: Sequence[str] | None) -> Any:
    if colours:
        domain = list(order) if order else list(colours)
        return alt.Scale(domain=domain, range=[colours.get(k, "#999999") for k in domain])
    return alt.Scale(domain=list(order)) if order else alt.Undefined


def _month_axis_scale(end: Any) -> Any:
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


def bar_chart(
    frame: Frame,
    category: str,
    value: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    subtitle: str | None = None,
    fmt: str = ",d",
    sort: Sequence[str] | str | None = "-x",
    colour: str | None = None,
    extra_tooltip: Sequence[tuple[str, str]] = (),
    domain: tuple[float, float] | None = None,
    colours: dict[str, str] | None = None,
) -> alt.Chart:
    """Horizontal bars, one per category: long labels (template texts, companies) stay readable.
    `sort`: "-x" (longest first), a list of categories, or None for the frame's order. `colours` maps
    categories to fixed colours (statuses)."""
    cols = [category, value, *([colour] if colour else []), *[c for c, _ in extra_tooltip]]
    data = chart_frame(frame, list(dict.fromkeys(cols)))
    order: Any = sort if sort is None or isinstance(sort, str) else list(sort)
    longest = data.select(pl.col(category).cast(pl.String).str.len_chars().max()).item()
    long_labels = (longest or 0) > 30  # the axis title would collide
    enc: dict[str, Any] = {
        "y": alt.Y(
            f"{category}:N", title=None if long_labels else y_title, sort=order, axis=alt.Axis(labelLimit=320)
        ),
        "x": alt.X(f"{value}:Q", title=x_title, axis=count_axis(fmt=fmt), scale=_rate_scale(fmt, domain)),
        "tooltip": [
            alt.Tooltip(f"{category}:N", title=y_title),
            alt.Tooltip(f"{value}:Q", title=x_title, format=fmt),
            *[alt.Tooltip(f"{c}:Q" if c != colour else f"{c}:N", title=t) for c, t in extra_tooltip],
        ],
    }
    if colour:
        enc["color"] = alt.Color(f"{colour}:N", title=None)
    elif colours:
        enc["color"] = alt.Color(
            f"{category}:N", legend=None, scale=alt.Scale(domain=list(colours), range=list(colours.values()))
        )
    height = max(60, 24 * max(1, data[category].n_unique()))
    return (
        alt.Chart(data, title=chart_title(title, subtitle))
        .mark_bar()
        .encode(**enc)
        .properties(width=WIDTH - 200, height=height)
    )


def stacked_bars(
    frame: Frame,
    category: str,
    stack: str,
    value: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    stack_title: str,
    subtitle: str | None = None,
    stack_order: Sequence[str] | None = None,
    normalize: bool = False,
    colours: dict[str, str] | None = None,
) -> alt.Chart:
    """Horizontal bars split into coloured parts (e.g. note kinds per recipient group), stacked in the
    legend's order, with each bar's total in the tooltip."""
    data = with_order(chart_frame(frame, [category, stack, value]), stack, stack_order)
    data = data.with_columns(pl.col(value).sum().over(category).alias("_total"))
    x = alt.X(
        f"{value}:Q",
        title=x_title,
        stack="normalize" if normalize else True,
        axis=alt.Axis(format="%") if normalize else count_axis(),
        scale=alt.Scale(domain=[0, 1]) if normalize else alt.Undefined,
    )
    chart = (
        alt.Chart(data, title=chart_title(title, subtitle))
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", title=y_title, axis=alt.Axis(labelLimit=320)),
            x=x,
            color=alt.Color(
                f"{stack}:N",
                title=stack_title,
                scale=_colour_scale(colours, stack_order),
                sort=list(stack_order) if stack_order else alt.Undefined,
            ),
            order=alt.Order("_order:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip(f"{category}:N", title=y_title),
                alt.Tooltip(f"{stack}:N", title=stack_title),
                alt.Tooltip(f"{value}:Q", title="count", format=",d"),
                alt.Tooltip("_total:Q", title="of", format=",d"),
            ],
        )
    )
    return chart.properties(width=WIDTH - 200, height=max(60, 34 * max(1, data[category].n_unique())))


def stacked_over_time(
    frame: Frame,
    period: str,
    series: str | None,
    value: str,
    *,
    title: str,
    y_title: str,
    series_title: str = "",
    subtitle: str | None = None,
    time_unit: str = "yearmonth",
    series_order: Sequence[str] | None = None,
    colours: dict[str, str] | None = None,
    end: Any = None,
) -> alt.Chart:
    """Stacked bars per period (month by default): volume over time split by kind (`series`), or plain
    bars when `series` is None. `end` (the export date) closes the time axis."""
    data = chart_frame(frame, [period, value, *([series] if series else [])])
    x = alt.X(
        f"{time_unit}({period}):T",
        title=None,
        scale=_month_axis_scale(end),
        axis=alt.Axis(format="%b %Y", labelAngle=-40),
    )
    y = alt.Y(f"sum({value}):Q", title=y_title, axis=count_axis())
    if series is None:
        return (
            alt.Chart(data, title=chart_title(title, subtitle))
            .mark_bar()
            .encode(
                x=x,
                y=y,
                tooltip=[
                    alt.Tooltip(f"{time_unit}({period}):T", title="month", format="%B %Y"),
                    alt.Tooltip(f"sum({value}):Q", title=y_title, format=",d"),
                ],
            )
            .properties(width=WIDTH)
        )
    data = with_order(data, series, series_order)
    return (
        alt.Chart(data, title=chart_title(title, subtitle))
        .mark_bar()
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                f"{series}:N",
                title=series_title,
                scale=_colour_scale(colours, series_order),
                sort=list(series_order) if series_order else alt.Undefined,
            ),
            order=alt.Order("_order:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip(f"{time_unit}({period}):T", title="month", format="%B %Y"),
                alt.Tooltip(f"{series}:N", title=series_title),
                alt.Tooltip(f"sum({value}):Q", title=y_title, format=",d"),
            ],
        )
        .properties(width=WIDTH)
    )


def line_over_time(
    frame: Frame,
    period: str,
    value: str,
    *,
    title: str,
    y_title: str,
    series: str | None = None,
    series_title: str = "",
    subtitle: str | None = None,
    fmt: str = ",d",
    size: str | None = None,
    size_title: str = "n",
    time_unit: str | None = None,
    domain: tuple[float, float] | None = None,
    end: Any = None,
) -> alt.LayerChart | alt.Chart:
    """A line (or one line per series) over time, with points carrying the tooltip. A rate's axis runs
    0-100%; with `size` (the denominator) each point is sized by it and labelled "n=..." so a month
    with one invitation does not look like a month with 128."""
    cols = [period, value, *([series] if series else []), *([size] if size else [])]
    data = chart_frame(frame, cols)
    xfield = f"{time_unit}({period}):T" if time_unit else f"{period}:T"
    tooltip = [
        alt.Tooltip(xfield, title="period", format="%B %Y"),
        alt.Tooltip(f"{value}:Q", title=y_title, format=fmt),
    ]
    if series:
        tooltip.append(alt.Tooltip(f"{series}:N", title=series_title))
    if size:
        tooltip.append(alt.Tooltip(f"{size}:Q", title=size_title, format=",d"))
    enc: dict[str, Any] = {
        "x": alt.X(
            xfield, title=None, axis=alt.Axis(format="%b %Y", labelAngle=-40), scale=_month_axis_scale(end)
        ),
        "y": alt.Y(f"{value}:Q", title=y_title, axis=count_axis(fmt=fmt), scale=_rate_scale(fmt, domain)),
        "tooltip": tooltip,
    }
    if series:
        enc["color"] = alt.Color(f"{series}:N", title=series_title)
    base = alt.Chart(data)
    line = base.mark_line(point=not size).encode(**enc)
    if not size:
        return line.properties(width=WIDTH, title=chart_title(title, subtitle))
    points = base.mark_circle(opacity=0.9).encode(
        **enc,
        size=alt.Size(
            f"{size}:Q",
            title=size_title,
            scale=alt.Scale(range=[15, 300]),
            legend=alt.Legend(orient="bottom"),
        ),
    )
    labels = base.mark_text(dy=-16, fontSize=10, color="#555555").encode(
        x=enc["x"], y=enc["y"], text=alt.Text(f"{size}:Q", format=",d")
    )
    layered = alt.LayerChart(layer=[line, points, labels])
    return layered.properties(width=WIDTH, title=chart_title(title, subtitle))


TREND_COLOURS = ["#0072B2", "#56B4E9", "#CC79A7", "#4d4d4d", "#a6a6a6", "#7b3294", "#8c6d31", "#000000"]


def trend_lines(
    frame: Frame, when: str, value: str, series: str, *, title: str, subtitle: str | None = None
) -> alt.Chart:
    """Shares across exports: one point per export date on an ordinal axis (two exports give two labels,
    not a month axis with repeated ticks), 0-100%, labels in a legend that does not cut them."""
    data = chart_frame(frame, [when, value, series])
    data = data.with_columns(pl.col(when).cast(pl.Date).dt.strftime("%Y-%m-%d"))
    return (
        alt.Chart(data, title=chart_title(title, subtitle))
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{when}:O", title="export", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{value}:Q", title="share", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                f"{series}:N",
                title=None,
                scale=alt.Scale(range=TREND_COLOURS),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=360),
            ),
            tooltip=[
                alt.Tooltip(f"{series}:N", title="measure"),
                alt.Tooltip(f"{when}:O", title="export"),
                alt.Tooltip(f"{value}:Q", title="share", format=".0%"),
            ],
        )
        .properties(width=WIDTH - 200)
    )


def cumulative_area(
    frame: Frame,
    period: str,
    value: str,
    *,
    title: str,
    y_title: str,
    subtitle: str | None = None,
    end: Any = None,
) -> alt.Chart:
    """A running total over time (e.g. network size)."""
    data = chart_frame(frame, [period, value])
    return (
        alt.Chart(data, title=chart_title(title, subtitle))
        .mark_area(line={"color": PALETTE[0]}, color=PALETTE[4], opacity=0.5)
        .encode(
            x=alt.X(
                f"{period}:T",
                title=None,
                axis=alt.Axis(format="%b %Y", labelAngle=-40),
                scale=_month_axis_scale(end),
            ),
            y=alt.Y(f"{value}:Q", title=y_title, axis=count_axis()),
            tooltip=[
                alt.Tooltip(f"{period}:T", title="month", format="%B %Y"),
                alt.Tooltip(f"{value}:Q", title=y_title, format=",d"),
            ],
        )
        .properties(width=WIDTH)
    )


def heatmap(
    frame: Frame,
    *,
    x: str,
    y: str,
    value: str,
    title: str,
    x_title: str,
    y_title: str,
    value_title: str,
    subtitle: str | None = None,
    x_sort: Sequence[Any] | None = None,
    y_sort: Sequence[Any] | None = None,
) -> alt.Chart:
    """A count per cell of two ordinal axes (hour-of-day by weekday)."""
    data = chart_frame(frame, [x, y, value])
    return (
        alt.Chart(data, title=chart_title(title, subtitle))
        .mark_rect()
        .encode(
            x=alt.X(f"{x}:O", title=x_title, sort=list(x_sort) if x_sort is not None else "ascending"),
            y=alt.Y(f"{y}:O", title=y_title, sort=list(y_sort) if y_sort is not None else "ascending"),
            color=alt.Color(f"{value}:Q", title=value_title, scale=alt.Scale(scheme="blues")),
            tooltip=[
                alt.Tooltip(f"{y}:O", title=y_title),
                alt.Tooltip(f"{x}:O", title=x_title),
                alt.Tooltip(f"{value}:Q", title=value_title, format=",d"),
            ],
        )
        .properties(width=WIDTH - 80, height=200)
    )


def binned_histogram(
    frame: Frame,
    start: str,
    end: str,
    value: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    subtitle: str | None = None,
    colour: str | None = None,
    colours: dict[str, str] | None = None,
) -> alt.Chart:
    """A histogram whose bins were computed before charting (so any number of rows fits)."""
    cols = [start, end, value, *([colour] if colour else [])]
    data = chart_frame(frame, cols)
    enc: dict[str, Any] = {
        "x": alt.X(f"{start}:Q", title=x_title, bin="binned", scale=alt.Scale(domain=[0, 100])),
        "x2": alt.X2(f"{end}:Q"),
        "y": alt.Y(f"{value}:Q", title=y_title, stack=True, axis=count_axis()),
        "tooltip": [
            alt.Tooltip(f"{start}:Q", title="from"),
            alt.Tooltip(f"{end}:Q", title="to"),
            alt.Tooltip(f"{value}:Q", title=y_title, format=",d"),
        ],
    }
    if colour:
        present = set(data[colour].cast(pl.String).to_list())
        shown = {k: v for k, v in colours.items() if k in present} if colours else None
        enc["color"] = alt.Color(f"{colour}:N", title=None, scale=_colour_scale(shown, None))
        enc["tooltip"].append(alt.Tooltip(f"{colour}:N", title="group"))
    return (
        alt.Chart(data, title=chart_title(title, subtitle)).mark_bar().encode(**enc).properties(width=WIDTH)
    )


def step_curve(
    frame: Frame,
    x: str,
    y: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    series: str | None = None,
    subtitle: str | None = None,
    y_format: str = "%",
) -> alt.Chart:
    """A step function (Kaplan-Meier style survival or a cumulative share)."""
    data = chart_frame(frame, [x, y, *([series] if series else [])])
    enc: dict[str, Any] = {
        "x": alt.X(f"{x}:Q", title=x_title),
        "y": alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format), scale=alt.Scale(domain=[0, 1])),
        "tooltip": [
            alt.Tooltip(f"{x}:Q", title=x_title, format=",.1f"),
            alt.Tooltip(f"{y}:Q", title=y_title, format=".1%"),
        ],
    }
    if series:
        enc["color"] = alt.Color(f"{series}:N", title=None)
    return (
        alt.Chart(data, title=chart_title(title, subtitle))
        .mark_line(interpolate="step-after")
        .encode(**enc)
        .properties(width=WIDTH)
    )


def threshold_bars(
    frame: Frame,
    label: str,
    value: str,
    watch: str,
    high: str,
    *,
    title: str,
    x_title: str,
    subtitle: str | None = None,
) -> alt.LayerChart:
    """Measured values as bars with the watch and high thresholds as ticks, one row per measure.

    Bars are coloured by where the value falls, so the chart reads without the legend."""
    data = chart_frame(frame, [label, value, watch, high])
    levels = [
        "high" if v >= h else "watch" if v >= w else "ok"
        for v, w, h in zip(data[value], data[watch], data[high], strict=True)
    ]
    data = data.with_columns(pl.Series("level", levels, dtype=pl.String))
    base = alt.Chart(data, title=chart_title(title, subtitle)).encode(
        y=alt.Y(f"{label}:N", title=None, sort=None, axis=alt.Axis(labelLimit=320))
    )
    tooltip = [
        alt.Tooltip(f"{label}:N", title="measure"),
        alt.Tooltip(f"{value}:Q", title="measured"),
        alt.Tooltip(f"{watch}:Q", title="watch from"),
        alt.Tooltip(f"{high}:Q", title="high from"),
    ]
    bars = base.mark_bar().encode(
        x=alt.X(f"{value}:Q", title=x_title, axis=count_axis()),
        color=alt.Color(
            "level:N",
            title="level",
            scale=alt.Scale(
                domain=["ok", "watch", "high"], range=[STATUS_COLOURS[s] for s in ("ok", "watch", "high")]
            ),
        ),
        tooltip=tooltip,
    )
    # Ticks in grey (watch) and black (high), drawn over the bars so a bar past them never hides them.
    watch_tick = base.mark_tick(color="#777777", thickness=3, size=30).encode(
        x=alt.X(f"{watch}:Q"), tooltip=tooltip
    )
    high_tick = base.mark_tick(color="#000000", thickness=3, size=30).encode(
        x=alt.X(f"{high}:Q"), tooltip=tooltip
    )
    layered = alt.LayerChart(layer=[bars, watch_tick, high_tick])
    return layered.properties(width=WIDTH - 200, height=max(60, 34 * max(1, len(data))))
