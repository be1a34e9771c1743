"""What each headline number means, in one place: label, meaning, unit, better direction, thresholds.

Why a registry: the report, `status`, the CLI and docs/metrics.md must say the same thing about every row of
`audit_summary`. Readers see the plain label and the sentence; the metric id stays for SQL users (a
`<code>` in a details panel, the appendix). A test fails when `audit_summary` holds a metric missing here,
and another when docs/metrics.md's generated list differs from `markdown_list()`.
Run `python -m linkedin_audit.metric_catalog` to print that list."""

from __future__ import annotations

from dataclasses import dataclass

# Units and how each is displayed: one format for shares throughout the report.
UNITS = ("share", "count", "hours", "ratio", "rate")
STATUS_WORDS = {
    "high": "high: past the level practitioners warn about",
    "watch": "worth watching: near the warning level",
    "ok": "fine",
    "info": "for context (no threshold)",
    "not_enough_data": "too little data to say",
}
STATUS_RANK = {"high": 0, "watch": 1, "ok": 2, "info": 3, "not_enough_data": 4}


@dataclass(frozen=True)
class MetricInfo:
    """One headline metric. `sentence` reads with `{value}` filled in by `format_value`; `better` is
    "lower", "higher" or None (neither: context only); `thresholds` names a band of thresholds.toml;
    `anchor` is the section of docs/metrics.md that defines it; `priority` orders findings of equal status
    (smaller first)."""

    metric: str
    label: str
    meaning: str
    sentence: str
    unit: str
    better: str | None
    thresholds: str | None
    anchor: str
    priority: int = 50


def _m(
    metric: str,
    label: str,
    meaning: str,
    sentence: str,
    unit: str,
    better: str | None,
    thresholds: str | None,
    anchor: str,
    priority: int = 50,
) -> MetricInfo:
    return MetricInfo(metric, label, meaning, sentence, unit, better, thresholds, anchor, priority)


_NOTES = "invitation-notes-minimum-invitations-over-outgoing-invitations"
_TEMPLATES = "templates-messages-and-notes"
_BURSTS = "bursts-and-regularity-minimum-sends-events-in-the-stream-else-null"
_REPLIES = "conversations-and-replies-minimum-conversations"
_ACCEPT = "invitation-acceptance-minimum-invitations"
_TIES = "ties-minimum-connections--10-over-rows-of-tie_strength"
_AUTOMATION = "automation-inside-bursts-analysesautomationpy"
_MULTI = "sends-to-several-people-at-once-analysesfanoutpy"
_ENGAGEMENT = "engagement-analysesengagementpy"

