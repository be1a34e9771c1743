"""Archive layer: basename matching, header detection, encodings, Comments repair, sentinels, zip safety."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import pytest

from linkedin_audit.errors import UserError
from linkedin_audit.ingest.archive import (
    COPY_CHUNK,
    Member,
    _crc_file,
    export_date_from_name,
    fingerprint_of,
    open_export,
    scan_zip,
)
from linkedin_audit.ingest.prepare_csv import prepare, repair_comments
from linkedin_audit.ingest.sources import REGISTRY, Registry, SourceSpec


@pytest.mark.parametrize(
    "path,source",
    [
        ("Connections.csv", "connections"),
        ("some/folder/connections.CSV", "connections"),
        ("Endorsement Received Info.csv", "endorsements_received"),
        ("Endorsement_Received_Info.csv", "endorsements_received"),
        ("Shares_997361.csv", "shares"),
        ("Member_Follows_12.csv", "member_follows"),
        ("Job Applicant Saved Screening Question Responses_5.csv", "job_applicant_screening_responses"),
        ("Messages.csv", "messages"),
        ("Imported Contacts.csv", "contacts"),
        ("Rich Media.csv", "rich_media"),
        ("Receipts_v2.csv", "receipts"),
        ("Whatever.csv", None),
    ],
)
def test_basename_matching(path, source):
    spec = REGISTRY.match(path)
    assert (spec.name if spec else None) == source


def test_registry_refuses_duplicates():
    with pytest.raises(ValueError):
        Registry([SourceSpec("a", ("A.csv",), "raw"), SourceSpec("a", ("B.csv",), "raw")])
    with pytest.raises(ValueError):
        Registry([SourceSpec("a", ("A.csv",), "raw"), SourceSpec("b", ("a.csv",), "raw")])


def test_export_date_is_us_order():
    import datetime as dt

    assert export_date_from_name("Complete_LinkedInDataExport_11-04-2018.zip") == dt.date(2018, 11, 4)
    assert export_date_from_name("my export") is None


def _member(tmp_path: Path, name: str, data: bytes) -> Member:
    path = tmp_path / name
    path.write_bytes(data)
    return Member(name, path, len(data), 0)


def test_connections_preamble_found_by_name(tmp_path):
    data = (
        b'Notes:\n"When exporting, some emails are missing."\n\n'
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\nA,B,,,,,07 Mar 2024"
    )
    p = prepare(_member(tmp_path, "Connections.csv", data), tmp_path)
    assert (p.status, p.skip, p.columns[2]) == ("typed", 3, "url")
    old = b"First Name,Last Name,Email Address,Company,Position,Connected On\nA,B,,,,x\n"
    p = prepare(_member(tmp_path, "Connections.csv", old), tmp_path)
    assert (p.skip, p.columns) == (
        0,
        ["first_name", "last_name", "email_address", "company", "position", "connected_on"],
    )


def test_utf16_tsv_is_transcoded(tmp_path):
    text = "Time\tEvent\n2018/08/01 12:00:00 UTC\tCreated\n"
    p = prepare(_member(tmp_path, "Account Status History.csv", text.encode("utf-16")), tmp_path)
    assert (p.status, p.encoding, p.delimiter) == ("raw", "utf-16", "\t")
    assert p.disk_path is not None and p.disk_path.read_text(encoding="utf-8") == text


def test_bom_header_only_and_sentinel(tmp_path):
    header = b"\xef\xbb\xbfCompany Name,Title,Description,Location,Started On,Finished On\n"
    p = prepare(_member(tmp_path, "Positions.csv", header), tmp_path)
    assert (p.status, p.encoding) == ("empty", "utf-8-sig")
    p = prepare(_member(tmp_path, "LearningCoachMessages.csv", b"No conversations found"), tmp_path)
    assert p.status == "empty"


def test_required_column_missing_names_file(tmp_path):
    with pytest.raises(UserError, match="messages.csv: required column"):
        prepare(_member(tmp_path, "messages.csv", b"FROM,TO,DATE,SUBJECT,FOLDER\na,b,c,d,e\n"), tmp_path)


def test_comments_continuation_lines():
    text = (
        "Date,Link,Message\n2024-02-09 01:21:47,https://x/1,First\nsecond, with comma\n\n"
        '2024-02-10 01:21:47,https://x/2,"Quoted ""one"""\n'
    )
    assert repair_comments(text) == (
        'Date,Link,Message\n2024-02-09 01:21:47,https://x/1,"First\nsecond, with comma"\n'
        '2024-02-10 01:21:47,https://x/2,"Quoted ""one"""\n'
    )


def test_zip_path_escape_refused(tmp_path):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../evil.csv", "a,b\n")
    with pytest.raises(UserError, match="outside the archive"):
        scan_zip(bad)


def test_empty_and_truncated_zip(tmp_path):
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    with pytest.raises(UserError, match="empty ZIP"):
        scan_zip(empty)
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as zf:
        zf.writestr("Connections.csv", "x" * 1000)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[:200])
    with pytest.raises(UserError, match="not a readable ZIP"):
        scan_zip(cut)


def test_latin1_file_is_transcoded(tmp_path):
    data = "Name\nJörgen Café\n".encode("cp1252")
    p = prepare(_member(tmp_path, "Skills.csv", data), tmp_path)
    assert (p.status, p.encoding) == ("raw", "cp1252")
    assert p.disk_path is not None and p.disk_path.read_text(encoding="utf-8") == "Name\nJörgen Café\n"


def test_unknown_and_ignored_files(tmp_path):
    assert prepare(_member(tmp_path, "Surprise.csv", b"a,b\n1,2\n"), tmp_path).status == "unknown"
    (tmp_path / "Articles").mkdir()
    path = tmp_path / "Articles" / "post.html"
    path.write_text("<html></html>")
    member = Member("Articles/Articles/post.html", path, path.stat().st_size, 0)
    p = prepare(member, tmp_path)
    assert (p.status, p.spec.name if p.spec else None) == ("ignored", "articles")


@pytest.mark.parametrize("extra", [-1, 0, 1, 2 * COPY_CHUNK + 5])
def test_members_extracted_and_crc_computed_in_small_chunks_are_whole(tmp_path, extra):
    """Members larger than a copy chunk come out byte for byte (ZIP), and a folder file's CRC is the CRC of
    all its bytes: a folder and its ZIP have one fingerprint."""
    data = bytes(range(256)) * ((COPY_CHUNK + extra) // 256) + b"x" * ((COPY_CHUNK + extra) % 256)
    folder = tmp_path / "Basic_LinkedInDataExport_01-02-2024"
    folder.mkdir()
    (folder / "messages.csv").write_bytes(data)
    zipped = tmp_path / "Basic_LinkedInDataExport_01-02-2024.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(folder / "messages.csv", "messages.csv")
    assert _crc_file(folder / "messages.csv") == zlib.crc32(data)
    work = tmp_path / "work"
    work.mkdir()
    export = open_export(zipped, work)
    assert [m.disk_path.read_bytes() == data for m in export.members] == [True]
    assert fingerprint_of(zipped) == fingerprint_of(folder)
