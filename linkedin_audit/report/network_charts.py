"""Altair charts of what the network is made of and where the member knows people (chart_style.py's theme
and conventions: small aggregated frames in, a chart out, no SQL and no I/O). Frames come from
`linkedin_audit.network.reach`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import polars as pl

from linkedin_audit.network.reach import TALK_ORDER
from linkedin_audit.report.chart_style import WIDTH, Frame, chart_frame, chart_title, count_axis, with_order

TALK_COLOURS = {"talked to": "#0072B2", "never talked to": "#4d4d4d"}
"""Blue for people the member talked to, the `never` tie's dark grey for the rest (charts.TIE_COLOURS)."""


def _talk_colour() -> alt.Color:
    return alt.Color(
        "talk:N",
        title=None,
        scale=alt.Scale(domain=list(TALK_ORDER), range=[TALK_COLOURS[k] for k in TALK_ORDER]),
        sort=list(TALK_ORDER),
    )


def _totals(data: pl.DataFrame, category: str) -> pl.DataFrame:
    talked = pl.when(pl.col("talk") == TALK_ORDER[0]).then(pl.col("n")).otherwise(0)
    data = data.with_columns(
        pl.col("n").sum().over(category).alias("_total"), talked.sum().over(category).alias("_talked")
    )
    return data.with_columns((pl.col("_talked") / pl.col("_total")).alias("_share"))


def _tooltip(category: str, label: str, kind: str = "N") -> list[alt.Tooltip]:
    return [
        alt.Tooltip(f"{category}:{kind}", title=label),
        alt.Tooltip("talk:N", title="part"),
        alt.Tooltip("n:Q", title="connections", format=",d"),
        alt.Tooltip("_total:Q", title="of", format=",d"),
        alt.Tooltip("_share:Q", title="talked to", format=".0%"),
    ]


def segment_bars(
    frame: Frame,
    category: str,
    *,
    order: Sequence[str],
    title: str,
    y_title: str,
    subtitle: str | None = None,
) -> alt.Chart:
    """Horizontal bars, one per segment (seniority, function), in `order`, each split into the connections
    the member talked to and those never talked to; the tooltip gives the share talked to."""
    data = _totals(with_order(chart_frame(frame, [category, "talk", "n"]), "talk", TALK_ORDER), category)
    return (
        alt.Chart(data, title=chart_title(title, subtitle))
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", title=y_title, sort=list(order), axis=alt.Axis(labelLimit=320)),
            x=alt.X("n:Q", title="connections", stack=True, axis=count_axis()),
            color=_talk_colour(),
            order=alt.Order("_order:Q", sort="ascending"),
            tooltip=_tooltip(category, y_title),
        )
        .properties(width=WIDTH - 200, height=max(60, 26 * max(1, len(order))))
    )


def year_bars(frame: Frame, year: str, *, title: str, subtitle: str | None = None) -> alt.Chart:
    """Vertical bars per year connected, split into talked to / never talked to."""
    data = _totals(with_order(chart_frame(frame, [year, "talk", "n"]), "talk", TALK_ORDER), year)
    data = data.with_columns(pl.col(year).cast(pl.Int64).cast(pl.String))
    return (
        alt.Chart(data, title=chart_title(title, subtitle))
        .mark_bar()
        .encode(
            x=alt.X(f"{year}:O", title="year connected", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("n:Q", title="connections", stack=True, axis=count_axis()),
            color=_talk_colour(),
            order=alt.Order("_order:Q", sort="ascending"),
            tooltip=_tooltip(year, "year connected"),
        )
        .properties(width=WIDTH)
    )


def company_bars(frame: Frame, *, title: str, subtitle: str | None = None) -> alt.Chart:
    """The employers with the most connections (merged spellings count as one), largest first, each split
    into talked to / never talked to. `frame`: reach.companies (employer, connections, talked_to)."""
    data = chart_frame(frame, ["employer", "connections", "talked_to"])
    order = data["employer"].to_list()
    long: list[dict[str, Any]] = []
    for row in data.iter_rows(named=True):
        long.append({"employer": row["employer"], "talk": TALK_ORDER[0], "n": int(row["talked_to"])})
        long.append(
            {
                "employer": row["employer"],
                "talk": TALK_ORDER[1],
                "n": int(row["connections"] - row["talked_to"]),
            }
        )
    return segment_bars(
        pl.DataFrame(long, schema={"employer": pl.String, "talk": pl.String, "n": pl.Int64}),
        "employer",
        order=order,
        title=title,
        y_title="employer",
        subtitle=subtitle,
    )
