"""SIGKILL at seeded random moments of a real `linkedin-audit ingest` (a subprocess, analyses included): each
time, the database that existed before opens and holds exactly what it held (every table's rows and every
view's definition compared); a first ingest that is killed leaves no database at all. Issue 8."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from linkedin_audit.synth import generate

SEED = 8
CLI = [sys.executable, "-m", "linkedin_audit", "ingest"]


def snapshot(db: Path) -> dict[str, str]:
    """What a database holds: a digest of every table's sorted rows and every view's SQL, by name."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for schema, name in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() ORDER BY ALL"
        ).fetchall():
            rows = con.execute(f'SELECT * FROM "{schema}"."{name}" ORDER BY ALL').fetchall()
            out[f"{schema}.{name}"] = hashlib.sha256(repr(rows).encode()).hexdigest()
        for schema, name, sql in con.execute(
            "SELECT schema_name, view_name, sql FROM duckdb_views() WHERE NOT internal ORDER BY ALL"
        ).fetchall():
            out[f"view {schema}.{name}"] = hashlib.sha256(sql.encode()).hexdigest()
        return out
    finally:
        con.close()


def ingest(export: Path, db: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CLI, str(export), "--db", str(db), *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def kill_after(proc: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL `proc` after `delay` seconds; True if it was still running (really interrupted)."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return True


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A tiny synthetic export and a later download of it with one more connection (a real update)."""
    root = tmp_path_factory.mktemp("kill")
    first = next(p for p in generate(root / "export", scale="tiny", seed=3) if p.is_dir())
    later = root / "Complete_LinkedInDataExport_04-30-2026"
    shutil.copytree(first, later)
    with (later / "Connections.csv").open("a", encoding="utf-8") as fh:
        fh.write("\nNia,Later,https://www.linkedin.com/in/nia-later-1,,Acme,Engineer,29 Apr 2026")
    return first, later


@pytest.mark.slow  # its subject: 13 ingests killed at random points, each recovered by another ingest
def test_sigkill_at_random_points_keeps_the_previous_database(
    tmp_path: Path, exports: tuple[Path, Path]
) -> None:
    first, later = exports
    base = tmp_path / "base.duckdb"
    started = time.perf_counter()
    assert ingest(first, base).wait() == 0
    duration = time.perf_counter() - started  # a whole CLI run: start-up, ingest, analyses, commit
    before = snapshot(base)
    rng = random.Random(SEED)
    interrupted = mid_write = 0
    plans = ["update"] * 7 + ["new-db over existing"] * 3 + ["first ingest"] * 3
    for k, plan in enumerate(plans):
        delay = rng.uniform(0.05, 0.8 * duration)
        db = tmp_path / f"db{k}.duckdb"
        if plan == "first ingest":
            killed = kill_after(ingest(first, db), delay)
            if db.exists():  # not killed, or killed after the rename: then the database is complete
                con = duckdb.connect(str(db), read_only=True)
                assert con.execute("SELECT count(*) FROM exports").fetchone() == (1,)
                con.close()
            assert killed or db.exists()
            leftovers = [p for p in tmp_path.iterdir() if db.name in p.name and p.is_file()]
            mid_write += any(".tmp-" in p.name for p in leftovers)
            assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in leftovers), leftovers
            interrupted += killed
            continue
        shutil.copy(base, db)
        bytes_before = db.read_bytes()
        proc = ingest(later, db, "--new-db") if plan.startswith("new-db") else ingest(later, db)
        killed = kill_after(proc, delay)
        after = snapshot(db)
        if killed and after != before:
            # killed after the commit (or the rename) itself: then the new state must be complete
            con = duckdb.connect(str(db), read_only=True)
            assert con.execute("SELECT count(*) FROM connections WHERE name = 'Nia Later'").fetchone() == (1,)
            con.close()
        elif killed:
            assert after == before, f"{plan} killed at {delay:.2f} s changed the database"
            if plan.startswith("new-db"):
                assert db.read_bytes() == bytes_before
        interrupted += killed
        leftovers = [p for p in tmp_path.iterdir() if db.name in p.name and p.is_file()]
        mid_write += any(".tmp-" in p.name or p.name.endswith(".wal") for p in leftovers)
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in leftovers}
        assert modes == dict.fromkeys(modes, 0o600), modes
        if k + 1 < len(plans) and plan == plans[k + 1]:
            continue  # the recovery below is checked once per kind of run (it costs a whole ingest)
        # the next ingest after a kill works and cleans any half-made temporary build
        assert ingest(later, db).wait() == 0
        assert not list(tmp_path.glob(f".{db.name}.tmp-*"))
        con = duckdb.connect(str(db), read_only=True)
        assert con.execute("SELECT count(*) FROM connections WHERE name = 'Nia Later'").fetchone() == (1,)
        con.close()
    print(
        f"{interrupted} of {len(plans)} runs killed mid-way (whole run {duration:.1f} s), "
        f"{mid_write} of them while writing (a temporary build or a WAL left behind)"
    )
    assert interrupted >= 10, f"only {interrupted} of {len(plans)} runs were still going when killed"


def test_a_signal_after_the_save_is_recorded_not_raised() -> None:
    """Once the export is committed (and renamed into place), a stop signal no longer interrupts: the CLI
    must never say "the database is as it was" of a database that holds the new export."""
    import os
    import signal

    from linkedin_audit.ingest import guard

    with guard.interruptible():
        guard.saved()
        os.kill(os.getpid(), signal.SIGTERM)  # handled at once, in the main thread: no exception
        assert guard.signalled_after_save() == signal.SIGTERM
    with pytest.raises(guard.Interrupted), guard.interruptible():  # a new ingest starts unsaved
        assert guard.signalled_after_save() is None
        os.kill(os.getpid(), signal.SIGTERM)
