"""Issue 13, through the real CLI in a subprocess: what people really have on disk never sinks the ingest, and
no accident loses, doubles or mixes up data. Every case checks the exit code, exactly one `error:` or
`warning:` line where something was refused or repaired, no traceback, the tables (rows, not bytes) where
nothing should change, and an empty TMPDIR afterwards.

Inputs are built at test time from the generator's tiny export and small hand-written files."""

from __future__ import annotations

import csv
import fcntl
import io
import math
import os
import shutil
import signal
import stat
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from linkedin_audit.ingest.guard import lock_path
from linkedin_audit.ingest.tolerant import sniff_encoding
from linkedin_audit.synth import generate, messy

LATER = "Complete_LinkedInDataExport_04-14-2026"


@pytest.fixture(scope="session")
def clean(
    tiny_export: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, Path]:
    """The tiny synthetic export, its database (conftest: built once), and another member's tiny export
    (another seed)."""
    root = tmp_path_factory.mktemp("messy")
    other = next(p for p in generate(root / "other", scale="tiny", seed=7) if p.is_dir())
    return *tiny_export, other


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def flagged(self) -> list[str]:
        return [ln for ln in (self.out + self.err).splitlines() if ln.startswith(("error:", "warning:"))]

    def one(self, kind: str, *pieces: str) -> str:
        assert len(self.flagged) == 1, self.out + self.err
        line = self.flagged[0]
        assert line.startswith(f"{kind}:"), line
        for piece in pieces:
            assert piece in line, line
        return line


class Case:
    """A tmp folder with its own TMPDIR, a copy of the clean export to damage, and the CLI."""

    def __init__(self, tmp: Path, clean: tuple[Path, Path, Path]) -> None:
        self.tmp, (self.export, self.clean_db, self.other) = tmp, clean
        self.tmpdir = tmp / "tmpdir"
        self.tmpdir.mkdir()
        self.db = tmp / "audit.duckdb"

    def variant(self, name: str = LATER, source: Path | None = None) -> Path:
        target = self.tmp / name
        shutil.copytree(source or self.export, target)
        return target

    def later(self) -> Path:
        """A later download of the same member's export: one connection fewer (another fingerprint)."""
        target = self.variant()
        path = target / "Connections.csv"
        path.write_text(
            path.read_text(encoding="utf-8").rstrip("\n").rsplit("\n", 1)[0] + "\n", encoding="utf-8"
        )
        return target

    def existing_db(self) -> Path:
        shutil.copy(self.clean_db, self.db)
        return self.db

    def env(self) -> dict[str, str]:
        return {**os.environ, "TMPDIR": str(self.tmpdir), "COLUMNS": "200"}

    def start(self, *args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "linkedin_audit", *args],
            cwd=cwd or self.tmp,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish(self, proc: subprocess.Popen[str], timeout: float = 120, tmpdir_empty: bool = True) -> Result:
        out, err = proc.communicate(timeout=timeout)
        result = Result(proc.returncode, out, err)
        assert "Traceback" not in out + err, out + err
        if tmpdir_empty:
            assert list(self.tmpdir.iterdir()) == [], "the ingest left files in TMPDIR"
        return result

    def run(self, *args: str, cwd: Path | None = None, timeout: float = 120) -> Result:
        return self.finish(self.start(*args, cwd=cwd), timeout)

    def ingest(self, *args: str, cwd: Path | None = None) -> Result:
        return self.run("ingest", *args, "--db", str(self.db), cwd=cwd)


@pytest.fixture
def case(tmp_path: Path, clean: tuple[Path, Path, Path]) -> Case:
    return Case(tmp_path, clean)


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows (sorted), for 'the database is exactly as before'."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [
            f'"{s}"."{t}"'
            for s, t in con.execute(
                "SELECT schema_name, table_name FROM duckdb_tables() ORDER BY ALL"
            ).fetchall()
        ]
        return {n: sorted(con.execute(f"SELECT * FROM {n}").fetchall(), key=repr) for n in names}
    finally:
        con.close()


