"""Seniority and function of a position title, by the rules table `titles.toml` (data, not code).

The table is read from the package; a user's own file ($LINKEDIN_AUDIT_TITLES, same format) is tried
first. How a title is read is written at the top of titles.toml and in docs/metrics.md."""

from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from linkedin_audit.errors import UserError
from linkedin_audit.network.companies import fold_accents

UNCLASSIFIED = "unclassified"
INDIVIDUAL = "individual"
SENIORITY_ORDER = ("founder", "executive", "director", "manager", "senior", INDIVIDUAL, "entry", UNCLASSIFIED)
"""The seniority classes, most senior first (the order charts and tables use)."""
TITLES_ENV = "LINKEDIN_AUDIT_TITLES"


@dataclass(frozen=True)
class Rule:
    cls: str
    patterns: tuple[re.Pattern[str], ...]

    def matches(self, folded: str) -> bool:
        return any(p.search(folded) for p in self.patterns)


@dataclass(frozen=True)
class Rules:
    seniority: tuple[Rule, ...]
    function: tuple[Rule, ...]

    def classify(self, title: str | None) -> tuple[str, str]:
        """(seniority, function) of one title; `unclassified` where no rule matches."""
        folded = " ".join(fold_accents(title or "").split())
        if not folded:
            return UNCLASSIFIED, UNCLASSIFIED
        function = next((r.cls for r in self.function if r.matches(folded)), UNCLASSIFIED)
        seniority = next((r.cls for r in self.seniority if r.matches(folded)), None)
        if seniority is None:
            seniority = INDIVIDUAL if function != UNCLASSIFIED else UNCLASSIFIED
        return seniority, function


def _parse(text: str, source: str) -> tuple[list[Rule], list[Rule]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"the titles rules file {source} is not valid TOML: {exc}") from None
    out: dict[str, list[Rule]] = {"seniority": [], "function": []}
    for kind, rules in out.items():
        for i, entry in enumerate(data.get(kind, [])):
            cls, patterns = entry.get("class"), entry.get("patterns")
            if not isinstance(cls, str) or not isinstance(patterns, list) or not patterns:
                raise UserError(f"{source}: [[{kind}]] rule {i + 1} needs a `class` and a list of `patterns`")
            try:
                compiled = tuple(re.compile(str(p)) for p in patterns)
            except re.error as exc:
                raise UserError(f"{source}: [[{kind}]] rule {i + 1} ({cls}): bad pattern: {exc}") from None
            rules.append(Rule(cls, compiled))
    return out["seniority"], out["function"]


def packaged_rules_text() -> str:
    return resources.files("linkedin_audit.network").joinpath("titles.toml").read_text(encoding="utf-8")


@functools.cache
def _load(user_file: str | None) -> Rules:
    seniority, function = _parse(packaged_rules_text(), "titles.toml")
    if user_file:
        path = Path(user_file).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError(
                f"cannot read the titles rules file {path} (${TITLES_ENV}): {exc.strerror}"
            ) from None
        s2, f2 = _parse(text, str(path))
        seniority, function = s2 + seniority, f2 + function
    return Rules(tuple(seniority), tuple(function))


def load_rules(user_file: str | Path | None = None) -> Rules:
    """The packaged rules, with `user_file` (default: $LINKEDIN_AUDIT_TITLES) tried first."""
    chosen = user_file if user_file is not None else os.environ.get(TITLES_ENV) or None
    return _load(str(chosen) if chosen else None)
