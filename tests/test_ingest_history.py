"""History, idempotence, owner check and atomicity of run_ingest."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest

from linkedin_audit.build import run_ingest
from linkedin_audit.errors import UserError

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
DEC_2024 = FIXTURES / "Complete_LinkedInDataExport_12-20-2024"
Y2026 = FIXTURES / "Basic_LinkedInDataExport_03-10-2026"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _later_export(tmp_path: Path) -> Path:
    """The Dec-2024 export again, three months later: one new invitation, everything else unchanged."""
    later = tmp_path / "Complete_LinkedInDataExport_03-20-2025"
    shutil.copytree(DEC_2024, later)
    with (later / "Invitations.csv").open("a") as fh:
        fh.write(
            'Owner Name,Erin New,"2/1/25, 10:00 AM",,OUTGOING,https://www.linkedin.com/in/owner-name,'
            "https://www.linkedin.com/in/erin-new\n"
        )
    return later


def test_reingest_is_a_noop(tmp_path):
    db = tmp_path / "db.duckdb"
    run_ingest([DEC_2024], db, analyse=False, progress=False)
    before = _digest(db)
    summary = run_ingest([DEC_2024], db, analyse=False, progress=False)
    assert summary.noop
    assert _digest(db) == before


def test_history_merges_and_keeps_first_and_last_export(tmp_path):
    db = tmp_path / "db.duckdb"
    run_ingest([DEC_2024], db, analyse=False, progress=False)
    run_ingest([_later_export(tmp_path)], db, analyse=False, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM exports").fetchone() == (2,)
    # 3 invitations seen in both exports, 1 only in the second.
    assert con.execute(
        "SELECT first_export_id, last_export_id, count(*) FROM invitations GROUP BY ALL ORDER BY ALL"
    ).fetchall() == [(1, 2, 3), (2, 2, 1)]
    assert con.execute("SELECT count(*) FROM messages").fetchone() == (6,)
    assert con.execute("SELECT count(*) FROM connections").fetchone() == (4,)
    ada_ids = con.execute("SELECT person_id FROM people WHERE name = 'Ada Example'").fetchall()
    assert len(ada_ids) == 1


def test_two_exports_at_once_equal_one_after_another(tmp_path):
    later = _later_export(tmp_path)
    run_ingest([later, DEC_2024], tmp_path / "a.duckdb", analyse=False, progress=False)
    run_ingest([DEC_2024], tmp_path / "b.duckdb", analyse=False, progress=False)
    run_ingest([later], tmp_path / "b.duckdb", analyse=False, progress=False)
    q = "SELECT * EXCLUDE (invitation_id, counterparty_person_id) FROM invitations ORDER BY ALL"
    a = duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True).execute(q).fetchall()
    b = duckdb.connect(str(tmp_path / "b.duckdb"), read_only=True).execute(q).fetchall()
    assert a == b and len(a) == 4


def test_other_owner_refused_and_db_unchanged(tmp_path):
    db = tmp_path / "db.duckdb"
    run_ingest([DEC_2024], db, analyse=False, progress=False)
    before = _digest(db)
    with pytest.raises(UserError, match="not the owner of"):
        run_ingest([Y2026], db, analyse=False, progress=False)
    assert _digest(db) == before
    run_ingest([Y2026], db, new_db=True, analyse=False, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT name FROM me").fetchone() == ("New Owner",)


def test_failed_ingest_leaves_db_unchanged(tmp_path):
    db = tmp_path / "db.duckdb"
    run_ingest([DEC_2024], db, analyse=False, progress=False)
    broken = tmp_path / "Complete_LinkedInDataExport_01-01-2025"
    shutil.copytree(DEC_2024, broken)
    (broken / "Invitations.csv").write_text("From,To,Message,Direction\nA,B,,OUTGOING\n")
    before = _digest(db)
    with pytest.raises(UserError, match="Invitations.csv: required column 'Sent At' is missing"):
        run_ingest([broken], db, analyse=False, progress=False)
    assert _digest(db) == before
    assert not list(tmp_path.glob(".db.duckdb.tmp-*"))


def test_work_folders_are_deleted_when_an_export_fails(tmp_path, monkeypatch):
    """The next export is extracted while the current one loads: a failure must delete both work folders."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    broken = tmp_path / "Complete_LinkedInDataExport_01-01-2025"
    shutil.copytree(DEC_2024, broken)
    (broken / "Invitations.csv").write_text("From,To,Message,Direction\nA,B,,OUTGOING\n")
    later = _later_export(tmp_path)
    with pytest.raises(UserError, match="required column 'Sent At' is missing"):
        run_ingest([broken, later], tmp_path / "db.duckdb", analyse=False, progress=False)
    zipped = shutil.make_archive(str(tmp_path / "Complete_LinkedInDataExport_02-01-2025"), "zip", broken)
    with pytest.raises(UserError, match="required column 'Sent At' is missing"):
        run_ingest([zipped, DEC_2024], tmp_path / "db2.duckdb", analyse=False, progress=False)
    assert list(scratch.iterdir()) == []
    run_ingest([DEC_2024, later], tmp_path / "db3.duckdb", analyse=False, progress=False)
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(
    "setup,message",
    [
        (lambda p: p / "missing", "does not exist"),
        (lambda p: (p / "x.zip").write_bytes(b"not a zip") and p / "x.zip", "neither a ZIP"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "holds no files"),
        (
            lambda p: ((p / "other").mkdir(), (p / "other" / "notes.txt").write_text("hi"))[0] or p / "other",
            "holds no file of a LinkedIn export",
        ),
    ],
)
def test_bad_input_is_one_sentence_and_no_db(tmp_path, setup, message):
    db = tmp_path / "db.duckdb"
    with pytest.raises(UserError, match=message):
        run_ingest([setup(tmp_path)], db, analyse=False, progress=False)
    assert not db.exists()


