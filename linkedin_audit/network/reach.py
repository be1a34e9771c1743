"""Chart- and table-ready aggregates of `connection_profile`: where the member knows people, and what the
network is made of (the report's "Where you know people", notebooks/07_network_reach.ipynb). No measures
here: the relation holds them (docs/schema.md); these only count. Every count is of the connections the
member still has (`still_connected`), as `who` counts them; `removed_count` gives the others."""

from __future__ import annotations

from typing import Protocol

import duckdb
import polars as pl

from linkedin_audit.db import relation_exists, scalar
from linkedin_audit.network.titles import INDIVIDUAL, SENIORITY_ORDER, UNCLASSIFIED


class Redaction(Protocol):
    """What `for_report` needs of the report's redaction (report/redaction.py's `Redaction`, handed in by the
    notebook): the network layer stays below the report layer and imports nothing of it."""

    @property
    def on(self) -> bool: ...

    def aggregate(self, frame: pl.DataFrame, *, label: str, count: str) -> pl.DataFrame: ...


TALKED = "talked to"
NEVER_TALKED = "never talked to"
TALK_ORDER = (TALKED, NEVER_TALKED)
SEGMENTS = ("seniority", "function", "connected_year")
FUNCTION_WORDS = {"general_management": "general management", "hr": "HR"}
"""A function class as a chart or table shows it (the class names of titles.toml are identifiers)."""
SENIORITY_WORDS = {INDIVIDUAL: "individual contributor"}
"""A seniority class as a chart or table shows it ("individual" alone reads as "a person")."""
CURRENT = "still_connected"
"""The filter of every count here: a connection the member still has (docs/schema.md, connection_profile)."""

_COMPANIES = pl.Schema(
    {
        "employer": pl.String,
        "connections": pl.Int64,
        "talked_to": pl.Int64,
        "spellings": pl.Int64,
        "strongest_tie": pl.String,
        "strongest_tie_class": pl.String,
        "strongest_score": pl.Float64,
        "strongest_profile_url": pl.String,
    }
)


def available(con: duckdb.DuckDBPyConnection) -> bool:
    """`connection_profile` is there, made by a version that marks removed connections (an older one's is
    not read: `linkedin-audit analyse` remakes it)."""
    return relation_exists(con, "connection_profile") and bool(
        scalar(
            con,
            "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = 'connection_profile' AND column_name = ?",
            [CURRENT],
        )
    )


def profile_count(con: duckdb.DuckDBPyConnection) -> int:
    """The connections the member still has."""
    if not available(con):
        return 0
    return int(scalar(con, f"SELECT count(*) FROM connection_profile WHERE {CURRENT}"))


def removed_count(con: duckdb.DuckDBPyConnection) -> int:
    """The connections gone from the newest export (kept in `connection_profile`, counted nowhere else)."""
    if not available(con):
        return 0
    return int(scalar(con, f"SELECT count(*) FROM connection_profile WHERE NOT {CURRENT}"))


REMOVED_LABEL = "no longer connected (gone from your newest export; not counted here)"


