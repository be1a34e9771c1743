"""The synthetic member's life as plain Python data: people and their tie archetypes, conversations and
messages, invitations, endorsements, recommendations, planted bursts and one clockwork stream.

Everything is decided here, in one seeded pass, before any file is written; `truth.py` computes the expected
measures from this plan and `writers.py` renders it in an era's format. Times are integer UTC epoch seconds,
dates integer epoch days. Why plain data: the truth must never be read back from the CSVs we wrote."""

from __future__ import annotations

import base64
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from linkedin_audit.synth import grammar as gr
from linkedin_audit.synth import text as tx

DAY = 86_400
HOUR = 3_600
ERAS = (2018, 2022, 2024, 2026)
LAST_EXPORT = {
    2018: dt.date(2018, 11, 4),
    2022: dt.date(2022, 9, 14),
    2024: dt.date(2024, 12, 16),
    2026: dt.date(2026, 3, 14),
}
OWNER = 0
HIDDEN_SENDER = -1  # "LinkedIn Member"
SPONSOR = -2  # a sponsored InMail campaign; the sender name is the conversation's title
MARKETING = -3  # a brand or LinkedIn Premium offer: sender name `conv.sponsor`, no profile URL, no title
SYSTEM = -4  # LinkedIn's own line ("Message request accepted") or a deleted account: no sender name, no URL
# First-reply latencies (seconds) the member's threads get; None = never answered. 604800 is the 7-day edge.
LATENCIES: tuple[int | None, ...] = (
    180,
    600,
    2_400,
    3 * HOUR,
    9 * HOUR,
    20 * HOUR,
    2 * DAY,
    5 * DAY,
    7 * DAY,
    7 * DAY + 60,
    12 * DAY,
    25 * DAY,
    30 * DAY,
    45 * DAY,
    None,
    None,
    None,
)


# The owner's Profile.csv Geo Location per planted UTC offset: places whose zone keeps one offset all year.
GEO_BY_OFFSET: dict[int, tuple[str, str]] = {
    -5: ("Bogotá, Bogota D.C., Colombia", "America/Bogota"),
    -3: ("Buenos Aires, Buenos Aires Province, Argentina", "America/Argentina/Buenos_Aires"),
    1: ("Lagos, Lagos State, Nigeria", "Africa/Lagos"),
    2: ("Johannesburg, Gauteng, South Africa", "Africa/Johannesburg"),
    3: ("Nairobi, Nairobi County, Kenya", "Africa/Nairobi"),
}
# An owner in a half-hour zone (`half_hour_zone`): India keeps UTC+5:30 all year.
HALF_HOUR_GEO = ("Bengaluru, Karnataka, India", "Asia/Kolkata")
HALF_HOUR_OFFSET = 5 * 3600 + 1800


@dataclass(frozen=True)
class Scale:
    name: str
    connections: int
    messages: int
    invitations: int
    invite_burst_2h: int
    invite_burst_7d: int
    message_burst_1h: int
    clockwork: int
    outgoing: float = 0.75  # the share of the invitations the member sends (the rest they receive)
    talked: float = 0.1  # the share of the connections that are strong ties (as many are dormant ones)
    weak: float = 0.3  # the share of the connections that are weak ties


def scale_for(spec: str) -> Scale:
    """tiny | small | typical (the export most members have: 3,700 connections, 2,000 messages) |
    receiver (a member who sends few invitations, accepts many canned ones, copies few messages) | max |
    max:F (a fraction F of max, every count scaled; the benchmark's 10 %, 30 %) |
    N (that many connections, the rest in small's proportions)."""
    if spec.startswith("max:"):
        try:
            f = float(spec[4:])
        except ValueError:
            raise ValueError("max:F needs a fraction F, e.g. max:0.3") from None
        if not 0.001 <= f <= 1.0:
            raise ValueError("max:F needs a fraction F between 0.001 and 1")
        return Scale(
            spec,
            max(20, round(30_000 * f)),
            round(1_000_000 * f),
            max(40, round(50_000 * f)),
            45,
            120,
            100,
            48,
        )
    if spec == "receiver":  # sends 4 invitations, no invitation burst; receives and accepts many canned ones;
        # a small campaign (9 copies, 9 follow-ups two weeks later) and intros reused over years: fewer copies
        # in any 30 days than the copy-pasted share's volume guard (`templated_messages_30d`, 20) needs
        return Scale("receiver", 120, 700, 90, 0, 0, 9, 9, outgoing=0.05)
    if spec == "tiny":
        return Scale("tiny", 60, 260, 70, 14, 24, 16, 12)
    if spec == "small":
        return Scale("small", 500, 3000, 300, 45, 120, 100, 48)
    if spec == "typical":  # the typical public export measured (issue 29): many connections, few messages
        return Scale("typical", 3700, 2000, 600, 45, 120, 100, 48, talked=0.012, weak=0.036)
    if spec == "max":
        return Scale("max", 30_000, 1_000_000, 50_000, 45, 120, 100, 48)
    n = int(spec)
    if not 20 <= n <= 30_000:  # LinkedIn caps a network at 30,000 connections
        raise ValueError("a numeric scale is 20 to 30,000 connections")
    if n < 100:  # a small network gets tiny's bursts (small's 45 + 120 invitations outnumber its people)
        return Scale(str(n), n, 6 * n, max(40, int(0.6 * n)), 14, 24, 16, 12)
    return Scale(str(n), n, 6 * n, max(40, int(0.6 * n)), 45, 120, 100, 48)


