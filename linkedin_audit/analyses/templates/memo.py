"""The templates step's per-text work, remembered in the database between runs (tables `meta.template_*`).

Most of the step's time goes into work done one text at a time: normalising and classifying every sent text,
masking it with its recipients' names and companies, and a MinHash signature per distinct masked text. A new
month's export repeats ~98 % of the texts already seen, so that work is kept. Each entry is a pure function of
its key, so reading it gives exactly what computing it again would (the test of the step compares a run
with the memo against one without):

- `meta.template_text_kinds`  per sent text as exported (two 64-bit hashes): its kind (`text.text_kinds`)
  and whether it has the words a template needs;
- `meta.template_masks`       per (text, the slot values it is masked with): the masked text;
- `meta.template_signatures`  per masked text (two hashes): its MinHash signature.

Entries are made by one version of the code and libraries (`code_version`): any change to the text or
clustering modules, or to Python, polars, numpy or rapidfuzz, drops them all. Entries no run used are
dropped when they outnumber the used ones, so the memo stays the size of the member's sent texts."""

from __future__ import annotations

import hashlib
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from linkedin_audit.analyses.common import arrow_source, fetch_frame
from linkedin_audit.db import first_row

_SEEDS = (0x5EED_0001, 0x5EED_0002)
"""Two independent 64-bit hashes make a 128-bit key: a collision among millions of texts is not a concern."""

KIND_TABLE, MASK_TABLE, SIGNATURE_TABLE = (
    "meta.template_text_kinds",
    "meta.template_masks",
    "meta.template_signatures",
)
VERSION_TABLE = "meta.template_memo_version"
SIGNATURE_WIDTH = 30
"""Values per MinHash signature the memo keeps (the clustering's default 10 bands of 3 rows)."""


def code_version() -> str:
    """What the entries depend on: the source of the modules that compute them and the versions of Python
    and the libraries (polars' hashes and string functions, numpy's random generator, rapidfuzz's scores)."""
    import rapidfuzz

    from linkedin_audit import text
    from linkedin_audit.analyses import templates
    from linkedin_audit.analyses.templates import clustering, lsh

    digest = hashlib.sha256()
    for module in (text, templates, clustering, lsh):
        digest.update(Path(str(module.__file__)).read_bytes())
    digest.update(Path(__file__).read_bytes())
    # Python's own Unicode tables and regular expressions too (NFKC, str.lower, the word and digit classes)
    for version in (
        sys.version,
        unicodedata.unidata_version,
        pl.__version__,
        np.__version__,
        rapidfuzz.__version__,
    ):
        digest.update(version.encode())
    return digest.hexdigest()


def text_keys(texts: pl.Series) -> pl.DataFrame:
    """The two hashes of each text (NULL texts hash alike, to their own key)."""
    return pl.DataFrame({"h1": texts.hash(seed=_SEEDS[0]), "h2": texts.hash(seed=_SEEDS[1])})


def digest64(parts: Sequence[str]) -> int:
    """A stable 64-bit digest of a tuple of strings (Python's hash() changes with every process)."""
    joined = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(joined, digest_size=8).digest(), "little")