CATALOG: tuple[MetricInfo, ...] = (
    _m(
        "canned_invite_share",
        "Invitations sent without a personal note",
        "Outgoing invitations with no note, LinkedIn's stock text or a template, out of all you sent.",
        "{value} of your invitations went out with no note, LinkedIn's stock text or a template.",
        "share",
        "lower",
        None,
        _NOTES,
        34,
    ),
    _m(
        "canned_stranger_invites_per_month",
        "Canned invitations to strangers per month",
        "Invitations with no note, LinkedIn's stock text or a copy-pasted note, sent to people you had never "
        "messaged, per month of the invitations' window: the verdict on canned invitations (free members "
        "can add a note to only about five invitations a month).",
        "You sent {value} canned invitations a month on average to people you had never messaged (free "
        "members can add a note to only about five a month).",
        "rate",
        "lower",
        "canned_to_strangers_per_month",
        _NOTES,
        10,
    ),
    _m(
        "canned_invite_to_stranger_share",
        "Canned invitations to strangers",
        "Of the invitations you sent to people you had never messaged, the share that were canned.",
        "{value} of your invitations to people you had never messaged were canned.",
        "share",
        "lower",
        None,
        _NOTES,
        12,
    ),
    _m(
        "no_note_invite_share",
        "Invitations with no note",
        "Outgoing invitations whose note was empty, out of all you sent.",
        "{value} of your invitations had no note at all (free members can add a note to only about five "
        "invitations a month, so this is context, not a restriction trigger).",
        "share",
        None,
        None,
        _NOTES,
        30,
    ),
    _m(
        "default_text_invite_share",
        "Invitations with LinkedIn's stock text",
        "Outgoing invitations whose note was LinkedIn's stock sentence or a close variant.",
        "{value} of your invitations used LinkedIn's stock text as the note.",
        "share",
        "lower",
        "default_text_invite_share",
        _NOTES,
        32,
    ),
    _m(
        "templated_invite_share",
        "Invitations with a copy-pasted note",
        "Outgoing invitations whose note was near-identical to notes you sent at least two other people.",
        "{value} of your invitations carried a copy-pasted note.",
        "share",
        "lower",
        "templated_invite_share",
        _NOTES,
        31,
    ),
    _m(
        "templated_message_share",
        "Messages that were copy-pasted",
        "Sent messages near-identical to messages you sent in at least two other conversations.",
        "{value} of the messages you sent were copy-pasted templates.",
        "share",
        "lower",
        "templated_message_share",
        _TEMPLATES,
        14,
    ),
    _m(
        "max_invites_1h",
        "Most invitations in any hour",
        "The largest number of invitations you sent within any sliding 60 minutes.",
        "At your busiest you sent {value} invitations within one hour.",
        "count",
        "lower",
        None,
        _BURSTS,
        40,
    ),
    _m(
        "max_invites_24h",
        "Most invitations in any 24 hours",
        "The largest number of invitations you sent within any sliding 24 hours.",
        "At your busiest you sent {value} invitations within 24 hours.",
        "count",
        "lower",
        "invites_24h",
        _BURSTS,
        16,
    ),
    _m(
        "max_invites_7d",
        "Most invitations in any 7 days",
        "The largest number of invitations you sent within any sliding 7 days.",
        "At your busiest you sent {value} invitations within 7 days.",
        "count",
        "lower",
        "invites_7d",
        _BURSTS,
        15,
    ),
    _m(
        "max_messages_1h",
        "Most messages in any hour",
        "The largest number of messages you sent within any sliding 60 minutes.",
        "At your busiest you sent {value} messages within one hour.",
        "count",
        "lower",
        "messages_1h",
        _BURSTS,
        17,
    ),
    _m(
        "max_messages_24h",
        "Most messages in any 24 hours",
        "The largest number of messages you sent within any sliding 24 hours.",
        "At your busiest you sent {value} messages within 24 hours.",
        "count",
        "lower",
        "messages_24h",
        _BURSTS,
        18,
    ),
    _m(
        "invite_interval_cv",
        "Regularity of your invitations",
        "How much the gaps between invitations vary (near 1 is a person's rhythm, near 0 a machine's).",
        "The gaps between your invitations vary by {value} of their average (near 0 looks automated).",
        "ratio",
        None,
        None,
        _BURSTS,
        62,
    ),
    _m(
        "message_interval_cv",
        "Regularity of your messages",
        "How much the gaps between messages vary (near 1 is a person's rhythm, near 0 a machine's).",
        "The gaps between your messages vary by {value} of their average (near 0 looks automated).",
        "ratio",
        None,
        None,
        _BURSTS,
        63,
    ),
    _m(
        "message_burstiness",
        "Burstiness of your messages",
        "From -1 (like a clock) through 0 (random) towards 1 (bursts and long pauses, as people send).",
        "Your messages have a burstiness of {value} (-1 clockwork, 0 random, towards 1 human bursts).",
        "ratio",
        None,
        None,
        _BURSTS,
        60,
    ),
    _m(
        "night_send_share",
        "Messages sent at night",
        "Sent messages whose local time was between midnight and 6 am: in your profile location's zone, "
        "message by message (daylight saving, half-hour zones), else in the offset your sending shows.",
        "{value} of your messages went out between midnight and 6 am your time.",
        "share",
        "lower",
        None,
        _BURSTS,
        45,
    ),
    _m(
        "thread_reply_rate_7d",
        "Conversations you started that got a reply within 7 days",
        "Of the conversations you started (old enough to judge), the share answered within 7 days: context "
        "when the 30-day rate can be judged (a slow answer is still an answer), the verdict only without it.",
        "{value} of the conversations you started got a reply within 7 days.",
        "share",
        "higher",
        "reply_rate",
        _REPLIES,
        13,
    ),
    _m(
        "thread_reply_rate_30d",
        "Conversations you started that got a reply within 30 days",
        "Of the conversations you started (old enough to judge), the share answered within 30 days.",
        "{value} of the conversations you started got a reply within 30 days.",
        "share",
        "higher",
        "reply_rate",
        _REPLIES,
        11,
    ),
    _m(
        "median_first_reply_hours",
        "Typical time until someone answers you",
        "The median time from your first message to the first answer, over conversations that got one.",
        "When people answered you, half did so within {value}.",
        "hours",
        "lower",
        None,
        _REPLIES,
        50,
    ),
    _m(
        "my_reply_rate_30d",
        "Conversations others started that you answered within 30 days",
        "Of the conversations other people started with you, the share you answered within 30 days "
        "(strangers you ignored count; brands, sponsored messages and LinkedIn's own lines do not).",
        "You answered {value} of the conversations others started within 30 days.",
        "share",
        "higher",
        None,
        _REPLIES,
        25,
    ),
    _m(
        "my_median_reply_hours",
        "Typical time until you answer",
        "The median time from someone's first message to your first answer.",
        "When you answered, half of your answers came within {value}.",
        "hours",
        "lower",
        None,
        _REPLIES,
        55,
    ),
    _m(
        "stranger_thread_share",
        "Conversations you started with strangers",
        "Conversations you started in which someone was not your connection when you wrote.",
        "{value} of the conversations you started were with people who were not your connections.",
        "share",
        "lower",
        "stranger_thread_share",
        _REPLIES,
        19,
    ),
    _m(
        "invite_acceptance_rate",
        "Invitations accepted",
        "Outgoing invitations whose invitee became your connection on or after the day you sent it.",
        "{value} of your invitations were accepted.",
        "share",
        "higher",
        None,
        _ACCEPT,
        12,
    ),
    _m(
        "pending_invites",
        "Invitations never accepted (count)",
        "Outgoing invitations not accepted by the export date (ignored, withdrawn or still open).",
        "{value} of your invitations were never accepted (ignored, withdrawn or still pending).",
        "count",
        "lower",
        "pending_invites",
        _ACCEPT,
        22,
    ),
    _m(
        "not_accepted_invite_share",
        "Invitations ignored or still pending",
        "Outgoing invitations not accepted by the export date (ignored or still pending), of all you sent.",
        "{value} of your invitations were ignored or are still pending.",
        "share",
        "lower",
        "not_accepted_share",
        _ACCEPT,
        12,
    ),
    _m(
        "max_invites_1min",
        "Most invitations in any minute",
        "The most invitations you sent within the same minute (Invitations.csv has minutes only).",
        "At your fastest you sent {value} invitations within one minute.",
        "count",
        "lower",
        "invites_1min",
        _AUTOMATION,
        14,
    ),
    _m(
        "max_invites_10min",
        "Most invitations in any 10 minutes",
        "The largest number of invitations you sent within any sliding 10 minutes.",
        "At your fastest you sent {value} invitations within 10 minutes.",
        "count",
        "lower",
        "invites_10min",
        _AUTOMATION,
        15,
    ),
    _m(
        "max_thread_starts_1min",
        "Most conversations started in any minute",
        "The largest number of conversations you started within any minute.",
        "At your fastest you started {value} conversations within one minute.",
        "count",
        "lower",
        "thread_starts_1min",
        _AUTOMATION,
        16,
    ),
    _m(
        "max_thread_starts_10min",
        "Most conversations started in any 10 minutes",
        "The largest number of conversations you started within any sliding 10 minutes.",
        "At your fastest you started {value} conversations within 10 minutes.",
        "count",
        "lower",
        "thread_starts_10min",
        _AUTOMATION,
        17,
    ),
    _m(
        "max_train_send_rate",
        "Fastest sustained sending inside a burst",
        "Sends per minute inside your fastest train of ten or more sends with no gap over 10 minutes.",
        "Inside your fastest burst you sent {value} a minute.",
        "rate",
        "lower",
        "train_send_rate",
        _AUTOMATION,
        18,
    ),
    _m(
        "min_train_gap_cv",
        "Most machine-like regularity inside a burst",
        "How much the gaps vary inside your most regular train of ten or more sends (near 0 is clockwork).",
        "Inside your most regular burst the gaps varied by only {value} of their average (near 0 looks "
        "automated).",
        "ratio",
        "higher",
        "interval_cv",
        _AUTOMATION,
        19,
    ),
    _m(
        "max_multi_send_recipients",
        "Most people reached by one send",
        "The most people one send to several at once reached (a shared post or profile, or one text to many "
        "new conversations within seconds): one action, so it counts once in every rate; mass messaging.",
        "Your largest send to several people at once reached {value} people.",
        "count",
        "lower",
        "multi_send_recipients",
        _MULTI,
        14,
    ),
    _m(
        "multi_send_count",
        "Sends to several people at once",
        "How many times you sent one message to several people at once.",
        "You sent one message to several people at once {value} times.",
        "count",
        None,
        None,
        _MULTI,
        40,
    ),
    _m(
        "longest_clockwork_run",
        "Longest run at a steady beat",
        "The most sends in one run whose gaps keep a steady beat, the signature of a scheduler.",
        "Your longest run at a steady beat was {value} sends.",
        "count",
        "lower",
        "clockwork_run",
        _AUTOMATION,
        19,
    ),
    _m(
        "never_interacted_share",
        "Connections you have never talked to",
        "Connections with no message, endorsement or recommendation either way, ever.",
        "{value} of your connections are people you have never exchanged a word with.",
        "share",
        "lower",
        None,
        _TIES,
        24,
    ),
    _m(
        "weak_tie_share",
        "Weak ties",
        "Connections with some contact, but little or long ago (weak ties are useful, not bad).",
        "{value} of your connections are weak ties: some contact, little or long ago.",
        "share",
        None,
        None,
        _TIES,
        70,
    ),
    _m(
        "dormant_tie_share",
        "Dormant ties",
        "Connections you once talked to often who have gone silent for much longer than usual.",
        "{value} of your connections are dormant ties: once active, long silent.",
        "share",
        None,
        None,
        _TIES,
        65,
    ),
    _m(
        "strong_tie_share",
        "Strong ties",
        "Connections with frequent, two-way and recent contact.",
        "{value} of your connections are strong ties: frequent, two-way and recent.",
        "share",
        "higher",
        None,
        _TIES,
        66,
    ),
    _m(
        "public_activity_month_share",
        "Months with any public activity",
        "Months with at least one post, comment, reaction or poll vote, since your first one.",
        "You posted, commented, reacted or voted in {value} of the months since your first public action.",
        "share",
        None,
        None,
        _ENGAGEMENT,
        60,
    ),
    _m(
        "comments_in_top_invite_months",
        "Comments in your busiest invitation months",
        "Comments you wrote in the three months you sent the most invitations (your other months for "
        "context).",
        "In the months you sent the most invitations you wrote {value} comments.",
        "count",
        None,
        None,
        _ENGAGEMENT,
        61,
    ),
    _m(
        "give_ask_ratio",
        "Give vs ask",
        "Your posts and comments per invitation or cold first message, since your first invitation on file.",
        "You wrote {value} posts or comments for every invitation or cold first message you sent.",
        "ratio",
        None,
        None,
        _ENGAGEMENT,
        62,
    ),
)

