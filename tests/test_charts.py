"""Chart builders, chart-ready aggregates and the HTML helpers, on hand-made frames and databases.

Every builder's spec is also rendered to SVG with vl-convert (no browser): a spec that Vega-Lite rejects,
or that draws no mark, fails here."""

from __future__ import annotations

import datetime as dt
import re

import altair as alt
import duckdb
import polars as pl
import pytest
import vl_convert
from model_fixtures import model_db

from linkedin_audit.config import load_thresholds
from linkedin_audit.report import chart_data as cd
from linkedin_audit.report import chart_frames as cf
from linkedin_audit.report import chart_style, charts, time_charts
from linkedin_audit.report import notebook_helpers as nh


def marks(chart: alt.TopLevelMixin) -> int:
    """How many drawn mark elements the chart's SVG holds (paths, rects, lines, symbols)."""
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    groups = re.findall(r'<g class="mark-[a-z]+ role-mark[^"]*"[^>]*>(.*?)</g>', svg, flags=re.S)
    return sum(len(re.findall(r"<(path|rect|line|circle)\b", g)) for g in groups)


def spec_values(chart: alt.TopLevelMixin) -> list[dict]:
    spec = chart.to_dict()
    return next(iter(spec["datasets"].values()))


# --- builders -------------------------------------------------------------------------------------------


def test_theme_is_active() -> None:
    assert alt.theme.active == chart_style.THEME
    config = alt.Chart(pl.DataFrame({"a": [1]}).to_pandas()).mark_point().encode(x="a:Q").to_dict()["config"]
    assert config["range"]["category"] == chart_style.PALETTE


def test_frames_over_the_row_limit_are_refused_not_truncated() -> None:
    big = pl.DataFrame(
        {"k": [str(i) for i in range(chart_style.MAX_ROWS + 1)], "n": [1] * (chart_style.MAX_ROWS + 1)}
    )
    with pytest.raises(chart_style.ChartDataError, match="aggregate"):
        charts.bar_chart(big, "k", "n", title="t", x_title="x", y_title="y")
    ok = big.head(chart_style.MAX_ROWS)
    chart = charts.bar_chart(ok, "k", "n", title="t", x_title="x", y_title="y")
    assert len(spec_values(chart)) == chart_style.MAX_ROWS


def test_missing_columns_are_named() -> None:
    with pytest.raises(chart_style.ChartDataError, match=r"\['n'\]"):
        charts.bar_chart(pl.DataFrame({"k": ["a"]}), "k", "n", title="t", x_title="x", y_title="y")


def test_bar_chart_carries_data_titles_and_tooltips() -> None:
    frame = pl.DataFrame({"company": ["Acme", "Globex", "Initech"], "n": [5, 3, 1]})
    chart = charts.bar_chart(
        frame, "company", "n", title="Most common companies", x_title="connections", y_title="company"
    )
    spec = chart.to_dict()
    assert spec["title"]["text"] == "Most common companies"
    assert spec["encoding"]["x"]["title"] == "connections"
    assert [t["field"] for t in spec["encoding"]["tooltip"]] == ["company", "n"]
    assert spec_values(chart) == [
        {"company": "Acme", "n": 5},
        {"company": "Globex", "n": 3},
        {"company": "Initech", "n": 1},
    ]
    assert marks(chart) == 3


def test_bar_chart_status_colours_and_order() -> None:
    frame = pl.DataFrame({"status": ["ok", "high"], "n": [4, 1]})
    chart = charts.bar_chart(
        frame,
        "status",
        "n",
        title="t",
        x_title="x",
        y_title="y",
        sort=["high", "ok"],
        colours=chart_style.STATUS_COLOURS,
    )
    enc = chart.to_dict()["encoding"]
    assert enc["y"]["sort"] == ["high", "ok"]
    assert enc["color"]["scale"]["range"][enc["color"]["scale"]["domain"].index("high")] == "#D55E00"
    assert marks(chart) == 2


