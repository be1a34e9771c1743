"""Recommendations_Received.csv / Recommendations_Given.csv: names only (no URL), zero-padded dates."""

from linkedin_audit.ingest.sources.spec import Column, SourceSpec, col

_COLUMNS: tuple[Column, ...] = (
    col("first_name", pii=True),
    col("last_name", pii=True),
    col("company"),
    col("job_title"),
    col("text", pii=True, long_text=True),
    col("creation_date", parse="li_ts"),
    col("status"),
)

RECEIVED = SourceSpec(
    name="recommendations_received",
    basenames=("Recommendations_Received.csv",),
    columns=_COLUMNS,
    required=("first_name", "last_name", "text"),
)

GIVEN = SourceSpec(
    name="recommendations_given",
    basenames=("Recommendations_Given.csv",),
    columns=_COLUMNS,
    required=("first_name", "last_name", "text"),
)
