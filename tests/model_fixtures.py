"""Hand-built model tables for analysis tests: an in-memory DuckDB with the docs/schema.md model columns,
filled from Python lists of dicts. Columns a test leaves out are NULL, so each test writes only what it
reasons about, and every expected number can be derived by hand from the rows it wrote.

Usage:
    con = model_db(
        me={"person_id": 1, "name": "Me Owner"},
        people=[{"person_id": 1, "is_me": True}, {"person_id": 2, "name": "Ann Lee"}],
        invitations=[{"invitation_id": 1, "direction": "outgoing", "sent_at": dt.datetime(2025, 1, 1)}],
    )
`exports` defaults to one export dated `export_date` (2026-01-01). `conversation_participants` is derived
from `messages` (senders and recipient url_keys resolved through `people`) unless given explicitly. Every
model relation the analyses read exists, empty when not given (as ingest builds them when the export lacks
the file), and the model's `person_connections` view is created from the package's own SQL.

`run_steps_before(con, step)` builds what an analysis step reads from the earlier steps, as the pipeline
does, for a test that calls one step alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from types import ModuleType
from typing import Any

import duckdb

from linkedin_audit.analyses import invites, pipeline, risk, templates
from linkedin_audit.analyses.common import Metric
from linkedin_audit.config import Thresholds, load_thresholds

# Column lists of docs/schema.md, "Model relations" (only the relations analyses read).
MODEL_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "exports": [
        ("export_id", "INTEGER"),
        ("name", "VARCHAR"),
        ("export_date", "DATE"),
        ("export_date_source", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("fingerprint", "VARCHAR"),
        ("files", "INTEGER"),
        ("rows", "BIGINT"),
        ("ingested_at", "TIMESTAMP"),
    ],
    "me": [
        ("person_id", "BIGINT"),
        ("name", "VARCHAR"),
        ("profile_url", "VARCHAR"),
        ("url_key", "VARCHAR"),
        ("evidence", "VARCHAR"),
    ],
    "people": [
        ("person_id", "BIGINT"),
        ("url_key", "VARCHAR"),
        ("profile_url", "VARCHAR"),
        ("name", "VARCHAR"),
        ("name_key", "VARCHAR"),
        ("is_me", "BOOLEAN"),
        ("is_connection", "BOOLEAN"),
    ],
    "connections": [
        ("person_id", "BIGINT"),
        ("first_name", "VARCHAR"),
        ("last_name", "VARCHAR"),
        ("name", "VARCHAR"),
        ("profile_url", "VARCHAR"),
        ("url_key", "VARCHAR"),
        ("email_address", "VARCHAR"),
        ("company", "VARCHAR"),
        ("position", "VARCHAR"),
        ("connected_on", "DATE"),
        ("is_hidden", "BOOLEAN"),
        ("first_export_id", "INTEGER"),
        ("last_export_id", "INTEGER"),
    ],
    "invitations": [
        ("invitation_id", "BIGINT"),
        ("direction", "VARCHAR"),
        ("sent_at", "TIMESTAMP"),
        ("from_name", "VARCHAR"),
        ("to_name", "VARCHAR"),
        ("message", "VARCHAR"),
        ("counterparty_person_id", "BIGINT"),
        ("counterparty_name", "VARCHAR"),
        ("counterparty_url_key", "VARCHAR"),
        ("first_export_id", "INTEGER"),
        ("last_export_id", "INTEGER"),
    ],
    "messages": [
        ("message_id", "BIGINT"),
        ("conversation_id", "VARCHAR"),
        ("conversation_title", "VARCHAR"),
        ("sender_name", "VARCHAR"),
        ("sender_url_key", "VARCHAR"),
        ("sender_person_id", "BIGINT"),
        ("to_names", "VARCHAR"),
        ("recipient_url_keys", "VARCHAR[]"),
        ("sent_at", "TIMESTAMP"),
        ("subject", "VARCHAR"),
        ("content", "VARCHAR"),
        ("content_text", "VARCHAR"),
        ("folder", "VARCHAR"),
        ("attachments", "VARCHAR"),
        ("is_draft", "BOOLEAN"),
        ("is_from_me", "BOOLEAN"),
        ("is_sponsored", "BOOLEAN"),
        ("is_hidden_sender", "BOOLEAN"),
        ("first_export_id", "INTEGER"),
        ("last_export_id", "INTEGER"),
    ],
    "conversation_participants": [
        ("conversation_id", "VARCHAR"),
        ("person_id", "BIGINT"),
        ("is_me", "BOOLEAN"),
        ("messages_sent", "BIGINT"),
    ],
    "endorsements": [
        ("direction", "VARCHAR"),
        ("endorsed_at", "TIMESTAMP"),
        ("skill", "VARCHAR"),
        ("first_name", "VARCHAR"),
        ("last_name", "VARCHAR"),
        ("url_key", "VARCHAR"),
        ("person_id", "BIGINT"),
        ("status", "VARCHAR"),
        ("first_export_id", "INTEGER"),
        ("last_export_id", "INTEGER"),
    ],
    "recommendations": [
        ("direction", "VARCHAR"),
        ("first_name", "VARCHAR"),
        ("last_name", "VARCHAR"),
        ("person_id", "BIGINT"),
        ("company", "VARCHAR"),
        ("job_title", "VARCHAR"),
        ("text", "VARCHAR"),
        ("created_at", "TIMESTAMP"),
        ("status", "VARCHAR"),
        ("first_export_id", "INTEGER"),
        ("last_export_id", "INTEGER"),
    ],
    "positions": [
        ("company_name", "VARCHAR"),
        ("title", "VARCHAR"),
        ("description", "VARCHAR"),
        ("location", "VARCHAR"),
        ("started_on", "DATE"),
        ("finished_on", "DATE"),
        ("is_current", "BOOLEAN"),
        ("first_export_id", "INTEGER"),
        ("last_export_id", "INTEGER"),
    ],
    "engagement": [
        ("kind", "VARCHAR"),
        ("acted_at", "TIMESTAMP"),
        ("month", "DATE"),
        ("link", "VARCHAR"),
        ("text", "VARCHAR"),
        ("reaction_type", "VARCHAR"),
        ("visibility", "VARCHAR"),
        ("first_export_id", "INTEGER"),
        ("last_export_id", "INTEGER"),
    ],
    "education": [
        ("school_name", "VARCHAR"),
        ("start_date", "DATE"),
        ("end_date", "DATE"),
        ("degree_name", "VARCHAR"),
        ("notes", "VARCHAR"),
        ("activities", "VARCHAR"),
        ("first_export_id", "INTEGER"),
        ("last_export_id", "INTEGER"),
    ],
}

PERSON_CONNECTIONS_SQL = (
    resources.files("linkedin_audit.ingest") / "sql" / "model" / "13_person_connections.sql"
).read_text()
"""The model's `person_connections` view, exactly as ingest creates it."""
SHARED_FACTS_SQL = [
    (resources.files("linkedin_audit.ingest") / "sql" / "model" / name).read_text()
    for name in ("16_sent_messages.sql", "16_sent_invitations.sql", "16_conversation_messages.sql")
]
"""The model's shared-fact views (`sent_messages`, `sent_invitations`, `conversation_messages`), exactly as
ingest creates them."""

