"""Frames between DuckDB and polars without pyarrow (analyses/common.py: fetch_frame, arrow_source; the
templates' character histograms and memo): the same columns, types and rows as the pyarrow paths they
replace (DuckDB's own `relation.pl()` and a frame's `to_arrow()`), and an ingest that never imports pyarrow
(~50 ms of a typical export's CPU)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from linkedin_audit.analyses.common import arrow_source, fetch_frame
from linkedin_audit.analyses.templates.clustering import _char_histograms

COLUMNS = [
    "1::HUGEINT",
    "2.5::DECIMAL(10,2)",
    "3.5::DECIMAL(38,4)",
    "'a'::VARCHAR",
    "[1, 2]",
    "[1, 2, 3]::INTEGER[3]",
    "{'a': 1, 'b': 'x'}",
    "MAP {'k': 1}",
    "TIMESTAMP '2024-01-01 01:02:03'",
    "TIMESTAMPTZ '2024-01-01 01:02:03+00'",
    "DATE '2024-01-01'",
    "TIME '01:02:03'",
    "1::UBIGINT",
    "1::UTINYINT",
    "NULL",
    "true",
    "'x'::BLOB",
    "'00000000-0000-0000-0000-000000000001'::UUID",
    "1.5::FLOAT",
    "'nan'::DOUBLE",
    "TIMESTAMP_NS '2024-01-01'",
    "['a', NULL]::VARCHAR[]",
    "'v'::ENUM('v', 'w')",
    "[]::INTEGER[]",
    "[{'x': 1}]",
]
"""Every type DuckDB's `pl()` converts (polars reads no INTERVAL, by either path)."""


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize("rows", ["", " UNION ALL SELECT NULL", " LIMIT 0"])
def test_fetch_frame_equals_duckdb_pl(column: str, rows: str) -> None:
    con = duckdb.connect()
    sql = f"SELECT {column} AS c{rows}"
    got, expected = fetch_frame(con.sql(sql)), con.sql(sql).pl()
    assert got.schema == expected.schema
    assert repr(got.rows()) == repr(expected.rows())  # repr: NaN equals NaN


SERIES = [
    pl.Series("s", ["a", None, "ü"]),
    pl.Series("i", [1, None, 3]),
    pl.Series("f", [1.5, None, float("nan")]),
    pl.Series("b", [True, None, False]),
    pl.Series("t", [dt.datetime(2024, 1, 1), None, dt.datetime(2025, 1, 3)], dtype=pl.Datetime("us")),
    pl.Series("tz", [dt.datetime(2024, 1, 1), None, None], dtype=pl.Datetime("us", "UTC")),
    pl.Series("d", [dt.date(2024, 1, 1), None, None]),
    pl.Series("ls", [["a"], [], None]),
    pl.Series("arr", np.arange(96, dtype=np.uint32).reshape(3, 32)),  # the memo's signatures
    pl.Series("h", [1, 2**63 + 5, None], dtype=pl.UInt64),
    pl.Series("cat", ["a", "b", None], dtype=pl.Categorical),
    pl.Series("en", ["a", "b", None], dtype=pl.Enum(["a", "b"])),
    pl.Series("st", [{"x": 1, "y": "a"}, None, {"x": 2, "y": None}]),
    pl.Series("du", [dt.timedelta(seconds=5), None, None]),
    pl.Series("dec", [1, 2, None], dtype=pl.Decimal(10, 2)),
    pl.Series("bin", [b"a", None, b""]),
    pl.Series("n", [None, None, None]),  # polars' Null type: arrow_source falls back to to_arrow()
    pl.Series("ln", [[None], None, []]),
]


def _table(con: duckdb.DuckDBPyConnection, source: object) -> tuple[list[tuple[str, str]], str]:
    con.register("__t", source)
    try:
        con.execute("CREATE OR REPLACE TABLE t AS SELECT * FROM __t")
    finally:
        con.unregister("__t")
    sql = "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 't' ORDER BY column_index"
    types = [(str(name), str(kind)) for name, kind in con.execute(sql).fetchall()]
    return types, repr(con.execute("SELECT * FROM t").fetchall())


@pytest.mark.parametrize("series", SERIES, ids=[s.name for s in SERIES])
def test_arrow_source_makes_the_tables_to_arrow_made(series: pl.Series) -> None:
    con = duckdb.connect()
    for frame in (pl.DataFrame([series]), pl.DataFrame([series]).clear(), pl.DataFrame([series]).slice(1)):
        assert _table(con, arrow_source(frame)) == _table(con, frame.to_arrow())


def _histogram(text: str | None, buckets: int = 32) -> list[int]:
    """The definition: per ASCII byte of the UTF-8 text, one count in class byte % buckets, capped at 255."""
    counts = [0] * buckets
    for byte in (text or "").encode():
        if byte < 128:
            counts[byte % buckets] += 1
    return [min(c, 255) for c in counts]


def test_char_histograms_count_each_texts_own_bytes() -> None:
    texts = ["Hi Ann, 👍 ça va?", None, "", "a" * 300, "ğ" * 40 + "xyz", None, "tab\tnew\nline"] * 200
    texts += [str(i) * (i % 7) for i in range(1500)]  # more than one chunk of 1,024 texts
    series = pl.Series(texts, dtype=pl.String)
    for part in (series, series.slice(3, 1200), series.slice(0, 0), pl.concat([series.slice(5, 9), series])):
        expected = np.array([_histogram(t) for t in part.to_list()], dtype=np.uint8).reshape(-1, 32)
        assert np.array_equal(_char_histograms(part), expected)


def test_an_ingest_imports_no_pyarrow(sample_exports: list[Path], tmp_path: Path) -> None:
    """The real command on the sample's history (templates, their memo and every analysis step run):
    Python's import log names no pyarrow module."""
    db = tmp_path / "sample.duckdb"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "linkedin_audit", "ingest", "--db", str(db)]
        + [str(p) for p in sample_exports],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    with duckdb.connect(str(db), read_only=True) as con:  # the templates step clustered texts
        assert con.execute("SELECT count(*) FROM templates").fetchall()[0][0] > 0
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line]
    assert "polars" in imported
    assert not [m for m in imported if m.split(".")[0] in ("pyarrow", "pandas")]
