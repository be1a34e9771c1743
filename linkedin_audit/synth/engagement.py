"""The member's own public activity, planted month by month with its truth: posts (Shares), comments,
reactions and poll votes, written in each era's format (docs/export-format.md 2.9).

What is planted: over the six years of the plan, most months hold some activity and about one in five is
quiet (nothing at all); in the three months with the most visible outgoing invitations (the "ask" months)
the member comments on nothing and posts nothing, the pattern issue 27 describes. How much a member does
scales with the size of their network (`activity_scale`): the reference is `small` (500 connections, the
bundled sample), and each month's count of a kind is multiplied by (connections / 500) ** EXPONENTS[kind],
reactions growing fastest (a larger feed to react to), posts and votes slowest (writing does not grow with
the audience). So `typical` (3,700 connections) reacts about 2.7 times as often as `small` and comments
about twice as often, `receiver` (120) and `tiny` (60) about half and a third as often, and `max` (30,000)
reacts about 7.7 times as often (some 1,500 reactions over six years: real exports hold from none to
15,000). Which months are quiet, and the ask months, do not depend on the scale. Eras: 2018 writes only
Shares.csv (UTF-16 TSV, the 2018 columns); 2022 and 2024 write `SharedURL`/`MediaURL` (2024 splits
Reactions into numbered parts and plants no votes, so its Votes.csv is missing, as LinkedIn omits empty
activity files); 2026 writes `SharedUrl`/`MediaUrl` and the member-id suffix on every activity file."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from linkedin_audit.synth.formats import csv_bytes, iso_utc, slash_utc, utf16_tsv
from linkedin_audit.synth.plan import DAY, OWNER, Plan

if TYPE_CHECKING:
    from linkedin_audit.synth.shapes import ExportInProgress

KINDS = ("post", "comment", "reaction", "vote")
REACTIONS = ("LIKE", "PRAISE", "EMPATHY", "INTEREST", "APPRECIATION", "ENTERTAINMENT")
ASK_MONTHS = 3
REFERENCE_CONNECTIONS = 500
"""The network size whose activity the monthly draws below describe (`--scale small`, the sample)."""
EXPONENTS = {"post": 0.25, "comment": 0.35, "reaction": 0.5, "vote": 0.25}
"""How each kind grows with the network: count x (connections / REFERENCE_CONNECTIONS) ** exponent."""
COMMENTS = (
    "Great write-up, thanks for sharing",
    "Agreed.\nAlso worth reading the appendix",
    "Congratulations on the launch!",
    'We tried the same at work; the "boring" option won.\n\nHappy to compare notes',
    "Useful, thank you",
)
POSTS = (
    "Shipped a new dashboard this week.\nWhat I learned, in three points:",
    "We are hiring a data engineer in Stockholm, DM me",
    "",  # a share of a link with no text of its own
    'Notes from the meetup: "measure twice, cut once"',
)


@dataclass(frozen=True)
class Action:
    kind: str
    t: int
    link: str
    text: str = ""
    reaction: str = ""
    option: str = ""


def _month(t: int) -> dt.date:
    d = dt.datetime.fromtimestamp(t, dt.UTC)
    return dt.date(d.year, d.month, 1)


def _epoch(d: dt.date) -> int:
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())


def _next(d: dt.date) -> dt.date:
    return dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)


def visible_invitations(plan: Plan) -> list[int]:
    """Times of the outgoing invitations some export lists (each export lists a recent window only)."""
    return [
        i.t
        for i in plan.invitations
        if i.outgoing
        and any(plan.invite_windows[k] <= i.t < plan.export_start(k) for k in range(len(plan.export_dates)))
    ]


def ask_months(plan: Plan) -> list[dt.date]:
    """The ASK_MONTHS months with the most visible outgoing invitations (ties: the earlier month)."""
    per = Counter(_month(t) for t in visible_invitations(plan))
    return sorted(sorted(per, key=lambda m: (-per[m], m))[:ASK_MONTHS])


def activity_scale(plan: Plan) -> dict[str, float]:
    """Per kind, how many times the reference member's monthly count this member does (module docstring)."""
    size = plan.scale.connections / REFERENCE_CONNECTIONS
    return {k: size**e for k, e in EXPONENTS.items()}


