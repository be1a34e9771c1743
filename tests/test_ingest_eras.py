"""Each hand-written era fixture ingested as a folder and as a ZIP (built at test time): whole-row checks on
staging and model, derived by hand from the fixture files."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest

from linkedin_audit.build import run_ingest

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
DEC_2024 = "Complete_LinkedInDataExport_12-20-2024"
Y2018 = "Complete_LinkedInDataExport_11-04-2018"
Y2026 = "Basic_LinkedInDataExport_03-10-2026"


def make_zip(folder: Path, out_dir: Path) -> Path:
    target = out_dir / f"{folder.name}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    return target


@pytest.fixture(params=["folder", "zip"])
def as_input(request, tmp_path):
    def build(name: str) -> Path:
        folder = FIXTURES / name
        return folder if request.param == "folder" else make_zip(folder, tmp_path)

    return build


def ingest(path: Path, db: Path) -> duckdb.DuckDBPyConnection:
    run_ingest([path], db, analyse=False, progress=False)
    return duckdb.connect(str(db), read_only=True)


def test_dec_2024_staging_and_model(as_input, tmp_path):
    con = ingest(as_input(DEC_2024), tmp_path / "db.duckdb")
    assert con.execute(
        "SELECT first_name, last_name, profile_url, email_address, company, position, "
        "connected_on, is_hidden FROM staging.connections "
        "ORDER BY line"
    ).fetchall() == [
        (
            "Ada",
            "Example",
            "https://www.linkedin.com/in/ada-example-1a2b3c",
            None,
            "Example Corp, Inc.",
            "Staff Engineer",
            dt.date(2024, 3, 7),
            False,
        ),
        (
            "Jörgen",
            "Testsson",
            "https://www.linkedin.com/in/j%C3%B6rgen-testsson",
            "jorgen@example.org",
            "Fiktiv AB",
            None,
            dt.date(2024, 2, 2),
            False,
        ),
        (None, None, None, None, None, None, dt.date(2024, 1, 14), True),
        (
            "Carl",
            "Demo",
            "https://www.linkedin.com/in/carl-demo",
            None,
            None,
            None,
            dt.date(2024, 1, 13),
            False,
        ),
    ]
    # the identity key is the model's (staging only renames and types): scheme and www. dropped, decoded
    assert con.execute(
        "SELECT url_key FROM connections WHERE NOT is_hidden ORDER BY connected_on DESC"
    ).fetchall() == [
        ("linkedin.com/in/ada-example-1a2b3c",),
        ("linkedin.com/in/jörgen-testsson",),
        ("linkedin.com/in/carl-demo",),
    ]
    assert con.execute(
        "SELECT direction, sent_at, from_name, to_name, message, counterparty_url_key "
        "FROM invitations ORDER BY sent_at"
    ).fetchall() == [
        (
            "outgoing",
            dt.datetime(2024, 3, 7, 9, 5),
            "Owner Name",
            "Ada Example",
            None,
            "linkedin.com/in/ada-example-1a2b3c",
        ),
        (
            "outgoing",
            dt.datetime(2024, 11, 2, 12, 0),
            "Owner Name",
            "Dana Stranger",
            "I'd like to add you to my professional network on LinkedIn.",
            "linkedin.com/in/dana-stranger",
        ),
        (
            "incoming",
            dt.datetime(2024, 12, 16, 23, 52),
            "Bob Sample",
            "Owner Name",
            "Hi, we met at the meetup.",
            "linkedin.com/in/bob-sample",
        ),
    ]
    assert con.execute("SELECT name, url_key FROM me").fetchone() == (
        "Owner Name",
        "linkedin.com/in/owner-name",
    )
    rows = con.execute(
        "SELECT sender_name, content_text, folder, is_draft, is_from_me, is_sponsored, "
        "is_hidden_sender, recipient_url_keys FROM messages ORDER BY message_id"
    ).fetchall()
    assert rows == [
        (
            "Ada Example",
            "Thanks, talk soon",
            "INBOX",
            False,
            False,
            False,
            False,
            ["linkedin.com/in/owner-name"],
        ),
        (
            "Owner Name",
            "Hi Ada & team, lunch on Friday?",
            "INBOX",
            False,
            True,
            False,
            False,
            ["linkedin.com/in/ada-example-1a2b3c"],
        ),
        (
            "Owner Name",
            "Agenda attached",
            "ARCHIVE",
            False,
            True,
            False,
            False,
            ["linkedin.com/in/ada-example-1a2b3c", "linkedin.com/in/bob-sample"],
        ),
        (
            "Sponsor Corp",
            "Hi %FIRSTNAME%,",
            "INBOX",
            False,
            False,
            True,
            False,
            ["linkedin.com/in/owner-name"],
        ),
        ("LinkedIn Member", "Hello there", "SPAM", False, False, False, True, ["linkedin.com/in/owner-name"]),
        ("Owner Name", "draft text", None, True, True, False, False, ["linkedin.com/in/carl-demo"]),
    ]
    # One person across files: Ada is in connections, invitations, messages and endorsements.
    ada = con.execute(
        "SELECT person_id FROM people WHERE url_key = 'linkedin.com/in/ada-example-1a2b3c'"
    ).fetchall()
    assert len(ada) == 1
    sql = "SELECT DISTINCT person_id FROM endorsements WHERE first_name = 'Ada'"
    assert con.execute(sql).fetchall() == ada
    # Recommendations have no URL: joined by name ("Sample, MBA" -> bob sample).
    bob = con.execute("SELECT person_id FROM people WHERE url_key = 'linkedin.com/in/bob-sample'").fetchone()
    assert con.execute("SELECT person_id FROM recommendations").fetchone() == bob
    assert con.execute("SELECT message FROM comments ORDER BY commented_at").fetchall() == [
        ("First line\nsecond line, with comma\n\nthird",),
        ("Quoted, one line",),
    ]
    assert con.execute(
        "SELECT company_name, started_on, finished_on, is_current FROM positions ORDER BY started_on"
    ).fetchall() == [
        ("Old Co", dt.date(2017, 1, 1), dt.date(2018, 1, 1), False),
        ("Example Corp", dt.date(2019, 6, 1), None, True),
    ]
    files = dict(con.execute("SELECT member_path, status FROM ingest_files").fetchall())
    assert files["Mystery_File.csv"] == "unknown"
    assert files["guide_messages.csv"] == "empty" and files["Profile Summary.csv"] == "empty"
    assert files["Jobs/Saved Jobs.csv"] == "raw"
    assert con.execute("SELECT count(*) FROM raw.job_applicant_screening_responses").fetchone() == (2,)
    assert con.execute("SELECT export_date, export_date_source, kind FROM exports").fetchone() == (
        dt.date(2024, 12, 20),
        "archive_name",
        "complete",
    )
    # Raw rows keep file order (no line column: numbering them at load made it single-threaded); the staging
    # view numbers them.
    assert con.execute("SELECT file, line FROM staging.invitations ORDER BY line").fetchall() == [
        ("Invitations.csv", 1),
        ("Invitations.csv", 2),
        ("Invitations.csv", 3),
    ]
    numbered = con.execute("SELECT to_name FROM staging.invitations ORDER BY line").fetchall()
    assert numbered == con.execute("SELECT txt(to_name) FROM raw.invitations").fetchall()


def test_2018_legacy_messages_and_utf16(as_input, tmp_path):
    con = ingest(as_input(Y2018), tmp_path / "db.duckdb")
    rows = con.execute(
        "SELECT sender_name, sent_at, content_text, folder, is_from_me FROM messages ORDER BY sent_at"
    ).fetchall()
    assert rows == [
        ("Old Owner", dt.datetime(2018, 10, 2, 19, 45), "Hi Ada it’s me", "SENT", True),
        ("Ada Example", dt.datetime(2018, 10, 3, 8, 0), "Nice to hear", "INBOX", False),
        ("Bob Sample", dt.datetime(2018, 10, 5, 9, 0), "Ping", "ARCHIVE", False),
    ]
    # "Re: Hello" answers "Hello" (reply prefixes are stripped before deriving the id): 2 threads
    assert con.execute(
        "SELECT count(DISTINCT conversation_id) FROM messages WHERE conversation_id LIKE 'legacy-%'"
    ).fetchone() == (2,)
    assert con.execute("SELECT name, url_key FROM me").fetchone() == ("Old Owner", None)
    assert con.execute("SELECT shared_at, share_commentary, visibility FROM shares").fetchall() == [
        (dt.datetime(2017, 6, 1, 9, 30), "Hello world", "PUBLIC")
    ]
    sql = "SELECT encoding FROM ingest_files WHERE member_path = 'Shares.csv'"
    assert con.execute(sql).fetchone() == ("utf-16",)
    assert con.execute("SELECT connected_on FROM connections ORDER BY 1").fetchall() == [
        (dt.date(2018, 1, 9),),
        (dt.date(2018, 10, 2),),
    ]
    # 2018: no URLs anywhere, so people are joined by name; Ada is one person in connections and messages.
    assert con.execute("SELECT count(*) FROM people WHERE name_key = 'ada example'").fetchone() == (1,)
    assert con.execute("SELECT first_name, emails, created_at FROM contacts").fetchall() == [
        ("Eve", "eve@example.org", dt.datetime(2015, 6, 21, 10, 2))
    ]


def test_2026_fully_quoted_sentinel_suffix_and_parse_failure(as_input, tmp_path):
    con = ingest(as_input(Y2026), tmp_path / "db.duckdb")
    assert con.execute(
        "SELECT content, is_sponsored, is_from_me, attachments FROM messages ORDER BY sent_at"
    ).fetchall() == [
        ('<p class="spinmail-quill-editor__spin-break">Hi %FIRSTNAME%,</p>', True, False, None),
        ("Line one\nline two", False, True, "https://www.linkedin.com/dms/prv/vid/v2/x"),
    ]
    files = dict(con.execute("SELECT member_path, status FROM ingest_files").fetchall())
    assert files["LearningCoachMessages.csv"] == "empty"
    assert files["Reactions_997361.csv"] == "typed"
    assert con.execute("SELECT source, column_name, failures, example FROM parse_failures").fetchall() == [
        ("reactions", "date", 1, "not a date")
    ]
    assert con.execute("SELECT kind FROM exports").fetchone() == ("complete",)
    sql = "SELECT count(*) FILTER (WHERE is_hidden), count(*) FROM connections"
    assert con.execute(sql).fetchone() == (1, 2)


def test_folder_and_zip_have_the_same_fingerprint(tmp_path):
    from linkedin_audit.ingest.archive import fingerprint_of

    folder = FIXTURES / DEC_2024
    copy = tmp_path / "copy" / DEC_2024
    shutil.copytree(folder, copy)
    assert fingerprint_of(folder) == fingerprint_of(make_zip(copy, tmp_path))


def test_2020_upper_case_legacy_messages(as_input, tmp_path):
    con = ingest(as_input("Basic_LinkedInDataExport_02-01-2020"), tmp_path / "db.duckdb")
    assert con.execute(
        "SELECT sender_name, sent_at, content_text, is_from_me FROM messages ORDER BY sent_at"
    ).fetchall() == [
        ("Mid Owner", dt.datetime(2019, 11, 5, 14, 8, 20), "Hello Ada", True),
        ("Ada Example", dt.datetime(2019, 11, 6, 9, 0), "Hi back & thanks", False),
    ]
    # both directions of the 1:1 thread without subject share one derived conversation id
    assert con.execute("SELECT count(DISTINCT conversation_id) FROM messages").fetchone() == (1,)
    assert con.execute("SELECT name FROM me").fetchone() == ("Mid Owner",)
    assert con.execute("SELECT count(*) FROM connections WHERE is_hidden").fetchone() == (1,)


def test_sep_2022_nine_columns_utf16_duplicate_and_comments(as_input, tmp_path):
    con = ingest(as_input("Complete_LinkedInDataExport_09-15-2022"), tmp_path / "db.duckdb")
    assert con.execute("SELECT name, url_key FROM me").fetchone() == (
        "Sep Owner",
        "linkedin.com/in/sep-owner",
    )
    # the UTF-16 `Endorsement Received Info.csv` repeats the UTF-8 file's row: one endorsement
    sql = "SELECT direction, endorsed_at, skill, first_name, status FROM endorsements"
    assert con.execute(sql).fetchall() == [
        ("received", dt.datetime(2022, 2, 1, 15, 2, 55), "SQL", "Ada", "ACCEPTED")
    ]
    # Connections has no URL in 2022: Ada is joined by name to the URL person of messages
    ada = con.execute("SELECT person_id FROM people WHERE url_key = 'linkedin.com/in/ada-example-1a2b3c'")
    ada_id = ada.fetchone()
    assert con.execute("SELECT person_id FROM connections WHERE name = 'Ada Example'").fetchone() == ada_id
    assert con.execute("SELECT counterparty_person_id FROM invitations").fetchone() == ada_id
    assert con.execute("SELECT message FROM comments").fetchall() == [("Great post\nreally",)]
    assert con.execute("SELECT content_text FROM messages WHERE is_from_me").fetchall() == [
        ("It’s been a while",)
    ]


def test_2025_ten_columns_blank_last_lines(as_input, tmp_path):
    con = ingest(as_input("Basic_LinkedInDataExport_03-20-2025"), tmp_path / "db.duckdb")
    assert con.execute(
        "SELECT sender_name, recipient_url_keys, content_text, folder, is_from_me FROM messages"
    ).fetchall() == [("Mar Owner", ["linkedin.com/in/ada-example-1a2b3c"], "Hello, one", "ARCHIVE", True)]
    assert con.execute("SELECT count(*) FROM connections").fetchone() == (1,)
    assert con.execute("SELECT direction, counterparty_name FROM invitations").fetchall() == [
        ("incoming", "Ada Example")
    ]
    assert con.execute("SELECT name, url_key FROM me").fetchone() == (
        "Mar Owner",
        "linkedin.com/in/mar-owner",
    )
    assert con.execute("SELECT count(*) FROM parse_failures").fetchone() == (0,)
