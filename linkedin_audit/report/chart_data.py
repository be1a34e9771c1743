"""Chart-ready frames for the notebooks: small aggregates read from the model and analysis relations (the
queries; chart_frames.py shapes frames already read).

Why a module: the notebooks stay free of SQL and logic, and every chart gets an aggregate (a few hundred
rows at most) instead of raw rows, so no chart meets Altair's row limit. No measure is computed here: the
measures live in `linkedin_audit.analyses`; this module only counts, and hands labels and ordering to
chart_frames.py. The model's relations (docs/schema.md, "Model") exist in every built database and are read
without a check; an analysis relation can be absent (an ingest without analyses): then a function returns
None or an empty frame so the notebook can say so in words."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from linkedin_audit.config import Thresholds
from linkedin_audit.db import relation_exists, scalar
from linkedin_audit.network import reach
from linkedin_audit.report import chart_frames
from linkedin_audit.vocabulary import WEEKDAYS as WEEKDAYS  # the notebooks sort the heat map by it


def relation(con: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame | None:
    """A whole relation as a frame (for the analyses' own frame functions), None when it does not exist."""
    if not relation_exists(con, name):
        return None
    return con.sql(f'SELECT * FROM "{name}"').pl()


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    return int(scalar(con, sql, params) or 0)


def export_date(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The newest export's date: where every month axis ends."""
    return scalar(con, "SELECT max(export_date) FROM exports")


# --- overview -------------------------------------------------------------------------------------------


def exports_table(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The ingested exports, oldest first (what the audit covers)."""
    return con.sql("SELECT export_id, export_date, kind, files, rows FROM exports ORDER BY export_id").pl()


def data_window(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """For each kind of record: how many rows and the first and last date, so the reader sees each window."""
    return con.sql("""
        SELECT 'connections' AS records, count(*)::BIGINT AS n, min(connected_on)::DATE AS first,
               max(connected_on)::DATE AS last
        FROM connections
        UNION ALL
        SELECT 'invitations (' || direction || ')', count(*), min(sent_at)::DATE, max(sent_at)::DATE
        FROM invitations GROUP BY direction
        UNION ALL
        SELECT 'messages (without drafts)', count(*), min(sent_at)::DATE, max(sent_at)::DATE
        FROM messages WHERE NOT is_draft""").pl()


def summary(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """audit_summary, worst status first."""
    if not relation_exists(con, "audit_summary"):
        return None
    return con.sql("""
        SELECT metric, value, status, detail FROM audit_summary
        ORDER BY CASE status WHEN 'high' THEN 0 WHEN 'watch' THEN 1 WHEN 'ok' THEN 2 WHEN 'info' THEN 3
                 ELSE 4 END, metric""").pl()


def risk(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """risk_checklist as stored (its order is the checklist's)."""
    if not relation_exists(con, "risk_checklist"):
        return None
    return con.sql("SELECT trigger, value, status, evidence FROM risk_checklist").pl()


# --- invitations ----------------------------------------------------------------------------------------


def invitation_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Outgoing and incoming invitation counts."""
    rows = dict(con.execute("SELECT direction, count(*) FROM invitations GROUP BY direction").fetchall())
    return {"outgoing": int(rows.get("outgoing", 0)), "incoming": int(rows.get("incoming", 0))}


def note_kinds_by_recipient(con: duckdb.DuckDBPyConnection, direction: str = "outgoing") -> pl.DataFrame:
    """Invitations per note kind, split by whether the other side was a stranger (invitation_notes)."""
    if not relation_exists(con, "invitation_notes"):
        return pl.DataFrame(schema={"recipient": pl.String, "note_kind": pl.String, "n": pl.Int64})
    frame = con.sql(
        """
        SELECT CASE WHEN recipient_is_stranger THEN 'stranger (no earlier message)'
                    WHEN NOT recipient_is_stranger THEN 'someone already messaged'
                    ELSE 'unknown' END AS recipient,
               note_kind, count(*)::BIGINT AS n
        FROM invitation_notes WHERE direction = $d GROUP BY ALL ORDER BY ALL""",
        params={"d": direction},
    ).pl()
    return chart_frames.note_kind_labelled(frame)


def note_kinds_by_month(con: duckdb.DuckDBPyConnection, direction: str = "outgoing") -> pl.DataFrame:
    """Invitations per month and note kind."""
    if not relation_exists(con, "invitation_notes"):
        return pl.DataFrame(schema={"month": pl.Date, "note_kind": pl.String, "n": pl.Int64})
    frame = con.sql(
        """
        SELECT date_trunc('month', sent_at)::DATE AS month, note_kind, count(*)::BIGINT AS n
        FROM invitation_notes WHERE direction = $d AND sent_at IS NOT NULL GROUP BY ALL ORDER BY ALL""",
        params={"d": direction},
    ).pl()
    return chart_frames.note_kind_labelled(frame)


def top_templates(con: duckdb.DuckDBPyConnection, kind: str, limit: int = 15) -> pl.DataFrame:
    """The most used templates of one kind (`invitation_note` or `message`), with their use window."""
    if not relation_exists(con, "templates"):
        return pl.DataFrame(schema={"template_id": pl.String, "masked_text": pl.String, "n": pl.Int64})
    return con.sql(
        """
        SELECT template_id, masked_text, n::BIGINT AS n, first_used::DATE AS first_used,
               last_used::DATE AS last_used
        FROM templates WHERE kind = $k ORDER BY n DESC, template_id LIMIT $l""",
        params={"k": kind, "l": limit},
    ).pl()


# --- sending --------------------------------------------------------------------------------------------


def sent_message_count(con: duckdb.DuckDBPyConnection) -> int:
    return _count(con, "SELECT count(*) FROM sent_messages")


def monthly_volume(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Sent messages and outgoing invitations per calendar month."""
    return con.sql("""
        SELECT date_trunc('month', sent_at)::DATE AS month, 'messages sent' AS stream, count(*)::BIGINT AS n
        FROM sent_messages WHERE sent_at IS NOT NULL GROUP BY ALL
        UNION ALL
        SELECT date_trunc('month', sent_at)::DATE, 'invitations sent', count(*)::BIGINT
        FROM sent_invitations WHERE sent_at IS NOT NULL GROUP BY ALL
        ORDER BY 1, 2""").pl()


def hour_weekday(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Sent messages per (weekday, hour) in the owner's local time, every cell listed: the one local time
    of a send (analyses/local_time.py), so the night cells add up to night_send_share's count."""
    from linkedin_audit.analyses import local_time

    return local_time.hour_weekday(con)


def clock_subtitle(con: duckdb.DuckDBPyConnection) -> str:
    """Which clock the heat map (and the night share) use and why (owner_clock): the profile's zone, a
    confident inference, or UTC because the clock is uncertain."""
    rows = (  # fetched to the end: duckdb 2.0 refuses the next con.sql() after a partial read
        con.execute("SELECT zone, source, confidence, utc_offsets FROM owner_clock").fetchall()
        if relation_exists(con, "owner_clock")
        else []
    )
    row = rows[0] if rows else None
    if row is None:
        return "hours in UTC"
    zone, source, confidence, offsets = row
    if source == "profile_location":
        return f"local time in {zone} ({offsets}), from your profile's location today, applied to all years"
    if source == "inferred":
        return f"local time {offsets}, inferred from when you send (confidence {confidence:.0%})"
    if source == "no_sends":
        return "hours in UTC"
    return "hours in UTC: your clock is uncertain (no known location, no clear daily rhythm)"


def rolling_vs_thresholds(con: duckdb.DuckDBPyConnection, thresholds: Thresholds) -> pl.DataFrame:
    """The rolling-window maxima from audit_summary next to their watch and high thresholds."""
    return chart_frames.rolling_against(summary(con), thresholds)


def metrics(con: duckdb.DuckDBPyConnection, names: tuple[str, ...]) -> pl.DataFrame:
    """Selected rows of audit_summary, in the order asked."""
    return chart_frames.metrics_in_order(summary(con), names)


def largest_bursts(con: duckdb.DuckDBPyConnection, limit: int = 15) -> pl.DataFrame | None:
    """Each burst of send_bursts once (same start, end and size), with every stream, window, train and
    clockwork run it tops, largest first; None when the relation is absent."""
    if not relation_exists(con, "send_bursts"):
        return None
    return con.sql(
        """
        WITH labelled AS (
            SELECT start_at, end_at, n, replace(stream, '_', ' ') AS stream,
                   CASE kind WHEN 'window'
                        THEN (CASE rank WHEN 1 THEN 'busiest ' ELSE '#' || rank || ' busiest ' END)
                             || replace(replace(replace("window", '24h', '24 hours'), '7d', '7 days'),
                                        '1h', 'hour')
                             WHEN 'train' THEN 'run with ' || replace("window", 'gap<=', 'gaps up to ')
                             ELSE kind || ' ' || "window" END AS found
            FROM send_bursts)
        SELECT start_at AS "start", end_at AS "end", n::BIGINT AS sends,
               string_agg(DISTINCT stream, ', ' ORDER BY stream) AS streams,
               string_agg(DISTINCT found, '; ' ORDER BY found) AS tops
        FROM labelled GROUP BY start_at, end_at, n
        ORDER BY n DESC, start_at LIMIT $l""",
        params={"l": limit},
    ).pl()


# --- network --------------------------------------------------------------------------------------------


def _current_connections(con: duckdb.DuckDBPyConnection) -> str:
    """The `connections` the member still has, as a relation to read FROM: those gone from the newest export
    (`connection_profile.still_connected` false) are left out, as `who` and "Where you know people" leave
    them out; hidden (date-only) rows cannot be followed across exports and stay."""
    if not reach.available(con):
        return "connections"
    return (
        "(SELECT * FROM connections c WHERE NOT EXISTS (SELECT 1 FROM connection_profile p "
        "WHERE p.person_id = c.person_id AND NOT p.still_connected))"
    )


def connections_by_month(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """New connections per month and the running total (of the connections the member still has)."""
    return con.sql(f"""
        SELECT month, new, sum(new) OVER (ORDER BY month)::BIGINT AS total FROM (
            SELECT date_trunc('month', connected_on)::DATE AS month, count(*)::BIGINT AS new
            FROM {_current_connections(con)} WHERE connected_on IS NOT NULL GROUP BY ALL)
        ORDER BY month""").pl()


def connection_count(con: duckdb.DuckDBPyConnection) -> int:
    """The connections the member still has (hidden rows included)."""
    return _count(con, f"SELECT count(*) FROM {_current_connections(con)}")


def top_values(con: duckdb.DuckDBPyConnection, column: str, limit: int = 20) -> pl.DataFrame:
    """The most frequent companies or positions among connections (`column` is company or position).
    Companies are employers, their spellings merged by the conservative rule (`connection_profile`,
    docs/metrics.md "Companies"; case- and space-insensitive only when that relation is absent); positions
    match case- and space-insensitively. The label is the most frequent spelling."""
    if column not in ("company", "position"):
        return pl.DataFrame(schema={"value": pl.String, "n": pl.Int64})
    if column == "company" and reach.available(con):  # employers, spellings merged: the report's own count
        return reach.companies(con, limit).select(
            pl.col("employer").alias("value"), pl.col("connections").alias("n")
        )
    return con.sql(f"""
        SELECT mode(trim({column})) AS value, count(*)::BIGINT AS n
        FROM {_current_connections(con)} WHERE coalesce(trim({column}), '') <> ''
        GROUP BY lower(regexp_replace(trim({column}), '\\s+', ' ', 'g'))
        ORDER BY n DESC, value LIMIT {int(limit)}""").pl()


def distinct_count(con: duckdb.DuckDBPyConnection, column: str) -> int:
    if column not in ("company", "position"):
        return 0
    if column == "company" and reach.available(con):
        return reach.company_counts(con)[0]
    return _count(
        con,
        f"SELECT count(DISTINCT lower(trim({column}))) FROM {_current_connections(con)} "
        f"WHERE coalesce(trim({column}), '') <> ''",
    )


def my_positions(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The owner's positions, newest first."""
    return con.sql(
        "SELECT company_name, title, started_on, finished_on FROM positions "
        "ORDER BY started_on DESC NULLS LAST"
    ).pl()


def hidden_connection_count(con: duckdb.DuckDBPyConnection) -> int:
    return _count(con, "SELECT count(*) FROM connections WHERE is_hidden")
