"""The member's own public activity against their asking (relation `engagement_months`; docs/metrics.md,
"Engagement").

Definitions (months are calendar months in UTC; the comparison is the member's own history, no norm):
- `engagement_months`: one row per month from the first month with any action, outgoing invitation or cold
  thread start through the newest export's month: posts, comments, reactions, votes (from `engagement`),
  `invitations_sent` (outgoing invitations), `cold_starts`, `give` = posts + comments, `ask` =
  invitations_sent + cold_starts, and `ask_rank` (1 = the month with the most invitations sent; NULL for a
  month with none).
- A cold thread start is a conversation the member started (not sponsored, spam, hidden-sender or
  marketing) in which no other participant had been in any earlier conversation with the member.
- `public_activity_month_share` = months with at least one action / months from the first action's month
  through the newest export's month (minimum MIN_MONTHS = 3 months).
- `comments_in_top_invite_months` = comments in the TOP_MONTHS months with the most outgoing invitations
  (ties: the earlier month); NULL without invitations. Its detail gives the median of the other months.
- `give_ask_ratio` = (posts + comments) / (invitations sent + cold thread starts) over the months from the
  first month with an outgoing invitation (Invitations.csv covers only recent months: earlier months would
  count the asks as none); NULL when there is no ask.
- Both `comments_in_top_invite_months` and `give_ask_ratio` are NULL (not_enough_data) when the export holds
  no public activity at all (a Basic archive has no activity files: "0 comments" would be a guess) or fewer
  than the `invitations` minimum of outgoing invitations (three invitations have no busiest months).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from linkedin_audit.analyses.common import Metric, fetch_frame, share_metric, write_table
from linkedin_audit.config import Thresholds
from linkedin_audit.db import require

METRICS = ("public_activity_month_share", "comments_in_top_invite_months", "give_ask_ratio")
"""The headline metrics `materialize` returns, in order."""

TOP_MONTHS = 3
MIN_MONTHS = 3
KIND_COLUMNS = {"post": "posts", "comment": "comments", "reaction": "reactions", "vote": "votes"}

MONTHS_SQL = """
WITH flat AS (
    SELECT c.conversation_id, c.first_message_at, unnest(c.participant_ids) AS pid FROM conversations c
),
first_seen AS (SELECT pid, min(first_message_at) AS first_at FROM flat GROUP BY pid),
cold AS (
    SELECT c.conversation_id, any_value(c.first_message_at) AS started_at
    FROM conversations c JOIN flat f ON f.conversation_id = c.conversation_id
    JOIN first_seen s ON s.pid = f.pid
    WHERE c.started_by_me AND NOT c.excluded
    GROUP BY c.conversation_id
    HAVING bool_and(s.first_at >= c.first_message_at)
),
events AS (
    SELECT month, kind FROM engagement WHERE month IS NOT NULL
    UNION ALL
    SELECT CAST(date_trunc('month', sent_at) AS DATE), 'invitation'
    FROM sent_invitations WHERE sent_at IS NOT NULL
    UNION ALL
    SELECT CAST(date_trunc('month', started_at) AS DATE), 'cold_start' FROM cold
),
span AS (
    SELECT min(month) AS lo, CAST(date_trunc('month', (SELECT max(export_date) FROM exports)) AS DATE) AS hi
    FROM events
),
months AS (
    SELECT CAST(unnest(generate_series(lo, greatest(lo, hi), INTERVAL 1 MONTH)) AS DATE) AS month
    FROM span WHERE lo IS NOT NULL
),
counted AS (
    SELECT m.month,
           count(e.kind) FILTER (WHERE e.kind = 'post') AS posts,
           count(e.kind) FILTER (WHERE e.kind = 'comment') AS comments,
           count(e.kind) FILTER (WHERE e.kind = 'reaction') AS reactions,
           count(e.kind) FILTER (WHERE e.kind = 'vote') AS votes,
           count(e.kind) FILTER (WHERE e.kind = 'invitation') AS invitations_sent,
           count(e.kind) FILTER (WHERE e.kind = 'cold_start') AS cold_starts
    FROM months m LEFT JOIN events e ON e.month = m.month
    GROUP BY m.month
)
SELECT month, posts, comments, reactions, votes, invitations_sent, cold_starts,
       posts + comments AS give, invitations_sent + cold_starts AS ask,
       CASE WHEN invitations_sent > 0
            THEN row_number() OVER (ORDER BY invitations_sent DESC, month) END AS ask_rank
