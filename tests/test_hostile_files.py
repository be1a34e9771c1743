"""Issue 25, files and databases: what the tool writes and opens when the path is hostile. Every case runs the
real CLI in a subprocess on a hand-made case.

- Writing: only a regular file is replaced (or a new path created); a character device, a FIFO, a link
  (`/dev/stdout` among them) is refused with one `error:` line and left as it was; links planted at the old
  predictable temporary names never redirect a write; what is written is 0600, the state folder 0700.
- Databases: another program's DuckDB database is refused naming its tables and left untouched; a damaged
  one gives `status`, `analyse`, `ingest`, `report` one line saying so (no crash log).
- Bounded: thresholds out of range are refused naming the key; `sql` spills into a private folder that is
  removed, also after a kill, by the next run; a 1 GB value is refused in one line within a bounded memory."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from linkedin_audit.build import run_ingest

FIXTURE = Path(__file__).parent / "fixtures" / "exports" / "Complete_LinkedInDataExport_12-20-2024"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def cli(*args: str, env: dict | None = None, timeout: float = 300, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "linkedin_audit", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        cwd=cwd,
    )


def one_error(proc, code: int = 2) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr and "unexpected" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture(autouse=True)
def _state_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("LINKEDIN_AUDIT_DB", "")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile-files") / "db.duckdb"
    run_ingest([FIXTURE], path, analyse=False, progress=False)
    return path


def _char_device(path: Path) -> Path:
    """A character device with /dev/null's numbers (1, 3), made in tmp: never the machine's own."""
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return path


def _same_node(path: Path, kind) -> bool:  # noqa: ANN001 - a stat.S_IS* predicate
    return kind(os.lstat(path).st_mode)


# --- writing files -----------------------------------------------------------------------------------------


@pytest.mark.skipif(not IS_ROOT, reason="os.mknod of a character device needs root")
def test_sql_o_and_report_out_refuse_a_character_device(db, tmp_path):
    dev = _char_device(tmp_path / "null")
    line = one_error(cli("sql", "SELECT 1", "--db", str(db), "-o", str(dev)))
    assert "it is a character device, not a regular file" in line
    line = one_error(cli("report", "--db", str(db), "--out", str(dev)))
    assert "it is a character device" in line
    assert _same_node(dev, stat.S_ISCHR) and os.lstat(dev).st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]  # no temporary left beside it


def test_sql_o_and_report_out_refuse_a_fifo(db, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "named pipe (FIFO)" in one_error(cli("sql", "SELECT 1", "--db", str(db), "-o", str(fifo)))
    assert "named pipe (FIFO)" in one_error(cli("report", "--db", str(db), "--out", str(fifo)))
    assert _same_node(fifo, stat.S_ISFIFO)


def test_dev_stdout_is_refused_and_sql_prints_without_o(db):
    line = one_error(cli("sql", "SELECT 1", "--db", str(db), "-o", "/dev/stdout"))
    assert "symbolic link" in line and "leave out -o to print to standard output" in line
    assert os.path.islink("/dev/stdout") or not os.path.exists("/dev/stdout")


def test_a_link_at_the_target_is_refused_and_its_target_untouched(db, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    os.chmod(victim, 0o644)
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    assert "symbolic link" in one_error(cli("sql", "SELECT 1", "--db", str(db), "-o", str(link)))
    assert victim.read_text() == "precious\n" and stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert link.is_symlink()


def _next_pids(count: int) -> range:
    try:
        last = int(Path("/proc/sys/kernel/ns_last_pid").read_text())
    except OSError:
        return range(0)
    return range(last + 1, last + 1 + count)


def test_links_planted_at_the_old_temporary_names_are_never_followed(db, tmp_path):
    """The old names: `.NAME.tmp-PID` for `sql -o` (planted for the next 300 PIDs), `.last-db.tmp` for the
    state file. The victim keeps its bytes and mode, the outputs are regular 0600 files of ours."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    os.chmod(victim, 0o644)
    out = tmp_path / "out" / "result.csv"
    out.parent.mkdir()
    for pid in _next_pids(300):
        (out.parent / f".result.csv.tmp-{pid}").symlink_to(victim)
    state = tmp_path / "state" / "linkedin-audit"
    state.mkdir(parents=True)
    (state / ".last-db.tmp").symlink_to(victim)

    proc = cli("sql", "SELECT 42 AS answer", "--db", str(db), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    fresh = tmp_path / "fresh.duckdb"
    proc = cli("ingest", str(FIXTURE), "--db", str(fresh))
    assert proc.returncode == 0, proc.stderr

    assert victim.read_text() == "precious\n" and stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert not out.is_symlink() and out.read_text() == '"answer"\n42\n'
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    last = state / "last-db"
    assert not last.is_symlink() and last.read_text() == f"{fresh.resolve()}\n"
    assert stat.S_IMODE(last.stat().st_mode) == 0o600
    assert stat.S_IMODE(state.stat().st_mode) == 0o700


def test_state_folder_made_private_and_a_fifo_state_file_left_alone(tmp_path):
    state = tmp_path / "state" / "linkedin-audit"
    state.mkdir(parents=True, mode=0o755)
    os.chmod(state, 0o755)  # as an older version left it
    os.mkfifo(state / "last-db")
    proc = cli("ingest", str(FIXTURE), "--db", str(tmp_path / "a.duckdb"), timeout=120)
    assert proc.returncode == 0, proc.stderr  # the state file is best effort: the ingest succeeded
    assert _same_node(state / "last-db", stat.S_ISFIFO)
    assert stat.S_IMODE(state.stat().st_mode) == 0o700


def test_db_that_is_a_device_or_fifo_is_refused(tmp_path):
    fifo = tmp_path / "db.fifo"
    os.mkfifo(fifo)
    for args in (["status"], ["sql", "SELECT 1"], ["ingest", str(FIXTURE), "--new-db"]):
        line = one_error(cli(*args, "--db", str(fifo), timeout=60))
        assert "named pipe (FIFO), not a database file" in line, args
    assert _same_node(fifo, stat.S_ISFIFO)
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["db.fifo"]


# --- another program's database, a damaged one ----------------------------------------------------------


def _foreign(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE people(id INTEGER, salary DOUBLE)")
        con.execute("INSERT INTO people VALUES (1, 100000), (2, 52000.5), (3, 71000)")
    os.chmod(path, 0o640)
    return path


def test_ingest_refuses_another_programs_database(tmp_path):
    foreign = _foreign(tmp_path / "payroll.duckdb")
    before = foreign.read_bytes()
    for extra in ([], ["--new-db"]):
        line = one_error(cli("ingest", str(FIXTURE), "--db", str(foreign), *extra, timeout=120))
        assert "is not a linkedin-audit database: it holds people (2 columns, 3 rows)" in line, extra
        assert "left untouched" in line
    assert foreign.read_bytes() == before and stat.S_IMODE(foreign.stat().st_mode) == 0o640
    assert not list(tmp_path.glob("payroll.duckdb.backup-*"))
    with duckdb.connect(str(foreign), read_only=True) as con:
        assert con.execute("SELECT sum(salary) FROM people").fetchone() == (223000.5,)
    for command in ("status", "analyse"):
        assert "it holds people (2 columns, 3 rows)" in one_error(cli(command, "--db", str(foreign)))


def _truncated(db: Path, target: Path) -> Path:
    data = db.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def _corrupted(db: Path, target: Path) -> Path:
    """Every block after the first 256 KiB overwritten at its start: checksums fail wherever it is read."""
    data = bytearray(db.read_bytes())
    for offset in range(3 * 4096 + 262144, len(data), 262144):
        data[offset + 8 : offset + 4096] = b"\xa5" * (4096 - 8)
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("damage", [_truncated, _corrupted])
def test_a_damaged_database_is_one_line_for_every_command(db, tmp_path, damage):
    bad = damage(db, tmp_path / "bad.duckdb")
    for args in (["status"], ["analyse"], ["ingest", str(FIXTURE)], ["report"]):
        if args == ["report"]:
            proc = cli("report", "--db", str(bad), "--out", str(tmp_path / "r.html"), timeout=120)
        else:
            proc = cli(*args, "--db", str(bad), timeout=120)
        line = one_error(proc)
        assert "truncated or damaged" in line, (args, line)
        assert "no `exports` table" not in proc.stderr
    assert not (tmp_path / "state" / "linkedin-audit").exists() or not list(
        (tmp_path / "state" / "linkedin-audit").glob("crash-*.log")
    )
    assert not (tmp_path / "r.html").exists()


def test_a_database_whose_checkpoint_cut_free_blocks_off_its_end_still_opens(db, tmp_path):
    """DuckDB cuts free blocks off the end of the file at a checkpoint (the tables written last were replaced
    or dropped), so a sound file can be shorter than all the blocks its header counts; only a file shorter
    than the blocks in use is damaged (a max-scale database was refused as damaged by `analyse`)."""
    shorter = tmp_path / "shorter.duckdb"
    shorter.write_bytes(db.read_bytes())
    con = duckdb.connect(str(shorter))
    for table in ("kept", "last"):  # the table written last takes the blocks at the end; then it goes
        con.execute(f"CREATE TABLE {table} AS SELECT range AS i, md5(range::VARCHAR) AS s FROM range(300000)")
        con.execute("CHECKPOINT")
    con.execute("DROP TABLE last")
    con.execute("CHECKPOINT")
    con.close()
    con = duckdb.connect(str(shorter), read_only=True)
    block, total, free = con.execute(
        "SELECT block_size, total_blocks, free_blocks FROM pragma_database_size()"
    ).fetchone()
    con.close()
    assert free > 0 and shorter.stat().st_size < 3 * 4096 + block * total  # the situation this is about
    for args in (["status"], ["analyse"]):
        proc = cli(*args, "--db", str(shorter), timeout=120)
        assert proc.returncode == 0, (args, proc.stderr)
        assert "damaged" not in proc.stderr


# --- thresholds ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ("[minimum]\nsends = 1e300\n", "[minimum] sends = 1e+300"),
        ("[minimum]\nsends = 2.5\n", "[minimum] sends = 2.5"),
        ("[minimum]\nconversations = 0\n", "[minimum] conversations = 0"),
        ("[not_accepted_share]\nwatch = nan\n", "[not_accepted_share] watch = nan"),
        ("[invites_7d]\nhigh = inf\n", "[invites_7d] high = inf"),
        ("[reply_rate]\nwatch = 1.5\n", "[reply_rate] watch = 1.5"),
        ("[invites_24h]\nwatch = -3\n", "[invites_24h] watch = -3"),
        ("[invites_7d]\nwatch = 120\nhigh = 90\n", "[invites_7d] high = 90 must be above watch = 120"),
        ("[reply_rate]\nwatch = 0.2\nhigh = 0.4\n", "[reply_rate] high = 0.4 must be below watch"),
    ],
)
def test_thresholds_out_of_range_are_refused_naming_the_key(db, tmp_path, toml, named):
    mine = tmp_path / "mine.toml"
    mine.write_text(toml)
    started = time.monotonic()
    line = one_error(cli("analyse", "--db", str(db), "--thresholds", str(mine), timeout=60))
    assert named in line, line
    assert time.monotonic() - started < 30


