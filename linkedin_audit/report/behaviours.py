"""One behaviour, one finding: the measures that describe one behaviour (the windows of one burst, the counts
and shares of one trigger) become a single finding on the opening screen and in the terminal summary.

Why: read one by one, a single burst of invitations filled five of seven findings ("45 within one minute",
"104 within 10 minutes", "104 within 24 hours", "120 within 7 days", "10.40 per minute"), leaving no room
for what else is true. A person writes "You sent invitations in machine-like bursts: 45 in one minute, 104
in ten minutes, 120 in a week", the worst window setting the severity and the others its evidence.
docs/metrics.md "From measures to verdicts" lists the behaviours; the measures stay one row each in
`audit_summary` and the appendix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from linkedin_audit import metric_catalog as mc
from linkedin_audit.analyses.common import INVITATIONS
from linkedin_audit.report.summary_rows import Row  # a row of audit_summary, its structured fields by name

ALARMING = ("high", "watch")

INVITE_WINDOWS = (
    ("max_invites_1min", "in one minute"),
    ("max_invites_10min", "in ten minutes"),
    ("max_invites_1h", "in an hour"),
    ("max_invites_24h", "in 24 hours"),
    ("max_invites_7d", "in a week"),
)
MESSAGE_WINDOWS = (("max_messages_1h", "in one hour"), ("max_messages_24h", "in 24 hours"))
START_WINDOWS = (("max_thread_starts_1min", "in one minute"), ("max_thread_starts_10min", "in ten minutes"))
RATE = "max_train_send_rate"


@dataclass(frozen=True)
class Behaviour:
    """A behaviour: its measures, those whose alarm means machine speed (`fast`), and its sentence."""

    key: str
    members: tuple[str, ...]
    compose: Callable[[dict[str, Row], int], str]


def _n(rows: dict[str, Row], metric: str) -> float | None:
    row = rows.get(metric)
    return None if row is None else row[1]


def _alarming(rows: dict[str, Row], *metrics: str) -> bool:
    return any(rows[m][2] in ALARMING for m in metrics if m in rows)


def _windows(rows: dict[str, Row], windows: tuple[tuple[str, str], ...], noun: str) -> list[str]:
    """["45 invitations in one minute", "104 in ten minutes"]: a longer window adding nothing is left out."""
    parts: list[str] = []
    last = None
    for metric, words in windows:
        n = _n(rows, metric)
        if n is None or n == last:
            continue
        named = "" if parts else (noun[:-1] if n == 1 else noun) + " "  # the first part names what is counted
        parts.append(f"{n:,.0f} {named}{words}")
        last = n
    return parts


def _rate_stream(row: Row) -> str:
    """The stream of the fastest train: its population (analyses/automation.py)."""
    return "invitations" if row.population == INVITATIONS else "messages"


def _then(row: Row) -> str:
    """The status a past measure had when it happened (analyses/recency.py: past behaviour is rated at most
    watch now, but 45 invitations in one minute were machine-like then), else its status."""
    return row.then_status or row.status


def _high(rows: dict[str, Row], *metrics: str) -> bool:
    return any(_then(rows[m]) == "high" for m in metrics if m in rows)


def past_share(row: Row, text: str, months: int = 12) -> str:
    """A share whose newest instance is past (copy-pasted messages, conversations with strangers: the
    newest is older than the last `months` months, none since): "...; the newest in 2020, none in the last
    12 months." (report/findings.py, a measure alone)."""
    if not row.then_status or row.past_at is None or row.status not in ALARMING:
        return text
    return f"{text[:-1]}; the newest in {row.past_at.year}, none in the last {months} months."


def past(rows: dict[str, Row], text: str, months: int = 12) -> str:
    """A behaviour's sentence said as past behaviour (docs/metrics.md "Past behaviour"): "In 2016 (not in the
    last 12 months) you sent ..." when every alarming measure of it is past; "...; part of it in 2016, not
    in the last 12 months." when some are."""
    alarming = [r for r in rows.values() if r.status in ALARMING]
    found = [r.past_at for r in alarming if r.then_status and r.past_at is not None]
    if not found:
        return text
    years = sorted({at.year for at in found})
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
    if len(found) == len(alarming):
        return f"In {span} (not in the last {months} months) {text[0].lower()}{text[1:]}"
    return f"{text[:-1]}; part of it in {span}, not in the last {months} months."


