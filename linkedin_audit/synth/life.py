"""Assemble the member's life (see plan.py for the data): who they know and how, what they send and when.

Each tie archetype sits well inside its class of docs/metrics.md: strong (>= 8 contact days, both sides,
last contact < 60 days before as_of), dormant (>= 4 contact days at gaps <= 30 days, then >= 400 days of
silence), weak (1-2 contact days, or only an endorsement), never (nothing). Bursts and the clockwork stream
are kept apart from the owner's background by blocked intervals, so the planted ones are the maxima."""

from __future__ import annotations

from collections.abc import Callable

from linkedin_audit.synth import companies, outreach, realworld
from linkedin_audit.synth import grammar as gr
from linkedin_audit.synth import text as tx
from linkedin_audit.synth.plan import (
    DAY,
    HOUR,
    LATENCIES,
    OWNER,
    Builder,
    Person,
    Plan,
    person_names,
)

Progress = Callable[[str, float], None]


def build(
    seed: int,
    scale_spec: str,
    era: int,
    history: int,
    progress: Progress | None = None,
    days_apart: int | None = None,
    half_hour_zone: bool = False,
) -> Plan:
    from linkedin_audit.synth.plan import scale_for

    b = Builder(seed, scale_for(scale_spec), era, history, days_apart, half_hour_zone)
    Life(b, progress or (lambda _s, _f: None)).run()
    from linkedin_audit.synth.network import plant_network_changes

    plant_network_changes(b.plan)
    return b.plan


