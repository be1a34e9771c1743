"""Contacts.csv (2022+) and its 2018 name Imported Contacts.csv: address-book uploads, not LinkedIn ties.
Also Email Addresses.csv, the owner's own addresses."""

from linkedin_audit.ingest.sources.spec import SourceSpec, col

CONTACTS = SourceSpec(
    name="contacts",
    basenames=("Contacts.csv", "Imported Contacts.csv"),
    columns=(
        col("source"),
        col("first_name", "FirstName", pii=True),
        col("last_name", "LastName", pii=True),
        col("companies"),
        col("title"),
        col("emails", "Email Address", pii=True),
        col("phone_numbers", "PhoneNumbers", pii=True),
        col("created_at", "CreatedAt", parse="li_ts"),
        col("addresses", pii=True),
        col("sites"),
        col("instant_message_handles", "InstantMessageHandles", pii=True),
        col("full_name", "FullName", pii=True),
        col("birthday", pii=True),
        col("location"),
        col("bookmarked_at", "BookmarkedAt"),
        col("profiles", pii=True),
    ),
    required=("first_name", "last_name"),
    complete_only=True,
)

EMAIL_ADDRESSES = SourceSpec(
    name="email_addresses",
    basenames=("Email Addresses.csv",),
    columns=(
        col("email_address", pii=True),
        col("confirmed"),
        col("primary"),
        col("updated_on", parse="li_ts"),
    ),
    required=("email_address",),
)