# --- sql: spill folder and memory ------------------------------------------------------------------------


def _spills(folder: Path) -> list[Path]:
    return sorted(folder.glob(".db.duckdb.spill-*"))


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_sql_spills_privately_and_a_killed_runs_folder_is_removed_next_time(db, tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    mine = work / "db.duckdb"
    mine.write_bytes(db.read_bytes())
    stale = work / f".db.duckdb.spill-{_dead_pid()}-abc123"
    stale.mkdir()
    (stale / "duckdb_temp_storage-0.tmp").write_bytes(b"\0" * 4096)

    slow = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "linkedin_audit",
            "sql",
            "SELECT count(*) FROM range(100000000000)",
            "--db",
            str(mine),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not [p for p in _spills(work) if p != stale] and time.monotonic() < deadline:
            time.sleep(0.1)
        running = [p for p in _spills(work) if p != stale]
        assert len(running) == 1 and f"spill-{slow.pid}-" in running[0].name
        assert stat.S_IMODE(running[0].stat().st_mode) == 0o700
        assert not stale.exists()  # removed by this run: its PID no longer runs
    finally:
        slow.send_signal(signal.SIGKILL)  # a crash: no clean-up of its own
        slow.wait()
    assert running[0].exists()
    proc = cli("sql", "SELECT current_setting('temp_directory') AS t", "--db", str(mine), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    used = Path(proc.stdout.splitlines()[1].strip('"'))
    assert used.parent == work and used.name.startswith(".db.duckdb.spill-")
    assert _spills(work) == []  # the killed run's folder and this run's own are gone


def test_a_gigabyte_value_is_refused_in_one_line_within_the_cap(db, tmp_path):
    """Peak memory of that one process (wait4's rusage); its output goes to files, never to a pipe it could
    fill while nobody reads (the old code wrote the gigabyte)."""
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    query = "SELECT repeat('x', 1000000000) AS s"
    with out.open("wb") as stdout_file, err.open("wb") as stderr_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "linkedin_audit", "sql", query, "--db", str(db)],
            stdout=stdout_file,
            stderr=stderr_file,
        )
        _, status, usage = os.wait4(proc.pid, 0)
    stdout, stderr = out.read_text(errors="replace")[:1000], err.read_text()
    proc.returncode = os.waitstatus_to_exitcode(status)
    line = one_error(subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr))
    assert "the query needs more memory than `sql` allows" in line
    assert usage.ru_maxrss * 1024 < 1.2 * 2**30, usage.ru_maxrss  # was 3 GB


