"""A source spec says, as data, how one kind of export file looks in every era: which basenames it has,
which header names (and aliases) map to which raw column, which columns are parsed and how, which are PII
(tests/test_schema_docs.py checks the PII marks of docs/schema.md against them). How rows merge across
exports (their natural key) is the model SQL's business, one `nk` per relation in `ingest/sql/model/`.

Keeping this declarative means a new era is usually one more alias, not new code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

# How a recognised file is treated: typed (raw + staging + model), raw (raw text table only) or ignored
# (known, deliberately not loaded: e.g. HTML articles). Unknown files have no spec at all.
TYPED = "typed"
RAW = "raw"
IGNORED = "ignored"
TREATMENTS = (TYPED, RAW, IGNORED)

_SPLIT_SUFFIX = re.compile(r"(_\d+)+$")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def norm_basename(name: str) -> str:
    """`Endorsement Received Info.csv`, `endorsement_received_info_2.csv`, `Shares_997361.csv` and
    `Reactions_997361_2.csv` -> `endorsement_received_info` / `shares` / `reactions`: case-insensitive,
    spaces = underscores, split-part and member-id suffixes (one or both) dropped (export-format.md 1.2)."""
    base = name.rsplit("/", 1)[-1]
    if base.lower().endswith(".csv"):
        base = base[:-4]
    base = base.strip().lower().replace(" ", "_")
    return _SPLIT_SUFFIX.sub("", base)


def norm_header(name: str) -> str:
    """Header names compare trimmed, case-insensitively, with quotes removed and spaces = underscores."""
    return _NON_WORD.sub("_", name.strip().strip('"').strip().lower()).strip("_")


@dataclass(frozen=True)
class Column:
    """One raw column: its name in the raw table and every header spelling that maps to it."""

    name: str
    aliases: tuple[str, ...]
    pii: bool = False
    parse: str | None = None  # SQL macro used in staging (`li_ts`, `li_month`, ...); failures are counted
    long_text: bool = False
    """Free text of any length (message bodies, notes): its raw column is stored zstd-compressed. DuckDB's
    default for text (dictionary + FSST) cost 3.2 CPU-s more to write 2.65 M max-scale message bodies, for a
    scan ~0.1 s slower (measured at max scale)."""

    def matches(self, header: str) -> bool:
        key = norm_header(header)
        return key == self.name or key in {norm_header(a) for a in self.aliases}


@dataclass(frozen=True)
class SourceSpec:
    """A kind of export file. `required` columns must be present or the file is refused with a clear error;
    `markers` are the headers that identify the header row (Connections has a preamble before it)."""

    name: str
    basenames: tuple[str, ...]
    treatment: str = TYPED
    columns: tuple[Column, ...] = ()
    required: tuple[str, ...] = ()
    complete_only: bool = False
    markers: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.treatment not in TREATMENTS:
            raise ValueError(f"{self.name}: unknown treatment {self.treatment!r}")
        names = [c.name for c in self.columns]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.name}: duplicate column names")
        missing = set(self.required) - set(names)
        if missing:
            raise ValueError(f"{self.name}: required columns {sorted(missing)} are not declared")

    @property
    def header_markers(self) -> tuple[str, ...]:
        return self.markers or self.required

    def column_for_name(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def column_for(self, header: str) -> Column | None:
        for col in self.columns:
            if col.matches(header):
                return col
        return None

    @property
    def pii_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.pii)


def col(
    name: str, *aliases: str, pii: bool = False, parse: str | None = None, long_text: bool = False
) -> Column:
    """Shorthand used by the spec modules."""
    return Column(name, aliases, pii, parse, long_text)


_COPY = re.compile(r"(?: \d+| ?\(\d+\)| ?-? copy(?: \d+)?)$", re.IGNORECASE)


def copy_stem(name: str) -> str | None:
    """A copy's name (a Finder or browser copy, ingest/copies.py) back to its original's:
    `messages 2.csv` / `messages (1).csv` / `messages copy.csv` -> `messages.csv`; None if no copy name."""
    path = PurePosixPath(name)
    stripped = _COPY.sub("", path.stem)
    return None if stripped == path.stem or not stripped else stripped + path.suffix
