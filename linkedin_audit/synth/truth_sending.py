"""The truth of the sending measures, split from truth.py: sends to several people at once (one action
each) and the automation measures inside bursts, evaluated with plain loops over the plan."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from linkedin_audit.synth.plan import OWNER, SYSTEM, Plan


def max_in_window(ts: np.ndarray, w: int) -> int:
    if len(ts) == 0:
        return 0
    return int((np.searchsorted(ts, ts + w, side="left") - np.arange(len(ts))).max())


MULTI_SEND_GAP_S = 20


def multi_send_groups(plan: Plan, sent_idx: list[int]) -> list[list[int]]:
    """docs/metrics.md "Sends to several people at once" with plain loops: runs of one text (whitespace
    folded, lower case) whose consecutive sends are <= 20 s apart (60 s in minute-resolution eras), kept
    when they reach two or more conversations; each group's message indices, oldest first."""
    gap = max(MULTI_SEND_GAP_S, 60 if plan.era == 2018 else 1)

    def text(i: int) -> str:
        return " ".join(plan.m_text[i].lower().split())

    chains: list[list[int]] = []
    for i in sorted(sent_idx, key=lambda i: (text(i), plan.m_t[i], i)):
        if chains and text(chains[-1][-1]) == text(i) and plan.m_t[i] - plan.m_t[chains[-1][-1]] <= gap:
            chains[-1].append(i)
        else:
            chains.append([i])
    groups = [c for c in chains if len({plan.m_conv[i] for i in c}) >= 2]
    return sorted(groups, key=lambda g: (plan.m_t[g[0]], g[0]))


def thread_start_actions(plan: Plan, groups: list[list[int]], table: list[dict[str, Any]]) -> list[int]:
    """The first times of the conversations the owner started (`table`: truth.conversation_table), the ones
    one multi-send started once."""
    group_of = {(plan.m_conv[i], plan.m_t[i]): g for g, members in enumerate(groups) for i in members}
    keyed: dict[object, int] = {}
    for r in table:
        if r["starter"] == OWNER:
            key = ("multi", group_of[(r["conv"], r["t0"])]) if (r["conv"], r["t0"]) in group_of else r["conv"]
            keyed[key] = min(keyed.get(key, r["t0"]), r["t0"])
    return sorted(keyed.values())


LIVE_ANSWER_S = 600
LIVE_CHATS = 3


def live_answers(plan: Plan) -> set[int]:
    """docs/metrics.md "Automation inside bursts" with plain loops: the member's sends, in a conversation
    with one other person, after that person's message in the same stretch (no silence over 10 minutes;
    at one time the member's message first), when the member's sends of the 10 minutes up to it (the same
    time included) went to at most 3 conversations. Drafts and system lines are nobody's."""
    by_conv: dict[int, list[tuple[int, int, int]]] = {}
    for i, (c, who, t, draft) in enumerate(
        zip(plan.m_conv, plan.m_sender, plan.m_t, plan.m_draft, strict=True)
    ):
        if not draft and who != SYSTEM and len(plan.convs[c].members) == 2:
            by_conv.setdefault(c, []).append((t, int(who != OWNER), i))
    answers: set[int] = set()
    for rows in by_conv.values():
        rows.sort()
        heard, last = False, None
        for t, other, i in rows:
            if last is not None and t - last > LIVE_ANSWER_S:
                heard = False  # a new stretch
            if other:
                heard = True
            elif heard:
                answers.add(i)
            last = t
    sent = sorted(
        (t, i)
        for i, (who, t, d) in enumerate(zip(plan.m_sender, plan.m_t, plan.m_draft, strict=True))
        if who == OWNER and not d
    )
    few_chats = set()
    in_window: Counter[int] = Counter()  # the conversations of the member's sends in [t - 10 min, t]
    lo = hi = 0
    for t, i in sent:
        while hi < len(sent) and sent[hi][0] <= t:  # every send at time t too, whatever the rows' order
            in_window[plan.m_conv[sent[hi][1]]] += 1
            hi += 1
        while sent[lo][0] < t - LIVE_ANSWER_S:
            c = plan.m_conv[sent[lo][1]]
            in_window[c] -= 1
            if not in_window[c]:
                del in_window[c]
            lo += 1
        if len(in_window) <= LIVE_CHATS:
            few_chats.add(i)
    return answers & few_chats


def unprompted_actions(
    plan: Plan, sent_idx: list[int], groups: list[list[int]], live: set[int]
) -> np.ndarray:
    """The member's send actions without the live answers `live`, one time per action as in `sent`."""
    grouped = {i for g in groups for i in g}
    times = [plan.m_t[i] for i in sent_idx if i not in grouped and i not in live]
    times += [min(plan.m_t[i] for i in g if i not in live) for g in groups if any(i not in live for i in g)]
    return np.array(sorted(times), dtype=np.int64)


def _trains(ts: list[int], max_gap: int) -> list[list[int]]:
    out: list[list[int]] = []
    for t in ts:
        if out and t - out[-1][-1] <= max_gap:
            out[-1].append(t)
        else:
            out.append([t])
    return out


def automation_truth(
    plan: Plan, inv_t: np.ndarray, sent: np.ndarray, starts: np.ndarray, mins: dict[str, int]
) -> dict[str, Any]:
    """docs/metrics.md "Automation inside bursts", evaluated with plain loops over the planted times. `sent`:
    the member's send actions without live answers (`unprompted_actions`)."""
    out: dict[str, Any] = {}
    for name, ts, minimum in (
        ("max_invites", inv_t, mins["invitations"]),
        ("max_thread_starts", starts, mins["sends"]),
    ):
        for label, w in (("1min", 60), ("10min", 600)):
            out[f"{name}_{label}"] = max_in_window(ts, w) if len(ts) >= minimum else None
    res = {
        "invitations": 60,
        "messages": 60 if plan.era == 2018 else 1,
        "thread_starts": 60 if plan.era == 2018 else 1,
    }
    streams = {"invitations": inv_t.tolist(), "messages": sent.tolist(), "thread_starts": starts.tolist()}
    rates, cvs = [], []
    for stream, ts in streams.items():
        for train in _trains(ts, 600):
            if len(train) >= mins["sends"]:
                rates.append(len(train) * 60.0 / (train[-1] - train[0] + res[stream]))
        for train in _trains(ts, 3600):
            gaps = np.diff(train).astype(float)
            if len(train) >= mins["sends"] and gaps.mean() >= 2 * res[stream]:
                cvs.append(float(gaps.std() / gaps.mean()))
    out["max_train_send_rate"] = max(rates) if rates else None
    out["min_train_gap_cv"] = min(cvs) if cvs else None
    enough = any(len(ts) >= mins["sends"] for ts in streams.values())
    out["longest_clockwork_run"] = (
        (plan.clockwork["count"] if plan.clockwork["count"] >= mins["sends"] else 0) if enough else None
    )
    return out