class Life:
    def __init__(self, b: Builder, progress: Progress) -> None:
        self.b, self.rng, self.p, self.progress = b, b.rng, b.plan, progress
        self.sc = b.plan.scale
        self.as_of_day = b.as_of // DAY
        # filled by outreach.plant_bursts / outreach.invitations, read by the tie planning
        self.inv_burst1: list[int] = []
        self.inv_burst2: list[int] = []
        self.msg_burst: list[int] = []
        self.clock: list[int] = []
        self.invitees: list[Person] = []  # connections made through an invitation
        self.talked_first: list[Person] = []  # invitees the member talked with before inviting

    def run(self) -> None:
        self.people()
        self.progress("people", 0.1)
        outreach.plant_bursts(self)
        outreach.invitations(self)
        self.progress("invitations", 0.2)
        self.ties()
        self.progress("ties", 0.5)
        outreach.strangers_and_noise(self)
        self.fill_strong()
        outreach.groups_started_by_others(self)
        self.progress("messages", 0.9)
        self.finish()
        realworld.invitation_minute_run(self)
        realworld.marketing_senders(self)
        realworld.one_sided_inbound(self)
        realworld.owner_namesake(self)
        realworld.linkedin_words(self)
        realworld.multi_sends(self)
        realworld.system_lines(self)
        realworld.live_chat(self)
        realworld.quick_sequence(self)

    # ---- people ---------------------------------------------------------------------------------------
    def people(self) -> None:
        b, rng, sc = self.b, self.rng, self.sc
        n_out = int(sc.invitations * sc.outgoing)
        n_in = sc.invitations - n_out
        extra = sc.message_burst_1h + n_out + n_in + sc.connections // 5 + sc.messages // 60 + 40
        n_names = 1 + sc.connections + extra
        # The patterns of synth/realworld.py draw their people from extra names at the front of the pool:
        # pool.pop() takes from the end, so every other person keeps the name it had without them.
        names = person_names(
            rng,
            n_names
            + realworld.run_sizes(self)[1]
            + realworld.multi_send_people(self)
            + realworld.quick_sequence_size(self)
            + 10,
        )
        owner = b.person(*names[0])
        owner.company = tx.COMPANIES[0]
        self.pool = names[n_names:] + names[1:n_names]
        own_companies = [tx.COMPANIES[0], tx.COMPANIES[4], tx.COMPANIES[9]]
        self.p.positions = [
            (tx.COMPANIES[0], "Head of Data", "Mar 2021", ""),
            (tx.COMPANIES[4], "Senior Analyst", "Jun 2017", "Feb 2021"),
            (tx.COMPANIES[9], "Analyst", "2014", "May 2017"),
        ]
        self.own_companies = own_companies
        self.me = owner.first

    def new_person(self, connection: bool) -> Person:
        rng = self.rng
        first, last = self.pool.pop()
        if rng.random() < 0.03:
            last = f"{last}, {rng.choice(tx.CREDENTIALS)}"
        p = self.b.person(first, last)
        if connection:
            p.company = rng.choice(self.own_companies) if rng.random() < 0.08 else rng.choice(tx.COMPANIES)
            if rng.random() < 0.15:
                p.company = ""
            p.company = companies.spelling(p.company, p.idx)  # no draw: the random streams are unchanged
            p.position = rng.choice(tx.POSITIONS)
            if self.p.era == 2018 or rng.random() < 0.04:
                p.email = f"{p.slug.split('-')[0]}.{rng.getrandbits(16):04x}@example.com"
        return p

    # ---- connections and their ties --------------------------------------------------------------------
    def ties(self) -> None:
        rng, sc = self.rng, self.sc
        accepted = self.invitees
        n_old = max(sc.connections - len(accepted), 12)
        n_hidden = max(1, round(sc.connections * 0.04))
        old = [self.new_person(connection=True) for _ in range(n_old)]
        hidden_days = rng.sample(range(self.b.h0 // DAY, self.as_of_day - 1), n_hidden)
        for p, d in zip(old[:n_hidden], hidden_days, strict=True):
            p.hidden, p.connected_on, p.tie_class = True, d, None
            p.first = p.last = p.slug = p.company = p.position = p.email = ""
        visible_old = old[n_hidden:]
        n_vis = len(visible_old) + len(accepted)
        n_strong, n_dormant = max(4, int(n_vis * sc.talked)), max(3, int(n_vis * sc.talked))
        for p in visible_old:
            p.connected_on = rng.randrange(self.b.h0 // DAY, self.b.w0 // DAY - 30)
        by_age = sorted(visible_old, key=lambda q: (q.connected_on, q.idx))
        dormant = by_age[:n_dormant]  # the oldest: room for an active spell and 400+ days of silence
        rest = by_age[n_dormant:]
        rng.shuffle(rest)
        strong, rest = rest[:n_strong], rest[n_strong:]
        self.strong = strong
        if strong and ", " not in strong[0].last:
            strong[0].last += ", PhD"  # a comma inside a TO name of a group conversation
        for p in strong:
            p.tie_class = "strong"
        for p in dormant:
            p.tie_class = "dormant"
            self.dormant_life(p)
        talked = {q.idx for q in self.talked_first}
        for p in accepted:
            p.tie_class = "weak" if p.idx in talked else "never"
        n_weak_more = max(3, int(n_vis * sc.weak)) - len(self.talked_first)
        for i, p in enumerate(rest):
            if i < n_weak_more:
                p.tie_class = "weak"
                self.weak_life(p, i)
            else:
                p.tie_class = "never"
        for p in strong:
            self.strong_core(p)

    def dormant_life(self, p: Person) -> None:
        """4-7 contact days at gaps of 5-28 days, all at least 420 days before as_of."""
        b, rng = self.b, self.rng
        assert p.connected_on is not None
        n = rng.randint(4, 7)
        latest = self.as_of_day - 420 - 28 * n
        start = rng.randrange(p.connected_on + 1, max(p.connected_on + 2, latest))
        days, d = [], start
        for _ in range(n):
            days.append(d)
            d += rng.randint(5, 28)
        c = b.conv((OWNER, p.idx))
        for i, day in enumerate(days):
            if i % 2 == 0:
                b.msg(c, OWNER, b.local_day_time(day, rng.uniform(9.5, 17)), gr.personal_text(rng, p.first))
            else:
                t = day * DAY + rng.randrange(6 * HOUR, 20 * HOUR)
                b.msg(c, p.idx, t, gr.personal_text(rng, self.me))

    def weak_life(self, p: Person, i: int) -> None:
        """One or two contact days: a short thread, a templated pitch, or only an endorsement."""
        b, rng = self.b, self.rng
        assert p.connected_on is not None
        style = i % 4
        day = rng.randrange(p.connected_on + 1, self.as_of_day - 1)
        if style == 3 or day <= p.connected_on:
            who = "received" if self.p.era in (2018, 2022) or rng.random() < 0.6 else "given"
            t = day * DAY + rng.randrange(DAY)
            self.p.endorsements.append((who, t, p.idx, rng.choice(tx.SKILLS)))
            return
        c = b.conv((OWNER, p.idx))
        if style == 0:  # the member writes, the tie answers the same or the next day (or not at all)
            t0 = b.snap(day * DAY, b.blocked_msg)
            b.msg(c, OWNER, t0, gr.personal_text(rng, p.first))
            if rng.random() < 0.6:
                b.msg(c, p.idx, t0 + rng.choice((300, 2 * HOUR, DAY)), gr.personal_text(rng, self.me))
        elif style == 1:  # the tie writes; the member answers or not
            t0 = day * DAY + rng.randrange(7 * HOUR, 15 * HOUR)
            b.msg(c, p.idx, t0, gr.personal_text(rng, self.me))
            if rng.random() < 0.7:
                b.msg(c, OWNER, b.snap(t0 + 600, b.blocked_msg), rng.choice(tx.ONE_LINERS))
        else:  # a templated pitch with the tie's own first name and company
            label = "msg-product" if i % 8 == 2 else "msg-roundtable"
            company = p.company or tx.COMPANIES[1]
            p.company = company
            t0 = b.snap(day * DAY, b.blocked_msg)
            b.msg(c, OWNER, t0, tx.fill_template(rng, tx.MESSAGE_TEMPLATES[label], p.first, company), label)

    def strong_core(self, p: Person) -> None:
        """Enough threads for >= 8 contact days both ways, the last within 60 days of as_of."""
        b, rng = self.b, self.rng
        assert p.connected_on is not None
        for k in range(5):
            lo = p.connected_on + 1 if k < 4 else self.as_of_day - 50
            hi = self.as_of_day - 55 if k < 4 else self.as_of_day - 3
            self.thread(p, b.snap(rng.randrange(lo, max(lo + 1, hi)) * DAY, b.blocked_msg), reply_days=True)
        if rng.random() < 0.3:
            self.p.endorsements.append(
                (
                    "received",
                    rng.randrange(p.connected_on + 1, self.as_of_day) * DAY + rng.randrange(DAY),
                    p.idx,
                    rng.choice(tx.SKILLS),
                )
            )

    def thread(
        self,
        p: Person,
        t0: int,
        reply_days: bool = False,
        owner_starts: bool | None = None,
        latency: int | None | str = "draw",
        more: int = 2,
    ) -> int:
        """A 1:1 thread with planted first-reply latency; later messages alternate at human times."""
        b, rng = self.b, self.rng
        c = b.conv((OWNER, p.idx), folder=rng.choice(("INBOX", "INBOX", "INBOX", "ARCHIVE")))
        mine = owner_starts if owner_starts is not None else rng.random() < 0.6
        if mine:
            b.msg(c, OWNER, t0, gr.personal_text(rng, p.first))
            lat = rng.choice(LATENCIES) if latency == "draw" else latency
            if reply_days and lat is None:
                lat = rng.choice((DAY, 2 * DAY, 3 * DAY))
            if lat is None:
                return c
            assert isinstance(lat, int)
            t = t0 + lat
            b.msg(c, p.idx, t, gr.personal_text(rng, self.me))
            me_next = True
        else:
            t = t0 + rng.randrange(-3 * HOUR, 3 * HOUR)
            b.msg(c, p.idx, t, gr.personal_text(rng, self.me))
            if not reply_days and rng.random() < 0.25:
                return c
            t = b.snap(t + rng.choice((120, 1800, 4 * HOUR, DAY + 7, 3 * DAY)), b.blocked_msg)
            b.msg(c, OWNER, t, gr.personal_text(rng, p.first))
            me_next = False
        for _ in range(more):
            gap = int(rng.lognormvariate(10.5, 1.3)) + (DAY if reply_days else 0)
            if me_next:
                t = b.snap(t + gap, b.blocked_msg)
                text = rng.choice(tx.ONE_LINERS) if rng.random() < 0.3 else gr.personal_text(rng, p.first)
                b.msg(c, OWNER, t, text)
            else:
                t += gap
                b.msg(c, p.idx, t, gr.personal_text(rng, self.me))
            me_next = not me_next
        return c

    def stranger_thread(self, p: Person, t0: int) -> None:
        """The member and someone not (yet) connected talk before an invitation: one day of contact."""
        b, rng = self.b, self.rng
        c = b.conv((OWNER, p.idx))
        t = b.snap(b.local_day_time(t0 // DAY, rng.uniform(9.2, 12)), b.blocked_msg)
        if rng.random() < 0.5:
            b.msg(c, OWNER, t, gr.personal_text(rng, p.first))
            b.msg(c, p.idx, t + rng.randrange(600, 3 * HOUR), gr.personal_text(rng, self.me))
        else:
            b.msg(c, p.idx, t, gr.personal_text(rng, self.me))
            b.msg(c, OWNER, t + rng.randrange(600, 3 * HOUR), gr.personal_text(rng, p.first))

    def fill_strong(self) -> None:
        """Top the volume up with strong-tie threads until the scale's message count is reached."""
        b, rng = self.b, self.rng
        target = self.sc.messages - (12 if self.p.era == 2024 else 0)  # room for the drafts
        if not self.strong:
            return
        per_thread = 6 if self.sc.messages < 100_000 else 12
        start, i = len(self.p.m_t), 0
        while len(self.p.m_t) < target:
            p = self.strong[i % len(self.strong)]
            assert p.connected_on is not None
            day = rng.randrange(p.connected_on + 1, self.as_of_day - 1)
            self.thread(
                p,
                b.snap(day * DAY, b.blocked_msg),
                more=min(per_thread - 2, max(0, target - len(self.p.m_t) - 2)),
            )
            i += 1
            if i % 2000 == 0:
                self.progress("messages", 0.5 + 0.4 * (len(self.p.m_t) - start) / max(1, target - start))

    def finish(self) -> None:
        """Drafts (2024 era), endorsements given, recommendations; then sort the invitations."""
        b, rng, p = self.b, self.rng, self.p
        if p.era == 2024:  # drafts: on a day that already has contact, so no tie gains a day
            idx = [
                i
                for i in range(len(p.m_t))
                if p.m_sender[i] == OWNER
                and p.convs[p.m_conv[i]].kind == "normal"
                and len(p.convs[p.m_conv[i]].members) == 2
                and (p.m_t[i] % DAY) < 20 * HOUR
            ]
            for k, i in enumerate(rng.sample(idx, min(len(idx), 12))):
                c = p.m_conv[i]
                if k % 4 == 3:  # an orphan draft: no conversation id
                    p.convs.append(p.convs[c].__class__("", p.convs[c].members))
                    c = len(p.convs) - 1
                b.msg(
                    c,
                    OWNER,
                    p.m_t[i] + rng.randrange(60, 3 * HOUR),
                    gr.personal_text(rng, p.people[p.convs[c].members[1]].first),
                    draft=True,
                )
        for q in self.strong[::3]:
            if p.era not in (2018, 2022):
                assert q.connected_on is not None
                t = rng.randrange(q.connected_on + 1, self.as_of_day) * DAY + rng.randrange(DAY)
                p.endorsements.append(("given", t, q.idx, rng.choice(tx.SKILLS)))
        for k, q in enumerate(self.strong[1:5]):
            assert q.connected_on is not None
            t = rng.randrange(q.connected_on + 1, self.as_of_day) * DAY + rng.randrange(DAY)
            t -= t % 60
            text = (
                f"{q.first} is one of the most thoughtful colleagues I have worked with. "
                f"{gr.personal_text(rng, q.first)}"
            )
            p.recommendations.append(("received" if k % 2 else "given", t, q.idx, text))
        p.invitations.sort(key=lambda inv: (inv.t, inv.person))
        self.reconcile()

    def reconcile(self) -> None:
        """Hold every connection to its archetype: a weak tie whose only message fell after as_of is
        `never`; a strong tie short of days or recency gets one more recent thread (rarely needed)."""
        from linkedin_audit.synth.truth import archetype_ok, contacts

        for _ in range(5):
            info = contacts(self.p)
            bad = [
                q
                for q in self.p.people[1:]
                if q.tie_class and not archetype_ok(q.tie_class, info.get(q.idx), self.as_of_day)
            ]
            if not bad:
                return
            for q in bad:
                if q.tie_class == "weak" and not info.get(q.idx):
                    q.tie_class = "never"
                elif q.tie_class == "strong":
                    day = self.as_of_day - self.rng.randint(20, 40)
                    self.thread(
                        q,
                        self.b.snap(day * DAY, self.b.blocked_msg),
                        reply_days=True,
                        owner_starts=True,
                        latency=HOUR,
                    )
                else:
                    raise AssertionError(f"{q.tie_class} tie {q.idx} left its archetype")
        raise AssertionError("tie archetypes did not settle")