def _scaled(n: int, factor: float, rng: random.Random) -> int:
    """`n` actions at the reference scale, for a member doing `factor` times as much: the whole part of
    n x factor, plus one with the chance of its fraction (the same n at the reference scale)."""
    if n == 0 or factor == 1:
        return n
    whole, part = divmod(n * factor, 1)
    return int(whole) + (rng.random() < part)


def actions(plan: Plan) -> list[Action]:
    """Every planted action before the newest export, in time order (memoised on the plan)."""
    hit = plan.cache.get("engagement")
    if hit is not None:
        return list(hit)
    asks = set(ask_months(plan))
    factor = activity_scale(plan)
    end = plan.as_of
    month = _month(end - 6 * 365 * DAY)
    out: list[Action] = []
    serial = 0
    while _epoch(month) < end:
        rng = random.Random(f"{plan.seed}-engagement-{month.isoformat()}")
        lo, hi = _epoch(month), min(_epoch(_next(month)), end)
        ask = month in asks
        quiet = not ask and rng.random() < 0.2
        n = {
            "post": 0 if ask or quiet or rng.random() > 0.35 else 1,
            "comment": 0 if ask or quiet or rng.random() < 0.15 else rng.randint(1, 3),
            "reaction": 0 if quiet else rng.randint(0, 2) if ask else rng.randint(1, 6),
            "vote": 0 if ask or quiet or rng.random() > 0.25 or plan.era == 2024 else 1,
        }
        # drawn apart, so the reference scale's months (and every other random stream) stay as they were
        more = random.Random(f"{plan.seed}-engagement-scale-{month.isoformat()}")
        n = {kind: _scaled(count, factor[kind], more) for kind, count in n.items()}
        for kind in KINDS:
            for _ in range(n[kind]):
                serial += 1
                t = rng.randrange(lo, hi)
                link = f"https://www.linkedin.com/feed/update/urn:li:activity:{7_000_000_000 + serial * 7919}"
                if kind == "post":
                    link = (
                        f"https://www.linkedin.com/feed/update/urn:li:share:{7_100_000_000 + serial * 7919}"
                    )
                    out.append(Action(kind, t, link, text=POSTS[serial % len(POSTS)]))
                elif kind == "comment":
                    out.append(Action(kind, t, link, text=COMMENTS[serial % len(COMMENTS)]))
                elif kind == "reaction":
                    out.append(Action(kind, t, link, reaction=REACTIONS[serial % len(REACTIONS)]))
                else:
                    out.append(Action(kind, t, link, option=("Yes", "No", "It depends")[serial % 3]))
        month = _next(month)
    out.sort(key=lambda a: (a.t, a.kind, a.link))
    if plan.era == 2018:  # the 2018 archive holds Shares.csv only
        out = [a for a in out if a.kind == "post"]
    plan.cache["engagement"] = tuple(out)
    return out


def files(w: ExportInProgress) -> dict[str, bytes]:
    """The activity files of export `w.k`: the actions before it, newest first, in the era's format."""
    mine = [a for a in actions(w.p) if a.t < w.end][::-1]
    by = {k: [a for a in mine if a.kind == k] for k in KINDS}
    era = w.era
    if era == 2018:
        header = ["Date", "Share Title", "Share Description", "Share Link", "Share Commentary"]
        header += ["Shared URL", "Media URL", "Type", "Visibility"]
        rows = [[slash_utc(a.t), "", "", a.link, a.text, "", "", "SHARE", "PUBLIC"] for a in by["post"]]
        return {"Shares.csv": utf16_tsv(header, rows)} if rows else {}
    suffix = f"_{w.member_id}" if era == 2026 else ""
    url_cols = ["SharedUrl", "MediaUrl"] if era == 2026 else ["SharedURL", "MediaURL"]
    stamp = {a: iso_utc(a.t).removesuffix(" UTC") for a in mine}
    out: dict[str, bytes] = {}
    if by["post"]:
        out[f"Shares{suffix}.csv"] = csv_bytes(
            ["Date", "ShareLink", "ShareCommentary", *url_cols, "Visibility"],
            [
                [
                    stamp[a],
                    a.link,
                    a.text.replace("\n", "\r\n"),  # a CRLF file: line breaks inside the text too
                    "" if a.text else "https://example.com/article",
                    "",
                    "MEMBER_NETWORK",
                ]
                for a in by["post"]
            ],
            crlf=True,
        )
    if by["comment"]:  # unquoted, line breaks written as continuation lines (not valid CSV, as LinkedIn)
        lines = ["Date,Link,Message", *(f"{stamp[a]},{a.link},{a.text}" for a in by["comment"])]
        out[f"Comments{suffix}.csv"] = ("\r\n".join(lines).replace("\n", "\r\n") + "\r\n").encode()
    rows = [[stamp[a], a.reaction, a.link] for a in by["reaction"]]
    if rows and era == 2024 and len(rows) > 10:  # a large table in numbered parts, each with the header
        half = len(rows) // 2
        out["Reactions_1.csv"] = csv_bytes(["Date", "Type", "Link"], rows[:half], crlf=True)
        out["Reactions_2.csv"] = csv_bytes(["Date", "Type", "Link"], rows[half:], crlf=True)
    elif rows:
        out[f"Reactions{suffix}.csv"] = csv_bytes(["Date", "Type", "Link"], rows, crlf=True)
    if by["vote"]:
        out[f"Votes{suffix}.csv"] = csv_bytes(
            ["Date", "Link", "OptionText"], [[stamp[a], a.link, a.option] for a in by["vote"]], crlf=True
        )
    return out


