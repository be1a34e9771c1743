"""The member's answers in a live exchange, left out of the automation measures' message stream.

Why: a scheduler sends to people; it does not answer them. In a live chat the member writes every minute or
two, each message answering one just received, and on the 2018 minute clock (no seconds) such an exchange
gives the member's sends gaps of exactly 2 minutes: a "steady beat" that read "automated bots used to send at
scale: high" for a chat with one friend. So the train and clockwork measures (max_train_send_rate,
min_train_gap_cv, longest_clockwork_run and the messages stream's clockwork rows of `send_bursts`) read the
member's sends that nobody had just prompted (docs/metrics.md, "Automation inside bursts").

Definition: a *live answer* is a message the member sent whose conversation's previous message (by time; at
the same time, the other person's first) is someone else's and at most LIVE_ANSWER_S before it. System lines
(no sender name, no URL, nobody known) are nobody's message and never prompt an answer, as in
`conversations`. Every other send counts, a send to several people at once as one action (its first time, as
in the `messages` stream); an action all of whose messages are live answers drops out.
"""

from __future__ import annotations

import duckdb
import numpy as np

LIVE_ANSWER_S = 600
"""The longest wait after someone's message for the member's reply to be a live answer: the 10 minutes
within which the train measures already call sends one train (automation.RATE_TRAIN_GAP_S)."""

UNPROMPTED_SQL = f"""
WITH said AS (
    SELECT message_id, is_from_me, sent_at,
           lag(is_from_me) OVER w AS after_mine,
           lag(sent_at) OVER w AS after_at
    FROM conversation_messages
    WHERE sent_at IS NOT NULL
      AND (is_from_me OR sender_name IS NOT NULL OR sender_url_key IS NOT NULL OR sender_person_id IS NOT NULL
           OR coalesce(is_sponsored, false) OR coalesce(is_hidden_sender, false))
    WINDOW w AS (PARTITION BY conversation_id ORDER BY sent_at, is_from_me, message_id)
),
live AS (
    SELECT message_id FROM said
    WHERE is_from_me AND NOT after_mine AND sent_at - after_at <= INTERVAL {LIVE_ANSWER_S} SECOND
),
members AS (SELECT multi_send_id, unnest(message_ids) AS message_id FROM multi_sends)
SELECT CAST(epoch(min(m.sent_at)) AS BIGINT) AS t
FROM sent_messages m
LEFT JOIN members s USING (message_id)
ANTI JOIN live l USING (message_id)
WHERE m.sent_at IS NOT NULL
GROUP BY coalesce(s.multi_send_id, -m.message_id - 1)
"""


def unprompted_seconds(con: duckdb.DuckDBPyConnection) -> np.ndarray:
    """Sorted action times (int64 epoch seconds) of the member's sends that are not live answers (module
    docstring); reads `conversation_messages`, `sent_messages` and `multi_sends`."""
    values = con.execute(UNPROMPTED_SQL).fetchnumpy()["t"]
    return np.sort(np.asarray(values, dtype=np.int64))
