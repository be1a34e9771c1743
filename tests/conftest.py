"""Session-wide fixtures: the bundled sample export, ingested and analysed once per test process.

The sample (data/sample) is exactly what `make sample` generates (tests/test_sample.py pins that), so tests
that compare measures with the generator's truth on the small 2026 two-export history read this one database
instead of generating and ingesting the same export again. And the tests' ingests must not overwrite the
developer's record of their last database (which `linkedin-audit lab` and the notebooks read), so the state
folder points into the session's temp folder."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from linkedin_audit.build import run_ingest
from linkedin_audit.ingest.database import connect
from linkedin_audit.report.lean_imports import skip_slow_imports

skip_slow_imports()  # the tests import altair and nbformat too: ~1.2 s of CPU per test process (lean_imports)

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"


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
    """The bundled sample's ZIPs, oldest first."""
    return sorted(SAMPLE_DIR.glob("*.zip"))


@pytest.fixture(scope="session")
def sample_truth() -> dict[str, Any]:
    """The generator's truth for the newest sample export (computed from its plan, never from the CSVs)."""
    result: dict[str, Any] = json.loads(next(SAMPLE_DIR.glob("*.truth.json")).read_text())
    return result


@pytest.fixture(scope="session")
def sample_db(sample_exports: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample history ingested with its analyses into a private database (read it, never write it)."""
    db = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    run_ingest(sample_exports, db, new_db=True, analyse=True, progress=False)
    return db


@pytest.fixture(scope="session")
def sample_con(sample_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to `sample_db`, shared by the session."""
    con = connect(sample_db, read_only=True)
    yield con
    con.close()
