"""The `connection_profile` relation: one row per connection in `tie_strength`, with what the network is
made of (company group, seniority, function) and what `who` shows (last message and who wrote it, how the
connection was made, the profile link), and whether the member still has the connection: one gone from the
newest export (its newest `added`/`removed` change in `network_changes` is `removed`) stays here, marked,
and every count of "who you know" leaves it out. Columns: docs/schema.md, "connection_profile"."""

from __future__ import annotations

import duckdb
import polars as pl

from linkedin_audit.analyses.common import fetch_frame, write_table
from linkedin_audit.db import relation_exists, require
from linkedin_audit.network.companies import group_companies
from linkedin_audit.network.titles import Rules, load_rules

INPUTS = ("tie_strength", "connections", "messages", "conversation_participants", "person_connections")

# The last message either way between the owner and each connection, in any conversation both take part in:
# the owner's messages there and the person's own (a third member's message is neither). Each conversation's
# last message of the owner's and each sender's last one are found first, then paired with the members: the
# same maximum as pairing every message with every member (~2,000,000 rows at max scale), on far fewer rows.
_LAST_MESSAGE_SQL = """
WITH person_map AS (
    SELECT DISTINCT person_id, connection_person_id FROM person_connections
    WHERE connection_person_id IS NOT NULL
),
msgs AS (
    SELECT conversation_id, sent_at, coalesce(is_from_me, false) AS mine, sender_person_id
    FROM conversation_messages WHERE sent_at IS NOT NULL
),
theirs AS (  -- each sender's last message in each conversation (every such sender is a member)
    SELECT conversation_id, sender_person_id AS person_id, max(sent_at) AS sent_at
    FROM msgs WHERE NOT mine AND sender_person_id IS NOT NULL
    GROUP BY ALL
),
members AS (
    SELECT conversation_id, person_id FROM conversation_participants
    WHERE NOT coalesce(is_me, false) AND person_id IS NOT NULL
    UNION
    SELECT conversation_id, person_id FROM theirs
),
last_mine AS (
    SELECT conversation_id, max(sent_at) AS sent_at FROM msgs WHERE mine GROUP BY ALL
),
candidates AS (
    SELECT cm.person_id, lm.sent_at, true AS mine FROM members cm JOIN last_mine lm USING (conversation_id)
    UNION ALL
    SELECT person_id, sent_at, false FROM theirs
)
SELECT pm.connection_person_id AS person_id, max(c.sent_at) AS last_message_at,
       arg_max(CASE WHEN c.mine THEN 'me' ELSE 'them' END, (c.sent_at, c.mine)) AS last_message_by
FROM candidates c JOIN person_map pm ON pm.person_id = c.person_id
GROUP BY 1
"""

# Connections the member no longer has: the newest `added`/`removed` change of the person is `removed` (a
# removed and re-added connection is current again); `removed_by` is the date of the export that first missed
# them. Hidden (date-only) rows name nobody and cannot be followed across exports: they count as current.
REMOVED_SQL = """
SELECT person_id, max(export_date) FILTER (WHERE change = 'removed') AS removed_by
FROM network_changes
WHERE change IN ('added', 'removed') AND person_id IS NOT NULL
GROUP BY person_id
HAVING arg_max(change, (export_date, change = 'removed')) = 'removed'
"""

_NOTE_WORDS = {
    "personal": "personal note",
    "no_note": "no note",
    "default_text": "LinkedIn's stock text",
    "template": "template note",
}


def connected_via(direction: str | None, note_kind: str | None) -> str | None:
    """How the connection was made, in words: whose invitation, and with what note (None: not listed)."""
    if direction is None:
        return None
    whose = "my invitation" if direction == "outgoing" else "their invitation"
    note = _NOTE_WORDS.get(note_kind or "")
    return f"{whose}, {note}" if note else whose


def connection_profile(con: duckdb.DuckDBPyConnection, rules: Rules | None = None) -> pl.DataFrame:
    """One row per connection of `tie_strength` (columns in docs/schema.md)."""
    require(con, "connection_profile", *INPUTS)
    rules = rules or load_rules()
    ties = fetch_frame(
        con.sql("""
        SELECT t.person_id, t.name, c.profile_url, t.company, t.position, t.connected_on, t.tie_class,
               t.score, t.messages_sent, t.messages_received, t.last_contact_at, t.invitation_direction,
               t.invitation_note_kind
        FROM tie_strength t
        LEFT JOIN (SELECT person_id, any_value(profile_url) AS profile_url FROM connections
                   WHERE person_id IS NOT NULL GROUP BY 1) c USING (person_id)
    """)
    )
    last = fetch_frame(con.sql(_LAST_MESSAGE_SQL))
    frame = ties.join(last, on="person_id", how="left")
    removed = (
        fetch_frame(con.sql(REMOVED_SQL))
        if relation_exists(con, "network_changes")
        else pl.DataFrame(schema={"person_id": pl.Int64, "removed_by": pl.Date})
    )
    frame = frame.join(removed.cast({"person_id": frame.schema["person_id"]}), on="person_id", how="left")
    # An employer's label is its most used spelling among the connections the member still has (as `who`
    # counts them); a spelling only removed connections used still gets its key.
    counts: dict[str, int] = {}
    for company, gone in frame.select("company", "removed_by").rows():
        if company and company.strip():
            counts[company] = counts.get(company, 0) + (gone is None)
    groups = group_companies(counts)
    by_spelling = {s: (g.key, g.label) for g in groups.values() for s, _ in g.spellings}
    titles = {t: rules.classify(t) for t in set(frame["position"].to_list())}
    rows = frame.select("company", "position", "invitation_direction", "invitation_note_kind").rows()
    extra = pl.DataFrame(
        {
            "company_key": [by_spelling.get(c or "", (None, None))[0] for c, *_ in rows],
            "company_group": [by_spelling.get(c or "", (None, None))[1] for c, *_ in rows],
            "seniority": [titles[p][0] for _, p, *_ in rows],
            "function": [titles[p][1] for _, p, *_ in rows],
            "connected_via": [connected_via(d, k) for *_, d, k in rows],
        },
        schema={
            "company_key": pl.String,
            "company_group": pl.String,
            "seniority": pl.String,
            "function": pl.String,
            "connected_via": pl.String,
        },
    )
    frame = pl.concat([frame, extra], how="horizontal")
    talked = (pl.col("messages_sent") + pl.col("messages_received")) > 0
    return frame.with_columns(
        pl.col("connected_on").dt.year().cast(pl.Int32).alias("connected_year"),
        talked.alias("talked"),
        pl.col("removed_by").is_null().alias("still_connected"),
    ).select(
        "person_id",
        "name",
        "profile_url",
        "company",
        "company_key",
        "company_group",
        "position",
        "seniority",
        "function",
        "connected_on",
        "connected_year",
        "tie_class",
        "score",
        "talked",
        "messages_sent",
        "messages_received",
        "last_contact_at",
        "last_message_at",
        "last_message_by",
        "invitation_direction",
        "invitation_note_kind",
        "connected_via",
        "still_connected",
        "removed_by",
    )


def materialize(con: duckdb.DuckDBPyConnection) -> None:
    """Create `connection_profile` (after `tie_strength`); no headline metric."""
    write_table(con, "connection_profile", connection_profile(con))
