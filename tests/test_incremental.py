"""A new export costs what is new in it, and gives the same database as merging every export from scratch.

Messages are merged one export at a time (ingest/sql/model/06_messages.sql) and the templates step keeps its
per-text work in a memo (analyses/templates/memo.py). These tests pin both against their definitions on a
hand-edited history: the bundled sample's two exports, the newer one with messages moved to another folder
(a changed copy), messages deleted (kept from the older export) and one row written twice."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from linkedin_audit.analyses import templates
from linkedin_audit.analyses.templates import memo
from linkedin_audit.build import run_ingest
from linkedin_audit.config import load_thresholds
from linkedin_audit.ingest.archive import export_date_from_name
from linkedin_audit.ingest.model import merge_version

MOVED, DELETED = 5, 4
"""Messages of the older export that the newer one files elsewhere, and that it no longer has."""

# The definition of `messages` (docs/schema.md), from scratch: rows keyed by (raw-text hash, occurrence in
# their export); each key's newest copy typed; message_id from the first export holding it.
REFERENCE = """
WITH keyed AS (
    SELECT export_id, rowid AS raw_rowid,
           row_number() OVER (PARTITION BY export_id ORDER BY file, rowid) AS position,
           hash(conversation_id, from_name, to_names, date, subject, content) AS nk
    FROM raw.messages
),
numbered AS (
    SELECT *, row_number() OVER (PARTITION BY export_id, nk ORDER BY position) AS occ FROM keyed
),
span AS (
    SELECT nk, occ, min(export_id) AS first_export_id, max(export_id) AS last_export_id,
           arg_min(position, export_id) AS first_position
    FROM numbered GROUP BY nk, occ
),
kept AS (
    SELECT n.position AS line, r.*
    FROM numbered n
    JOIN span s ON s.nk = n.nk AND s.occ = n.occ AND s.last_export_id = n.export_id
    JOIN raw.messages r ON r.rowid = n.raw_rowid
)
SELECT CAST(s.first_export_id AS BIGINT) * 1000000000 + s.first_position AS message_id,
       m.conversation_id, m.sender_name, url_key(m.sender_profile_url) AS sender_url_key, m.to_names,
       list_filter([url_key(u) FOR u IN string_split(m.recipient_profile_urls, ',')], lambda k: k IS NOT NULL)
           AS recipient_url_keys,
       m.sent_at,
       m.subject, m.content, m.content_text, m.folder, m.attachments, m.is_draft, m.is_sponsored,
       s.first_export_id, s.last_export_id
FROM staging.messages_of('kept') m
JOIN numbered n ON n.export_id = m.export_id AND n.position = m.line
JOIN span s ON s.nk = n.nk AND s.occ = n.occ
"""
COLUMNS = (
    "message_id, conversation_id, sender_name, sender_url_key, to_names, recipient_url_keys, sent_at, "
    "subject, content, content_text, folder, attachments, is_draft, is_sponsored, first_export_id, "
    "last_export_id"
)


def _edited_newer(newer: Path, older: Path, out: Path) -> Path:
    """`newer` with messages.csv edited: MOVED rows of the older export get FOLDER = ARCHIVE, DELETED rows of
    the older export are left out, and the last row is written twice."""
    with zipfile.ZipFile(older) as z:
        old_name = next(n for n in z.namelist() if n.endswith("messages.csv"))
        old_rows = list(csv.reader(io.StringIO(z.read(old_name).decode("utf-8-sig"))))
    in_older = {tuple(r) for r in old_rows[1:]}
    target = out / newer.name
    with zipfile.ZipFile(newer) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith("messages.csv"):
                rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
                header, body = rows[0], rows[1:]
                folder = header.index("FOLDER")
                shared = [i for i, r in enumerate(body) if tuple(r) in in_older and r[folder] != "ARCHIVE"]
                for i in shared[:MOVED]:
                    body[i][folder] = "ARCHIVE"
                gone = set(shared[MOVED : MOVED + DELETED])
                body = [r for i, r in enumerate(body) if i not in gone] + [body[-1]]
                buffer = io.StringIO()
                csv.writer(buffer, lineterminator="\r\n").writerows([header, *body])
                data = buffer.getvalue().encode()
            dst.writestr(info, data)
    return target


@pytest.fixture(scope="module")
def history(sample_exports: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    older, newer = sorted(sample_exports, key=lambda p: export_date_from_name(p.name) or dt.date.min)
    folder = tmp_path_factory.mktemp("edited")
    return [older, _edited_newer(newer, older, folder)]


@pytest.fixture(scope="module")
def month_by_month(history: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The history ingested one export per command, as a monthly exporter does."""
    db = tmp_path_factory.mktemp("incremental") / "a.duckdb"
    for export in history:
        run_ingest([export], db, progress=False)
    return db


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return sorted(con.execute(sql).fetchall(), key=repr)