# --- a report during an ingest ------------------------------------------------------------------------------


def _lock_held(db: Path) -> bool:
    import fcntl

    try:
        fd = os.open(db.with_name(f".{db.name}.lock"), os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_a_report_started_during_an_ingest_waits_and_reads_one_state(tmp_path, sample_exports):
    """`ingest --new-db` of a two-export history renames a new database over one that holds the first export;
    a report started meanwhile used to read the old file's coverage and the new file's numbers. It now waits
    (saying so) and covers both exports. The history: the bundled sample (`synth --scale small --history 2`).
    """
    exports = sample_exports  # oldest first
    assert [p.name[-8:-4] for p in exports] == ["2025", "2026"]
    db = tmp_path / "db.duckdb"
    assert cli("ingest", str(exports[0]), "--db", str(db)).returncode == 0
    ingest = subprocess.Popen(
        [sys.executable, "-m", "linkedin_audit", "ingest", "--new-db", *map(str, exports), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not _lock_held(db) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _lock_held(db), "the ingest did not take its lock"
    # the opening section only: the coverage line (the page's header) and the wait are the subject here, not
    # the other sections, which would add ~3 CPU s (report --sections: test_report_sections)
    out = tmp_path / "r.html"
    report = cli("report", "--db", str(db), "--out", str(out), "--sections", "overview", timeout=600)
    assert ingest.wait(timeout=300) == 0
    assert report.returncode == 0, report.stderr
    assert f"waiting: an ingest is writing {db}; the report starts when it ends" in report.stderr
    assert "Covers 2 exports" in " ".join(report.stderr.split())
    assert "Covers 2 exports" in out.read_text()


def test_a_link_at_the_lock_files_name_is_never_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / ".db.duckdb.lock").symlink_to(victim)
    line = one_error(cli("ingest", str(FIXTURE), "--db", str(tmp_path / "db.duckdb"), timeout=120))
    assert "lock file" in line and "symbolic link" in line
    assert victim.read_text() == "precious\n" and not (tmp_path / "db.duckdb").exists()


def _can_drop_privileges() -> bool:
    if not IS_ROOT:
        return True
    probe = subprocess.run(
        ["unshare", "-U", "--map-user=1000", "--map-group=1000", "true"], capture_output=True, check=False
    )
    return probe.returncode == 0


@pytest.mark.skipif(
    not _can_drop_privileges(), reason="root without user namespaces: file modes do not apply"
)
def test_an_unreadable_db_is_one_error_line_not_a_usage_error(db, tmp_path):
    """Run as uid 1000 in a user namespace (root reads anything); every command that takes --db."""
    locked = tmp_path / "locked.duckdb"
    locked.write_bytes(db.read_bytes())
    os.chmod(tmp_path, 0o777)
    os.chmod(locked, 0)
    prefix = ["unshare", "-U", "--map-user=1000", "--map-group=1000"] if IS_ROOT else []
    for args in (["status"], ["sql", "SELECT 1"], ["tables"], ["analyse"], ["report"], ["lab"]):
        proc = subprocess.run(
            [*prefix, sys.executable, "-m", "linkedin_audit", *args, "--db", str(locked)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")},
        )
        line = one_error(proc)
        assert line == f"error: cannot read {locked}: permission denied (check its permissions with `ls -l`)"
        assert "Usage:" not in proc.stderr and "Invalid value" not in proc.stderr, (args, proc.stderr)
