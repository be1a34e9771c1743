"""Thresholds are configuration, never constants in code: defaults ship in thresholds.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

DEFAULT_DB = Path("data/linkedin.duckdb")
DB_ENV = "LINKEDIN_AUDIT_DB"


def default_db_path() -> Path:
    """The database path: $LINKEDIN_AUDIT_DB if set, else data/linkedin.duckdb."""
    import os

    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


@dataclass(frozen=True)
class Band:
    """A watch/high pair. `higher_is_worse` says which way the scale points."""

    watch: float
    high: float

    @property
    def higher_is_worse(self) -> bool:
        return self.high >= self.watch

    def status(self, value: float | None) -> str:
        if value is None:
            return "not_enough_data"
        if self.higher_is_worse:
            return "high" if value >= self.high else "watch" if value >= self.watch else "ok"
        return "high" if value <= self.high else "watch" if value <= self.watch else "ok"


COUNT_SECTIONS = ("minimum", "recent")
"""Sections of whole numbers, not watch/high bands: [minimum] (below it, counts instead of a verdict) and
[recent] (how far back behaviour counts as what the member does now)."""


@dataclass(frozen=True)
class Thresholds:
    bands: dict[str, Band]
    minimum: dict[str, int]
    recent: dict[str, int]

    def band(self, name: str) -> Band:
        return self.bands[name]

    def status(self, name: str, value: float | None) -> str:
        return self.bands[name].status(value)

    def min(self, name: str) -> int:
        return self.minimum[name]

    @property
    def recent_months(self) -> int:
        """[recent] months: behaviour whose newest instance is older than this many months before the
        export is past behaviour (analyses/recency.py)."""
        return self.recent["months"]


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override`'s keys over `base`; every section must be a known table and every value a number."""
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for key, value in override.items():
        if key not in out:
            raise ValueError(f"unknown threshold section [{key}] (known: {', '.join(sorted(out))})")
        if not isinstance(value, dict):
            raise ValueError(
                f"`{key}` must be a section ([{key}] followed by `name = number` lines), "
                f"not {type(value).__name__} {value!r}"
            )
        unknown = set(value) - set(out[key])
        if unknown:
            raise ValueError(f"unknown key(s) {sorted(unknown)} in threshold section [{key}]")
        for name, number in value.items():
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise ValueError(f"[{key}] {name} must be a number, not {type(number).__name__} {number!r}")
        out[key].update(value)
    return out


SHARES = {"reply_rate"}
"""Bands whose value is a share (0 to 1) besides the `*_share` ones."""
MOST = 1_000_000
"""The largest count or rate a threshold may be: far above anything a member does, small enough that no
analysis loops over it (`[minimum] sends = 1e300` made `analyse` spin)."""


def _validate(raw: dict[str, Any], defaults: dict[str, Any]) -> None:
    """Every value finite and in its range, every band's watch and high in its direction (the defaults'):
    a ValueError naming the key otherwise."""
    for section in COUNT_SECTIONS:
        for name, value in raw[section].items():
            if value != value or value in (float("inf"), float("-inf")) or value != int(value):
                raise ValueError(f"[{section}] {name} = {value!r}: must be a whole number from 1 to {MOST:,}")
            if not 1 <= value <= MOST:
                raise ValueError(f"[{section}] {name} = {value!r}: must be a whole number from 1 to {MOST:,}")
    for section, band in raw.items():
        if section in COUNT_SECTIONS:
            continue
        share = section.endswith("_share") or section in SHARES
        top, what = (1.0, "a share from 0 to 1") if share else (float(MOST), f"a number from 0 to {MOST:,}")
        for key in ("watch", "high"):
            value = band[key]
            if not (0 <= value <= top):  # also false for nan
                raise ValueError(f"[{section}] {key} = {value!r}: must be {what}")
        d_watch, d_high = defaults[section]["watch"], defaults[section]["high"]
        if d_high > d_watch and not band["high"] > band["watch"]:
            raise ValueError(
                f"[{section}] high = {band['high']!r} must be above watch = {band['watch']!r} "
                "(higher values are worse here)"
            )
        if d_high < d_watch and not band["high"] < band["watch"]:
            raise ValueError(
                f"[{section}] high = {band['high']!r} must be below watch = {band['watch']!r} "
                "(lower values are worse here)"
            )


def load_thresholds(path: Path | None = None) -> Thresholds:
    """Defaults from the packaged thresholds.toml, overridden by the keys of `path` if given; validated
    (finite, in range, watch and high in order) with a ValueError naming the key."""
    raw = tomllib.loads(resources.files("linkedin_audit").joinpath("thresholds.toml").read_text())
    if path is not None:
        defaults = raw
        raw = _merge(raw, tomllib.loads(Path(path).read_text(encoding="utf-8")))
        _validate(raw, defaults)
    minimum = {k: int(v) for k, v in raw.pop("minimum").items()}
    recent = {k: int(v) for k, v in raw.pop("recent").items()}
    bands = {name: Band(float(v["watch"]), float(v["high"])) for name, v in raw.items()}
    return Thresholds(bands=bands, minimum=minimum, recent=recent)


THRESHOLDS_TABLE = "analysis_thresholds"


def thresholds_rows(thresholds: Thresholds) -> list[tuple[str, str, float]]:
    """(section, key, value) rows: how the analyses record the thresholds they used, in the database."""
    rows = [
        (name, key, value)
        for name, band in sorted(thresholds.bands.items())
        for key, value in (("watch", band.watch), ("high", band.high))
    ]
    rows += [("minimum", key, float(value)) for key, value in sorted(thresholds.minimum.items())]
    rows += [("recent", key, float(value)) for key, value in sorted(thresholds.recent.items())]
    return rows


def thresholds_in_use(con: Any) -> Thresholds:
    """The thresholds the database's analyses were computed with (`linkedin-audit analyse --thresholds`),
    so that charts draw the same lines the statuses used; the packaged defaults for an older database."""
    import duckdb

    try:
        rows = con.execute(f"SELECT section, key, value FROM {THRESHOLDS_TABLE}").fetchall()
    except duckdb.CatalogException:  # analyses never ran, or ran before thresholds were recorded
        return load_thresholds()
    sections: dict[str, dict[str, float]] = {}
    for section, key, value in rows:
        sections.setdefault(section, {})[key] = value
    minimum = {k: int(v) for k, v in sections.pop("minimum", {}).items()}
    recent = {k: int(v) for k, v in sections.pop("recent", {}).items()}
    defaults = load_thresholds()
    bands = {**defaults.bands, **{n: Band(v["watch"], v["high"]) for n, v in sections.items()}}
    return Thresholds(
        bands=bands, minimum={**defaults.minimum, **minimum}, recent={**defaults.recent, **recent}
    )