def test_threshold_bars_colour_each_measure_by_its_level() -> None:
    frame = pl.DataFrame(
        {
            "measure": ["a", "b", "c", "d"],
            "value": [10.0, 20.0, 39.0, 40.0],
            "watch": [20.0] * 4,
            "high": [40.0] * 4,
        }
    )
    chart = charts.threshold_bars(frame, "measure", "value", "watch", "high", title="t", x_title="sent")
    levels = {row["measure"]: row["level"] for row in spec_values(chart)}
    assert levels == {"a": "ok", "b": "watch", "c": "watch", "d": "high"}  # watch and high are inclusive
    assert marks(chart) == 4 * 3  # a bar and two ticks per measure


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.stacked_bars(
            pl.DataFrame({"r": ["x", "x", "y"], "k": ["a", "b", "a"], "n": [1, 2, 3]}),
            "r",
            "k",
            "n",
            title="t",
            x_title="x",
            y_title="y",
            stack_title="s",
        ),
        lambda: time_charts.stacked_over_time(
            pl.DataFrame({"m": [dt.date(2025, 1, 1), dt.date(2025, 2, 1)], "s": ["a", "b"], "n": [1, 2]}),
            "m",
            "s",
            "n",
            title="t",
            y_title="y",
        ),
        lambda: time_charts.stacked_over_time(
            pl.DataFrame({"m": [dt.date(2025, 1, 1), dt.date(2025, 2, 1)], "n": [1, 2]}),
            "m",
            None,
            "n",
            title="t",
            y_title="y",
        ),
        lambda: time_charts.line_over_time(
            pl.DataFrame({"m": [dt.date(2025, 1, 1), dt.date(2025, 2, 1)], "r": [0.5, 0.25], "j": [4, 8]}),
            "m",
            "r",
            title="t",
            y_title="y",
            fmt=".0%",
            size="j",
            domain=(0, 1),
        ),
        lambda: time_charts.cumulative_area(
            pl.DataFrame({"m": [dt.date(2025, 1, 1), dt.date(2025, 2, 1)], "t": [3, 5]}),
            "m",
            "t",
            title="t",
            y_title="y",
        ),
        lambda: charts.heatmap(
            pl.DataFrame({"h": [0, 1], "d": ["Mon", "Tue"], "n": [1, 2]}),
            x="h",
            y="d",
            value="n",
            title="t",
            x_title="x",
            y_title="y",
            value_title="v",
        ),
        lambda: charts.binned_histogram(
            pl.DataFrame({"s": [0.0, 5.0], "e": [5.0, 10.0], "n": [3, 1], "c": ["never", "weak"]}),
            "s",
            "e",
            "n",
            colour="c",
            title="t",
            x_title="x",
            y_title="y",
        ),
        lambda: charts.step_curve(
            pl.DataFrame({"d": [0.0, 1.0, 2.0], "p": [0.0, 0.5, 0.75]}),
            "d",
            "p",
            title="t",
            x_title="x",
            y_title="y",
        ),
    ],
)
def test_every_builder_renders_marks(build) -> None:  # type: ignore[no-untyped-def]
    chart = build()
    assert chart.to_dict()["title"]["text"] == "t"
    assert marks(chart) > 0


# --- chart-ready aggregates -----------------------------------------------------------------------------


def _db() -> duckdb.DuckDBPyConnection:
    t = dt.datetime
    return model_db(
        connections=[
            {
                "person_id": 2,
                "name": "A",
                "company": "Acme",
                "position": "Engineer",
                "connected_on": dt.date(2025, 1, 3),
            },
            {
                "person_id": 3,
                "name": "B",
                "company": " acme ",
                "position": "engineer",
                "connected_on": dt.date(2025, 1, 20),
            },
            {
                "person_id": 4,
                "name": "C",
                "company": "ACME",
                "position": "Manager",
                "connected_on": dt.date(2025, 3, 1),
            },
            {
                "person_id": 5,
                "name": "D",
                "company": "Globex",
                "position": None,
                "connected_on": None,
                "is_hidden": True,
            },
        ],
        messages=[  # 2025-01-06 is a Monday
            {"message_id": 1, "conversation_id": "c", "sent_at": t(2025, 1, 6, 9, 30), "is_from_me": True},
            {"message_id": 2, "conversation_id": "c", "sent_at": t(2025, 1, 6, 9, 59), "is_from_me": True},
            {"message_id": 3, "conversation_id": "c", "sent_at": t(2025, 1, 12, 23, 0), "is_from_me": True},
            {"message_id": 4, "conversation_id": "c", "sent_at": t(2025, 1, 7, 9, 0), "is_from_me": False},
            {
                "message_id": 5,
                "conversation_id": "c",
                "sent_at": t(2025, 1, 7, 9, 0),
                "is_from_me": True,
                "is_draft": True,
            },
        ],
    )


