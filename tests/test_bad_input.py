"""Issue 8's bad-input corpus, through the CLI: every case gets one clear sentence (never a traceback), the
right exit code (0 for tolerated input, with the right rows; 2 for refused input) and, when refused, the
database exactly as it was (bytes compared).

Every case is built at test time in tmp_path from the synthetic generator's tiny export (or by hand), and
the expected rows come from the clean export's own ingest or from the CSV text itself, never typed in."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from linkedin_audit.cli import app
from linkedin_audit.ingest import archive
from linkedin_audit.synth import generate

runner = CliRunner()
LATER = "Complete_LinkedInDataExport_04-14-2026"  # a later download of the same member's export


@pytest.fixture(scope="session")
def clean(tiny_export: tuple[Path, Path]) -> tuple[Path, Path]:
    """The tiny synthetic export (a folder) and the database of its clean ingest (conftest: built once)."""
    return tiny_export


@dataclass
class Ctx:
    tmp: Path
    export: Path  # the clean export folder (read only)
    clean_db: Path  # its database (read only)
    db: Path  # the database the case's command writes to

    def existing_db(self) -> Path:
        """Start the case from a database that already holds the clean export."""
        shutil.copy(self.clean_db, self.db)
        return self.db

    def variant(self, name: str = LATER) -> Path:
        """A copy of the clean export (a later download of it) for the case to damage."""
        target = self.tmp / name
        shutil.copytree(self.export, target)
        return target

    def zipped(self, folder: Path, name: str | None = None) -> Path:
        out = self.tmp / (name or f"{folder.name}.zip")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted(folder.rglob("*")):
                if p.is_file():
                    zf.write(p, p.relative_to(folder).as_posix())
        return out


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def csv_rows(path: Path, skip: int = 0) -> list[list[str]]:
    """Data rows of a CSV as Python's csv module reads them (an oracle independent of DuckDB)."""
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines(keepends=True)[skip:]
    return list(csv.reader(io.StringIO("".join(lines))))[1:]


def table(db: Path, name: str, order: str = "ALL") -> list[tuple]:
    return rows(db, f"SELECT * FROM {name} ORDER BY {order}")


def rewrite(path: Path, edit: Callable[[str], str]) -> None:
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


@dataclass
class Expect:
    args: list[str]
    code: int
    says: str  # a piece of the one sentence (or of the summary) the user sees
    check: Callable[[Ctx, str], None] | None = None  # more assertions on the resulting database / output


CASES: dict[str, Callable[[Ctx], Expect]] = {}


def case(fn: Callable[[Ctx], Expect]) -> Callable[[Ctx], Expect]:
    CASES[fn.__name__] = fn
    return fn


def _same_as_clean(*tables: str) -> Callable[[Ctx, str], None]:
    def check(ctx: Ctx, _out: str) -> None:
        for t in tables:
            assert table(ctx.db, t) == table(ctx.clean_db, t), t

    return check


# --- paths and archives -------------------------------------------------------------------------------


@case
def path_does_not_exist(ctx: Ctx) -> Expect:
    return Expect([str(ctx.tmp / "Complete_LinkedInDataExport_01-01-2026.zip")], 2, "does not exist")


@case
def non_zip_renamed_zip(ctx: Ctx) -> Expect:
    fake = ctx.tmp / "Complete_LinkedInDataExport_04-14-2026.zip"
    fake.write_text("First Name,Last Name\nA,B\n")
    return Expect([str(fake)], 2, "neither a ZIP archive nor a folder")


@case
def truncated_zip(ctx: Ctx) -> Expect:
    good = ctx.zipped(ctx.variant())
    good.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return Expect([str(good)], 2, "truncated or damaged ZIP")


@case
def corrupt_member_crc(ctx: Ctx) -> Expect:
    """A ZIP whose directory is intact but whose Connections.csv bytes were damaged in transit."""
    path = ctx.tmp / f"{LATER}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.write(ctx.export / "Connections.csv", "Connections.csv")
        zf.write(ctx.export / "Invitations.csv", "Invitations.csv")
    data = bytearray(path.read_bytes())
    at = data.index(b"First Name")
    data[at : at + 5] = b"XXXXX"
    path.write_bytes(bytes(data))
    return Expect([str(path)], 2, "member Connections.csv cannot be read")


