"""Expected values, computed from the plan (never from the written CSVs, never by the analysis code).

Every headline metric of docs/metrics.md is evaluated here on the planted data with its own operational
definition, so a test can compare the analyses' `audit_summary` against an independent computation."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from linkedin_audit.config import Thresholds
from linkedin_audit.synth.plan import DAY, HOUR, OWNER, SYSTEM, Plan
from linkedin_audit.synth.truth_sending import (
    automation_truth,
    live_answers,
    max_in_window,
    multi_send_groups,
    thread_start_actions,
    unprompted_actions,
)
from linkedin_audit.vocabulary import CANNED_NOTE_KINDS

EXCLUDED_KINDS = ("sponsored", "spam", "hidden", "marketing")


@dataclass
class Contact:
    days: set[int] = field(default_factory=set)
    me_wrote: bool = False
    they_wrote: bool = False


def contacts(plan: Plan) -> dict[int, Contact]:
    """Contact events per person: non-draft messages in any conversation they take part in (groups
    included), endorsements and recommendations either way (docs/metrics.md, Ties)."""
    out: dict[int, Contact] = defaultdict(Contact)
    convs = plan.convs
    for c, s, t, d in zip(plan.m_conv, plan.m_sender, plan.m_t, plan.m_draft, strict=True):
        if d or s == SYSTEM:  # LinkedIn's own line is no contact
            continue
        for m in convs[c].members:
            if m > OWNER:
                info = out[m]
                info.days.add(t // DAY)
                if s == OWNER:
                    info.me_wrote = True
                elif s == m:
                    info.they_wrote = True
    for _, t, who, _x in plan.endorsements + plan.recommendations:
        out[who].days.add(t // DAY)
    return out


def rule_class(info: Contact | None, as_of_day: int) -> str:
    """The class docs/metrics.md gives (strong: not dormant, >= 5 contact days, both sides wrote, last
    contact within 180 days)."""
    if info is None or not info.days:
        return "never"
    days = sorted(info.days)
    silence = as_of_day - days[-1]
    if len(days) >= 3:
        gap = statistics.median(np.diff(days).tolist())
        if silence > max(180, 8 * gap):
            return "dormant"
    if len(days) >= 5 and info.me_wrote and info.they_wrote and silence <= 180:
        return "strong"
    return "weak"


def archetype_ok(cls: str, info: Contact | None, as_of_day: int) -> bool:
    """The stricter archetype the generator promises (well inside each class)."""
    days = sorted(info.days) if info else []
    if cls == "never":
        return not days
    if cls == "weak":
        return 1 <= len(days) <= 2
    if cls == "dormant":
        gaps = np.diff(days)
        return len(days) >= 4 and bool((gaps <= 31).all()) and as_of_day - days[-1] >= 400
    assert info is not None
    return len(days) >= 8 and info.me_wrote and info.they_wrote and as_of_day - days[-1] < 60


def _cv(ts: np.ndarray) -> float | None:
    gaps = np.diff(ts).astype(float)
    if len(gaps) == 0 or gaps.mean() == 0:
        return None
    return float(gaps.std() / gaps.mean())


def infer_offset(sent: np.ndarray) -> int | None:
    """docs/metrics.md "The owner's clock": the whole-hour offset maximising (weekday sends in local
    [9, 18)) - (sends in local [0, 6)), ties to the offset closest to 0, then the smaller one; None when the
    offsets scoring within 10 % of the sends of it give night shares more than 5 points apart."""
    scores = {}
    for o in range(-12, 15):
        loc = sent + o * HOUR
        wd = ((loc // DAY) + 3) % 7
        hour = (loc % DAY) // HOUR
        scores[o] = int(((wd < 5) & (hour >= 9) & (hour < 18)).sum()) - int((hour < 6).sum())
    best = min(scores, key=lambda o: (-scores[o], abs(o), o))
    nights = [
        float((((sent + o * HOUR) % DAY) // HOUR < 6).mean())
        for o, s in scores.items()
        if s >= scores[best] - 0.10 * len(sent)
    ]
    return best if max(nights) - min(nights) <= 0.05 else None


def effective_labels(plan: Plan) -> tuple[list[str], list[str]]:
    """Planted labels that really form a template under the definition: a message label used in at least
    3 different conversations, a note label sent to at least 3 different people; else personal ("")."""
    conv_sets: dict[str, set[int]] = defaultdict(set)
    for c, s, d, lab in zip(plan.m_conv, plan.m_sender, plan.m_draft, plan.m_label, strict=True):
        if lab and s == OWNER and not d:
            conv_sets[lab].add(c)
    msg = [lab if lab and len(conv_sets[lab]) >= 3 else "" for lab in plan.m_label]
    people: dict[tuple[bool, str], set[int]] = defaultdict(set)
    for inv in plan.invitations:
        if inv.label:
            people[(inv.outgoing, inv.label)].add(inv.person)
    inv_labels = [
        i.label if i.label and len(people[(i.outgoing, i.label)]) >= 3 else "" for i in plan.invitations
    ]
    return msg, inv_labels


def invitation_kinds(plan: Plan) -> list[str]:
    _, inv_labels = effective_labels(plan)
    return [
        ("personal" if i.kind == "template" and not lab else i.kind)
        for i, lab in zip(plan.invitations, inv_labels, strict=True)
    ]


def _share(num: int, den: int, minimum: int) -> float | None:
    return None if den < minimum or den == 0 else num / den


def expected_summary(plan: Plan, th: Thresholds) -> dict[str, Any]:
    mins = th.minimum
    people = plan.people
    msg_labels, _ = effective_labels(plan)
    kinds = invitation_kinds(plan)
    out: dict[str, Any] = {}

    # invitations: the counterparty is a stranger without an earlier message either way between the two,
    # i.e. by the owner in a conversation the counterparty is in, or by the counterparty (whose
    # conversations all include the owner); a third member's message in a group does not count.
    first_contact: dict[int, int] = {}
    for c, s, t, d in zip(plan.m_conv, plan.m_sender, plan.m_t, plan.m_draft, strict=True):
        if not d:
            for m in plan.convs[c].members:
                if m > OWNER and s in (OWNER, m) and (m not in first_contact or t < first_contact[m]):
                    first_contact[m] = t
    outgoing = [(i, k) for i, k in zip(plan.invitations, kinds, strict=True) if i.outgoing]
    n_out = len(outgoing)
    canned = CANNED_NOTE_KINDS
    out["canned_invite_share"] = _share(sum(k in canned for _, k in outgoing), n_out, mins["invitations"])
    for kind in ("no_note", "default_text"):
        out[f"{kind}_invite_share"] = _share(sum(k == kind for _, k in outgoing), n_out, mins["invitations"])
    out["templated_invite_share"] = _share(
        sum(k == "template" for _, k in outgoing), n_out, mins["invitations"]
    )
    strangers = [k for i, k in outgoing if not (i.person in first_contact and first_contact[i.person] < i.t)]
    out["canned_invite_to_stranger_share"] = _share(
        sum(k in canned for k in strangers), len(strangers), mins["invitations"]
    )
    inv_t = np.array(sorted(i.t for i, _ in outgoing), dtype=np.int64)
    months = max(1.0, float(inv_t[-1] - inv_t[0]) / DAY / 30.44) if n_out else 1.0
    out["canned_stranger_invites_per_month"] = (
        sum(k in canned for k in strangers) / months if n_out >= mins["invitations"] else None
    )
    for name, w in (("1h", HOUR), ("24h", DAY), ("7d", 7 * DAY)):
        out[f"max_invites_{name}"] = max_in_window(inv_t, w) if n_out >= mins["invitations"] else None
    out["invite_interval_cv"] = _cv(inv_t) if n_out >= mins["invitations"] else None
    accepted = 0
    for i, _ in outgoing:
        c_on = people[i.person].connected_on
        if c_on is not None and c_on >= i.t // DAY:
            accepted += 1
    out["invite_acceptance_rate"] = _share(accepted, n_out, mins["invitations"])
    out["not_accepted_invite_share"] = _share(n_out - accepted, n_out, mins["invitations"])
    out["pending_invites"] = n_out - accepted if n_out >= mins["invitations"] else None

    # sent messages
    sent_idx = [i for i in range(len(plan.m_t)) if plan.m_sender[i] == OWNER and not plan.m_draft[i]]
    groups = multi_send_groups(plan, sent_idx)
    grouped = {i: g for g, members in enumerate(groups) for i in members}
    # one action, one event: a send to several people at once is one time, its first (docs/metrics.md)
    sent = np.array(
        sorted(
            [plan.m_t[i] for i in sent_idx if i not in grouped]
            + [min(plan.m_t[i] for i in g) for g in groups]
        ),
        dtype=np.int64,
    )
    n_sent = len(sent)
    enough = n_sent >= mins["sends"]
    # empty sends (attachments only) are left out of the denominator (docs/metrics.md, Templates)
    # ... and in the templated share: a send to several people at once is one message
    lone = [i for i in sent_idx if i not in grouped]
    with_text = sum(bool(plan.m_text[i]) for i in lone) + sum(bool(plan.m_text[g[0]]) for g in groups)
    templated = sum(bool(msg_labels[i]) for i in lone) + sum(any(msg_labels[i] for i in g) for g in groups)
    out["templated_message_share"] = _share(templated, with_text, mins["sends"])
    # ... and only at volume: at least `templated_messages_30d` copies in some 30 days, or none at all
    # (docs/metrics.md)
    copies = np.array(
        sorted(
            [plan.m_t[i] for i in lone if msg_labels[i]]
            + [min(plan.m_t[i] for i in g) for g in groups if any(msg_labels[i] for i in g)]
        ),
        dtype=np.int64,
    )
    if 0 < max_in_window(copies, 30 * DAY) < mins["templated_messages_30d"]:
        out["templated_message_share"] = None
    out["max_messages_1h"] = max_in_window(sent, HOUR) if enough else None
    out["max_messages_24h"] = max_in_window(sent, DAY) if enough else None
    cv = _cv(sent) if enough else None
    out["message_interval_cv"] = cv
    if cv is None:
        out["message_burstiness"] = None
    else:
        n = n_sent
        a, b = math.sqrt(n + 1), math.sqrt(n - 1)
        out["message_burstiness"] = (a * cv - b) / ((a - 2) * cv + b)
    offset = infer_offset(sent) if enough and not plan.geo_zone else None
    out["_inferred_tz_offset_hours"] = offset
    if plan.geo_zone:  # the profile's location names the zone: local time through zoneinfo
        tz = ZoneInfo(plan.geo_zone)
        loc_hour = np.array([dt.datetime.fromtimestamp(int(t), tz).hour for t in sent], dtype=np.int64)
    elif offset is not None:
        loc_hour = ((sent + offset * HOUR) % DAY) // HOUR
    out["night_send_share"] = (
        _share(int((loc_hour < 6).sum()), n_sent, mins["sends"])
        if plan.geo_zone or offset is not None
        else None
    )

    out.update(_conversation_metrics(plan, mins["conversations"]))
    starts = np.array(thread_start_actions(plan, groups, conversation_table(plan)), dtype=np.int64)
    largest = max((len({plan.m_conv[i] for i in g}) for g in groups), default=0)
    out["max_multi_send_recipients"] = largest if len(sent_idx) >= mins["sends"] else None
    out["multi_send_count"] = len(groups) if len(sent_idx) >= mins["sends"] else None
    live = live_answers(plan)
    out.update(automation_truth(plan, inv_t, unprompted_actions(plan, sent_idx, groups, live), starts, mins))

    # ties
    rows = [p for p in people[1:] if p.connected_on is not None and not p.hidden]
    n_rows = len(rows)
    for cls, key in (
        ("never", "never_interacted_share"),
        ("weak", "weak_tie_share"),
        ("dormant", "dormant_tie_share"),
        ("strong", "strong_tie_share"),
    ):
        out[key] = _share(sum(p.tie_class == cls for p in rows), n_rows, mins["connections"])
    return out


def conversation_table(plan: Plan) -> list[dict[str, Any]]:
    """Per conversation (non-draft messages only): starter, first time, first reply latency, excluded.
    Memoised on the plan (keyed by its message count) because the truth document asks twice."""
    hit = plan.cache.get("conversation_table")
    if hit is not None and hit[0] == len(plan.m_t):
        return hit[1]
    rows = _conversation_table(plan)
    plan.cache["conversation_table"] = (len(plan.m_t), rows)
    return rows


def not_people(plan: Plan) -> set[int]:
    """Senders docs/metrics.md counts as marketing beyond the planted MARKETING ones (kind `marketing`): none.
    In the 2018 file (no SENDER PROFILE URL) a sender is a brand by its look ("LinkedIn" in the name, a
    company-like name); every person of the plan has a person's name, so a stranger the member ignored
    stays a person and counts in the member's own reply rate."""
    return set()


