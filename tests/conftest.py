"""Session-wide fixtures: the bundled sample export, ingested and analysed once per test process.

The sample (data/sample) is exactly what `make sample` generates (tests/test_sample.py pins that), so tests
that compare measures with the generator's truth on the small 2026 two-export history read this one database
instead of generating and ingesting the same export again (once per session: the first pytest-xdist worker
builds it, the others copy it). And the tests' ingests must not overwrite the developer's record of their last
database (which `linkedin-audit lab` and the notebooks read), so the state folder points into the session's
temp folder.

The longest modules are run first (`pytest_collection_modifyitems`, LONGEST_FIRST), so that under `make test`
(two workers, whole modules each) no long module is left for the end while the other worker idles."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from report_fixtures import shared_build

from linkedin_audit.build import run_ingest
from linkedin_audit.ingest.archive import export_date_from_name
from linkedin_audit.ingest.database import connect
from linkedin_audit.report.lean_imports import skip_slow_imports
from linkedin_audit.synth import generate

pytest_plugins = ["cpu_hook"]  # LA_TEST_CPU=FILE: per-test CPU (tests/cpu_hook.py)

# Bytecode caches, whatever the shell says: with PYTHONDONTWRITEBYTECODE set (some shells and CI images set
# it), pytest rewrote every test module again in each worker (~3 CPU s each) and each of the ~350 commands
# and notebook kernels the tests start compiled every package module whose .pyc was missing or stale (after
# any edit) again. The caches go where Python puts them (__pycache__, ignored by git); the xdist workers and
# every process the tests start inherit this.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

skip_slow_imports()  # the tests import altair and nbformat too: ~1.2 s of CPU per test process (lean_imports)

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

LONGEST_FIRST = (
    "test_messy_exports.py",
    "test_verdicts_people.py",
    "test_new_user.py",
    "test_hostile_files.py",
    "test_build_version.py",
    "test_cli_sql.py",
    "test_report.py",
    "test_hostile_data.py",
    "test_verdicts.py",
    "test_first_hour.py",
    "test_engagement.py",
    "test_bad_input.py",
    "test_hostile_export.py",
    "test_report_browser.py",
    "test_cli_errors.py",
    "test_report_lists.py",
    "test_contracts.py",
    "test_reader_leaves.py",
    "test_verdicts_review.py",
    "test_verdicts_past.py",
    "test_synth.py",
    "test_ingest_history.py",
    "test_who.py",
    "test_incremental.py",
    "test_storage_clients.py",
    "test_charts_browser.py",
    "test_locate.py",
    "test_who_removed.py",
    "test_report_sections.py",
    "test_relations_plan.py",
    "test_ingest_eras.py",
    "test_network_reach.py",
    "test_wheel.py",
    "test_bench_tiny.py",
    "test_interrupted_ingest.py",
    "test_lab_browser.py",
    "test_lab_signals.py",
)
"""Modules by their whole CPU time, longest first (measured per test with tests/cpu_hook.py:
`LA_TEST_CPU=/tmp/cpu.jsonl make test`, then `python tests/cpu_hook.py /tmp/cpu.jsonl 40`): these run first,
the rest after them in name order. `make test` hands whole modules to the two workers in this order
(`--dist loadfile --no-loadscope-reorder`), so a module's fixtures are built once and no long module is left
for the end while the other worker idles. The slow ones (`make test-slow`) are last, in their own order."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: each module keeps its order


@pytest.fixture(autouse=True, scope="session")
def _private_state_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    saved = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("xdg-state"))
    yield
    if saved is None:
        os.environ.pop("XDG_STATE_HOME", None)
    else:
        os.environ["XDG_STATE_HOME"] = saved


@pytest.fixture(scope="session")
def sample_exports() -> list[Path]:
    """The bundled sample's ZIPs, oldest first (by the date in their names: MM-DD-YYYY does not sort)."""
    return sorted(SAMPLE_DIR.glob("*.zip"), key=lambda p: export_date_from_name(p.name) or dt.date.min)


@pytest.fixture(scope="session")
def sample_truth() -> dict[str, Any]:
    """The generator's truth for the newest sample export (computed from its plan, never from the CSVs)."""
    result: dict[str, Any] = json.loads(next(SAMPLE_DIR.glob("*.truth.json")).read_text())
    return result


@pytest.fixture(scope="session")
def sample_db(sample_exports: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample history ingested with its analyses into a private database (read it, never write it).
    Ingested once per session; each worker reads its own copy (a read-write open elsewhere never waits)."""

    def build(folder: Path) -> Path:
        db = folder / "sample.duckdb"
        run_ingest(sample_exports, db, new_db=True, analyse=True, progress=False)
        return db

    built = shared_build(tmp_path_factory, "sample-db", build)
    db = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    shutil.copy(built, db)
    return db


@pytest.fixture(scope="session")
def sample_con(sample_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to `sample_db`, shared by the session."""
    con = connect(sample_db, read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def tiny_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The generator's tiny export (seed 1, a folder) and the database of its clean ingest, built once per
    session for the bad-input and messy-export corpora (read both, never write them: copy what a case
    damages)."""

    def build(folder: Path) -> Path:
        export = next(p for p in generate(folder / "export", scale="tiny", seed=1) if p.is_dir())
        db = folder / "clean.duckdb"
        run_ingest([export], db, progress=False)
        return db

    db = shared_build(tmp_path_factory, "tiny-export", build)
    return next(p for p in (db.parent / "export").iterdir() if p.is_dir()), db


@pytest.fixture(scope="session")
def hand_history(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """`hand_history(NAME)`: the hand-made history tests/fixtures/NAME (one export per folder, all in one
    ingest with the analyses, `--new-db`), ingested once per session (test_who and test_network_reach read
    who_network; test_who_removed and test_charts_browser read who_removed), as a fresh private copy per
    call: each module opens its own (DuckDB refuses one file opened twice in one process with other
    settings)."""

    def copy_of(name: str) -> Path:
        def build(folder: Path) -> Path:
            db = folder / "hand.duckdb"
            run_ingest(sorted((FIXTURES / name).iterdir()), db, new_db=True, analyse=True, progress=False)
            return db

        built = shared_build(tmp_path_factory, f"hand-{name}", build)
        copy = tmp_path_factory.mktemp(f"hand-{name}") / "hand.duckdb"
        shutil.copy(built, copy)
        return copy

    return copy_of


def _command_names() -> tuple[str, ...]:
    """Every command of the CLI, from the app itself: a new command's help is checked, no list to edit."""
    import typer

    from linkedin_audit.cli import app

    return tuple(sorted(typer.main.get_command(app).commands))  # type: ignore[attr-defined]


HELP_COMMANDS = _command_names()


@pytest.fixture(scope="session")
def command_helps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """`linkedin-audit COMMAND --help` of every command, through the real command (COLUMNS=200), run once per
    session (test_new_user, test_cli_errors and test_report_sections read them): {command: {"code", "stdout",
    "stderr"}}."""

    def build(folder: Path) -> Path:
        env = {**os.environ, "COLUMNS": "200"}
        helps = {}
        for command in HELP_COMMANDS:
            done = subprocess.run(
                [sys.executable, "-m", "linkedin_audit", command, "--help"],
                capture_output=True,
                text=True,
                env=env,
                cwd=folder,
            )
            helps[command] = {"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr}
        out = folder / "helps.json"
        out.write_text(json.dumps(helps), encoding="utf-8")
        return out

    result: dict[str, dict[str, Any]] = json.loads(shared_build(tmp_path_factory, "helps", build).read_text())
    return result
