"""What a new user hits in the first hour (issue 28), each through the real command in a subprocess: several
SQL statements, help without type placeholders, `--limit` saying it cut, csv quoting the same on every path,
suggested commands that run as printed, `status` after the quick start, the ingest summary in a cron log,
`tables` describing every model relation, `audit_history` however the exports arrive, `lists` as files."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from report_fixtures import demo_db

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = sorted((ROOT / "data" / "sample").glob("*.zip"))  # 11-07-2025, 03-14-2026 (name order = date order)
OLD, NEW = sorted(SAMPLE, key=lambda p: p.name[-8:-4] + p.name[-14:-9])
BIN = Path(sys.executable).parent


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it (not `python -m`)."""
    full = {**os.environ, "XDG_STATE_HOME": str(cwd / "state"), **(env or {})}
    full.pop("LINKEDIN_AUDIT_DB", None)
    proc = subprocess.run(
        [str(BIN / "linkedin-audit"), *args], env=full, capture_output=True, cwd=cwd, timeout=600
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The quick start's database: both sample exports in ONE command."""
    tmp = tmp_path_factory.mktemp("sample")
    done = cli("ingest", str(NEW), str(OLD), "--db", str(tmp / "sample.duckdb"), cwd=tmp)
    assert done.returncode == 0, done.stderr
    return tmp / "sample.duckdb"


def test_several_statements_run_on_this_duckdb(sample_db: Path, tmp_path: Path) -> None:
    done = cli("sql", "SELECT 1 AS a; SELECT 2 AS b", "--db", str(sample_db), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == '"b"\r\n2\r\n'
    assert "1 earlier statement(s) returned rows that are not shown" in done.stderr
    (tmp_path / "q.sql").write_text("SELECT 1 AS a;\nSELECT x FROM range(25000) t(x) ;\nSELECT 3 AS c;\n")
    done = cli("sql", "--file", "q.sql", "--db", str(sample_db), "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"c": 3}]
    assert "2 earlier statement(s)" in done.stderr


def test_help_shows_no_type_placeholders(command_helps: dict[str, dict[str, Any]]) -> None:
    """Every command's `--help` (the real command, COLUMNS=200: conftest's `command_helps`, run once)."""
    helps = {}
    for command, done in command_helps.items():
        assert done["code"] == 0, done["stderr"]
        for placeholder in ("LIST[", "[x>=", "[x<=", "<bool>", "<list", "{"):
            assert placeholder not in done["stdout"], (
                f"{command} --help shows {placeholder}:\n{done['stdout']}"
            )
        helps[command] = done["stdout"]
    assert re.search(r"--use\s+TEXT\s", helps["ingest"])
    assert re.search(r"--jobs\s+N\s", helps["report"]) and "1 or more" in helps["report"]


def test_help_paragraphs_break_only_where_the_terminal_is_full(
    command_helps: dict[str, dict[str, Any]],
) -> None:
    """A command's description is wrapped by the terminal, not where its docstring's source line ended: at
    200 columns a line of a paragraph ends early only when the next word would not fit ("an export already
    ingested is / recognised and not loaded twice" broke at 80 and at 200 columns alike)."""
    width = 200
    for command, done in command_helps.items():
        lines = done["stdout"].splitlines()
        start = next(i for i, line in enumerate(lines) if line.strip().startswith("Usage:")) + 1
        end = next(i for i, line in enumerate(lines) if line.startswith("╭"))
        text = [line.strip() for line in lines[start:end]]
        for line, following in zip(text, text[1:], strict=False):
            if line and following:  # a line that another line of the same paragraph follows
                assert len(line) + 1 + len(following.split()[0]) > width - 4, (
                    f"{command} --help breaks a paragraph early: {line!r} / {following!r}"
                )


def test_limit_says_when_it_cut(sample_db: Path, tmp_path: Path) -> None:
    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return cli("sql", "SELECT x FROM range(7) t(x)", "--db", str(sample_db), *extra, cwd=tmp_path)

    cut = run("--limit", "3", "--format", "csv")
    assert cut.stdout == '"x"\r\n0\r\n1\r\n2\r\n'
    assert "note: --limit 3 cut the result: only its first 3 rows are shown" in cut.stderr
    table = run("--limit", "3", "--format", "table")
    assert table.stdout.rstrip().endswith("(the first 3 rows: --limit 3 cut the result)")
    out = tmp_path / "x.json"
    written = run("--limit", "5", "-o", str(out))
    assert len(json.loads(out.read_text())) == 5 and "--limit 5 cut" in written.stderr
    for exact in (run("--limit", "7", "--format", "csv"), run("--limit", "9", "--format", "nl")):
        assert "--limit" not in exact.stderr, "7 rows of 7: nothing was cut"
        assert exact.stdout.count("\n") in (7, 8)


def test_csv_quotes_every_text_value_on_every_path(sample_db: Path, tmp_path: Path) -> None:
    """The README: every text value quoted, a quote doubled; numbers and dates are not text."""
    query = "SELECT 'a \"b\"' AS t, 12 AS n, DATE '2024-01-02' AS d, NULL AS z"
    expected = '"t","n","d","z"\r\n"a ""b""",12,2024-01-02,\r\n'
    piped = cli("sql", query, "--db", str(sample_db), "--format", "csv", cwd=tmp_path)
    assert piped.stdout == expected
    cli("sql", query, "--db", str(sample_db), "-o", "r.csv", cwd=tmp_path)
    assert (tmp_path / "r.csv").read_bytes().decode() == expected
    safe = cli("sql", query, "--db", str(sample_db), "--format", "csv", "--excel-safe", cwd=tmp_path)
    assert safe.stdout == expected, "--excel-safe goes through the other writer: same quoting"
    script = f"{BIN / 'linkedin-audit'} sql {shlex.quote(query)} --db {sample_db} --format csv"
    tty = subprocess.run(["script", "-qec", script, "/dev/null"], capture_output=True, cwd=tmp_path)
    assert tty.stdout.decode().replace("\r\r\n", "\r\n") == expected, "on a terminal"


def test_the_refusal_of_another_members_export_runs_as_printed(sample_db: Path, tmp_path: Path) -> None:
    """An export folder named `2025` in another folder, a database path with a space: the printed command
    is run as it stands, from another folder, and keeps both."""
    made = cli("synth", "--scale", "tiny", "--seed", "1", "--out", str(tmp_path / "gen"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    export = tmp_path / "downloads" / "2025"
    export.parent.mkdir()
    Path(made.stdout.split()[0]).rename(export)
    mine = tmp_path / "my data" / "linkedin.duckdb"
    mine.parent.mkdir()
    mine.write_bytes(sample_db.read_bytes())
    refused = cli("ingest", "2025", "--db", str(mine), cwd=export.parent)
    assert refused.returncode == 2, refused.stderr
    line = next(x for x in refused.stderr.splitlines() if x.startswith("error:"))
    keep = re.search(r"to keep both, run `([^`]+)`", line)
    assert keep, line
    command = shlex.split(keep.group(1))
    assert command[:2] == ["linkedin-audit", "ingest"] and command[2] == str(export), command
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    ran = cli(*command[1:], cwd=elsewhere)
    assert ran.returncode == 0, ran.stderr
    other = Path(command[command.index("--db") + 1])
    assert other.is_absolute() and other.parent == mine.parent and other.exists()


def test_status_after_the_quick_start_names_the_sample_and_the_path(tmp_path: Path, sample_db: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sample.duckdb").write_bytes(sample_db.read_bytes())
    no_path = {"PATH": "/usr/bin:/bin"}
    done = cli("status", cwd=tmp_path, env=no_path)
    assert done.returncode == 2
    assert "no database at data/linkedin.duckdb" in done.stderr
    assert "the quick start's sample is in data/sample.duckdb: add `--db data/sample.duckdb`" in done.stderr
    assert f"`source {BIN / 'activate'}` puts it there" in done.stderr
    on_path = cli("status", "--db", "data/sample.duckdb", cwd=tmp_path, env={"PATH": f"{BIN}:/usr/bin:/bin"})
    assert on_path.returncode == 0 and "tip:" not in on_path.stderr
    assert "exports in data/sample.duckdb" in on_path.stdout


def test_the_ingest_summary_says_whose_export_without_the_profile_url(tmp_path: Path) -> None:
    truth = json.loads((ROOT / "data" / "sample" / f"{NEW.stem}.truth.json").read_text())
    done = cli("ingest", str(NEW), "--db", str(tmp_path / "a.duckdb"), cwd=tmp_path, env={"COLUMNS": "60"})
    assert done.returncode == 0, done.stderr
    flat = re.sub(r"\s+", "", done.stdout)
    owner = truth["owner"]
    assert f"model (export of {owner['name']})" in done.stdout
    assert "linkedin.com/in/" not in flat, "no profile URL in the summary, even wrapped"


def test_tables_describes_every_model_relation(sample_db: Path, tmp_path: Path) -> None:
    done = cli("tables", "--db", str(sample_db), cwd=tmp_path, env={"COLUMNS": "400"})
    rows = {
        m.group(1): m.group(2).strip()
        for m in re.finditer(r"^│ (\w+)\s+│\s+[\d,]+ │ (.*?)│$", done.stdout, re.M)
    }
    for name in ("education", "endorsements", "invitation_notes", "recommendations", "message_templates"):
        assert rows.get(name), f"{name} is not described: {rows.get(name)!r}"
    assert rows["message_templates"].startswith("One row per message the owner sent")
    assert "memo" not in rows["message_templates"]
    assert not [n for n, what in rows.items() if not what], "every main relation has a description"


def test_history_is_the_same_from_one_command_or_one_per_export(sample_db: Path, tmp_path: Path) -> None:
    one_by_one = tmp_path / "each.duckdb"
    for export in (OLD, NEW):
        assert cli("ingest", str(export), "--db", str(one_by_one), cwd=tmp_path).returncode == 0
    query = "SELECT export_id, export_date, metric, value, status FROM audit_history ORDER BY ALL"
    together = cli("sql", query, "--db", str(sample_db), "--format", "csv", cwd=tmp_path).stdout
    each = cli("sql", query, "--db", str(one_by_one), "--format", "csv", cwd=tmp_path).stdout
    rows = list(csv.DictReader(io.StringIO(together)))
    assert {r["export_date"] for r in rows} == {"2025-11-07", "2026-03-14"}, "a row set per export"
    assert together == each


def test_make_report_keeps_the_sample_out_of_your_report() -> None:
    def out_of(*args: str) -> str:
        done = subprocess.run(["make", "-n", "report", *args], cwd=ROOT, capture_output=True, text=True)
        return next(line for line in done.stdout.splitlines() if " report " in line)

    assert '--out "reports/sample-report.html"' in out_of()
    assert '--out "reports/report.html"' in out_of("EXPORT=/tmp/mine.zip")


PAYLOADS = ['=HYPERLINK("https://evil.example","x")', "@SUM(A1)", "+1-2", "-3+4"]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """People named like formulas (their invitation notes and messages too)."""
    return demo_db(tmp_path_factory.mktemp("hostile") / "demo.duckdb", payloads=PAYLOADS)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xlsx"])
def test_lists_writes_every_action_list_formula_safe(tmp_path: Path, hostile_db: Path, fmt: str) -> None:
    done = cli("lists", "--db", str(hostile_db), "--out", "out", "--format", fmt, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    said = dict(re.findall(r"^(.*): ([\d,]+) rows? in ", done.stdout, re.M))
    assert len(said) == 6 and "Invitations waiting for you" in said, done.stdout
    files = sorted((tmp_path / "out").iterdir())
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    tables = _read(files, fmt)
    assert len(tables) == 6
    cells = [c for rows in tables.values() for row in rows[1:] for c in row if isinstance(c, str)]
    if fmt == "json":
        assert set(PAYLOADS) <= set(cells), "json keeps the exact text"
    else:
        runs = [c for c in cells if c.startswith(("=", "+", "-", "@")) and not re.fullmatch(r"-?[\d.]+", c)]
        assert not runs, "no cell a spreadsheet would run"
        assert {"'" + p for p in PAYLOADS} <= set(cells), "each payload kept, behind a quote"
    assert sorted(len(rows) - 1 for rows in tables.values()) == sorted(
        int(n.replace(",", "")) for n in said.values()
    )


def _read(files: list[Path], fmt: str) -> dict[str, list[list[Any]]]:
    if fmt == "csv":
        return {
            f.stem: list(csv.reader(io.StringIO(f.read_text(encoding="utf-8-sig"), newline="")))
            for f in files
        }
    if fmt == "tsv":
        return {f.stem: [line.split("\t") for line in f.read_text().splitlines()] for f in files}
    if fmt == "json":
        out = {}
        for f in files:
            rows = json.loads(f.read_text())
            out[f.stem] = [list(rows[0]) if rows else [], *[list(r.values()) for r in rows]]
        return out
    (book,) = files
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    sheets = {}
    with zipfile.ZipFile(book) as z:
        names = [
            s.get("name")
            for s in ElementTree.fromstring(z.read("xl/workbook.xml")).iter(f"{{{ns['m']}}}sheet")
        ]
        for i, name in enumerate(names, 1):
            root = ElementTree.fromstring(z.read(f"xl/worksheets/sheet{i}.xml"))
            sheets[str(name)] = [
                [
                    "".join(t.text or "" for t in c.iter(f"{{{ns['m']}}}t"))
                    if c.get("t") == "inlineStr"
                    else (c.findtext("m:v", namespaces=ns) and float(c.findtext("m:v", namespaces=ns) or 0))
                    for c in row
                ]
                for row in root.iter(f"{{{ns['m']}}}row")
            ]
    return sheets
