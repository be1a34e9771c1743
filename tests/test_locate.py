"""How notebooks and commands find the database: an explicit path, else $LINKEDIN_AUDIT_DB, else the database
the last ingest wrote (a state file), else data/linkedin.duckdb walking up from the notebook's folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from report_fixtures import demo_db

from linkedin_audit.report.locate import find_db, state_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = sorted((ROOT / "data" / "sample").glob("*.zip"))


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("LINKEDIN_AUDIT_DB", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path


def test_the_order_parameter_env_state_then_walking_up(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = clean_env
    (tmp / "proj" / "data").mkdir(parents=True)
    (tmp / "proj" / "notebooks").mkdir()
    walked = tmp / "proj" / "data" / "linkedin.duckdb"
    walked.touch()
    start = tmp / "proj" / "notebooks"
    assert find_db(None, start).path == walked
    recorded = tmp / "recorded.duckdb"
    recorded.touch()
    state_file().parent.mkdir(parents=True)
    state_file().write_text(f"{recorded}\n")
    assert find_db(None, start).path == recorded
    recorded.unlink()  # a recorded database that is gone is skipped, not used
    assert find_db(None, start).path == walked
    monkeypatch.setenv("LINKEDIN_AUDIT_DB", str(tmp / "env.duckdb"))
    assert find_db(None, start).path == tmp / "env.duckdb"
    assert find_db(tmp / "given.duckdb", start).path == tmp / "given.duckdb"


def test_nothing_found_says_what_was_tried(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(clean_env)  # the default is relative: judge it where nothing was ingested
    found = find_db(None, clean_env)
    assert not found.path.exists()
    assert "LINKEDIN_AUDIT_DB" in found.how and "ingest" in found.how and str(clean_env) in found.how


def test_ingest_records_its_database_in_the_state_folder(clean_env: Path) -> None:
    db = clean_env / "mine.duckdb"
    env = {**os.environ, "XDG_STATE_HOME": str(clean_env / "state")}
    env.pop("LINKEDIN_AUDIT_DB", None)
    done = subprocess.run(
        [sys.executable, "-m", "linkedin_audit", "ingest", str(SAMPLE[0]), "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (clean_env / "state" / "linkedin-audit" / "last-db").read_text().strip() == str(db.resolve())


def test_a_notebook_run_from_its_folder_finds_the_database_with_no_variable(clean_env: Path) -> None:
    """`jupyter nbconvert --execute` in notebooks/ of a project: data/linkedin.duckdb is found walking up."""
    project = clean_env / "project"
    (project / "data").mkdir(parents=True)
    demo_db(project / "data" / "linkedin.duckdb")
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    env = {**os.environ, "XDG_STATE_HOME": str(clean_env / "state")}
    env.pop("LINKEDIN_AUDIT_DB", None)
    jupyter = Path(sys.executable).parent / "jupyter"
    done = subprocess.run(
        [
            str(jupyter),
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--output",
            "ran.ipynb",
            "01_invitations.ipynb",
        ],
        cwd=project / "notebooks",
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in (project / "notebooks" / "ran.ipynb").read_text()


def test_a_notebook_with_no_database_anywhere_says_so_in_one_line(clean_env: Path) -> None:
    from linkedin_audit.errors import UserError
    from linkedin_audit.report import notebook_helpers as nh

    cwd = os.getcwd()
    os.chdir(clean_env)
    try:
        with pytest.raises(UserError, match="no database found.*linkedin-audit ingest EXPORT"):
            nh.connect(None)
    finally:
        os.chdir(cwd)
