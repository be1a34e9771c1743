"""The verdicts a person sees, on small hand-made exports of patterns real exports showed (issue 23: who is a
person, today's date, one local time, small numbers and words; issue 25: dates out of range). Everything runs
through the real `linkedin-audit ingest` / `report` commands in a subprocess (`sql`, which reads the results,
in-process); every expectation is written out by hand from the fixture files
(tests/fixtures/verdicts_people/*), never read from the code.

- system_lines: LinkedIn's own line (no sender name, no URL) opens the member's longest conversation (19
  messages, 9 replies); another conversation starts with "Kai Moreau wants to start a conversation". 12
  conversations the member started, 7 answered within a day.
- brand_2018: a 2018 Messages.csv (no sender URLs): 8 connections the member answered, 4 strangers the member
  ignored (people: they count), 4 brands ("... from LinkedIn Premium", "Northwind Analytics", "Acme
  Robotics" (a connection's employer), a "Sponsored:" subject).
- renamed: a Basic export named 01-15-2025 whose newest message is 2025-05-31; 6 outgoing invitations sent
  2025-03-03 .. 2025-04-07, none accepted; one connection dated 2031, one invitation dated 1999, one message
  dated 9999.
- india: Profile.csv in Bengaluru (UTC+5:30, no daylight saving); 20 sends at 18:45 UTC x4 (00:15 IST),
  00:10 UTC x3 (05:40 IST), 00:40 UTC x3 (06:10 IST), 05:00 UTC x10 (10:30 IST): 7 at night. A whole-hour
  +6 shift would have called 4 of them night.
"""

from __future__ import annotations

import csv
import io
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
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from linkedin_audit.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "verdicts_people"
SYSTEM_LINES = FIXTURES / "system_lines" / "Complete_LinkedInDataExport_03-10-2025"
BRAND_2018 = FIXTURES / "brand_2018" / "Complete_LinkedInDataExport_11-04-2018"
RENAMED = FIXTURES / "renamed" / "Basic_LinkedInDataExport_01-15-2025"
INDIA = FIXTURES / "india" / "Complete_LinkedInDataExport_03-10-2025"

FORBIDDEN = (
    "no_note",
    "hidden_sender",
    "default_text",
    "not_enough_data",
    "stock_text",
    "CV of",
    "A_n",
    "censored",
    "Kaplan-Meier",
)
"""Raw identifiers and statistician's shorthand that must not be in what a person reads (the math may sit in a
collapsed "what this measures")."""


def _cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LINKEDIN_AUDIT_STATE_DIR": str(cwd / "state"), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "linkedin_audit", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=600,
    )


def _ingest(export: Path, tmp: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    db = tmp / "audit.duckdb"
    done = _cli("ingest", export, "--db", db, cwd=tmp)
    assert done.returncode == 0, done.stderr
    return db, done


def _sql(db: Path, query: str, tmp: Path) -> list[dict[str, str]]:
    """A query's rows as `sql --format csv` gives them, in-process: here `sql` only reads what ingest wrote
    (the command itself is tested in a subprocess in test_cli_sql and test_new_user), and 17 process starts
    added nothing these tests check."""
    done = CliRunner().invoke(app, ["sql", query, "--db", str(db), "--format", "csv"], env={"NO_COLOR": "1"})
    assert done.exit_code == 0, done.output
    return list(csv.DictReader(io.StringIO(done.stdout)))


def _report(db: Path, tmp: Path, sections: str | None = None) -> tuple[str, str]:
    """(the rendered HTML, the command's terminal output). `sections`: only the sections a test reads
    (`report --sections`, ~3 CPU s less than the whole report); the whole report when None."""
    out = tmp / "report.html"
    chosen = ("--sections", sections) if sections else ()
    done = _cli("report", "--db", db, "--out", out, "--jobs", "1", *chosen, cwd=tmp)  # one kernel, same page
    assert done.returncode == 0, done.stderr + done.stdout
    return out.read_text(encoding="utf-8"), done.stdout + done.stderr


def visible_text(html: str) -> str:
    """What a reader sees without opening anything: no scripts or styles, no collapsed <details> bodies (their
    <summary> stays)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template", "noscript"]):
        tag.decompose()
    for details in soup.find_all("details"):
        for child in list(details.children):
            if getattr(child, "name", None) != "summary":
                child.extract()
    return " ".join(soup.get_text(" ").split())


def _assert_plain_words(text: str) -> None:
    found = [tok for tok in FORBIDDEN if tok in text]
    assert not found, f"raw identifiers or shorthand in what a person reads: {found}"


def _no_negative_day_counts(db: Path) -> None:
    """Every day-count column of every table in the model and analyses is >= 0."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' "
            "AND (column_name LIKE 'days%' OR column_name LIKE '%\\_days' ESCAPE '\\' "
            "OR column_name LIKE '%days\\_%' ESCAPE '\\') "
            "AND data_type IN ('BIGINT', 'INTEGER', 'DOUBLE', 'HUGEINT', 'FLOAT')"
        ).fetchall()
        assert ("tie_strength", "days_since_last_contact") in cols
        for table, column in cols:
            low = con.execute(f'SELECT min("{column}") FROM "{table}"').fetchone()
            assert low is None or low[0] is None or low[0] >= 0, f"{table}.{column} = {low[0]}"
    finally:
        con.close()


