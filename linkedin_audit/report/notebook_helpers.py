"""What the notebooks display, and the single place where text becomes HTML.

Other people wrote much of the export's text (names, notes, messages), so nothing from the data may reach
the report as markup: every value goes through `escape` here (tables, notes, headline lists), and charts are
embedded as JSON that the page script hands to vega (which draws text as text). Notebooks never build HTML
themselves. What depends on how the notebook runs (redacted or not, for the report's page or for JupyterLab)
comes from its parameters cell, which `linkedin-audit report` fills in (render.py, parameters.py): the setup
cell makes a `Page` of them, and the notebook shows tables and charts through it."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
import duckdb
import polars as pl

from linkedin_audit.config import DB_ENV, DEFAULT_DB
from linkedin_audit.errors import UserError
from linkedin_audit.ingest.database import READ_ONLY_LOCKDOWN
from linkedin_audit.metric_catalog import format_share
from linkedin_audit.report.locate import find_db
from linkedin_audit.report.redaction import Redaction

NO_REDACTION = Redaction()
MAX_TABLE_ROWS = 50
STATUS_LABELS = {
    "ok": "fine",
    "watch": "watch",
    "high": "high",
    "info": "context",
    "not_enough_data": "too little data",
}


def db_path(parameter: str | Path | None = None) -> Path:
    """The database a notebook reads: its `db` parameter, else $LINKEDIN_AUDIT_DB, else the last ingest's
    database, else data/linkedin.duckdb found walking up from the notebook's folder (see locate.py)."""
    return find_db(parameter).path


