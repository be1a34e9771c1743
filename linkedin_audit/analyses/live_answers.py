"""The member's answers in a live exchange, left out of the automation measures' message stream.

Why: a scheduler sends to people on its own clock; a person in a chat answers. In a live chat the member
writes every minute or two, and on the 2018 minute clock (no seconds) such an exchange gives the member's
sends gaps of exactly 2 or 3 minutes: a "steady beat" that read "automated bots used to send at scale: high"
for a chat with one friend. So the train and clockwork measures (max_train_send_rate, min_train_gap_cv,
longest_clockwork_run and the messages stream's clockwork rows of `send_bursts`) read the member's sends
without their live answers (docs/metrics.md, "Automation inside bursts").

Definition. A conversation's *stretch* is a run of its messages with no silence over LIVE_ANSWER_S (10
minutes) between consecutive ones. A *live answer* is a message the member sent
- in a conversation with one other person (`conversations.is_group` false: in a group the message before is
  not necessarily to the member, and a scheduler posting into a busy group must stay visible),
- after a message of that person's in the same stretch (so a conversation's first message never is one, and
  the member's second line of a turn is as live as the first; at the same time the member's message comes
  first, as in `conversations`),
- when the member's sends of the 10 minutes up to it went to at most LIVE_CHATS (3) conversations: a person
  keeps two or three chats going at once; a tool answering sixty people one after the other is a bot. The
  window counts every send at the same time, whatever the rows' order in the file.
System lines (no sender name, no URL, nobody known) are nobody's message, as in `conversations`. Every other
send counts, a send to several people at once as one action (its first time, as in the `messages` stream);
an action all of whose messages are live answers drops out.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb
import numpy as np

LIVE_ANSWER_S = 600
"""The longest silence inside a stretch: the 10 minutes within which the train measures already call sends
one train (automation.RATE_TRAIN_GAP_S)."""

LIVE_CHATS = 3
"""The most conversations a person keeps going at once: a send is a live answer only when the member's
sends of the 10 minutes up to it (those at the same time included, in any order) went to at most this many
conversations. Two or three chats at once are a person; a tool answering sixty people is not."""

ORDER = "sent_at, NOT is_from_me, message_id"
"""A conversation's order: by time; at the same time the member's message first (as `conversations`)."""

LIVE_SQL = f"""
CREATE OR REPLACE TEMP TABLE live_answer_messages AS
WITH said AS (
    SELECT m.message_id, m.conversation_id, m.is_from_me, m.sent_at
    FROM conversation_messages m
    JOIN conversations c USING (conversation_id)
    WHERE m.sent_at IS NOT NULL AND NOT c.is_group
      AND (m.is_from_me OR m.sender_name IS NOT NULL OR m.sender_url_key IS NOT NULL
           OR m.sender_person_id IS NOT NULL OR coalesce(m.is_sponsored, false)
           OR coalesce(m.is_hidden_sender, false))
),
gaps AS (
    SELECT *, epoch(sent_at) - epoch(lag(sent_at) OVER (PARTITION BY conversation_id ORDER BY {ORDER})) AS gap
    FROM said
),
stretches AS (
    SELECT *, sum(CASE WHEN gap IS NULL OR gap > {LIVE_ANSWER_S} THEN 1 ELSE 0 END)
                  OVER (PARTITION BY conversation_id ORDER BY {ORDER}) AS stretch
    FROM gaps
),
heard AS (
    SELECT message_id, conversation_id, is_from_me,
           coalesce(bool_or(NOT is_from_me) OVER (
               PARTITION BY conversation_id, stretch ORDER BY {ORDER}
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS answers
    FROM stretches
),
sends AS (
    SELECT message_id, sent_at,
           count(DISTINCT conversation_id) OVER (
               ORDER BY sent_at RANGE BETWEEN INTERVAL {LIVE_ANSWER_S} SECOND PRECEDING AND CURRENT ROW
           ) AS chats
    FROM sent_messages
    WHERE sent_at IS NOT NULL
)
SELECT s.message_id, CAST(epoch(s.sent_at) AS BIGINT) AS t
FROM sends s JOIN heard h USING (message_id)
WHERE h.answers AND s.chats <= {LIVE_CHATS}
"""

ACTIONS_SQL = """
WITH members AS (SELECT multi_send_id, unnest(message_ids) AS message_id FROM multi_sends)
SELECT CAST(epoch(min(m.sent_at)) AS BIGINT) AS t
FROM sent_messages m
LEFT JOIN members s USING (message_id)
ANTI JOIN live_answer_messages l USING (message_id)
WHERE m.sent_at IS NOT NULL
GROUP BY coalesce(s.multi_send_id, -m.message_id - 1)
"""


class Unprompted(NamedTuple):
    """The automation measures' message stream and what was left out of it."""

    actions: np.ndarray
    """Sorted action times (int64 epoch seconds) of the member's sends without live answers."""
    live: np.ndarray
    """Sorted times of the live answers left out (one per message)."""


def unprompted(con: duckdb.DuckDBPyConnection) -> Unprompted:
    """The module docstring's stream; reads `conversation_messages`, `conversations`, `sent_messages` and
    `multi_sends` (a temporary table holds the live answers while it runs)."""
    con.execute(LIVE_SQL)
    try:
        actions = con.execute(ACTIONS_SQL).fetchnumpy()["t"]
        live = con.execute("SELECT t FROM live_answer_messages").fetchnumpy()["t"]
    finally:
        con.execute("DROP TABLE IF EXISTS live_answer_messages")
    return Unprompted(np.sort(np.asarray(actions, dtype=np.int64)), np.sort(np.asarray(live, dtype=np.int64)))
