"""Reactions, Comments and Shares (Complete archives, CRLF, `_<member id>` suffix in 2025/26). Comments.csv
is not valid CSV (unquoted continuation lines): the archive layer repairs it before DuckDB reads it."""

from linkedin_audit.ingest.sources.spec import SourceSpec, col

REACTIONS = SourceSpec(
    name="reactions",
    basenames=("Reactions.csv",),
    columns=(col("date", parse="li_ts"), col("type"), col("link")),
    required=("date", "link"),
    complete_only=True,
)

COMMENTS = SourceSpec(
    name="comments",
    basenames=("Comments.csv",),
    columns=(col("date", parse="li_ts"), col("link"), col("message", pii=True, long_text=True)),
    required=("date", "link", "message"),
    complete_only=True,
)

SHARES = SourceSpec(
    name="shares",
    basenames=("Shares.csv",),
    columns=(
        col("date", parse="li_ts"),
        col("share_link"),
        col("share_commentary", pii=True, long_text=True),
        col("shared_url"),
        col("media_url"),
        col("visibility"),
        col("share_title"),
        col("share_description"),
        col("type"),
    ),
    required=("date",),
    complete_only=True,
)