def truth(plan: Plan, cold_starts: list[int]) -> dict[str, Any]:
    """The engagement truth (docs/metrics.md, "Engagement"): counts by kind, per month, the share of months
    with any action since the first, comments in the ask months, and give vs ask over the months the
    invitation files cover. `cold_starts`: times of the conversations the member started cold."""
    acts = actions(plan)
    by_kind = Counter(a.kind for a in acts)
    monthly: dict[str, dict[str, int]] = {}
    for a in acts:
        monthly.setdefault(_month(a.t).isoformat(), dict.fromkeys(KINDS, 0))[a.kind] += 1
    last = _month(plan.as_of)
    first = min((_month(a.t) for a in acts), default=None)
    observed = 0
    m = first
    while m is not None and m <= last:
        observed += 1
        m = _next(m)
    asks = ask_months(plan)
    invites = visible_invitations(plan)
    since = min((_month(t) for t in invites), default=None)

    def inside(t: int) -> bool:
        return since is not None and _month(t) >= since

    give = sum(a.kind in ("post", "comment") and inside(a.t) for a in acts)
    ask = len(invites) + sum(inside(t) for t in cold_starts)
    return {
        "counts": {k: by_kind.get(k, 0) for k in KINDS},
        "monthly": dict(sorted(monthly.items())),
        "observed_months": observed,
        "active_months": len(monthly),
        "ask_months": [d.isoformat() for d in asks],
        "comments_in_ask_months": sum(a.kind == "comment" and _month(a.t) in asks for a in acts),
        "give": give,
        "ask": ask,
        "cold_starts": len(cold_starts),
        "invitations_visible": len(invites),
        "activity_scale": activity_scale(plan),
    }


def cold_starts(table: list[dict[str, Any]]) -> list[int]:
    """Times of the conversations the member started (not excluded) with nobody they had a conversation
    with before: `truth.conversation_table` rows, in time order."""
    seen: set[int] = set()
    out: list[int] = []
    for row in sorted(table, key=lambda r: (r["t0"], r["conv"])):
        others = {m for m in row["members"] if m != OWNER and m >= 0}
        if row["starter"] == OWNER and not row["excluded"] and others and not others & seen:
            out.append(row["t0"])
        seen |= others
    return out


def expected_metrics(t: dict[str, Any], min_invitations: int = 10) -> dict[str, float | None]:
    """The step's headline metrics from the truth above (docs/metrics.md, "Engagement"): give and ask are
    unknown with no public activity at all or fewer than `min_invitations` invitations on file."""
    readable = sum(t["counts"].values()) > 0 and t.get("invitations_visible", 0) >= min_invitations
    return {
        "public_activity_month_share": t["active_months"] / t["observed_months"]
        if t["observed_months"] >= 3
        else None,
        "comments_in_top_invite_months": float(t["comments_in_ask_months"])
        if t["ask_months"] and readable
        else None,
        "give_ask_ratio": t["give"] / t["ask"] if t["ask"] and readable else None,
    }