def _lead(fast: str | None, alarming: bool, noun: str) -> str:
    """ "Machine-like" only when a one-minute, ten-minute or rate measure is high: 12 invitations in one
    minute (watch) is a person clicking through a grid of suggestions, fast but human."""
    if fast == "high":
        return f"You sent {noun} in machine-like bursts"
    if fast == "watch":
        return f"You sent {noun} in quick bursts"
    if alarming:
        return f"You sent many {noun} in a short time"
    return f"Your busiest spells of {noun}"


def _fast(rows: dict[str, Row], *metrics: str) -> str | None:
    return "high" if _high(rows, *metrics) else ("watch" if _alarming(rows, *metrics) else None)


def invitation_bursts(rows: dict[str, Row], months: int = 12) -> str:
    parts = _windows(rows, INVITE_WINDOWS, "invitations")
    week = _n(rows, "max_invites_7d")
    if (
        week is not None
        and parts
        and parts[-1].endswith("in a week")
        and rows["max_invites_7d"][2] in ALARMING
    ):
        parts[-1] += " (LinkedIn's weekly limit is about 100)"
    text = _lead(
        _fast(rows, "max_invites_1min", "max_invites_10min", RATE), _alarming(rows, *rows), "invitations"
    )
    text += f": {', '.join(parts)}" if parts else ""
    if RATE in rows and rows[RATE][1] is not None:
        text += f"; at the fastest {mc.format_value(RATE, rows[RATE][1])} invitations a minute"
    return text + "."


def message_bursts(rows: dict[str, Row], months: int = 12) -> str:
    parts = _windows(rows, MESSAGE_WINDOWS, "messages")
    starts = _windows(rows, START_WINDOWS, "new conversations")
    text = _lead(
        _fast(rows, "max_thread_starts_1min", "max_thread_starts_10min", RATE),
        _alarming(rows, *rows),
        "messages",
    )
    text += f": {', '.join(parts + starts)}" if parts or starts else ""
    if RATE in rows and rows[RATE][1] is not None:
        text += f"; at the fastest {mc.format_value(RATE, rows[RATE][1])} messages a minute"
    return text + "."


def steady_beat(rows: dict[str, Row], months: int = 12) -> str:
    run, cv = _n(rows, "longest_clockwork_run"), _n(rows, "min_train_gap_cv")
    bits = []
    if run:
        bits.append(f"{run:,.0f} sends in a row at an even pace")
    if cv is not None:
        varied = (
            "did not vary at all" if cv < 0.0005 else f"varied by only {mc.format_share(cv)} of their average"
        )
        bits.append(f"the gaps inside your most regular burst {varied}")
    if not bits:
        return "No part of your sending kept a machine's steady beat."
    lead = (
        "Part of your sending kept a machine's steady beat"
        if _alarming(rows, *rows)
        else "Your steadiest sending"
    )
    return f"{lead}: {'; '.join(bits)}."


MONTHS = "January February March April May June July August September October November December".split()


def multi_sends(rows: dict[str, Row], months: int = 12) -> str:
    """How often, how many people, and when the largest was (a send years ago is not last week's)."""
    count, most = _n(rows, "multi_send_count"), _n(rows, "max_multi_send_recipients")
    if not count:
        return "You never sent one message to several people at once."
    largest = rows.get("max_multi_send_recipients")
    day = largest.period_start if largest else None
    when = "" if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"  # the largest's day
    if when and largest is not None and largest.then_status:  # the largest is past: say so, and since
        last = f"in the last {months} months"
        recent = largest.recent_value
        when += f"; {last}, at most {recent:,.0f}" if recent else f", not {last}"
    if count == 1:
        text = f"Once{f', on {when},' if when else ''} you sent one message to {most:,.0f} people at once"
    else:
        times = "twice" if count == 2 else f"{count:,.0f} times"
        text = (
            f"You sent one message to several people at once {times}, to as many as {most:,.0f} people at "
            f"once{f' ({when})' if when else ''}"
        )
    if _alarming(rows, *rows):  # mass messaging only when the reach is past its band, not a post shared to 4
        return f"{text}: mass messaging, counted as one send in every rate."
    return f"{text}; each counts as one send in every rate."


