"""Positions.csv and Education.csv: the owner's own history; dates are `Mon YYYY` or `YYYY`."""

from linkedin_audit.ingest.sources.spec import SourceSpec, col

POSITIONS = SourceSpec(
    name="positions",
    basenames=("Positions.csv",),
    columns=(
        col("company_name"),
        col("title"),
        col("description"),
        col("location"),
        col("started_on", parse="li_month"),
        col("finished_on", parse="li_month"),
    ),
    required=("company_name", "title"),
)

EDUCATION = SourceSpec(
    name="education",
    basenames=("Education.csv",),
    columns=(
        col("school_name"),
        col("start_date", parse="li_month"),
        col("end_date", parse="li_month"),
        col("notes"),
        col("degree_name"),
        col("activities"),
    ),
    required=("school_name",),
)
