"""What the replies notebook says when there is little or nothing: true empty states, curves only for
directions that have something to draw, and the conversations left out of the reply rates, by sender.

Why: "no thread you started has a reply yet" is false for a member who started none, and a flat 0 % curve
drawn for a direction without a single conversation reads as "nobody ever answers". A member reading "left
out: brands" should see which senders those were (in 2018-2020 exports they are recognised by their look).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from linkedin_audit.analyses import replies
from linkedin_audit.db import relation_exists
from linkedin_audit.report.chart_frames import km_for_chart

CURVE_LABELS = {True: "others answering you", False: "you answering others"}


def _base(convs: pl.DataFrame, started_by_me: bool) -> pl.DataFrame:
    return convs.filter(~pl.col("excluded") & (pl.col("started_by_me") == started_by_me))


def no_latency_text(convs: pl.DataFrame | None, started_by_me: bool) -> str:
    """The empty state of a latency chart, saying what is true."""
    base = pl.DataFrame() if convs is None else _base(convs, started_by_me)
    n = base.height
    if started_by_me:
        if n == 0:
            return "You started no conversations in this export, so there is no reply time to show."
        return f"None of the {n:,} conversations you started has had a reply yet."
    if n == 0:
        return "No one started a conversation with you in this export."
    return f"You have not answered any of the {n:,} conversations others started."


def reply_curves(convs: pl.DataFrame | None, now: dt.datetime | None) -> pl.DataFrame | None:
    """The time-to-first-reply curves of the directions that have at least one reply (a direction with no
    conversation, or none answered, draws no flat 0 % line); None when neither has."""
    if convs is None or now is None:
        return None
    curves = []
    for mine, label in CURVE_LABELS.items():
        base = _base(convs, mine)
        if base.height == 0 or base["first_reply_latency_s"].drop_nulls().len() == 0:
            continue
        curve = km_for_chart(replies.time_to_first_reply(convs, now, mine))
        curves.append(curve.with_columns(pl.lit(label).alias("who")))
    return pl.concat(curves) if curves else None


def no_curve_text(convs: pl.DataFrame | None) -> str:
    """Why no time-to-reply curve is drawn."""
    if convs is None or convs.filter(~pl.col("excluded")).height == 0:
        return "No conversations in the export, so there is no time-to-reply curve."
    return "No conversation in the export has had a reply yet, so there is no time-to-reply curve."


def excluded_senders(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """Conversations left out of the reply rates, by sender (not the owner) and reason in words: how many
    conversations each sender had that were left out. None when nothing was left out."""
    if not (relation_exists(con, "conversations") and relation_exists(con, "conversation_messages")):
        return None
    frame = con.sql("""
        SELECT coalesce(m.sender_name, '(no name)') AS sender, c.exclusion_reason AS reason,
               count(DISTINCT c.conversation_id) AS conversations
        FROM conversations c
        JOIN conversation_messages m ON m.conversation_id = c.conversation_id
        WHERE c.excluded AND NOT coalesce(m.is_from_me, false)
          AND m.sender_name IS NOT NULL
        GROUP BY ALL ORDER BY conversations DESC, sender""").pl()
    if frame.height == 0:
        return None
    return frame.with_columns(pl.col("reason").replace(replies.EXCLUSION_WORDS).alias("why left out")).select(
        "sender", "why left out", "conversations"
    )