@case
def empty_zip(ctx: Ctx) -> Expect:
    path = ctx.tmp / f"{LATER}.zip"
    zipfile.ZipFile(path, "w").close()
    return Expect([str(path)], 2, "is an empty ZIP archive")


def _escaping_member(ctx: Ctx, member: str) -> Expect:
    """A ZIP holding a real export file plus one member whose name points outside the extraction folder."""
    path = ctx.tmp / f"{LATER}.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.write(ctx.export / "Connections.csv", "Connections.csv")
        zf.writestr(zipfile.ZipInfo(member), "a,b\n1,2\n")
    return Expect([str(path)], 2, "points outside the archive")


@case
def member_escapes_with_dotdot(ctx: Ctx) -> Expect:
    return _escaping_member(ctx, "../../evil.csv")


@case
def member_with_absolute_path(ctx: Ctx) -> Expect:
    return _escaping_member(ctx, "/tmp/evil.csv")


@case
def member_with_windows_drive(ctx: Ctx) -> Expect:
    return _escaping_member(ctx, "C:\\Users\\evil.csv")


def _forge_size(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size a ZIP's central directory declares for `member` (what a bomb does)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        n = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + n]) == name:
            struct.pack_into("<I", data, at + 24, size)
            break
        at += 4
    path.write_bytes(bytes(data))


def _zip_of_forged_members(path: Path, stem: str, count: int, size: int) -> Path:
    """A ZIP of `count` small members `{stem}_{k}.csv`, each declaring `size` bytes uncompressed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for k in range(count):
            zf.writestr(f"{stem}_{k}.csv", "x" * 1000)
    for k in range(count):
        _forge_size(path, f"{stem}_{k}.csv", size)
    return path


@case
def zip_bomb_total_size(ctx: Ctx) -> Expect:
    """A member claiming 4 GiB, four times: past the 8 GiB ceiling on what an export can expand to."""
    path = _zip_of_forged_members(ctx.tmp / f"{LATER}.zip", "messages", 4, 0xFFFF_F000)
    return Expect([str(path)], 2, "more than any LinkedIn export")


@case
def zip_bomb_ratio(ctx: Ctx) -> Expect:
    """A real 120 MB member of one repeated byte (about 1000:1): refused before anything is extracted."""
    path = ctx.tmp / f"{LATER}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.write(ctx.export / "Connections.csv", "Connections.csv")
        with zf.open("messages.csv", "w") as fh:
            block = b"A" * (1 << 20)
            for _ in range(120):
                fh.write(block)
    return Expect([str(path)], 2, "refusing a likely zip bomb")


@case
def zip_bomb_many_small_members(ctx: Ctx) -> Expect:
    """40 members of 20 MB each (each under the per-member limit), 800 MB in all at about 1000:1."""
    path = _zip_of_forged_members(ctx.tmp / f"{LATER}.zip", "Shares", 40, 20 * 1024**2)
    return Expect([str(path)], 2, "refusing a likely zip bomb")


@case
def nested_zip_only(ctx: Ctx) -> Expect:
    """The export ZIP zipped once more (a mail client or a user did it): named, with what to do."""
    inner = ctx.zipped(ctx.variant())
    outer = ctx.tmp / "export-from-mail.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.write(inner, inner.name)
    return Expect([str(outer)], 2, f"holds another ZIP ({inner.name})")


@case
def nested_zip_beside_the_csvs(ctx: Ctx) -> Expect:
    """A stray ZIP among the CSVs: tolerated, loaded as usual and listed as an unknown file."""
    folder = ctx.variant()
    with zipfile.ZipFile(folder / "Attachments.zip", "w") as zf:
        zf.writestr("photo.txt", "not a photo")

    def check(c: Ctx, out: str) -> None:
        _same_as_clean("connections", "invitations", "messages")(c, out)
        assert rows(c.db, "SELECT status FROM ingest_files WHERE member_path = 'Attachments.zip'") == [
            ("unknown",)
        ]

    return Expect([str(ctx.zipped(folder))], 0, "unknown file (not loaded): Attachments.zip", check)


@case
def empty_folder(ctx: Ctx) -> Expect:
    (ctx.tmp / "empty").mkdir()
    return Expect([str(ctx.tmp / "empty")], 2, "holds no files")


@case
def folder_without_csv(ctx: Ctx) -> Expect:
    folder = ctx.tmp / "Downloads"
    folder.mkdir()
    (folder / "notes.txt").write_text("shopping list")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    return Expect([str(folder)], 2, "holds no file of a LinkedIn export")


@case
def a_single_csv_instead_of_the_export(ctx: Ctx) -> Expect:
    return Expect([str(ctx.export / "Connections.csv")], 2, "neither a ZIP archive nor a folder")


@case
def every_recognised_file_empty(ctx: Ctx) -> Expect:
    folder = ctx.tmp / LATER
    folder.mkdir()
    (folder / "Connections.csv").write_text("")
    (folder / "messages.csv").write_text("No conversations found")
    return Expect([str(folder)], 2, "every recognised file is empty")


# --- encodings, line endings and odd text -------------------------------------------------------------


@case
def utf16_file(ctx: Ctx) -> Expect:
    folder = ctx.variant()
    text = (folder / "Connections.csv").read_text(encoding="utf-8")
    (folder / "Connections.csv").write_bytes(text.encode("utf-16"))
    return Expect([str(folder)], 0, "ingested into", _same_as_clean("connections", "people"))


@case
def latin1_file(ctx: Ctx) -> Expect:
    """Excel's re-save in a Western locale: cp1252. The accented name must come back intact."""
    folder = ctx.variant()
    head = "Company Name,Title,Description,Location,Started On,Finished On\n"
    (folder / "Positions.csv").write_bytes(
        (head + "Café Zürich,Señor Analyst,,Malmö,Mar 2021,\n").encode("cp1252")
    )

    def check(c: Ctx, _out: str) -> None:
        assert rows(c.db, "SELECT company_name, title FROM positions") == [("Café Zürich", "Señor Analyst")]
        assert rows(c.db, "SELECT encoding FROM ingest_files WHERE member_path = 'Positions.csv'") == [
            ("cp1252",)
        ]

    return Expect([str(folder)], 0, "ingested into", check)


@case
def bom_prefixed_files(ctx: Ctx) -> Expect:
    folder = ctx.variant()
    for name in ("Invitations.csv", "messages.csv"):
        (folder / name).write_bytes(b"\xef\xbb\xbf" + (folder / name).read_bytes())
    return Expect([str(ctx.zipped(folder))], 0, "ingested into", _same_as_clean("invitations", "messages"))


@case
def mixed_crlf_and_lf(ctx: Ctx) -> Expect:
    """Every other record of messages.csv ends in CRLF (a file concatenated on two systems)."""
    folder = ctx.variant()
    data = (folder / "messages.csv").read_bytes()
    records = data.split(b'"\n"')
    mixed = b"".join(r + (b'"\r\n"' if k % 2 else b'"\n"') for k, r in enumerate(records[:-1])) + records[-1]
    (folder / "messages.csv").write_bytes(mixed)
    return Expect([str(folder)], 0, "ingested into", _same_as_clean("messages"))


@case
def ten_megabyte_field(ctx: Ctx) -> Expect:
    folder = ctx.variant()
    big = "word " * (2 * 1024**2)  # 10 MiB of text in one message's CONTENT
    with (folder / "messages.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(
            [
                "2-big",
                "",
                "Sam Big",
                "https://www.linkedin.com/in/sam-big",
                "Karim Abbott",
                "",
                "2026-03-13 10:00:00 UTC",
                "",
                big,
                "INBOX",
                "",
            ]
        )

    def check(c: Ctx, _out: str) -> None:
        n = len(csv_rows(c.export / "messages.csv"))
        assert rows(c.db, "SELECT count(*) FROM messages") == [(n + 1,)]
        assert rows(c.db, "SELECT length(content) FROM messages WHERE conversation_id = '2-big'") == [
            (len(big),)
        ]

    return Expect([str(folder)], 0, "ingested into", check)


@case
def comments_continuation_lines(ctx: Ctx) -> Expect:
    folder = ctx.variant()
    (folder / "Comments_100001.csv").write_text(
        "Date,Link,Message\n"
        "2026-03-11 00:00:00,https://www.linkedin.com/feed/update/urn:li:activity:1,First line\n"
        "second line, with a comma\n"
        "\n"
        "2026-03-12 00:00:00,https://www.linkedin.com/feed/update/urn:li:activity:2,One line\n"
    )

    def check(c: Ctx, _out: str) -> None:
        got = rows(c.db, "SELECT message FROM comments ORDER BY 1")
        assert got == [("First line\nsecond line, with a comma",), ("One line",)]

    return Expect([str(folder)], 0, "ingested into", check)


@case
def nul_bytes_in_a_message(ctx: Ctx) -> Expect:
    """A NUL inside a quoted field (binary junk pasted into a message) must not stop the ingest."""
    folder = ctx.variant()
    with (folder / "messages.csv").open("ab") as fh:
        fh.write(
            b'"2-nul","","Sam Nul","https://www.linkedin.com/in/sam-nul","Karim Abbott","",'
            b'"2026-03-13 10:00:00 UTC","","before\x00after","INBOX",""\n'
        )

    def check(c: Ctx, _out: str) -> None:
        n = len(csv_rows(c.export / "messages.csv"))
        assert rows(c.db, "SELECT count(*) FROM messages") == [(n + 1,)]

    return Expect([str(folder)], 0, "ingested into", check)


# --- headers and columns ------------------------------------------------------------------------------


@case
def required_column_missing(ctx: Ctx) -> Expect:
    ctx.existing_db()
    folder = ctx.variant()
    rewrite(folder / "Invitations.csv", lambda t: t.replace("Sent At,", "When,", 1))
    return Expect([str(folder)], 2, "Invitations.csv: required column 'Sent At' is missing")


@case
def columns_reordered(ctx: Ctx) -> Expect:
    folder = ctx.variant()
    path = folder / "Invitations.csv"
    records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    order = list(reversed(range(len(records[0]))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[i] for i in order] for r in records])
    path.write_text(out.getvalue(), encoding="utf-8")
    return Expect([str(folder)], 0, "ingested into", _same_as_clean("invitations"))


