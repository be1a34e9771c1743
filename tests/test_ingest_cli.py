"""The CLI commands over the ingest: errors are one sentence with exit code 2; status and sql read the DB;
`sql` is read-only; a SIGKILLed ingest leaves the previous database exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from linkedin_audit.build import run_ingest
from linkedin_audit.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
DEC_2024 = FIXTURES / "Complete_LinkedInDataExport_12-20-2024"
runner = CliRunner()


def test_bad_path_is_one_sentence(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope.zip"), "--db", str(tmp_path / "db.duckdb")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_status_and_sql(tmp_path):
    db = tmp_path / "db.duckdb"
    run_ingest([DEC_2024], db, analyse=False, progress=False)
    result = runner.invoke(app, ["status", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Mystery_File.csv" in result.output and "Owner Name" in result.output
    result = runner.invoke(
        app, ["sql", "SELECT name FROM people WHERE is_me", "--db", str(db), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"name": "Owner Name"}]
    result = runner.invoke(
        app, ["sql", "SELECT count(*) AS n FROM connections", "--db", str(db), "--format", "csv"]
    )
    assert result.output.splitlines() == ['"n"', "4"]  # RFC 4180: text quoted, CRLF line ends
    result = runner.invoke(app, ["sql", "DELETE FROM people", "--db", str(db)])
    assert result.exit_code == 2 and "read-only" in result.output.lower()


def test_status_and_report_count_messages_the_same_way(tmp_path):
    """The 2024 fixture holds a draft: `status` shows the messages without drafts, the figure the report's
    coverage table labels 'messages (without drafts)'."""
    import subprocess
    import sys

    import duckdb

    from linkedin_audit.report import chart_data

    export = Path(__file__).parent / "fixtures" / "exports" / "Complete_LinkedInDataExport_12-20-2024"
    db = tmp_path / "db.duckdb"
    run_ingest([export], db, progress=False)
    with duckdb.connect(str(db), read_only=True) as con:
        coverage = dict(chart_data.data_window(con).select("records", "n").iter_rows())
        drafts = con.execute("SELECT count(*) FILTER (WHERE is_draft), count(*) FROM messages").fetchone()
    assert drafts is not None and drafts[0] >= 1
    without = coverage["messages (without drafts)"]
    assert without == drafts[1] - drafts[0]
    out = subprocess.run(
        [sys.executable, "-m", "linkedin_audit", "status", "--db", str(db)],
        capture_output=True,
        text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    assert f"({without:,} without drafts)" in out.stdout
