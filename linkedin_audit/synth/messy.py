"""Patterns of real exports that a strict CSV reader refuses, planted so their truth pins the loader.

SearchQueries.csv is written by LinkedIn without quoting: a query with a comma (`acme, inc, berlin`) gives a
row with more fields than the header `Time,Search Query` (seen in one real export in six). The
loader must keep the whole query, joined back into the last column, and count the repair."""

from __future__ import annotations

from collections.abc import Sequence

from linkedin_audit.synth.formats import slash_utc

SEARCH_QUERIES = ("data jobs", "acme, inc, berlin", "team lead")
"""The queries written, in order (the truth: raw.search_queries must hold exactly these)."""


def search_queries_csv(stamps: Sequence[int]) -> bytes:
    """SearchQueries.csv as LinkedIn writes it: no quoting, so commas inside a query are unquoted."""
    lines = ["Time,Search Query"] + [
        f"{slash_utc(t)},{q}" for t, q in zip(stamps, SEARCH_QUERIES, strict=False)
    ]
    return ("\n".join(lines) + "\n").encode()
