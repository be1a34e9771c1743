"""The ingest stack: raw text -> typed staging views -> meta work tables -> model tables (see load.py,
graph.py, model.py). `linkedin_audit.build.run_ingest` runs it, then the analyses, in one transaction."""
