"""Raw tables keep file order instead of numbering records at load (which made the load single-threaded):
the staging views number them by rowid. These tests pin that order on a 40 MB file that DuckDB reads with
several threads (DuckDB documents insertion order as kept), and the guards around the layout."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from linkedin_audit.build import run_ingest
from linkedin_audit.errors import UserError

FIXTURE = Path(__file__).parent / "fixtures" / "exports" / "Basic_LinkedInDataExport_03-10-2026"
HEADER = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
]


def _big_export(tmp_path: Path, rows: int = 200_000) -> Path:
    """The 2026 fixture with a messages.csv (~40 MB at the default size: read in parallel, above archive's
    8 MB `small` limit) whose every record says its own number, some across quoted line breaks."""
    export = tmp_path / "Basic_LinkedInDataExport_03-11-2026"
    shutil.copytree(FIXTURE, export)
    with (export / "messages.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
        out.writerow(HEADER)
        for i in range(1, rows + 1):
            body = f"record {i}" + ("\nsecond line, with a comma" if i % 7 == 0 else "") + " " + "x" * 150
            out.writerow(
                [
                    f"2-conv-{i % 500}",
                    "",
                    "New Owner",
                    "https://www.linkedin.com/in/new-owner",
                    "Ada Example",
                    "https://www.linkedin.com/in/ada-example-1a2b3c",
                    f"2026-03-01 12:{i % 60:02d}:00 UTC",
                    "",
                    body,
                    "INBOX",
                    "",
                ]
            )
    return export


def test_line_is_the_record_number_of_a_parallel_read_file(tmp_path):
    db = tmp_path / "db.duckdb"
    export = _big_export(tmp_path)
    assert (export / "messages.csv").stat().st_size > 8 * 1024**2
    run_ingest([export], db, analyse=False, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    number = "CAST(regexp_extract(content, '^record (\\d+)', 1) AS BIGINT)"
    wrong = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {number} IS DISTINCT FROM line) FROM staging.messages"
    ).fetchone()
    assert wrong == (200_000, 0)
    # message_id numbers the records in file order too (one export, one file).
    assert con.execute(
        f"SELECT count(*) FILTER (WHERE {number} IS DISTINCT FROM message_id - 1000000000) FROM messages"
    ).fetchone() == (0,)


def test_database_with_numbered_raw_rows_is_refused(tmp_path):
    db = tmp_path / "db.duckdb"
    run_ingest([FIXTURE], db, analyse=False, progress=False)
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE raw.invitations ADD COLUMN line BIGINT")  # the layout of earlier versions
    con.close()
    with pytest.raises(UserError, match="built by an earlier linkedin-audit.*--new-db"):
        run_ingest([_big_export(tmp_path, rows=10)], db, analyse=False, progress=False)
    run_ingest([FIXTURE], db, new_db=True, analyse=False, progress=False)  # --new-db rebuilds it


def test_file_columns_named_like_provenance_are_renamed(tmp_path):
    export = tmp_path / "Basic_LinkedInDataExport_03-12-2026"
    shutil.copytree(FIXTURE, export)
    (export / "Jobs").mkdir()
    (export / "Jobs" / "Saved Jobs.csv").write_text("Line,File,Export ID,Title\n7,a.pdf,x,Engineer\n")
    db = tmp_path / "db.duckdb"
    run_ingest([export], db, analyse=False, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT c_line, c_file, c_export_id, title, file FROM raw.saved_jobs").fetchall() == [
        ("7", "a.pdf", "x", "Engineer", "Jobs/Saved Jobs.csv")
    ]