@case
def columns_renamed_case_and_spacing(ctx: Ctx) -> Expect:
    """Headers re-typed by a user or a tool: other case, underscores, stray spaces. Still recognised."""
    folder = ctx.variant()
    rewrite(
        folder / "Invitations.csv",
        lambda t: t.replace("From,To,Sent At,Message,Direction", " from ,TO,sent_at,MESSAGE,direction", 1),
    )
    return Expect([str(folder)], 0, "ingested into", _same_as_clean("invitations"))


@case
def extra_unknown_columns(ctx: Ctx) -> Expect:
    folder = ctx.variant()
    path = folder / "Invitations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [ln + (",Shiny New Column" if k == 0 else ",x") if ln else ln for k, ln in enumerate(lines)]
    path.write_text("\n".join(lines), encoding="utf-8")

    def check(c: Ctx, out: str) -> None:
        _same_as_clean("invitations")(c, out)
        n = len(csv_rows(c.export / "Invitations.csv"))
        assert rows(c.db, "SELECT count(*) FROM raw.invitations WHERE shiny_new_column = 'x'") == [(n,)]

    return Expect([str(folder)], 0, "ingested into", check)


@case
def empty_file(ctx: Ctx) -> Expect:
    folder = ctx.variant()
    (folder / "Invitations.csv").write_bytes(b"")

    def check(c: Ctx, _out: str) -> None:
        assert rows(c.db, "SELECT count(*) FROM invitations") == [(0,)]
        assert rows(c.db, "SELECT status FROM ingest_files WHERE member_path = 'Invitations.csv'") == [
            ("empty",)
        ]
        assert rows(c.db, "SELECT count(*) FROM connections") == rows(
            c.clean_db, "SELECT count(*) FROM connections"
        )

    return Expect([str(folder)], 0, "ingested into", check)


