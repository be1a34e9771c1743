"""Altair chart builders over months and export dates: stacked counts, a rate with its sample size, the
headline shares across exports, a cumulative total (chart_style.py's theme and checks; month axes end at
the export date)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import polars as pl

from linkedin_audit.report.chart_style import (
    PALETTE,
    WIDTH,
    Frame,
    chart_frame,
    chart_title,
    colour_scale,
    count_axis,
    month_axis_scale,
    rate_scale,
    with_order,
)


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
        scale=month_axis_scale(end),
        axis=alt.Axis(format="%b %Y", labelAngle=-40),
    )
    y = alt.Y(f"sum({value}):Q", title=y_title, axis=count_axis())
    month = alt.Tooltip(f"{time_unit}({period}):T", title="month", format="%B %Y")
    total = alt.Tooltip(f"sum({value}):Q", title=y_title, format=",d")
    by_series: dict[str, Any] = {}
    if series is not None:  # plain bars without it
        data = with_order(data, series, series_order)
        by_series = {
            "color": alt.Color(
                f"{series}:N",
                title=series_title,
                scale=colour_scale(colours, series_order),
                sort=list(series_order) if series_order else alt.Undefined,
            ),
            "order": alt.Order("_order:Q", sort="ascending"),
        }
    tooltip = [month, alt.Tooltip(f"{series}:N", title=series_title), total] if series else [month, total]
    return (
        alt.Chart(data, title=chart_title(title, subtitle))
        .mark_bar()
        .encode(x=x, y=y, tooltip=tooltip, **by_series)
        .properties(width=WIDTH)
    )


LONG_LABEL = 20
"""A legend entry longer than this (characters) is not put beside another: two columns would cut it."""


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
            xfield, title=None, axis=alt.Axis(format="%b %Y", labelAngle=-40), scale=month_axis_scale(end)
        ),
        "y": alt.Y(f"{value}:Q", title=y_title, axis=count_axis(fmt=fmt), scale=rate_scale(fmt, domain)),
        "tooltip": tooltip,
    }
    if series:
        # a long series name gets a row of its own, never cut short ("ask: invitations and cold fir...")
        longest = max((len(str(v)) for v in data[series].unique().to_list() if v is not None), default=0)
        legend = alt.Legend(columns=1, labelLimit=0) if longest > LONG_LABEL else alt.Undefined
        enc["color"] = alt.Color(f"{series}:N", title=series_title, legend=legend)
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
                scale=month_axis_scale(end),
            ),
            y=alt.Y(f"{value}:Q", title=y_title, axis=count_axis()),
            tooltip=[
                alt.Tooltip(f"{period}:T", title="month", format="%B %Y"),
                alt.Tooltip(f"{value}:Q", title=y_title, format=",d"),
            ],
        )
        .properties(width=WIDTH)
    )