@dataclass
class Person:
    idx: int
    first: str
    last: str  # may carry a credential: "Doe, PhD"
    slug: str  # as written in URLs (percent-encoded when the name is not ASCII)
    company: str = ""
    position: str = ""
    email: str = ""
    connected_on: int | None = None  # epoch day; None for non-connections
    hidden: bool = False  # a date-only Connections row
    tie_class: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def url(self) -> str:
        return f"https://www.linkedin.com/in/{self.slug}"


@dataclass
class Conversation:
    cid: str  # "" for orphan drafts
    members: tuple[int, ...]  # person indices, owner included
    title: str = ""
    subject: str = ""
    folder: str = "INBOX"
    kind: str = "normal"  # normal | sponsored | spam | hidden
    sponsor: str = ""


@dataclass
class Invitation:
    outgoing: bool
    t: int
    person: int
    note: str
    kind: str  # no_note | default_text | template | personal
    label: str  # template label or ""


@dataclass
class Plan:
    seed: int
    era: int
    scale: Scale
    tz_offset_hours: float  # 5.5 for an owner in India
    export_dates: list[dt.date]
    invite_windows: list[int]  # per export: first epoch second Invitations.csv covers
    people: list[Person]
    convs: list[Conversation] = field(default_factory=list)
    m_conv: list[int] = field(default_factory=list)
    m_sender: list[int] = field(default_factory=list)
    m_t: list[int] = field(default_factory=list)
    m_text: list[str] = field(default_factory=list)
    m_draft: list[bool] = field(default_factory=list)
    m_label: list[str] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    endorsements: list[tuple[str, int, int, str]] = field(default_factory=list)  # dir, t, person, skill
    recommendations: list[tuple[str, int, int, str]] = field(default_factory=list)  # dir, t, person, text
    positions: list[tuple[str, str, str, str]] = field(default_factory=list)  # company, title, start, end
    bursts: list[dict[str, Any]] = field(default_factory=list)
    clockwork: dict[str, Any] = field(default_factory=dict)
    multi_sends: list[list[int]] = field(default_factory=list)  # message indices of each send to several
    removals: dict[int, int] = field(default_factory=dict)  # person -> first export index without them
    job_changes: dict[int, tuple[int, str, str]] = field(default_factory=dict)  # person -> (k, old job)
    geo_location: str = ""  # Profile.csv Geo Location ("" in 2018: the clock is inferred from the sends)
    geo_zone: str = ""  # the IANA zone it names (no daylight saving, so the owner's fixed offset holds)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def as_of(self) -> int:
        d = self.export_dates[-1]
        return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())

    def export_start(self, k: int) -> int:
        d = self.export_dates[k]
        return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())


