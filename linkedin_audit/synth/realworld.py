"""Patterns seen in real exports (issue 16), planted after the rest of the life so that the plan is
otherwise the same as without them for the same seed (they draw from an RNG of their own).

- a bot run of outgoing invitations: 45 in a single minute and 104 within 10 minutes (as one real export
  sent), no note, none accepted; tiny scale plants 12 and 20.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from linkedin_audit.synth.plan import DAY, Invitation

if TYPE_CHECKING:
    from linkedin_audit.synth.life import _Life


def run_sizes(life: _Life) -> tuple[int, int]:
    """(invitations in the run's first minute, invitations in its 10 minutes)."""
    return (12, 20) if life.sc.invitations < 200 else (45, 104)


@contextmanager
def own_rng(life: _Life, name: str) -> Iterator[random.Random]:
    p = life.p
    rng = random.Random(f"linkedin-audit-synth/{p.seed}/{p.scale.name}/{p.era}/{len(p.export_dates)}/{name}")
    main = life.rng
    life.rng = life.b.rng = rng
    try:
        yield rng
    finally:
        life.rng = life.b.rng = main


def invitation_minute_run(life: _Life) -> None:
    """The bot run: minute 0 holds `first` sends, minutes 1-9 the rest, at least 8 days from any other
    outgoing invitation (so the planted counts are exactly what the windows see)."""
    b, p = life.b, life.p
    first, total = run_sizes(life)
    with own_rng(life, "minute-run") as rng:
        day = (b.as_of - 40 * DAY) // DAY
        taken = sorted(i.t for i in p.invitations if i.outgoing)
        while True:
            t0 = b.local_day_time(day, 11)
            t0 -= t0 % 60
            if not any(t0 - 8 * DAY <= t < t0 + 8 * DAY for t in taken) or day < b.w0 // DAY + 10:
                break
            day -= 3
        minutes = [0] * first + sorted(rng.randrange(1, 10) for _ in range(total - first))
        times = [t0 + 60 * m for m in minutes]
        for t in times:
            q = life.new_person(connection=False)
            p.invitations.append(Invitation(True, t, q.idx, "", "no_note", ""))
        p.invitations.sort(key=lambda inv: (inv.t, inv.person))
    p.bursts.append({"stream": "invitations", "start": times[0], "end": times[-1], "count": total,
                     "window_seconds": 600, "first_minute": first})
