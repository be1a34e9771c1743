"""Do people answer the member, and does the member answer them? (docs/metrics.md)

Reply rates are measured per conversation, not per message, over a fixed window W (7 and 30 days) so that
"any later message, however late" does not count as a reply. A conversation whose first message is less
than W before `as_of` cannot be judged yet: it is *censored* for W, left out of the rate, and used properly
by the Kaplan-Meier time-to-first-reply curve instead.

Definitions (docs/metrics.md, "Conversations and replies"):
- messages of a conversation: its non-draft rows; **started by the owner** when its earliest message is
  the owner's (ties on sent_at: the owner's message counts as first);
- **system lines** (a row with no sender name: LinkedIn's own "message request accepted", a conversation
  opened, a deleted account) are nobody's message: they neither start nor answer a conversation and never
  exclude it; `n_system_lines` counts them;
- **excluded** (counted apart): any sponsored message, any message in SPAM, any `LinkedIn Member` sender,
  any marketing sender (a sender who is not a person: no profile URL in a file that has the column, or, in
  files without it (2018-2020), a sender that looks like a brand: "LinkedIn" in the name, a company-like
  name, a company the export knows, a sponsored subject; conversations.sql). Never "never answered and
  not a connection": in those files that rule removed exactly the strangers the member ignored;
- **first reply**: owner-started: the earliest message from anyone else; started by someone else: the
  owner's first message. Latency = its sent_at - the first message's sent_at;
- **judged** for W when first_message_at + W <= as_of (else censored); **replied within W** when a first
  reply exists with latency <= W.
- stranger_thread_share: non-excluded owner-started conversations with at least one other participant who
  was not a connection at the first message / all non-excluded owner-started conversations (minimum
  `conversations`); computed by the bursts step, which weighs it by recency with the sending measures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from importlib import resources

import duckdb
import numpy as np
import polars as pl

from linkedin_audit.analyses import recency
from linkedin_audit.analyses.common import Metric, as_of, fetch_frame, share_metric
from linkedin_audit.config import Thresholds
from linkedin_audit.db import require

METRICS = (
    "thread_reply_rate_7d",
    "thread_reply_rate_30d",
    "median_first_reply_hours",
    "my_reply_rate_30d",
    "my_median_reply_hours",
)
"""The headline metrics `materialize` returns, in order."""

EXCLUSION_WORDS = {
    "sponsored": "sponsored",
    "spam": "in spam",
    "hidden_sender": "from hidden members",
    "marketing": "from brands, not people",
}
"""conversations.exclusion_reason in words (what the report and the terminal say)."""

WINDOWS_DAYS = (7, 30)
# Latency buckets: (label, upper bound in seconds, exclusive); the last bucket has no bound.
LATENCY_BUCKETS: tuple[tuple[str, float], ...] = (
    ("<5 min", 5 * 60),
    ("<1 h", 3600),
    ("<4 h", 4 * 3600),
    ("<1 d", 86400),
    ("<7 d", 7 * 86400),
    ("more", float("inf")),
)
# The columns of `conversations` the headline metrics read.
_METRIC_COLUMNS = (
    "started_by_me",
    "excluded",
    "exclusion_reason",
    "censored_7d",
    "censored_30d",
    "replied_7d",
    "replied_30d",
    "first_reply_latency_s",
    "first_message_at",
)


def _as_of_or_fail(con: duckdb.DuckDBPyConnection) -> dt.datetime:
    now = as_of(con)
    if now is None:
        raise ValueError("no export in the database: as_of is undefined")
    return now


INPUTS = (
    "messages",
    "conversation_participants",
    "person_connections",
    "connections",
    "positions",
    "message_templates",
)
"""What `conversations` reads: the model (company names tell brands in files without sender URLs), and
`message_templates` from the templates step."""

_CONVERSATIONS_SQL = resources.files("linkedin_audit.analyses").joinpath("conversations.sql").read_text()
"""The query of `conversations` (it takes the parameter $as_of)."""


def _conversations_sql(con: duckdb.DuckDBPyConnection) -> str:
    require(con, "conversations", *INPUTS)
    return _CONVERSATIONS_SQL


def conversations(con: duckdb.DuckDBPyConnection, as_of_at: dt.datetime | None = None) -> pl.DataFrame:
    """The per-conversation relation (columns in docs/schema.md, "conversations")."""
    now = as_of_at or _as_of_or_fail(con)
    return fetch_frame(con.sql(_conversations_sql(con), params={"as_of": now}))


def _base(convs: pl.DataFrame, started_by_me: bool) -> pl.DataFrame:
    """Non-excluded conversations of one direction: the population of every reply measure."""
    return convs.filter(~pl.col("excluded") & (pl.col("started_by_me") == started_by_me))


def _rate_by(convs: pl.DataFrame, key: pl.Expr, window_days: int, started_by_me: bool) -> pl.DataFrame:
    judged = _base(convs, started_by_me).filter(~pl.col(f"censored_{window_days}d"))
    return (
        judged.group_by(key.alias("group"))
        .agg(pl.len().alias("judged"), pl.col(f"replied_{window_days}d").sum().alias("replied"))
        .with_columns((pl.col("replied") / pl.col("judged")).alias("reply_rate"))
        .sort("group", nulls_last=True)
    )


def reply_rate_by_month(
    convs: pl.DataFrame, window_days: int = 7, started_by_me: bool = True
) -> pl.DataFrame:
    """Reply rate per calendar month of the first message, over judged conversations (month, judged, replied,
    reply_rate)."""
    key = pl.col("first_message_at").dt.truncate("1mo").dt.date()
    return _rate_by(convs, key, window_days, started_by_me).rename({"group": "month"})


def reply_rate_by_kind(convs: pl.DataFrame, window_days: int = 7) -> pl.DataFrame:
    """Owner-started conversations split by the first message's kind: `template` (in a template cluster) or
    `personal`."""
    key = (
        pl.when(pl.col("first_message_template_id").is_not_null())
        .then(pl.lit("template"))
        .otherwise(pl.lit("personal"))
    )
    return _rate_by(convs, key, window_days, True).rename({"group": "first_message_kind"})


def reply_rate_by_connection(convs: pl.DataFrame, window_days: int = 7) -> pl.DataFrame:
    """Owner-started conversations split by whether every other participant was a connection at the first
    message (`connection`, `not_connection`, `unknown` when no other participant is known)."""
    key = (
        pl.when(pl.col("recipient_is_connection"))
        .then(pl.lit("connection"))
        .when(~pl.col("recipient_is_connection"))
        .then(pl.lit("not_connection"))
        .otherwise(pl.lit("unknown"))
    )
    return _rate_by(convs, key, window_days, True).rename({"group": "recipient"})


def reply_rate_by_group(convs: pl.DataFrame, window_days: int = 7) -> pl.DataFrame:
    """Owner-started conversations split 1:1 vs group."""
    key = pl.when(pl.col("is_group")).then(pl.lit("group")).otherwise(pl.lit("1:1"))
    return _rate_by(convs, key, window_days, True).rename({"group": "shape"})


def latency_buckets(convs: pl.DataFrame, started_by_me: bool = True) -> pl.DataFrame:
    """First-reply latencies of replied, non-excluded conversations (censored or not) in the buckets
    <5 min, <1 h, <4 h, <1 d, <7 d, more; each bucket is [previous bound, bound). All buckets are listed,
    empty ones with 0."""
    lat = _base(convs, started_by_me)["first_reply_latency_s"].drop_nulls().to_numpy()
    labels, counts, lower = [], [], 0.0
    for label, upper in LATENCY_BUCKETS:
        labels.append(label)
        counts.append(int(((lat >= lower) & (lat < upper)).sum()))
        lower = upper
    total = max(len(lat), 1)
    return pl.DataFrame(
        {"bucket": labels, "conversations": counts, "share": [c / total for c in counts]},
        schema={"bucket": pl.String, "conversations": pl.Int64, "share": pl.Float64},
    )


def median_latency_hours(convs: pl.DataFrame, started_by_me: bool = True) -> tuple[float | None, int]:
    """(median first-reply latency in hours, how many latencies) over replied, non-excluded conversations."""
    lat = _base(convs, started_by_me)["first_reply_latency_s"].drop_nulls()
    if lat.len() == 0:
        return None, 0
    return float(np.median(lat.to_numpy())) / 3600.0, lat.len()


def kaplan_meier(durations: np.ndarray, observed: np.ndarray) -> pl.DataFrame:
    """Kaplan-Meier product-limit estimate of S(t) = P(no reply yet after t seconds).

    `durations`: time to the first reply when `observed`, else the time the conversation was followed
    (censored). At each distinct event time t_i with d_i replies and n_i conversations still at risk
    (duration >= t_i: a conversation censored at t_i is still at risk at t_i, the usual convention),
    S(t_i) = S(t_{i-1}) * (1 - d_i / n_i). Rows: one per distinct time (events or censorings), with
    `at_risk`, `events`, `censored`, `survival` and `replied_share` = 1 - survival."""
    durations = np.asarray(durations, dtype=float)
    observed = np.asarray(observed, dtype=bool)
    if durations.shape != observed.shape:
        raise ValueError("durations and observed must have the same length")
    if len(durations) == 0:
        return _km_frame([], [], [], [], [])
    times, inverse = np.unique(durations, return_inverse=True)
    events = np.bincount(inverse, weights=observed, minlength=len(times)).astype(np.int64)
    totals = np.bincount(inverse, minlength=len(times)).astype(np.int64)
    # at risk at t_i: everything whose duration is >= t_i, i.e. all minus what ended strictly before t_i.
    at_risk = len(durations) - np.concatenate(([0], np.cumsum(totals)[:-1]))
    survival = np.cumprod(1.0 - events / np.maximum(at_risk, 1))
    return _km_frame(
        times.tolist(), at_risk.tolist(), events.tolist(), (totals - events).tolist(), survival.tolist()
    )


def _km_frame(
    times: list[float], at_risk: list[int], events: list[int], censored: list[int], survival: list[float]
) -> pl.DataFrame:
    return pl.DataFrame(
        {"time_s": times, "at_risk": at_risk, "events": events, "censored": censored, "survival": survival},
        schema={
            "time_s": pl.Float64,
            "at_risk": pl.Int64,
            "events": pl.Int64,
            "censored": pl.Int64,
            "survival": pl.Float64,
        },
    ).with_columns((1.0 - pl.col("survival")).alias("replied_share"))


def time_to_first_reply(
    convs: pl.DataFrame, as_of_at: dt.datetime, started_by_me: bool = True
) -> pl.DataFrame:
    """Kaplan-Meier curve of time to first reply over non-excluded conversations of one direction.

    A replied conversation is an event at its latency; an unreplied one is censored at as_of - first
    message (clipped at 0: a conversation started on the export day has not been followed at all)."""
    base = _base(convs, started_by_me)
    followed = (pl.lit(as_of_at) - pl.col("first_message_at")).dt.total_seconds().cast(pl.Float64).clip(0.0)
    frame = base.select(
        pl.col("first_reply_latency_s").is_not_null().alias("observed"),
        pl.coalesce(pl.col("first_reply_latency_s"), followed).alias("duration"),
    )
    return kaplan_meier(frame["duration"].to_numpy(), frame["observed"].to_numpy())


def _reply_rate_metric(
    name: str, convs: pl.DataFrame, window_days: int, started_by_me: bool, thresholds: Thresholds, who: str
) -> Metric:
    base = _base(convs, started_by_me)
    population, window = f"{who} old enough to judge", f"{window_days} days"
    if base.height == 0:  # say what is true: not "no reply yet" but "none started"
        none = "you started no conversations" if started_by_me else "no one started a conversation with you"
        return Metric(name, None, "not_enough_data", none, 0.0, 0.0, population, window)
    judged = base.filter(~pl.col(f"censored_{window_days}d"))
    replied = int(judged[f"replied_{window_days}d"].sum())
    status_fn = (lambda v: thresholds.status("reply_rate", v)) if started_by_me else None
    return share_metric(
        name,
        replied,
        judged.height,
        thresholds.min("conversations"),
        f"{who} old enough to judge at {window_days} days",
        status_fn,
        f"{'had a reply' if started_by_me else 'were answered by you'} within {window_days} days",
        population=population,
        window=window,
    )


def _weighed_by_age(rate: Metric, convs: pl.DataFrame, now: dt.datetime, thresholds: Thresholds) -> Metric:
    """The 30-day reply rate weighed by the age of its evidence (analyses/recency.py): when the newest
    conversation the member started that went unanswered is older than the recent span, a low rate is past
    behaviour (at most watch), weighed against the rate over the conversations started within the span."""
    start = recency.cutoff(now, thresholds.recent_months)
    unanswered = _base(convs, True).filter(~pl.col("censored_30d") & ~pl.col("replied_30d"))
    if start is None or unanswered.height == 0:
        return rate
    newest = unanswered["first_message_at"].max()
    recent = convs.filter(pl.col("first_message_at") >= start)
    mine = "conversations you started"
    return recency.weigh(
        replace(rate, at=newest),  # type: ignore[arg-type]
        _reply_rate_metric(rate.metric, recent, 30, True, thresholds, mine),
        start,
        thresholds.recent_months,
    )


def _median_metric(
    name: str, convs: pl.DataFrame, started_by_me: bool, thresholds: Thresholds, who: str
) -> Metric:
    median, n = median_latency_hours(convs, started_by_me)
    minimum = thresholds.min("conversations")
    if median is None or n < minimum:
        if n == 0:
            return Metric(name, None, "not_enough_data", f"no answered {who}", population=f"answered {who}")
        few = f"{n} answered {who}: too few for a median (need at least {minimum})"
        return Metric(name, None, "not_enough_data", few, population=f"answered {who}")
    return Metric(name, median, "info", f"median over {n} answered {who}", population=f"answered {who}")


def materialize(con: duckdb.DuckDBPyConnection, thresholds: Thresholds) -> list[Metric]:
    """Create `conversations`; return the reply-rate metrics."""
    now = _as_of_or_fail(con)
    # Built in DuckDB and read back only the columns the metrics need: no round trip of the whole table.
    con.execute(f"CREATE OR REPLACE TABLE conversations AS {_conversations_sql(con)}", {"as_of": now})
    convs = fetch_frame(con.sql(f"SELECT {', '.join(_METRIC_COLUMNS)} FROM conversations"))
    excluded = convs.filter(pl.col("excluded"))
    reasons = ", ".join(
        f"{r['len']} {EXCLUSION_WORDS.get(r['exclusion_reason'], r['exclusion_reason'])}"
        for r in excluded.group_by("exclusion_reason").len().sort("exclusion_reason").iter_rows(named=True)
    )
    mine, theirs = "conversations you started", "conversations others started"
    rate_7 = _reply_rate_metric("thread_reply_rate_7d", convs, 7, True, thresholds, mine)
    rate_30 = _reply_rate_metric("thread_reply_rate_30d", convs, 30, True, thresholds, mine)
    if rate_30.value is not None:  # one verdict on "a low response rate": the 30-day rate's (docs/metrics.md)
        rate_7 = rate_7.with_detail(rate_7.detail, "info")
        rate_30 = _weighed_by_age(rate_30, convs, now, thresholds)
    mine_30 = _reply_rate_metric("my_reply_rate_30d", convs, 30, False, thresholds, theirs)
    if excluded.height:
        note = f"; {excluded.height} left out as not your conversations ({reasons})"
        rate_30, mine_30 = (m.with_detail(m.detail + note) for m in (rate_30, mine_30))
    return [
        rate_7,
        rate_30,
        _median_metric("median_first_reply_hours", convs, True, thresholds, mine),
        mine_30,
        _median_metric("my_median_reply_hours", convs, False, thresholds, theirs),
    ]


def stranger_thread_share(
    convs: pl.DataFrame, minimum: int, thresholds: Thresholds, start: dt.datetime | None = None
) -> Metric:
    """Owner-started, non-excluded conversations with a non-connection among the others / all of them;
    weighed by the age of the newest such conversation from `start` on (analyses/recency.py)."""
    base = convs.filter(pl.col("started_by_me") & ~pl.col("excluded"))
    strangers = base.filter(pl.col("recipient_is_connection").not_())

    def share(frame: pl.DataFrame) -> Metric:
        return share_metric(
            "stranger_thread_share",
            frame.filter(pl.col("recipient_is_connection").not_()).height,
            frame.height,
            minimum,
            "conversations you started",
            lambda v: thresholds.status("stranger_thread_share", v),
        )

    full = share(base)
    if start is None or full.value is None or strangers.height == 0:
        return full
    newest = strangers["first_message_at"].max()
    return recency.weigh(
        replace(full, at=newest),  # type: ignore[arg-type]
        share(base.filter(pl.col("first_message_at") >= start)),
        start,
        thresholds.recent_months,
    )
