"""MinHash signatures and LSH candidate pairs: step 3 of template clustering (the sibling `clustering`).

Every distinct long text gets a MinHash signature over its word unigrams and bigrams (numpy, vectorised);
texts that agree on all `rows` values of any band are candidates; inside a large bucket only neighbours in
sorted order are paired, so the candidate count stays linear."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl


def _shingles(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per text, 32-bit hashes of its word unigrams and bigrams (hashes, their owner index), grouped by owner
    (so no sort is needed to reduce them per text). Words are split and hashed by polars (vectorised,
    deterministic for a given polars version). Word i gives its unigram and the bigram (i, i + 1), or its
    unigram again when it is its text's last word: a repeat leaves the minimum unchanged, and one array
    halves the reduction passes."""
    words = (
        texts.alias("t")
        .to_frame()
        .with_row_index("owner")
        .select(pl.col("owner"), pl.col("t").str.split(" ").alias("w"))
        .explode("w")
        .filter(pl.col("w").is_not_null() & (pl.col("w") != ""))
    )
    own = words["owner"].to_numpy()
    word = words["w"].hash(seed=7).to_numpy()
    out = np.empty((len(word), 2), dtype=np.uint32)
    out[:, 0] = (word >> np.uint64(32)).astype(np.uint32) ^ word.astype(np.uint32)  # high ^ low half
    # The high half of (w * A) ^ (next * B + C), from 64-bit products.
    left = ((word * np.uint64(0x85EBCA77)) >> np.uint64(32)).astype(np.uint32)
    right = ((word * np.uint64(0xC2B2AE3D) + np.uint64(0x27D4EB2F)) >> np.uint64(32)).astype(np.uint32)
    out[:, 1] = out[:, 0]
    if len(word) > 1:
        same_next = own[:-1] == own[1:]
        out[:-1, 1][same_next] = (left[:-1] ^ right[1:])[same_next]
    return out.ravel(), np.repeat(own, 2)


def _reduce_min(
    hashes: np.ndarray, owners: np.ndarray, a: np.ndarray, b: np.ndarray, out: np.ndarray
) -> None:
    """out[i, k] = min(out[i, k], min over text i's hashes of (h * a[k] + b[k]) mod 2^32); `owners` is sorted.
    In blocks of texts whose hashes fit in the CPU cache (one pass per hash function over every shingle is
    bound by memory traffic; 2,048 texts: ~0.3 s at max scale, 8,192: ~0.4 s)."""
    if len(hashes) == 0:
        return
    starts = np.flatnonzero(np.concatenate([[True], owners[1:] != owners[:-1]]))  # sorted: no np.unique
    present = owners[starts]
    block = 2048
    for lo in range(0, len(present), block):
        hi = min(lo + block, len(present))
        end = starts[hi] if hi < len(present) else len(hashes)
        part, part_starts = hashes[starts[lo] : end], starts[lo:hi] - starts[lo]
        rows = present[lo:hi]
        # Consecutive rows (every text has a word: always, from `minhash`) are a view, not a gather and a
        # scatter; the products go to one buffer per block (no fresh temporaries per hash function).
        target = out[rows[0] : rows[-1] + 1] if rows[-1] - rows[0] == len(rows) - 1 else None
        buffer = np.empty_like(part)
        for k in range(len(a)):
            np.multiply(part, a[k], out=buffer)
            buffer += b[k]
            values = np.minimum.reduceat(buffer, part_starts)
            if target is not None:
                np.minimum(target[:, k], values, out=target[:, k])
            else:
                out[rows, k] = np.minimum(out[rows, k], values)


def minhash(texts: Sequence[str] | pl.Series, n_hashes: int, seed: int = 7) -> np.ndarray:
    """MinHash signatures, shape (len(texts), n_hashes); every text must have at least one word."""
    rng = np.random.default_rng(seed)
    # Multiply-add hashing with 32-bit wrap-around: a cheap random permutation per column (32-bit halves
    # the memory traffic of the 64-bit version, the dominant cost).
    a = rng.integers(1, 1 << 32, size=n_hashes, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
    b = rng.integers(0, 1 << 32, size=n_hashes, dtype=np.uint64).astype(np.uint32)
    sig = np.full((len(texts), n_hashes), np.iinfo(np.uint32).max, dtype=np.uint32)
    column = texts if isinstance(texts, pl.Series) else pl.Series("t", list(texts), dtype=pl.String)
    # 10,000 texts at a time: the shingle arrays of 500,000 messages at once take ~1.5 GB, and at max scale
    # chunks of 10,000 took ~0.85 s against ~1.05 s for 50,000 (less fresh memory to fault in).
    chunk = 10_000

    def fill(lo: int) -> None:
        hashes, owners = _shingles(column.slice(lo, chunk))
        _reduce_min(hashes, owners, a, b, sig[lo : lo + chunk])

    # Chunks fill disjoint rows and numpy and polars release the GIL: two threads use the second core (at max
    # scale ~0.65 s wall against ~1.05 s, the same CPU time).
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(fill, range(0, len(column), chunk)))
    return sig


def _band_pairs(band: np.ndarray) -> list[np.ndarray]:
    """The candidate pairs of one band (its columns of the signatures), each as one int64 (smaller * n +
    larger): one sort of flat numbers dedupes them. Within a bucket the members are in index order and each
    is paired with its predecessor and with the bucket's first member."""
    n = band.shape[0]
    key = np.zeros(n, dtype=np.uint64)
    for c in range(band.shape[1]):
        key = key * np.uint64(0x100000001B3) ^ band[:, c].astype(np.uint64)
    order = np.argsort(key, kind="stable")  # index order in a bucket
    k_sorted = key[order]
    same_prev = np.zeros(n, dtype=bool)
    same_prev[1:] = k_sorted[1:] == k_sorted[:-1]
    idx = np.flatnonzero(same_prev)
    if not len(idx):
        return []
    run_start = np.maximum.accumulate(np.where(~same_prev, np.arange(n), 0))
    far = idx[idx - 1 != run_start[idx]]
    return [
        np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)
        for a, b in ((order[idx - 1], order[idx]), (order[run_start[far]], order[far]))
    ]


def candidate_pairs(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(i, j) pairs (i < j, sorted) whose signatures agree on a whole band. Bands run on two threads (numpy's
    sorts release the GIL; at max scale ~0.34 s wall against ~0.53 s, the same CPU time)."""
    n = sig.shape[0]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pairs = [
            p
            for part in pool.map(_band_pairs, (sig[:, b * rows : (b + 1) * rows] for b in range(bands)))
            for p in part
        ]
    if not pairs:
        return np.empty((0, 2), dtype=np.int64)
    flat = np.sort(np.concatenate(pairs))  # (np.unique of ~7,000,000 pairs: ~10 s of CPU at max scale)
    flat = flat[np.concatenate([[True], flat[1:] != flat[:-1]])]
    out = np.empty((len(flat), 2), dtype=np.int64)
    np.divmod(flat, n, out=(out[:, 0], out[:, 1]))  # in place: np.stack of // and % took 0.06-0.47 s
    return out
