"""Altair chart builders for the notebooks and the report: bars, stacks, heat maps, histograms and curves
(charts over months are in time_charts.py; the theme, palette and frame checks in chart_style.py).

Builders take small, already aggregated frames (polars or pandas) and return Altair charts. They do no SQL
and no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import polars as pl

from linkedin_audit.report.chart_style import (
    STATUS_COLOURS,
    WIDTH,
    Frame,
    chart_frame,
    chart_title,
    colour_scale,
    count_axis,
    rate_scale,
    with_order,
)

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
        "x": alt.X(f"{value}:Q", title=x_title, axis=count_axis(fmt=fmt), scale=rate_scale(fmt, domain)),
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
                scale=colour_scale(colours, stack_order),
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
        enc["color"] = alt.Color(f"{colour}:N", title=None, scale=colour_scale(shown, None))
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
