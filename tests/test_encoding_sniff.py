"""The encoding check's fast paths (Python's decoder under ARROW_FROM bytes, Arrow's UTF-8 validator over
4 MiB chunks from there) agree with Python's decoder, also where a chunk boundary cuts a multi-byte
character. Each test runs both paths: ARROW_FROM = 0 sends every file to Arrow."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkedin_audit.ingest import tolerant
from linkedin_audit.ingest.tolerant import CHUNK, Encoding, _valid_utf8, sniff_encoding

PATHS = pytest.mark.parametrize("arrow_from", [0, tolerant.ARROW_FROM], ids=["arrow", "python"])


def _python_says(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@PATHS
@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=24) | st.text(max_size=8).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_small_files_agree_with_python(
    tmp_path_factory: pytest.TempPathFactory, arrow_from: int, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("utf8") / "f.csv"
    path.write_bytes(data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tolerant, "ARROW_FROM", arrow_from)
        assert _valid_utf8(path) == _python_says(data)


@pytest.mark.parametrize("shift", range(-4, 3))
@pytest.mark.parametrize(
    ("tail", "valid"),
    [
        ("😀é\n".encode(), True),
        ("€".encode(), True),
        (b"\xff tail\n", False),
        ("😀".encode()[:3], False),
        (b"\xc3", False),
    ],
)
@PATHS
def test_a_character_cut_by_the_chunk_boundary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arrow_from: int, shift: int, tail: bytes, valid: bool
) -> None:
    monkeypatch.setattr(tolerant, "ARROW_FROM", arrow_from)
    data = b"a" * (CHUNK + shift) + tail
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert _valid_utf8(path) is valid
    # a valid file is plain UTF-8; the slow counting pass still decides what an invalid one is
    assert (sniff_encoding(path, data[:4]) == Encoding("utf-8")) is valid