def test_hour_weekday_counts_every_cell_in_the_owners_clock() -> None:
    con = _db()
    con.execute(
        "CREATE TABLE owner_clock AS SELECT NULL::VARCHAR AS zone, NULL::BIGINT AS inferred_offset_hours, "
        "'UTC' AS utc_offsets, 'uncertain' AS source, 0.0 AS confidence, '' AS reason"
    )
    grid = cd.hour_weekday(con)
    assert grid.height == 7 * 24 and int(grid["n"].sum()) == 3  # sent, not drafts, not received
    cell = {(w, h): n for w, h, n in grid.iter_rows()}
    assert cell[("Mon", 9)] == 2 and cell[("Sun", 23)] == 1
    con.execute("UPDATE owner_clock SET inferred_offset_hours = 2, source = 'inferred'")
    shifted = {(w, h): n for w, h, n in cd.hour_weekday(con).iter_rows()}
    assert shifted[("Mon", 11)] == 2 and shifted[("Mon", 1)] == 1  # Sunday 23:00 UTC is Monday 01:00
    con.execute("UPDATE owner_clock SET inferred_offset_hours = NULL, zone = 'Asia/Kolkata'")
    india = {(w, h): n for w, h, n in cd.hour_weekday(con).iter_rows()}
    assert india[("Mon", 15)] == 2 and india[("Mon", 4)] == 1  # 09:30 -> 15:00, Sun 23:00 -> Mon 04:30


def test_growth_and_top_values() -> None:
    con = _db()
    growth = cd.connections_by_month(con)
    assert growth.rows() == [(dt.date(2025, 1, 1), 2, 2), (dt.date(2025, 3, 1), 1, 3)]
    top = cd.top_values(con, "company")
    assert top["n"].to_list() == [3, 1]  # " acme " and "ACME" merge with "Acme"
    assert top["value"][1] == "Globex"
    assert cd.distinct_count(con, "position") == 2
    assert cd.hidden_connection_count(con) == 1
    with pytest.raises(duckdb.CatalogException):
        con.execute("SELECT * FROM audit_summary")
    assert cd.summary(con) is None and cd.risk(con) is None and cd.relation(con, "tie_strength") is None


def test_rolling_vs_thresholds_and_the_heat_map_offset() -> None:
    con = _db()
    con.execute("CREATE TABLE audit_summary (metric VARCHAR, value DOUBLE, status VARCHAR, detail VARCHAR)")
    con.execute(
        "INSERT INTO audit_summary VALUES ('max_invites_24h', 25, 'watch', 'x'), "
        "('max_messages_1h', NULL, 'not_enough_data', 'y'), ('reply_rate', 0.1, 'high', 'z'), "
        "('night_send_share', 0.1, 'info', '3 of 30 sent messages, inferred offset UTC-5')"
    )
    con.execute(
        "CREATE TABLE risk_checklist (trigger VARCHAR, value DOUBLE, status VARCHAR, evidence VARCHAR)"
    )
    con.execute("INSERT INTO risk_checklist VALUES ('a trigger', 1, 'ok', 'e')")
    rolling = cd.rolling_vs_thresholds(con, load_thresholds())
    band = load_thresholds().band("invites_24h")
    assert rolling.rows() == [("invitations in any 24 h", 25.0, band.watch, band.high)]
    summary = cd.summary(con)
    assert summary is not None
    assert cf.status_counts(summary)["status"].to_list() == ["high", "watch", "info", "not_enough_data"]


def test_km_for_chart_is_thinned_and_keeps_its_ends() -> None:
    n = 3000
    curve = pl.DataFrame(
        {
            "time_s": [i * 600.0 for i in range(1, n + 1)],
            "survival": [1 - i / (n + 1) for i in range(1, n + 1)],
        }
    )
    out = cf.km_for_chart(curve, max_days=60, max_points=100)
    assert out.height <= 102
    assert out.row(0) == (0.0, 0.0)
    assert out["days"].is_sorted() and out["replied_share"].is_sorted()
    assert out["days"][-1] == pytest.approx(min(60.0, n * 600 / 86400))
    kept = curve.filter(pl.col("time_s") / 86400 <= 60)
    assert out["replied_share"][-1] == pytest.approx(1 - kept["survival"][-1])


