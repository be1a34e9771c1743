"""What each headline number means, in one place: label, meaning, unit, better direction, thresholds.

The entries are data, in metric_catalog.toml next to this module (shipped with the package); this module
loads them once, checks every entry (a known unit and anchor, a thresholds band that exists and points the
way `better` says, each id once: a mistake names the metric) and formats values and sentences.

Why a registry: the report, `status`, the CLI and docs/metrics.md must say the same thing about every row of
`audit_summary`. Readers see the plain label and the sentence; the metric id stays for SQL users (a
`<code>` in a details panel, the appendix). A test fails when `audit_summary` holds a metric missing here,
and another when docs/metrics.md's generated list differs from `markdown_list()`.
Run `python -m linkedin_audit.metric_catalog` to print that list."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from linkedin_audit.config import Band, load_thresholds

# Units and how each is displayed: one format for shares throughout the report.
UNITS = ("share", "count", "hours", "ratio", "rate")
STATUS_WORDS = {
    "high": "high: past the level practitioners warn about",
    "watch": "worth watching: near the warning level",
    "ok": "fine",
    "info": "for context (no threshold)",
    "not_enough_data": "too little data to say",
}
STATUS_RANK = {"high": 0, "watch": 1, "ok": 2, "info": 3, "not_enough_data": 4}


@dataclass(frozen=True)
class MetricInfo:
    """One headline metric. `sentence` reads with `{value}` filled in by `format_value`; `better` is
    "lower", "higher" or None (neither: context only); `thresholds` names a band of thresholds.toml;
    `anchor` is the section of docs/metrics.md that defines it; `priority` orders findings of equal status
    (smaller first)."""

    metric: str
    label: str
    meaning: str
    sentence: str
    unit: str
    better: str | None
    thresholds: str | None
    anchor: str
    priority: int = 50


CATALOG_FILE = "metric_catalog.toml"
"""The catalog's data, shipped with the package next to thresholds.toml."""

FIELDS = ("id", "label", "meaning", "sentence", "unit", "better", "thresholds", "anchor", "priority")
REQUIRED = ("id", "label", "meaning", "sentence", "unit", "anchor", "priority")
BETTER = ("lower", "higher")


class CatalogError(ValueError):
    """The catalog file is malformed; the message names the file and the metric."""


def _text(where: str, entry: dict[str, Any], key: str) -> str:
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: {key} must be non-empty text, not {value!r}")
    return value


def _entry(
    where: str, entry: dict[str, Any], anchors: dict[str, str], bands: Mapping[str, Band]
) -> MetricInfo:
    """One [[metric]] table, checked field by field."""
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise CatalogError(f"{where}: unknown field(s) {', '.join(unknown)} (known: {', '.join(FIELDS)})")
    missing = [k for k in REQUIRED if k not in entry]
    if missing:
        raise CatalogError(f"{where}: missing field(s) {', '.join(missing)}")
    metric, unit = _text(where, entry, "id"), _text(where, entry, "unit")
    if unit not in UNITS:
        raise CatalogError(f"{where}: unknown unit {unit!r} (known: {', '.join(UNITS)})")
    sentence = _text(where, entry, "sentence")
    if "{value}" not in sentence:
        raise CatalogError(f"{where}: the sentence has no {{value}} for the number")
    try:
        sentence.format(value="")
    except (KeyError, IndexError, ValueError) as err:
        raise CatalogError(f"{where}: the sentence can only hold {{value}} ({err!r})") from None
    better = entry.get("better")
    if better is not None and better not in BETTER:
        raise CatalogError(
            f"{where}: better must be lower or higher (leave it out for neither), not {better!r}"
        )
    band = entry.get("thresholds")
    if band is not None:
        if band not in bands:
            raise CatalogError(f"{where}: unknown thresholds band {band!r} (thresholds.toml has no [{band}])")
        if better != ("lower" if bands[band].higher_is_worse else "higher"):
            raise CatalogError(f"{where}: better = {better!r} disagrees with the direction of [{band}]")
    anchor = _text(where, entry, "anchor")
    if anchor not in anchors:
        raise CatalogError(f"{where}: unknown anchor {anchor!r} (known: {', '.join(anchors)})")
    priority = entry["priority"]
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise CatalogError(f"{where}: priority must be a whole number, not {priority!r}")
    return MetricInfo(
        metric,
        _text(where, entry, "label"),
        _text(where, entry, "meaning"),
        sentence,
        unit,
        better,
        band,
        anchors[anchor],
        priority,
    )


