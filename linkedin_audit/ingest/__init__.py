"""The ingest stack: raw text -> staging views -> meta work tables -> model tables (load.py, graph.py).

Re-exports the loader's public entry points, so `from linkedin_audit.ingest import run_ingest` works."""

from linkedin_audit.ingest.load import MODEL_TABLES, ExportReport, IngestSummary, run_ingest

__all__ = ["MODEL_TABLES", "ExportReport", "IngestSummary", "run_ingest"]