@case
def header_only_file(ctx: Ctx) -> Expect:
    folder = ctx.variant()
    rewrite(folder / "Invitations.csv", lambda t: t.split("\n", 1)[0] + "\n")

    def check(c: Ctx, _out: str) -> None:
        assert rows(c.db, "SELECT count(*) FROM invitations") == [(0,)]
        assert rows(c.db, "SELECT status FROM ingest_files WHERE member_path = 'Invitations.csv'") == [
            ("empty",)
        ]

    return Expect([str(folder)], 0, "ingested into", check)


@case
def garbage_under_a_known_name(ctx: Ctx) -> Expect:
    ctx.existing_db()
    folder = ctx.variant()
    (folder / "Connections.csv").write_bytes(bytes(range(256)) * 40)
    return Expect(
        [str(folder)],
        2,
        "Connections.csv: no header row with the columns First Name, Last Name, Connected On",
    )


@case
def dates_in_an_unknown_format(ctx: Ctx) -> Expect:
    """Connected On re-saved as 2026.03.07: loaded as NULL, counted as parse failures, shown by `status`."""
    folder = ctx.variant()
    path = folder / "Connections.csv"
    text = path.read_text(encoding="utf-8")
    changed = re.sub(r",(\d{2}) (\w{3}) (\d{4})$", lambda m: f",{m[3]}.{m[2]}.{m[1]}", text, flags=re.M)
    n = len(re.findall(r",\d{4}\.\w{3}\.\d{2}$", changed, flags=re.M))
    assert n > 0
    path.write_text(changed, encoding="utf-8")

    def check(c: Ctx, _out: str) -> None:
        assert rows(c.db, "SELECT source, column_name, failures FROM parse_failures") == [
            ("connections", "connected_on", n)
        ]
        assert rows(c.db, "SELECT count(*) FROM connections WHERE connected_on IS NULL") == [(n,)]
        status = runner.invoke(app, ["status", "--db", str(c.db)])
        assert status.exit_code == 0 and "connected_on" in status.output and str(n) in status.output

    return Expect([str(folder)], 0, "values that did not parse", check)


