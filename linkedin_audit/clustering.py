"""Template clustering of masked texts, in near-linear time.

All-pairs fuzzy matching of 100,000 messages takes about 19 minutes, and leader clustering splits templates
because it is not transitive (docs/stack-notes). Here:

1. identical masked texts are grouped by hash (most copies of a template collapse here);
2. one-liners (fewer than `min_words` words) are set aside: they are never templates;
3. every remaining distinct text gets a MinHash signature over its word unigrams and bigrams (numpy,
   vectorised); texts that agree on all `rows` values of any of `bands` bands are candidates (LSH);
   inside a large bucket only neighbours in sorted order are paired, so candidate count stays linear;
4. candidates whose lengths or character counts rule out the cut-off, or whose signatures agree too little,
   are dropped; the rest are verified with rapidfuzz `fuzz.ratio >= cutoff` (scored in C by
   `process.cpdist`) and joined into connected components, so matches are transitive (A~B, B~C puts A, B, C
   together);
5. a cluster is a template when it has >= `min_size` texts sent to >= `min_groups` different groups
   (conversations, or invitees).
"""

from __future__ import annotations

import operator
from collections.abc import Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from linkedin_audit.text import MIN_TEMPLATE_WORDS, has_min_words

_PAIR_CHUNK = 1 << 14
"""Candidate pairs per step of the per-pair filters: gathering both rows of millions of pairs at once costs
~1 GB, and at max scale 2^14 pairs a step took ~0.45 s for the agreement filter against ~0.6 s for 2^18
(fresh memory per step is costly)."""


def _components(n: int, edges: np.ndarray) -> np.ndarray:
    """Per node, the smallest node of its connected component (what union-find joining to the smaller root
    gives), vectorised: hook every edge's labels to their minimum, then jump pointers, until stable (a
    Python union-find over ~1,000,000 matches took ~0.6 s at max scale). Each label is a node of the same
    component, and at the fixpoint both ends of every edge share one label that labels itself: the
    component's smallest node, whose label can only be itself."""
    label = np.arange(n, dtype=np.int64)
    if len(edges) == 0:
        return label
    a, b = edges[:, 0].astype(np.int64), edges[:, 1].astype(np.int64)
    while True:
        la, lb = label[a], label[b]
        low = np.minimum(la, lb)
        hooked = label.copy()
        np.minimum.at(hooked, la, low)
        np.minimum.at(hooked, lb, low)
        while True:  # pointer jumping: every node straight to its label's label
            jumped = hooked[hooked]
            if np.array_equal(jumped, hooked):
                break
            hooked = jumped
        if np.array_equal(hooked, label):
            return label
        label = hooked


