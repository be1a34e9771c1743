"""A 2018 export's Messages.csv dates have no seconds ("10/2/18, 7:45 PM"): a member who wrote to 24 people in
24 consecutive minutes has every gap exactly 60 s there, which once read as a machine's steady beat. Through
the real commands on a hand-written 2018 export (the fixture's other files, this Messages.csv): no clockwork
run on that clock; a seven-minute beat still is one."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from test_verdicts import cli, sql_rows

Y2018 = Path(__file__).parent / "fixtures" / "exports" / "Complete_LinkedInDataExport_11-04-2018"
NAMES = [
    "Ada Brook", "Ben Carr", "Cleo Dunn", "Dev Ekman", "Eva Frost", "Finn Gale", "Gus Hale", "Hana Ives",
    "Ivo Jonas", "Jade Kerr", "Kai Lund", "Lea Moss", "Max Nord", "Nia Ortiz", "Oli Park", "Pia Quinn",
    "Raj Rowe", "Sia Stone", "Tom Tate", "Uma Urban", "Vic Vale", "Wes Ward", "Xia Young", "Yan Zell",
]  # fmt: skip


def _stamp(at: dt.datetime) -> str:
    """2018's `%m/%d/%y, %I:%M %p`, as LinkedIn wrote it (no leading zeros)."""
    hour = at.hour % 12 or 12
    return f"{at.month}/{at.day}/{at.strftime('%y')}, {hour}:{at.minute:02d} {'AM' if at.hour < 12 else 'PM'}"


def export_2018(folder: Path, rows: list[str]) -> Path:
    """The fixture's 2018 export copied to `folder` (created), its Messages.csv these rows under the 2018
    header, CRLF as LinkedIn wrote it. The hand-made 2018 exports of the clock tests share it."""
    shutil.copytree(Y2018, folder)
    lines = ["From,To,Date,Subject,Content,Direction,Folder", *rows]
    (folder / "Messages.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return folder


def _export(tmp: Path, gap_minutes: int) -> Path:
    first = dt.datetime(2018, 10, 2, 19, 45)
    lines = []
    for i, name in enumerate(NAMES):
        at = first + dt.timedelta(minutes=gap_minutes * i)
        note = f"Hi {name.split()[0]}, it was good to meet you at the meetup on {i % 3 + 1} October"
        lines.append(f'Old Owner,{name},"{_stamp(at)}",Hello,"{note}",OUTGOING,SENT')
    return export_2018(tmp / f"gap{gap_minutes}" / Y2018.name, lines)


def _clockwork(tmp: Path, gap_minutes: int) -> tuple[float | None, int, int]:
    """(longest_clockwork_run, clockwork rows of send_bursts, sent messages) after the real ingest."""
    db = tmp / f"gap{gap_minutes}.duckdb"
    done = cli("ingest", str(_export(tmp, gap_minutes)), "--db", str(db), tmp=tmp)
    assert done.returncode == 0, done.stderr
    query = (
        "SELECT (SELECT value FROM audit_summary WHERE metric = 'longest_clockwork_run') AS run, "
        "(SELECT count(*) FROM send_bursts WHERE kind = 'clockwork') AS rows, "
        "(SELECT count(*) FROM sent_messages) AS sent"
    )
    row = sql_rows(db, query, tmp)[0]
    return row["run"], row["rows"], row["sent"]


def test_sends_a_minute_apart_on_a_minute_clock_are_no_beat(tmp_path: Path) -> None:
    assert _clockwork(tmp_path, 1) == (0, 0, 24)


def test_a_seven_minute_beat_on_the_same_clock_is_one(tmp_path: Path) -> None:
    run, rows, sent = _clockwork(tmp_path, 7)
    assert (run, sent) == (24, 24) and rows >= 1
