"""The report's action lists: complete frames of people and texts a member can act on.

Why complete: a list that stops at "first 25 of 136" cannot be worked through; the page makes each one
sortable, filterable and downloadable (see notebook_helpers.action_table). Each function returns None
when the relations it needs are absent, and keeps `profile_url` so unredacted reports can link names.
Nothing is measured here: the classes, kinds and outcomes come from the analyses' relations."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from linkedin_audit.analyses import recency, ties
from linkedin_audit.analyses.common import as_of
from linkedin_audit.config import thresholds_in_use
from linkedin_audit.db import relation_exists as exists
from linkedin_audit.report.chart_frames import NOTE_KIND_LABELS

STALE_PENDING_DAYS = 21  # an outgoing invitation unanswered for three weeks is a candidate to withdraw
PREVIEW_CHARS = 160

# (anchor, title, CSV file name) of every list, in the order the report shows them.
LISTS = (
    ("list-dormant", "Dormant ties worth reviving", "dormant-ties.csv"),
    ("list-follow", "Invited with a canned invitation, never talked to", "follow-instead.csv"),
    ("list-unanswered", "Messages waiting for your answer", "unanswered-messages.csv"),
    ("list-pending", "Your invitations pending for more than three weeks", "pending-invitations.csv"),
    ("list-incoming", "Invitations waiting for you", "incoming-invitations.csv"),
    ("list-templates", "Your templates", "templates.csv"),
)


def _as_of(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    return as_of(con)  # the analyses' "now" (never before the newest record)


def _ties_with_profiles(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return con.sql(
        "SELECT t.*, pp.profile_url, round(t.score, 1) AS score_shown "
        "FROM tie_strength t LEFT JOIN people pp ON pp.person_id = t.person_id"
    ).pl()


def dormant_ties(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """Ties where the member took part and then went silent, strongest first (the rule is
    ties.dormant_worth_reviving's: the list and the analysis cannot disagree)."""
    if not exists(con, "tie_strength"):
        return None
    chosen = ties.dormant_worth_reviving(_ties_with_profiles(con), limit=None)
    return chosen.sort(["score", "contact_days", "name"], descending=[True, True, False]).select(
        "name",
        "profile_url",
        "company",
        "position",
        pl.col("contact_days").alias("days_in_contact"),
        pl.col("last_contact_at").dt.date().alias("last_contact"),
        pl.col("days_since_last_contact").alias("days_silent"),
        pl.col("score_shown").alias("score"),
    )


def follow_instead(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """Connections the member invited with a canned invitation and never talked to, newest connection first
    (the rule is ties.canned_never_interacted's, the member's own invitations only: the advice "follow
    instead of connecting, or write a note" speaks to invitations the member sent, not ones they accepted)."""
    if not exists(con, "tie_strength"):
        return None
    chosen = ties.canned_never_interacted(_ties_with_profiles(con)).filter(
        pl.col("invitation_direction") == "outgoing"
    )
    return chosen.sort(["connected_on", "name"], descending=[True, False], nulls_last=True).select(
        "name",
        "profile_url",
        "company",
        "position",
        "connected_on",
        pl.col("invitation_note_kind").replace(NOTE_KIND_LABELS).alias("note"),
    )


UNANSWERED = """
    FROM conversations c
    JOIN messages m ON m.message_id = c.first_message_id
    JOIN (SELECT conversation_id, max(sent_at) AS last_at FROM messages GROUP BY 1) l
        ON l.conversation_id = c.conversation_id
    LEFT JOIN people pp ON pp.person_id = c.starter_person_id
    WHERE NOT c.started_by_me AND NOT c.excluded AND c.first_reply_at IS NULL AND c.n_messages_from_me = 0"""
"""Conversations real people started that the member never answered (sponsored, spam, hidden senders and
anything else the reply analysis leaves out are not among them)."""


def answer_start(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """The start of the "Answer" list's window: `[recent] months` before the export (docs/metrics.md,
    "Past behaviour"). A conversation whose newest message is older is no longer worth answering: counted,
    not listed."""
    return recency.cutoff(_as_of(con), thresholds_in_use(con).recent_months)


def unanswered(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """The unanswered conversations (UNANSWERED) whose newest message is within the window (answer_start),
    newest first."""
    if not (exists(con, "conversations") and exists(con, "messages")):
        return None
    start = answer_start(con)
    return con.sql(
        f"""
        SELECT coalesce(pp.name, m.sender_name) AS name, pp.profile_url, c.first_message_at AS received,
               c.n_messages AS messages, left(coalesce(m.content_text, m.subject, ''), {PREVIEW_CHARS})
                   || CASE WHEN length(coalesce(m.content_text, '')) > {PREVIEW_CHARS} THEN '…' ELSE '' END
                   AS first_message
        {UNANSWERED} AND ($start IS NULL OR l.last_at >= $start)
        ORDER BY c.first_message_at DESC""",
        params={"start": start},
    ).pl()


def unanswered_older(con: duckdb.DuckDBPyConnection) -> int:
    """How many unanswered conversations (UNANSWERED) are older than the window: counted, not listed."""
    start = answer_start(con)
    if start is None or not (exists(con, "conversations") and exists(con, "messages")):
        return 0
    row = con.execute(f"SELECT count(*) {UNANSWERED} AND l.last_at < $start", {"start": start}).fetchall()
    return int(row[0][0])


def unanswered_note(con: duckdb.DuckDBPyConnection, empty: bool = False) -> str:
    """The line under the "Answer" list (`empty`: the line instead of it): its window, the older ones
    counted."""
    months = thresholds_in_use(con).recent_months
    older = unanswered_older(con)
    if empty and not older:
        return "Every conversation someone else started got your answer."
    line = (
        f"No conversation someone else started in the last {months} months waits for your answer."
        if empty
        else f"Conversations whose newest message came in the last {months} months."
    )
    if older:
        line += (
            f" {older:,} older unanswered conversation{'s' * (older > 1)} (newest message more than {months} "
            f"months before the export) {'are' if older > 1 else 'is'} counted here, not listed."
        )
    return line


def pending_outgoing(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """Outgoing invitations not accepted and older than three weeks at the export date: oldest first."""
    now = _as_of(con)
    if not exists(con, "invitation_outcomes") or now is None:
        return None
    return con.sql(
        """
        SELECT coalesce(pp.name, o.counterparty_name) AS name, pp.profile_url, o.sent_at::DATE AS sent,
               date_diff('day', o.sent_at::DATE, $now::DATE) AS days_waiting,
               replace(o.note_kind, '_', ' ') AS note
        FROM invitation_outcomes o LEFT JOIN people pp ON pp.person_id = o.counterparty_person_id
        WHERE o.pending AND o.sent_at < $now - to_days($days)
        ORDER BY o.sent_at, name""",
        params={"now": now, "days": STALE_PENDING_DAYS},
    ).pl()


def incoming_waiting(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """Incoming invitations whose sender is not (yet) a connection, newest first, with the note's kind and
    whether the sender had ever messaged the member before inviting."""
    if not (exists(con, "invitation_notes") and exists(con, "invitations")):
        return None
    connected = (
        (
            "AND i.counterparty_person_id NOT IN (SELECT person_id FROM connections "
            "WHERE person_id IS NOT NULL)"
        )
        if exists(con, "connections")
        else ""
    )
    return con.sql(f"""
        SELECT coalesce(pp.name, i.counterparty_name) AS name, pp.profile_url, i.sent_at::DATE AS received,
               replace(n.note_kind, '_', ' ') AS note,
               CASE WHEN n.recipient_is_stranger THEN 'yes' WHEN NOT n.recipient_is_stranger THEN 'no'
                    ELSE 'unknown' END AS stranger,
               i.message AS note_text
        FROM invitation_notes n JOIN invitations i USING (invitation_id)
        LEFT JOIN people pp ON pp.person_id = i.counterparty_person_id
        WHERE n.direction = 'incoming' {connected}
        ORDER BY i.sent_at DESC, name""").pl()


def my_templates(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """The member's own templates (never others' notes to the member), full masked text, with how often
    each worked: the reply rate within 7 days of the conversations a message template opened, the acceptance
    rate of a note template."""
    if not exists(con, "templates"):
        return None
    replies = (
        "SELECT first_message_template_id AS template_id, count(*) FILTER (WHERE NOT censored_7d) "
        "AS judged, count(*) FILTER (WHERE replied_7d AND NOT censored_7d) AS worked "
        "FROM conversations WHERE started_by_me AND NOT excluded GROUP BY 1"
        if exists(con, "conversations")
        else "SELECT NULL::VARCHAR AS template_id, 0 AS judged, 0 AS worked WHERE false"
    )
    accepted = (
        "SELECT n.template_id, count(*) AS judged, count(*) FILTER (WHERE o.accepted) AS worked "
        "FROM invitation_notes n JOIN invitation_outcomes o USING (invitation_id) "
        "WHERE n.direction = 'outgoing' GROUP BY 1"
        if exists(con, "invitation_notes") and exists(con, "invitation_outcomes")
        else "SELECT NULL::VARCHAR AS template_id, 0 AS judged, 0 AS worked WHERE false"
    )
    return con.sql(f"""
        WITH outcome AS ({replies} UNION ALL {accepted})
        SELECT t.template_id, CASE t.kind WHEN 'message' THEN 'message' ELSE 'invitation note' END AS kind,
               t.n::BIGINT AS uses, t.first_used::DATE AS first_used, t.last_used::DATE AS last_used,
               CASE WHEN t.kind = 'message' THEN 'replied within 7 days' ELSE 'accepted' END AS outcome,
               o.judged::BIGINT AS judged,
               CASE WHEN o.judged > 0 THEN o.worked / o.judged END AS rate,
               t.masked_text AS text
        FROM templates t LEFT JOIN outcome o USING (template_id)
        WHERE t.kind <> 'incoming_invitation_note'
        ORDER BY t.n DESC, t.template_id""").pl()


def all_lists(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame | None]:
    """Every list by its anchor (see LISTS)."""
    return {
        "list-dormant": dormant_ties(con),
        "list-follow": follow_instead(con),
        "list-unanswered": unanswered(con),
        "list-pending": pending_outgoing(con),
        "list-incoming": incoming_waiting(con),
        "list-templates": my_templates(con),
    }
