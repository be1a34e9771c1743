"""Issue 14: no traceback anywhere. Every failure is one `error:` line through the real CLI (a subprocess);
an unexpected one also names a private crash log (the traceback), and `--debug` prints the traceback instead.
Text from the export (`[/]`, `[link=...]`, escape sequences) never breaks or hijacks ingest and status.

File modes are checked as an unprivileged user: tests run as root, which ignores modes, so those commands
run in a user namespace that maps us to uid 1000 (`unshare -U --map-user`), where the modes apply."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from linkedin_audit.build import run_ingest

FIXTURE = Path(__file__).parent / "fixtures" / "exports" / "Complete_LinkedInDataExport_12-20-2024"


def cli(*args: str, env: dict | None = None, unprivileged: bool = False, timeout: float = 300):
    command = [sys.executable, "-m", "linkedin_audit", *args]
    if unprivileged and os.geteuid() == 0:
        command = ["unshare", "-U", "--map-user=1000", "--map-group=1000", *command]
    return subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=timeout
    )


def one_error(proc, code: int = 2) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def _can_drop_privileges() -> bool:
    if os.geteuid() != 0:
        return True
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-U", "--map-user=1000", "--map-group=1000", "true"], capture_output=True
    )
    return probe.returncode == 0


needs_modes = pytest.mark.skipif(
    not _can_drop_privileges(), reason="running as root without user namespaces: file modes do not apply"
)


@pytest.fixture(autouse=True)
def _crash_logs_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("errdb") / "db.duckdb"
    run_ingest([FIXTURE], path, analyse=False, progress=False)
    return path


def test_version_and_help_without_type_placeholders(command_helps):
    """Each command's help through the real command: `--help` once per session (conftest's `command_helps`,
    which test_new_user reads too), and `report -h` here, which gives the same text as `report --help`."""
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("linkedin-audit 0.")
    for flag in ("-h", "--help"):
        assert "Commands" in cli(flag).stdout
    short = cli("report", "-h", env={"COLUMNS": "200"})
    assert short.returncode == 0 and short.stdout == command_helps["report"]["stdout"]
    for command, out in command_helps.items():
        assert out["code"] == 0, (command, out["stderr"])
        assert "<" not in out["stdout"] and "{" not in out["stdout"], (command, out["stdout"])


def test_unexpected_error_names_a_private_log_and_debug_prints_it(db, tmp_path):
    boom = (
        "import sys, linkedin_audit.cli.status as s\n"
        "def boom(*a, **k): raise RuntimeError('simulated bug')\n"
        "s.status = boom\n"
        "from linkedin_audit.cli import app\n"
        "sys.argv = ['linkedin-audit', *sys.argv[1:]]\n"
        "app()\n"
    )
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    proc = subprocess.run(
        [sys.executable, "-c", boom, "status", "--db", str(db)], capture_output=True, text=True, env=env
    )
    line = one_error(proc, code=1)
    assert "unexpected RuntimeError: simulated bug" in line and "--debug" in line
    logs = list((tmp_path / "state" / "linkedin-audit").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in line
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600
    assert "Traceback" in logs[0].read_text() and "simulated bug" in logs[0].read_text()
    debug = subprocess.run(
        [sys.executable, "-c", boom, "status", "--db", str(db), "--debug"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert debug.returncode == 1 and "Traceback (most recent call last)" in debug.stderr
    assert len(list((tmp_path / "state" / "linkedin-audit").glob("crash-*.log"))) == 1


def test_db_under_a_regular_file(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    bad = str(tmp_path / "notes.txt" / "db.duckdb")
    for args in (
        ["status", "--db", bad],
        ["sql", "SELECT 1", "--db", bad],
        ["ingest", str(FIXTURE), "--db", bad],
        ["analyse", "--db", bad],
    ):
        assert one_error(cli(*args)).endswith("notes.txt is a file, not a folder"), args


@needs_modes
def test_unreadable_database_file(db, tmp_path):
    locked = tmp_path / "locked.duckdb"
    shutil.copy(db, locked)
    os.chmod(tmp_path, 0o777)
    os.chmod(locked, 0)
    for args in (["sql", "SELECT 1"], ["status"], ["tables"]):
        proc = cli(*args, "--db", str(locked), unprivileged=True)
        assert proc.returncode == 2 and "Traceback" not in proc.stdout + proc.stderr
        last = proc.stderr.strip().splitlines()[-1]  # ours, or click's check of --db: one sentence either way
        assert "permission denied" in last or last.endswith("is not readable."), proc.stderr


@needs_modes
def test_existing_database_in_a_read_only_folder(db, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(db, folder / "db.duckdb")
    os.chmod(folder / "db.duckdb", 0o666)
    os.chmod(folder, 0o555)
    target = str(folder / "db.duckdb")
    for args in (["analyse", "--db", target], ["ingest", str(FIXTURE), "--db", target]):
        line = one_error(cli(*args, unprivileged=True))
        assert line.startswith(f"error: cannot write in {folder} (read-only folder or no permission)"), line
    ok = cli(
        "sql", "SELECT count(*) AS n FROM connections", "--db", target, "--format", "csv", unprivileged=True
    )
    assert ok.returncode == 0 and ok.stdout.splitlines()[1] == "4", ok.stderr  # reading still works
    os.chmod(folder, 0o755)


@needs_modes
def test_report_out_is_checked_before_any_notebook_runs(db, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    os.chmod(tmp_path, 0o777)
    os.chmod(ro, 0o555)
    (tmp_path / "file").write_text("x")
    cases = [
        (ro / "report.html", f"cannot write in {ro}"),
        (ro / "sub" / "report.html", "cannot create"),
        (tmp_path / "file" / "report.html", "is a file, not a folder"),
    ]
    for out, expected in cases:
        started = time.monotonic()
        line = one_error(cli("report", "--db", str(db), "--out", str(out), unprivileged=True))
        assert expected in line, line
        assert time.monotonic() - started < 60  # the notebooks take minutes: none ran
    os.chmod(ro, 0o755)


def test_analyse_on_an_empty_database(tmp_path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    line = one_error(cli("analyse", "--db", str(empty)))
    assert line == f"error: {empty} holds no ingested export; run `linkedin-audit ingest EXPORT` first"


def test_bad_thresholds_files(db, tmp_path):
    listed = tmp_path / "list.toml"
    listed.write_text("[reply_rate]\nwatch = [0.1, 0.2]\n")
    line = one_error(cli("analyse", "--db", str(db), "--thresholds", str(listed)))
    assert "[reply_rate] watch must be a number, not list [0.1, 0.2]" in line, line
    section = tmp_path / "section.toml"
    section.write_text("minimum = [1]\n")
    assert "`minimum` must be a section" in one_error(
        cli("analyse", "--db", str(db), "--thresholds", str(section))
    )
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert "is a folder, not a TOML file" in one_error(
        cli("analyse", "--db", str(db), "--thresholds", str(folder))
    )


def _hostile_export(root: Path) -> Path:
    export = root / "Basic_LinkedInDataExport_03-20-2025"
    export.mkdir()
    (export / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,[bold]Example,https://www.linkedin.com/in/ada-example-1a2b3c,,[link=https://evil.example]Corp,"
        "\x1b]8;;https://evil.example\x07Lead\x1b]8;;\x07,[/]\n"
        "Bob,Example,https://www.linkedin.com/in/bob-example-4d5e,,Acme,Dev,07 Mar 2024\n"
    )
    (export / "[x]\x1b[31mweird[bold].csv").write_text("a\n1\n")
    return export


def test_markup_and_escapes_in_the_export_cannot_break_ingest_or_status(tmp_path):
    export = _hostile_export(tmp_path)
    target = tmp_path / "db.duckdb"
    forced = {"FORCE_COLOR": "1", "COLUMNS": "200"}  # as on a terminal: rich would emit styles and links
    ingest = cli("ingest", str(export), "--db", str(target), env=forced)
    assert ingest.returncode == 0, ingest.stderr
    status = cli("status", "--db", str(target), env=forced)
    assert status.returncode == 0, status.stderr
    for out in (ingest.stdout, status.stdout):
        assert "Traceback" not in out and "\x1b]8;" not in out and "\x1b[31mweird" not in out
        assert "[x]\\x1b[31mweird[bold].csv" in out
    failures = cli("sql", "SELECT example FROM parse_failures", "--db", str(target), "--format", "csv")
    assert "[/]" in failures.stdout


def test_ctrl_c_inside_any_duckdb_call_is_an_interruption_not_a_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """DuckDB reports Ctrl-C as InterruptException, or from some calls (a scalar fetch in `status`) as a
    RuntimeError 'Query interrupted': both are exit 130 and one line, never 'unexpected RuntimeError' with a
    crash log; any other RuntimeError still is one."""
    from linkedin_audit.cli import failures

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))

    def raising(exc: Exception) -> Callable[[], int]:
        def main() -> int:
            raise exc

        return main

    for exc in (
        duckdb.InterruptException("INTERRUPT Error: Interrupted!"),
        RuntimeError("Query interrupted"),
    ):
        assert failures.run_guarded(raising(exc), debug=False) == 130
        assert capsys.readouterr().err.strip() == "error: interrupted (Ctrl-C)"
    assert failures.run_guarded(raising(RuntimeError("column interrupted not found")), debug=False) == 1
    assert "unexpected RuntimeError" in capsys.readouterr().err


def test_a_failed_query_that_quotes_query_interrupted_is_its_error_not_a_ctrl_c(tmp_path: Path) -> None:
    """DuckDB quotes a query's values in its errors: a conversion error about the text 'query interrupted'
    is exit 2 with DuckDB's error, not 'interrupted (Ctrl-C)' (a red-team find), through the real sql."""
    db = tmp_path / "x.duckdb"
    state = {"XDG_STATE_HOME": str(tmp_path / "state")}
    assert cli("ingest", str(FIXTURE), "--db", str(db), env=state).returncode == 0
    done = cli("sql", "--db", str(db), "SELECT CAST('query interrupted' AS INTEGER)", env=state)
    assert "Conversion Error" in one_error(done), done.stderr
