"""What the live-answer rule (analyses/live_answers.py) must not hide, and the chats it must not call bots,
found by a red-team pass over its first version (each of these failed on it). Each builds a small export by
hand and runs the real commands: a tool answering sixty people in seven minutes, a scheduler posting into a
busy group, a conversation's opener answered in the same second, a 2018 chat of two lines a turn, two chats
at once, and the same rows in another order."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

from test_minute_clock import Y2018, _stamp, export_2018
from test_verdicts import cli, sql_rows

Y2024 = Path(__file__).parent / "fixtures" / "exports" / "Complete_LinkedInDataExport_12-20-2024"
ME, ME_URL = "Owner Name", "https://www.linkedin.com/in/owner-name"
HEADER = [
    "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO", "RECIPIENT PROFILE URLS",
    "DATE", "SUBJECT", "CONTENT", "FOLDER", "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT",
]  # fmt: skip
T0 = dt.datetime(2024, 11, 20, 14, 0, 0)
AUTOMATION = (
    "SELECT metric, value, status, detail FROM audit_summary WHERE metric IN "
    "('longest_clockwork_run', 'min_train_gap_cv', 'max_train_send_rate') "
    "UNION ALL SELECT 'checklist', NULL, status, measure FROM risk_checklist "
    "WHERE trigger = 'automated bots used to send at scale'"
)


def _person(i: int) -> tuple[str, str]:
    return f"Person{i} Test", f"https://www.linkedin.com/in/person{i}-test"


def _export_2024(tmp: Path, rows: list[tuple[str, str, str, str, str, dt.datetime, str]]) -> Path:
    folder = tmp / "export" / Y2024.name
    shutil.copytree(Y2024, folder)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    for conv, frm, furl, to, turl, at, text in rows:
        w.writerow(
            [
                conv,
                "",
                frm,
                furl,
                to,
                turl,
                at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                "",
                text,
                "INBOX",
                "No",
                "No",
            ]
        )
    (folder / "messages.csv").write_text(buf.getvalue(), encoding="utf-8")
    return folder


def _automation(tmp: Path, folder: Path) -> dict[str, tuple[object, str]]:
    """Each automation measure's (value, status), the checklist row's too, and `details`: their details."""
    db = tmp / "x.duckdb"
    done = cli("ingest", str(folder), "--db", str(db), tmp=tmp)
    assert done.returncode == 0, done.stderr
    rows = sql_rows(db, AUTOMATION, tmp)
    got: dict[str, tuple[object, str]] = {r["metric"]: (r["value"], r["status"]) for r in rows}
    got["details"] = (None, " | ".join(r["detail"] for r in rows if r["metric"] != "checklist"))
    return got


def test_an_auto_responder_answering_60_people_in_7_minutes_is_still_a_bot(tmp_path: Path) -> None:
    """A 'DM me GUIDE' tool: 60 different people write within 8 minutes (3-13 s apart), the member's tool
    answers each, personalised, 8 s later. Nobody answers 60 conversations in 8 minutes by hand: an answer
    is live only while the member's sends of the 10 minutes before went to at most 3 conversations, so these
    stay a train (about 7.5 a minute: high), as before the rule."""
    rows, t = [], T0
    for i in range(60):
        t += dt.timedelta(seconds=3 + (i * 7) % 11)
        name, url = _person(i)
        rows.append((f"2-c{i}", name, url, ME, ME_URL, t, "PDF please"))
        reply = f"Hi {name.split()[0]}, here is the guide: https://example.com/guide.pdf"
        rows.append((f"2-c{i}", ME, ME_URL, name, url, t + dt.timedelta(seconds=8), reply))
    got = _automation(tmp_path, _export_2024(tmp_path, rows))
    assert got["max_train_send_rate"][1] == "high", got
    assert got["checklist"][1] == "high", got


def test_a_scheduler_posting_every_5_minutes_into_a_busy_group_is_still_a_beat(tmp_path: Path) -> None:
    """12 posts exactly 5 minutes apart into a group chat where 5 others write every 1-3 minutes. In a group
    the message before is not necessarily to the member: live answers are only in conversations with one
    other person, so the beat stays a clockwork run of 12 (watch)."""
    members = [_person(100 + k) for k in range(5)]
    to_all, urls = ", ".join(m[0] for m in members), ", ".join(m[1] for m in members)
    events = [(T0 + dt.timedelta(minutes=5 * k, seconds=30), -1) for k in range(12)]
    t = T0
    for k in range(40):
        t += dt.timedelta(seconds=60 + (k * 37) % 120)
        events.append((t, k % 5))
    rows = []
    for at, who in sorted(events):
        if who < 0:
            rows.append(("2-group", ME, ME_URL, to_all, urls, at, "Reminder: fill in the sheet"))
        else:
            name, url = members[who]
            rows.append(
                ("2-group", name, url, f"{ME}, {to_all}", f"{ME_URL}, {urls}", at, f"chat {at.minute}")
            )
    got = _automation(tmp_path, _export_2024(tmp_path, rows))
    assert got["longest_clockwork_run"] == (12, "watch"), got


def test_a_conversation_opener_is_never_a_live_answer(tmp_path: Path) -> None:
    """12 conversations the member opened (conversations.started_by_me), each answered in the same second.
    One tie rule everywhere (the owner's message first at the same time, as conversations.sql): an opener
    answers nothing, so the run is in the messages stream as in thread_starts."""
    rows = []
    for i in range(12):
        name, url = _person(300 + i)
        at = T0 + dt.timedelta(seconds=120 * i)
        rows.append((f"2-k{i}", ME, ME_URL, name, url, at, f"Hi {name}, quick question"))
        rows.append((f"2-k{i}", name, url, ME, ME_URL, at, "Auto-reply: I am out of office"))
    db = tmp_path / "x.duckdb"
    done = cli("ingest", str(_export_2024(tmp_path, rows)), "--db", str(db), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    started = sql_rows(db, "SELECT count(*) AS n FROM conversations WHERE started_by_me", tmp_path)[0]["n"]
    assert started == 12
    runs = sql_rows(
        db, "SELECT stream, n FROM send_bursts WHERE kind = 'clockwork' ORDER BY stream", tmp_path
    )
    assert runs == [{"stream": "messages", "n": 12}, {"stream": "thread_starts", "n": 12}], runs


def test_a_2018_chat_where_the_member_writes_two_lines_a_turn_is_no_bot(tmp_path: Path) -> None:
    """A 2018 chat with one friend where the member writes two lines per turn (Ada 19:00, me 19:01, me
    19:02, Ada 19:03 ...). The second line continues the member's turn inside the same stretch of the chat:
    as live as the first. Otherwise 12 sends exactly 3 minutes apart read clockwork 12 and 'automated bots
    used to send at scale: high'."""
    first = dt.datetime(2018, 10, 5, 19, 0)
    lines = []
    for i in range(12):
        at = first + dt.timedelta(minutes=3 * i)
        lines.append(f'Ada Example,Old Owner,"{_stamp(at)}",Re: Hello,"question {i}",INCOMING,INBOX')
        for k, text in ((1, f"answer {i}"), (2, f"and also {i}")):
            stamp = _stamp(at + dt.timedelta(minutes=k))
            lines.append(f'Old Owner,Ada Example,"{stamp}",Hello,"{text}",OUTGOING,SENT')
    got = _automation(tmp_path, export_2018(tmp_path / "chat" / Y2018.name, lines))
    assert got["checklist"][1] != "high", got
    assert got["longest_clockwork_run"][1] in ("ok", "not_enough_data"), got


def test_2018_member_chatting_with_two_friends_at_once_is_no_bot(tmp_path: Path) -> None:
    """2018 minute clock: the member keeps two 1:1 chats going at once (Ada, Bob, Ada, Bob ...), each
    friend writes, the member answers a minute later. A person keeps two or three chats going: these are
    live answers, not 14 sends 2 minutes apart at a machine's beat (the second version's 'right after the
    member's own previous send to that conversation' missed them)."""
    first = dt.datetime(2018, 10, 5, 19, 0)
    lines = []
    for i in range(14):
        friend = "Ada Example" if i % 2 == 0 else "Bob Sample"
        at = first + dt.timedelta(minutes=2 * i)
        lines.append(f'{friend},Old Owner,"{_stamp(at)}",Re: Hi {friend},"q {i}",INCOMING,INBOX')
        stamp = _stamp(at + dt.timedelta(minutes=1))
        lines.append(f'Old Owner,{friend},"{stamp}",Hi {friend},"a {i}",OUTGOING,SENT')
    got = _automation(tmp_path, export_2018(tmp_path / "chat" / Y2018.name, lines))
    assert got["checklist"][1] != "high", got
    assert "(14 answers in a live exchange left out)" in got["details"][1], got  # each after its line


def test_2024_two_chats_at_once_is_no_bot(tmp_path: Path) -> None:
    """The same with seconds: two friends, the member answers each 40-70 s after their line, alternating."""
    (a, au), (b, bu) = _person(1), _person(2)
    rows, t = [], T0
    for i in range(24):
        name, url = (a, au) if i % 2 == 0 else (b, bu)
        rows.append((f"2-{name}", name, url, ME, ME_URL, t, f"line {i}"))
        t += dt.timedelta(seconds=40 + (i * 13) % 30)
        rows.append((f"2-{name}", ME, ME_URL, name, url, t, f"answer {i}"))
        t += dt.timedelta(seconds=5)
    got = _automation(tmp_path, _export_2024(tmp_path, rows))
    assert got["checklist"][1] != "high", got
    assert "(24 answers in a live exchange left out)" in got["details"][1], got  # each after its line


def _ties_2018(tmp: Path, ada_first: bool) -> dict[str, tuple[object, str]]:
    lines: list[str] = []
    base = dt.datetime(2018, 10, 5, 19, 0)
    for i in range(12):
        t = base + dt.timedelta(minutes=5 * i)
        ada = [
            f'Ada Example,Old Owner,"{_stamp(t)}",Hello,"q{i}",INCOMING,INBOX',
            f'Old Owner,Ada Example,"{_stamp(t + dt.timedelta(minutes=1))}",Hello,"a{i}",OUTGOING,SENT',
            f'Old Owner,Ada Example,"{_stamp(t + dt.timedelta(minutes=2))}",Hello,"b{i}",OUTGOING,SENT',
        ]
        bob = [f'Old Owner,Bob Sample,"{_stamp(t + dt.timedelta(minutes=2))}",Note,"n{i}",OUTGOING,SENT']
        lines += ada + bob if ada_first else bob + ada
    folder = export_2018(tmp / ("ada" if ada_first else "bob") / Y2018.name, lines)
    return _automation(tmp / ("ada" if ada_first else "bob"), folder)


def test_live_answers_do_not_depend_on_the_row_order_of_same_minute_sends(tmp_path: Path) -> None:
    """Same rows, two file orders: at a same-minute tie between sends to two conversations the result is the
    same (the second version decided 'the previous send' by the rows' order: a gap CV of 0.62 or 1.05)."""
    assert _ties_2018(tmp_path, True) == _ties_2018(tmp_path, False)