def connect(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the audit database read-only: a notebook must never change it (nor lock out an ingest)."""
    found = find_db(path)
    if not found.path.exists():
        if found.path == DEFAULT_DB:  # nothing matched: say what was tried
            raise UserError(
                f"no database found ({found.how}): run `linkedin-audit ingest EXPORT` first, "
                f"or set {DB_ENV} or the notebook's db parameter"
            )
        raise UserError(
            f"no database at {found.path} (from {found.how}): run `linkedin-audit ingest "
            f"EXPORT --db {found.path}` first"
        )
    return duckdb.connect(str(found.path), read_only=True, config=READ_ONLY_LOCKDOWN)


def escape(value: Any) -> str:
    """Any value as HTML-safe text (quotes included, so it is safe in attributes too)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return html.escape(f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}", quote=True)
    if isinstance(value, dt.datetime):
        return html.escape(value.strftime("%Y-%m-%d %H:%M"), quote=True)
    return html.escape(str(value), quote=True)


class HTML:
    """An HTML fragment already built from escaped text; displays as such in Jupyter and nbconvert."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def note(text: str, kind: str = "missing") -> HTML:
    """A short boxed sentence, e.g. why a chart is not drawn ("not enough data ...")."""
    return HTML(f'<div class="la-note la-note-{escape(kind)}"><p>{escape(text)}</p></div>')


def not_enough(what: str, have: int, need: int) -> HTML:
    """The standard "too little data" note: says what is missing and how much would be enough."""
    return note(
        f"Not enough data for {what}: the export has {have:,}, and at least {need:,} are needed "
        "for a number that means something. Nothing is drawn rather than a misleading chart."
    )


def facts(items: Iterable[tuple[str, Any]]) -> HTML:
    """A definition list of label: value pairs (export dates, counts)."""
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in items)
    return HTML(f'<dl class="la-facts">{rows}</dl>')


def _cls(value: Any) -> str:
    """Numbers and dates never wrap inside their cell."""
    keep = isinstance(value, int | float | dt.date) and not isinstance(value, bool)
    return ' class="la-num"' if keep else ""


_PROFILE = re.compile(r"^https://([a-z]{2,3}\.)?(www\.)?linkedin\.com/")


def _fmt(value: Any, column: str, percent: Sequence[str]) -> str:
    if value is None:
        return '<span class="la-null">&mdash;</span>'
    if column in percent and isinstance(value, int | float):
        return escape(format_share(float(value)))
    if column == "status":
        label = escape(STATUS_LABELS.get(str(value), str(value).replace("_", " ")))
        return f'<span class="la-status la-status-{escape(value)}">{label}</span>'
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return escape(f"{value:,}")
    return escape(value)


def _sort_key(value: Any) -> str:
    """The raw value a column sorts by in the page (numbers and dates sort as such, not as text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _cell(
    value: Any, column: str, percent: Sequence[str], href: str | None = None, sortable: bool = False
) -> str:
    text = _fmt(value, column, percent)
    if href and value is not None and _PROFILE.match(href):
        text = f'<a href="{escape(href)}" rel="noopener noreferrer" target="_blank">{text}</a>'
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    attrs = _cls(value)
    if sortable:
        attrs += f' data-v="{escape(_sort_key(value))}"'
        if numeric:
            attrs += ' data-num="1"'
    return f"<td{attrs}>{text}</td>"


def _with_more(cell: str, more: str | None) -> str:
    """A cell with `more` inside it behind a closed `<details>` (nothing added when there is no more)."""
    if not more:
        return cell
    return f'{cell[:-5]}<details class="la-details"><summary>more</summary>{escape(more)}</details></td>'


def _prepare(
    frame: pl.DataFrame, pii: Sequence[str], link: dict[str, str] | None, redaction: Redaction
) -> tuple[pl.DataFrame, dict[str, list[str | None]]]:
    """Redact (under --redact) and take the link columns out of the shown frame."""
    link = link or {}
    hrefs: dict[str, list[str | None]] = {}
    if redaction.on:
        frame = redaction.frame(frame, pii)
    else:
        for col, url_col in link.items():
            if col in frame.columns and url_col in frame.columns:
                hrefs[col] = frame[url_col].to_list()
    return frame.drop([u for u in link.values() if u in frame.columns]), hrefs


def table(
    frame: pl.DataFrame,
    *,
    caption: str | None = None,
    percent: Sequence[str] = (),
    pii: Sequence[str] = (),
    max_rows: int = MAX_TABLE_ROWS,
    labels: dict[str, str] | None = None,
    link: dict[str, str] | None = None,
    redaction: Redaction = NO_REDACTION,
    more: dict[str, str] | None = None,
) -> HTML:
    """A frame as an escaped HTML table. When `redaction` is on, `pii` columns become pseudonyms and the rest
    is redacted as redaction.py says; `link` maps a column to the column holding its profile URL (linked in
    unredacted reports only); `more` maps a column to a column shown inside its cell behind a "more"
    `<details>` (the checklist's further evidence). Rows past `max_rows` are counted in the caption, never
    dropped silently."""
    labels = labels or {}
    shown, hrefs = _prepare(frame.head(max_rows), pii, link, redaction)
    hidden = {col: shown[src].to_list() for col, src in (more or {}).items() if src in shown.columns}
    shown = shown.drop([src for src in (more or {}).values() if src in shown.columns])
    head = "".join(f"<th>{escape(labels.get(c, c.replace('_', ' ')))}</th>" for c in shown.columns)
    body = "".join(
        "<tr>"
        + "".join(
            _with_more(
                _cell(v, c, percent, hrefs[c][i] if c in hrefs else None),
                hidden[c][i] if c in hidden else None,
            )
            for c, v in zip(shown.columns, row, strict=True)
        )
        + "</tr>"
        for i, row in enumerate(shown.iter_rows())
    )
    cap = caption or ""
    if frame.height > max_rows:
        cap = f"{cap} (first {max_rows:,} of {frame.height:,} rows)".strip()
    cap_html = f"<caption>{escape(cap)}</caption>" if cap else ""
    return HTML(
        f'<div class="la-scroll"><table class="la-table">{cap_html}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def action_table(
    frame: pl.DataFrame | None,
    anchor: str,
    filename: str,
    *,
    missing: str,
    caption: str | None = None,
    percent: Sequence[str] = (),
    pii: Sequence[str] = (),
    labels: dict[str, str] | None = None,
    link: dict[str, str] | None = None,
    redaction: Redaction = NO_REDACTION,
    report: bool = False,
) -> HTML:
    """A complete action list: every row, sortable by any column, filterable, and downloadable as a
    formula-safe CSV made in the page (the page script in templates/page.html.j2 wires it up; in Lab,
    `report` False, the list brings its own)."""
    if frame is None or frame.height == 0:
        return HTML(f'<div id="{escape(anchor)}">{note(missing)}</div>')
    labels = labels or {}
    shown, hrefs = _prepare(frame, pii, link, redaction)
    head = "".join(
        f'<th scope="col" data-col="{escape(c)}"><button type="button">'
        f"{escape(labels.get(c, c.replace('_', ' ')))}</button></th>"
        for c in shown.columns
    )
    body = "".join(
        "<tr>"
        + "".join(
            _cell(v, c, percent, hrefs[c][i] if c in hrefs else None, sortable=True)
            for c, v in zip(shown.columns, row, strict=True)
        )
        + "</tr>"
        for i, row in enumerate(shown.iter_rows())
    )
    n = frame.height
    cap_html = f"<caption>{escape(caption)}</caption>" if caption else ""
    return HTML(
        _lab_style(report) + f'<div class="la-list" id="{escape(anchor)}" data-filename="{escape(filename)}">'
        f'<div class="la-tools"><input type="search" class="la-filter" placeholder="Filter these rows" '
        f'aria-label="Filter these rows"> <span class="la-count" data-total="{n}">{n:,} rows</span> '
        f'<a class="la-csv" href="#" download="{escape(filename)}">Download CSV</a></div>'
        f'<div class="la-scroll la-scroll-tall"><table class="la-table la-sortable">{cap_html}'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div>" + _lab_script(report)
    )


def _lab_asset(name: str) -> str:
    from importlib import resources

    return resources.files("linkedin_audit.report").joinpath("templates", name).read_text(encoding="utf-8")


def _lab_style(report: bool) -> str:
    """In JupyterLab (not the report, whose page has them once), each list brings its own style and the
    page's own list script (templates/la_lists.*): Lab runs the script of an output it trusts, i.e. one the
    user's kernel just produced, so the list sorts, filters and downloads there too, with no extension."""
    return "" if report else f"<style>{_lab_asset('la_lists.css')}</style>"


def _lab_script(report: bool) -> str:
    return "" if report else f"<script>{_lab_asset('la_lists.js')}</script>"


def spec_json(chart: alt.TopLevelMixin) -> str:
    """A chart's Vega-Lite spec as JSON that is safe inside a <script> element (no `<`, `>`, `&`)."""
    text = json.dumps(chart.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def chart_html(chart: alt.TopLevelMixin) -> HTML:
    """The report's chart placeholder: a div plus its spec as inert JSON. The page's one script (see
    templates/page.html.j2) draws every placeholder with the inlined vega bundle."""
    return HTML(
        f'<div class="la-chart"></div><script type="application/json" class="la-spec">'
        f"{spec_json(chart)}</script>"
    )


VEGALITE_MIME = "application/vnd.vegalite.v5+json"
VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


class LabChart:
    """A chart as JupyterLab's built-in Vega-Lite renderer takes it: interactive (tooltips on hover) with no
    extension, no CDN and no script in the notebook. Lab 4 renders the `v5+json` MIME type with its own
    vega-lite 5, and altair 6 writes v6 specs under `vnd.vegalite.v6.json`, which Lab does not know: so the
    spec goes under the v5 type, marked v5 (the charts here use nothing v6 added)."""

    def __init__(self, chart: alt.TopLevelMixin) -> None:
        self.chart = chart

    def spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = self.chart.to_dict()
        spec["$schema"] = VEGALITE_SCHEMA
        return spec

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        title = self.chart.to_dict().get("title")
        text = title.get("text") if isinstance(title, dict) else title
        return {VEGALITE_MIME: self.spec(), "text/plain": f"<chart: {text or 'untitled'}>"}


def show(chart: alt.TopLevelMixin, report: bool = False) -> HTML | LabChart:
    """Display a chart: interactive offline HTML in the report, Lab's own interactive renderer in Lab."""
    return chart_html(chart) if report else LabChart(chart)


def chart_if(enough: bool, build: Callable[[], alt.TopLevelMixin], missing: str, report: bool = False) -> Any:
    """Draw the chart `build()` makes when there is enough data, else say in words why there is none."""
    return show(build(), report) if enough else note(missing)


def table_if(frame: pl.DataFrame | None, missing: str, **options: Any) -> HTML:
    """A table when the frame has rows, else a note saying why it is empty."""
    if frame is None or frame.height == 0:
        return note(missing)
    return table(frame, **options)


@dataclass(frozen=True)
class Page:
    """How one notebook shows data, as its parameters cell says: `redaction` (off, or on with the report's
    key) and `report` (True: for the report's offline page; False: for JupyterLab). A notebook's setup cell
    makes one, `page = nh.Page.of(con, redact, redact_key, report)`, and shows tables and charts with it."""

    redaction: Redaction = NO_REDACTION
    report: bool = False

    @classmethod
    def of(
        cls,
        con: duckdb.DuckDBPyConnection,
        redact: bool = False,
        redact_key: str | None = None,
        report: bool = False,
    ) -> Page:
        return cls(Redaction.of(con, redact, redact_key), report)

    def table(self, frame: pl.DataFrame, **options: Any) -> HTML:
        return table(frame, redaction=self.redaction, **options)

    def table_if(self, frame: pl.DataFrame | None, missing: str, **options: Any) -> HTML:
        return table_if(frame, missing, redaction=self.redaction, **options)

    def action_table(self, frame: pl.DataFrame | None, anchor: str, filename: str, **options: Any) -> HTML:
        return action_table(frame, anchor, filename, redaction=self.redaction, report=self.report, **options)

    def show(self, chart: alt.TopLevelMixin) -> HTML | LabChart:
        return show(chart, self.report)

    def chart_if(self, enough: bool, build: Callable[[], alt.TopLevelMixin], missing: str) -> Any:
        return chart_if(enough, build, missing, self.report)
