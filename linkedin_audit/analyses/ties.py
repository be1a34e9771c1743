"""How strong is each connection, and how much of the network is people the member never talks to?
(docs/metrics.md "Ties")

One row per connection with a name or a URL. **Contact events** are the non-draft messages of every
conversation the person takes part in (groups included: a group message is a contact that day with each
member), plus endorsements and recommendations either way. Of those messages, the owner's count as
`messages_sent`, the person's own as `messages_received` (reciprocity uses these two only).

Classes (checked in this order):
- `never`: no message either way, no endorsement and no recommendation either way, ever;
- `dormant`: at least 3 distinct contact days, and the silence since the last contact day is longer than
  max(180 days, 8 x the median gap between consecutive contact days): Navarro et al. (2017) find a tie
  likely to decay after a silence of about 8 times its usual inter-contact gap;
- `strong`: an explicit rule, not a score cut-off: 5 or more contact days, reciprocal (both the owner and
  the person wrote at least one message) and the last contact within 180 days of as_of;
- `weak`: every other tie with some contact.

The score (0-100) ranks ties within and across classes; its weights follow the evidence:
- 35 frequency   = min(contact_days, 10) / 10. Urena-Carrion et al. (2020): in communication logs the
                   number of days with contact predicts tie strength best.
- 25 recency     = max(0, 1 - days_since_last_contact / 360). Gilbert & Karahalios (CHI 2009): recency
                   (days since last communication) is the strongest single predictor.
- 15 reciprocity = min(sent, received) / max(sent, received) over messages (0 when one side never wrote).
- 10 duration    = min(1, days since first contact / 1825). Gilbert & Karahalios: duration is next.
- 10 support     = min(1, (endorsements either way + 2 x recommendations either way) / 4): the
                   social-support dimension of Gilbert & Karahalios.
-  5 context     = 1 when the connection's company matches an employer or school of the owner
                   (structural / social-distance dimension).
A never tie scores 0 except for shared context. The class does not need the score, so a reader can check
it by hand; the score orders the action lists.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from linkedin_audit.analyses.common import Metric, as_of, fetch_frame, share_metric, write_table
from linkedin_audit.analyses.orgs import member_orgs, org_matches
from linkedin_audit.config import Thresholds
from linkedin_audit.db import require
from linkedin_audit.vocabulary import CANNED_NOTE_KINDS

METRICS = ("never_interacted_share", "weak_tie_share", "dormant_tie_share", "strong_tie_share")
"""The headline metrics `materialize` returns, in order."""

WEIGHTS = {
    "frequency": 35.0,
    "recency": 25.0,
    "reciprocity": 15.0,
    "duration": 10.0,
    "support": 10.0,
    "context": 5.0,
}
FREQUENCY_SATURATION_DAYS = 10
RECENCY_HORIZON_DAYS = 360
DURATION_SATURATION_DAYS = 1825
SUPPORT_SATURATION = 4
STRONG_MIN_CONTACT_DAYS = 5
STRONG_MAX_SILENCE_DAYS = 180
DORMANT_MIN_CONTACT_DAYS = 3
DORMANT_MIN_SILENCE_DAYS = 180
DORMANT_GAP_FACTOR = 8

# One row per tie with any contact event: aggregated in DuckDB, so the ~1M (tie, event) rows of a maximal
# export never reach Python.
_PER_TIE_SQL = """
WITH person_map AS (SELECT DISTINCT person_id, connection_person_id FROM person_connections),
msgs AS (SELECT * FROM conversation_messages),
members AS (
    SELECT conversation_id, person_id FROM conversation_participants
    WHERE NOT coalesce(is_me, false) AND person_id IS NOT NULL
    UNION
    SELECT conversation_id, sender_person_id FROM msgs
    WHERE NOT coalesce(is_from_me, false) AND sender_person_id IS NOT NULL
),
events AS (
    -- every message of a conversation the person takes part in is a contact that day; who wrote it
    -- decides whether it counts as sent (the owner), received (the person) or neither (a third member).
    SELECT cm.person_id, m.sent_at AS at,
           CASE WHEN coalesce(m.is_from_me, false) THEN 'message_sent'
                WHEN m.sender_person_id = cm.person_id THEN 'message_received'
                ELSE 'message_other' END AS kind
    FROM msgs m JOIN members cm ON cm.conversation_id = m.conversation_id
    UNION ALL
    SELECT person_id, endorsed_at,
           CASE WHEN direction = 'given' THEN 'endorsement_given' ELSE 'endorsement_received' END
    FROM endorsements WHERE person_id IS NOT NULL
    UNION ALL
    SELECT person_id, created_at,
           CASE WHEN direction = 'given' THEN 'recommendation_given' ELSE 'recommendation_received' END
    FROM recommendations WHERE person_id IS NOT NULL
),
tie_events AS (
    SELECT pm.connection_person_id, e.kind, e.at AS contact_at
    FROM events e JOIN person_map pm ON pm.person_id = e.person_id
    WHERE pm.connection_person_id IS NOT NULL
),
counts AS (
    SELECT connection_person_id,
           count(*) FILTER (WHERE kind = 'message_sent') AS messages_sent,
           count(*) FILTER (WHERE kind = 'message_received') AS messages_received,
           count(*) FILTER (WHERE kind = 'endorsement_given') AS endorsements_given,
           count(*) FILTER (WHERE kind = 'endorsement_received') AS endorsements_received,
           count(*) FILTER (WHERE kind = 'recommendation_given') AS recommendations_given,
           count(*) FILTER (WHERE kind = 'recommendation_received') AS recommendations_received,
           count(*) AS contact_events, min(contact_at) AS first_contact_at,
           max(contact_at) AS last_contact_at
    FROM tie_events GROUP BY connection_person_id
),
contact_days AS (
    SELECT DISTINCT connection_person_id, CAST(contact_at AS DATE) AS day
    FROM tie_events WHERE contact_at IS NOT NULL
),
gaps AS (
    SELECT connection_person_id, day,
           CAST(day - lag(day) OVER (PARTITION BY connection_person_id ORDER BY day) AS DOUBLE) AS gap
    FROM contact_days
),
day_stats AS (
    -- contact days, the last one, and the median gap between consecutive ones (NULL with a single day;
    -- with an even count the mean of the middle two, exact for whole days)
    SELECT connection_person_id, count(*) AS contact_days, max(day) AS last_contact_day,
           median(gap) AS median_gap_days
    FROM gaps GROUP BY connection_person_id
)
SELECT * FROM counts LEFT JOIN day_stats USING (connection_person_id)
"""

_INVITES_SQL = """
WITH person_map AS (SELECT DISTINCT person_id, connection_person_id FROM person_connections),
inv AS (
    SELECT i.invitation_id, i.direction, i.sent_at, n.note_kind, pm.connection_person_id
    FROM invitations i
    LEFT JOIN invitation_notes n USING (invitation_id)
    JOIN person_map pm ON pm.person_id = i.counterparty_person_id
    WHERE pm.connection_person_id IS NOT NULL
)
SELECT connection_person_id,
       arg_max(direction, sent_at) AS invitation_direction,
       arg_max(note_kind, sent_at) AS invitation_note_kind,
       bool_or(note_kind = 'personal') AS personal_note