def _shingles(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per text, 32-bit hashes of its word unigrams and bigrams (hashes, their owner index), grouped by owner
    (so no sort is needed to reduce them per text). Words are split and hashed by polars (vectorised,
    deterministic for a given polars version). Word i gives its unigram and the bigram (i, i + 1), or its
    unigram again when it is its text's last word: a repeat leaves the minimum unchanged, and one array
    halves the reduction passes."""
    words = (texts.alias("t").to_frame()
             .with_row_index("owner")
             .select(pl.col("owner"), pl.col("t").str.split(" ").alias("w"))
             .explode("w")
             .filter(pl.col("w").is_not_null() & (pl.col("w") != "")))
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


def _reduce_min(hashes: np.ndarray, owners: np.ndarray, a: np.ndarray, b: np.ndarray,
                out: np.ndarray) -> None:
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
        part, part_starts = hashes[starts[lo]:end], starts[lo:hi] - starts[lo]
        rows = present[lo:hi]
        for k in range(len(a)):
            values = np.minimum.reduceat(part * a[k] + b[k], part_starts)
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
        _reduce_min(hashes, owners, a, b, sig[lo:lo + chunk])

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
    return [np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)
            for a, b in ((order[idx - 1], order[idx]), (order[run_start[far]], order[far]))]


def _candidate_pairs(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(i, j) pairs (i < j, sorted) whose signatures agree on a whole band. Bands run on two threads (numpy's
    sorts release the GIL; at max scale ~0.34 s wall against ~0.53 s, the same CPU time)."""
    n = sig.shape[0]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pairs = [p for part in pool.map(_band_pairs, (sig[:, b * rows:(b + 1) * rows] for b in range(bands)))
                 for p in part]
    if not pairs:
        return np.empty((0, 2), dtype=np.int64)
    flat = np.sort(np.concatenate(pairs))  # (np.unique of ~7,000,000 pairs: ~10 s of CPU at max scale)
    flat = flat[np.concatenate([[True], flat[1:] != flat[:-1]])]
    out = np.empty((len(flat), 2), dtype=np.int64)
    np.divmod(flat, n, out=(out[:, 0], out[:, 1]))  # in place: np.stack of // and % took 0.06-0.47 s
    return out


def _char_histograms(texts: pl.Series, buckets: int = 32) -> np.ndarray:
    """Per text, how many of its ASCII characters fall in each of `buckets` classes (code % buckets), capped
    at 255. One inserted or deleted character changes at most one count by one (non-ASCII ones none), so the
    L1 distance of two texts' histograms is a lower bound of their Indel distance; capping only lowers it.
    Read from the column's UTF-8 buffer (no Python string per text)."""
    arrow = texts.rechunk().to_arrow()
    offsets = np.frombuffer(arrow.buffers()[1], dtype=np.int64)[arrow.offset:arrow.offset + len(arrow) + 1]
    data = np.frombuffer(arrow.buffers()[2], dtype=np.uint8)
    sizes = np.diff(offsets)
    out = np.empty((len(arrow), buckets), dtype=np.uint8)
    width = buckets + 1  # one extra class per text for the bytes of non-ASCII characters
    chunk = 1024  # texts a step: small temporaries (fresh memory per step is costly)
    for lo in range(0, len(arrow), chunk):
        hi = min(lo + chunk, len(arrow))
        raw = data[offsets[lo]:offsets[hi]]
        cls = raw % np.uint8(buckets)
        cls[raw >= 128] = buckets
        bins = np.repeat(np.arange(0, (hi - lo) * width, width, dtype=np.int32), sizes[lo:hi]) + cls
        counts = np.bincount(bins, minlength=(hi - lo) * width).reshape(-1, width)[:, :buckets]
        np.minimum(counts, 255, out=out[lo:hi], casting="unsafe")
    return out


_LOW_BYTES = np.uint64(0x00FF00FF00FF00FF)


def _l1(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per row, the L1 distance of two (rows, 32) uint8 arrays: byte-wise |a - b|, then summed 8 bytes at a
    time in 64-bit words (bytes to 16-bit lanes, lanes summed by one multiply into the top lane; at most
    8 * 255 < 2^16, no carry): numpy's sum over a short axis was several times slower."""
    diff = np.maximum(a, b)
    diff -= np.minimum(a, b)
    words = diff.view(np.uint64)
    lanes = (words & _LOW_BYTES) + ((words >> np.uint64(8)) & _LOW_BYTES)
    return ((lanes * np.uint64(0x0001000100010001)) >> np.uint64(48)).sum(axis=1)


def _may_reach(cand: np.ndarray, histograms: np.ndarray, lengths: np.ndarray, cutoff: float) -> np.ndarray:
    """Per candidate pair, whether its fuzz.ratio can reach `cutoff`, by two exact bounds. ratio <= 200 *
    min(len) / (len_a + len_b); and ratio = 100 * (1 - Indel distance / (len_a + len_b)), the distance being
    at least the histograms' L1 distance (+0.5 absorbs float rounding; distances are whole numbers). Rows are
    gathered with np.take (several times faster than fancy indexing of 2-D rows)."""
    keep = np.empty(len(cand), dtype=bool)
    for lo in range(0, len(cand), _PAIR_CHUNK):
        part = cand[lo:lo + _PAIR_CHUNK]
        la, lb = lengths[part[:, 0]], lengths[part[:, 1]]
        ok = 200.0 * np.minimum(la, lb) / (la + lb) >= cutoff
        ok_ix = np.flatnonzero(ok)
        l1 = _l1(np.take(histograms, part[ok_ix, 0], axis=0), np.take(histograms, part[ok_ix, 1], axis=0))
        ok[ok_ix] = l1 <= (100.0 - cutoff) / 100.0 * (la[ok_ix] + lb[ok_ix]) + 0.5
        keep[lo:lo + len(part)] = ok
    return keep


def _agree(sig: np.ndarray, cand: np.ndarray, min_agreement: float) -> np.ndarray:
    """Per candidate pair, whether the share of equal signature values (estimated shingle Jaccard) reaches
    `min_agreement` (on the generator's 100,000 messages every pair with ratio >= 85 agreed on >= 0.47)."""
    keep = np.empty(len(cand), dtype=bool)
    for lo in range(0, len(cand), _PAIR_CHUNK):
        part = cand[lo:lo + _PAIR_CHUNK]
        # count / columns: the same float as .mean(axis=1), without a float array per pair
        equal = np.count_nonzero(np.take(sig, part[:, 0], axis=0) == np.take(sig, part[:, 1], axis=0), axis=1)
        keep[lo:lo + len(part)] = equal.astype(np.float64) / sig.shape[1] >= min_agreement
    return keep


def cluster_texts(
    texts: Sequence[str] | pl.Series,
    groups: Sequence[Hashable] | pl.Series | None = None,
    *,
    cutoff: float = 90.0,
    min_size: int = 3,
    min_groups: int = 3,
    min_words: int = MIN_TEMPLATE_WORDS,
    bands: int = 10,
    rows: int = 3,
    min_agreement: float = 0.4,
) -> np.ndarray:
    """Cluster label per text (0, 1, ... ordered by cluster size descending, then first position), or -1 for
    texts in no template. `texts` are normalised and masked; `groups` (conversation id, invitee, ...) is what
    must differ for a cluster to count, default: every text its own group. Polars columns are taken as they
    are (no round trip through Python strings)."""
    n = len(texts)
    labels = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return labels
    # Distinct texts in sorted order (polars: Python dicts and sorts cost seconds at 500,000 messages); the
    # result does not depend on this order, and sorted order is the within-bucket order of step 3 for free.
    # Sorting UTF-8 bytes (polars) is sorting code points (Python): the same order. Texts are numbered by a
    # hash join (~0.4 s in all at max scale, where a string arg_sort alone took ~0.65 s).
    series = (texts.alias("t") if isinstance(texts, pl.Series)
              else pl.Series("t", list(texts), dtype=pl.String))
    distinct = series.unique().sort()
    inverse = (series.to_frame().join(distinct.to_frame().with_row_index("i"), on="t", how="left",
                                      maintain_order="left")["i"].to_numpy().astype(np.int64))
    del series  # ~150 MB at 500,000 messages
    is_long = has_min_words(distinct, min_words)
    long_ix = np.flatnonzero(is_long.to_numpy())
    root = np.arange(len(distinct), dtype=np.int64)
    if len(long_ix) > 1:
        long_series = distinct.filter(is_long)
        long_texts = long_series.to_list()
        sig = minhash(long_series, bands * rows)
        # long_texts are sorted already: index order is text order. The histograms are made meanwhile
        # (~0.1 s less wall at max scale).
        with ThreadPoolExecutor(max_workers=1) as pool:
            histograms = pool.submit(_char_histograms, long_series)
            cand = _candidate_pairs(sig, bands, rows)
        lengths = long_series.str.len_chars().to_numpy().astype(np.float64)  # code points
        if len(cand):
            # The exact bounds first (they only drop pairs rapidfuzz would reject; ~6,000,000 candidates to
            # ~750,000 at max scale), then the signature agreement, dearer per pair.
            cand = cand[_may_reach(cand, histograms.result(), lengths, cutoff)]
            cand = cand[_agree(sig, cand, min_agreement)]
        component = np.arange(len(long_texts), dtype=np.int64)
        if len(cand):
            # Every candidate scored in C (rapidfuzz cpdist, all cores), then the matches joined: the same
            # transitive closure as verifying pair by pair, without ~1,000,000 Python-level calls.
            pick_a, pick_b = (operator.itemgetter(*cand[:, k].tolist())(long_texts) for k in (0, 1))
            if len(cand) == 1:
                pick_a, pick_b = (pick_a,), (pick_b,)
            scores = process.cpdist(pick_a, pick_b, scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1,
                                    dtype=np.float32)
            component = _components(len(long_texts), cand[scores >= cutoff])
        root[long_ix] = long_ix[component]
    short = np.ones(len(distinct), dtype=bool)
    short[long_ix] = False
    text_root = root[inverse]
    text_root[short[inverse]] = -1
    valid = text_root >= 0
    if not valid.any():
        return labels
    roots, first_pos, counts = np.unique(text_root[valid], return_index=True, return_counts=True)
    keep = counts >= min_size
    if groups is not None and keep.any():
        keep &= _distinct_groups(text_root, groups, roots) >= min_groups
    elif groups is None:
        keep &= counts >= min_groups
    valid_pos = np.nonzero(valid)[0]
    kept = np.nonzero(keep)[0]
    rank = sorted(kept.tolist(), key=lambda k: (-counts[k], valid_pos[first_pos[k]]))
    label_of_root = np.full(len(roots), -1, dtype=np.int64)  # roots are sorted (np.unique)
    label_of_root[np.array(rank, dtype=np.int64)] = np.arange(len(rank), dtype=np.int64)
    labels[valid_pos] = label_of_root[np.searchsorted(roots, text_root[valid_pos])]
    return labels


def _distinct_groups(text_root: np.ndarray, groups: Sequence[Hashable] | pl.Series,
                     roots: np.ndarray) -> np.ndarray:
    """Per root (sorted), how many different groups its texts were sent to (texts with root -1 ignored).
    Vectorised by polars when the groups make one column (strings, numbers), else with Python sets."""
    try:
        column = groups.alias("g") if isinstance(groups, pl.Series) else pl.Series("g", list(groups))
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
        column = None
    if column is not None and column.dtype != pl.Object:
        per_root = (pl.DataFrame({"r": text_root, "g": column}).filter(pl.col("r") >= 0)
                    .group_by("r").agg(pl.col("g").n_unique().alias("n")))
        out = np.zeros(len(roots), dtype=np.int64)
        out[np.searchsorted(roots, per_root["r"].to_numpy())] = per_root["n"].to_numpy()
        return out
    else:
        sets: dict[int, set[Hashable]] = {}
        for r, g in zip(text_root.tolist(), groups, strict=True):
            if r >= 0:
                sets.setdefault(r, set()).add(g)
        found = {r: len(v) for r, v in sets.items()}
    return np.array([found[int(r)] for r in roots.tolist()], dtype=np.int64)


def pair_f1(truth: Sequence[Hashable | None], predicted: Sequence[int]) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1: a pair is positive when both items share a (non-None / >= 0) label."""
    from collections import Counter

    def pairs(c: Counter) -> int:
        return sum(v * (v - 1) // 2 for v in c.values())

    t = [x if x is not None else None for x in truth]
    p = [int(x) for x in predicted]
    true_c = Counter(x for x in t if x is not None)
    pred_c = Counter(x for x in p if x >= 0)
    both = Counter((a, b) for a, b in zip(t, p, strict=True) if a is not None and b >= 0)
    tp, tpos, ppos = pairs(both), pairs(true_c), pairs(pred_c)
    precision = tp / ppos if ppos else 1.0
    recall = tp / tpos if tpos else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