def not_accepted(rows: dict[str, Row], months: int = 12) -> str:
    row = rows.get("not_accepted_invite_share") or rows.get("pending_invites")
    if row is None or row.numerator is None or not row.denominator:
        metric = next(iter(rows))
        return mc.sentence(metric, rows[metric][1])
    pending, total = int(row.numerator), int(row.denominator)
    if pending == 0:
        return f"All {total:,} of your invitations were accepted."
    return (
        f"{pending:,} of your {total:,} invitations were never accepted ({mc.format_share(pending / total)}: "
        f"ignored, withdrawn or still pending); {mc.format_share(1 - pending / total)} were accepted."
    )


CANNED_PARTS = (
    ("no_note_invite_share", "no note"),
    ("default_text_invite_share", "LinkedIn's stock text"),
    ("templated_invite_share", "a copy-pasted note"),
)


def canned(rows: dict[str, Row], months: int = 12) -> str:
    """The verdict (canned invitations to strangers per month), then what the canned invitations were: no
    note, the stock text, a copy-pasted note. The free member's five notes a month is context only where
    no note is most of it (a recruiter's 660 copy-pasted notes are not for want of notes)."""
    verdict = rows.get("canned_stranger_invites_per_month")
    text = ""
    if verdict and verdict[1] is not None:
        rate = verdict[1]
        if rate == 0:
            text = "You sent no canned invitation to anyone you had never messaged."
        else:
            a_month = f"{rate:,.0f}" if rate >= 10 else f"{rate:,.1f}"
            text = (
                f"You sent {a_month} canned invitations a month on average to people you had never messaged"
            )
            no_note = _n(rows, "no_note_invite_share")
            if no_note is None or no_note >= 0.5:
                text += " (free members can add a note to only about five a month)"
            text += "."
    share = _n(rows, "canned_invite_share")
    parts = [
        f"{mc.format_share(v)} {words}"
        for m, words in CANNED_PARTS
        if (v := _n(rows, m)) is not None and v > 0
    ]
    if share is not None and share > 0:
        all_of = f"{mc.format_share(share)} of your invitations were canned"
        text += (" In all, " if text else "") + all_of + (f": {', '.join(parts)}." if parts else ".")
    elif share == 0:
        text += (" " if text else "") + "Every invitation you sent carried a personal note."
    return text.strip()


def replies(rows: dict[str, Row], months: int = 12) -> str:
    main = rows.get("thread_reply_rate_30d") or rows["thread_reply_rate_7d"]
    # the counts, then what they are out of: the sentence says the rest ("got a reply within 30 days")
    of = (
        f" ({main.numerator:,.0f} of {main.denominator:,.0f} old enough to judge)" if main.denominator else ""
    )
    text = f"{mc.sentence(main[0], main[1])[:-1]}{of}"
    week = rows.get("thread_reply_rate_7d")
    if week is not None and week is not main and week[1] is not None:
        text += f"; {mc.format_share(week[1])} within 7 days"
    if main.then_status and main.past_at is not None and main.status in ALARMING:  # none unanswered since
        last = f"the last {months} months"
        text += f"; none you started in {last} went unanswered (the newest that did: {main.past_at.year})"
    return text + "."


