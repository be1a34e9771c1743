"""messages.csv in every era: 2018 `Messages.csv` (Direction, SENT folder), 2020 upper-case 7 columns,
2021+ 9/10/11/12 columns with conversation ids, profile URLs, attachments and draft flags, 2026 fully
quoted. One spec: columns map by name, absent ones are NULL."""

from linkedin_audit.ingest.sources.spec import SourceSpec, col

SPEC = SourceSpec(
    name="messages",
    basenames=("messages.csv",),
    columns=(
        col("conversation_id", "Conversation ID"),
        col("conversation_title", pii=True),
        col("from_name", "From", pii=True),
        col("sender_profile_url", pii=True),
        col("to_names", "To", pii=True),
        col("recipient_profile_urls", pii=True),
        col("date", parse="li_ts"),
        col("subject", pii=True),
        col("content", pii=True, long_text=True),
        col("folder"),
        col("attachments"),
        col("is_message_draft"),
        col("is_conversation_draft"),
        col("direction"),
    ),
    required=("from_name", "date", "content"),
)

# The AI-coach and guide inboxes share the messages header but are not the member's conversations.
COACH = SourceSpec(
    name="coach_messages",
    basenames=(
        "coach_messages.csv",
        "guide_messages.csv",
        "learning_coach_messages.csv",
        "learning_role_play_messages.csv",
        "LearningCoachMessages.csv",
    ),
    treatment="raw",
)