# --- history: twice, someone else, partial exports ----------------------------------------------------


@case
def same_export_twice_in_one_command(ctx: Ctx) -> Expect:
    def check(c: Ctx, _out: str) -> None:
        assert rows(c.db, "SELECT count(*) FROM exports") == [(1,)]
        _same_as_clean("connections", "invitations", "messages")(c, _out)

    return Expect([str(ctx.export), str(ctx.export)], 0, "ingested into", check)


@case
def same_export_as_zip_and_folder(ctx: Ctx) -> Expect:
    def check(c: Ctx, _out: str) -> None:
        assert rows(c.db, "SELECT count(*) FROM exports") == [(1,)]

    return Expect([str(ctx.export), str(ctx.zipped(ctx.export))], 0, "ingested into", check)


@case
def same_export_again_into_its_database(ctx: Ctx) -> Expect:
    ctx.existing_db()
    before = ctx.db.read_bytes()

    def check(c: Ctx, _out: str) -> None:
        assert c.db.read_bytes() == before

    return Expect([str(ctx.export)], 0, "the database", check)


@case
def different_member_into_existing_db(ctx: Ctx) -> Expect:
    ctx.existing_db()
    other = next(p for p in generate(ctx.tmp / "other", scale="tiny", seed=2) if p.is_dir())
    return Expect([str(other)], 2, "not the owner of")