def removed_fact(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """The facts-table line for the connections gone from the newest export, or none when there are none:
    the network and reach sections say it in the same words."""
    removed = removed_count(con)
    return [(REMOVED_LABEL, f"{removed:,}")] if removed else []


def companies(con: duckdb.DuckDBPyConnection, limit: int | None = 20) -> pl.DataFrame:
    """Employers (merged by the company rule) with the most connections: how many, how many the member ever
    talked to, how many spellings were merged, and the strongest tie there (highest score, then name)."""
    if not available(con):
        return pl.DataFrame(schema=_COMPANIES)
    lim = f"LIMIT {int(limit)}" if limit else ""
    return con.sql(f"""
        SELECT any_value(company_group) AS employer, count(*)::BIGINT AS connections,
               count(*) FILTER (WHERE talked)::BIGINT AS talked_to,
               count(DISTINCT company)::BIGINT AS spellings,
               arg_max(name, (score, name)) AS strongest_tie,
               arg_max(tie_class, (score, name)) AS strongest_tie_class,
               max(score) AS strongest_score,
               arg_max(profile_url, (score, name)) AS strongest_profile_url
        FROM connection_profile WHERE company_key IS NOT NULL AND {CURRENT}
        GROUP BY company_key
        ORDER BY connections DESC, employer {lim}""").pl()


def company_counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(distinct employers after merging, distinct spellings as typed)."""
    if not available(con):
        return 0, 0
    rows = con.execute(  # fetched to the end: duckdb 2.0 refuses the next con.sql() after a partial read
        "SELECT count(DISTINCT company_key), count(DISTINCT company) FROM connection_profile "
        f"WHERE company_key IS NOT NULL AND {CURRENT}"
    ).fetchall()
    return (int(rows[0][0]), int(rows[0][1])) if rows else (0, 0)


def segments(con: duckdb.DuckDBPyConnection, column: str) -> pl.DataFrame:
    """Connections per segment (`seniority`, `function` or `connected_year`), split into talked to / never
    talked to: columns [column, "talk", "n"]. Seniority in SENIORITY_ORDER, the rest largest first, with
    `unclassified` last; classes in words (FUNCTION_WORDS, SENIORITY_WORDS: `general management`, `individual
    contributor`, not their class names)."""
    if column not in SEGMENTS:
        raise ValueError(f"unknown segment {column!r}; one of {SEGMENTS}")
    dtype = pl.String if column != "connected_year" else pl.Int32
    if not available(con):
        return pl.DataFrame(schema={column: dtype, "talk": pl.String, "n": pl.Int64})
    frame = con.sql(f"""
        SELECT {column}, CASE WHEN talked THEN '{TALKED}' ELSE '{NEVER_TALKED}' END AS talk,
               count(*)::BIGINT AS n
        FROM connection_profile WHERE {column} IS NOT NULL AND {CURRENT} GROUP BY ALL""").pl()
    if column == "function":
        frame = frame.with_columns(_function_words())
    if column == "seniority":
        frame = frame.with_columns(pl.col("seniority").replace(SENIORITY_WORDS))
    return frame.sort(column) if column == "connected_year" else frame


def _function_words() -> pl.Expr:
    return pl.col("function").replace(FUNCTION_WORDS).str.replace_all("_", " ")


def segment_order(frame: pl.DataFrame, column: str) -> list[str]:
    """The order of a segment's categories on a chart's axis."""
    present = [v for v in frame[column].unique().to_list() if v is not None]
    if column == "seniority":
        return [SENIORITY_WORDS.get(s, s) for s in SENIORITY_ORDER if SENIORITY_WORDS.get(s, s) in present]
    totals = frame.group_by(column).agg(pl.col("n").sum()).sort(["n", column], descending=[True, False])
    order = [v for v in totals[column].to_list() if v != UNCLASSIFIED]
    return order + ([UNCLASSIFIED] if UNCLASSIFIED in present else [])


def composition(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Seniority x function: connections and how many the member talked to (largest first)."""
    if not available(con):
        return pl.DataFrame(
            schema={
                "seniority": pl.String,
                "function": pl.String,
                "connections": pl.Int64,
                "talked_to": pl.Int64,
            }
        )
    return (
        con.sql(f"""
        SELECT seniority, function, count(*)::BIGINT AS connections,
               count(*) FILTER (WHERE talked)::BIGINT AS talked_to
        FROM connection_profile WHERE {CURRENT}
        GROUP BY ALL ORDER BY connections DESC, seniority, function""")
        .pl()
        .with_columns(_function_words(), pl.col("seniority").replace(SENIORITY_WORDS))
    )


def for_report(frame: pl.DataFrame, redaction: Redaction) -> pl.DataFrame:
    """The companies table as the report shows it. Redacted: no name and no link (a pseudonym beside a company
    would identify the person), and only employers MIN_GROUP or more connections share, their labels
    scrubbed of known names."""
    if not redaction.on:
        return frame
    return redaction.aggregate(
        frame.drop("strongest_tie", "strongest_profile_url"), label="employer", count="connections"
    )