def count(db: Path, table: str) -> int:
    return rows(db, f"SELECT count(*) FROM {table}")[0][0]


# --- 1. tolerant reading ----------------------------------------------------------------------------------


def test_generator_search_queries_with_unquoted_commas_are_repaired(case: Case) -> None:
    r = case.ingest(str(case.export))
    assert r.code == 0
    r.one("warning", "1 line repaired in 1 file")
    queries = [q for (q,) in rows(case.db, "SELECT search_query FROM raw.search_queries ORDER BY rowid")]
    assert queries == list(messy.SEARCH_QUERIES)
    assert rows(case.db, "SELECT member_path, line FROM ingest_repairs") == [("SearchQueries.csv", 3)]
    status = case.run("status", "--db", str(case.db))
    assert status.code == 0 and "joined into the last column" in status.out


def test_hand_made_ugly_files(case: Case) -> None:
    """Extra, missing and unbalanced fields in a raw-only file are repaired; a core file's bad line goes to
    raw.rejected_lines and no good row is lost; an unreadable raw-only file is skipped."""
    folder = case.variant()
    (folder / "SearchQueries.csv").write_text(
        "Time,Search Query\n"
        "2024/08/04 13:10:00 UTC,acme, inc, berlin\n"
        "2024/08/05 13:10:00 UTC\n"
        '2024/08/06 13:10:00 UTC,"half quoted\n'
        "2024/08/07 13:10:00 UTC,plain\n"
    )
    connections = folder / "Connections.csv"
    text = connections.read_text(encoding="utf-8")
    good = text.rstrip("\n").split("\n")
    good.insert(len(good) - 1, "Ann,Bad,https://www.linkedin.com/in/ann-bad,,Acme, Inc,CEO,01 Jan 2026")
    connections.write_text("\n".join(good) + "\n", encoding="utf-8")
    (folder / "Logins.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    r = case.ingest(str(folder))
    assert r.code == 0, r.err
    r.one(
        "warning",
        "3 lines repaired in 1 file",
        "1 line kept out in raw.rejected_lines",
        "Logins.csv was skipped",
    )
    assert rows(case.db, "SELECT search_query FROM raw.search_queries ORDER BY rowid") == [
        ("acme, inc, berlin",),
        (None,),
        ('"half quoted',),
        ("plain",),
    ]
    assert count(case.db, "connections") == count(case.clean_db, "connections")
    assert rows(case.db, "SELECT file, reason, text FROM raw.rejected_lines") == [
        (
            "Connections.csv",
            "8 fields, the header has 7",
            "Ann,Bad,https://www.linkedin.com/in/ann-bad,,Acme, Inc,CEO,01 Jan 2026",
        )
    ]
    assert rows(case.db, "SELECT status FROM ingest_files WHERE member_path = 'Logins.csv'") == [("skipped",)]


def test_a_core_file_without_its_header_still_refuses(case: Case) -> None:
    before = snapshot(case.existing_db())
    folder = case.variant()
    (folder / "Invitations.csv").write_text("just,some,text\n1,2,3\n")
    r = case.ingest(str(folder))
    assert r.code == 2
    r.one("error", "Invitations.csv")
    assert snapshot(case.db) == before


# --- 2. encoding and zoned dates --------------------------------------------------------------------------


def test_one_bad_byte_does_not_garble_the_file(case: Case) -> None:
    folder = case.variant()
    path = folder / "messages.csv"
    data = path.read_bytes()
    cut = data.index(b'","INBOX"')  # at the end of the first message's CONTENT, in the first 64 KiB
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    r = case.ingest(str(folder))
    assert r.code == 0
    r.one("warning", "2 lines repaired in 2 files")  # and the generator's SearchQueries.csv
    names = "SELECT DISTINCT sender_name FROM messages ORDER BY 1"
    assert rows(case.db, names) == rows(case.clean_db, names)
    encoding = "SELECT encoding FROM ingest_files WHERE member_path = 'messages.csv'"
    assert rows(case.db, encoding) == [("utf-8",)]
    assert rows(case.db, "SELECT line, repair FROM ingest_repairs WHERE member_path = 'messages.csv'") == [
        (2, "1 invalid UTF-8 byte replaced by U+FFFD")
    ]


def test_encoding_is_decided_in_bounded_memory(tmp_path: Path) -> None:
    """40 MB of UTF-8 with one bad byte: the sniff streams (peak Python memory a few chunks, not the file)."""
    path = tmp_path / "messages.csv"
    with path.open("wb") as fh:
        fh.write(b"FROM,CONTENT\n\xff,x\n")
        row = "Jörg Müller,Grüße aus Köln\n".encode() * 40_000
        for _ in range(40):
            fh.write(row)
    tracemalloc.start()
    with path.open("rb") as fh:
        head = fh.read(65536)
    found = sniff_encoding(path, head)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (found.name, found.bad_bytes, found.first_bad_line) == ("utf-8", 1, 2)
    size = path.stat().st_size
    assert peak < 30 * 1024**2, f"{peak / 1024**2:.0f} MB peak for a {size / 1024**2:.0f} MB file"


def test_zoned_invitation_times_are_the_right_instant(case: Case) -> None:
    folder = case.variant()
    path = folder / "Invitations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace('"3/12/26, 12:41 PM"', '"3/12/26, 12:41 PM PST"', 1)
    assert "PST" in lines[1]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert case.ingest(str(folder)).code == 0
    assert rows(case.db, "SELECT count(*) FROM parse_failures WHERE source = 'invitations'") == [(0,)]
    assert rows(
        case.db, "SELECT count(*) FROM staging.invitations WHERE sent_at = TIMESTAMP '2026-03-12 20:41:00'"
    ) == [(1,)]


# --- 3. literal paths and reserved column names -----------------------------------------------------------


@pytest.mark.parametrize("name", ["export[1]", "export*", "~"])
def test_paths_are_literal(case: Case, name: str) -> None:
    """`export[1]` beside `export1` (another member's export): the one named is read, once."""
    named = case.variant(name)
    case.variant("export1", source=case.other)
    r = case.ingest(name, cwd=case.tmp)
    assert r.code == 0, r.err
    assert count(case.db, "connections") == count(case.clean_db, "connections")
    assert rows(case.db, "SELECT name FROM exports") == [(name,)]
    assert named.exists()


def test_a_rowid_column_changes_nothing(case: Case) -> None:
    folder = case.variant()
    path = folder / "messages.csv"
    records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(
            [r + ["ROWID" if k == 0 else "7"] for k, r in enumerate(records)]
        )
    (folder / "Invitations.csv").write_text(
        (folder / "Invitations.csv")
        .read_text(encoding="utf-8")
        .replace("inviteeProfileUrl", "inviteeProfileUrl,export_id", 1)
    )
    r = case.ingest(str(folder))
    assert r.code == 0, r.err
    assert count(case.db, "messages") == count(case.clean_db, "messages")
    assert count(case.db, "invitations") == count(case.clean_db, "invitations")


# --- 4. copies --------------------------------------------------------------------------------------------


def test_an_identical_finder_copy_is_loaded_once(case: Case) -> None:
    folder = case.variant()
    shutil.copy(folder / "messages.csv", folder / "messages 2.csv")
    r = case.ingest(str(folder))
    assert r.code == 0
    r.one("warning", "messages 2.csv is an identical copy of messages.csv: loaded once")
    assert count(case.db, "raw.messages") == count(case.clean_db, "raw.messages")


def test_a_differing_copy_is_named_and_can_be_chosen(case: Case) -> None:
    folder = case.variant()
    (folder / "backup").mkdir()
    lines = (folder / "Connections.csv").read_text(encoding="utf-8").rstrip("\n").split("\n")
    (folder / "backup" / "Connections.csv").write_text("\n".join(lines[:-2]) + "\n", encoding="utf-8")
    r = case.ingest(str(folder))
    assert r.code == 0
    r.one("warning", "backup/Connections.csv differs from Connections.csv; loaded Connections.csv only")
    assert count(case.db, "raw.connections") == count(case.clean_db, "raw.connections")
    case.db.unlink()
    r = case.ingest(str(folder), "--use", "backup/Connections.csv")
    assert r.code == 0
    assert count(case.db, "raw.connections") == count(case.clean_db, "raw.connections") - 2


# --- 5. non-regular files and unsupported ZIP features ----------------------------------------------------


def test_a_device_is_refused_at_once(case: Case) -> None:
    start = time.perf_counter()
    r = case.ingest("/dev/zero")
    assert r.code == 2 and time.perf_counter() - start < 30
    r.one("error", "not a regular file")
    assert not case.db.exists()


def test_a_fifo_is_refused(case: Case) -> None:
    fifo = case.tmp / "Complete_LinkedInDataExport_04-14-2026.zip"
    os.mkfifo(fifo)
    r = case.ingest(str(fifo))
    assert r.code == 2
    r.one("error", "not a regular file")


def test_a_folder_named_like_a_file_and_an_escaping_symlink_are_refused(case: Case) -> None:
    before = snapshot(case.existing_db())
    folder = case.variant()
    (folder / "Connections.csv").unlink()
    (folder / "Connections.csv").mkdir()
    r = case.ingest(str(folder))
    assert r.code == 2
    r.one("error", "Connections.csv", "is a folder")
    shutil.rmtree(folder)
    folder = case.variant()
    private = case.tmp / "private.csv"
    private.write_text("Skill\nsecret\n")
    (folder / "Skills.csv").unlink()
    (folder / "Skills.csv").symlink_to(private)
    r = case.ingest(str(folder))
    assert r.code == 2
    r.one("error", "Skills.csv", "symlink", "outside the export folder")
    assert snapshot(case.db) == before


def _zip(case: Case, folder: Path, name: str, **rename: str) -> Path:
    out = case.tmp / name
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, rename.get(p.name, p.relative_to(folder).as_posix()))
    return out