def person_names(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """n unique (first, last) pairs whose normalised names are unique too (accents never collide)."""
    pairs = [(f, ln) for f in [*tx.FIRST_NAMES, *tx.ACCENTED_FIRST] for ln in tx.LAST_NAMES]
    rng.shuffle(pairs)
    out = pairs[:n]
    m = 0
    while len(out) < n:  # beyond the product: middle initials keep names unique after normalising
        f, ln = pairs[m % len(pairs)]
        out.append((f"{f} {tx.MIDDLE[(m // len(pairs)) % len(tx.MIDDLE)]}.", ln))
        m += 1
    return out


def _slug(rng: random.Random, first: str, last: str) -> str:
    base = f"{first}-{last.split(',')[0]}".lower().replace(" ", "-").replace(".", "")
    return quote(base, safe="-") + f"-{rng.getrandbits(24):06x}"


class Builder:
    """Holds the RNG and the owner's clock while the plan is assembled."""

    def __init__(
        self,
        seed: int,
        scale: Scale,
        era: int,
        history: int,
        days_apart: int | None = None,
        half_hour_zone: bool = False,
    ) -> None:
        self.rng = random.Random(f"linkedin-audit-synth/{seed}/{scale.name}/{era}/{history}")
        rng = self.rng
        self.off = rng.choice((-5, -3, 1, 2, 3)) * HOUR  # drawn either way: the same plan otherwise
        if half_hour_zone:
            self.off = HALF_HOUR_OFFSET
        last = LAST_EXPORT[era]
        dates = [last]
        for _ in range(history - 1):
            drawn = rng.randint(100, 140)  # drawn even when days_apart is given: the same plan otherwise
            dates.insert(0, dates[0] - dt.timedelta(days=days_apart or drawn))
        starts = [int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp()) for d in dates]
        windows = [s - rng.randint(200, 290) * DAY for s in starts]
        hours = self.off / HOUR if self.off % HOUR else self.off // HOUR
        self.plan = Plan(seed, era, scale, hours, dates, windows, [])
        if era != 2018:
            geo = HALF_HOUR_GEO if half_hour_zone else GEO_BY_OFFSET[self.off // HOUR]
            self.plan.geo_location, self.plan.geo_zone = geo
        self.as_of = self.plan.as_of
        self.h0 = self.as_of - 6 * 365 * DAY
        self.w0 = min(windows)
        self.blocked_msg: list[tuple[int, int]] = []
        self.blocked_inv: list[tuple[int, int]] = []
        self.resolution = 60 if era == 2018 else 1

    # ---- the owner's human clock: weekdays 09:00-18:00 local, outside blocked intervals ------------------
    def snap(self, t: int, blocked: list[tuple[int, int]]) -> int:
        rng, off = self.rng, self.off
        while True:
            day, sec = divmod(t + off, DAY)
            wd = (day + 3) % 7  # 1970-01-01 was a Thursday
            if wd >= 5:
                t = (day + 7 - wd) * DAY + 9 * HOUR + rng.randrange(9 * HOUR) - off
            elif sec < 9 * HOUR:
                t = day * DAY + 9 * HOUR + rng.randrange(9 * HOUR) - off
            elif sec >= 18 * HOUR:
                t = (day + 1) * DAY + 9 * HOUR + rng.randrange(9 * HOUR) - off
            else:
                for a, b in blocked:
                    if a <= t < b:
                        t = b
                        break
                else:
                    return t - t % self.resolution

    def local_day_time(self, day: int, hour: float) -> int:
        """Epoch second of local `hour` on the weekday at or after epoch day `day`."""
        wd = (day + 3) % 7
        if wd >= 5:
            day += 7 - wd
        return day * DAY + int(hour * HOUR) - self.off

    # ---- people ----------------------------------------------------------------------------------------
    def person(self, first: str, last: str) -> Person:
        p = Person(len(self.plan.people), first, last, _slug(self.rng, first, last))
        self.plan.people.append(p)
        return p

    def cid(self) -> str:
        return "2-" + base64.b64encode(self.rng.getrandbits(128).to_bytes(16, "big")).decode()

    def conv(self, members: tuple[int, ...], **kw: str) -> int:
        subject = ""
        if self.plan.era == 2018:  # no conversation ids in 2018: a distinct subject keeps threads apart
            subject = f"{self.rng.choice(gr._SUBJ).capitalize()} ({len(self.plan.convs) + 1})"
        self.plan.convs.append(Conversation(self.cid(), members, subject=subject, **kw))
        return len(self.plan.convs) - 1

    def msg(self, conv: int, sender: int, t: int, text: str, label: str = "", draft: bool = False) -> None:
        if t >= self.as_of:
            return  # has not happened yet at the newest export
        p = self.plan
        p.m_conv.append(conv)
        p.m_sender.append(sender)
        p.m_t.append(t - t % self.resolution)
        p.m_text.append(text)
        p.m_draft.append(draft)
        p.m_label.append(label)

    def first_of(self, idx: int) -> str:
        return self.plan.people[idx].first if idx >= 0 else "there"


def job_in(plan: Plan, k: int, idx: int) -> tuple[str, str]:
    """Person `idx`'s (company, position) as export k lists them."""
    p = plan.people[idx]
    change = plan.job_changes.get(idx)
    if change is not None and k < change[0]:
        return change[1], change[2]
    return p.company, p.position
