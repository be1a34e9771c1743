"""Invitations.csv: sent and received invitations of the last months before the export. The profile-URL
columns (camelCase in the file) exist since late 2023."""

from linkedin_audit.ingest.sources.spec import SourceSpec, col

SPEC = SourceSpec(
    name="invitations",
    basenames=("Invitations.csv",),
    columns=(
        col("from_name", "From", pii=True),
        col("to_name", "To", pii=True),
        col("sent_at", "Sent At", parse="li_ts"),
        col("message", pii=True, long_text=True),
        col("direction"),
        col("inviter_profile_url", "inviterProfileUrl", pii=True),
        col("invitee_profile_url", "inviteeProfileUrl", pii=True),
    ),
    required=("from_name", "to_name", "sent_at", "direction"),
)
