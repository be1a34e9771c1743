"""A large file's encoding is checked by DuckDB's read, not by a pass of its own (prepare_csv.DEFERRED_FROM):
what lands in raw, the repairs and the recorded encoding are what the whole-file pass gives, on hand-written
messages files. DEFERRED_FROM = 0 defers every file; the default keeps these small ones on the pass."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from linkedin_audit.ingest import prepare_csv
from linkedin_audit.ingest.archive import open_export
from linkedin_audit.ingest.load import init_database
from linkedin_audit.ingest.reader import load_file

HEADER = b'"CONVERSATION ID","FROM","TO","DATE","CONTENT","FOLDER"\n'


def _row(n: int, content: bytes) -> bytes:
    return b'"c%d","Ann Lee","Bo Ek","2024-01-0%d 10:00:00 UTC","' % (n, n) + content + b'","INBOX"\n'


FILLER = b"".join(
    _row(1, b"plain ascii text of a message, long enough to fill the head") for _ in range(1200)
)
"""~130 KB of valid rows: what follows is beyond the head that prepare reads (64 KiB)."""


def _load(tmp_path: Path, data: bytes, deferred_from: int) -> tuple[list[tuple], list, str, bool]:
    """(raw rows, repairs, encoding, deferred at prepare) of one messages.csv holding `data`."""
    folder = tmp_path / f"export-{deferred_from}"
    folder.mkdir(parents=True)
    (folder / "messages.csv").write_bytes(data)
    work = tmp_path / f"work-{deferred_from}"
    work.mkdir()
    member = next(m for m in open_export(folder, work).members if m.path == "messages.csv")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(prepare_csv, "DEFERRED_FROM", deferred_from)
        prepared = prepare_csv.prepare(member, work)
    deferred = prepared.encoding_deferred
    con = duckdb.connect()
    init_database(con)
    loaded = load_file(con, 1, prepared)
    raw = con.execute('SELECT from_name, "content", folder FROM raw.messages ORDER BY rowid').fetchall()
    return raw, [(r.line, r.what) for r in loaded.repairs], prepared.encoding, deferred


CASES = {
    "valid UTF-8": HEADER + FILLER + _row(1, "Grüße 😀".encode()) + _row(2, b"plain"),
    "one bad byte": HEADER + FILLER + _row(1, "Grüße".encode()) + _row(2, b"bad \xff byte") + _row(3, b"ok"),
    "cp1252": HEADER + FILLER + _row(1, b"Gr\xfc\xdfe") + _row(2, b"caf\xe9"),
    "bad byte in a quoted line break": HEADER + FILLER + _row(1, b"two\n\xfflines") + _row(2, b"ok"),
    "bad byte and a short row": HEADER + FILLER + _row(1, b"bad \xff") + b'"c9","Ann Lee"\n' + _row(2, b"ok"),
    "BOM and a bad byte": b"\xef\xbb\xbf" + HEADER + FILLER + _row(1, b"x\xc3") + _row(2, b"ok"),
}
BAD_LINE = 1 + 1200 + 2  # the header, the filler, then the second row


@pytest.mark.parametrize("name", list(CASES))
def test_deferred_check_loads_what_the_whole_file_pass_loads(tmp_path: Path, name: str) -> None:
    data = CASES[name]
    checked = _load(tmp_path, data, deferred_from=10**12)
    deferred = _load(tmp_path, data, deferred_from=0)
    assert checked[3] is False and deferred[3] is True
    assert deferred[:3] == checked[:3]
    rows = data.count(b'\n"c')  # every row starts a line with "c (a quoted line break goes on with \xff)
    assert len(checked[0]) == rows  # every row loaded (a short one padded), none set aside


def test_the_pass_gives_the_expected_repairs(tmp_path: Path) -> None:
    """What both paths must agree on, written out: the bad byte's line and count, cp1252 decoded."""
    raw, repairs, encoding, _ = _load(tmp_path / "a", CASES["one bad byte"], deferred_from=0)
    assert (repairs, encoding) == ([(BAD_LINE, "1 invalid UTF-8 byte replaced by U+FFFD")], "utf-8")
    assert raw[-2][1] == "bad \ufffd byte"
    raw, repairs, encoding, _ = _load(tmp_path / "b", CASES["cp1252"], deferred_from=0)
    assert (repairs, encoding) == ([], "cp1252")
    assert [r[1] for r in raw[-2:]] == ["Grüße", "café"]


def test_a_valid_large_file_is_not_read_through_before_duckdb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("the whole-file encoding pass ran")

    monkeypatch.setattr(prepare_csv, "sniff_encoding", refuse)
    raw, repairs, encoding, deferred = _load(tmp_path, CASES["valid UTF-8"], deferred_from=0)
    assert deferred and encoding == "utf-8" and repairs == []
    assert [r[1] for r in raw[-2:]] == ["Grüße 😀", "plain"]


def test_a_bad_byte_in_the_head_is_checked_at_once(tmp_path: Path) -> None:
    """Header and preamble lines are skipped by DuckDB: a bad byte there is found by the pass, as before
    (never deferred), and the file loads as the pass alone loads it: not UTF-8, so read as cp1252."""
    data = HEADER.replace(b"FOLDER", b"FOLD\xffER") + _row(1, b"x")
    got = _load(tmp_path / "a", data, deferred_from=0)
    assert got[3] is False and got[2] == "cp1252"
    assert got[:3] == _load(tmp_path / "b", data, deferred_from=10**12)[:3]