# --- who is a person -------------------------------------------------------------------------------------


def test_a_system_line_never_decides_a_conversation(tmp_path: Path) -> None:
    db, _ = _ingest(SYSTEM_LINES, tmp_path)
    rows = {
        r["conversation_id"]: r
        for r in _sql(
            db,
            "SELECT conversation_id, started_by_me, n_messages, replied_7d, excluded, n_system_lines "
            "FROM conversations",
            tmp_path,
        )
    }
    long = rows["2-Y29udi000PQ=="]
    assert (long["started_by_me"], long["replied_7d"], long["excluded"]) == ("true", "true", "false")
    assert (long["n_messages"], long["n_system_lines"]) == ("19", "1")  # 1 + 18 people's lines, 1 LinkedIn's
    kai = rows["2-b3RoZXItc3RhcnQ="]  # LinkedIn's line came first: Kai started it, the member answered
    assert (kai["started_by_me"], kai["replied_7d"], kai["excluded"]) == ("false", "true", "false")
    assert all(r["excluded"] == "false" for r in rows.values())
    rate = _sql(db, "SELECT value, detail FROM audit_summary WHERE metric = 'thread_reply_rate_7d'", tmp_path)
    assert float(rate[0]["value"]) == pytest.approx(7 / 12)
    assert rate[0]["detail"].startswith("7 of 12 conversations you started")
    # a rate on 1 conversation is not called, but its counts are said
    mine = _sql(db, "SELECT value, detail FROM audit_summary WHERE metric = 'my_reply_rate_30d'", tmp_path)
    assert mine[0]["value"] == ""
    assert (
        mine[0]["detail"].startswith("1 of 1 conversations others started") and "too few" in mine[0]["detail"]
    )
    # the reply rates are said on the opening screen and in the replies section (the others show no rate)
    html, terminal = _report(db, tmp_path, "overview,replies")
    text = visible_text(html)
    _assert_plain_words(text)
    _assert_plain_words(terminal)
    assert "7 of 12 conversations you started" in text
    assert "1 of 1 conversations others started" in text and "too few to call a rate" in text
    assert "No conversation was left out of the reply rates." in text


def test_in_2018_brands_are_left_out_by_their_look_and_ignored_strangers_count(tmp_path: Path) -> None:
    db, _ = _ingest(BRAND_2018, tmp_path)
    left_out = _sql(
        db,
        "SELECT DISTINCT m.sender_name FROM conversations c JOIN messages m USING (conversation_id) "
        "WHERE c.exclusion_reason = 'marketing' ORDER BY 1",
        tmp_path,
    )
    assert [r["sender_name"] for r in left_out] == [
        "Acme Robotics",
        "Career insights from LinkedIn Premium",
        "Northwind Analytics",
        "Zed Ventures",
    ]
    mine = _sql(db, "SELECT value, detail FROM audit_summary WHERE metric = 'my_reply_rate_30d'", tmp_path)
    assert float(mine[0]["value"]) == pytest.approx(8 / 12)  # the 4 ignored strangers count (not 8 of 8)
    assert "4 from brands, not people" in mine[0]["detail"]
    started = _sql(db, "SELECT detail FROM audit_summary WHERE metric = 'thread_reply_rate_7d'", tmp_path)
    assert started[0]["detail"] == "you started no conversations"
    # who was left out and why: the opening screen's reply rate and the replies section's table
    html, terminal = _report(db, tmp_path, "overview,replies")
    text = visible_text(html)
    _assert_plain_words(text)
    _assert_plain_words(terminal)
    soup = BeautifulSoup(html, "html.parser")
    table = next(t for t in soup.find_all("table") if "Left out of the reply rates" in t.get_text())
    shown = table.get_text(" ")
    for brand in ("Career insights from LinkedIn Premium", "Northwind Analytics", "Acme Robotics"):
        assert brand in shown
    for stranger in ("Kim Tran", "Leo Haddad", "Mia Kowalski", "Noor Rahman"):
        assert stranger not in shown
    assert "from brands, not people" in shown
    # true empty states: the member started nothing, so no "no reply yet" and no flat curve for that side
    assert "You started no conversations in this export" in text
    assert "No thread you started has a reply yet" not in text


