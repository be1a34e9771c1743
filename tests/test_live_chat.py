"""A live chat is a conversation's pace, not a scheduler's. A 2018 export's dates have no seconds: a member
and a friend writing back and forth every minute give the member's sends gaps of exactly 2 minutes, which read
"automated bots used to send at scale: high" (a clockwork run of 12, a gap CV of 0). The member's answers in a
live exchange are left out of the automation measures (analyses/live_answers.py). Through the real commands
on a hand-written 2018 export (the fixture's other files, this Messages.csv); the same 12 sends to 12 people
who never answer are still a clockwork run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_minute_clock import NAMES, Y2018, _stamp, export_2018
from test_verdicts import cli, sql_rows

LINES = [
    "so how was the move", "and the new team?", "ha, I know that feeling", "did you try the bakery on 5th",
    "we should grab lunch", "Tuesday works?", "great, noon then", "oh and bring the book",
    "the one about maps", "yes that one", "see you then", "take care",
]  # fmt: skip


def _export(tmp: Path, chat: bool) -> Path:
    """12 sends of the member's, 2 minutes apart: to Ada, who answers each a minute later (chat), or to 12
    people who never answer."""
    first = dt.datetime(2018, 10, 5, 19, 0)
    lines = []
    for i, text in enumerate(LINES):
        at = first + dt.timedelta(minutes=2 * i)
        to = "Ada Example" if chat else NAMES[i]
        lines.append(f'Old Owner,{to},"{_stamp(at)}",Hello,"{text}",OUTGOING,SENT')
        if chat:
            answer = _stamp(at + dt.timedelta(minutes=1))
            lines.append(f'Ada Example,Old Owner,"{answer}",Re: Hello,"answer {i + 1}",INCOMING,INBOX')
    return export_2018(tmp / ("chat" if chat else "strangers") / Y2018.name, lines)


def _automation(tmp: Path, chat: bool) -> dict[str, tuple[object, str, str]]:
    db = tmp / f"{'chat' if chat else 'strangers'}.duckdb"
    done = cli("ingest", str(_export(tmp, chat)), "--db", str(db), tmp=tmp)
    assert done.returncode == 0, done.stderr
    rows = sql_rows(
        db,
        "SELECT metric, value, status, detail FROM audit_summary WHERE metric IN "
        "('longest_clockwork_run', 'min_train_gap_cv', 'max_train_send_rate', 'max_messages_1h') "
        "UNION ALL SELECT 'checklist', NULL, status, measure FROM risk_checklist "
        "WHERE trigger = 'automated bots used to send at scale' "
        "UNION ALL SELECT 'clockwork rows', count(*), '', '' FROM send_bursts WHERE kind = 'clockwork'",
        tmp,
    )
    return {r["metric"]: (r["value"], r["status"], r["detail"]) for r in rows}


def test_a_live_chat_on_the_minute_clock_is_no_beat_and_no_bot(tmp_path: Path) -> None:
    got = _automation(tmp_path, chat=True)
    assert got["clockwork rows"][0] == 0
    for metric in ("longest_clockwork_run", "min_train_gap_cv", "max_train_send_rate"):
        value, status, detail = got[metric]
        # 12 sends, a run on their own: 11 of them answer Ada within a minute (the first opens the chat)
        assert (value, status) == (None, "not_enough_data"), (metric, got[metric])
        assert detail.endswith(" (11 answers in a live exchange left out)"), detail
    assert got["checklist"][1] != "high"
    # the volume measures still count every message: 12 sent in the hour
    assert got["max_messages_1h"][:2] == (12, "ok")


def test_the_same_sends_to_people_who_never_answer_are_a_run(tmp_path: Path) -> None:
    got = _automation(tmp_path, chat=False)
    assert got["longest_clockwork_run"][:2] == (12, "watch")
    assert got["clockwork rows"][0] == 2  # the messages stream and the thread starts: one run (detail)
    assert got["min_train_gap_cv"][:2] == (0, "high")
    assert "answers in a live exchange" not in got["longest_clockwork_run"][2]