def test_merged_messages_equal_their_definition(month_by_month: Path) -> None:
    con = duckdb.connect(str(month_by_month), read_only=True)
    merged = _rows(con, f"SELECT {COLUMNS} FROM messages")
    assert merged == _rows(con, f"SELECT {COLUMNS} FROM ({REFERENCE})")
    # the edits took effect: moved copies show the newer folder under their first id, deleted ones stay
    moved = """
        WITH older AS (
            SELECT row_number() OVER (ORDER BY file, rowid) AS position, upper(folder) AS folder
            FROM raw.messages WHERE export_id = 1
        )
        SELECT count(*) FROM messages m JOIN older o ON m.message_id = 1000000000 + o.position
        WHERE m.last_export_id = 2 AND m.folder IS DISTINCT FROM o.folder
    """
    assert con.execute(moved).fetchone() == (MOVED,)
    assert con.execute(
        "SELECT count(*) FROM messages WHERE first_export_id = 1 AND last_export_id = 1"
    ).fetchone() == (DELETED,)
    twice = con.execute(
        "SELECT count(*) FROM messages GROUP BY conversation_id, sender_name, sent_at, content "
        "HAVING count(*) > 1"
    ).fetchall()
    assert twice == [(2,)]


def test_one_ingest_of_the_history_gives_the_same_messages(
    history: list[Path], month_by_month: Path, tmp_path: Path
) -> None:
    together = tmp_path / "b.duckdb"
    run_ingest(history, together, progress=False)
    # person ids are numbered in the order people are first seen, so they are compared by their keys
    query = (
        f"SELECT {COLUMNS}, is_from_me, (SELECT person_key FROM meta.person_ids p "
        "WHERE p.person_id = m.sender_person_id) FROM messages m"
    )
    a = duckdb.connect(str(month_by_month), read_only=True)
    b = duckdb.connect(str(together), read_only=True)
    assert _rows(a, query) == _rows(b, query)
    for relation in ("message_templates", "templates", "audit_summary"):
        assert _rows(a, f"SELECT * FROM {relation}") == _rows(b, f"SELECT * FROM {relation}")


def test_templates_with_the_memo_equal_the_step_computed_afresh(month_by_month: Path) -> None:
    con = duckdb.connect(str(month_by_month), read_only=True)
    fresh = templates.message_templates(con).select("message_id", "template_id", "text_kind")
    stored = con.sql("SELECT * FROM message_templates").pl()
    assert fresh.sort("message_id").equals(stored.sort("message_id"))
    assert fresh["template_id"].drop_nulls().len() > 0  # the sample's planted templates are found
    assert templates.templates(con).equals(con.sql("SELECT * FROM templates").pl())


