"""Issue 14, `linkedin-audit sql`, `tables`, `schema`, through the real CLI in a subprocess: read-only for
real (every refusal one `error:` sentence, nothing written or read outside the database), the output formats
and their value forms, parameters, several statements, streaming, and data that cannot hijack the output."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest

from linkedin_audit.build import run_ingest

FIXTURE = Path(__file__).parent / "fixtures" / "exports" / "Complete_LinkedInDataExport_12-20-2024"
HOSTILE = {
    "markup": "a [/bold] b [link=https://evil.example]click[/link] [/]",
    "ansi": "\x1b[31mred\x1b[0m \x1b]0;owned\x07 \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "controls": "bell\x07 back\x08space csi\x9b2J del\x7f",
    "cr": "first\rsecond",
    "formula": '=HYPERLINK("https://evil.example","x")',
}


def cli(
    *args: str,
    cwd: Path | None = None,
    input: str | None = None,
    env: dict | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """The real command; output decoded without newline translation (csv's CRLF stays visible)."""
    proc = subprocess.run(
        [sys.executable, "-m", "linkedin_audit", *args],
        capture_output=True,
        cwd=cwd,
        input=None if input is None else input.encode(),
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.fixture(autouse=True)
def _crash_logs_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def one_error(proc: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The single `error:` line of a failed run (no traceback anywhere)."""
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sqldb") / "db.duckdb"
    run_ingest([FIXTURE], path, analyse=False, progress=False)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE hostile (kind VARCHAR, text VARCHAR)")
    con.executemany("INSERT INTO hostile VALUES (?, ?)", list(HOSTILE.items()))
    con.close()
    return path


REFUSALS = [
    ("COPY (SELECT * FROM connections) TO '{dir}/x.csv'", "COPY is refused", "x.csv"),
    (
        "ATTACH '{dir}/n.duckdb' AS n (READ_WRITE); CREATE TABLE n.t AS SELECT 1",
        "ATTACH is refused",
        "n.duckdb",
    ),
    ("SELECT * FROM read_csv('/etc/passwd')", "reading other files or URLs is refused", None),
    ("SELECT * FROM read_text('/etc/hostname')", "reading other files or URLs is refused", None),
    ("SELECT * FROM read_blob('/etc/hostname')", "reading other files or URLs is refused", None),
    ("SELECT * FROM glob('/etc/*')", "reading other files or URLs is refused", None),
    ("SELECT * FROM 'https://example.com/x.csv'", "reading other files or URLs is refused", None),
    ("INSTALL httpfs", "INSTALL and LOAD are refused", None),
    ("LOAD httpfs", "INSTALL and LOAD are refused", None),
    (
        "SET enable_external_access = true; SELECT * FROM read_text('/etc/hostname')",
        "changing DuckDB settings is refused",
        None,
    ),
    ("RESET lock_configuration", "changing DuckDB settings is refused", None),
    ("SET allowed_directories = ['/']", "changing DuckDB settings is refused", None),
    ("EXPORT DATABASE '{dir}/dump'", "EXPORT DATABASE is refused", "dump"),
    ("DELETE FROM connections", "the database is opened read-only", None),
    ("CREATE TABLE t AS SELECT 1", "the database is opened read-only", None),
]


@pytest.mark.parametrize(("query", "sentence", "artefact"), REFUSALS)
def test_every_escape_from_read_only_is_refused_in_one_sentence(db, tmp_path, query, sentence, artefact):
    proc = cli("sql", query.format(dir=tmp_path), "--db", str(db))
    line = one_error(proc)
    assert sentence in line, line
    if artefact:
        assert not (tmp_path / artefact).exists()
    # no WAL, no side file (the ingest's lock file `.db.duckdb.lock` stays from the ingest that built it)
    assert sorted(p.name for p in db.parent.iterdir() if p.name != ".db.duckdb.lock") == ["db.duckdb"]


def test_read_only_connections_of_notebooks_and_report_are_locked_down_too(db):
    from linkedin_audit.report import notebook_helpers

    con = notebook_helpers.connect(db)
    assert con.execute("SELECT count(*) FROM connections").fetchone()[0] == 4
    for statement in (
        "SELECT * FROM read_text('/etc/hostname')",
        "INSTALL httpfs",
        "SET enable_external_access = true",
    ):
        with pytest.raises(duckdb.Error):
            con.execute(statement)
    con.close()


def test_formats_and_value_forms(db):
    query = (
        "SELECT 1234567 AS n, 0.25::DOUBLE AS share, DATE '2024-01-02' AS d, "
        "TIMESTAMP '2024-01-02 03:04:05' AS ts, INTERVAL 3 DAY AS gap, "
        "INTERVAL '1 month 2 hours' AS span, [1, 2] AS l, 'x'::BLOB AS b, NULL AS nothing"
    )
    out = cli("sql", query, "--db", str(db), "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert out.stdout.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(out.stdout, newline="")))
    assert rows[0] == ["n", "share", "d", "ts", "gap", "span", "l", "b", "nothing"]
    assert rows[1] == [
        "1234567",
        "0.25",
        "2024-01-02",
        "2024-01-02T03:04:05",
        "P3D",
        "P1MT2H",
        "[1, 2]",
        "eA==",
        "",
    ]
    data = json.loads(cli("sql", query, "--db", str(db), "--format", "json").stdout)
    assert data == [
        {
            "n": 1234567,
            "share": 0.25,
            "d": "2024-01-02",
            "ts": "2024-01-02T03:04:05",
            "gap": "P3D",
            "span": "P1MT2H",
            "l": [1, 2],
            "b": "eA==",
            "nothing": None,
        }
    ]
    lines = cli("sql", "SELECT range AS i FROM range(3)", "--db", str(db), "--format", "nl").stdout
    assert [json.loads(x) for x in lines.splitlines()] == [{"i": 0}, {"i": 1}, {"i": 2}]
    tsv = cli("sql", "SELECT 'a\tb' AS x, 'c' AS y", "--db", str(db), "--format", "tsv").stdout
    assert tsv == "x\ty\na\\tb\tc\n"
    md = cli("sql", "SELECT 'a|b' AS x", "--db", str(db), "--format", "markdown").stdout
    assert md == "| x |\n|---|\n| a\\|b |\n"
    table = cli("sql", query, "--db", str(db), "--format", "table").stdout
    assert "1,234,567" in table and "0.25" in table and "(1 row)" in table
    bare = cli("sql", "SELECT 1 AS one, 'x' AS s", "--db", str(db), "--format", "csv", "--no-headers").stdout
    assert bare == '1,"x"\r\n'


def test_infinite_dates_and_times_are_written_as_duckdb_writes_them(db):
    """DuckDB's 'infinity' timestamps reached csv as a day 28,000 years back and the other formats as
    '<value out of range: ...>'; a NULL stays empty, a finite time beside them keeps its form."""
    query = (
        "SELECT 'infinity'::DATE AS d, '-infinity'::TIMESTAMP AS t, 'infinity'::TIMESTAMPTZ AS tz, "
        "'-infinity'::TIMESTAMP_NS AS ns, NULL::TIMESTAMP AS nothing UNION ALL "
        "SELECT DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05', TIMESTAMPTZ '2024-01-02 03:04:05+00', "
        "TIMESTAMP_NS '2024-01-02 03:04:05', TIMESTAMP '2024-01-02'"
    )
    out = cli("sql", query, "--db", str(db), "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout, newline="")))
    assert rows[1] == ["infinity", "-infinity", "infinity", "-infinity", ""]
    assert rows[2][:2] == ["2024-01-02", "2024-01-02T03:04:05"] and rows[2][4] == "2024-01-02T00:00:00"
    data = json.loads(cli("sql", query, "--db", str(db), "--format", "json").stdout)
    infinite = {"d": "infinity", "t": "-infinity", "tz": "infinity", "ns": "-infinity", "nothing": None}
    assert data[0] == infinite
    assert data[1]["t"] == "2024-01-02T03:04:05" and data[1]["tz"].startswith("2024-01-02T03:04:05")
    for fmt in ("table", "tsv", "markdown"):
        shown = cli("sql", query, "--db", str(db), "--format", fmt)
        assert shown.returncode == 0 and "out of range" not in shown.stdout, (fmt, shown.stdout)
        assert "-infinity" in shown.stdout and "2024-01-02T03:04:05" in shown.stdout, (fmt, shown.stdout)


def test_table_piped_keeps_full_values_and_limit(db):
    long = "x" * 500
    out = cli(
        "sql",
        f"SELECT '{long}' AS v, range AS i FROM range(5)",
        "--db",
        str(db),
        "--format",
        "table",
        "--limit",
        "2",
    )
    assert out.returncode == 0, out.stderr
    assert long in out.stdout and "…" not in out.stdout and "..." not in out.stdout
    assert out.stdout.rstrip().endswith("(the first 2 rows: --limit 2 cut the result)")


def test_output_file_is_private_and_takes_its_format_from_the_extension(db, tmp_path):
    target = tmp_path / "new" / "people.json"
    proc = cli(
        "sql", "SELECT name FROM connections ORDER BY name LIMIT 2", "--db", str(db), "-o", str(target)
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "wrote 2 rows" in proc.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(json.loads(target.read_text())) == 2
    csv_target = tmp_path / "all.csv"
    csv_target.write_text("old")
    os.chmod(csv_target, 0o644)
    assert cli("sql", "SELECT 1 AS a", "--db", str(db), "-o", str(csv_target)).returncode == 0
    assert stat.S_IMODE(csv_target.stat().st_mode) == 0o600 and csv_target.read_bytes() == b'"a"\r\n1\r\n'


def test_query_from_stdin_file_parameters_and_leading_comment(db, tmp_path):
    assert (
        cli("sql", "-", "--db", str(db), "--format", "csv", input="SELECT 2 AS two").stdout
        == '"two"\r\n2\r\n'
    )
    q = tmp_path / "q.sql"
    q.write_text("-- how many\nSELECT count(*) AS n FROM connections WHERE coalesce(name, '') <> $skip;\n")
    out = cli("sql", "--file", str(q), "-p", "skip", "nobody at all", "--db", str(db), "--format", "csv")
    assert out.stdout == '"n"\r\n4\r\n', out.stderr
    out = cli(
        "sql",
        "-- a comment first\nSELECT $a::INTEGER + 1 AS b",
        "-p",
        "a",
        "41",
        "--db",
        str(db),
        "--format",
        "json",
    )
    assert json.loads(out.stdout) == [{"b": 42}], out.stderr
    assert "parameter 'zzz' is not used" in one_error(
        cli("sql", "SELECT 1", "-p", "zzz", "1", "--db", str(db))
    )


def test_several_statements_run_and_the_dropped_result_is_said(db):
    out = cli(
        "sql",
        "SELECT 1 AS a; CREATE TEMP TABLE t AS SELECT 41 AS x; SELECT x + 1 AS y FROM t",
        "--db",
        str(db),
        "--format",
        "csv",
    )
    assert out.returncode == 0 and out.stdout == '"y"\r\n42\r\n'
    assert out.stderr.startswith("warning: 1 earlier statement(s) returned rows that are not shown")


def test_whole_duckdb_message_with_hints(db):
    proc = cli("sql", "SELECT connected_onn FROM connections", "--db", str(db))
    line = one_error(proc)
    assert line.startswith("error: the query failed: Binder Error: Referenced column")
    assert '\n  Candidate bindings: "connected_on"' in proc.stderr
    line = one_error(cli("sql", "SELECT 1; SELEC 2", "--db", str(db)))
    assert "Parser Error" in line


@pytest.mark.parametrize("query", ["", ";", " ;; ", "-- only a comment\n"])
def test_empty_query_is_one_sentence(db, query):
    assert (
        one_error(cli("sql", query, "--db", str(db))) == "error: the query is empty (no SQL statement in it)"
    )


def test_hostile_text_never_reaches_the_output_raw(db):
    table = cli("sql", "SELECT kind, text FROM hostile", "--db", str(db), "--format", "table")
    assert table.returncode == 0, table.stderr
    assert "[/bold]" in table.stdout and "[link=https://evil.example]" in table.stdout
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout and "\x9b" not in table.stdout
    assert "\\x1b[31mred" in table.stdout and "first\\rsecond" in table.stdout and "\\x9b2J" in table.stdout
    for fmt in ("json", "nl"):
        out = cli("sql", "SELECT text FROM hostile", "--db", str(db), "--format", fmt).stdout
        assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in out)
        texts = (
            [json.loads(x)["text"] for x in out.splitlines()]
            if fmt == "nl"
            else [r["text"] for r in json.loads(out)]
        )
        assert texts == list(HOSTILE.values())  # escaped, yet exactly the data
    md = cli("sql", "SELECT text FROM hostile", "--db", str(db), "--format", "markdown").stdout
    assert "\x1b" not in md and "\r" not in md
    raw = cli("sql", "SELECT text FROM hostile", "--db", str(db), "--format", "csv").stdout
    assert [r[0] for r in csv.reader(io.StringIO(raw, newline=""))][1:] == list(HOSTILE.values())


def test_on_a_terminal_every_format_spells_control_characters_out(db):
    for fmt in ("table", "csv", "tsv"):
        leader, follower = pty.openpty()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "linkedin_audit",
                "sql",
                "SELECT text FROM hostile",
                "--db",
                str(db),
                "--format",
                fmt,
            ],
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=60,
            env={**os.environ, "COLUMNS": "300"},
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        text = b"".join(chunks).decode()
        assert proc.returncode == 0, proc.stderr
        data = text.replace("\r\n", "\n")
        for seq in ("\x1b]", "\x07", "\x08", "\x9b", "\x1b[31m", "first\rsecond"):
            assert seq not in data, (fmt, seq)
        assert "\\x1b" in data


def test_excel_safe_neutralises_formulas(db):
    query = (
        "SELECT * FROM (VALUES ('=1+1'), ('+1'), ('-1'), ('@SUM(A1)'), (chr(9) || 'x'), "
        "(chr(13) || 'x'), ('plain')) v(cell)"
    )
    safe = cli("sql", query, "--db", str(db), "--format", "csv", "--excel-safe").stdout
    cells = [r[0] for r in csv.reader(io.StringIO(safe, newline=""))][1:]
    assert cells == ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "plain"]
    plain = cli("sql", query, "--db", str(db), "--format", "csv").stdout
    assert [r[0] for r in csv.reader(io.StringIO(plain, newline=""))][1] == "=1+1"
    number = cli("sql", "SELECT -5 AS n", "--db", str(db), "--format", "csv", "--excel-safe").stdout
    assert number == '"n"\r\n-5\r\n'  # numbers are not text: never prefixed (nor quoted)


def test_csv_is_the_same_piped_into_a_file_and_excel_safe_for_every_value_type(db, tmp_path):
    """The README: csv is 'the same on a terminal, in a pipe, with -o file.csv and with --excel-safe' (one
    writer): numbers, decimals included, unquoted; times, blobs and intervals quoted ISO/base64 text; an
    interval keeps hours beyond a day as hours (DuckDB keeps them apart from days)."""
    query = (
        "SELECT 1.50::DECIMAL(5,2) AS dec, 12::HUGEINT AS h, 1.0::DOUBLE AS one, 0.1::FLOAT AS f32, "
        "TIMESTAMP '2024-01-02 03:04:05.120' AS ts, 'x'::BLOB AS blob, "
        "INTERVAL '2 days 30 hours' AS iv, '=1+1' AS f, NULL::VARCHAR AS z"
    )
    header = '"dec","h","one","f32","ts","blob","iv","f","z"\r\n'
    row = '1.50,12,1,0.1,"2024-01-02T03:04:05.12","eA==","P2DT30H","{}",\r\n'
    piped = cli("sql", query, "--db", str(db), "--format", "csv")
    assert piped.stdout == header + row.format("=1+1"), piped.stderr
    target = tmp_path / "r.csv"
    assert cli("sql", query, "--db", str(db), "-o", str(target)).returncode == 0
    assert target.read_bytes().decode() == header + row.format("=1+1")
    safe = cli("sql", query, "--db", str(db), "--format", "csv", "--excel-safe")
    assert safe.stdout == header + row.format("'=1+1"), safe.stderr
    tsv = cli("sql", "SELECT 1 AS a, 'x' AS \"b,c\"", "--db", str(db), "--format", "tsv").stdout
    assert tsv == "a\tb,c\n1\tx\n", "tsv has no quoting, in its header neither"


def test_a_million_rows_of_csv_stream_in_bounded_memory(db, tmp_path):
    target = tmp_path / "big.csv"
    probe = (
        "import resource, subprocess, sys, time; t = time.time(); "
        "r = subprocess.run(sys.argv[1:]); "
        "print(r.returncode, time.time() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            probe,
            sys.executable,
            "-m",
            "linkedin_audit",
            "sql",
            "SELECT range AS i, 'name ' || range AS name, DATE '2024-01-01' + (range % 900)::INT "
            "AS day FROM range(1000000)",
            "--db",
            str(db),
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    code, seconds, peak_kb = out.stdout.split()
    assert code == "0", out.stderr
    with target.open() as fh:
        assert sum(1 for _ in fh) == 1_000_001
    assert int(peak_kb) < 400_000, f"peak {int(peak_kb) / 1000:.0f} MB"
    assert float(seconds) < 60, seconds  # about 2-7 s here; generous for a shared CI machine


def test_huge_table_output_is_capped_with_a_note(db):
    out = cli("sql", "SELECT range AS i FROM range(20000)", "--db", str(db), "--format", "table")
    assert out.returncode == 0
    assert out.stdout.rstrip().endswith(
        "(the first 10,000 rows; a table shows at most 10,000: use --format csv for every row, or --limit)"
    )


def test_sigint_during_a_long_query_exits_130_with_one_line(db):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "linkedin_audit",
            "sql",
            "SELECT sum(hash(range)) FROM range(100000000000)",
            "--db",
            str(db),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # well into the query (a Ctrl-C before it is one line too, but Python's import is not): the command has
    # spent a second of CPU, three times its import and connect (a fixed sleep burnt 2 cores for 6 s)
    deadline = time.monotonic() + 60
    while sum(psutil.Process(proc.pid).cpu_times()[:2]) < 1.0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the query ended before the Ctrl-C"
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    result = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    assert one_error(result, code=130) == "error: interrupted (Ctrl-C)"


def test_tables_and_schema_serve_the_documentation(db, tmp_path):
    out = cli("tables", "--db", str(db), env={"COLUMNS": "200"})
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("│ connections "))
    assert "4" in line and "One row per 1st-degree connection" in line
    assert "raw.connections" in out.stdout
    out = cli("schema", "connections", "--db", str(db), env={"COLUMNS": "200"})
    assert out.returncode == 0, out.stderr
    row = next(x for x in out.stdout.splitlines() if x.startswith("│ first_name "))
    assert "VARCHAR" in row and "PII" in row
    row = next(x for x in out.stdout.splitlines() if x.startswith("│ company "))
    assert "PII" not in row and "current company" in row
    docs_only = cli("schema", "messages", "--db", str(tmp_path / "none.duckdb"), env={"COLUMNS": "200"})
    assert docs_only.returncode == 0 and "types as documented" in docs_only.stdout
    assert "`linkedin-audit tables` lists them" in one_error(cli("schema", "nope", "--db", str(db)))


def test_the_package_ships_the_schema_docs():
    from importlib import resources

    packaged = resources.files("linkedin_audit").joinpath("schema.md").read_text(encoding="utf-8")
    assert packaged == (Path(__file__).parent.parent / "docs" / "schema.md").read_text(encoding="utf-8")


def test_schema_of_audit_summary_lists_every_metric_by_its_label(db):
    """`schema audit_summary` serves the metric catalog: each id with the label the report shows."""
    from linkedin_audit.metric_catalog import CATALOG

    proc = cli("schema", "audit_summary", "--db", str(db), env={"COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    for entry in CATALOG:
        assert entry.metric in proc.stdout and entry.label in proc.stdout, entry.metric
