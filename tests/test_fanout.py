"""The rule of a send to several people at once (docs/metrics.md "Sends to several people at once"), on
hand-written rows: one text (or none) to two or more conversations, each send within 20 s of the previous."""

from __future__ import annotations

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
