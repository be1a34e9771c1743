"""connection_profile's last message either way (network/profile.py): in any conversation the owner and the
connection both take part in, the owner's messages and the connection's own count, a third member's do not;
on the same second the owner's wins. A hand-written export in today's format through the real ingest; every
expectation written out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from linkedin_audit.build import run_ingest

PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n\n'
)
URL = "https://www.linkedin.com/in/"
OWNER = ("Sam Owner", URL + "sam-owner")
ANN, BO, CY, DI, EVE = (
    (f"{first} {last}", f"{URL}{first.lower()}-{last.lower()}")
    for first, last in (("Ann", "Lee"), ("Bo", "Ek"), ("Cy", "Ng"), ("Di", "Ho"), ("Eve", "Lund"))
)
HEAD = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
    "CONTENT,FOLDER,ATTACHMENTS\n"
)


def _row(conversation: str, sender: tuple[str, str], to: list[tuple[str, str]], at: str) -> str:
    names = ", ".join(n for n, _ in to)
    urls = ",".join(u for _, u in to)
    return f'{conversation},,{sender[0]},{sender[1]},"{names}","{urls}",{at} UTC,,Hello,INBOX,\n'


def test_last_message_either_way_per_connection(tmp_path: Path) -> None:
    connections = PREAMBLE + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    for name, url in (ANN, BO, CY, DI, EVE):
        first, last = name.split()
        connections += f"{first},{last},{url},,Acme,Engineer,02 Mar 2024\n"
    rows = [
        # Ann alone: she wrote, the owner answered last
        _row("2-QUE=", ANN, [OWNER], "2026-01-01 10:00:00"),
        _row("2-QUE=", OWNER, [ANN], "2026-01-02 09:00:00"),
        # a group of the owner, Ann and Cy: the owner's later message counts for Ann, Cy's latest one
        # counts for Cy only (for Ann it is a third member's), Ann's own earlier one is not the last
        _row("2-R1I=", ANN, [OWNER, CY], "2026-01-10 08:00:00"),
        _row("2-R1I=", OWNER, [ANN, CY], "2026-01-20 10:00:00"),
        _row("2-R1I=", CY, [OWNER, ANN], "2026-02-01 07:00:00"),
        # Bo in two conversations: the owner's first, Bo's own later one elsewhere is the last
        _row("2-Qm8=", OWNER, [BO], "2026-01-05 10:00:00"),
        _row("2-Qm8=", BO, [OWNER], "2026-01-06 10:00:00"),
        _row("2-Qm9=", BO, [OWNER], "2026-03-01 18:30:00"),
        # Di and the owner on the same second: the owner's
        _row("2-RGk=", DI, [OWNER], "2026-01-07 12:00:00"),
        _row("2-RGk=", OWNER, [DI], "2026-01-07 12:00:00"),
    ]
    folder = tmp_path / "Complete_LinkedInDataExport_03-14-2026"
    folder.mkdir()
    (folder / "Connections.csv").write_text(connections, encoding="utf-8")
    (folder / "messages.csv").write_text(HEAD + "".join(rows), encoding="utf-8")
    db = tmp_path / "db.duckdb"
    run_ingest([folder], db, analyse=True, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    got = {
        name: (at, by)
        for name, at, by in con.execute(
            "SELECT name, last_message_at, last_message_by FROM connection_profile"
        ).fetchall()
    }
    assert got == {
        "Ann Lee": (dt.datetime(2026, 1, 20, 10, 0), "me"),
        "Bo Ek": (dt.datetime(2026, 3, 1, 18, 30), "them"),
        "Cy Ng": (dt.datetime(2026, 2, 1, 7, 0), "them"),
        "Di Ho": (dt.datetime(2026, 1, 7, 12, 0), "me"),
        "Eve Lund": (None, None),
    }
