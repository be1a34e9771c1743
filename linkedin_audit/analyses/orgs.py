"""Whether a connection shares an organisation with the member (their employers and schools), by name.

Why a module: the ties score counts a shared employer or school as support (Gilbert & Karahalios), and the
export gives only names, written differently from file to file ("Acme Inc." and "ACME"). Names are
compared by what identifies them (case, punctuation and legal suffixes dropped) with rapidfuzz's ratio at
NAME_MATCH_CUTOFF; docs/metrics.md ("Ties") states the rule."""

from __future__ import annotations

import re

import duckdb
from rapidfuzz import fuzz, process

NAME_MATCH_CUTOFF = 90
"""rapidfuzz ratio (0-100) at or above which two normalised organisation names are one organisation."""

_SUFFIXES = re.compile(
    r"\b(inc|incorporated|ltd|limited|llc|llp|plc|gmbh|ag|sa|sas|bv|nv|corp|corporation|co|company|group)\b"
)
_NON_WORD = re.compile(r"[^\w\s]")


def _norm_org(name: str | None) -> str:
    """Organisation names compared by what identifies them: case, punctuation and legal suffixes dropped."""
    if not name:
        return ""
    text = _NON_WORD.sub(" ", name.lower())
    return " ".join(_SUFFIXES.sub(" ", text).split())


def org_matches(
    companies: list[str | None], owner_orgs: list[str | None], cutoff: int = NAME_MATCH_CUTOFF
) -> dict[str, bool]:
    """For each distinct company, whether it matches one of the owner's organisations by name
    (rapidfuzz ratio on normalised names >= cutoff). Computed once per distinct name, not per row."""
    targets = sorted({n for n in (_norm_org(o) for o in owner_orgs) if n})
    out: dict[str, bool] = {}
    for company in {c for c in companies if c}:
        norm = _norm_org(company)
        out[company] = bool(
            norm and targets and process.extractOne(norm, targets, scorer=fuzz.ratio, score_cutoff=cutoff)
        )
    return out


def member_orgs(con: duckdb.DuckDBPyConnection, table: str, column: str) -> list[str | None]:
    """The member's own organisations: the distinct `column` of `table` (positions, education)."""
    return [r[0] for r in con.execute(f'SELECT DISTINCT "{column}" FROM "{table}"').fetchall()]