BEHAVIOURS: tuple[Behaviour, ...] = (
    Behaviour("invitation-bursts", tuple(m for m, _w in INVITE_WINDOWS), invitation_bursts),
    Behaviour("message-bursts", tuple(m for m, _w in MESSAGE_WINDOWS + START_WINDOWS), message_bursts),
    # burstiness and the whole-history gap variations are the same rhythm measured over all sends (context:
    # they cannot see a bot that runs ten minutes a week): evidence for the beat, not findings alone
    Behaviour(
        "steady-beat",
        (
            "longest_clockwork_run",
            "min_train_gap_cv",
            "message_burstiness",
            "message_interval_cv",
            "invite_interval_cv",
        ),
        steady_beat,
    ),
    Behaviour("multi-sends", ("max_multi_send_recipients", "multi_send_count"), multi_sends),
    Behaviour(
        "not-accepted",
        ("not_accepted_invite_share", "pending_invites", "invite_acceptance_rate"),
        not_accepted,
    ),
    Behaviour(
        "canned-invitations",
        (
            "canned_stranger_invites_per_month",
            "canned_invite_share",
            "canned_invite_to_stranger_share",
            "templated_invite_share",
            "default_text_invite_share",
            "no_note_invite_share",
        ),
        canned,
    ),
    Behaviour("replies", ("thread_reply_rate_30d", "thread_reply_rate_7d"), replies),
)


PAST_SAID = ("invitation-bursts", "message-bursts", "steady-beat")
"""Behaviours whose sentence `past` dates when their alarming measures are past (multi_sends dates its own
largest send)."""


QUIET_WHEN_FINE = ("invitation-bursts", "message-bursts", "steady-beat")
"""Behaviours that say nothing when fine ("Your busiest spells of messages: 1 message in one hour"): they
never take a filler place on the opening screen (the appendix keeps their measures)."""


ZERO_SAYS_NOTHING = ("strong_tie_share", "weak_tie_share", "dormant_tie_share", "night_send_share")
"""Context shares that say nothing at 0 ("0% of your connections are dormant ties" on a student's report,
"0% of your messages went out between midnight and 6 am"): no place on the opening screen."""


def says_something(group: tuple[Row, str | None, int]) -> bool:
    """Whether a behaviour's finding is worth a place when nothing about it is alarming."""
    row = group[0]
    b = behaviour_of(row)
    if row[0] in ZERO_SAYS_NOTHING and row[1] == 0:
        return False
    return row[2] in ALARMING or b is None or b.key not in QUIET_WHEN_FINE


def behaviour_of(row: Row) -> Behaviour | None:
    """The behaviour a measure belongs to (the fastest train: the bursts of its own stream)."""
    metric = row[0]
    if metric == RATE:
        return BEHAVIOURS[0] if _rate_stream(row) == "invitations" else BEHAVIOURS[1]
    return next((b for b in BEHAVIOURS if metric in b.members), None)


def worst(rows: list[Row]) -> Row:
    """The measure that sets a behaviour's severity: the worst status, then the catalog's priority."""
    return min(rows, key=lambda r: (mc.STATUS_RANK.get(r[2], 9), mc.BY_ID[r[0]].priority))


def grouped(rows: list[Row], months: int = 12) -> list[tuple[Row, str | None, int]]:
    """Each behaviour once, as (the measure that sets its severity, its sentence, how many measures it
    stands for), and every other measure alone (sentence None: the catalog's), in the order of `rows`."""
    members: dict[str, list[Row]] = {}
    order: list[str | Row] = []
    for row in rows:
        b = behaviour_of(row)
        if b is None:
            order.append(row)
            continue
        if b.key not in members:
            members[b.key] = []
            order.append(b.key)
        members[b.key].append(row)
    by_key = {b.key: b for b in BEHAVIOURS}
    out: list[tuple[Row, str | None, int]] = []
    for item in order:
        if isinstance(item, tuple):
            out.append((item, None, 1))
            continue
        group = members[item]
        named = {r[0]: r for r in group}
        text = by_key[item].compose(named, months)  # months: the recent span ([recent] months)
        out.append((worst(group), past(named, text, months) if item in PAST_SAID else text, len(group)))
    out.sort(key=lambda g: (mc.STATUS_RANK.get(g[0][2], 9), mc.BY_ID[g[0][0]].priority))
    return out