FROM counted ORDER BY month
"""

SCHEMA = {
    "month": pl.Date,
    "posts": pl.Int64,
    "comments": pl.Int64,
    "reactions": pl.Int64,
    "votes": pl.Int64,
    "invitations_sent": pl.Int64,
    "cold_starts": pl.Int64,
    "give": pl.Int64,
    "ask": pl.Int64,
    "ask_rank": pl.Int64,
}


def engagement_months(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The `engagement_months` relation (see the module docstring)."""
    require(con, "engagement", "engagement", "invitations", "conversations", "exports")
    frame = fetch_frame(con.sql(MONTHS_SQL))
    return frame.cast(SCHEMA) if frame.height else pl.DataFrame(schema=SCHEMA)  # type: ignore[arg-type]


def _activity_share(months: pl.DataFrame) -> Metric:
    actions = months.with_columns(n=pl.sum_horizontal(*KIND_COLUMNS.values()))
    first = actions.filter(pl.col("n") > 0)["month"].min()
    population = "months since your first post, comment, reaction or vote"
    if first is None:  # nothing to count months from: say why, not "no months since your first post ..."
        return Metric(
            "public_activity_month_share", None, "not_enough_data", NO_ACTIVITY, 0.0, 0.0, population
        )
    since = actions.filter(pl.col("month") >= first)
    active = int((since["n"] > 0).sum())
    return share_metric(
        "public_activity_month_share",
        active,
        since.height,
        MIN_MONTHS,
        "months since your first post, comment, reaction or vote had at least one",
        population=population,
    )


NO_ACTIVITY = "the export holds no post, comment, reaction or vote (a Basic archive has none of these files)"


def _unknown(months: pl.DataFrame, minimum: int) -> str | None:
    """Why the give-and-ask measures cannot be read: an export with no public activity at all cannot tell
    "never commented" from "no activity files" (so "0 comments" would be a guess), and a handful of
    invitations has no busiest months to speak of."""
    if months.height == 0 or months.select(pl.sum_horizontal(*KIND_COLUMNS.values()).sum()).item() == 0:
        return NO_ACTIVITY
    sent = int(months["invitations_sent"].sum())
    if sent == 0:
        return "no invitations sent"
    if sent < minimum:
        return f"only {sent} invitations sent (need at least {minimum})"
    return None


def _top_invite_months(months: pl.DataFrame, minimum: int = 0) -> Metric:
    top = months.filter(pl.col("ask_rank") <= TOP_MONTHS)
    if top.height == 0:
        return Metric("comments_in_top_invite_months", None, "not_enough_data", "no invitations sent")
    if (why := _unknown(months, minimum)) is not None:
        return Metric("comments_in_top_invite_months", None, "not_enough_data", why)
    first = months.filter(pl.col("posts") + pl.col("comments") + pl.col("reactions") + pl.col("votes") > 0)[
        "month"
    ].min()
    others = months.filter(pl.col("ask_rank").is_null() | (pl.col("ask_rank") > TOP_MONTHS))
    if first is not None:
        others = others.filter(pl.col("month") >= first)
    median = float(others["comments"].median() or 0) if others.height else None  # type: ignore[arg-type]
    names = ", ".join(m.strftime("%b %Y") for m in top.sort("month")["month"])
    other = (
        f"; a median of {median:g} a month in your other {others.height} months" if median is not None else ""
    )
    comments, invites = int(top["comments"].sum()), int(top["invitations_sent"].sum())
    return Metric(
        "comments_in_top_invite_months",
        float(comments),
        "info",
        f"{comments} comments in {names} ({invites} invitations sent){other}",
        numerator=float(comments),
        population=f"comments in the {top.height} months you sent the most invitations",
    )


def _give_ask(months: pl.DataFrame, minimum: int = 0) -> Metric:
    first: dt.date | None = months.filter(pl.col("invitations_sent") > 0)["month"].min()  # type: ignore[assignment]
    if first is None:
        return Metric("give_ask_ratio", None, "not_enough_data", "no invitations sent")
    if (why := _unknown(months, minimum)) is not None:
        return Metric("give_ask_ratio", None, "not_enough_data", why)
    window = months.filter(pl.col("month") >= first)
    give, ask = int(window["give"].sum()), int(window["ask"].sum())
    detail = (
        f"{give} posts and comments against {ask} invitations and cold thread starts "
        f"since {first.strftime('%b %Y')} ({window.height} months)"
    )
    return Metric(
        "give_ask_ratio",
        give / ask if ask else None,
        "info" if ask else "not_enough_data",
        detail,
        numerator=float(give),
        denominator=float(ask),
        population="posts and comments per invitation or cold first message",
        window=f"{window.height} months",
    )


def materialize(con: duckdb.DuckDBPyConnection, thresholds: Thresholds | None = None) -> list[Metric]:
    """Create `engagement_months`; return the step's metrics."""
    months = engagement_months(con)
    write_table(con, "engagement_months", months)
    minimum = thresholds.min("invitations") if thresholds is not None else 0
    return [_activity_share(months), _top_invite_months(months, minimum), _give_ask(months, minimum)]
