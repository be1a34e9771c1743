"""The database opens in the DuckDB clients people already have (README: "Which DuckDB opens the database").

The sample database is opened read-only by the oldest DuckDB we promise (ingest/storage.py's OLDEST_CLIENT)
and by the latest 1.x release, each installed from the package registry into its own environment under
.venv/clients/ (made once, then reused), and the README's example queries run there. A database an earlier
linkedin-audit wrote in DuckDB 2.0's own format still opens and ingests, and comes out readable by them."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from linkedin_audit.analyses.pipeline import METRICS
from linkedin_audit.build import run_ingest
from linkedin_audit.ingest import database
from linkedin_audit.ingest.archive import export_date_from_name
from linkedin_audit.ingest.storage import OLDEST_CLIENT, STORAGE_VERSION, storage_version

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = ROOT / ".venv" / "clients"
LATEST_1X = "1.5.6"
"""The latest DuckDB 1.x release: what many CLIs, DBeaver drivers and Python environments still run."""


def _readme_queries() -> list[str]:
    """The SQL block of the README's "Which DuckDB opens the database" section, one query per statement."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("### Which DuckDB opens the database") :]
    block = re.search(r"```sql\n(.*?)```", section, re.S)
    assert block, "the README's section has its example queries"
    lines = [line for line in block.group(1).splitlines() if not line.startswith("--")]
    return [q.strip() for q in "\n".join(lines).split(";") if q.strip()]


def _client(version: str) -> Path:
    """The python of an environment holding only duckdb==version, made once under .venv/clients/."""
    folder = CLIENTS / f"duckdb-{version}"
    python = folder / "bin" / "python"
    CLIENTS.mkdir(parents=True, exist_ok=True)
    with open(CLIENTS / ".lock", "w") as lock:  # pytest-xdist workers make it once
        fcntl.flock(lock, fcntl.LOCK_EX)
        ready = folder / ".ready"
        if not ready.exists():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(folder)], check=True)
            done = subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet", f"duckdb=={version}"],
                capture_output=True,
                text=True,
                timeout=600,
            )
            if done.returncode != 0:
                reason = (done.stderr or done.stdout).strip().splitlines()[-1:]
                if re.search(r"(?i)connection|network is unreachable|name resolution|timed out", done.stderr):
                    pytest.skip(f"the package registry is unreachable: cannot install duckdb=={version}")
                pytest.fail(f"pip could not install duckdb=={version}: {reason}")
            ready.touch()
    return python


QUERY_SCRIPT = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
out = {"version": duckdb.__version__, "results": {}, "relations": {}}
for query in json.loads(sys.argv[2]):
    try:
        out["results"][query] = [[str(v) for v in row] for row in con.execute(query).fetchall()]
    except Exception as exc:
        out["results"][query] = "ERROR " + str(exc)
names = con.execute(
    "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
    "UNION ALL SELECT schema_name, view_name FROM duckdb_views() "
    "WHERE database_name = current_database() AND NOT internal"
).fetchall()
for schema, name in names:
    try:
        out["relations"][schema + "." + name] = con.execute(
            'SELECT count(*) FROM "' + schema + '"."' + name + '"'
        ).fetchone()[0]
    except Exception as exc:
        out["relations"][schema + "." + name] = "ERROR " + str(exc)
print(json.dumps(out))
"""


def _read_with(version: str, db: Path, queries: list[str]) -> dict:
    python = _client(version)
    done = subprocess.run(
        [str(python), "-c", QUERY_SCRIPT, str(db), json.dumps(queries)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert done.returncode == 0, done.stderr
    result: dict = json.loads(done.stdout)
    assert result["version"] == version
    return result


@pytest.mark.parametrize("version", [OLDEST_CLIENT, LATEST_1X])
def test_sample_database_opens_in_older_duckdb(
    version: str, sample_db: Path, sample_con: duckdb.DuckDBPyConnection
) -> None:
    queries = _readme_queries()
    assert "SELECT * FROM audit_summary" in queries
    got = _read_with(version, sample_db, queries)
    errors = {q: r for q, r in got["results"].items() if isinstance(r, str)}
    assert not errors, errors
    summary = got["results"]["SELECT * FROM audit_summary"]
    assert sorted(row[0] for row in summary) == sorted(METRICS)
    con = sample_con  # the session's read-only connection (a second one with other settings is refused)
    for query in queries:  # the same answers as the DuckDB linkedin-audit runs on
        ours = [[str(v) for v in row] for row in con.execute(query).fetchall()]
        assert got["results"][query] == ours, query
    relations = dict(
        con.execute(
            "SELECT schema_name || '.' || table_name, estimated_size FROM duckdb_tables() "
            "WHERE database_name = current_database()"
        ).fetchall()
    )
    unreadable = {n: r for n, r in got["relations"].items() if isinstance(r, str)}
    assert not unreadable, unreadable  # every table and view, the views rebound by the older DuckDB
    assert set(relations) <= set(got["relations"])


def _rewrite_in_newest_format(db: Path) -> None:
    """The file as an earlier linkedin-audit wrote it: the same relations in DuckDB's own newest format."""
    old = db.with_name("as-released.duckdb")
    con = duckdb.connect()
    con.execute(f"ATTACH '{db}' AS ours (READ_ONLY)")
    con.execute(f"ATTACH '{old}' AS released")  # no STORAGE_VERSION: DuckDB's default, its newest
    con.execute("COPY FROM DATABASE ours TO released")
    con.close()
    os.replace(old, db)


