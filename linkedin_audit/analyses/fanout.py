"""One action is one event: a send to several people at once (relation `multi_sends`; metrics
max_multi_send_recipients, multi_send_count), and the action streams every rate, burst train and regularity
measure counts (analyses/bursts.py, analyses/automation.py).

Why: LinkedIn's "send to several people" (sharing a post or a profile) writes one message per recipient, each
in its own conversation, in the same second; the old "message several connections" opened one conversation
per recipient with one identical text within seconds. Counted message by message, one click reads as a
bot sending 600 a minute. It is one action with N recipients: evidence of mass messaging ("duplicate or
similar messages to many people"), never of bot speed.

Definition (docs/metrics.md, "Sends to several people at once"):
- Over the member's sent messages (view `sent_messages`), text = `text.normalise(content_text)` (NFKC, tags
  stripped, lower case, whitespace folded; no masking: a message that names each recipient was written for
  each, and a mail-merge is a template, not one click). An empty text is a text too (a shared post or
  profile carries none).
- Sorted by (text, sent_at), a chain is a maximal run of the same text whose consecutive sends are at most
  `MULTI_SEND_GAP_S` apart (or the stream's resolution, 60 s when every time is on a whole minute, if larger).
- A chain reaching two or more different conversations is one multi-send: one action, its recipients the
  number of different conversations, its time the chain's first send. Any other message is its own action.
- The `messages` action stream holds one time per action; the `thread_starts` action stream one time per
  conversation the member started, the conversations one multi-send started counting once.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import polars as pl

from linkedin_audit.analyses.common import Metric, fetch_frame
from linkedin_audit.analyses.windows import clock_resolution
from linkedin_audit.config import Thresholds
from linkedin_audit.db import relation_exists, require
from linkedin_audit.text import normalise_all

MULTI_SEND_GAP_S = 20
"""Consecutive sends of one text at most this far apart belong to one action (the 2015-2017 "message several
connections" wrote 22 conversations in 11 s; a person retyping or pasting a text takes longer)."""

METRICS = ("max_multi_send_recipients", "multi_send_count")
"""The metrics `multi_send_metrics` returns (the bursts step reports them)."""

SCHEMA: dict[str, pl.DataType] = {
    "multi_send_id": pl.Int64(),
    "start_at": pl.Datetime("us"),
    "end_at": pl.Datetime("us"),
    "recipients": pl.Int64(),
    "messages": pl.Int64(),
    "new_conversations": pl.Int64(),
    "has_text": pl.Boolean(),
    "message_ids": pl.List(pl.Int64()),
}


SENT_SQL = """
    WITH sent AS (
        SELECT message_id, coalesce(conversation_id, 'message-' || message_id) AS conversation,
               CAST(epoch(sent_at) AS BIGINT) AS t, content_text
        FROM sent_messages WHERE sent_at IS NOT NULL
    ),
    spaced AS (
        SELECT *, coalesce(t - lag(t) OVER byt <= ? OR lead(t) OVER byt - t <= ?, false) AS near
        FROM sent WINDOW byt AS (ORDER BY t)
    )
    SELECT message_id, conversation, t, CASE WHEN near THEN content_text END AS content_text, near
    FROM spaced"""
"""Every sent message, its text only where another send (of any text) is at most the chain gap away."""


def sent_messages(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """message_id, conversation (never null), t (epoch seconds) of every sent message, and the normalised
    `text` of those that can be part of a multi-send: another sent message, of any text, at most the chain
    gap away (`chain_gap`). A message with none is a chain of its own whatever its text, so the others' text
    (null) is neither read nor normalised: about half of a max-scale export's 500,000 (`actions` keeps
    them out of every chain)."""
    times = con.sql("SELECT CAST(epoch(sent_at) AS BIGINT) AS t FROM sent_messages WHERE sent_at IS NOT NULL")
    gap = chain_gap(times.fetchnumpy()["t"])
    frame = fetch_frame(con.sql(SENT_SQL, params=[gap, gap]))
    near = frame["near"]
    text = normalise_all(frame["content_text"].filter(near).fill_null(""))
    return frame.select("message_id", "conversation", "t").with_columns(
        text=pl.Series("text", [None] * frame.height, dtype=pl.String).scatter(near.arg_true(), text)
    )


def chain_gap(times: np.ndarray) -> int:
    """The largest gap between consecutive sends of one chain: MULTI_SEND_GAP_S, or the stream's resolution
    if larger."""
    return max(MULTI_SEND_GAP_S, clock_resolution(times, 1))


def actions(sent: pl.DataFrame, gap: int | None = None) -> pl.DataFrame:
    """Every sent message with its `action` (a multi-send's chain number, else a number of its own),
    `action_t` (the action's first send) and `multi` (part of a multi-send). A null `text` (a message no other
    send is near: `sent_messages`) is a chain of its own. `gap`: the chain gap of the whole stream (default:
    of `sent`'s times)."""
    gap = chain_gap(sent["t"].to_numpy()) if gap is None else gap
    lone = sent.filter(pl.col("text").is_null())
    chained = (
        sent.filter(pl.col("text").is_not_null())
        .sort(["text", "t", "message_id"])
        .with_columns(
            chain=((pl.col("text") != pl.col("text").shift()) | ((pl.col("t") - pl.col("t").shift()) > gap))
            .fill_null(True)
            .cum_sum()
        )
    )
    multi = chained.group_by("chain").agg(pl.col("conversation").n_unique().alias("reach"))
    chained = chained.join(multi, on="chain").with_columns(multi=pl.col("reach") >= 2)
    lone = lone.with_columns(
        chain=pl.lit(None).cast(chained.schema["chain"]),
        reach=pl.lit(1).cast(chained.schema["reach"]),
        multi=pl.lit(False),
    )
    return (
        pl.concat([chained, lone.select(chained.columns)])
        .with_columns(
            action=pl.when(pl.col("multi")).then(pl.col("chain")).otherwise(-pl.col("message_id") - 1),
        )
        .with_columns(action_t=pl.col("t").min().over("action"))
    )


def by_action(sent: pl.DataFrame) -> pl.DataFrame:
    """Sent messages (message_id, conversation_key, sent_at, h1 and h2: the text's hash) grouped into actions:
    one row per action with `messages` and `template_id` (any of its messages'), `text_kind` (its first's).
    The templates step counts the templated share over these (it runs before `multi_sends` exists): a text
    sent to several conversations within MULTI_SEND_GAP_S is one action, not N uses of a template."""
    t = pl.col("sent_at").dt.epoch("s")
    gap = chain_gap(sent.select(t).to_series().to_numpy())
    same = (pl.col("h1") == pl.col("h1").shift()) & (pl.col("h2") == pl.col("h2").shift())
    chained = (
        sent.with_columns(t=t)
        .sort(["h1", "h2", "t", "message_id"])
        .with_columns(chain=(~same | ((pl.col("t") - pl.col("t").shift()) > gap)).fill_null(True).cum_sum())
        .with_columns(reach=pl.col("conversation_key").n_unique().over("chain"))
        .with_columns(
            action=pl.when(pl.col("reach") >= 2).then(pl.col("chain")).otherwise(-pl.col("message_id") - 1)
        )
    )
    return chained.group_by("action").agg(
        pl.len().alias("messages"),
        pl.col("template_id").drop_nulls().first(),
        pl.col("text_kind").first(),
        pl.col("sent_at").min(),
    )


def multi_sends(acts: pl.DataFrame, started: set[int]) -> pl.DataFrame:
    """The `multi_sends` relation: one row per send to several people at once, oldest first. `started`: the
    first_message_id of every conversation the member started."""
    rows = (
        acts.filter(pl.col("multi"))
        .sort("t", "message_id")
        .group_by("action", maintain_order=True)
        .agg(
            pl.col("t").min().alias("start"),
            pl.col("t").max().alias("end"),
            pl.col("conversation").n_unique().alias("recipients"),
            pl.len().alias("messages"),
            pl.col("message_id").is_in(list(started)).sum().alias("new_conversations"),
            (pl.col("text").first() != "").alias("has_text"),
            pl.col("message_id").alias("message_ids"),
        )
        .sort("start", "action")
    )
    return pl.DataFrame(
        {
            "multi_send_id": list(range(1, rows.height + 1)),
            "start_at": pl.from_epoch(rows["start"], time_unit="s").cast(pl.Datetime("us")),
            "end_at": pl.from_epoch(rows["end"], time_unit="s").cast(pl.Datetime("us")),
            "recipients": rows["recipients"],
            "messages": rows["messages"],
            "new_conversations": rows["new_conversations"],
            "has_text": rows["has_text"],
            "message_ids": rows["message_ids"],
        },
        schema=SCHEMA,
    )


def build(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, int]:
    """(the `multi_sends` relation, the number of sent messages), from `sent_messages` and `conversations`."""
    require(con, "multi_sends", "messages", "conversations")
    sent = sent_messages(con)
    started = fetch_frame(con.sql("SELECT first_message_id FROM conversations WHERE started_by_me"))
    return multi_sends(actions(sent), set(started["first_message_id"].to_list())), sent.height


ACTIONS_SQL = {
    "messages": """
        WITH members AS (SELECT multi_send_id, unnest(message_ids) AS message_id FROM multi_sends)
        SELECT CAST(epoch(min(m.sent_at)) AS BIGINT) AS t
        FROM sent_messages m LEFT JOIN members s USING (message_id)
        WHERE m.sent_at IS NOT NULL
        GROUP BY coalesce(s.multi_send_id, -m.message_id - 1)""",
    "thread_starts": """
        WITH members AS (SELECT multi_send_id, unnest(message_ids) AS message_id FROM multi_sends)
        SELECT CAST(epoch(min(c.first_message_at)) AS BIGINT) AS t
        FROM conversations c LEFT JOIN members s ON s.message_id = c.first_message_id
        WHERE c.started_by_me AND c.first_message_at IS NOT NULL
        GROUP BY coalesce(s.multi_send_id, -c.first_message_id - 1)""",
}
"""One time per action of the `messages` and `thread_starts` streams, once `multi_sends` exists."""


def action_seconds(con: duckdb.DuckDBPyConnection, stream: str) -> np.ndarray:
    """Sorted action times (int64 epoch seconds) of `messages` or `thread_starts` (`multi_sends` read)."""
    values = con.execute(ACTIONS_SQL[stream]).fetchnumpy()["t"]
    return np.sort(np.asarray(values, dtype=np.int64))


PEOPLE, SENDS = "people reached by one send", "sends to several people at once"
"""The populations of max_multi_send_recipients and multi_send_count (`Metric.population`)."""


def multi_send_metrics(sends: pl.DataFrame, n_sent: int, thresholds: Thresholds) -> list[Metric]:
    """max_multi_send_recipients (banded `multi_send_recipients`) and multi_send_count (context)."""
    minimum = thresholds.min("sends")
    if n_sent < minimum:
        why = f"only {n_sent} sent messages (need at least {minimum})"
        return [Metric(m, None, "not_enough_data", why) for m in METRICS]
    if sends.height == 0:
        return [
            Metric(
                "max_multi_send_recipients",
                0.0,
                thresholds.status("multi_send_recipients", 0),
                "none",
                numerator=0.0,
                population=PEOPLE,
            ),
            Metric("multi_send_count", 0.0, "info", f"none among {n_sent} sent messages", 0.0, None, SENDS),
        ]
    top = sends.sort(["recipients", "start_at"], descending=[True, False]).row(0, named=True)
    largest = int(top["recipients"])
    what = "with one identical text" if top["has_text"] else "with no text (a shared post or profile)"
    n_msgs = int(sends["messages"].sum())
    return [
        Metric(
            "max_multi_send_recipients",
            float(largest),
            thresholds.status("multi_send_recipients", largest),
            f"{largest} people at {top['start_at']:%Y-%m-%d %H:%M:%S} UTC, {what}",
            numerator=float(largest),
            population=PEOPLE,
            period_start=top["start_at"],
            period_end=top["start_at"],
            at=top["start_at"],
        ),
        Metric(
            "multi_send_count",
            float(sends.height),
            "info",
            f"{sends.height} sends to several people at once, {n_msgs} of {n_sent} sent messages",
            numerator=float(sends.height),
            population=SENDS,
        ),
    ]


def since(sends: pl.DataFrame, start: dt.datetime | None) -> pl.DataFrame:
    """The sends to several people at once from `start` on (all without a start): analyses/recency.py."""
    return sends if start is None else sends.filter(pl.col("start_at") >= start)


def multi_send_table(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """`multi_sends` as the report lists it (when, how many people, new conversations, with text), oldest
    first; None before the bursts step has run."""
    if not relation_exists(con, "multi_sends"):
        return None
    return fetch_frame(
        con.sql(
            "SELECT start_at, recipients, new_conversations, "
            "CASE WHEN has_text THEN 'yes' ELSE 'no' END AS has_text FROM multi_sends ORDER BY start_at"
        )
    )
