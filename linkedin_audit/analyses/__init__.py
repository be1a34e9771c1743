"""Analyses: pure functions over a DuckDB connection, plus `materialize_all`, which the CLI runs after ingest
so that every measure is also a SQL relation (see docs/schema.md, "Analysis relations")."""

from linkedin_audit.analyses.pipeline import materialize_all

__all__ = ["materialize_all"]