def _patch_central(path: Path, member: str, *, flag: int | None = None, method: int | None = None) -> None:
    """Rewrite a member's general-purpose flag / compression method in its local and central headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    local, central = info.header_offset, data.find(b"PK\x01\x02")
    while central != -1:
        n = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + n].decode() == member:
            break
        central = data.find(b"PK\x01\x02", central + 4)
    for offset, field_flag, field_method in ((local, 6, 8), (central, 8, 10)):
        if flag is not None:
            struct.pack_into("<H", data, offset + field_flag, flag)
        if method is not None:
            struct.pack_into("<H", data, offset + field_method, method)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "flag,method,says", [(0x1, None, "is password-protected"), (None, 9, "compressed with deflate64")]
)
def test_unsupported_zip_features_are_one_sentence(
    case: Case, flag: int | None, method: int | None, says: str
) -> None:
    archive = _zip(case, case.export, f"{LATER}.zip")
    _patch_central(archive, "Connections.csv", flag=flag, method=method)
    r = case.ingest(str(archive))
    assert r.code == 2
    r.one("error", says, "unzip it yourself and ingest the folder")


def test_a_member_name_too_long_for_the_file_system_is_no_problem(case: Case) -> None:
    long_name = "n" * 300 + ".csv"
    archive = _zip(case, case.export, f"{LATER}.zip", **{"Skills.csv": long_name})
    r = case.ingest(str(archive))
    assert r.code == 0, r.err
    assert count(case.db, "connections") == count(case.clean_db, "connections")


# --- 6. concurrency and interruption ----------------------------------------------------------------------


def test_two_ingests_at_once_lose_no_export(case: Case) -> None:
    later = case.later()
    (case.tmp / ".audit.duckdb.tmp-999999").write_bytes(b"left by an earlier kill")
    first = case.start("ingest", str(case.export), "--db", str(case.db))
    second = case.start("ingest", str(later), "--db", str(case.db))
    a, b = case.finish(first, tmpdir_empty=False), case.finish(second)
    assert (a.code, b.code) == (0, 0), a.err + b.err
    assert sorted(n for (n,) in rows(case.db, "SELECT name FROM exports")) == sorted(
        [case.export.name, later.name]
    )
    assert not (case.tmp / ".audit.duckdb.tmp-999999").exists()


@pytest.mark.parametrize("signum,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_while_waiting_for_the_lock(case: Case, signum: int, code: int) -> None:
    before = snapshot(case.existing_db())
    fd = os.open(lock_path(case.db), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        proc = case.start("ingest", str(case.later()), "--db", str(case.db))
        assert proc.stderr is not None
        assert proc.stderr.readline().startswith("waiting: another ingest is writing")
        proc.send_signal(signum)
        r = case.finish(proc)
    finally:
        os.close(fd)
    assert r.code == code
    r.one("error", "interrupted", "as it was before")
    assert snapshot(case.db) == before


# one point in `make test`; the others kill an ingest at more points, in `make test-slow`
@pytest.mark.parametrize(
    "delay",
    [
        pytest.param(1.0, marks=pytest.mark.slow),
        1.6,
        *(pytest.param(d, marks=pytest.mark.slow) for d in (2.2, 2.8)),
    ],
)
def test_sigterm_at_any_point_leaves_nothing_behind(case: Case, delay: float) -> None:
    before = snapshot(case.existing_db())
    (case.tmp / ".audit.duckdb.tmp-999999").write_bytes(b"left by an earlier kill")
    proc = case.start("ingest", str(case.later()), "--db", str(case.db))
    time.sleep(delay)
    proc.send_signal(signal.SIGTERM)
    r = case.finish(proc)
    if r.code == 0:  # finished first: the export is in, the earlier kill's build is gone
        assert count(case.db, "exports") == 2
        assert not (case.tmp / ".audit.duckdb.tmp-999999").exists()
        return
    assert r.code in (143, -signal.SIGTERM)
    if r.code == 143:  # before the handler is installed (interpreter start-up) the default kills it
        r.one("error", "interrupted")
    elif count(case.db, "exports") == 2:  # killed by the default handler after the ingest had ended
        assert not (case.tmp / ".audit.duckdb.tmp-999999").exists()  # the export was committed whole
        return
    assert snapshot(case.db) == before


# --- --new-db and owners ----------------------------------------------------------------------------------


def test_new_db_keeps_a_dated_private_backup(case: Case) -> None:
    before = snapshot(case.existing_db())
    r = case.ingest(str(case.other), "--new-db")
    assert r.code == 0, r.err
    backups = list(case.tmp.glob("audit.duckdb.backup-*"))
    assert len(backups) == 1 and f"the previous database is kept as {backups[0]}" in r.out
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    assert snapshot(backups[0]) == before
    help_text = case.run("ingest", "--help").out
    assert "NAME.backup-YYYYMMDD-HHMMSS" in " ".join(help_text.replace("│", " ").split())


def _connections_only(case: Case, source: Path, name: str) -> Path:
    folder = case.tmp / name
    folder.mkdir()
    shutil.copy(source / "Connections.csv", folder / "Connections.csv")
    return folder


def test_another_members_unnamed_export_is_not_merged_silently(case: Case) -> None:
    before = snapshot(case.existing_db())
    folder = _connections_only(case, case.other, LATER)
    r = case.ingest(str(folder))
    assert r.code == 2
    r.one("error", "does not name its owner", "Karim Abbott", "--same-owner")
    assert snapshot(case.db) == before
    r = case.ingest(str(folder), "--same-owner")
    assert r.code == 0, r.err


def test_the_owners_own_unnamed_export_merges(case: Case) -> None:
    case.existing_db()
    r = case.ingest(str(_connections_only(case, case.export, LATER)))
    assert r.code == 0, r.err
    assert count(case.db, "exports") == 2


# --- disk full --------------------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):  # noqa: ANN201 - a factory of size-limited folders
    """Folders on a tmpfs of a given size (needs root and mount; skipped elsewhere)."""
    mounted: list[Path] = []

    def make(megabytes: int) -> Path:
        folder = tmp_path / f"disk{megabytes}"
        folder.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)], capture_output=True
        )
        if done.returncode != 0:
            pytest.skip("cannot mount a small tmpfs here (needs root)")
        mounted.append(folder)
        return folder

    yield make
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=False)


# measured: the commit fits from 2 MB over the database's size, the compaction still fails at 20 MB over
MARGIN_MB = 6


def test_disk_full_says_what_state_the_database_is_in(case: Case, small_disk) -> None:  # noqa: ANN001
    tiny = small_disk(3)  # too small for the first build
    case.db = tiny / "audit.duckdb"
    r = case.ingest(str(case.export))
    assert r.code == 2
    r.one("error", "is full", "nothing was written")
    assert [p.name for p in tiny.iterdir()] == [".audit.duckdb.lock"]
    # room for the copy and the commit's WAL, not for the checkpoint's rewrite (sized from the database, which
    # grows with the model and the storage format)
    roomy = small_disk(math.ceil(case.clean_db.stat().st_size / 2**20) + MARGIN_MB)
    case.db = roomy / "audit.duckdb"
    shutil.copy(case.clean_db, case.db)
    later = case.later()
    r = case.ingest(str(later))
    assert r.code == 0, r.err
    saved = [ln for ln in r.flagged if "could not be compacted" in ln]
    assert saved == [
        "warning: the export is saved, but audit.duckdb could not be compacted (disk full); "
        "its changes stay in audit.duckdb.wal until the next write. Free some space"
    ]
    assert count(case.db, "exports") == 2
    again = case.ingest(str(later))
    assert again.code == 0 and "already ingested" in again.out


def test_refresh_ignores_stray_and_future_dated_archives(case: Case) -> None:
    downloads = case.tmp / "downloads"
    downloads.mkdir()
    for name in ("Basic_LinkedInDataExport_12-31-2099.zip", "holiday-photos.zip"):
        shutil.copy(case.clean_db, downloads / name)  # any bytes: neither may be read
    r = case.run("refresh", str(downloads), "--db", str(case.db))
    assert r.code == 2
    r.one("error", "no LinkedIn export", "1 dated in the future, ignored")
    assert not case.db.exists()


# --- red-team pass: neighbours of the cases above ---------------------------------------------------------


def test_connections_resaved_by_excel_in_a_semicolon_locale(case: Case) -> None:
    """BOM, CRLF, `;` between fields and `4-Apr-21` dates: the same connections, the same dates."""
    folder = case.variant()
    path = folder / "Connections.csv"
    text = path.read_text(encoding="utf-8")
    start = text.index("First Name")
    records = list(csv.reader(io.StringIO(text[start:])))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(records[0])
    for record in records[1:]:
        day, month, year = record[-1].split(" ")
        writer.writerow([*record[:-1], f"{int(day)}-{month}-{year[2:]}"])
    path.write_bytes(b"\xef\xbb\xbf" + text[:start].replace("\n", "\r\n").encode() + out.getvalue().encode())
    r = case.ingest(str(folder))
    assert r.code == 0, r.out + r.err
    sql = "SELECT first_name, last_name, connected_on FROM staging.connections ORDER BY ALL"
    assert rows(case.db, sql) == rows(case.clean_db, sql)
    assert rows(case.db, "SELECT count(*) FROM staging.connections WHERE connected_on IS NULL") == [(0,)]


def test_two_members_connections_in_sibling_folders_are_not_merged(case: Case) -> None:
    """`a/Connections.csv` and `b/Connections.csv` (two exports unzipped into one folder) are one file twice,
    not LinkedIn's split parts: one is loaded, the other named."""
    folder = case.tmp / "mixed"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    for name in ("Connections.csv", "messages.csv", "Profile.csv"):
        shutil.copy(case.export / name, folder / "a" / name)
    shutil.copy(case.other / "Connections.csv", folder / "b" / "Connections.csv")
    r = case.ingest(str(folder))
    assert r.code == 0, r.out + r.err
    r.one("warning", "b/Connections.csv differs from a/Connections.csv; loaded a/Connections.csv only")
    assert count(case.db, "raw.connections") == count(case.clean_db, "raw.connections")