@dataclass
class TemplateMemo:
    """The memo on one connection (inside the caller's transaction): each table read once per run."""

    con: duckdb.DuckDBPyConnection

    @classmethod
    def open(cls, con: duckdb.DuckDBPyConnection) -> TemplateMemo:
        """The memo of `con`'s database, emptied first when another code version made it."""
        con.execute("CREATE SCHEMA IF NOT EXISTS meta")
        con.execute(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version VARCHAR)")
        row = first_row(con.execute(f"SELECT any_value(version) FROM {VERSION_TABLE}"))
        version = code_version()
        if row is None or row[0] != version:
            for table in (KIND_TABLE, MASK_TABLE, SIGNATURE_TABLE):
                con.execute(f"DROP TABLE IF EXISTS {table}")
            con.execute(f"DELETE FROM {VERSION_TABLE}")
            con.execute(f"INSERT INTO {VERSION_TABLE} VALUES (?)", [version])
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {KIND_TABLE} "
            "(h1 UBIGINT, h2 UBIGINT, text_kind VARCHAR, is_long BOOLEAN)"
        )
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {MASK_TABLE} "
            "(h1 UBIGINT, h2 UBIGINT, slots UBIGINT, masked_text VARCHAR USING COMPRESSION zstd)"
        )
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {SIGNATURE_TABLE} "
            f"(h1 UBIGINT, h2 UBIGINT, signature UINTEGER[{SIGNATURE_WIDTH}])"
        )
        return cls(con)

    def lookup(
        self, table: str, keys: pl.DataFrame, compute: Callable[[pl.DataFrame], pl.DataFrame]
    ) -> pl.DataFrame:
        """`keys` (key columns h1, h2 and maybe slots, plus whatever `compute` needs) with the table's value
        columns, row for row: remembered where known, else from `compute(the unknown rows)`, which returns
        those rows, in order, with the values (and may add columns of its own: NULL on remembered rows).
        The new entries are written at once (holding them to the step's end cost ~150 MB of peak memory at
        max scale)."""
        on = [c for c in ("h1", "h2", "slots") if c in keys.columns]
        known = fetch_frame(self.con.sql(f"SELECT * FROM {table}"))
        schema, held = dict(known.schema), known.height
        values = [c for c in known.columns if c not in on]
        # joined on the key columns alone: the texts `keys` carries for `compute` are never copied by a join
        found = keys.select(on).with_row_index("__row").join(known, on=on, how="left", maintain_order="left")
        del known
        missing = found[values[0]].is_null()
        used = found.filter(~missing).select(on).unique()
        if not missing.any():
            self._write(table, used, held, None)
            return found.drop("__row")
        # computed for every unknown row, stored once per key: no copy of the texts to find the distinct ones
        # (the same text's entries are equal: each is a function of its key)
        payload = [c for c in keys.columns if c not in on]
        everything = bool(missing.all())  # nothing remembered (a first ingest): the computed rows, in order
        made = compute(keys if everything else keys.filter(missing))
        # the same key twice (one text sent twice) is stored once: DuckDB dedupes, without a copy here
        self._write(table, used, held, made.select(*on, *values).cast(schema))  # type: ignore[arg-type]
        if everything:
            return made.drop(payload)
        made = made.drop(payload).with_columns(found["__row"].filter(missing))
        return pl.concat([found.filter(~missing), made], how="diagonal_relaxed").sort("__row").drop("__row")

    def signatures(self, texts: pl.Series, sign: Callable[[pl.Series], np.ndarray]) -> np.ndarray:
        """The MinHash signatures of distinct `texts`: remembered, else `sign(the unknown texts)`. Filled into
        one matrix in place (the generic `lookup` made ~150 MB of copies of them at max scale)."""
        keys = text_keys(texts)
        known = fetch_frame(self.con.sql(f"SELECT * FROM {SIGNATURE_TABLE}"))
        held = known.height
        hits = keys.with_row_index("__row").join(known, on=["h1", "h2"], how="inner")
        del known
        rows = hits["__row"].to_numpy()
        unknown = np.ones(len(texts), dtype=bool)
        unknown[rows] = False
        todo = np.flatnonzero(unknown)
        if len(todo) == len(texts):
            sig = sign(texts)
        else:
            sig = np.empty((len(texts), SIGNATURE_WIDTH), dtype=np.uint32)
            if len(rows):
                sig[rows] = hits["signature"].to_numpy()
            if len(todo):
                sig[todo] = sign(texts.gather(todo))
        new = None
        if len(todo):
            made = np.ascontiguousarray(sig if len(todo) == len(texts) else sig[todo])
            # a (rows, width) array is polars' Array(UInt32, width): the table's fixed-size list, no pyarrow
            new = pl.DataFrame(
                {
                    "h1": keys["h1"].gather(todo),
                    "h2": keys["h2"].gather(todo),
                    "signature": pl.Series(made.reshape(-1, SIGNATURE_WIDTH)),
                }
            )
        self._write(SIGNATURE_TABLE, hits.select("h1", "h2"), held, new)  # type: ignore[arg-type]
        return sig

    def _write(self, table: str, used: pl.DataFrame, held: int, new: pl.DataFrame | None) -> None:
        """Add the new entries. A table whose unused entries outnumber the used and new ones keeps only the
        used ones (a member's sent texts change slowly; the recipients' companies, part of a mask's key,
        change more)."""
        if held - used.height > used.height + (new.height if new is not None else 0):
            self.con.register("__memo_used", arrow_source(used))
            try:
                self.con.execute(
                    "CREATE OR REPLACE TEMP TABLE __memo_kept AS "
                    f"SELECT t.* FROM {table} t SEMI JOIN __memo_used u USING ({', '.join(used.columns)})"
                )
                self.con.execute(f"DELETE FROM {table}")
                self.con.execute(f"INSERT INTO {table} SELECT * FROM __memo_kept")
                self.con.execute("DROP TABLE __memo_kept")
            finally:
                self.con.unregister("__memo_used")
        if new is not None and new.height:
            self.con.register("__memo_new", arrow_source(new))
            try:
                keys = ", ".join(c for c in new.columns if c in ("h1", "h2", "slots"))
                self.con.execute(f"INSERT INTO {table} SELECT DISTINCT ON ({keys}) * FROM __memo_new")
            finally:
                self.con.unregister("__memo_new")


class NoMemo:
    """Computes everything, remembers nothing: the step as a pure function (tests, read-only callers)."""

    def lookup(
        self, table: str, keys: pl.DataFrame, compute: Callable[[pl.DataFrame], pl.DataFrame]
    ) -> pl.DataFrame:
        return compute(keys)

    def signatures(self, texts: pl.Series, sign: Callable[[pl.Series], np.ndarray]) -> np.ndarray:
        return sign(texts)


Memo = TemplateMemo | NoMemo
