"""Reply rates, latencies, censoring and exclusions on a hand-written inbox; every number derived by hand.

as_of = 2026-01-01 00:00. People: 1 owner, 2 Ann (connection since 2025-01-01), 3 Bob (not a connection),
4 Cat (connection since 2025-12-01), 5 Dan.

| conv | started by | first message        | first reply (latency)       | notes                          |
| c1   | me -> Ann  | 2025-11-01 10:00     | Ann 10:03 (180 s)           |                                |
| c2   | me -> Bob  | 2025-11-05 09:00     | Bob 2025-11-20 (15 d)       | replied in 30 d, not 7 d       |
| c3   | me -> Cat  | 2025-11-10 12:00     | none                        | Cat not yet a connection       |
| c4   | me -> Ann  | 2025-12-25 00:00     | Ann 2025-12-26 (86,400 s)   | exactly 7 d before as_of       |
| c5   | me -> Bob  | 2025-12-25 00:00:01  | none                        | 1 s too young: censored for 7 d |
| c6   | Dan -> me  | 2025-10-01           | me                          | SPAM: excluded                 |
| c7   | sponsor    | 2025-10-02           | me                          | sponsored: excluded            |
| c8   | me -> Ann+Bob | 2025-10-01 08:00  | Bob 09:30 (5,400 s)         | group                          |
| c9   | Ann -> me  | 2025-10-10 10:00     | me 10:30 (1,800 s)          | others started                 |
| c10  | Bob -> me  | 2025-10-12 10:00     | none (a draft of mine only) | others started                 |
| c11  | me -> ?    | 2025-10-20 10:00     | LinkedIn Member             | hidden sender: excluded        |
| c12  | me + Ann at the same second 2025-09-01 | Ann (0 s) | tie: the owner's counts first |
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import polars as pl
import pytest
from model_fixtures import model_db, run_steps_before

from linkedin_audit.analyses import replies
from linkedin_audit.config import load_thresholds

T = dt.datetime
AS_OF = T(2026, 1, 1)


def _msg(mid: int, conv: str, sender: int | None, at: dt.datetime, to: list[str], **kw: object) -> dict:
    keys = {1: "me", 2: "ann", 3: "bob", 4: "cat", 5: "dan"}
    return {
        "message_id": mid,
        "conversation_id": conv,
        "sender_person_id": sender,
        "sender_url_key": f"linkedin.com/in/{keys[sender]}" if sender else None,
        "recipient_url_keys": [f"linkedin.com/in/{k}" for k in to],
        "sent_at": at,
        "is_from_me": sender == 1,
        **kw,
    }


@pytest.fixture
def con():
    people = [
        {"person_id": i, "url_key": f"linkedin.com/in/{k}", "name": k.title(), "name_key": k, "is_me": i == 1}
        for i, k in [(1, "me"), (2, "ann"), (3, "bob"), (4, "cat"), (5, "dan")]
    ]
    connections = [
        {
            "person_id": 2,
            "name": "Ann",
            "url_key": "linkedin.com/in/ann",
            "connected_on": dt.date(2025, 1, 1),
        },
        {
            "person_id": 4,
            "name": "Cat",
            "url_key": "linkedin.com/in/cat",
            "connected_on": dt.date(2025, 12, 1),
        },
    ]
    m = _msg
    messages = [
        m(1, "c1", 1, T(2025, 11, 1, 10), ["ann"]),
        m(2, "c1", 2, T(2025, 11, 1, 10, 3), ["me"]),
        m(3, "c2", 1, T(2025, 11, 5, 9), ["bob"]),
        m(4, "c2", 3, T(2025, 11, 20, 9), ["me"]),
        m(5, "c3", 1, T(2025, 11, 10, 12), ["cat"]),
        m(6, "c4", 1, T(2025, 12, 25), ["ann"]),
        m(7, "c4", 2, T(2025, 12, 26), ["me"]),
        m(8, "c5", 1, T(2025, 12, 25, 0, 0, 1), ["bob"]),
        m(9, "c6", 5, T(2025, 10, 1), ["me"], folder="SPAM"),
        m(10, "c6", 1, T(2025, 10, 1, 1), ["dan"]),
        m(11, "c7", None, T(2025, 10, 2), ["me"], is_sponsored=True),
        m(12, "c7", 1, T(2025, 10, 2, 1), []),
        m(13, "c8", 1, T(2025, 10, 1, 8), ["ann", "bob"]),
        m(14, "c8", 3, T(2025, 10, 1, 9, 30), ["me", "ann"]),
        m(15, "c9", 2, T(2025, 10, 10, 10), ["me"]),
        m(16, "c9", 1, T(2025, 10, 10, 10, 30), ["ann"]),
        m(17, "c10", 3, T(2025, 10, 12, 10), ["me"]),
        m(18, "c10", 1, T(2025, 10, 12, 11), ["bob"], is_draft=True),
        m(19, "c11", 1, T(2025, 10, 20, 10), []),
        m(20, "c11", None, T(2025, 10, 20, 11), ["me"], is_hidden_sender=True, sender_name="LinkedIn Member"),
        m(21, "c12", 2, T(2025, 9, 1), ["me"]),
        m(22, "c12", 1, T(2025, 9, 1), ["ann"]),
    ]
    con = model_db(export_date=dt.date(2026, 1, 1), people=people, connections=connections, messages=messages)
    run_steps_before(con, replies)  # message_templates: no message here is long enough to be a template
    return con


@pytest.fixture
def thresholds():
    t = load_thresholds()
    return dataclasses.replace(t, minimum={**t.minimum, "conversations": 1})


def _row(convs: pl.DataFrame, cid: str) -> dict:
    return convs.filter(pl.col("conversation_id") == cid).row(0, named=True)


def test_conversation_rows(con):
    convs = replies.conversations(con)
    assert convs.height == 12
    c1 = _row(convs, "c1")
    assert c1["started_by_me"] and not c1["is_group"] and c1["participant_ids"] == [2]
    assert c1["n_participants"] == 2 and c1["first_reply_latency_s"] == 180.0
    assert c1["replied_7d"] and c1["replied_30d"] and c1["recipient_is_connection"] is True
    c2 = _row(convs, "c2")
    assert (c2["replied_7d"], c2["replied_30d"], c2["recipient_is_connection"]) == (False, True, False)
    assert _row(convs, "c3")["recipient_is_connection"] is False  # connected only after the first message
    c8 = _row(convs, "c8")
    assert c8["is_group"] and c8["participant_ids"] == [2, 3] and c8["n_participants"] == 3
    assert c8["recipient_is_connection"] is False  # Bob is not a connection
    c12 = _row(convs, "c12")
    assert c12["started_by_me"] and c12["first_reply_latency_s"] == 0.0


def test_censoring_at_the_window_edge(con):
    convs = replies.conversations(con)
    c4, c5 = _row(convs, "c4"), _row(convs, "c5")
    assert c4["censored_7d"] is False and c4["censored_30d"] is True  # exactly 7 d old: judged for 7 d
    assert c5["censored_7d"] is True  # one second younger: censored
    assert c4["replied_7d"] and c4["first_reply_latency_s"] == 86400.0


def test_exclusions_and_drafts(con):
    convs = replies.conversations(con)
    reasons = dict(convs.filter(pl.col("excluded")).select("conversation_id", "exclusion_reason").iter_rows())
    assert reasons == {"c6": "spam", "c7": "sponsored", "c11": "hidden_sender"}
    c10 = _row(convs, "c10")
    assert not c10["started_by_me"] and c10["first_reply_at"] is None and c10["n_messages"] == 1
    c9 = _row(convs, "c9")
    assert not c9["started_by_me"] and c9["first_reply_latency_s"] == 1800.0 and c9["starter_person_id"] == 2


def test_metrics(con, thresholds):
    metrics = {m.metric: m for m in replies.materialize(con, thresholds)}
    # owner-started, not excluded: c1 c2 c3 c4 c5 c8 c12. 7 d judged: all but c5 (6); replied: c1 c4 c8 c12.
    assert metrics["thread_reply_rate_7d"].value == pytest.approx(4 / 6)
    # 30 d judged: c1 c2 c3 c8 c12 (c4, c5 too young); replied: c1 c2 c8 c12.
    assert metrics["thread_reply_rate_30d"].value == pytest.approx(4 / 5)
    # latencies 0, 180, 5400, 86400, 1296000 s -> median 5400 s.
    assert metrics["median_first_reply_hours"].value == pytest.approx(1.5)
    assert metrics["my_reply_rate_30d"].value == pytest.approx(1 / 2)  # c9 answered, c10 not
    assert metrics["my_median_reply_hours"].value == pytest.approx(0.5)
    # the 30-day rate is measured, so it carries the verdict; the 7-day rate is its context
    assert metrics["thread_reply_rate_30d"].status == thresholds.status("reply_rate", 4 / 5)
    assert metrics["thread_reply_rate_7d"].status == "info"
    assert con.execute("SELECT count(*) FROM conversations").fetchone()[0] == 12


def test_not_enough_data(con):
    metrics = {m.metric: m for m in replies.materialize(con, load_thresholds())}  # minimum 10
    assert all(m.value is None and m.status == "not_enough_data" for m in metrics.values())


def test_breakdowns(con):
    convs = replies.conversations(con)
    by_shape = {
        r["shape"]: (r["judged"], r["replied"])
        for r in replies.reply_rate_by_group(convs, 7).iter_rows(named=True)
    }
    assert by_shape == {"1:1": (5, 3), "group": (1, 1)}
    by_conn = {
        r["recipient"]: (r["judged"], r["replied"])
        for r in replies.reply_rate_by_connection(convs, 30).iter_rows(named=True)
    }
    assert by_conn == {"connection": (2, 2), "not_connection": (3, 2)}  # c1 c12 | c2 c3 c8
    by_kind = replies.reply_rate_by_kind(convs, 7)
    assert by_kind.to_dicts() == [
        {"first_message_kind": "personal", "judged": 6, "replied": 4, "reply_rate": 4 / 6}
    ]
    by_month = {
        r["month"]: (r["judged"], r["replied"])
        for r in replies.reply_rate_by_month(convs, 7).iter_rows(named=True)
    }
    assert by_month == {
        dt.date(2025, 9, 1): (1, 1),
        dt.date(2025, 10, 1): (1, 1),
        dt.date(2025, 11, 1): (3, 1),
        dt.date(2025, 12, 1): (1, 1),
    }
    buckets = replies.latency_buckets(convs)
    assert buckets["conversations"].to_list() == [2, 0, 1, 0, 1, 1]


def test_first_message_template_joined_when_present(con):
    con.execute(
        "CREATE OR REPLACE TABLE message_templates AS SELECT * FROM (VALUES (1::BIGINT, 'msg-1'), "
        "(3::BIGINT, 'msg-1'), (2::BIGINT, 'msg-9')) t(message_id, template_id)"
    )
    convs = replies.conversations(con)
    assert _row(convs, "c1")["first_message_template_id"] == "msg-1"
    assert _row(convs, "c9")["first_message_template_id"] is None  # first message is not the owner's
    kinds = {
        r["first_message_kind"]: (r["judged"], r["replied"])
        for r in replies.reply_rate_by_kind(convs, 7).iter_rows(named=True)
    }
    assert kinds == {"template": (2, 1), "personal": (4, 3)}


def test_kaplan_meier_hand_example():
    # durations 1 2 2 3 4 5, events at 1, 2, 3, 5; censored at 2 and 4.
    # S(1) = 5/6; S(2) = 5/6 * 4/5 = 2/3; S(3) = 2/3 * 2/3 = 4/9; S(4) = 4/9; S(5) = 4/9 * 0 = 0.
    km = replies.kaplan_meier(np.array([1, 2, 2, 3, 4, 5]), np.array([1, 1, 0, 1, 0, 1], dtype=bool))
    assert km["time_s"].to_list() == [1, 2, 3, 4, 5]
    assert km["at_risk"].to_list() == [6, 5, 3, 2, 1]
    assert km["events"].to_list() == [1, 1, 1, 0, 1]
    assert km["censored"].to_list() == [0, 1, 0, 1, 0]
    assert km["survival"].to_list() == pytest.approx([5 / 6, 2 / 3, 4 / 9, 4 / 9, 0.0])


def test_time_to_first_reply_uses_censored(con):
    convs = replies.conversations(con)
    km = replies.time_to_first_reply(convs, AS_OF)
    # 7 owner-started: events 0, 180, 5400, 86400, 1296000; c3 censored at as_of - 2025-11-10 12:00,
    # c5 censored at 7 d - 1 s = 604799 s. S after 86400: (1-1/7)(1-1/6)(1-1/5)(1-1/4) = 3/7.
    c3_followed = (AS_OF - T(2025, 11, 10, 12)).total_seconds()
    assert km.filter(pl.col("censored") == 1)["time_s"].to_list() == [604799.0, c3_followed]
    s = dict(zip(km["time_s"].to_list(), km["survival"].to_list(), strict=True))
    assert s[86400.0] == pytest.approx(3 / 7)
    # at 1296000 s at risk: c3 (followed ~51 d) and c2 -> S = 3/7 * 1/2.
    assert s[1296000.0] == pytest.approx(3 / 14)