def test_score_histogram_and_classes() -> None:
    ties = pl.DataFrame(
        {
            "score": [0.0, 0.0, 4.99, 5.0, 99.0, 100.0],
            "tie_class": ["never", "never", "weak", "weak", "strong", "strong"],
        }
    )
    hist = cf.score_histogram(ties)
    assert hist.rows() == [
        (0.0, "never", 2, 5.0),
        (0.0, "weak", 1, 5.0),
        (5.0, "weak", 1, 10.0),
        (95.0, "strong", 2, 100.0),
    ]
    assert cf.tie_class_counts(ties).rows() == [("strong", 2), ("weak", 2), ("dormant", 0), ("never", 2)]


# --- text into HTML -------------------------------------------------------------------------------------


def test_table_escapes_caps_and_counts_hidden_rows() -> None:
    frame = pl.DataFrame(
        {
            "name": ['<b onmouseover="x">Eve</b>'] * 3,
            "share": [0.25, None, 1.0],
            "status": ["high", "ok", "watch"],
        }
    )
    markup = nh.table(frame, percent=["share"], max_rows=2).markup
    assert "<b onmouseover" not in markup and "&lt;b onmouseover=&quot;x&quot;&gt;" in markup
    assert "25%" in markup and "la-null" in markup  # one format for shares: metric_catalog.format_share
    assert "(first 2 of 3 rows)" in markup
    assert markup.count("<tr>") == 3  # header + 2


def test_redact_replaces_pii_columns_with_stable_pseudonyms() -> None:
    frame = pl.DataFrame({"name": ["Jane Roe", "jane roe ", "John Doe"], "company": ["Acme"] * 3})
    page = nh.Page.of(duckdb.connect(), redact=True, redact_key="k")  # as a notebook's parameters make it
    markup = page.table(frame, pii=["name"]).markup
    # a company next to a pseudonym would identify the person: redaction drops it
    assert "Jane" not in markup and "John" not in markup and "Acme" not in markup
    names = re.findall(r"person-[0-9a-f]{6}", markup)
    assert len(names) == 3 and names[0] == names[1] != names[2]


def test_notes_and_facts_escape() -> None:
    assert "&lt;script&gt;" in nh.note("<script>x</script>").markup
    assert "&lt;i&gt;" in nh.facts([("<i>", "v")]).markup
    assert "la-note-missing" in nh.not_enough("reply rates", 3, 10).markup


def test_show_switches_on_report_mode() -> None:
    chart = charts.bar_chart(
        pl.DataFrame({"k": ["a"], "n": [1]}), "k", "n", title="t", x_title="x", y_title="y"
    )
    lab = nh.Page().show(chart)  # the parameters' default: report = False, as in JupyterLab
    assert isinstance(lab, nh.LabChart)
    bundle = lab._repr_mimebundle_()
    assert bundle[nh.VEGALITE_MIME]["$schema"].endswith("/v5.json"), "the MIME type JupyterLab 4 renders"
    assert bundle[nh.VEGALITE_MIME]["encoding"]["tooltip"], "hovering shows values in Lab too"
    assert bundle["text/plain"] == "<chart: t>"
    shown = nh.Page(report=True).show(chart)
    assert isinstance(shown, nh.HTML) and 'class="la-spec"' in shown.markup
    assert isinstance(nh.Page(report=True).chart_if(False, lambda: chart, "why not"), nh.HTML)


def test_the_heat_map_says_which_clock_it_used_and_why() -> None:
    """owner_clock's source becomes the heat map's subtitle: the profile's zone, an inference with its
    confidence, or UTC when the clock is uncertain."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE owner_clock (zone VARCHAR, inferred_offset_hours INTEGER, utc_offsets VARCHAR, "
        "source VARCHAR, confidence DOUBLE, reason VARCHAR)"
    )
    con.execute(
        "INSERT INTO owner_clock VALUES ('Asia/Kolkata', NULL, 'UTC+5:30', 'profile_location', 1, '')"
    )
    assert cd.clock_subtitle(con) == (
        "local time in Asia/Kolkata (UTC+5:30), from your profile's location today, applied to all years"
    )
    con.execute(
        "UPDATE owner_clock SET zone = NULL, source = 'inferred', confidence = 0.8, utc_offsets = 'UTC-5'"
    )
    assert cd.clock_subtitle(con) == "local time UTC-5, inferred from when you send (confidence 80%)"
    con.execute("UPDATE owner_clock SET source = 'uncertain'")
    assert "uncertain" in cd.clock_subtitle(con) and "UTC" in cd.clock_subtitle(con)