# --- today's date ----------------------------------------------------------------------------------------


def test_a_renamed_zip_and_impossible_dates_get_one_warning_and_no_negative_day(tmp_path: Path) -> None:
    archive = tmp_path / f"{RENAMED.name}.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in sorted(RENAMED.iterdir()):
            z.write(f, f.name)
    db, done = _ingest(archive, tmp_path)
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, done.stderr
    line = warnings[0]
    assert "the file name says 2025-01-15 but the export holds records up to 2025-05-31" in line
    assert "3 dates before LinkedIn existed or in the future" in line
    assert "'01 Jan 2031'" in line and "'1/1/99, 10:00 AM'" in line and "'9999-01-01 00:00:00 UTC'" in line
    exports = _sql(db, "SELECT export_date, export_date_source FROM exports", tmp_path)
    assert exports == [{"export_date": "2025-05-31", "export_date_source": "newest_timestamp"}]
    # the rows are kept, their dates unknown
    kept = _sql(
        db,
        "SELECT (SELECT count(*) FROM connections WHERE connected_on IS NULL AND name = 'Otto Future') AS c, "
        "(SELECT count(*) FROM invitations WHERE sent_at IS NULL) AS i, "
        "(SELECT count(*) FROM messages WHERE sent_at IS NULL) AS m",
        tmp_path,
    )
    assert kept == [{"c": "1", "i": "1", "m": "1"}]
    _no_negative_day_counts(db)
    html, terminal = _report(db, tmp_path)  # the whole report: 6 of its 9 sections say day counts
    text = visible_text(html)
    _assert_plain_words(text)
    assert not re.search(r"(?<![\w-])-\d+\s*days?\b", text)
    # every one of the 6 pending invitations is older than three weeks on 2025-05-31 (none on 2025-01-15)
    soup = BeautifulSoup(html, "html.parser")
    pending = soup.find(id="list-pending")
    assert pending is not None
    section = pending.find_next("table")
    assert section is not None
    shown = section.get_text(" | ")
    assert all(f"Pending Person{i}" in shown for i in range(6))
    assert "2025-03-03 | 89" in shown and "2025-04-07 | 54" in shown  # days waiting at 2025-05-31


def test_the_same_export_as_a_folder_keeps_its_name_date_when_the_data_agree(tmp_path: Path) -> None:
    """A name one day before the newest record (time zones) is no disagreement: no warning, the later date."""
    folder = tmp_path / "Basic_LinkedInDataExport_05-30-2025"
    shutil.copytree(RENAMED, folder)
    for name in ("Connections.csv", "Invitations.csv", "messages.csv"):
        path = folder / name
        kept = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)]
        kept = [ln for ln in kept if not any(s in ln for s in ("2031", "1/1/99", "9999-"))]
        path.write_text("".join(kept), encoding="utf-8")
    db, done = _ingest(folder, tmp_path)
    assert "warning:" not in done.stderr
    assert _sql(db, "SELECT export_date FROM exports", tmp_path) == [{"export_date": "2025-05-31"}]
    _no_negative_day_counts(db)


# --- one local time --------------------------------------------------------------------------------------


def test_a_half_hour_zone_heat_map_adds_up_to_the_night_share(tmp_path: Path) -> None:
    db, _ = _ingest(INDIA, tmp_path)
    night = _sql(db, "SELECT value, detail FROM audit_summary WHERE metric = 'night_send_share'", tmp_path)
    assert float(night[0]["value"]) == pytest.approx(7 / 20)
    assert night[0]["detail"].startswith("7 of 20 sent messages")
    clock = _sql(db, "SELECT zone, utc_offsets, source FROM owner_clock", tmp_path)
    assert clock == [{"zone": "Asia/Kolkata", "utc_offsets": "UTC+5:30", "source": "profile_location"}]
    # the heat map and its clock are drawn in the sending section (the night share's verdict on the opening
    # screen is checked in the database above)
    html, terminal = _report(db, tmp_path, "sending")
    _assert_plain_words(visible_text(html))
    _assert_plain_words(terminal)
    # the heat map as the report embeds it: its cells at local 00:00-06:00 hold the 7 night sends
    cells = [
        (int(h), day, int(n))
        for h, day, n in re.findall(r'\{"hour":(\d+),"weekday":"(\w+)","n":(\d+)\}', html)
    ]
    assert len(cells) == 7 * 24, "the heat map's data is not in the report"
    assert sum(n for _, _, n in cells) == 20
    assert sum(n for h, _, n in cells if h < 6) == 7
    assert {h for h, _, n in cells if n} == {0, 5, 6, 10}  # 00:15, 05:40, 06:10, 10:30 IST
    assert "Asia/Kolkata (UTC+5:30), from your profile's location today, applied to all years" in html


