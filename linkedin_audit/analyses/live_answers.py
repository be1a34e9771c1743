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
System lines (`conversation_messages.is_system_line`) are nobody's message, as in `conversations`. Every other
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

SAID_SQL = f"""
SELECT m.message_id, hash(m.conversation_id) AS c, CAST(epoch(m.sent_at) AS BIGINT) AS t, m.is_from_me AS mine
FROM conversation_messages m
JOIN conversations USING (conversation_id)
WHERE m.sent_at IS NOT NULL AND NOT conversations.is_group AND NOT m.is_system_line
ORDER BY m.conversation_id, {ORDER}
"""
"""The messages of the 1:1 conversations, system lines left out, each conversation's in its order."""


def _answers(said: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(message ids, times) of the member's messages after the other person's in the same stretch, from
    SAID_SQL's rows (array passes: one sort in DuckDB, no window over a million rows)."""
    conv, t = np.asarray(said["c"]), np.asarray(said["t"], dtype=np.int64)
    mine = np.asarray(said["mine"], dtype=bool)
    n = len(t)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.ones(n, dtype=bool)  # a stretch starts a conversation, or after a silence
    starts[1:] = (conv[1:] != conv[:-1]) | (t[1:] - t[:-1] > LIVE_ANSWER_S)
    first = np.maximum.accumulate(np.where(starts, np.arange(n), 0))  # each row's stretch's first row
    heard = np.cumsum(~mine) - ~mine  # the other person's messages before each row, over all rows
    answers = mine & (heard - heard[first] > 0)
    return np.asarray(said["message_id"], dtype=np.int64)[answers], t[answers]


SENDS_SQL = """
SELECT CAST(epoch(sent_at) AS BIGINT) AS t, hash(conversation_id) AS c
FROM sent_messages WHERE sent_at IS NOT NULL AND conversation_id IS NOT NULL ORDER BY t
"""
"""Every send of the member's with its conversation, by time: the window of LIVE_CHATS."""


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
    `multi_sends` (a temporary table holds the live answers while it runs). The window of LIVE_CHATS is
    counted in Python for the answers only (thousands at LinkedIn's maximum, against 500,000 sends: a
    windowed count(DISTINCT) over every send cost 2 CPU s there)."""
    ids, at = _answers(con.execute(SAID_SQL).fetchnumpy())
    sends = con.execute(SENDS_SQL).fetchnumpy()
    times, chats = np.asarray(sends["t"], dtype=np.int64), np.asarray(sends["c"])
    lo = np.searchsorted(times, at - LIVE_ANSWER_S, side="left")
    hi = np.searchsorted(times, at, side="right")  # every send at the same time, whatever the rows' order
    live = np.array(
        [len(set(chats[a:b].tolist())) <= LIVE_CHATS for a, b in zip(lo.tolist(), hi.tolist(), strict=True)],
        dtype=bool,
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE live_answer_messages AS "
        "SELECT unnest(?::BIGINT[]) AS message_id, unnest(?::BIGINT[]) AS t",
        [ids[live].tolist(), at[live].tolist()],
    )
    try:
        actions = con.execute(ACTIONS_SQL).fetchnumpy()["t"]
    finally:
        con.execute("DROP TABLE IF EXISTS live_answer_messages")
    return Unprompted(np.sort(np.asarray(actions, dtype=np.int64)), np.sort(at[live]))
