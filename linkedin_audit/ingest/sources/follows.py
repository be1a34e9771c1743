"""Company Follows.csv (Java `Date.toString()` times) and Member_Follows.csv (names only, Complete only)."""

from linkedin_audit.ingest.sources.spec import SourceSpec, col

COMPANY = SourceSpec(
    name="company_follows",
    basenames=("Company Follows.csv",),
    columns=(col("organization"), col("followed_on", parse="li_ts")),
    required=("organization",),
)

MEMBER = SourceSpec(
    name="member_follows",
    basenames=("Member_Follows.csv",),
    columns=(col("date", parse="li_ts"), col("status"), col("full_name", "FullName", pii=True)),
    required=("date", "full_name"),
    complete_only=True,
)
