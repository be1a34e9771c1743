"""The ingest stack: raw text -> typed staging views -> intermediate views -> model tables (see load.py,
model.py). `linkedin_audit.build.run_ingest` runs it, then the analyses, in one transaction."""
