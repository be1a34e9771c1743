"""Endorsement_Received_Info.csv / Endorsement_Given_Info.csv. URLs have no scheme; the Sep-2022 legacy
`Endorsement Received Info.csv` is a UTF-16 TSV with an extra `Display Status`."""

from linkedin_audit.ingest.sources.spec import SourceSpec, col

RECEIVED = SourceSpec(
    name="endorsements_received",
    basenames=("Endorsement_Received_Info.csv",),
    columns=(
        col("endorsement_date", parse="li_ts"),
        col("skill_name"),
        col("first_name", "Endorser First Name", pii=True),
        col("last_name", "Endorser Last Name", pii=True),
        col("public_url", "Endorser Public Url", pii=True),
        col("endorsement_status"),
        col("display_status"),
    ),
    required=("endorsement_date", "skill_name"),
)

GIVEN = SourceSpec(
    name="endorsements_given",
    basenames=("Endorsement_Given_Info.csv",),
    columns=(
        col("endorsement_date", parse="li_ts"),
        col("skill_name"),
        col("first_name", "Endorsee First Name", pii=True),
        col("last_name", "Endorsee Last Name", pii=True),
        col("public_url", "Endorsee Public Url", pii=True),
        col("endorsement_status"),
    ),
    required=("endorsement_date", "skill_name"),
)
