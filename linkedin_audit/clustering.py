"""Template clustering of masked texts, in near-linear time.

All-pairs fuzzy matching of 100,000 messages takes about 19 minutes, and leader clustering splits templates
because it is not transitive (docs/stack-notes). Here:

1. identical masked texts are grouped by hash (most copies of a template collapse here);
2. one-liners (fewer than `min_words` words) are set aside: they are never templates;
3. every remaining distinct text gets a MinHash signature over its word unigrams and bigrams (numpy,
   vectorised); texts that agree on all `rows` values of any of `bands` bands are candidates (LSH);
   inside a large bucket only neighbours in sorted order are paired, so candidate count stays linear;
4. candidates are verified with rapidfuzz `fuzz.ratio >= cutoff` (scored in C by `process.cpdist`) and joined
   into connected components, so matches are transitive (A~B, B~C puts A, B, C together);
5. a cluster is a template when it has >= `min_size` texts sent to >= `min_groups` different groups
   (conversations, or invitees).
"""

from __future__ import annotations

import operator
from collections.abc import Hashable, Sequence

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from linkedin_audit.text import MIN_TEMPLATE_WORDS

_MASK32 = np.uint64(0xFFFFFFFF)


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


def _shingles(texts: Sequence[str] | pl.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per text, 32-bit hashes of its word unigrams and bigrams: (unigrams, their owner index, bigrams, their
    owner index), each grouped by owner in text order (so no sort is needed to reduce them per text).
    Words are split and hashed by polars (vectorised, deterministic for a given polars version)."""
    column = (texts.alias("t") if isinstance(texts, pl.Series)
              else pl.Series("t", list(texts), dtype=pl.String))
    words = (column.to_frame()
             .with_row_index("owner")
             .select(pl.col("owner"), pl.col("t").str.split(" ").alias("w"))
             .explode("w")
             .filter(pl.col("w").is_not_null() & (pl.col("w") != "")))
    own = words["owner"].to_numpy().astype(np.int64)
    word = words["w"].hash(seed=7).to_numpy().astype(np.uint64)
    same_next = np.zeros(len(word), dtype=bool)
    if len(word) > 1:
        same_next[:-1] = own[:-1] == own[1:]
    uni = (word >> np.uint64(32)) ^ (word & _MASK32)
    nxt = np.roll(word, -1)
    bi = ((word * np.uint64(0x85EBCA77)) ^ (nxt * np.uint64(0xC2B2AE3D) + np.uint64(0x27D4EB2F)))
    bi = bi >> np.uint64(32)
    return uni, own, bi[same_next], own[same_next]


def _reduce_min(hashes: np.ndarray, owners: np.ndarray, a: np.ndarray, b: np.ndarray,
                out: np.ndarray) -> None:
    """out[i, k] = min(out[i, k], min over text i's hashes of (h * a[k] + b[k]) mod 2^32); `owners` is sorted.
    In blocks of texts whose hashes fit in the CPU cache (one pass per hash function over every shingle is
    bound by memory traffic)."""
    if len(hashes) == 0:
        return
    starts = np.flatnonzero(np.concatenate([[True], owners[1:] != owners[:-1]]))  # sorted: no np.unique
    present = owners[starts]
    block = 8192
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
    # 50,000 texts at a time: the shingle arrays of 500,000 messages at once take ~1.5 GB.
    chunk = 50_000
    for lo in range(0, len(column), chunk):
        uni, uni_own, bi, bi_own = _shingles(column.slice(lo, chunk))
        part = sig[lo:lo + chunk]
        _reduce_min(uni.astype(np.uint32), uni_own, a, b, part)
        _reduce_min(bi.astype(np.uint32), bi_own, a, b, part)
    return sig


def _candidate_pairs(sig: np.ndarray, bands: int, rows: int,
                     order_key: np.ndarray | None = None) -> np.ndarray:
    """(i, j) pairs whose signatures agree on a whole band. Within a bucket the members are sorted by
    `order_key` (default: index order) and each is paired with its predecessor and with the bucket's first
    member."""
    n = sig.shape[0]
    pairs: list[np.ndarray] = []
    for band in range(bands):
        cols = sig[:, band * rows:(band + 1) * rows]
        key = np.zeros(n, dtype=np.uint64)
        for c in range(cols.shape[1]):
            key = key * np.uint64(0x100000001B3) ^ cols[:, c].astype(np.uint64)
        # order_key None: index order (a stable radix sort of the key, several times faster than lexsort)
        order = np.argsort(key, kind="stable") if order_key is None else np.lexsort((order_key, key))
        k_sorted = key[order]
        same_prev = np.zeros(n, dtype=bool)
        same_prev[1:] = k_sorted[1:] == k_sorted[:-1]
        if not same_prev.any():
            continue
        run_start = np.maximum.accumulate(np.where(~same_prev, np.arange(n), 0))
        idx = np.nonzero(same_prev)[0]
        pairs.append(np.stack([order[idx - 1], order[idx]], axis=1))
        far = idx[idx - 1 != run_start[idx]]
        if len(far):
            pairs.append(np.stack([order[run_start[far]], order[far]], axis=1))
    if not pairs:
        return np.empty((0, 2), dtype=np.int64)
    allp = np.concatenate(pairs).astype(np.int64)
    allp.sort(axis=1)
    flat = np.sort(allp[:, 0] * n + allp[:, 1])
    flat = flat[np.concatenate([[True], flat[1:] != flat[:-1]])]
    return np.stack([flat // n, flat % n], axis=1)


def cluster_texts(
    texts: Sequence[str],
    groups: Sequence[Hashable] | None = None,
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
    must differ for a cluster to count, default: every text its own group."""
    n = len(texts)
    labels = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return labels
    # Distinct texts in sorted order (polars: Python dicts and sorts cost seconds at 500,000 messages); the
    # result does not depend on this order, and sorted order is the within-bucket order of step 3 for free.
    # Sorting UTF-8 bytes (polars) is sorting code points (Python): the same order.
    series = pl.Series("t", list(texts), dtype=pl.String)
    order = series.arg_sort().to_numpy()  # one string sort gives both the distinct texts and the inverse
    ordered = series.gather(order)
    del series  # ~150 MB at 500,000 messages
    first = (ordered != ordered.shift(1)).fill_null(True)
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = first.cast(pl.Int64).cum_sum().to_numpy() - 1
    distinct = ordered.filter(first)
    del ordered
    uniq = distinct.to_list()
    # ">= min_words runs of non-space" as one regex search that stops at the first match (counting every
    # word of ~400,000 texts took ~0.4 s at max scale).
    is_long = (distinct.str.contains(rf"(?:\S+\s+){{{min_words - 1}}}\S") if min_words > 0
               else pl.Series("t", [True] * len(distinct), dtype=pl.Boolean))
    long_ix = np.nonzero(is_long.to_numpy())[0].tolist()
    root = np.arange(len(uniq), dtype=np.int64)
    if len(long_ix) > 1:
        long_texts = [uniq[i] for i in long_ix]
        sig = minhash(distinct.filter(is_long), bands * rows)
        cand = _candidate_pairs(sig, bands, rows)  # long_texts are sorted already: index order is text order
        lengths = distinct.filter(is_long).str.len_chars().to_numpy().astype(np.float64)  # code points
        if len(cand):
            la, lb = lengths[cand[:, 0]], lengths[cand[:, 1]]
            # fuzz.ratio <= 200 * min(len) / (len_a + len_b): drop pairs that cannot reach the cutoff.
            cand = cand[200.0 * np.minimum(la, lb) / (la + lb) >= cutoff]
            # Estimated shingle Jaccard (share of equal signature values) below what near-duplicates have
            # (on the generator's 100,000 messages every pair with ratio >= 85 agreed on >= 0.47): drop
            # before verification (still ~1,000,000 pairs at max scale).
            # In chunks: gathering both signatures of millions of pairs at once costs ~1 GB.
            keep_pair = np.empty(len(cand), dtype=bool)
            for lo in range(0, len(cand), 1 << 18):
                part = cand[lo:lo + (1 << 18)]
                # count / columns: the same float as .mean(axis=1), without a float array per pair
                equal = np.count_nonzero(sig[part[:, 0]] == sig[part[:, 1]], axis=1)
                agree = equal.astype(np.float64) / sig.shape[1]
                keep_pair[lo:lo + len(part)] = agree >= min_agreement
            cand = cand[keep_pair]
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
        long_arr = np.array(long_ix, dtype=np.int64)
        root[long_arr] = long_arr[component]
    short = np.ones(len(uniq), dtype=bool)
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


def _distinct_groups(text_root: np.ndarray, groups: Sequence[Hashable], roots: np.ndarray) -> np.ndarray:
    """Per root (sorted), how many different groups its texts were sent to (texts with root -1 ignored).
    Vectorised by polars when the groups make one column (strings, numbers), else with Python sets."""
    try:
        column = pl.Series("g", list(groups))
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
