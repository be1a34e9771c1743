import datetime as dt
import os

import pytest

from linkedin_audit.errors import UserError
from linkedin_audit.ingest.schedule import export_date_from_name, newest_export


def test_date_is_us_order():
    assert export_date_from_name("Basic_LinkedInDataExport_11-04-2018.zip") == dt.date(2018, 11, 4)
    assert export_date_from_name("Complete_LinkedInDataExport_03-01-2026") == dt.date(2026, 3, 1)
    assert export_date_from_name("my-export.zip") is None
    assert export_date_from_name("Basic_LinkedInDataExport_13-40-2018.zip") is None


def test_newest_by_name_date_then_complete_over_basic(tmp_path):
    for name in [
        "Basic_LinkedInDataExport_12-16-2024.zip",
        "Complete_LinkedInDataExport_03-01-2025.zip",
        "Basic_LinkedInDataExport_03-01-2025.zip",
        "notes.txt",
    ]:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "Complete_LinkedInDataExport_01-01-2020").mkdir()
    assert newest_export(tmp_path).name == "Complete_LinkedInDataExport_03-01-2025.zip"


def test_only_dated_exports_not_in_the_future(tmp_path):
    """Another ZIP of the downloads folder is no export, whatever its mtime; a date in the future is a
    stray file, not the newest export."""
    for name in [
        "Basic_LinkedInDataExport_03-01-2025.zip",
        "renamed-by-me.zip",
        "Basic_LinkedInDataExport_12-31-2099.zip",
    ]:
        (tmp_path / name).write_bytes(b"x")
    os.utime(tmp_path / "renamed-by-me.zip", (1_900_000_000, 1_900_000_000))
    newest = newest_export(tmp_path, today=dt.date(2026, 3, 1))
    assert newest.name == "Basic_LinkedInDataExport_03-01-2025.zip"
    (tmp_path / "Basic_LinkedInDataExport_03-01-2025.zip").unlink()
    with pytest.raises(UserError, match=r"1 dated in the future, ignored"):
        newest_export(tmp_path, today=dt.date(2026, 3, 1))


def test_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(UserError, match="no LinkedIn export"):
        newest_export(tmp_path)
    with pytest.raises(UserError, match="not a folder"):
        newest_export(tmp_path / "missing")
