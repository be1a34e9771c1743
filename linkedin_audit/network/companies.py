"""Which company spellings name one employer: the conservative rule (docs/metrics.md, "Companies").

A wrong "you know someone there" is worse than none, so two spellings are one company only when they are
equal after removing what never tells employers apart:
1. accents, case and punctuation (dots vanish, so `S.A.` is `sa`; `&` is `and`; any other mark is a space);
2. legal forms and group words at either end, repeatedly: `AB`, `GmbH`, `Inc.`, `Ltd`, `S.A.`,
   `Corporation`, `Group`, `Holding`, ... (`LEGAL_FORMS`): "AB Acme", "Acme Group" and "ACME AB" are one;
3. a trailing country or region (`REGIONS`): "Acme Cars Sverige AB" is the national subsidiary of "Acme Cars";
4. a plural -s at the end of a word of 4 letters or more: "Acme Cars" and "Acme Car Corporation" are one.
Everything else keeps companies apart, even when they share their first word: "Acme Cars", "Acme Trucks",
"Acme Penta" and "Acme Bil Goteborg" are four employers besides the group "Acme". No fuzzy merging:
rapidfuzz only suggests near spellings that did NOT match (`near_groups`), it never merges them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

LEGAL_FORMS = frozenset(
    """
    ab abp aktiebolag aktiebolaget publ hb kb
    gmbh mbh ag kg kgaa ohg ev se ug
    inc incorporated corp corporation co company cos llc llp lp ltd limited plc pllc pc
    sa sau sas sarl sl slu srl spa sca sab cv sapi
    bv nv oy oyj as asa aps a s pty pvt private kk
    group grupo gruppe koncernen koncern holding holdings
    the
    """.split()
)
"""Words that name a legal form or a group, never an employer on their own (compared lower case, no dots)."""

REGIONS = (
    "sverige sweden norge norway danmark denmark suomi finland island iceland deutschland germany "
    "osterreich austria schweiz switzerland suisse espana spain mexico argentina chile colombia peru "
    "brasil brazil portugal france italia italy nederland netherlands belgie belgique belgium polska "
    "poland uk gb united kingdom ireland usa us united states america north canada australia india "
    "china japan singapore nordic nordics nordics emea apac latam iberia europe"
).split()
"""Country and region words: at the end of a name they name a national subsidiary of the same employer."""
_MULTI_REGIONS = (("united", "kingdom"), ("united", "states"), ("north", "america"))
_REGION_WORDS = frozenset(REGIONS) - {"united", "north"}

_CONNECTORS = frozenset("of de del la le di da do der des von van for i och and y und en".split())
"""A region or legal word right after one of these is part of the name ("Bank of America", "Banco de
Espana"), never stripped."""
_DOTS = re.compile(r"[.'’`´]")
_NON_WORD = re.compile(r"[^\w]+")
NEAR_CUTOFF = 85
"""rapidfuzz ratio (0-100) from which an unmatched company is shown as a near spelling of the query."""


def fold_accents(text: str) -> str:
    """Lower case, accents dropped (NFKD without combining marks; ß and ø folded by hand)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("ł", "l").replace("đ", "d")


def _words(name: str) -> list[str]:
    text = _DOTS.sub("", fold_accents(name)).replace("&", " and ")
    return [w for w in _NON_WORD.sub(" ", text).replace("_", " ").split() if w]


def _strip_ends(words: list[str]) -> list[str]:
    changed = True
    while changed and words:
        changed = False
        if len(words) > 1 and words[0] in LEGAL_FORMS:
            words, changed = words[1:], True
        if len(words) > 1 and words[-1] in LEGAL_FORMS | _REGION_WORDS and words[-2] not in _CONNECTORS:
            words, changed = words[:-1], True
        if len(words) > 2 and tuple(words[-2:]) in _MULTI_REGIONS and words[-3] not in _CONNECTORS:
            words, changed = words[:-2], True
        if len(words) > 2 and words[-2:] == ["and", "co"]:
            words, changed = words[:-2], True
    return words


def _singular(word: str) -> str:
    return word[:-1] if len(word) >= 4 and word.endswith("s") and not word.endswith("ss") else word


def company_key(name: str | None) -> str:
    """The key two spellings of one employer share ('' for no company). See the module docstring."""
    if not name:
        return ""
    words = _words(name)
    if not words:
        return ""
    return " ".join(_singular(w) for w in _strip_ends(words))


@dataclass(frozen=True)
class Group:
    """One employer: its key, its label (the most used spelling) and each spelling with its count."""

    key: str
    label: str
    spellings: tuple[tuple[str, int], ...]

    @property
    def n(self) -> int:
        return sum(n for _, n in self.spellings)


def group_companies(counts: Mapping[str, int] | Iterable[str]) -> dict[str, Group]:
    """Spellings (with how many connections use each) grouped by `company_key`; by key."""
    tally: Counter[str] = Counter()
    if isinstance(counts, Mapping):
        tally.update({k: int(v) for k, v in counts.items()})
    else:
        tally.update(counts)
    by_key: dict[str, list[tuple[str, int]]] = {}
    for spelling, n in tally.items():
        key = company_key(spelling)
        if key:
            by_key.setdefault(key, []).append((spelling, n))
    out = {}
    for key, rows in by_key.items():
        rows.sort(key=lambda r: (-r[1], r[0]))
        out[key] = Group(key, rows[0][0].strip(), tuple(rows))
    return out


def _has_phrase(key: str, phrase: str) -> bool:
    """`phrase` starts at a word of `key` ('acm' is part of 'acme car'; 'car' is not part of 'scar')."""
    return bool(phrase) and re.search(r"(?:^| )" + re.escape(phrase), key) is not None


@dataclass(frozen=True)
class Match:
    """What a query matched: the groups (exactly, or by part of their name) and near ones it did not."""

    query_key: str
    groups: tuple[Group, ...]
    exact: bool
    near: tuple[Group, ...]


def match_company(query: str, groups: Mapping[str, Group], near_limit: int = 6) -> Match:
    """The groups a query names: the group whose key equals the query's, else every group whose name
    contains the query's words from the start of a word ("part of a name"). `near`: unmatched groups that
    share the query's first word, or whose key is within rapidfuzz ratio NEAR_CUTOFF of it; largest first."""
    qk = company_key(query) or " ".join(_words(query))
    exact = tuple(g for k, g in groups.items() if k == qk)
    matched = exact or tuple(g for k, g in groups.items() if _has_phrase(k, qk))
    chosen = {g.key for g in matched}
    first = qk.split(" ", 1)[0] if qk else ""
    near = [
        g
        for k, g in groups.items()
        if k not in chosen and qk and (_has_phrase(k, first) or fuzz.ratio(k, qk) >= NEAR_CUTOFF)
    ]
    near.sort(key=lambda g: (-g.n, g.label))
    ordered = tuple(sorted(matched, key=lambda g: (-g.n, g.label)))
    return Match(qk, ordered, bool(exact), tuple(near[:near_limit]))


def name_key(name: str | None) -> str:
    """A person's name as `who` compares it: accents, case and punctuation dropped."""
    return " ".join(_words(name or ""))
