"""The member's outreach: planted invitation and message bursts, the clockwork stream, invitations with
their note kinds and acceptance, and the conversations that are not ties (campaigns to strangers, recruiters,
hidden senders, spam, sponsored InMail, groups, the 7-day edge cases).

Functions over the life being built (shapes.LifeInProgress); split from life.py to keep each file one
concern."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from linkedin_audit.synth import grammar as gr
from linkedin_audit.synth import text as tx
from linkedin_audit.synth.plan import DAY, HIDDEN_SENDER, HOUR, LATENCIES, OWNER, SPONSOR, Invitation, Person

if TYPE_CHECKING:
    from linkedin_audit.synth.shapes import LifeInProgress


# ---- bursts and the clockwork stream ---------------------------------------------------------------
def plant_bursts(life: LifeInProgress) -> None:
    b, rng, sc, as_of = life.b, life.rng, life.sc, life.b.as_of
    span = as_of - b.w0
    # invitations: sc.invite_burst_2h in 2 hours, then sc.invite_burst_7d spread over one week
    t1 = b.local_day_time((b.w0 + span // 4) // DAY, 10)
    mins = sorted(rng.sample(range(120), sc.invite_burst_2h))
    life.inv_burst1 = [t1 + m * 60 for m in mins]
    t2 = b.local_day_time((b.w0 + (span * 3) // 5) // DAY, 8)
    week = sorted(rng.sample(range(7 * 24 * 60 - 1), sc.invite_burst_7d))
    life.inv_burst2 = [t2 + m * 60 for m in week]
    for ts, w in ((life.inv_burst1, 7200), (life.inv_burst2, 7 * DAY)):
        if not ts:  # the receiver plants no invitation burst
            continue
        life.p.bursts.append(
            {
                "stream": "invitations",
                "start": ts[0],
                "end": ts[-1],
                "count": len(ts),
                "window_seconds": w,
            }
        )
        b.blocked_inv.append((ts[0] - 8 * DAY, ts[-1] + 8 * DAY))
    # messages: sc.message_burst_1h template thread starts within one hour, to strangers
    tm = b.local_day_time((as_of - 150 * DAY) // DAY, 13)
    secs = sorted(rng.sample(range(3599), sc.message_burst_1h))
    life.msg_burst = [tm + s for s in secs]
    for stream in ("messages", "thread_starts"):
        life.p.bursts.append(
            {
                "stream": stream,
                "start": life.msg_burst[0],
                "end": life.msg_burst[-1],
                "count": len(secs),
                "window_seconds": 3600,
            }
        )
    b.blocked_msg.append((tm - 2 * DAY, tm + HOUR + 2 * DAY))
    # clockwork: automated follow-ups at a fixed interval, two weeks later, round the clock
    tc = b.local_day_time((tm + 14 * DAY) // DAY, 7)
    life.clock = [tc + i * 1800 for i in range(sc.clockwork)]
    life.p.clockwork = {
        "stream": "messages",
        "interval_seconds": 1800,
        "count": sc.clockwork,
        "start": life.clock[0],
        "end": life.clock[-1],
    }
    b.blocked_msg.append((tc - 2 * DAY, life.clock[-1] + 2 * DAY))


# ---- invitations -----------------------------------------------------------------------------------
def note_for(life: LifeInProgress, kind: str, person: Person, incoming: bool) -> tuple[str, str]:
    rng = life.rng
    if kind == "no_note":
        return "", ""
    if kind == "default_text":
        return rng.choice(tx.STOCK_INVITES), ""
    if kind == "personal":
        return gr.personal_note(rng, life.p.people[OWNER].first if incoming else person.first), ""
    if incoming:
        owner = life.p.people[OWNER]
        label = "in-recruiter"
        return tx.fill_template(rng, tx.INCOMING_NOTE_TEMPLATES[label], owner.first, owner.company), label
    label = "inv-growth" if person.company else "inv-community"
    return tx.fill_template(rng, tx.NOTE_TEMPLATES[label], person.first, person.company), label


def invitations(life: LifeInProgress) -> None:
    b, rng, sc = life.b, life.rng, life.sc
    n_out = int(sc.invitations * sc.outgoing)
    n_bg = max(0, n_out - len(life.inv_burst1) - len(life.inv_burst2))
    times = [(t, "burst") for t in life.inv_burst1 + life.inv_burst2]
    for _ in range(n_bg):
        t = b.as_of
        while t >= b.as_of - 60:  # the snap may push past the newest export: draw again
            t = b.snap(rng.randrange(b.w0, b.as_of - DAY), b.blocked_inv)
        times.append((t - t % 60, "bg"))
    life.invitees.clear()
    life.talked_first.clear()
    n_in = sc.invitations - n_out
    expected = 0.45 * (n_out - n_bg) + 0.6 * n_bg + 0.7 * n_in
    factor = min(1.0, 0.6 * sc.connections / max(expected, 1.0))  # never past the connection count
    delays = (0, 0, 1, 2, 3, 5, 8, 13, 21)
    for t, src in sorted(times):
        accept = rng.random() < (0.45 if src == "burst" else 0.6) * factor
        day = t // DAY + rng.choice(delays)
        accept = accept and day < life.as_of_day
        talked = src == "bg" and rng.random() < 0.12
        p = life.new_person(connection=accept)
        r = rng.random()
        if src == "burst":
            kind = "no_note" if r < 0.7 else "default_text" if r < 0.8 else "template"
        elif talked:
            kind = "personal" if r < 0.6 else "no_note"
        else:
            kind = (
                "no_note"
                if r < 0.55
                else "default_text"
                if r < 0.68
                else "template"
                if r < 0.84
                else "personal"
            )
        note, label = note_for(life, kind, p, incoming=False)
        life.p.invitations.append(Invitation(True, t, p.idx, note, kind, label))
        if talked:
            life.talked_first.append(p)
            life.stranger_thread(p, t - rng.randint(2, 40) * DAY)
        if accept:
            p.connected_on = day
            life.invitees.append(p)
    for _ in range(n_in):
        t = rng.randrange(b.w0, b.as_of - DAY)
        t -= t % 60
        day = t // DAY + rng.choice(delays)
        accept = rng.random() < 0.7 * factor and day < life.as_of_day
        p = life.new_person(connection=accept)
        r = rng.random()
        kind = (
            "no_note" if r < 0.65 else "personal" if r < 0.8 else "template" if r < 0.93 else "default_text"
        )
        note, label = note_for(life, kind, p, incoming=True)
        life.p.invitations.append(Invitation(False, t, p.idx, note, kind, label))
        if accept:
            p.connected_on = day
            life.invitees.append(p)


# ---- strangers, campaigns, spam, sponsored, hidden senders, groups, edge cases ---------------------
def strangers_and_noise(life: LifeInProgress) -> None:
    b, rng, sc, as_of = life.b, life.rng, life.sc, life.b.as_of
    burst_convs: list[tuple[int, Person]] = []
    used: set[str] = set()
    for t in life.msg_burst:  # the message burst: a templated campaign to strangers
        p = life.new_person(connection=False)
        c = b.conv((OWNER, p.idx))
        text = tx.fill_template(rng, tx.MESSAGE_TEMPLATES["msg-outreach"], p.first, "")
        while text in used:  # two strangers of one first name: never one text (a send to several at once)
            text = tx.fill_template(rng, tx.MESSAGE_TEMPLATES["msg-outreach"], p.first, "")
        used.add(text)
        b.msg(c, OWNER, t, text, "msg-outreach")
        if len(burst_convs) >= len(life.clock) and rng.random() < 0.25:
            b.msg(c, p.idx, t + int(rng.choice(LATENCIES[:9]) or HOUR), gr.personal_text(rng, life.me))
        else:
            burst_convs.append((c, p))
    for t, (c, p) in zip(life.clock, burst_convs, strict=False):  # clockwork follow-ups
        b.msg(
            c,
            OWNER,
            t,
            tx.fill_template(rng, tx.MESSAGE_TEMPLATES["msg-followup"], p.first, ""),
            "msg-followup",
        )
    if len(burst_convs) < len(life.clock):
        raise AssertionError("not enough unanswered campaign threads for the clockwork stream")
    n = max(6, sc.messages // 150)
    for _ in range(n):  # strangers write first (recruiters, vendors); the member answers some
        p = life.new_person(connection=False)
        t0 = rng.randrange(life.b.h0, as_of - DAY)
        c = b.conv((OWNER, p.idx))
        b.msg(c, p.idx, t0, gr.personal_text(rng, life.me))
        if rng.random() < 0.5:
            b.msg(
                c,
                OWNER,
                b.snap(t0 + rng.randrange(600, 5 * DAY), b.blocked_msg),
                gr.personal_text(rng, p.first),
            )
    for _ in range(max(3, n // 3)):  # personal threads the member starts with strangers
        p = life.new_person(connection=False)
        life.thread(p, b.snap(rng.randrange(life.b.h0, as_of - DAY), b.blocked_msg), owner_starts=True)
    for k in range(max(2, n // 4)):  # hidden senders, spam, sponsored: excluded from reply rates
        t0 = rng.randrange(life.b.h0, as_of - DAY)
        c = b.conv((OWNER, HIDDEN_SENDER), kind="hidden")
        b.msg(c, HIDDEN_SENDER, t0, gr.personal_text(rng, life.me))
        if k % 2 == 0:
            b.msg(c, OWNER, b.snap(t0 + HOUR, b.blocked_msg), rng.choice(tx.ONE_LINERS))
        if life.p.era != 2018:
            p = life.new_person(connection=False)
            c = b.conv((OWNER, p.idx), folder="SPAM", kind="spam")
            b.msg(c, p.idx, rng.randrange(life.b.h0, as_of - DAY), gr.personal_text(rng, life.me))
            sponsor = tx.COMPANIES[10 + k % 15]
            c = b.conv((OWNER, SPONSOR), kind="sponsored", title=f"{sponsor} Sponsored", sponsor=sponsor)
            b.msg(
                c,
                SPONSOR,
                rng.randrange(as_of - 400 * DAY, as_of - DAY),
                tx.SPONSORED.format(company=sponsor),
            )
    # the 7-day edge: first messages exactly 7 days (judged) and 7 days minus 1 minute (censored)
    # before as_of, to strong ties, with no reply yet; plus one answered exactly 7 days after it
    s = life.strong
    for who, t0, lat in (
        (s[0], as_of - 7 * DAY, None),
        (s[1 % len(s)], as_of - 7 * DAY + 60, None),
        (s[2 % len(s)], as_of - 20 * DAY, 7 * DAY),
    ):
        life.thread(who, t0, owner_starts=True, latency=lat, more=0)
    # group conversations among strong ties (one with a stranger); none in 2018, whose file has no
    # conversation id, so a group thread cannot be told apart from its members' 1:1 threads
    for g in range(max(2, len(s) // 3) if life.p.era != 2018 else 0):
        members = rng.sample(s, min(len(s), 3))
        extra = [life.new_person(connection=False)] if g == 0 else []
        idxs = (OWNER, *(m.idx for m in members + extra))
        c = b.conv(idxs, title=rng.choice(("Reading group", "Offsite planning", "Alumni dinner")))
        lo = max(m.connected_on or 0 for m in members) + 1
        t = b.snap(rng.randrange(lo, life.as_of_day - 60) * DAY, b.blocked_msg)
        b.msg(c, OWNER, t, gr.personal_text(rng, "all"))
        for _ in range(4):
            sender = rng.choice(idxs[1:])
            t += int(rng.lognormvariate(9, 1.5))
            b.msg(c, sender, t, gr.personal_text(rng, "all"))
    # a few night messages (why: night_send_share should not be trivially zero)
    for p in s[: max(2, len(s) // 4)]:
        c = b.conv((OWNER, p.idx))
        day = rng.randrange(life.as_of_day - 300, life.as_of_day - 2)
        while any(a - 2 * DAY <= day * DAY < z + 2 * DAY for a, z in b.blocked_msg):
            day -= 5
        b.msg(c, OWNER, day * DAY + rng.randrange(0, 5 * HOUR) - life.b.off, gr.personal_text(rng, p.first))


# ---- group conversations someone else starts -------------------------------------------------------
def groups_started_by_others(life: LifeInProgress) -> None:
    """Two group threads a strong tie starts and another member answers first: in one the owner answers a
    day or more later, in the other never. The owner's reply rate times the owner's first message, not the
    first answer from anyone (docs/metrics.md), and these threads tell the two apart. Drawn from an RNG of
    their own so the rest of the plan is the same as without them for the same seed."""
    b, p, s = life.b, life.p, life.strong
    if p.era == 2018 or len(s) < 3:  # 2018: no group threads at all (see strangers_and_noise)
        return
    rng = random.Random(f"linkedin-audit-synth/{p.seed}/{p.scale.name}/{p.era}/{len(p.export_dates)}/groups")
    main_rng, b.rng = b.rng, rng  # b.snap draws from b.rng
    try:
        for owner_answers in (True, False):
            members = rng.sample(s, 3)
            lo = max(m.connected_on or 0 for m in members) + 1
            hi = max(lo + 1, life.as_of_day - 45)
            starter, other = members[0], members[1]
            c = b.conv((OWNER, *(m.idx for m in members)), title=rng.choice(("Book club", "Team reunion")))
            t0 = rng.randrange(lo, hi) * DAY + rng.randrange(7 * HOUR, 16 * HOUR)
            b.msg(c, starter.idx, t0, gr.personal_text(rng, "all"))
            b.msg(c, other.idx, t0 + rng.randrange(HOUR, 6 * HOUR), gr.personal_text(rng, "all"))
            if owner_answers:
                b.msg(
                    c,
                    OWNER,
                    b.snap(t0 + rng.randrange(DAY, 3 * DAY), b.blocked_msg),
                    gr.personal_text(rng, "all"),
                )
    finally:
        b.rng = main_rng
