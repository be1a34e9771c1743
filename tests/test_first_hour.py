"""The README's first hour through the real commands: your own export after the sample, the owner refusal
that says what to run, and `refresh` that leaves an up-to-date report alone unless --force."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = sorted((ROOT / "data" / "sample").glob("*.zip"))


def cli(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_STATE_HOME": str(tmp / "state")}
    env.pop("LINKEDIN_AUDIT_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "linkedin_audit", *args], env=env, capture_output=True, text=True, cwd=tmp
    )


@pytest.fixture(scope="module")
def other_owner(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("other")
    done = cli("synth", "--scale", "tiny", "--seed", "1", "--zip", "--out", str(out), tmp=out)
    assert done.returncode == 0, done.stderr
    return next(out.glob("*.zip"))


def test_the_sample_has_its_own_database_in_make_report() -> None:
    """`make report` (the sample) and `make report EXPORT=...` (yours) write different databases."""

    def db_of(*args: str) -> str:
        done = subprocess.run(["make", "-n", "report", *args], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return next(line for line in done.stdout.splitlines() if " ingest " in line)

    assert '--db "data/sample.duckdb"' in db_of()
    assert '--db "data/linkedin.duckdb"' in db_of("EXPORT=/tmp/mine.zip")


def test_another_owner_is_refused_naming_both_and_the_commands(
    tmp_path: Path, other_owner: Path, sample_db: Path
) -> None:
    db = tmp_path / "sample.duckdb"
    shutil.copy(sample_db, db)  # the sample's history, ingested once per session (conftest)
    done = cli("ingest", str(other_owner), "--db", str(db), tmp=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, done.stderr
    line = errors[0]
    assert "Uma Ulrich" in line, "the database's owner (the sample's) is named"
    assert "belongs to " in line and f"--db {db} --new-db" in line
    assert "to keep both, run `linkedin-audit ingest" in line


def test_refresh_with_nothing_new_keeps_the_report_unless_forced(tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    for z in SAMPLE:
        shutil.copy(z, downloads / z.name)
    db, out = tmp_path / "a.duckdb", tmp_path / "r.html"
    # the overview alone: the subject is what refresh keeps and rewrites, and the page's redaction banner
    args = ["refresh", str(downloads), "--db", str(db), "--out", str(out), "--sections", "overview"]
    first = cli(*args, tmp=tmp_path)
    assert first.returncode == 0, first.stderr
    assert out.exists() and "open file://" in first.stderr and "findings (" in first.stderr
    stamp = out.stat().st_mtime_ns
    second = cli(*args, tmp=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "nothing new" in second.stdout and "--force" in second.stdout
    assert out.stat().st_mtime_ns == stamp, "the report was not rebuilt"
    forced = cli(*args, "--force", "--redact", tmp=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert out.stat().st_mtime_ns != stamp
    assert "Redacted: names" in out.read_text()