# Defaults for flags that the model never leaves NULL.
_DEFAULTS: dict[str, dict[str, Any]] = {
    "people": {"is_me": False, "is_connection": False},
    "connections": {"is_hidden": False, "first_export_id": 1, "last_export_id": 1},
    "invitations": {"first_export_id": 1, "last_export_id": 1},
    "messages": {
        "is_draft": False,
        "is_from_me": False,
        "is_sponsored": False,
        "is_hidden_sender": False,
        "first_export_id": 1,
        "last_export_id": 1,
    },
}


def create_table(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Create `table` with its schema.md columns and insert `rows` (missing keys are NULL or default)."""
    columns = MODEL_COLUMNS[table]
    names = [c for c, _ in columns]
    con.execute(f'CREATE OR REPLACE TABLE "{table}" ({", ".join(f"{c} {t}" for c, t in columns)})')
    defaults = _DEFAULTS.get(table, {})
    values = []
    for row in rows:
        unknown = set(row) - set(names)
        if unknown:
            raise KeyError(f"{table} has no column(s) {sorted(unknown)}")
        values.append([row.get(c, defaults.get(c)) for c in names])
    if values:
        placeholders = ", ".join("?" for _ in names)
        con.executemany(f'INSERT INTO "{table}" VALUES ({placeholders})', values)


def _derive_participants(con: duckdb.DuckDBPyConnection) -> None:
    """Senders plus recipient url_keys (resolved through `people`), the owner included, as ingest does."""
    con.execute(
        """
        CREATE OR REPLACE TABLE conversation_participants AS
        WITH who AS (
            SELECT conversation_id, sender_person_id AS person_id, 1 AS sent
            FROM messages WHERE conversation_id IS NOT NULL AND sender_person_id IS NOT NULL
            UNION ALL
            SELECT m.conversation_id, p.person_id, 0
            FROM (SELECT conversation_id, unnest(recipient_url_keys) AS k FROM messages
                  WHERE conversation_id IS NOT NULL) m
            JOIN people p ON p.url_key = m.k
        )
        SELECT who.conversation_id, who.person_id::BIGINT AS person_id,
               coalesce(any_value(p.is_me), false) AS is_me, sum(sent)::BIGINT AS messages_sent
        FROM who LEFT JOIN people p USING (person_id)
        GROUP BY ALL
        """
    )


def model_db(
    *,
    export_date: dt.date = dt.date(2026, 1, 1),
    exports: list[Mapping[str, Any]] | None = None,
    me: Mapping[str, Any] | None = None,
    people: Sequence[Mapping[str, Any]] | None = None,
    connections: Sequence[Mapping[str, Any]] | None = None,
    invitations: Sequence[Mapping[str, Any]] | None = None,
    messages: Sequence[Mapping[str, Any]] | None = None,
    conversation_participants: list[Mapping[str, Any]] | None = None,
    endorsements: list[Mapping[str, Any]] | None = None,
    recommendations: list[Mapping[str, Any]] | None = None,
    positions: list[Mapping[str, Any]] | None = None,
    education: list[Mapping[str, Any]] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding the given model rows (empty tables for what is not given)."""
    con = con or duckdb.connect(":memory:")
    if exports is None:
        exports = [
            {
                "export_id": 1,
                "name": "Basic_LinkedInDataExport_test.zip",
                "export_date": export_date,
                "export_date_source": "archive_name",
                "kind": "complete",
                "fingerprint": "test",
                "files": 0,
                "rows": 0,
                "ingested_at": dt.datetime(2026, 1, 1),
            }
        ]
    create_table(con, "exports", exports)
    create_table(con, "me", [me] if me else [])
    create_table(con, "people", people or [])
    create_table(con, "connections", connections or [])
    create_table(con, "invitations", invitations or [])
    create_table(con, "messages", messages or [])
    if conversation_participants is None:
        _derive_participants(con)
    else:
        create_table(con, "conversation_participants", conversation_participants)
    create_table(con, "endorsements", endorsements or [])
    create_table(con, "recommendations", recommendations or [])
    create_table(con, "positions", positions or [])
    create_table(con, "education", education or [])
    create_table(con, "engagement", [])
    con.execute(PERSON_CONNECTIONS_SQL)
    for sql in SHARED_FACTS_SQL:
        con.execute(sql)
    return con


def run_steps_before(
    con: duckdb.DuckDBPyConnection, step: ModuleType, thresholds: Thresholds | None = None
) -> list[Metric]:
    """Run, in pipeline order, the analysis steps before `step` (for `risk`: all of them and the summary),
    wired as `pipeline.materialize_all` wires them; return their metrics."""
    thresholds = thresholds or load_thresholds()
    order = (*pipeline.STEPS, risk)
    metrics: list[Metric] = []
    note_templates = None
    for earlier in order[: order.index(step)]:
        if earlier is templates:
            found = templates.materialize(con, thresholds)
            metrics += found.metrics
            note_templates = found.note_templates
        elif earlier is invites:
            assert note_templates is not None
            metrics += invites.materialize(con, thresholds, note_templates)
        else:
            metrics += earlier.materialize(con, thresholds)
    if step is risk:
        pipeline.write_summary(con, metrics, thresholds)
    return metrics
