"""Marketing senders are not people: LinkedIn Premium offers and brands write with no profile URL
and no conversation title. A hand-written 2022-style export (SENDER PROFILE URL present) and a 2018-style
one (no URL column at all), ingested through the real loader; every expectation written out by hand."""

from __future__ import annotations

from pathlib import Path

import duckdb

from linkedin_audit.build import run_ingest

PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n\n'
)
OWNER_URL = "https://www.linkedin.com/in/sam-owner"
ANN_URL = "https://www.linkedin.com/in/ann-lee"


def _ingest(folder: Path, files: dict[str, str]) -> duckdb.DuckDBPyConnection:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder.parent / "db.duckdb"
    run_ingest([folder], db, analyse=True, progress=False)
    return duckdb.connect(str(db), read_only=True)


def _reasons(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    return dict(con.execute("SELECT conversation_id, exclusion_reason FROM conversations").fetchall())


def test_senders_without_a_profile_url_are_marketing(tmp_path: Path) -> None:
    connections = PREAMBLE + (
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Ann,Lee,,Acme,Engineer,02 Mar 2022\n"
    )
    head = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
    rows = [
        f"2-YTE=,,Ann Lee,{ANN_URL},Sam Owner,2022-06-01 10:00:00 UTC,,Hi Sam,INBOX",
        f"2-YTE=,,Sam Owner,{OWNER_URL},Ann Lee,2022-06-01 11:00:00 UTC,,Hi Ann,INBOX",
        # LinkedIn Premium and a brand: empty URL, empty title (today's sponsored rule needs a title)
        "2-cDE=,,Sales Navigator from LinkedIn Premium,,Sam Owner,2022-06-02 10:00:00 UTC,,"
        '"Sam, reach anyone with InMail. Try Premium free.",INBOX',
        "2-Yk4=,,Northwind Analytics,,Sam Owner,2022-06-03 10:00:00 UTC,,Our spring webinar,INBOX",
        # a hidden member and a titled sponsored message keep their own reasons
        "2-aDE=,,LinkedIn Member,,Sam Owner,2022-06-04 10:00:00 UTC,,Hello,INBOX",
        "2-c3A=,Acme Sponsored,Acme,,Sam Owner,2022-06-05 10:00:00 UTC,,Try Acme,INBOX",
    ]
    con = _ingest(
        tmp_path / "Complete_LinkedInDataExport_09-15-2022",
        {"Connections.csv": connections, "messages.csv": head + "\n".join(rows) + "\n"},
    )
    assert _reasons(con) == {
        "2-YTE=": None,
        "2-cDE=": "marketing",
        "2-Yk4=": "marketing",
        "2-aDE=": "hidden_sender",
        "2-c3A=": "sponsored",
    }


def test_without_the_url_column_a_never_answered_non_connection_is_marketing(tmp_path: Path) -> None:
    connections = (
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        'Ann,Lee,,Acme,Engineer,"3/2/18, 10:00 AM"\n'
    )
    head = "From,To,Date,Subject,Content,Direction,Folder\n"
    rows = [
        'Ann Lee,Sam Owner,"6/1/18, 10:00 AM",Lunch,Hi Sam,INCOMING,INBOX',
        'Sam Owner,Ann Lee,"6/1/18, 11:00 AM",Re: Lunch,Hi Ann,OUTGOING,SENT',
        # a stranger the owner answered: a person
        'Kim Park,Sam Owner,"6/2/18, 10:00 AM",Role,A role for you,INCOMING,INBOX',
        'Sam Owner,Kim Park,"6/2/18, 12:00 PM",Re: Role,Thanks Kim,OUTGOING,SENT',
        # never a connection, never answered, never seen with a URL: not a person
        'Career insights from LinkedIn Premium,Sam Owner,"6/3/18, 10:00 AM",Premium,Try Premium,'
        "INCOMING,INBOX",
    ]
    con = _ingest(
        tmp_path / "Complete_LinkedInDataExport_11-04-2018",
        {"Connections.csv": connections, "Messages.csv": head + "\n".join(rows) + "\n"},
    )
    reasons = _reasons(con)
    assert sorted(reasons.values(), key=str) == [None, None, "marketing"]


def test_export_kind_from_its_own_name(tmp_path: Path) -> None:
    """`Complete_...` with only two files is still a complete export (it was labelled basic)."""
    connections = PREAMBLE + (
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Ann,Lee,,Acme,Engineer,02 Mar 2022\n"
    )
    head = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
    row = f"2-YTE=,,Sam Owner,{OWNER_URL},Ann Lee,2022-06-01 11:00:00 UTC,,Hi Ann,INBOX\n"
    con = _ingest(
        tmp_path / "Complete_LinkedInDataExport_09-15-2022",
        {"Connections.csv": connections, "messages.csv": head + row},
    )
    assert con.execute("SELECT kind FROM exports").fetchall() == [("complete",)]
