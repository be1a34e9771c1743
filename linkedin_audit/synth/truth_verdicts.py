"""The verdicts a person should read, from the truth's own numbers (docs/metrics.md "From measures to
verdicts"): the status of each verdict-carrying measure, the one verdict of "many invitations ignored or
pending", and which advice the plan supports. Plain code over `expected_summary` and the plan, never the
analyses."""

from __future__ import annotations

from typing import Any

from linkedin_audit.config import Thresholds
from linkedin_audit.synth.plan import Plan
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


def expected_verdicts(summary: dict[str, Any], th: Thresholds) -> dict[str, str]:
    """metric -> status for the banded verdict measures and the three measures of the pending trigger."""
    out = {
        m: "not_enough_data" if summary[m] is None else th.status(band, summary[m])
        for m, band in BANDED.items()
    }
    pending, share = summary["pending_invites"], summary["not_accepted_invite_share"]
    if pending is None:
        verdict = "not_enough_data"
    else:
        volume = th.status("pending_invites", pending)
        by_share = th.status("not_accepted_share", share) if pending >= th.min("pending_for_share") else "ok"
        verdict = ORDER[max(ORDER.index(volume), ORDER.index(by_share))]
    out.update({m: verdict for m in PENDING})
    return out


def expected_advice(plan: Plan, kinds: list[str], verdicts: dict[str, str]) -> dict[str, Any]:
    """`follow`: the member's own canned invitations to connections planted `never` (the list "follow
    instead of connecting" and its advice); `withdraw_advised`: only on a watch or high pending verdict."""
    follow = sum(
        1
        for inv, kind in zip(plan.invitations, kinds, strict=True)
        if inv.outgoing
        and kind in CANNED_NOTE_KINDS
        and plan.people[inv.person].tie_class == "never"
        and plan.people[inv.person].connected_on is not None
        and not plan.people[inv.person].hidden
    )
    return {"follow": follow, "withdraw_advised": verdicts["pending_invites"] in ("watch", "high")}