def test_a_second_run_computes_no_text_again(
    month_by_month: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(month_by_month.read_bytes())
    con = duckdb.connect(str(db))
    before = con.sql("SELECT * FROM message_templates").pl()
    computed: list[int] = []

    def counting(real: Callable[..., Any], size: Callable[[Any], int]) -> Callable[..., Any]:
        def wrapper(first: Any, *args: Any, **kwargs: Any) -> Any:
            computed.append(size(first))
            return real(first, *args, **kwargs)

        return wrapper

    for name in ("_kinds", "_masks"):
        monkeypatch.setattr(templates, name, counting(getattr(templates, name), lambda todo: todo.height))
    monkeypatch.setattr(templates, "minhash", counting(templates.minhash, len))
    con.execute("BEGIN")
    templates.materialize(con, load_thresholds())
    con.execute("COMMIT")
    assert computed == []
    assert con.sql("SELECT * FROM message_templates").pl().equals(before)


def test_the_memo_is_emptied_when_the_code_changes(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    memo.TemplateMemo.open(con)
    con.execute(f"INSERT INTO {memo.KIND_TABLE} VALUES (1, 2, 'member', true)")
    memo.TemplateMemo.open(con)
    assert con.execute(f"SELECT count(*) FROM {memo.KIND_TABLE}").fetchone() == (1,)
    con.execute(f"UPDATE {memo.VERSION_TABLE} SET version = 'made by another version'")
    memo.TemplateMemo.open(con)
    assert con.execute(f"SELECT count(*) FROM {memo.KIND_TABLE}").fetchone() == (0,)


def test_messages_of_an_earlier_version_are_merged_again(history: list[Path], tmp_path: Path) -> None:
    """A database whose messages were built whole by an earlier linkedin-audit (no meta.message_keys) gets
    them merged again from raw at its next ingest."""
    db = tmp_path / "old.duckdb"
    run_ingest(history[:1], db, progress=False)
    con = duckdb.connect(str(db))
    con.execute(
        "DROP TABLE meta.message_keys; DROP TABLE meta.merged_exports; DROP TABLE meta.message_merge_version"
    )
    con.execute("UPDATE messages SET message_id = message_id + 7")  # ids of the old definition
    con.close()
    run_ingest(history[1:], db, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    assert _rows(con, f"SELECT {COLUMNS} FROM messages") == _rows(con, f"SELECT {COLUMNS} FROM ({REFERENCE})")


def test_messages_merged_by_another_version_are_merged_again(history: list[Path], tmp_path: Path) -> None:
    """Stored keys are DuckDB hashes and stored rows come from the staging SQL: another DuckDB or another
    version of that SQL merges every export again."""
    db = tmp_path / "other.duckdb"
    run_ingest(history[:1], db, progress=False)
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta.message_merge_version SET version = 'duckdb 0.0 and older SQL'")
    con.execute("UPDATE meta.message_keys SET nk = nk + 1")  # hashes of another DuckDB
    con.close()
    run_ingest(history[1:], db, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    assert _rows(con, f"SELECT {COLUMNS} FROM messages") == _rows(con, f"SELECT {COLUMNS} FROM ({REFERENCE})")
    assert con.execute("SELECT version FROM meta.message_merge_version").fetchall() == [(merge_version(),)]


def test_memo_lookup_on_a_hand_made_frame(tmp_path: Path) -> None:
    """Row order kept with duplicates and NULLs, each unknown row computed, each key stored once, and a memo
    whose unused entries outnumber the rest keeps only the ones used."""
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    store = memo.TemplateMemo.open(con)
    calls: list[list[str | None]] = []

    def kinds(todo: pl.DataFrame) -> pl.DataFrame:
        calls.append(todo["raw"].to_list())
        return todo.with_columns(
            text_kind=pl.col("raw").fill_null("empty").str.to_uppercase(), is_long=pl.lit(True)
        )

    def lookup(texts: list[str | None]) -> list[str]:
        series = pl.Series(texts, dtype=pl.String)
        keys = memo.text_keys(series).with_columns(raw=series)
        return store.lookup(memo.KIND_TABLE, keys, kinds)["text_kind"].to_list()

    def stored() -> int:
        return int(con.execute(f"SELECT count(*) FROM {memo.KIND_TABLE}").fetchall()[0][0])

    assert lookup(["b", "a", "b", None, "c"]) == ["B", "A", "B", "EMPTY", "C"]
    assert stored() == 4  # b once
    assert lookup(["d", "a", "e", "e", "c"]) == ["D", "A", "E", "E", "C"]
    assert calls[-1] == ["d", "e", "e"] and stored() == 6  # only the unknown rows computed, in order
    assert lookup(["a", "b", "c", None, "d"]) == ["A", "B", "C", "EMPTY", "D"]
    assert len(calls) == 2  # nothing new computed
    assert lookup(["z"]) == ["Z"] and stored() == 1  # 6 unused > 0 used + 1 new: only "z" kept
