"""Profile.csv (one row: the owner's own profile; 2018 had extra columns) and Profile Summary.csv."""

from linkedin_audit.ingest.sources.spec import SourceSpec, col

SPEC = SourceSpec(
    name="profile",
    basenames=("Profile.csv",),
    columns=(
        col("first_name"),
        col("last_name"),
        col("maiden_name"),
        col("address"),
        col("birth_date"),
        col("contact_instructions"),
        col("headline"),
        col("summary"),
        col("industry"),
        col("country"),
        col("zip_code"),
        col("geo_location"),
        col("twitter_handles"),
        col("websites"),
        col("instant_messengers"),
    ),
    required=("first_name", "last_name"),
)

SUMMARY = SourceSpec(name="profile_summary", basenames=("Profile Summary.csv",), treatment="raw")
