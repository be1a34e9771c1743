"""The rule of a send to several people at once (docs/metrics.md "Sends to several people at once"), on
hand-written rows: one text (or none) to two or more conversations, each send within 20 s of the previous."""

from __future__ import annotations

import duckdb
import polars as pl

from linkedin_audit.analyses import fanout


def _sent(rows: list[tuple[int, str, int, str]]) -> pl.DataFrame:
    """(message_id, conversation, t, normalised text)."""
    return pl.DataFrame(
        rows,
        schema={"message_id": pl.Int64, "conversation": pl.String, "t": pl.Int64, "text": pl.String},
        orient="row",
    )


def test_chains_of_one_text_within_20_s_to_several_conversations() -> None:
    base = 1_700_000_001  # not on a whole minute: 1-second resolution
    sent = _sent(
        [
            (1, "a", base, ""),  # a share with no text to three conversations in one second
            (2, "b", base, ""),
            (3, "c", base, ""),
            (4, "d", base + 100, "happy new year!"),  # one text, 20 s apart then 21 s apart
            (5, "e", base + 120, "happy new year!"),
            (6, "f", base + 141, "happy new year!"),
            (7, "g", base + 200, "hi ann, about the offer"),  # a text naming each person: two texts
            (8, "h", base + 201, "hi bo, about the offer"),
            (9, "i", base + 300, "see you"),  # one text twice in one conversation: not several people
            (10, "i", base + 301, "see you"),
        ]
    )
    acts = fanout.actions(sent)
    sends = fanout.multi_sends(acts, started={1, 2, 4, 5})
    assert sends.select("recipients", "messages", "new_conversations", "has_text").rows() == [
        (3, 3, 2, False),
        (2, 2, 2, True),
    ]
    assert sends["message_ids"].to_list() == [[1, 2, 3], [4, 5]]
    # every other message is an action of its own: 10 messages, 2 multi-sends of 3 and 2 -> 7 actions
    assert acts["action"].n_unique() == 7


def test_minute_resolution_chains_within_a_minute() -> None:
    base = 1_700_000_040  # every time on a whole minute (the 2018 era): consecutive minutes chain
    sent = _sent(
        [(1, "a", base, "hello all"), (2, "b", base + 60, "hello all"), (3, "c", base + 180, "hello all")]
    )
    sends = fanout.multi_sends(fanout.actions(sent), started=set())
    assert sends["recipients"].to_list() == [2]


def test_a_message_no_other_send_is_near_is_an_action_of_its_own_without_its_text_read() -> None:
    """`sent_messages` reads the text only of a message another send (of any text) is within the chain gap
    of: the others (null text) can be in no chain, and `actions` keeps each one an action of its own."""
    base = 1_700_000_001  # 1-second resolution: the gap is 20 s
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE sent_messages AS SELECT * FROM (VALUES "
        # two conversations, one text 20 s apart: one multi-send
        "(1, 'a', to_timestamp(?), 'Happy  New Year!'), (2, 'b', to_timestamp(? + 20), 'happy new year!'), "
        # the same text 21 s after the last of them and 21 s before the next send: alone
        "(3, 'c', to_timestamp(? + 41), 'happy new year!'), "
        # a text with no conversation id, near only a send of another text: read, still its own action
        "(4, NULL, to_timestamp(? + 62), 'see you'), (5, 'd', to_timestamp(? + 70), 'thanks'), "
        "(6, 'e', NULL, 'no time')"
        ") t(message_id, conversation_id, sent_at, content_text)",
        [base] * 5,
    )
    sent = fanout.sent_messages(con)
    assert sent.sort("message_id").select("message_id", "conversation", "text").rows() == [
        (1, "a", "happy new year!"),
        (2, "b", "happy new year!"),
        (3, "c", None),
        (4, "message-4", "see you"),
        (5, "d", "thanks"),
    ]
    acts = fanout.actions(sent)
    assert acts.filter(pl.col("multi"))["message_id"].sort().to_list() == [1, 2]
    assert acts["action"].n_unique() == 4  # the multi-send, then 3, 4 and 5 on their own
    sends = fanout.multi_sends(acts, started={1})
    assert sends.select("recipients", "messages", "new_conversations", "has_text").rows() == [(2, 2, 1, True)]


def test_the_chain_gap_is_the_whole_streams_even_where_only_some_texts_are_read() -> None:
    """Times on whole minutes widen the gap to 60 s; `actions` given that gap chains sends 60 s apart even
    though the lone message that is not on a whole minute was left out of the chains."""
    base = 1_700_000_040
    sent = _sent(
        [(1, "a", base, "hello all"), (2, "b", base + 60, "hello all"), (3, "c", base + 600, "other")]
    )
    assert fanout.chain_gap(sent["t"].to_numpy()) == 60
    assert fanout.multi_sends(fanout.actions(sent), started=set())["recipients"].to_list() == [2]
    with_lone = pl.concat(
        [sent, _sent([(4, "d", base + 3001, "x")]).with_columns(text=pl.lit(None, pl.String))]
    )
    assert fanout.chain_gap(with_lone["t"].to_numpy()) == 20
    assert fanout.multi_sends(fanout.actions(with_lone), started=set()).height == 0
    assert fanout.multi_sends(fanout.actions(with_lone, gap=60), started=set())["recipients"].to_list() == [2]
