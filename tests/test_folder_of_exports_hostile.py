"""What a real Downloads folder holds beside the exports, for `ingest FOLDER` (a red-team pass over its first
version; each of these failed on it), through the real commands: a Mac's `._NAME.zip`, a dated ZIP that is
not LinkedIn's, an older export unzipped a level down, two people's exports into a new database (found by a
first red-team pass); two unzipped exports, a stray CSV beside a ZIP, a renamed export (a second pass)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from test_cli_errors import one_error
from test_folder_of_exports import EXPORTS, NEW, OLD, SAMPLE
from test_ingest_eras import make_zip
from test_verdicts import cli, sql_rows

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
Y2024 = FIXTURES / "Complete_LinkedInDataExport_12-20-2024"
B2025 = FIXTURES / "Basic_LinkedInDataExport_03-20-2025"


def test_macos_appledouble_files_beside_the_zips_are_not_exports(tmp_path: Path) -> None:
    """A folder copied from a Mac to a USB stick or a share holds `._NAME.zip` (AppleDouble, 4 KB, not a ZIP)
    beside each ZIP: a dot file, never an export (as for `refresh`)."""
    folder = tmp_path / "stick"
    folder.mkdir()
    shutil.copy(SAMPLE / NEW, folder / NEW)
    (folder / f"._{NEW}").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + bytes(4000))
    done = cli("ingest", str(folder), "--db", str(tmp_path / "x.duckdb"), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [e["name"] for e in sql_rows(tmp_path / "x.duckdb", EXPORTS, tmp_path)] == [NEW]


def test_a_dated_zip_that_is_not_a_linkedin_export_is_not_taken_for_one(tmp_path: Path) -> None:
    """A Downloads folder's Invoice_01-15-2025.zip holds a date but is not named like LinkedIn's exports
    (`..._LinkedInDataExport_MM-DD-YYYY`, the rule `refresh` picks by): left alone, the export ingested."""
    folder = tmp_path / "Downloads"
    folder.mkdir()
    shutil.copy(SAMPLE / NEW, folder / NEW)
    with zipfile.ZipFile(folder / "Invoice_01-15-2025.zip", "w") as zf:
        zf.writestr("invoice.txt", "EUR 12\n")
    done = cli("ingest", str(folder), "--db", str(tmp_path / "x.duckdb"), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [e["name"] for e in sql_rows(tmp_path / "x.duckdb", EXPORTS, tmp_path)] == [NEW]


def test_an_unzipped_export_in_a_subfolder_does_not_silently_drop_the_zips(tmp_path: Path) -> None:
    """Downloads/ holds this month's export ZIP and, a level down (old/), an older export unzipped. The ZIP
    is ingested (only the top level is looked at), never lost behind the other one's CSVs, and the folder
    passed over is named."""
    folder = tmp_path / "Downloads"
    (folder / "old").mkdir(parents=True)
    shutil.copy(SAMPLE / NEW, folder / NEW)
    with zipfile.ZipFile(SAMPLE / OLD) as zf:
        zf.extractall(folder / "old" / OLD.removesuffix(".zip"))
    db = tmp_path / "x.duckdb"
    done = cli("ingest", str(folder), "--db", str(db), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [e["name"] for e in sql_rows(db, EXPORTS, tmp_path)] == [NEW]
    assert "not ingested (not named like LinkedIn's exports): old; name one to ingest it" in done.stderr


def test_two_peoples_zips_into_a_new_database_name_the_database_given(tmp_path: Path) -> None:
    """A folder with two people's exports into a new --db: the refusal names the database given, never the
    temporary file it is built as ('.x.duckdb.tmp-PID-HEX'), in its text and in the commands it suggests."""
    folder = tmp_path / "Downloads"
    folder.mkdir()
    for name in ("Complete_LinkedInDataExport_11-04-2018", "Complete_LinkedInDataExport_12-20-2024"):
        make_zip(FIXTURES / name, folder)
    db = tmp_path / "x.duckdb"
    done = cli("ingest", str(folder), "--db", str(db), tmp=tmp_path)
    assert done.returncode == 2
    assert ".tmp-" not in done.stderr, done.stderr
    assert f"not the owner of this database {db} " in done.stderr, done.stderr


def test_a_folder_of_two_unzipped_exports_is_not_merged_into_one(tmp_path: Path) -> None:
    """A folder holding two unzipped exports (a Mac unzips downloads) is two exports, never one: read as one,
    the Complete export's files were 'a copy of' the Basic one's and two members' data were mixed, exit 0.
    Here the Basic export is another member's (Mar Owner): refused in one line, nothing written."""
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copytree(Y2024, folder / Y2024.name)
    shutil.copytree(B2025, folder / B2025.name)
    db = tmp_path / "x.duckdb"
    done = cli("ingest", str(folder), "--db", str(db), tmp=tmp_path)
    assert f"{folder} holds 2 exports: ingesting {Y2024.name}, {B2025.name}" in done.stderr
    assert "belongs to Mar Owner" in one_error(done), done.stderr[-800:]
    assert not db.exists()


def test_a_stray_csv_beside_export_zips_does_not_hide_the_zips(tmp_path: Path) -> None:
    """A Downloads folder with a LinkedIn export ZIP and one Connections.csv saved beside it was read as a
    4-row 'basic' export, the ZIP an 'unknown file (not loaded)', exit 0: now one line names both."""
    folder = tmp_path / "Downloads"
    folder.mkdir()
    make_zip(Y2024, folder)
    shutil.copy(Y2024 / "Connections.csv", folder / "Connections.csv")
    db = tmp_path / "x.duckdb"
    done = cli("ingest", str(folder), "--db", str(db), tmp=tmp_path)
    line = one_error(done)
    assert not db.exists()
    assert "holds both an export's own files (Connections.csv)" in line, line
    assert f"exports named like LinkedIn's ({Y2024.name}.zip)" in line, line


def test_an_unzipped_export_not_named_like_linkedins_is_not_dropped_silently(tmp_path: Path) -> None:
    """A ZIP named like LinkedIn's and an unzipped export the member renamed ('LinkedIn March'): the ZIP is
    ingested, and the folder passed over is named (it was skipped without a word)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    make_zip(Y2024, folder)
    shutil.copytree(Y2024, folder / "LinkedIn March")
    db = tmp_path / "x.duckdb"
    done = cli("ingest", str(folder), "--db", str(db), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [e["name"] for e in sql_rows(db, EXPORTS, tmp_path)] == [f"{Y2024.name}.zip"]
    assert "not ingested (not named like LinkedIn's exports): LinkedIn March; name one to ingest it" in (
        done.stderr
    )
