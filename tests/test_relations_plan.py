"""The relationship analyses on the generator's plan, loaded straight into the model tables (no CSV writer,
no ingest in between), against the truth the generator computes from the same plan.

This isolates the analyses: a failure here is a disagreement between the analysis and the truth's reading
of docs/metrics.md, not an ingest problem. test_relations_synth.py checks the whole path."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from model_fixtures import model_db, run_steps_before

from linkedin_audit.analyses import acceptance, replies, ties
from linkedin_audit.config import load_thresholds
from linkedin_audit.synth import life as synth_life
from linkedin_audit.synth import truth as synth_truth
from linkedin_audit.synth.keys import name_key
from linkedin_audit.synth.plan import DAY, HIDDEN_SENDER, OWNER, SPONSOR

OWNED = (*replies.METRICS, *acceptance.METRICS, *ties.METRICS)
ID0 = 100  # person_id = ID0 + plan index


def _ts(t: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=t)


def _day(d: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=d)


def _pid(idx: int) -> int | None:
    return None if idx < 0 else ID0 + idx


def _load(plan: Any):
    people = [
        {
            "person_id": _pid(p.idx),
            "url_key": p.url.lower().removeprefix("https://www."),
            "name": p.name,
            "name_key": name_key(p.name),
            "is_me": p.idx == OWNER,
            "is_connection": p.connected_on is not None,
        }
        for p in plan.people
    ]
    connections = []
    for p in plan.people[1:]:
        if p.connected_on is None:
            continue
        if p.hidden:
            connections.append({"connected_on": _day(p.connected_on), "is_hidden": True})
        else:
            connections.append(
                {
                    "person_id": _pid(p.idx),
                    "name": p.name,
                    "company": p.company,
                    "url_key": people[p.idx]["url_key"],
                    "connected_on": _day(p.connected_on),
                }
            )
    messages = []
    for i, (c, s, t, d) in enumerate(zip(plan.m_conv, plan.m_sender, plan.m_t, plan.m_draft, strict=True)):
        conv = plan.convs[c]
        messages.append(
            {
                "message_id": i + 1,
                "conversation_id": conv.cid or None,
                "sender_person_id": _pid(s),
                "sent_at": _ts(t),
                "is_draft": d,
                # every person's URL, as the files of every era but 2018 write it; none for the
                # hidden, sponsored and marketing senders
                "sender_url_key": people[s]["url_key"] if s >= 0 else None,
                "first_export_id": 1,
                "is_from_me": s == OWNER,
                "folder": conv.folder,
                "is_sponsored": s == SPONSOR,
                "is_hidden_sender": s == HIDDEN_SENDER,
            }
        )
    participants = [
        {"conversation_id": conv.cid, "person_id": _pid(m), "is_me": m == OWNER}
        for conv in plan.convs
        if conv.cid
        for m in conv.members
        if m >= 0
    ]
    invitations = [
        {
            "invitation_id": k + 1,
            "direction": "outgoing" if inv.outgoing else "incoming",
            "sent_at": _ts(inv.t),
            "counterparty_person_id": _pid(inv.person),
            "counterparty_url_key": people[inv.person]["url_key"],
        }
        for k, inv in enumerate(plan.invitations)
    ]
    con = model_db(
        export_date=plan.export_dates[-1],
        people=people,
        connections=connections,
        messages=messages,
        invitations=invitations,
        conversation_participants=[dict(r) for r in {tuple(sorted(p.items())) for p in participants}],
        endorsements=[
            {"direction": d, "endorsed_at": _ts(t), "person_id": _pid(who)}
            for d, t, who, _x in plan.endorsements
        ],
        recommendations=[
            {"direction": d, "created_at": _ts(t), "person_id": _pid(who)}
            for d, t, who, _x in plan.recommendations
        ],
    )
    run_steps_before(con, replies)  # message_templates and invitation_notes, which these steps read
    return con


@pytest.fixture(
    scope="module", params=[(7, "small", 2026, 2), (11, "tiny", 2024, 1)], ids=["small-2026", "tiny-2024"]
)
def loaded(request):
    plan = synth_life.build(*request.param)
    return plan, _load(plan)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def test_metrics_equal_truth(loaded):
    plan, con = loaded
    th = load_thresholds()
    expected = synth_truth.expected_summary(plan, th)
    got = {m.metric: m.value for mod in (replies, acceptance, ties) for m in mod.materialize(con, th)}
    wrong = {m: (got[m], expected[m]) for m in OWNED if not _close(got[m], expected[m])}
    assert not wrong, f"analysis vs truth: {wrong}"


def test_tie_classes_agree(loaded):
    plan, con = loaded
    frame = ties.tie_strength(con)
    got = dict(zip(frame["person_id"].to_list(), frame["tie_class"].to_list(), strict=True))
    planted = {
        _pid(p.idx): p.tie_class for p in plan.people[1:] if p.connected_on is not None and not p.hidden
    }
    assert set(got) == set(planted)
    agree = sum(got[k] == v for k, v in planted.items())
    assert agree >= 0.95 * len(planted), f"{agree} of {len(planted)}"
    assert {k for k, v in got.items() if v == "never"} == {k for k, v in planted.items() if v == "never"}


def test_reply_rates_recomputed_from_conversations(loaded):
    """The headline rate equals what the conversations relation says, row by row, against the truth's
    own per-conversation table (latency of every owner-started thread)."""
    plan, con = loaded
    convs = replies.conversations(con)
    truth_rows = {r["cid"]: r for r in synth_truth.conversation_table(plan) if r["cid"]}
    mine = convs.filter(~convs["excluded"] & convs["started_by_me"])
    for row in mine.iter_rows(named=True):
        t = truth_rows[row["conversation_id"]]
        assert t["starter"] == OWNER
        assert row["first_reply_latency_s"] == (None if t["latency"] is None else float(t["latency"]))
        assert row["censored_7d"] == (t["t0"] + 7 * DAY > plan.as_of)
