"""Do people accept the member's invitations? (docs/metrics.md "Invitation acceptance")

An outgoing invitation is **accepted** when its counterparty is matched in `connections` (by `url_key`,
else `name_key`; the model's `person_connections`) with `connected_on >= sent_at::DATE`; `accepted_on` is the
earliest such date and `days_to_accept` = accepted_on - sent_at::DATE. Every other outgoing invitation is
**pending** (ignored, withdrawn or still open: the export cannot tell them apart).

Invitations.csv lists only the months before each export, so every rate here is over the window the
merged exports cover (first to last outgoing invitation), never over the member's whole history; the
metric detail names that window. Invitations sent shortly before the export have had little time to be
accepted: the monthly table shows it, the headline rate does not hide it (it is the issue's definition).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from linkedin_audit.analyses.common import INVITATIONS, Metric, fetch_frame, share_metric, write_table
from linkedin_audit.config import Thresholds
from linkedin_audit.db import require

METRICS = ("invite_acceptance_rate", "not_accepted_invite_share", "pending_invites")
"""The headline metrics `materialize` returns, in order."""

_OUTCOMES_SQL = """
WITH outgoing AS (
    SELECT invitation_id, sent_at, counterparty_person_id, counterparty_name, counterparty_url_key
    FROM sent_invitations
),
person_connection AS (
    SELECT DISTINCT person_id, connected_on FROM person_connections WHERE connected_on IS NOT NULL
),
candidates AS (
    -- by the counterparty's person (url_key, else name_key, as person_connections spells out) ...
    SELECT o.invitation_id, pc.connected_on
    FROM outgoing o JOIN person_connection pc ON pc.person_id = o.counterparty_person_id
    UNION ALL
    -- ... and by the invitation's own URL, in case identity gave the counterparty no person.
    SELECT o.invitation_id, c.connected_on
    FROM outgoing o JOIN connections c ON c.url_key = o.counterparty_url_key
),
accepted AS (
    SELECT c.invitation_id, min(c.connected_on) AS accepted_on
    FROM candidates c JOIN outgoing o USING (invitation_id)
    WHERE c.connected_on >= CAST(o.sent_at AS DATE)
    GROUP BY c.invitation_id
),
notes AS (SELECT invitation_id, note_kind FROM invitation_notes WHERE direction = 'outgoing')
SELECT
    o.invitation_id,
    o.sent_at,
    CAST(date_trunc('month', o.sent_at) AS DATE) AS sent_month,
    o.counterparty_person_id,
    o.counterparty_name,
    a.accepted_on IS NOT NULL AS accepted,
    a.accepted_on,
    CAST(a.accepted_on - CAST(o.sent_at AS DATE) AS BIGINT) AS days_to_accept,
    a.accepted_on IS NULL AS pending,
    n.note_kind
FROM outgoing o
LEFT JOIN accepted a USING (invitation_id)
LEFT JOIN notes n USING (invitation_id)
ORDER BY o.sent_at, o.invitation_id
"""
INPUTS = ("invitations", "connections", "person_connections", "invitation_notes")
"""What `invitation_outcomes` reads: the model, and `invitation_notes` from the invites step."""


def invitation_outcomes(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per outgoing invitation with its outcome (columns in docs/schema.md)."""
    require(con, "invitation_outcomes", *INPUTS)
    return fetch_frame(con.sql(_OUTCOMES_SQL))


def _rate_table(outcomes: pl.DataFrame, key: str) -> pl.DataFrame:
    return (
        outcomes.group_by(key)
        .agg(
            pl.len().alias("invitations"),
            pl.col("accepted").sum().alias("accepted"),
            pl.col("days_to_accept").median().alias("median_days_to_accept"),
        )
        .with_columns((pl.col("accepted") / pl.col("invitations")).alias("acceptance_rate"))
        .sort(key, nulls_last=True)
    )


def acceptance_by_month(outcomes: pl.DataFrame) -> pl.DataFrame:
    """Acceptance per month of sending (sent_month, invitations, accepted, median_days_to_accept,
    acceptance_rate). Only months with outgoing invitations appear: months outside every export's window
    have none, and a rate of 0 there would be a fiction."""
    return _rate_table(outcomes, "sent_month")


def acceptance_by_note_kind(outcomes: pl.DataFrame) -> pl.DataFrame:
    """Acceptance per invitation note kind (`vocabulary.NOTE_KINDS`)."""
    return _rate_table(outcomes, "note_kind")


def coverage(outcomes: pl.DataFrame) -> str:
    """The window the merged exports' outgoing invitations cover, e.g. `2025-07-03 to 2026-02-27`."""
    if outcomes.height == 0:
        return "no outgoing invitations"
    first, last = outcomes["sent_at"].dt.date().min(), outcomes["sent_at"].dt.date().max()
    return f"sent {first!s} to {last!s}"


def materialize(con: duckdb.DuckDBPyConnection, thresholds: Thresholds) -> list[Metric]:
    """Create `invitation_outcomes`; return invite_acceptance_rate, not_accepted_invite_share (ignored or
    still pending: the share the "ignored, left pending" trigger names) and pending_invites, all three with
    the trigger's one verdict (`pending_verdict`)."""
    outcomes = invitation_outcomes(con)
    write_table(con, "invitation_outcomes", outcomes)
    total = outcomes.height
    accepted = int(outcomes["accepted"].sum()) if total else 0
    minimum = thresholds.min("invitations")
    window = coverage(outcomes)
    pending_count = total - accepted
    verdict = pending_verdict(pending_count, total, thresholds)
    first: dt.datetime | None = outcomes["sent_at"].min() if total else None  # type: ignore[assignment]
    last: dt.datetime | None = outcomes["sent_at"].max() if total else None  # type: ignore[assignment]
    period = (first, last)
    rate = share_metric(
        "invite_acceptance_rate",
        accepted,
        total,
        minimum,
        f"outgoing invitations ({window})",
        lambda _v: verdict,
        population=INVITATIONS,
        period=period,
    )
    not_accepted = share_metric(
        "not_accepted_invite_share",
        pending_count,
        total,
        minimum,
        f"outgoing invitations ignored or still pending ({window})",
        lambda _v: verdict,
        population=INVITATIONS,
        period=period,
    )
    enough = total >= minimum
    pending = Metric(
        "pending_invites",
        float(pending_count) if enough else None,
        verdict if enough else "not_enough_data",
        f"{pending_count} of {total} outgoing invitations not accepted ({window})"
        if enough
        else f"only {total} outgoing invitations (need at least {minimum})",
        numerator=float(pending_count),
        denominator=float(total),
        population=INVITATIONS,
        period_start=first,
        period_end=last,
    )
    return [rate, not_accepted, pending]


_WORST = ("ok", "watch", "high")


def pending_verdict(pending: int, total: int, thresholds: Thresholds) -> str:
    """The one verdict of the trigger "many invitations ignored, left pending": the worse of the volume
    (`pending_invites` band: many pending invitations are a risk even at a good acceptance rate) and the
    share not accepted (`not_accepted_share` band), the share counting only from `pending_for_share`
    invitations not accepted (a high share of a handful is not a risk). `invite_acceptance_rate`,
    `not_accepted_invite_share` and `pending_invites` all carry it: one number, one verdict."""
    if total == 0:
        return "not_enough_data"
    volume = thresholds.status("pending_invites", pending)
    share = (
        thresholds.status("not_accepted_share", pending / total)
        if pending >= thresholds.min("pending_for_share")
        else "ok"
    )
    return max(volume, share, key=_WORST.index)