BY_ID: dict[str, MetricInfo] = {m.metric: m for m in CATALOG}


class UnknownMetric(KeyError):
    """A metric that `audit_summary` produced but the catalog does not describe."""


def info(metric: str) -> MetricInfo:
    """The entry of `metric`; an unknown metric is an error (add it to CATALOG)."""
    try:
        return BY_ID[metric]
    except KeyError:
        raise UnknownMetric(f"{metric} is not in linkedin_audit.metric_catalog.CATALOG") from None


def label(metric: str) -> str:
    """The plain label, or the id itself for a metric not (yet) in the catalog."""
    return BY_ID[metric].label if metric in BY_ID else metric.replace("_", " ")


def format_share(value: float) -> str:
    """A fraction as a percentage, the one way the report writes shares: whole percents, one decimal only
    where rounding would say 0% or 100% of something that is not."""
    if 0 < value < 0.01 or 0.99 < value < 1:
        return f"{value:.1%}"
    return f"{value:.0%}"


def format_value(metric: str, value: float | None) -> str:
    """A metric's value as the report shows it ("94%", "1,204", "3.5 h", "0.42")."""
    if value is None:
        return "no value"
    unit = BY_ID[metric].unit if metric in BY_ID else "ratio"
    if unit == "share":
        return format_share(value)
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "rate":
        return f"{value:,.1f}"
    if unit == "hours":
        return f"{value / 24:,.1f} days" if value >= 48 else f"{value:,.1f} hours"
    return f"{value:.2f}"


def sentence(metric: str, value: float | None) -> str:
    """The metric's finding in one plain sentence."""
    entry = info(metric)
    return entry.sentence.format(value=format_value(metric, value))


def markdown_list() -> str:
    """docs/metrics.md's generated list of every headline metric (label, unit, better, thresholds)."""
    lines = ["| metric | label | unit | better | thresholds | defined in |", "|---|---|---|---|---|---|"]
    for m in CATALOG:
        lines.append(
            f"| `{m.metric}` | {m.label} | {m.unit} | {m.better or 'neither'} | "
            f"{m.thresholds or 'none (info)'} | [definition](#{m.anchor}) |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_list(), end="")