def _conversation_table(plan: Plan) -> list[dict[str, Any]]:
    marketing = not_people(plan)
    by_conv: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for c, s, t, d in zip(plan.m_conv, plan.m_sender, plan.m_t, plan.m_draft, strict=True):
        if not d and s != SYSTEM:  # a system line starts, answers and excludes nothing
            by_conv[c].append((t, 0 if s == OWNER else 1, s))
    rows = []
    for c in sorted(by_conv):
        msgs = sorted(by_conv[c])
        t0, _, starter = msgs[0]
        reply = next((t for t, _, s in msgs[1:] if s != starter and t >= t0), None)
        mine = next((t for t, _, s in msgs[1:] if s == OWNER and t >= t0), None)
        conv = plan.convs[c]
        rows.append(
            {
                "conv": c,
                "cid": conv.cid,
                "starter": starter,
                "t0": t0,
                "latency": None if reply is None else reply - t0,
                "my_latency": None if mine is None else mine - t0,
                "excluded": conv.kind in EXCLUDED_KINDS or any(s in marketing for _, _, s in msgs),
                "marketing": conv.kind == "marketing"
                or (conv.kind == "normal" and any(s in marketing for _, _, s in msgs)),
                "members": conv.members,
            }
        )
    return rows


def _conversation_metrics(plan: Plan, minimum: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    as_of = plan.as_of
    table = [r for r in conversation_table(plan) if not r["excluded"]]
    mine = [r for r in table if r["starter"] == OWNER]
    theirs = [r for r in table if r["starter"] != OWNER]
    for w, name in ((7, "thread_reply_rate_7d"), (30, "thread_reply_rate_30d")):
        judged = [r for r in mine if r["t0"] + w * DAY <= as_of]
        replied = sum(r["latency"] is not None and r["latency"] <= w * DAY for r in judged)
        out[name] = _share(replied, len(judged), minimum)
    lat = [r["latency"] / HOUR for r in mine if r["latency"] is not None]
    out["median_first_reply_hours"] = float(np.median(lat)) if len(lat) >= minimum else None
    judged = [r for r in theirs if r["t0"] + 30 * DAY <= as_of]
    replied = sum(r["my_latency"] is not None and r["my_latency"] <= 30 * DAY for r in judged)
    out["my_reply_rate_30d"] = _share(replied, len(judged), minimum)
    lat = [r["my_latency"] / HOUR for r in theirs if r["my_latency"] is not None]
    out["my_median_reply_hours"] = float(np.median(lat)) if len(lat) >= minimum else None
    people = plan.people
    stranger = 0
    for r in mine:
        day = r["t0"] // DAY
        for m in r["members"]:
            if m != OWNER:
                c_on = people[m].connected_on if m >= 0 else None
                if c_on is None or c_on > day:
                    stranger += 1
                    break
    out["stranger_thread_share"] = _share(stranger, len(mine), minimum)
    return out
