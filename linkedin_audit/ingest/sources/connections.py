"""Connections.csv: 1st-degree connections. A 3-line `Notes:` preamble since ~2022, `URL` since ~2023,
date-only rows for hidden members, `DD Mon YYYY` dates (2018: `M/D/YY, h:mm AM`)."""

from linkedin_audit.ingest.sources.spec import SourceSpec, col

SPEC = SourceSpec(
    name="connections",
    basenames=("Connections.csv",),
    columns=(
        col("first_name", pii=True),
        col("last_name", pii=True),
        col("url", "Profile URL", pii=True),
        col("email_address", "Email", pii=True),
        col("company"),
        col("position"),
        col("connected_on", parse="li_ts"),
    ),
    required=("first_name", "last_name", "connected_on"),
)
