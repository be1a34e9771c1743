"""Canned invitations (relation `invitation_notes`; metrics `canned_invite_share` and its parts).

Definitions (docs/metrics.md, "Invitation notes"; minimum `invitations`, over outgoing invitations):
- `note_kind`: `no_note` when the note is empty; `default_text` when the normalised note is LinkedIn's stock
  text or a close variant (`text.is_default_invitation_text`); `template` when its masked text is in a
  cluster of >= 3 notes to different people (`templates.invitation_note_templates`); else `personal`.
- `recipient_is_stranger`: no non-draft message either way between the owner and the counterparty (a message
  by either of them in a conversation both take part in) with sent_at before the invitation's sent_at. An
  invitation whose counterparty is unknown (no person_id) has no such message, so it counts as a stranger.
- `canned_invite_share` = outgoing with note_kind in (no_note, default_text, template) / all outgoing;
  `no_note_invite_share`, `default_text_invite_share`, `templated_invite_share` = that kind / all outgoing;
  `canned_invite_to_stranger_share` = canned outgoing to strangers / outgoing to strangers (minimum applies
  to the outgoing-to-strangers count).
- `canned_stranger_invites_per_month` = canned outgoing invitations to strangers / months covered (first to
  last outgoing invitation, at least 1): the verdict on canned invitations (`canned_to_strangers_per_month`
  band); the shares above are context.
Free members can add a note to only about 5 invitations a month (LinkedIn Help a550555), so `no_note` is
reported apart: it is not always a choice.
"""

from __future__ import annotations

import duckdb
import polars as pl

from linkedin_audit.analyses.common import INVITATIONS, Metric, fetch_frame, share_metric, write_table
from linkedin_audit.config import Thresholds
from linkedin_audit.vocabulary import CANNED_NOTE_KINDS

METRICS = (
    "canned_invite_share",
    "no_note_invite_share",
    "default_text_invite_share",
    "templated_invite_share",
    "canned_invite_to_stranger_share",
    "canned_stranger_invites_per_month",
)
"""The headline metrics `materialize` returns, in order."""

SCHEMA = {
    "invitation_id": pl.Int64,
    "direction": pl.String,
    "sent_at": pl.Datetime("us"),
    "note_kind": pl.String,
    "template_id": pl.String,
    "recipient_is_stranger": pl.Boolean,
}