FROM inv GROUP BY connection_person_id
"""

INPUTS = (
    "messages",
    "conversation_participants",
    "endorsements",
    "recommendations",
    "invitations",
    "connections",
    "positions",
    "education",
    "person_connections",
    "invitation_notes",
)
"""What `tie_strength` reads: the model (endorsements, recommendations, positions and education exist, empty,
when the export lacks their files), and `invitation_notes` from the invites step."""


def tie_strength(con: duckdb.DuckDBPyConnection, as_of_at: dt.datetime | None = None) -> pl.DataFrame:
    """One row per connection with a name or URL: features, score and class (columns in docs/schema.md)."""
    now_ts = as_of_at or as_of(con)
    if now_ts is None:
        raise ValueError("no export in the database: as_of is undefined")
    now = now_ts.date()
    require(con, "tie_strength", *INPUTS)
    per_tie = fetch_frame(con.sql(_PER_TIE_SQL))
    invites = fetch_frame(con.sql(_INVITES_SQL))
    conns = fetch_frame(
        con.sql("""
        SELECT person_id, name, url_key, company, position, connected_on
        FROM connections
        WHERE coalesce(trim(name), '') <> '' OR url_key IS NOT NULL
        ORDER BY connected_on, person_id
    """)
    )
    frame = conns.join(per_tie, left_on="person_id", right_on="connection_person_id", how="left").join(
        invites, left_on="person_id", right_on="connection_person_id", how="left"
    )
    count_cols = [
        "messages_sent",
        "messages_received",
        "endorsements_given",
        "endorsements_received",
        "recommendations_given",
        "recommendations_received",
        "contact_events",
        "contact_days",
    ]
    frame = frame.with_columns([pl.col(c).fill_null(0).cast(pl.Int64) for c in count_cols])
    orgs_emp = org_matches(frame["company"].to_list(), member_orgs(con, "positions", "company_name"))
    orgs_sch = org_matches(frame["company"].to_list(), member_orgs(con, "education", "school_name"))
    silence = (pl.lit(now) - pl.col("last_contact_day")).dt.total_days()
    frame = frame.with_columns(
        silence.alias("days_since_last_contact"),
        (
            (pl.col("contact_days") >= DORMANT_MIN_CONTACT_DAYS)
            & pl.col("median_gap_days").is_not_null()
            & (
                silence
                > pl.max_horizontal(
                    pl.lit(DORMANT_MIN_SILENCE_DAYS), DORMANT_GAP_FACTOR * pl.col("median_gap_days")
                )
            )
        )
        .fill_null(False)
        .alias("_dormant"),
        pl.col("company")
        .replace_strict(orgs_emp, default=False, return_dtype=pl.Boolean)
        .fill_null(False)
        .alias("shared_employer"),
        pl.col("company")
        .replace_strict(orgs_sch, default=False, return_dtype=pl.Boolean)
        .fill_null(False)
        .alias("shared_school"),
    )
    return _score_and_class(frame, now)


def _score_and_class(frame: pl.DataFrame, now: dt.date) -> pl.DataFrame:
    now_lit = pl.lit(now)
    first_contact = pl.col("first_contact_at").dt.date()
    sent, received = pl.col("messages_sent"), pl.col("messages_received")
    frame = frame.with_columns(
        pl.when((sent > 0) & (received > 0))
        .then(pl.min_horizontal(sent, received) / pl.max_horizontal(sent, received))
        .otherwise(0.0)
        .alias("reciprocity"),
        (now_lit - first_contact).dt.total_days().alias("days_since_first_contact"),
        (now_lit - pl.min_horizontal(pl.col("connected_on"), first_contact))
        .dt.total_days()
        .alias("days_known"),
    ).with_columns(
        ((sent > 0) & (received > 0)).alias("reciprocal"),
        (
            pl.min_horizontal(pl.col("contact_days"), FREQUENCY_SATURATION_DAYS) / FREQUENCY_SATURATION_DAYS
        ).alias("_frequency"),
        (1 - pl.col("days_since_last_contact") / RECENCY_HORIZON_DAYS)
        .clip(0.0, 1.0)
        .fill_null(0.0)
        .alias("_recency"),
        (pl.col("days_since_first_contact") / DURATION_SATURATION_DAYS)
        .clip(0.0, 1.0)
        .fill_null(0.0)
        .alias("_duration"),
        (
            (
                pl.col("endorsements_given")
                + pl.col("endorsements_received")
                + 2 * (pl.col("recommendations_given") + pl.col("recommendations_received"))
            )
            / SUPPORT_SATURATION
        )
        .clip(0.0, 1.0)
        .alias("_support"),
        (pl.col("shared_employer") | pl.col("shared_school")).cast(pl.Float64).alias("_context"),
    )
    score = (
        WEIGHTS["frequency"] * pl.col("_frequency")
        + WEIGHTS["recency"] * pl.col("_recency")
        + WEIGHTS["reciprocity"] * pl.col("reciprocity")
        + WEIGHTS["duration"] * pl.col("_duration")
        + WEIGHTS["support"] * pl.col("_support")
        + WEIGHTS["context"] * pl.col("_context")
    )
    strong = (
        (pl.col("contact_days") >= STRONG_MIN_CONTACT_DAYS)
        & pl.col("reciprocal")
        & (pl.col("days_since_last_contact") <= STRONG_MAX_SILENCE_DAYS)
    )
    tie_class = (
        pl.when(pl.col("contact_events") == 0)
        .then(pl.lit("never"))
        .when(pl.col("_dormant"))
        .then(pl.lit("dormant"))
        .when(strong)
        .then(pl.lit("strong"))
        .otherwise(pl.lit("weak"))
    )
    return frame.with_columns(score.round(2).alias("score"), tie_class.alias("tie_class")).select(
        "person_id",
        "name",
        "url_key",
        "company",
        "position",
        "connected_on",
        "messages_sent",
        "messages_received",
        "contact_days",
        "contact_events",
        "reciprocal",
        "reciprocity",
        "first_contact_at",
        "last_contact_at",
        "days_since_last_contact",
        "median_gap_days",
        "days_since_first_contact",
        "days_known",
        "endorsements_given",
        "endorsements_received",
        "recommendations_given",
        "recommendations_received",
        "invitation_direction",
        "invitation_note_kind",
        "personal_note",
        "shared_employer",
        "shared_school",
        "score",
        "tie_class",
    )


def dormant_worth_reviving(ties: pl.DataFrame, limit: int | None = 25) -> pl.DataFrame:
    """Dormant ties the member took part in (at least one message from the member), strongest first: people
    the member once talked to often, now silent for long. A one-sided inbound stream is not a tie to revive:
    it is in `unanswered_inbound`."""
    out = ties.filter((pl.col("tie_class") == "dormant") & (pl.col("messages_sent") >= 1)).sort(
        ["score", "contact_days"], descending=True
    )
    return out.head(limit) if limit else out


def unanswered_inbound(ties: pl.DataFrame, limit: int | None = None) -> pl.DataFrame:
    """Connections who wrote to the member and never got a message back (any class), most messages first."""
    out = ties.filter((pl.col("messages_received") >= 1) & (pl.col("messages_sent") == 0)).sort(
        ["messages_received", "last_contact_at"], descending=True, nulls_last=True
    )
    return out.head(limit) if limit else out


def canned_never_interacted(ties: pl.DataFrame, limit: int | None = None) -> pl.DataFrame:
    """Never-interacted connections whose invitation (either way) carried no note, the stock text or a
    template: the random connections where following would serve better than connecting."""
    out = ties.filter(
        (pl.col("tie_class") == "never") & pl.col("invitation_note_kind").is_in(list(CANNED_NOTE_KINDS))
    )
    out = out.sort("connected_on", descending=True, nulls_last=True)
    return out.head(limit) if limit else out


def strongest_ties(ties: pl.DataFrame, limit: int = 25) -> pl.DataFrame:
    """The highest-scoring ties that are not dormant."""
    return ties.filter(pl.col("tie_class") != "dormant").sort("score", descending=True).head(limit)


def materialize(con: duckdb.DuckDBPyConnection, thresholds: Thresholds) -> list[Metric]:
    """Create `tie_strength`; return the four class shares."""
    ties = tie_strength(con)
    write_table(con, "tie_strength", ties)
    total = ties.height
    counts = dict(ties.group_by("tie_class").len().iter_rows())
    minimum = thresholds.min("connections")
    return [
        share_metric(
            name,
            int(counts.get(cls, 0)),
            total,
            minimum,
            f"connections ({cls} ties)",
            population="connections",
        )
        for name, cls in (
            ("never_interacted_share", "never"),
            ("weak_tie_share", "weak"),
            ("dormant_tie_share", "dormant"),
            ("strong_tie_share", "strong"),
        )
    ]
