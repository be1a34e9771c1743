"""Issue 25, the data side, through the real CLI in a subprocess on small hand-made exports:

- a redacted report holds no known name of any length, no e-mail address and no URL anywhere in its HTML
  (tables, chart JSON), even where they were typed into company and position fields shared by 3+ people;
  and no day count that ends at the export (`days silent`), which with the export date gave an exact date;
- a connection with the owner's name and no URL (pre-2023 Connections.csv) is a namesake, never the owner;
- two files concatenated: the repeated header and `Notes:` preamble are dropped with one warning; a header
  of other columns mid-file is refused; a column named twice is warned;
- a ZIP of many junk members prints one warning line with the count; `status` lists them (bounded);
- a Connections.csv with many extra columns (a header past 64 KiB) is loaded, its extra columns in raw.

Every expectation is written by hand from the planted files, never read from the code under test."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from linkedin_audit.synth import generate

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or "
    'download their email address using this setting https://www.linkedin.com/psettings/privacy/email."\n'
    "\n"
)
HEADER_2024 = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
MSG_HEADER = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
    "CONTENT,FOLDER\n"
)
OWNER = ("Quentin Oberholzer", "https://www.linkedin.com/in/quentin-oberholzer-9f")


def cli(*args: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "TMPDIR": str(cwd)}
    result = subprocess.run(
        [sys.executable, "-m", "linkedin_audit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def flagged(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [
        ln for ln in (result.stdout + result.stderr).splitlines() if ln.startswith(("error:", "warning:"))
    ]


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# --- 1. a redacted report that redacts --------------------------------------------------------------------

FIVE_WORDS = ("Maria de la Cruz", "Fernandez")  # first, last: a 5-word full name
ONE_WORD = ("Xanthippa", "")  # a 1-word full name (no last name)
ADA = ("Adalbertina", "Lovelacey")
DORMANT = ("Dorotheus", "Wintersleep")
EMAIL = "adalbertina.private@mailbox.example"
TYPED_URL = "https://www.linkedin.com/in/someone-typed-this-7c"
BARE_URL = "linkedin.com/in/another-typed-one-8d"


def _redaction_export(root: Path) -> Path:
    """A 2026-era export: 12 connections, whose company and position fields (each shared by 3+ people)
    hold a 5-word name with a possessive, a 1-word name, a full name, an e-mail address and URLs; one
    dormant tie (four contact days in 2021, both wrote) for the `days silent` list."""
    folder = root / "Complete_LinkedInDataExport_03-01-2026"
    folder.mkdir()
    people = [
        (*FIVE_WORDS, "maria-fernandez-1a", "", "Globex", "Engineer"),
        (*ONE_WORD, "xanthippa-2b", "", "Globex", "Engineer"),
        (*ADA, "adalbertina-lovelacey-3c", EMAIL, "Globex", "Engineer"),
        (*DORMANT, "dorotheus-wintersleep-4d", "", "Globex", "Engineer"),
    ]
    typed = [
        ("Bertram", "Ashgrove", "Maria de la Cruz Fernandez's assistant", "Xanthippa"),
        ("Cornelia", "Birchwell", "Maria de la Cruz Fernandez's assistant", "Xanthippa"),
        ("Desmond", "Cedarholt", "Maria de la Cruz Fernandez's assistant", "Xanthippa"),
        ("Eulalia", "Dunmore", EMAIL, f"Recruiter {TYPED_URL}"),
        ("Fabrizio", "Elmstead", EMAIL, f"Recruiter {TYPED_URL}"),
        ("Gwendolyn", "Fairbairn", EMAIL, f"Recruiter {TYPED_URL}"),
        ("Horatio", "Glenwood", "Adalbertina Lovelacey Consulting", f"Scout {BARE_URL}"),
        ("Ingeborg", "Hollyfield", "Adalbertina Lovelacey Consulting", f"Scout {BARE_URL}"),
        ("Jasper", "Ironside", "Adalbertina Lovelacey Consulting", f"Scout {BARE_URL}"),
    ]
    for first, last, company, position in typed:
        slug = f"{first}-{last}-5e".lower()
        people.append((first, last, slug, "", company, position))
    lines = []
    for n, (first, last, slug, email, company, position) in enumerate(people):
        company_field = f'"{company}"' if "," in company else company
        lines.append(
            f"{first},{last},https://www.linkedin.com/in/{slug},{email},{company_field},{position},"
            f"{10 + n:02d} Jan 2020"
        )
    (folder / "Connections.csv").write_text(PREAMBLE + HEADER_2024 + "\n".join(lines), encoding="utf-8")
    owner_name, owner_url = OWNER
    messages = []
    dormant_url = "https://www.linkedin.com/in/dorotheus-wintersleep-4d"
    for day, (sender, url, to, to_url) in enumerate(
        [
            (owner_name, owner_url, "Dorotheus Wintersleep", dormant_url),
            ("Dorotheus Wintersleep", dormant_url, owner_name, owner_url),
            (owner_name, owner_url, "Dorotheus Wintersleep", dormant_url),
            ("Dorotheus Wintersleep", dormant_url, owner_name, owner_url),
        ]
    ):
        messages.append(
            f"2-ZG9yYQ,,{sender},{url},{to},{to_url},2021-0{3 + day}-1{day} 10:00:00 UTC,,"
            f"Hello again number {day},INBOX"
        )
    ada_url = "https://www.linkedin.com/in/adalbertina-lovelacey-3c"
    messages.append(
        f"2-YWRh,,{owner_name},{owner_url},Adalbertina Lovelacey,{ada_url},2026-01-05 09:00:00 UTC,,"
        "Write to me at " + EMAIL + ",INBOX"
    )
    (folder / "messages.csv").write_text(MSG_HEADER + "\n".join(messages) + "\n", encoding="utf-8")
    (folder / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f'{owner_name},Jasper Ironside,"12/1/25, 9:05 AM",,OUTGOING,{owner_url},'
        "https://www.linkedin.com/in/jasper-ironside-5e\n",
        encoding="utf-8",
    )
    return folder


def _searchable(page: str) -> str:
    """The page as text to search: JSON escapes (`\\/`, `\\u00e9`) and HTML entities undone, lower case."""
    text = page.replace("\\/", "/")
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(text).lower()


def test_redacted_report_holds_no_name_email_url_or_exact_day_count(tmp_path: Path) -> None:
    folder = _redaction_export(tmp_path)
    db = tmp_path / "audit.duckdb"
    assert cli("ingest", str(folder), "--db", str(db), cwd=tmp_path).returncode == 0
    out = tmp_path / "redacted.html"
    # one kernel: the same page (kernels are not the subject; test_reader_leaves and test_first_hour run two)
    result = cli("report", "--db", str(db), "--out", str(out), "--redact", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    page = _searchable(out.read_text(encoding="utf-8"))
    assert "globex" in page  # a company 4 people share is kept, so the scan reads the chart data
    assert "person-" in page  # pseudonyms stand where names were
    names = [" ".join(p).strip() for p in (FIVE_WORDS, ONE_WORD, ADA, DORMANT)] + [OWNER[0]]
    names += [
        f"{f} {last}"
        for f, last in [
            ("Bertram", "Ashgrove"),
            ("Cornelia", "Birchwell"),
            ("Desmond", "Cedarholt"),
            ("Eulalia", "Dunmore"),
            ("Fabrizio", "Elmstead"),
            ("Gwendolyn", "Fairbairn"),
            ("Horatio", "Glenwood"),
            ("Ingeborg", "Hollyfield"),
            ("Jasper", "Ironside"),
        ]
    ]
    for name in names:
        assert name.lower() not in page, name
    # the distinctive words of the planted names, alone too (a 1-word name, a possessive's stem)
    for word in ("xanthippa", "fernandez", "adalbertina", "lovelacey", "wintersleep", "oberholzer"):
        assert word not in page, word
    for secret in (EMAIL, TYPED_URL, BARE_URL, "linkedin.com/in/", "@mailbox.example"):
        assert secret.lower() not in page, secret
    # the shared company totals survive with their names scrubbed: the possessive's rest stays
    assert "'s assistant" in page and "consulting" in page
    # the dormant tie is listed (by pseudonym), without a day count that ends at the export
    assert "dormant ties worth reviving" in page
    assert "days silent" not in page and "days_silent" not in page
    silent = (dt.date(2026, 3, 1) - dt.date(2021, 6, 13)).days  # the last contact: 2021-06-13
    assert f"{silent:,}" not in page and f'"{silent}"' not in page


# --- 2. the owner's namesake ------------------------------------------------------------------------------


def _namesake_export(root: Path) -> Path:
    """A Sep-2022 export (no URL column in Connections.csv, invitations without URLs): the owner `Sep Owner`
    (URL in messages) and a connection named `Sep Owner` too, who works elsewhere."""
    folder = root / "Complete_LinkedInDataExport_09-15-2022"
    folder.mkdir()
    (folder / "Connections.csv").write_text(
        PREAMBLE + "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Ada,Example,,Example Corp,Engineer,07 Mar 2022\n"
        "Sep,Owner,,Namesake Inc,Designer,01 Feb 2021",
        encoding="utf-8",
    )
    (folder / "Invitations.csv").write_text(
        'From,To,Sent At,Message,Direction\nSep Owner,Ada Example,"2/7/22, 9:05 AM",,OUTGOING\n',
        encoding="utf-8",
    )
    (folder / "messages.csv").write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
        "2-YWJj,,Sep Owner,https://www.linkedin.com/in/sep-owner,Ada Example,2022-09-01 10:00:00 UTC,,"
        "Long time,INBOX\n"
        "2-YWJj,,Ada Example,https://www.linkedin.com/in/ada-example-1a2b3c,Sep Owner,"
        "2022-09-02 10:00:00 UTC,,Indeed,INBOX\n",
        encoding="utf-8",
    )
    return folder


def test_a_connection_with_the_owners_name_and_no_url_is_a_namesake(tmp_path: Path) -> None:
    db = tmp_path / "audit.duckdb"
    r = cli("ingest", str(_namesake_export(tmp_path)), "--db", str(db), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    [(me, me_url)] = rows(db, "SELECT person_id, url_key FROM me")
    assert me_url == "linkedin.com/in/sep-owner"
    namesake = rows(db, "SELECT person_id, company FROM connections WHERE name = 'Sep Owner'")
    assert len(namesake) == 1 and namesake[0][1] == "Namesake Inc"
    assert namesake[0][0] is not None and namesake[0][0] != me
    assert rows(db, "SELECT count(*) FROM tie_strength WHERE person_id = ?".replace("?", str(me))) == [(0,)]
    assert rows(db, f"SELECT is_connection FROM people WHERE person_id = {me}") == [(False,)]
    assert rows(db, "SELECT count(*) FROM connections") == [(2,)]  # Ada and the namesake
    # the owner still sent the first message and is in the conversation; the namesake is not
    assert rows(
        db, "SELECT sender_person_id = (SELECT person_id FROM me) FROM messages ORDER BY sent_at"
    ) == [
        (True,),
        (False,),
    ]
    assert rows(db, f"SELECT count(*) FROM conversation_participants WHERE person_id = {namesake[0][0]}") == [
        (0,)
    ]


def test_a_2018_namesake_writing_to_the_owner_stays_another_person(tmp_path: Path) -> None:
    """No URL anywhere (2018): the owner is who Profile.csv, the outgoing invitations and OUTGOING messages
    name; an INCOMING message from `Old Owner` and the connection `Old Owner` are the namesake."""
    folder = tmp_path / "Complete_LinkedInDataExport_11-04-2018"
    shutil.copytree(Path(__file__).parent / "fixtures/exports/Complete_LinkedInDataExport_11-04-2018", folder)
    with (folder / "Connections.csv").open("a", encoding="utf-8") as fh:
        fh.write('Old,Owner,old.namesake@example.org,Namesake Inc,Designer,"3/9/17, 3:27 PM"\n')
    with (folder / "Messages.csv").open("a", encoding="utf-8") as fh:
        fh.write('Old Owner,Old Owner,"10/7/18, 9:00 AM",,Hi namesake,INCOMING,INBOX\n')
    db = tmp_path / "audit.duckdb"
    assert cli("ingest", str(folder), "--db", str(db), cwd=tmp_path).returncode == 0
    [(me,)] = rows(db, "SELECT person_id FROM me")
    [(namesake,)] = rows(db, "SELECT person_id FROM connections WHERE name = 'Old Owner'")
    assert namesake is not None and namesake != me
    assert rows(
        db,
        "SELECT content, sender_person_id, is_from_me FROM messages WHERE sender_name = 'Old Owner' "
        "ORDER BY sent_at",
    ) == [("Hi Ada it&rsquo;s me", me, True), ("Hi namesake", namesake, False)]
    assert rows(db, f"SELECT count(*) FROM tie_strength WHERE person_id = {me}") == [(0,)]


@pytest.mark.parametrize("era", [2018, 2022])
def test_generator_namesake_is_another_person(tmp_path: Path, era: int) -> None:
    """The generator plants a connection named exactly like the owner (truth `owner_namesake`); in the
    eras without a URL column it must not become the owner."""
    folder = next(p for p in generate(tmp_path / "export", scale="tiny", seed=3, era=era) if p.is_dir())
    truth = json.loads(next((tmp_path / "export").glob("*.truth.json")).read_text())
    planted = truth["owner_namesake"]
    assert planted["name"] == truth["owner"]["name"]
    db = tmp_path / "audit.duckdb"
    assert cli("ingest", str(folder), "--db", str(db), cwd=tmp_path).returncode == 0
    [(me,)] = rows(db, "SELECT person_id FROM me")
    found = rows(db, f"SELECT person_id, connected_on FROM connections WHERE name = '{planted['name']}'")
    assert [str(d) for _, d in found] == [planted["connected_on"]]
    assert found[0][0] is not None and found[0][0] != me
    assert rows(db, f"SELECT count(*) FROM tie_strength WHERE person_id = {me}") == [(0,)]
    assert rows(db, f"SELECT tie_class FROM tie_strength WHERE person_id = {found[0][0]}") == [("never",)]


# --- 3. files concatenated, a column named twice ----------------------------------------------------------

ADA_ROW = "Ada,Example,https://www.linkedin.com/in/ada-example,,Acme,Engineer,07 Mar 2024\n"
BOB_ROW = "Bob,Sample,https://www.linkedin.com/in/bob-sample,,Initech,CTO,08 Mar 2023"  # no final newline
CY_ROW = "Cy,Other,https://www.linkedin.com/in/cy-other,,Acme,Designer,09 Mar 2022\n"
MSG_1 = (
    "2-YQ,,Ada Example,https://www.linkedin.com/in/ada-example,Quentin Oberholzer,"
    "https://www.linkedin.com/in/quentin-oberholzer-9f,2024-03-01 10:00:00 UTC,,hi,INBOX\n"
)
MSG_2 = (
    "2-YQ,,Quentin Oberholzer,https://www.linkedin.com/in/quentin-oberholzer-9f,Ada Example,"
    "https://www.linkedin.com/in/ada-example,2024-03-02 10:00:00 UTC,,hello,INBOX\n"
)


def _folder(root: Path, files: dict[str, str]) -> Path:
    folder = root / "Complete_LinkedInDataExport_04-01-2026"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_concatenated_files_drop_the_repeated_header_and_preamble(tmp_path: Path) -> None:
    """`cat` of two Connections.csv (the first without a final newline, as LinkedIn writes it: the second's
    `Notes:` is glued to its last row) and of two messages.csv."""
    folder = _folder(
        tmp_path,
        {
            "Connections.csv": PREAMBLE + HEADER_2024 + ADA_ROW + BOB_ROW + PREAMBLE + HEADER_2024 + CY_ROW,
            "messages.csv": MSG_HEADER + MSG_1 + MSG_HEADER + MSG_2,
        },
    )
    db = tmp_path / "audit.duckdb"
    r = cli("ingest", str(folder), "--db", str(db), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    [line] = flagged(r)
    assert line.startswith("warning:")
    assert "Connections.csv holds files concatenated: 1 repeated header (line 9)" in line
    assert "2 lines of a repeated `Notes:` preamble dropped" in line
    assert "messages.csv holds files concatenated: 1 repeated header (line 3)" in line
    assert rows(
        db, "SELECT first_name, last_name, company, connected_on::VARCHAR FROM connections ORDER BY 1"
    ) == [
        ("Ada", "Example", "Acme", "2024-03-07"),
        ("Bob", "Sample", "Initech", "2023-03-08"),
        ("Cy", "Other", "Acme", "2022-03-09"),
    ]
    assert rows(db, "SELECT sender_name, content FROM messages ORDER BY sent_at") == [
        ("Ada Example", "hi"),
        ("Quentin Oberholzer", "hello"),
    ]
    assert rows(db, "SELECT count(*) FROM parse_failures") == [(0,)]
    status = cli("status", "--db", str(db), cwd=tmp_path)
    assert "a repeated header dropped" in status.stdout and "preamble" in status.stdout


def test_a_repeated_header_alone_is_dropped(tmp_path: Path) -> None:
    """Without a preamble (2018-2021 files) DuckDB reads the header row as data: it must still go."""
    header = "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    folder = _folder(
        tmp_path,
        {
            "Connections.csv": header
            + "Ada,Example,,Acme,Engineer,07 Mar 2020\n"
            + header
            + "Bob,Sample,,Initech,CTO,08 Mar 2019\n"
        },
    )
    db = tmp_path / "audit.duckdb"
    r = cli("ingest", str(folder), "--db", str(db), "--same-owner", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    [line] = flagged(r)
    assert "Connections.csv holds files concatenated: 1 repeated header (line 3) dropped" in line
    assert rows(db, "SELECT name FROM connections ORDER BY 1") == [("Ada Example",), ("Bob Sample",)]


def test_a_header_of_other_columns_mid_file_is_refused(tmp_path: Path) -> None:
    old = "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    folder = _folder(tmp_path, {"Connections.csv": HEADER_2024 + ADA_ROW + old + "Zed,X,,Q,R,01 Jan 2020\n"})
    db = tmp_path / "audit.duckdb"
    r = cli("ingest", str(folder), "--db", str(db), cwd=tmp_path)
    assert r.returncode != 0
    [line] = flagged(r)
    assert line.startswith("error: Connections.csv: line 3 is a header with other columns")
    assert not db.exists()


def test_a_column_named_twice_is_warned_and_both_are_kept_in_raw(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {"Connections.csv": HEADER_2024.rstrip("\n") + ",Company\n" + ADA_ROW.rstrip("\n") + ",Other Co\n"},
    )
    db = tmp_path / "audit.duckdb"
    r = cli("ingest", str(folder), "--db", str(db), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    [line] = flagged(r)
    assert "Connections.csv: column 'Company' appears 2 times in the header (line 1)" in line
    assert "kept in raw as company_2" in line
    assert rows(db, "SELECT company, company_2 FROM raw.connections") == [("Acme", "Other Co")]
    assert rows(db, "SELECT company FROM connections") == [("Acme",)]


# --- 4. a ZIP of junk members -----------------------------------------------------------------------------


def test_a_zip_of_many_junk_members_prints_one_warning_line(tmp_path: Path) -> None:
    junk = 20_000
    archive = tmp_path / "Complete_LinkedInDataExport_03-01-2026.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Connections.csv", HEADER_2024 + ADA_ROW)
        for i in range(junk):
            zf.writestr(f"junk/file_{i}.txt", "x")
    db = tmp_path / "audit.duckdb"
    r = cli("ingest", str(archive), "--db", str(db), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    [line] = flagged(r)
    assert f"{junk:,} files of {archive.name} are not part of a LinkedIn export" in line
    assert len((r.stdout + r.stderr).splitlines()) < 60
    assert rows(db, "SELECT count(*) FROM ingest_files WHERE status = 'unknown'") == [(junk,)]
    assert rows(db, "SELECT count(*) FROM connections") == [(1,)]
    status = cli("status", "--db", str(db), cwd=tmp_path)
    assert status.returncode == 0
    listed = [ln for ln in status.stdout.splitlines() if ln.startswith("unknown file (not loaded)")]
    assert len(listed) == 100
    assert f"... {junk - 100:,} more unknown files (of {junk:,})" in status.stdout
    assert [p for p in tmp_path.iterdir() if p.name.startswith("linkedin-audit-")] == []


# --- 5. extra columns -------------------------------------------------------------------------------------


def test_connections_with_many_extra_columns_are_loaded(tmp_path: Path) -> None:
    """150 extra columns with long names: the header line passes 64 KiB (it was refused as having no
    header row); the extra values are kept in raw."""
    extra = [f"My own note column number {i} " + "x" * 420 for i in range(150)]
    header = HEADER_2024.rstrip("\n") + "," + ",".join(extra) + "\n"
    assert len(header) > 64 * 1024
    row = ADA_ROW.rstrip("\n") + "," + ",".join(f"v{i}" for i in range(150)) + "\n"
    folder = _folder(tmp_path, {"Connections.csv": PREAMBLE + header + row})
    db = tmp_path / "audit.duckdb"
    r = cli("ingest", str(folder), "--db", str(db), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert flagged(r) == []
    assert rows(db, "SELECT name, company FROM connections") == [("Ada Example", "Acme")]
    columns = [
        c
        for (c,) in rows(
            db,
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'connections' "
            "AND schema_name = 'raw' AND column_name LIKE 'my_own_note%'",
        )
    ]
    assert len(columns) == 150
    assert rows(db, f'SELECT "{columns[149]}" FROM raw.connections') == [("v149",)]


def test_thousands_of_columns_are_refused_in_one_line(tmp_path: Path) -> None:
    header = HEADER_2024.rstrip("\n") + "".join(f",E{i}" for i in range(3000)) + "\n"
    folder = _folder(tmp_path, {"Connections.csv": header + ADA_ROW.rstrip("\n") + ",v" * 3000 + "\n"})
    db = tmp_path / "audit.duckdb"
    r = cli("ingest", str(folder), "--db", str(db), cwd=tmp_path, timeout=120)
    assert r.returncode != 0
    [line] = flagged(r)
    assert line.startswith("error: Connections.csv has 3,007 columns, more than 200")
