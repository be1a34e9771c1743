"""A reader who leaves (`linkedin-audit ingest EXPORT | head -1`) never stops the work nor fails it.

Click exits 1 on a broken pipe, and Python's own flush at exit turns a finished command's code into 120: the
ingest below committed its export and still exited 1. Through the real command, its output read by a pipe
that is closed after one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest


def _first_line_then_leave(args: list[str], both: bool) -> tuple[bytes, int]:
    env = {k: v for k, v in os.environ.items() if k != "LINKEDIN_AUDIT_DB"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "linkedin_audit", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if both else subprocess.DEVNULL,
        env=env,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader leaves
    try:
        code = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    return first, code


@pytest.mark.parametrize("both", [False, True], ids=["stdout", "stdout-and-stderr"])
def test_an_ingest_read_by_head_exits_0_with_its_export_saved(
    tiny_export: tuple[Path, Path], tmp_path: Path, both: bool
) -> None:
    export, _ = tiny_export
    db = tmp_path / "a.duckdb"
    first, code = _first_line_then_leave(["ingest", str(export), "--db", str(db)], both)
    assert first and code == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM exports").fetchall() == [(1,)]
        assert con.execute("SELECT count(*) FROM connections").fetchall()[0][0] > 0
    finally:
        con.close()


def test_status_read_by_head_exits_0(tiny_export: tuple[Path, Path]) -> None:
    _, db = tiny_export
    first, code = _first_line_then_leave(["status", "--db", str(db)], both=True)
    assert first and code == 0


def test_a_reader_who_leaves_does_not_stop_the_report(sample_db: Path, tmp_path: Path) -> None:
    """`linkedin-audit report 2>&1 | head -1`: the report used to hang (its progress output failed on the
    broken pipe and the notebooks' results never arrived); it now finishes, writes the file and exits 0."""
    out = tmp_path / "r.html"
    # two sections on the two default kernels: their progress lines still come after the reader left, and
    # the page still holds the inlined chart bundle (the other sections would add ~3 CPU s and nothing here)
    args = ["report", "--db", str(sample_db), "--out", str(out), "--sections", "overview,actions"]
    first, code = _first_line_then_leave(args, both=True)
    assert first and code == 0 and out.stat().st_size > 500_000
