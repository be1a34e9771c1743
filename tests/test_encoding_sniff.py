"""The encoding check's fast path (Arrow's UTF-8 validator over 4 MiB chunks) agrees with Python's decoder,
also where a chunk boundary cuts a multi-byte character."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkedin_audit.ingest.tolerant import CHUNK, Encoding, _valid_utf8, sniff_encoding


def _python_says(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=24) | st.text(max_size=8).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_small_files_agree_with_python(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("utf8") / "f.csv"
    path.write_bytes(data)
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
def test_a_character_cut_by_the_chunk_boundary(tmp_path: Path, shift: int, tail: bytes, valid: bool) -> None:
    data = b"a" * (CHUNK + shift) + tail
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert _valid_utf8(path) is valid
    # a valid file is plain UTF-8; the slow counting pass still decides what an invalid one is
    assert (sniff_encoding(path, data[:4]) == Encoding("utf-8")) is valid
