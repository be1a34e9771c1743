"""Reactions, Comments, Shares and Votes (Complete archives, CRLF, `_<member id>` suffix in 2025/26,
numbered parts). Comments.csv is not valid CSV (unquoted continuation lines): the archive layer repairs
it before DuckDB reads it. Header names compare without case, spaces or underscores only through the
aliases below: `SharedURL` (2022/24) and `SharedUrl` (2026) both normalise to `sharedurl`, `Shared URL`
(2018) to `shared_url`. The model's `engagement` relation gathers the four into one row per action."""

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
        col("share_link", "ShareLink"),
        col("share_commentary", "ShareCommentary", pii=True, long_text=True),
        col("shared_url", "SharedURL"),
        col("media_url", "MediaURL"),
        col("visibility"),
        col("share_title"),
        col("share_description"),
        col("type"),
    ),
    required=("date",),
    complete_only=True,
)

VOTES = SourceSpec(
    name="votes",
    basenames=("Votes.csv",),
    columns=(col("date", parse="li_ts"), col("link"), col("option_text", "OptionText")),
    required=("date", "link"),
    complete_only=True,
)
