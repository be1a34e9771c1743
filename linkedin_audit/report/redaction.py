"""What a redacted report (`--redact`) keeps, applied to every frame before it becomes HTML.

Why more than pseudonyms: a pseudonym next to a company, a job title and an exact connection date
identifies the person anyway, and a name can stand in any text (another connection's company field, a
note, a message). So, under redaction: person columns become pseudonyms; the columns in `DROPPED`
(company, position, URLs, e-mails, other people's texts) are removed; dates and times are cut to the
month, and day counts up to the export (`days_silent`, `days_waiting`: with the export's date they give
the exact day) are dropped; every known full name of any length (connections, people, invitation
counterparties, message senders, the owner), every e-mail address and every URL is replaced wherever it
appears in any text that is left. Aggregates of companies or positions are kept only where `MIN_GROUP` or
more people share the value, and their labels are scrubbed the same way.

The choice is an object, `Redaction`, made once per notebook from its parameters (`redact`, `redact_key`:
`linkedin-audit report` injects them) and handed to whatever shows data (notebook_helpers.Page)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import duckdb
import polars as pl

DROPPED = (
    "company",
    "position",
    "title",
    "profile_url",
    "url",
    "url_key",
    "email_address",
    "first_message",
    "note_text",
    "old_company",
    "new_company",
    "old_position",
    "new_position",
    "company_name",
    "link",
)
DAYS_TO_EXPORT = re.compile(r"^days_(silent|waiting|pending|since.*|ago)$|_days_ago$")
"""Day counts that end at the export: with the export's date they give back an exact date."""
MIN_GROUP = 3
MAX_NAME_WORDS = 12
"""Known names longer than this (in words) are not looked for: none is real, and each length is a pass."""
EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]]"  # up to a space, no end punctuation
    r"|\b(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|edu|gov|co|me|ai|app|info|biz|de|fr|uk|se|nl|es|it)"
    r"/(?:[^\s<>\"']*[^\s<>\"'.,;:!?)\]])?",  # a domain with a path; `Booking.com` is a company
    re.IGNORECASE,
)
EMAIL_SHOWN, URL_SHOWN = "[e-mail]", "[link]"
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_NAME_SOURCES = (
    ("people", "SELECT name FROM people"),
    ("connections", "SELECT name FROM connections"),
    (
        "invitations",
        "SELECT counterparty_name FROM invitations UNION SELECT from_name FROM invitations "
        "UNION SELECT to_name FROM invitations",
    ),
    ("messages", "SELECT DISTINCT sender_name FROM messages"),
    ("me", "SELECT name FROM me"),
)


def _token(word: str) -> str:
    """A word as names are compared: lower case, no trailing dot, no possessive 's."""
    word = word.lower().strip(".")
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _key(text: str) -> str:
    return " ".join(_token(m.group(0)) for m in _WORD.finditer(text))