def parse_catalog(text: str, bands: Mapping[str, Band], source: str = CATALOG_FILE) -> tuple[MetricInfo, ...]:
    """The catalog from the text of its TOML file, every entry checked against the known units, fields,
    anchors and thresholds `bands`: a mistake is a CatalogError naming the file and the metric."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise CatalogError(f"{source}: not valid TOML ({err})") from None
    extra = sorted(set(raw) - {"anchors", "metric"})
    if extra:
        raise CatalogError(f"{source}: unknown table(s) {', '.join(extra)} (known: anchors, metric)")
    anchors = raw.get("anchors", {})
    entries = raw.get("metric", [])
    if not isinstance(anchors, dict) or not all(isinstance(v, str) for v in anchors.values()):
        raise CatalogError(f"{source}: [anchors] must map names to the anchors of docs/metrics.md")
    if not isinstance(entries, list) or not entries:
        raise CatalogError(f"{source}: no [[metric]] entries")
    out: list[MetricInfo] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        name = entry.get("id")
        where = f"{source}: metric {name!r}" if isinstance(name, str) else f"{source}: [[metric]] number {i}"
        info_ = _entry(where, entry, anchors, bands)
        if info_.metric in seen:
            raise CatalogError(f"{where}: duplicate id (each metric appears once)")
        seen.add(info_.metric)
        out.append(info_)
    return tuple(out)


def load_catalog() -> tuple[MetricInfo, ...]:
    """The catalog the package ships (metric_catalog.toml), checked against its thresholds.toml."""
    text = resources.files("linkedin_audit").joinpath(CATALOG_FILE).read_text(encoding="utf-8")
    return parse_catalog(text, load_thresholds().bands)


CATALOG: tuple[MetricInfo, ...] = load_catalog()

BY_ID: dict[str, MetricInfo] = {m.metric: m for m in CATALOG}


class UnknownMetric(KeyError):
    """A metric that `audit_summary` produced but the catalog does not describe."""


def info(metric: str) -> MetricInfo:
    """The entry of `metric`; an unknown metric is an error (add it to CATALOG)."""
    try:
        return BY_ID[metric]
    except KeyError:
        raise UnknownMetric(f"{metric} is not in linkedin_audit.metric_catalog.CATALOG") from None


def label(metric: str) -> str:
    """The plain label, or the id itself for a metric not (yet) in the catalog."""
    return BY_ID[metric].label if metric in BY_ID else metric.replace("_", " ")


def format_share(value: float) -> str:
    """A fraction as a percentage, the one way the report writes shares: whole percents, one decimal only
    where rounding would say 0% or 100% of something that is not."""
    if 0 < value < 0.01 or 0.99 < value < 1:
        return f"{value:.1%}"
    return f"{value:.0%}"


def format_value(metric: str, value: float | None) -> str:
    """A metric's value as the report shows it ("94%", "1,204", "3.5 h", "0.42")."""
    if value is None:
        return "no value"
    unit = BY_ID[metric].unit if metric in BY_ID else "ratio"
    if unit == "share":
        return format_share(value)
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "rate":
        return f"{value:,.1f}"
    if unit == "hours":
        return f"{value / 24:,.1f} days" if value >= 48 else f"{value:,.1f} hours"
    return f"{value:.2f}"


def sentence(metric: str, value: float | None) -> str:
    """The metric's finding in one plain sentence."""
    entry = info(metric)
    return entry.sentence.format(value=format_value(metric, value))


def markdown_list() -> str:
    """docs/metrics.md's generated list of every headline metric (label, unit, better, thresholds)."""
    lines = ["| metric | label | unit | better | thresholds | defined in |", "|---|---|---|---|---|---|"]
    for m in CATALOG:
        lines.append(
            f"| `{m.metric}` | {m.label} | {m.unit} | {m.better or 'neither'} | "
            f"{m.thresholds or 'none (info)'} | [definition](#{m.anchor}) |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_list(), end="")
