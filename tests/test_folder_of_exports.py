"""A folder of export ZIPs is its exports. `linkedin-audit ingest data/sample` (a folder holding the
sample's two ZIPs) once said "sample holds another ZIP ... unzip it once and ingest that inner archive":
advice for a ZIP inside a ZIP, wrong for a folder of monthly exports or a Downloads folder. Such a folder
now stands for its exports, ZIPs and unzipped folders named like LinkedIn's (oldest first, as if named one
by one); an export's own files beside such a ZIP are refused, naming both; a folder whose only ZIP is not
named like an export says which command to run. Through the real commands."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_verdicts import cli, sql_rows

SAMPLE = Path(__file__).parent.parent / "data" / "sample"
ZIPS = sorted(SAMPLE.glob("*.zip"))
OLD, NEW = "Complete_LinkedInDataExport_11-07-2025.zip", "Complete_LinkedInDataExport_03-14-2026.zip"
SUMMARY = "SELECT metric, value, status, detail FROM audit_summary ORDER BY metric"
EXPORTS = "SELECT export_id, name, export_date, kind, files, rows FROM exports ORDER BY export_id"


def _downloads(tmp: Path) -> Path:
    """A messy Downloads folder: both exports (newest first by name), a note, photos zipped in a subfolder."""
    folder = tmp / "Downloads"
    (folder / "holiday").mkdir(parents=True)
    for z in ZIPS:
        shutil.copy(z, folder / z.name)
    (folder / "notes.txt").write_text("call Ada\n", encoding="utf-8")
    (folder / "holiday" / "photos.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    return folder


def test_a_folder_of_exports_is_ingested_as_its_zips_oldest_first(tmp_path: Path) -> None:
    folder = _downloads(tmp_path)
    by_folder, by_name = tmp_path / "folder.duckdb", tmp_path / "names.duckdb"
    done = cli("ingest", str(folder), "--db", str(by_folder), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{folder} holds 2 exports: ingesting {OLD}, {NEW}" in done.stderr
    named = cli("ingest", *(str(folder / n) for n in (NEW, OLD)), "--db", str(by_name), tmp=tmp_path)
    assert named.returncode == 0, named.stderr
    exports = sql_rows(by_folder, EXPORTS, tmp_path)
    assert [e["name"] for e in exports] == [OLD, NEW]
    assert exports == sql_rows(by_name, EXPORTS, tmp_path)
    assert sql_rows(by_folder, SUMMARY, tmp_path) == sql_rows(by_name, SUMMARY, tmp_path)
    again = cli("ingest", str(folder), "--db", str(by_folder), tmp=tmp_path)
    assert again.returncode == 0 and "already ingested" in again.stdout, again.stdout + again.stderr


def test_an_unzipped_export_beside_a_newer_zip_is_one_of_the_folders_exports(tmp_path: Path) -> None:
    """Last month's export unzipped, this month's still a ZIP, side by side: both, oldest first."""
    import zipfile

    folder = tmp_path / "exports"
    old = folder / OLD.removesuffix(".zip")
    with zipfile.ZipFile(SAMPLE / OLD) as zf:
        zf.extractall(old)
    shutil.copy(SAMPLE / NEW, folder / NEW)
    db = tmp_path / "two.duckdb"
    done = cli("ingest", str(folder), "--db", str(db), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"holds 2 exports: ingesting {old.name}, {NEW}" in done.stderr
    assert [e["name"] for e in sql_rows(db, EXPORTS, tmp_path)] == [old.name, NEW]


def test_an_unzipped_export_holding_an_export_zip_is_refused_naming_both(tmp_path: Path) -> None:
    """An export's own files beside a ZIP named like an export: which was meant cannot be told (a stray
    Connections.csv beside two ZIPs once hid both ZIPs), so one error line names both and what to do."""
    import zipfile

    folder = tmp_path / "Complete_LinkedInDataExport_11-07-2025"
    with zipfile.ZipFile(SAMPLE / OLD) as zf:
        zf.extractall(folder)
    shutil.copy(SAMPLE / NEW, folder / NEW)
    db = tmp_path / "one.duckdb"
    done = cli("ingest", str(folder), "--db", str(db), tmp=tmp_path)
    assert done.returncode == 2
    line = done.stderr.strip()
    assert line.startswith(f"error: {folder.name} holds both an export's own files (") and "\n" not in line
    assert f"and exports named like LinkedIn's ({NEW})" in line and "move the loose files" in line
    assert not db.exists()


def test_a_folder_whose_zip_is_not_named_like_an_export_names_the_command(tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    shutil.copy(SAMPLE / OLD, folder / "linkedin.zip")
    done = cli("ingest", str(folder), "--db", str(tmp_path / "x.duckdb"), tmp=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"error: mail holds a ZIP (linkedin.zip) but no file of a LinkedIn export; ingest the ZIP itself: "
        f"linkedin-audit ingest {folder / 'linkedin.zip'}"
    )
    assert not (tmp_path / "x.duckdb").exists()