def test_database_of_an_earlier_release_opens_ingests_and_is_rewritten(
    sample_exports: list[Path], tmp_path: Path
) -> None:
    db = tmp_path / "earlier.duckdb"
    oldest_first = sorted(sample_exports, key=lambda p: export_date_from_name(p.name) or dt.date.max)
    run_ingest(oldest_first[:1], db, progress=False)
    _rewrite_in_newest_format(db)
    con = duckdb.connect(str(db), read_only=True)
    released = storage_version(con)
    con.close()
    assert released is not None and released.startswith("v2."), released
    status = subprocess.run(
        [sys.executable, "-m", "linkedin_audit", "status", "--db", str(db)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert status.returncode == 0, status.stderr
    assert f"opens in: DuckDB {released.strip('v+')} and later" in status.stdout
    assert (
        f"the next ingest of a new export rewrites it for DuckDB {OLDEST_CLIENT} and later" in status.stdout
    )

    summary = run_ingest(oldest_first[1:], db, progress=False)
    assert [e.skipped for e in summary.exports] == [False]
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert storage_version(con) == STORAGE_VERSION + "+"
        assert con.execute("SELECT count(*) FROM exports").fetchone() == (2,)
        assert con.execute("SELECT count(DISTINCT export_id) FROM audit_history").fetchone() == (2,)
    finally:
        con.close()
    assert oct(db.stat().st_mode & 0o777) == oct(0o600)
    assert not list(tmp_path.glob(".earlier.duckdb.tmp-*"))
    got = _read_with(OLDEST_CLIENT, db, ["SELECT count(*) FROM audit_summary"])
    assert got["results"]["SELECT count(*) FROM audit_summary"] == [[str(len(METRICS))]]
    status = subprocess.run(
        [sys.executable, "-m", "linkedin_audit", "status", "--db", str(db)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert f"opens in: DuckDB {OLDEST_CLIENT} and later (storage format {STORAGE_VERSION})" in status.stdout
    assert "rewrites it" not in status.stdout


def test_new_databases_and_rebuilds_keep_the_format(sample_exports: list[Path], tmp_path: Path) -> None:
    """A first build, a later ingest into it and a --new-db rebuild all write the chosen format."""
    db = tmp_path / "db.duckdb"
    run_ingest(sample_exports[:1], db, analyse=False, progress=False)
    run_ingest(sample_exports[1:], db, analyse=False, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    assert storage_version(con) == STORAGE_VERSION + "+"
    con.close()
    summary = run_ingest(sample_exports[1:], db, new_db=True, analyse=False, progress=False)
    assert summary.backup is not None
    for path in (db, summary.backup):
        con = duckdb.connect(str(path), read_only=True)
        assert storage_version(con) == STORAGE_VERSION + "+", path
        con.close()


def _compressions(db: Path) -> set[str]:
    """Every compression method the file's column segments use."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()
        return {
            row[0]
            for schema, name in tables
            for row in con.execute(
                f"SELECT compression FROM pragma_storage_info('{schema}.{name}')"
            ).fetchall()
        }
    finally:
        con.close()


def _rows(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("connections", "messages")
        }
    finally:
        con.close()


def test_small_databases_are_written_without_fsst_and_larger_ones_with_it(
    sample_exports: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database of few rows skips FSST string compression (its analysis is a cost per column, half of a
    typical export's checkpoint: ingest/database.py), at its first build and at a later ingest; above
    SMALL_DATABASE_ROWS it keeps it. The rows are the same (and the sample database, written without it,
    opens in the older clients above)."""
    small, large = tmp_path / "small.duckdb", tmp_path / "large.duckdb"
    run_ingest(sample_exports[:1], small, analyse=False, progress=False)
    assert "FSST" not in _compressions(small)
    monkeypatch.setattr(database, "SMALL_DATABASE_ROWS", 0)
    run_ingest(sample_exports[:1], large, analyse=False, progress=False)
    assert "FSST" in _compressions(large)
    assert _rows(small) == _rows(large)
    monkeypatch.undo()
    run_ingest(sample_exports[1:], small, analyse=False, progress=False)
    assert "FSST" not in _compressions(small)