@case
def only_a_few_files(ctx: Ctx) -> Expect:
    folder = ctx.tmp / LATER
    folder.mkdir()
    shutil.copy(ctx.export / "Connections.csv", folder)

    def check(c: Ctx, _out: str) -> None:
        n = len(csv_rows(c.export / "Connections.csv", skip=3))
        assert rows(c.db, "SELECT count(*) FROM connections") == [(n,)]
        assert rows(c.db, "SELECT count(*) FROM messages") == [(0,)]
        assert rows(c.db, "SELECT kind FROM exports") == [("complete",)]  # its name says so

    return Expect([str(folder)], 0, "ingested into", check)


# --- the database file ----------------------------------------------------------------------------------


@case
def database_is_not_duckdb(ctx: Ctx) -> Expect:
    ctx.db.write_bytes(b"SQLite format 3\x00" + bytes(4096))
    return Expect([str(ctx.export)], 2, "is not a DuckDB database")


@case
def database_is_truncated(ctx: Ctx) -> Expect:
    data = ctx.clean_db.read_bytes()
    ctx.db.write_bytes(data[: len(data) // 3])
    folder = ctx.variant()
    (folder / "Connections.csv").unlink()
    return Expect([str(folder)], 2, "is not a DuckDB database")


@case
def database_path_is_a_folder(ctx: Ctx) -> Expect:
    ctx.db.mkdir()
    return Expect([str(ctx.export)], 2, "is a folder, not a database file")


LOCKER = (
    "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); c.execute('SELECT 1'); "
    "print('locked', flush=True); time.sleep(120)"
)


@case
def database_locked_by_another_process(ctx: Ctx) -> Expect:
    ctx.existing_db()
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(ctx.db)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    ctx.tmp.joinpath("locker.pid").write_text(str(proc.pid))
    return Expect([str(ctx.variant())], 2, "in use by another process")


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", list(CASES))
def _ingest(ctx: Ctx, expect: Expect) -> tuple[int, str]:
    """`linkedin-audit ingest ARGS --db DB` in-process; asserts no traceback and the right exit code."""
    pid_file = ctx.tmp / "locker.pid"
    try:
        result = runner.invoke(app, ["ingest", *expect.args, "--db", str(ctx.db)])
    finally:
        if pid_file.exists():
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
            pid_file.unlink()
    out = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in out
    assert result.exit_code == expect.code, out
    assert expect.says in " ".join(out.split()), out
    return result.exit_code, out


def _refused_cleanly(ctx: Ctx, out: str, before: bytes | None) -> None:
    error_lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(error_lines) == 1 and error_lines[0].startswith("error: "), out
    if before is not None:
        assert ctx.db.read_bytes() == before, "a refused ingest changed the database"
    elif not ctx.db.is_dir():
        assert not ctx.db.exists(), "a refused first ingest left a database behind"
    assert not list(ctx.tmp.glob(".audit.duckdb.tmp-*")), "a temporary build was left behind"


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name: str, tmp_path: Path, clean: tuple[Path, Path]) -> None:
    ctx = Ctx(tmp_path, clean[0], clean[1], tmp_path / "audit.duckdb")
    expect = CASES[name](ctx)
    before = ctx.db.read_bytes() if ctx.db.is_file() else None
    _, out = _ingest(ctx, expect)
    if expect.code != 0:
        _refused_cleanly(ctx, out, before)
        if before is None and not ctx.db.exists():
            # the same input refused again, now into a database that holds an export: left byte-identical
            before = ctx.existing_db().read_bytes()
            _, out = _ingest(ctx, expect)
            _refused_cleanly(ctx, out, before)
    if expect.check is not None:
        expect.check(ctx, out)


def test_scan_zip_checks_are_cheap(tmp_path: Path) -> None:
    """The bomb checks read the ZIP's directory only: a forged 16 GiB claim is refused in milliseconds."""
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("messages.csv", "x")
    _forge_size(path, "messages.csv", 0xFFFF_FFFF)
    start = time.perf_counter()
    with pytest.raises(archive.UserError):
        archive.scan_zip(path)
    assert time.perf_counter() - start < 1.0