def _earlier_contact(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """invitation_id -> whether any message either way preceded it (drafts excluded)."""
    return fetch_frame(
        con.sql(
            """
        WITH me_id AS (SELECT any_value(person_id) AS pid FROM me),
        pair_msgs AS (  -- messages by the owner or the counterparty in a conversation both are in
            SELECT cp_other.person_id AS other, m.sent_at
            FROM conversation_messages m
            JOIN conversation_participants cp_other ON cp_other.conversation_id = m.conversation_id
            JOIN conversation_participants cp_me
                 ON cp_me.conversation_id = m.conversation_id AND cp_me.is_me
            WHERE NOT coalesce(cp_other.is_me, false)
              AND (m.is_from_me OR m.sender_person_id = cp_other.person_id
                   OR m.sender_person_id = (SELECT pid FROM me_id))
        ),
        first_contact AS (SELECT other, min(sent_at) AS first_at FROM pair_msgs GROUP BY other)
        SELECT i.invitation_id,
               coalesce(f.first_at < i.sent_at, false) AS had_contact
        FROM invitations i LEFT JOIN first_contact f ON f.other = i.counterparty_person_id
        """
        )
    )


def invitation_notes(con: duckdb.DuckDBPyConnection, notes: pl.DataFrame) -> pl.DataFrame:
    """The `invitation_notes` relation: every invitation (both directions) with its note_kind. `notes`:
    `templates.invitation_note_templates(con)`, which the templates step returns."""
    contact = _earlier_contact(con)
    frame = notes.join(contact, on="invitation_id", how="left").with_columns(
        note_kind=pl.when(~pl.col("has_note"))
        .then(pl.lit("no_note"))
        .when(pl.col("is_default_text"))
        .then(pl.lit("default_text"))
        .when(pl.col("template_id").is_not_null())
        .then(pl.lit("template"))
        .otherwise(pl.lit("personal")),
        recipient_is_stranger=~pl.col("had_contact").fill_null(False),
    )
    return frame.select(list(SCHEMA)).cast(SCHEMA)  # type: ignore[arg-type]


def invite_metrics(notes: pl.DataFrame, thresholds: Thresholds) -> list[Metric]:
    """Headline shares over outgoing invitations (see the module docstring)."""
    out = notes.filter(pl.col("direction") == "outgoing")
    minimum = thresholds.min("invitations")
    n = out.height
    kinds = out["note_kind"].to_list()
    canned = sum(k in CANNED_NOTE_KINDS for k in kinds)
    metrics = [
        share_metric(
            "canned_invite_share",
            canned,
            n,
            minimum,
            INVITATIONS,
        ),
        # No note is not a template: free members can add a note to only about five invitations a month.
        share_metric(
            "no_note_invite_share",
            kinds.count("no_note"),
            n,
            minimum,
            "outgoing invitations with no note (free members can add a note to about five a month; "
            "not a restriction trigger by itself)",
            population=INVITATIONS,
        ),
        share_metric(
            "default_text_invite_share",
            kinds.count("default_text"),
            n,
            minimum,
            "outgoing invitations whose note is LinkedIn's stock sentence",
            lambda v: thresholds.status("default_text_invite_share", v),
            population=INVITATIONS,
        ),
        share_metric(
            "templated_invite_share",
            kinds.count("template"),
            n,
            minimum,
            "outgoing invitations whose note is one of the member's templates",
            lambda v: thresholds.status("templated_invite_share", v),
            population=INVITATIONS,
        ),
    ]
    strangers = out.filter(pl.col("recipient_is_stranger"))
    canned_strangers = strangers.filter(pl.col("note_kind").is_in(CANNED_NOTE_KINDS)).height
    metrics.append(
        share_metric(
            "canned_invite_to_stranger_share",
            canned_strangers,
            strangers.height,
            minimum,
            "outgoing invitations to strangers",
        )
    )
    metrics.append(canned_to_strangers(out, canned_strangers, minimum, thresholds))
    return metrics


DAYS_PER_MONTH = 30.44
FREE_NOTES_PER_MONTH = (
    5  # LinkedIn Help a550555: free members can add a note to about five invitations a month
)


def canned_to_strangers(
    out: pl.DataFrame, canned_strangers: int, minimum: int, thresholds: Thresholds
) -> Metric:
    """canned_stranger_invites_per_month: canned outgoing invitations to strangers per month of the window the
    outgoing invitations cover (first to last, at least one month), banded `canned_to_strangers_per_month`.
    The seeds' complaint is canned invitations to people who do not know you, at volume: no note to a
    colleague is not it, and a free member's five notes a month are the context."""
    if out.height < minimum:
        return Metric(
            "canned_stranger_invites_per_month",
            None,
            "not_enough_data",
            f"only {out.height} outgoing invitations (need at least {minimum})",
        )
    sent = out["sent_at"].drop_nulls()
    secs = sent.dt.epoch("s").to_numpy()
    days = float(secs.max() - secs.min()) / 86400 if len(secs) else 0.0
    months = max(1.0, days / DAYS_PER_MONTH)
    rate = canned_strangers / months
    return Metric(
        "canned_stranger_invites_per_month",
        rate,
        thresholds.status("canned_to_strangers_per_month", rate),
        f"{canned_strangers} canned invitations to people you had never messaged over {months:.1f} months "
        f"(free members can add a note to about {FREE_NOTES_PER_MONTH} invitations a month)",
        numerator=float(canned_strangers),
        denominator=months,
        population="canned invitations to people you had never messaged",
        window=f"{months:.1f} months",
        period_start=sent.min() if len(sent) else None,  # type: ignore[arg-type]
        period_end=sent.max() if len(sent) else None,  # type: ignore[arg-type]
    )


def materialize(
    con: duckdb.DuckDBPyConnection, thresholds: Thresholds, note_templates: pl.DataFrame
) -> list[Metric]:
    """Write `invitation_notes` from the templates step's `note_templates`; return the canned-invite
    shares."""
    notes = invitation_notes(con, note_templates)
    write_table(con, "invitation_notes", notes)
    return invite_metrics(notes, thresholds)
