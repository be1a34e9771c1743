"""Patterns seen in real exports, planted after the rest of the life so that the plan is
otherwise the same as without them for the same seed (they draw from an RNG of their own).

- a bot run of outgoing invitations: 45 in a single minute and 104 within 10 minutes (as one real export
  sent), no note, none accepted; tiny scale plants 12 and 20.
- marketing senders: LinkedIn Premium offers and brands (`<Brand>`, `<Something> from LinkedIn Premium`)
  with no profile URL and no conversation title, never answered: not people, so not in the reply rates.
- texts LinkedIn composes in the member's name (recommendation notices and requests), LinkedIn's stock
  invitation sentence sent as a message, and sends with no text (attachments only), each to several strong
  ties in threads the member started: none is the member's template, the empty ones have no text at all.
- sends to several people at once, both kinds seen in real exports: a post shared with no text to 10 new
  conversations in the same second, three times (LinkedIn's "send to several people"), and one identical
  text opening 22 new conversations within 11 seconds (the 2015-2017 "message several connections"); all
  to people who are not connections and never answer, so no tie changes. Tiny scale: 2 shares to 4, one
  text to 6.
- system lines (no sender name, no URL: LinkedIn's "Message request accepted", a deleted account): one
  inside the member's longest answered thread, right after the member's first message, and one just before
  the first message of a thread someone else started. Neither starts, answers or excludes anything (not in
  2018: its threads are keyed by their participants, so a nameless line would be a thread of its own).
- a one-sided inbound stream: a connection who wrote on five days years ago and was never answered (the
  rule's class is dormant, but it is not a tie "worth reviving": the member never took part).
- the owner's namesake: a connection with exactly the owner's name (its own profile URL, which pre-2023
  Connections.csv files do not carry), never talked to: another person, never the owner.
- a live chat: the member and a strong tie write back and forth for about half an hour, the member 12 times,
  each answering within a minute or two (2018: exactly every minute on its clock without seconds, so the
  member's sends are exactly 2 minutes apart). A conversation's pace, not a scheduler's: no clockwork run,
  and it is no train of the automation measures (the member's answers are live answers).
- a quick sequence on the 2018 minute clock (2018 era only): the member wrote a personal note to 24 people
  (12 at tiny scale) in as many consecutive minutes, as one real 2018 export did after a meetup. Its dates
  have no seconds, so every gap is exactly 60 s: a person typing, not a beat the clock can show (no clockwork
  run). The recipients are not connections and never answer.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from linkedin_audit.synth import grammar as gr
from linkedin_audit.synth import text as tx
from linkedin_audit.synth.plan import DAY, HOUR, MARKETING, OWNER, SYSTEM, Invitation

if TYPE_CHECKING:
    from linkedin_audit.synth.shapes import LifeInProgress


def run_sizes(life: LifeInProgress) -> tuple[int, int]:
    """(invitations in the run's first minute, invitations in its 10 minutes); none for the receiver."""
    if life.sc.invite_burst_2h == 0:
        return (0, 0)
    return (12, 20) if life.sc.invitations < 200 else (45, 104)


@contextmanager
def own_rng(life: LifeInProgress, name: str) -> Iterator[random.Random]:
    p = life.p
    rng = random.Random(f"linkedin-audit-synth/{p.seed}/{p.scale.name}/{p.era}/{len(p.export_dates)}/{name}")
    main = life.rng
    life.rng = life.b.rng = rng
    try:
        yield rng
    finally:
        life.rng = life.b.rng = main


def invitation_minute_run(life: LifeInProgress) -> None:
    """The bot run: minute 0 holds `first` sends, minutes 1-9 the rest, at least 8 days from any other
    outgoing invitation (so the planted counts are exactly what the windows see)."""
    b, p = life.b, life.p
    first, total = run_sizes(life)
    if total == 0:
        return
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
    p.bursts.append(
        {
            "stream": "invitations",
            "start": times[0],
            "end": times[-1],
            "count": total,
            "window_seconds": 600,
            "first_minute": first,
        }
    )


MARKETING_SENDERS = ("Sales Navigator from LinkedIn Premium", "Career insights from LinkedIn Premium")
MARKETING_TEXT = (
    "Hi {first}, unlock who viewed your profile and reach anyone with InMail. Try {brand} "
    "free for one month and see what you have been missing."
)


def marketing_senders(life: LifeInProgress) -> None:
    """Two LinkedIn Premium offers and two brands, one message each, never answered."""
    b = life.b
    with own_rng(life, "marketing") as rng:
        names = [*MARKETING_SENDERS, tx.COMPANIES[26], tx.COMPANIES[27]]
        for name in names:
            c = b.conv((OWNER, MARKETING), kind="marketing", sponsor=name)
            t = rng.randrange(b.as_of - 300 * DAY, b.as_of - 40 * DAY)
            b.msg(c, MARKETING, t, MARKETING_TEXT.format(first=life.me, brand=name))


def one_sided_inbound(life: LifeInProgress) -> None:
    """A connection of long ago who wrote five times, a fortnight apart, more than 400 days before as_of;
    the member never answered."""
    b, p = life.b, life.p
    with own_rng(life, "inbound") as rng:
        q = life.new_person(connection=True)
        q.connected_on = rng.randrange(b.h0 // DAY, b.h0 // DAY + 200)
        q.tie_class = "dormant"
        c = b.conv((OWNER, q.idx))
        day = q.connected_on + rng.randint(10, 60)
        for _ in range(5):
            b.msg(c, q.idx, day * DAY + rng.randrange(8 * HOUR, 18 * HOUR), gr.personal_text(rng, life.me))
            day += rng.randint(10, 20)
        p.cache["one_sided_inbound"] = q.idx


def owner_namesake(life: LifeInProgress) -> None:
    """A connection of long ago named exactly like the owner, with its own URL slug, never talked to."""
    b, p = life.b, life.p
    owner = p.people[OWNER]
    with own_rng(life, "namesake") as rng:
        q = life.new_person(connection=True)
        q.first, q.last = owner.first, owner.last
        q.slug = f"{owner.slug}-{rng.getrandbits(24):06x}"
        q.email = ""
        q.connected_on = rng.randrange(b.h0 // DAY, b.h0 // DAY + 300)
        q.tie_class = "never"
        p.cache["owner_namesake"] = q.idx


LINKEDIN_WORDS = {
    "linkedin_notice": (
        "{me} sent you a recommendation. Review it and choose whether to show it on your profile.",
        "I'm sending this to ask you for a brief recommendation of my work that I can "
        "include in my LinkedIn profile. If you have any questions, let me know.",
    ),
    "stock_text": ("I'd like to add you to my professional network on LinkedIn.",),
    "empty": ("",),
}
PER_KIND = {"linkedin_notice": 4, "stock_text": 3, "empty": 5}


def linkedin_words(life: LifeInProgress) -> None:
    """Per kind of LINKEDIN_WORDS, PER_KIND owner messages appended to owner-started threads of strong ties
    (a later message of the owner changes no first reply and no tie class: strong ties stay strong)."""
    b, p = life.b, life.p
    first: dict[int, tuple[int, int]] = {}
    last: dict[int, int] = {}
    for c, s, t, d in zip(p.m_conv, p.m_sender, p.m_t, p.m_draft, strict=True):
        if not d:
            if c not in first or t < first[c][0]:
                first[c] = (t, s)
            last[c] = max(last.get(c, t), t)
    strong = {q.idx for q in life.strong}
    convs = [
        c
        for c, (t, s) in sorted(first.items())
        if s == OWNER
        and p.convs[c].cid
        and len(p.convs[c].members) == 2
        and p.convs[c].members[1] in strong
        and p.convs[c].kind == "normal"
        and last[c] < b.as_of - 20 * DAY
    ]
    planted: dict[str, int] = {}
    with own_rng(life, "linkedin-words") as rng:
        picks = rng.sample(convs, min(len(convs), sum(PER_KIND.values())))
        k = 0
        for kind, n in PER_KIND.items():
            for j in range(n):
                if k >= len(picks):
                    break
                c = picks[k]
                k += 1
                t = b.snap(last[c] + rng.randrange(HOUR, 3 * DAY), b.blocked_msg)
                if t >= b.as_of:
                    continue
                text = LINKEDIN_WORDS[kind][j % len(LINKEDIN_WORDS[kind])].format(me=life.me)
                b.msg(c, OWNER, t, text)
                planted[kind] = planted.get(kind, 0) + 1
    p.cache["linkedin_words"] = planted


OLD_STYLE_TEXT = (
    "Happy holidays! Thank you for a great year of working together, and all the best for the next one."
)


def multi_send_sizes(life: LifeInProgress) -> tuple[tuple[int, ...], int]:
    """(recipients of each no-text share, recipients of the identical-text send)."""
    return ((4, 4), 6) if life.sc.invitations < 200 else ((10, 10, 10), 22)


def multi_send_people(life: LifeInProgress) -> int:
    shares, old = multi_send_sizes(life)
    return sum(shares) + old


def multi_sends(life: LifeInProgress) -> None:
    """The sends to several people at once (module docstring), away from every planted burst. Each is one
    action in the truth (`plan.multi_sends`: the message indices of each)."""
    b, p = life.b, life.p
    shares, old = multi_send_sizes(life)
    groups: list[list[int]] = []
    with own_rng(life, "multi-sends") as rng:
        for k, n in enumerate(shares):
            t = b.snap(b.as_of - (200 - 60 * k) * DAY + rng.randrange(9 * HOUR, 17 * HOUR), b.blocked_msg)
            start = len(p.m_t)
            for _ in range(n):
                q = life.new_person(connection=False)
                b.msg(b.conv((OWNER, q.idx)), OWNER, t, "")
            groups.append(list(range(start, len(p.m_t))))
        t = b.snap(b.h0 + 20 * DAY + rng.randrange(9 * HOUR, 17 * HOUR), b.blocked_msg)
        start = len(p.m_t)
        for j in range(old):
            q = life.new_person(connection=False)
            b.msg(
                b.conv((OWNER, q.idx)), OWNER, t + (j * 11) // max(1, old - 1), OLD_STYLE_TEXT, "msg-greeting"
            )
        groups.append(list(range(start, len(p.m_t))))
    p.multi_sends = [g for g in groups if g]
    words = p.cache.setdefault("linkedin_words", {})
    words["empty"] = words.get("empty", 0) + sum(len(g) for g in groups[:-1])


def _free_time(
    life: LifeInProgress, start: int, first: int, hour: int, span: int, busy: list[tuple[int, int]]
) -> int | None:
    """A weekday's `hour` o'clock local (on the minute) for a pattern lasting `span` seconds: at least two
    days from every interval of `busy` and an hour from any send of the member's. Days from `start` back to
    `first`, then forward to the newest export; None when no day is free (the pattern is not planted)."""
    b, p = life.b, life.p
    mine = sorted(t for t, s in zip(p.m_t, p.m_sender, strict=True) if s == OWNER)
    last = (b.as_of - span) // DAY - 1
    for day in [*range(start, first - 1, -1), *range(start + 1, last)]:
        t0 = b.local_day_time(day, hour)
        t0 -= t0 % 60
        if t0 // DAY < first or t0 + span >= b.as_of:
            continue  # a weekend moved it past either end
        if any(a - 2 * DAY <= t0 + span and t0 < z + 2 * DAY for a, z in busy):
            continue
        k = bisect.bisect_left(mine, t0 - HOUR)
        if k < len(mine) and mine[k] <= t0 + span + HOUR:
            continue
        return t0
    return None


def quick_sequence_size(life: LifeInProgress) -> int:
    """Notes in the 2018 quick sequence (none in the other eras, whose clocks have seconds)."""
    if life.p.era != 2018:
        return 0
    return 12 if life.sc.invitations < 200 else 24


def quick_sequence(life: LifeInProgress) -> None:
    """The module docstring's quick sequence: notes one minute apart from a weekday 10:00 local, at least
    two days from every planted burst and from the sends to several people at once, and an hour from any
    other send of the member's (so the span holds exactly these notes); its span in
    p.cache["quick_sequence"] (start, end, count)."""
    b, p = life.b, life.p
    n = quick_sequence_size(life)
    if n == 0:
        return
    with own_rng(life, "quick-sequence") as rng:
        busy = [*b.blocked_msg, *((p.m_t[g[0]] - 2 * DAY, p.m_t[g[-1]] + 2 * DAY) for g in p.multi_sends)]
        t0 = _free_time(life, (b.as_of - 260 * DAY) // DAY, b.h0 // DAY + 30, 10, 60 * n, busy)
        if t0 is None:
            return
        times = [t0 + 60 * k for k in range(n)]
        used: set[str] = set()
        for t in times:
            q = life.new_person(connection=False)
            text = gr.personal_text(rng, q.first)
            while " ".join(text.lower().split()) in used:  # never one text twice: no send to several at once
                text = gr.personal_text(rng, q.first)
            used.add(" ".join(text.lower().split()))
            b.msg(b.conv((OWNER, q.idx)), OWNER, t, text)
    b.blocked_msg.append((times[0] - 2 * DAY, times[-1] + 2 * DAY))
    p.cache["quick_sequence"] = (times[0], times[-1], n)


LIVE_CHAT_SENDS = 12


def live_chat(life: LifeInProgress) -> None:
    """The module docstring's live chat, in a new conversation with the first strong tie, on a weekday
    afternoon at least two days from every planted burst and an hour from any other send of the member's;
    its conversation in p.cache["live_chat"]."""
    b, p = life.b, life.p
    if not life.strong:
        return
    q = life.strong[0]
    assert q.connected_on is not None
    with own_rng(life, "live-chat") as rng:
        start = max(q.connected_on + 1, (b.as_of - 120 * DAY) // DAY)
        t0 = _free_time(life, start, q.connected_on + 1, 15, 2 * HOUR, b.blocked_msg)
        if t0 is None:
            return
        c = b.conv((OWNER, q.idx))
        t = t0
        for k in range(LIVE_CHAT_SENDS):
            b.msg(c, OWNER, t, gr.personal_text(rng, q.first) if k == 0 else rng.choice(tx.ONE_LINERS))
            t += 60 if p.era == 2018 else rng.randrange(25, 100)
            b.msg(c, q.idx, t, gr.personal_text(rng, life.me))
            t += 60 if p.era == 2018 else rng.randrange(25, 100)
    b.blocked_msg.append((t0 - 2 * DAY, t + 2 * DAY))
    p.cache["live_chat"] = c


def system_lines(life: LifeInProgress) -> None:
    """The module docstring's system lines; their conversations in p.cache["system_lines"]."""
    b, p = life.b, life.p
    if p.era == 2018:
        return
    rows: dict[int, list[tuple[int, int]]] = {}
    for c, s, t, d in zip(p.m_conv, p.m_sender, p.m_t, p.m_draft, strict=True):
        if not d:
            rows.setdefault(c, []).append((t, 0 if s == OWNER else 1))
    normal = {
        c: sorted(r)
        for c, r in rows.items()
        if p.convs[c].kind == "normal" and p.convs[c].cid and len(p.convs[c].members) == 2
    }
    # the member's longest thread with a reply, and the first thread someone else started
    mine = [c for c, r in normal.items() if r[0][1] == 0 and any(k == 1 for _, k in r)]
    theirs = [c for c, r in normal.items() if r[0][1] == 1 and r[0][0] % DAY >= 60]
    planted = []
    if mine:
        c = max(mine, key=lambda c: (len(normal[c]), -c))
        b.msg(c, SYSTEM, normal[c][0][0] + 1, "Message request accepted")
        planted.append(p.convs[c].cid)
    if theirs:
        c = min(theirs, key=lambda c: (normal[c][0][0], c))
        b.msg(c, SYSTEM, normal[c][0][0] - 30, "This member wants to start a conversation with you")
        planted.append(p.convs[c].cid)
    p.cache["system_lines"] = planted
