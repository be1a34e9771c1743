"""The verdicts a person should read, from the truth's own numbers (docs/metrics.md "From measures to
verdicts"): the status of each verdict-carrying measure, the one verdict of "many invitations ignored or
pending", and which advice the plan supports. Plain code over `expected_summary` and the plan, never the
analyses."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from linkedin_audit.config import Thresholds
from linkedin_audit.synth import truth
from linkedin_audit.synth.plan import OWNER, Plan
from linkedin_audit.synth.truth_sending import max_in_window, multi_send_groups, thread_start_actions
from linkedin_audit.vocabulary import CANNED_NOTE_KINDS

BANDED = {
    "canned_stranger_invites_per_month": "canned_to_strangers_per_month",
    "max_multi_send_recipients": "multi_send_recipients",
    "max_invites_1min": "invites_1min",
    "max_invites_7d": "invites_7d",
    "max_thread_starts_1min": "thread_starts_1min",
}
PENDING = ("invite_acceptance_rate", "not_accepted_invite_share", "pending_invites")
ORDER = ("ok", "watch", "high")


def recent_start(plan: Plan, months: int) -> int:
    """Epoch seconds of midnight (UTC) on the same day `months` calendar months before the newest export,
    the day clamped to the end of a shorter month."""
    d = plan.export_dates[-1]
    year, month = d.year, d.month - months
    while month < 1:
        year, month = year - 1, month + 12
    for day in range(d.day, 0, -1):
        try:
            return int(dt.datetime(year, month, day, tzinfo=dt.UTC).timestamp())
        except ValueError:
            continue
    raise AssertionError("unreachable")


def recent_values(plan: Plan, th: Thresholds) -> dict[str, float | None]:
    """The BANDED measures over the recent span only (docs/metrics.md "Past behaviour"), plain loops."""
    start, mins = recent_start(plan, th.recent_months), th.minimum
    inv = np.array(sorted(i.t for i in plan.invitations if i.outgoing and i.t >= start), dtype=np.int64)
    sent_idx = [i for i in range(len(plan.m_t)) if plan.m_sender[i] == OWNER and not plan.m_draft[i]]
    groups = multi_send_groups(plan, sent_idx)
    starts = np.array(
        [t for t in thread_start_actions(plan, groups, truth.conversation_table(plan)) if t >= start],
        dtype=np.int64,
    )
    reach = [len({plan.m_conv[i] for i in g}) for g in groups if min(plan.m_t[i] for i in g) >= start]
    enough_inv = len(inv) >= mins["invitations"]
    return {
        "max_multi_send_recipients": max(reach, default=0) if len(sent_idx) >= mins["sends"] else None,
        "max_invites_1min": max_in_window(inv, 60) if enough_inv else None,
        "max_invites_7d": max_in_window(inv, 7 * 86400) if enough_inv else None,
        "max_thread_starts_1min": max_in_window(starts, 60) if len(starts) >= mins["sends"] else None,
        "canned_stranger_invites_per_month": None,  # not a behaviour weighed by its age
    }


def weighed(full: str, recent: str) -> str:
    """Past behaviour (the recent span below the whole history's level): at most watch."""
    if full not in ("watch", "high") or ORDER.index(recent) >= ORDER.index(full):
        return full
    return "watch"


def expected_verdicts(summary: dict[str, Any], th: Thresholds, plan: Plan) -> dict[str, str]:
    """metric -> status for the banded verdict measures (weighed by the age of their evidence) and the three
    measures of the pending trigger."""
    recent = recent_values(plan, th)
    out = {}
    for m, band in BANDED.items():
        if summary[m] is None:
            out[m] = "not_enough_data"
            continue
        full = th.status(band, summary[m])
        if m == "canned_stranger_invites_per_month":
            out[m] = full
            continue
        now = "ok" if recent[m] is None else th.status(band, recent[m])
        out[m] = weighed(full, now)
    pending, share = summary["pending_invites"], summary["not_accepted_invite_share"]
    if pending is None:
        verdict = "not_enough_data"
    else:
        volume = th.status("pending_invites", pending)
        by_share = th.status("not_accepted_share", share) if pending >= th.min("pending_for_share") else "ok"
        verdict = ORDER[max(ORDER.index(volume), ORDER.index(by_share))]
    out.update({m: verdict for m in PENDING})
    return out


def expected_advice(
    plan: Plan, kinds: list[str], verdicts: dict[str, str], th: Thresholds, summary: dict[str, Any]
) -> dict[str, Any]:
    """`follow`: the member's own canned invitations to connections planted `never` (the list "follow
    instead of connecting"), `follow_advised` from `[minimum] follow_advice` of them; `withdraw_advised`:
    only on a watch or high pending verdict; `templates_advised` ("Rewrite your template"): only when a
    copy-pasted share (messages, behind their volume guard, or invitation notes) is watch or high (past
    behaviour lowers high to watch, never below, so the whole history's band decides); `answer` /
    `answer_older`: conversations a person started and the member never wrote in, whose newest line is
    within / before the last `[recent] months` (the "Answer" list holds the first, its line counts the
    second)."""
    follow = sum(
        1
        for inv, kind in zip(plan.invitations, kinds, strict=True)
        if inv.outgoing
        and kind in CANNED_NOTE_KINDS
        and plan.people[inv.person].tie_class == "never"
        and plan.people[inv.person].connected_on is not None
        and not plan.people[inv.person].hidden
    )
    newest: dict[int, int] = {}
    for c, t in zip(plan.m_conv, plan.m_t, strict=True):
        newest[c] = max(newest.get(c, t), t)
    start = recent_start(plan, th.recent_months)
    waiting = [
        newest[r["conv"]]
        for r in truth.conversation_table(plan)
        if r["starter"] != OWNER and not r["excluded"] and r["my_latency"] is None
    ]
    return {
        "follow": follow,
        "follow_advised": follow >= th.min("follow_advice"),
        "withdraw_advised": verdicts["pending_invites"] in ("watch", "high"),
        "templates_advised": any(
            summary[m] is not None and th.status(m, summary[m]) in ("watch", "high")
            for m in ("templated_message_share", "templated_invite_share")
        ),
        "answer": sum(t >= start for t in waiting),
        "answer_older": sum(t < start for t in waiting),
    }