def test_export_date_from_newest_timestamp_when_name_has_none(tmp_path):
    renamed = tmp_path / "my linkedin data"
    shutil.copytree(DEC_2024, renamed)
    db = tmp_path / "db.duckdb"
    run_ingest([renamed], db, analyse=False, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    # newest timestamp in the fixture: the draft message of 2024-12-19 10:00 UTC
    import datetime as dt

    assert con.execute("SELECT export_date, export_date_source FROM exports").fetchone() == (
        dt.date(2024, 12, 19),
        "newest_timestamp",
    )


def test_not_a_duckdb_file_is_refused(tmp_path):
    db = tmp_path / "db.duckdb"
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(UserError, match="not a DuckDB database"):
        run_ingest([DEC_2024], db, analyse=False, progress=False)
    assert db.read_bytes() == b"this is not a database" * 100


def test_stale_temporary_build_is_removed(tmp_path):
    stale = tmp_path / ".db.duckdb.tmp-999999999"
    stale.write_bytes(b"half-built")
    run_ingest([DEC_2024], tmp_path / "db.duckdb", analyse=False, progress=False)
    assert not stale.exists()


def test_a_person_written_two_ways_equally_often_gets_one_name_on_every_build(tmp_path):
    """A tie between spellings (a changed name seen once each way) is settled by rule, not by hash order: the
    spelling in connections, then the first in sort order."""
    export = tmp_path / "Complete_LinkedInDataExport_12-20-2024"
    shutil.copytree(DEC_2024, export)
    with (export / "Invitations.csv").open("a") as fh:
        # Carl Demo (a connection) once more under another name; Zoe, not a connection, under two names.
        for name, url in [("Carl Demonstrated", "carl-demo"), ("Zoe Zeta", "zoe-z"), ("Zoe Alpha", "zoe-z")]:
            fh.write(
                f'Owner Name,{name},"2/1/24, 10:00 AM",,OUTGOING,https://www.linkedin.com/in/owner-name,'
                f"https://www.linkedin.com/in/{url}\n"
            )
    names = set()
    for build in range(3):
        db = tmp_path / f"db{build}.duckdb"
        run_ingest([export], db, analyse=False, progress=False)
        with duckdb.connect(str(db), read_only=True) as con:
            names.add(
                tuple(
                    con.execute(
                        "SELECT url_key, name FROM people WHERE url_key IN "
                        "('linkedin.com/in/carl-demo', 'linkedin.com/in/zoe-z') "
                        "ORDER BY url_key"
                    ).fetchall()
                )
            )
    assert names == {(("linkedin.com/in/carl-demo", "Carl Demo"), ("linkedin.com/in/zoe-z", "Zoe Alpha"))}