class NameScrubber:
    """Replaces every known full name (any number of words, case-insensitive; the longest match first) in a
    text by its pseudonym, and every e-mail address and URL by a placeholder."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names: dict[str, str] = {}
        for name in names:
            key = _key(name)
            if key and len(key.split()) <= MAX_NAME_WORDS and key not in self.names:
                self.names[key] = name
        self.lengths = sorted({len(k.split()) for k in self.names}, reverse=True)

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection) -> NameScrubber:
        tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                "UNION SELECT view_name FROM duckdb_views() WHERE schema_name = 'main'"
            ).fetchall()
        }
        names: list[str] = []
        for table, sql in _NAME_SOURCES:
            if table in tables:
                names.extend(r[0] for r in con.execute(sql).fetchall() if r[0])
        return cls(names)

    def __call__(self, text: str | None, alias: Callable[[str], str | None]) -> str | None:
        """`text` with each known name replaced by `alias(name)` (its pseudonym)."""
        if not text:
            return text
        text = URL.sub(URL_SHOWN, EMAIL.sub(EMAIL_SHOWN, text))
        if not self.names:
            return text
        words = list(_WORD.finditer(text))
        tokens = [_token(w.group(0)) for w in words]
        out, pos, i = [], 0, 0
        while i < len(words):
            for n in self.lengths:
                if i + n <= len(words) and (key := " ".join(tokens[i : i + n])) in self.names:
                    out.append(text[pos : words[i].start()])
                    out.append(alias(self.names[key]) or "")
                    last = words[i + n - 1]
                    possessive = last.group(0).lower().endswith(("'s", "’s"))
                    pos = last.end() - 2 if possessive else last.end()
                    i += n
                    break
            else:
                i += 1
        out.append(text[pos:])
        return "".join(out)


def pseudonym(value: str | None, key: str, kind: str = "person") -> str | None:
    """A stable pseudonym for one person-identifying value (same input and key, same output).

    Keyed with a random secret per report: a plain hash of a name would let anyone who guesses the name
    confirm it is in a shared report. 8 hex digits: no collision among 30,000 people is likely (about 0.1
    expected), so two people do not merge under one pseudonym."""
    if value is None or value == "":
        return value
    digest = hmac.new(key.encode(), f"{kind}:{value.strip().lower()}".encode(), hashlib.sha256).hexdigest()[
        :8
    ]
    return f"{kind}-{digest}"


@dataclass(frozen=True)
class Redaction:
    """Whether what a notebook shows is redacted and, if so, with which key and which known names.
    `Redaction()` is off: everything is shown as it is."""

    on: bool = False
    key: str = ""
    names: NameScrubber | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection, redact: bool, key: str | None = None) -> Redaction:
        """The choice a notebook's parameters make: off, or on with `key` (one per report, so a person has
        the same pseudonym in every section; a fresh random key when none is given) and the database's
        known names."""
        if not redact:
            return cls()
        return cls(True, key or secrets.token_hex(16), NameScrubber.from_db(con))

    def pseudonym(self, value: str | None, kind: str = "person") -> str | None:
        return pseudonym(value, self.key, kind)

    def scrub(self, text: str | None) -> str | None:
        """`text` with every known name, e-mail address and URL replaced (unchanged when off)."""
        return self.names(text, self.pseudonym) if self.on and self.names is not None else text

    def frame(self, frame: pl.DataFrame, pii: Sequence[str] = ()) -> pl.DataFrame:
        """The frame as a redacted report may show it (see the module docstring); unchanged when off."""
        if not self.on:
            return frame
        out = frame.drop(
            [c for c in frame.columns if (c in DROPPED or DAYS_TO_EXPORT.search(c)) and c not in pii]
        )
        exprs = []
        for name, dtype in out.schema.items():
            if name in pii:
                exprs.append(pl.col(name).map_elements(self.pseudonym, return_dtype=pl.String))
            elif dtype == pl.Date or isinstance(dtype, pl.Datetime):
                exprs.append(pl.col(name).dt.strftime("%Y-%m"))
            elif dtype == pl.String:
                exprs.append(pl.col(name).map_elements(self.scrub, return_dtype=pl.String))
        return out.with_columns(exprs) if exprs else out

    def aggregate(self, frame: pl.DataFrame, label: str = "value", count: str = "n") -> pl.DataFrame:
        """An aggregate of companies or positions: when on, only values MIN_GROUP or more people share, with
        known names scrubbed from the labels; unchanged when off."""
        if not self.on:
            return frame
        return shared_only(frame, count).with_columns(
            pl.col(label).map_elements(self.scrub, return_dtype=pl.String)
        )


def month(value: dt.date | dt.datetime | None) -> str | None:
    """A date as the month a redacted report shows."""
    return None if value is None else value.strftime("%Y-%m")


def shared_only(frame: pl.DataFrame, count: str = "n") -> pl.DataFrame:
    """An aggregate (e.g. connections per company) without the values fewer than MIN_GROUP people share."""
    return frame.filter(pl.col(count) >= MIN_GROUP)
