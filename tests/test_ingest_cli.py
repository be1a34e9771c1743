"""The CLI commands over the ingest: errors are one sentence with exit code 2; status and sql read the DB;
`sql` is read-only; a SIGKILLed ingest leaves the previous database exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from linkedin_audit.cli import app
from linkedin_audit.ingest.load import run_ingest

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
    result = runner.invoke(app, ["sql", "SELECT name FROM people WHERE is_me", "--db", str(db),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"name": "Owner Name"}]
    result = runner.invoke(app, ["sql", "SELECT count(*) AS n FROM connections", "--db", str(db),
                                 "--format", "csv"])
    assert result.output.splitlines() == ['"n"', "4"]  # RFC 4180: text quoted, CRLF line ends
    result = runner.invoke(app, ["sql", "DELETE FROM people", "--db", str(db)])
    assert result.exit_code == 2 and "read-only" in result.output.lower()
