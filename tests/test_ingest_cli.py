"""The CLI commands over the ingest: errors are one sentence with exit code 2; status and sql read the DB;
`sql` is read-only; a SIGKILLed ingest leaves the previous database exactly as it was."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from linkedin_audit.cli import app
from linkedin_audit.ingest import run_ingest

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
    assert result.output == "n\n4\n"
    result = runner.invoke(app, ["sql", "DELETE FROM people", "--db", str(db)])
    assert result.exit_code == 2 and "read-only" in result.output.lower()


def test_sigkill_during_ingest_leaves_db_as_before(tmp_path):
    """Kill the second ingest at several points; the first export's database must be unchanged."""
    db = tmp_path / "db.duckdb"
    run_ingest([DEC_2024], db, analyse=False, progress=False)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    later = tmp_path / "Complete_LinkedInDataExport_03-20-2025"
    shutil.copytree(DEC_2024, later)
    code = ("from linkedin_audit.ingest import run_ingest; import sys; "
            "run_ingest([sys.argv[1]], sys.argv[2], analyse=False, progress=False)")
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5):
        proc = subprocess.Popen([sys.executable, "-c", code, str(later), str(db)])
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        con = duckdb.connect(str(db), read_only=True)
        exports = con.execute("SELECT count(*) FROM exports").fetchone()[0]
        con.close()
        if exports == 1:
            assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
        else:  # the ingest finished before the kill: then it must be complete
            assert exports == 2
            return