# --- the same patterns planted in the generator, pinned by its truth ---------------------------------------


def _synth(tmp: Path, *options: str) -> tuple[Path, dict]:
    out = tmp / "synth"
    done = _cli("synth", "--out", out, "--scale", "tiny", "--zip", *options, cwd=tmp)
    assert done.returncode == 0, done.stderr
    truth = json.loads(next(out.glob("*.truth.json")).read_text(encoding="utf-8"))
    return next(out.glob("*.zip")), truth


def _summary(db: Path, tmp: Path) -> dict[str, float | None]:
    rows = _sql(db, "SELECT metric, value FROM audit_summary", tmp)
    return {r["metric"]: (float(r["value"]) if r["value"] else None) for r in rows}


def test_generated_system_lines_and_an_owner_in_india(tmp_path: Path) -> None:
    archive, truth = _synth(tmp_path, "--era", "2024", "--half-hour-zone")
    assert truth["owner"]["tz_offset_hours"] == 5.5 and truth["owner"]["geo_zone"] == "Asia/Kolkata"
    assert truth["counts"]["system_lines"] == 2 and len(truth["system_line_conversations"]) == 2
    db, _ = _ingest(archive, tmp_path)
    got, want = _summary(db, tmp_path), truth["expected_summary"]
    for metric in ("night_send_share", "thread_reply_rate_7d", "thread_reply_rate_30d", "my_reply_rate_30d"):
        assert got[metric] == pytest.approx(want[metric]), metric
    planted = _sql(
        db,
        "SELECT conversation_id, excluded, n_system_lines FROM conversations WHERE n_system_lines > 0 "
        "ORDER BY conversation_id",
        tmp_path,
    )
    assert sorted(r["conversation_id"] for r in planted) == sorted(truth["system_line_conversations"])
    assert all(r["excluded"] == "false" and r["n_system_lines"] == "1" for r in planted)
    # the heat map reads the same local time and the same sends (a send to several people at once is one):
    # its cells add up to the night share's denominator, its night cells to its numerator
    from linkedin_audit.report import chart_data

    detail = _sql(db, "SELECT detail FROM audit_summary WHERE metric = 'night_send_share'", tmp_path)
    found = re.match(r"(\d+) of (\d+) sent messages", detail[0]["detail"])
    assert found is not None
    night_n, sends_n = int(found.group(1)), int(found.group(2))
    assert night_n == round(want["night_send_share"] * sends_n)
    con = duckdb.connect(str(db), read_only=True)
    try:
        grid = chart_data.hour_weekday(con)
    finally:
        con.close()
    assert int(grid["n"].sum()) == sends_n
    assert int(grid.filter(grid["hour"] < 6)["n"].sum()) == night_n


def test_generated_2018_export_counts_ignored_strangers(tmp_path: Path) -> None:
    archive, truth = _synth(tmp_path, "--era", "2018")
    db, _ = _ingest(archive, tmp_path)
    got, want = _summary(db, tmp_path), truth["expected_summary"]
    for metric in ("my_reply_rate_30d", "thread_reply_rate_7d", "stranger_thread_share"):
        assert got[metric] == pytest.approx(want[metric]), metric
    query = "SELECT count(*) AS n FROM conversations WHERE exclusion_reason = 'marketing'"
    marketing = _sql(db, query, tmp_path)
    assert int(marketing[0]["n"]) == truth["counts"]["conversations_marketing"] == 4


def test_generated_renamed_copy(tmp_path: Path) -> None:
    archive, truth = _synth(tmp_path, "--renamed-days", "40")
    export = truth["exports"][-1]
    assert export["name_date"] < export["expected_export_date"] <= export["export_date"]
    db, done = _ingest(archive, tmp_path)
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert (
        f"the file name says {export['name_date']} but the export holds records up to "
        f"{export['expected_export_date']}" in warnings[0]
    )
    assert _sql(db, "SELECT export_date FROM exports", tmp_path) == [
        {"export_date": export["expected_export_date"]}
    ]
    _no_negative_day_counts(db)
