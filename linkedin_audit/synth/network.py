"""Changes in the network between exports of a history: removed connections and job changes.

Why planted: `network_changes` compares consecutive exports' Connections.csv, and a real monthly history
has people who left (or removed the member) and people who moved jobs. Only the earlier exports differ:
the newest export keeps every person's current company and position, and a removed person stays in the
merged `connections` (from the export that last listed them), so no other planted measure changes.
A separate seeded generator keeps the rest of the plan's randomness untouched."""

from __future__ import annotations

import random
from typing import Any

from linkedin_audit.synth import companies
from linkedin_audit.synth import text as tx
from linkedin_audit.synth.plan import DAY, Plan, job_in

REMOVED = 3
JOB_CHANGES = 4


def plant_network_changes(plan: Plan) -> None:
    """Pick people removed from the newest export and people whose job differed in the earlier ones."""
    if len(plan.export_dates) < 2:
        return
    rng = random.Random(f"linkedin-audit-synth/network/{plan.seed}/{plan.scale.name}/{plan.era}")
    last = len(plan.export_dates) - 1
    before = plan.export_start(0) // DAY
    settled = [
        p
        for p in plan.people[1:]
        if p.connected_on is not None
        and p.connected_on < before
        and not p.hidden
        and p.company
        and p.position
    ]
    never = [p for p in settled if p.tie_class == "never"]
    for p in rng.sample(never, min(REMOVED, len(never))):
        plan.removals[p.idx] = last
    others = [p for p in settled if p.idx not in plan.removals]
    for p in rng.sample(others, min(JOB_CHANGES, len(others))):
        old_company = rng.choice([c for c in tx.COMPANIES if c != companies.canonical(p.company)])
        old_position = rng.choice([t for t in tx.POSITIONS if t != p.position])
        plan.job_changes[p.idx] = (last, old_company, old_position)


def listed(plan: Plan, k: int, idx: int) -> bool:
    """Whether person `idx` (a connection by then) is still listed in export k's Connections.csv."""
    return plan.removals.get(idx, len(plan.export_dates)) > k


def expected_changes(plan: Plan) -> list[dict[str, Any]]:
    """The rows `network_changes` must hold: per consecutive pair of exports (export index k >= 1)."""
    out: list[dict[str, Any]] = []
    for k in range(1, len(plan.export_dates)):
        lo, hi = plan.export_start(k - 1) // DAY, plan.export_start(k) // DAY
        for p in plan.people[1:]:
            if p.connected_on is None or p.hidden:
                continue
            was = p.connected_on < lo and listed(plan, k - 1, p.idx)
            now = p.connected_on < hi and listed(plan, k, p.idx)
            row = {"export_index": k, "name": p.name, "profile_url": p.url}
            if now and not was and p.connected_on >= lo:
                out.append({**row, "change": "added"})
            elif was and not now:
                out.append({**row, "change": "removed"})
            elif was and now and job_in(plan, k - 1, p.idx) != job_in(plan, k, p.idx):
                (oc, op), (nc, np_) = job_in(plan, k - 1, p.idx), job_in(plan, k, p.idx)
                out.append(
                    {
                        **row,
                        "change": "job_change",
                        "old_company": oc,
                        "new_company": nc,
                        "old_position": op,
                        "new_position": np_,
                    }
                )
    return out
