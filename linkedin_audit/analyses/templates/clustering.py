"""Template clustering of masked texts, in near-linear time.

All-pairs fuzzy matching of 100,000 messages takes about 19 minutes, and leader clustering splits templates
because it is not transitive (both measured on 2 cores). Here:

1. identical masked texts are grouped by hash (most copies of a template collapse here);
2. one-liners (fewer than `min_words` words) are set aside: they are never templates;
3. every remaining distinct text gets a MinHash signature over its word unigrams and bigrams; texts that
   agree on all `rows` values of any of `bands` bands are candidates (LSH, in the sibling `lsh`);
4. candidates whose lengths or character counts rule out the cut-off, or whose signatures agree too little,
   are dropped; the rest are verified with rapidfuzz `fuzz.ratio >= cutoff` (scored in C by
   `process.cpdist`) and joined into connected components, so matches are transitive (A~B, B~C puts A, B, C
   together);
5. a cluster is a template when it has >= `min_size` texts sent to >= `min_groups` different groups
   (conversations, or invitees).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from linkedin_audit.analyses.templates.lsh import candidate_pairs, minhash
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


def _char_histograms(texts: pl.Series, buckets: int = 32) -> np.ndarray:
    """Per text, how many of its ASCII characters fall in each of `buckets` classes (code % buckets), capped
    at 255. One inserted or deleted character changes at most one count by one (non-ASCII ones none), so the
    L1 distance of two texts' histograms is a lower bound of their Indel distance; capping only lowers it.
    Read from the texts' UTF-8 bytes joined in polars (no Python string per text; a NULL is an empty text):
    the column's Arrow buffers would import pyarrow, ~50 ms of a typical ingest's CPU."""
    sizes = texts.str.len_bytes().fill_null(0).to_numpy().astype(np.int64)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    data = np.frombuffer(texts.str.join("").cast(pl.Binary).item(), dtype=np.uint8)
    out = np.empty((len(texts), buckets), dtype=np.uint8)
    width = buckets + 1  # one extra class per text for the bytes of non-ASCII characters
    chunk = 1024  # texts a step: small temporaries (fresh memory per step is costly)
    for lo in range(0, len(texts), chunk):
        hi = min(lo + chunk, len(texts))
        raw = data[offsets[lo] : offsets[hi]]
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
        part = cand[lo : lo + _PAIR_CHUNK]
        la, lb = lengths[part[:, 0]], lengths[part[:, 1]]
        ok = 200.0 * np.minimum(la, lb) / (la + lb) >= cutoff
        ok_ix = np.flatnonzero(ok)
        l1 = _l1(np.take(histograms, part[ok_ix, 0], axis=0), np.take(histograms, part[ok_ix, 1], axis=0))
        ok[ok_ix] = l1 <= (100.0 - cutoff) / 100.0 * (la[ok_ix] + lb[ok_ix]) + 0.5
        keep[lo : lo + len(part)] = ok
    return keep


def _agree(sig: np.ndarray, cand: np.ndarray, min_agreement: float) -> np.ndarray:
    """Per candidate pair, whether the share of equal signature values (estimated shingle Jaccard) reaches
    `min_agreement` (on the generator's 100,000 messages every pair with ratio >= 85 agreed on >= 0.47)."""
    keep = np.empty(len(cand), dtype=bool)
    for lo in range(0, len(cand), _PAIR_CHUNK):
        part = cand[lo : lo + _PAIR_CHUNK]
        # count / columns: the same float as .mean(axis=1), without a float array per pair
        equal = np.count_nonzero(np.take(sig, part[:, 0], axis=0) == np.take(sig, part[:, 1], axis=0), axis=1)
        keep[lo : lo + len(part)] = equal.astype(np.float64) / sig.shape[1] >= min_agreement
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
    signatures: Callable[[pl.Series, int], np.ndarray] = minhash,
) -> np.ndarray:
    """Cluster label per text (0, 1, ... ordered by cluster size descending, then first position), or -1 for
    texts in no template. `texts` are normalised and masked; `groups` (conversation id, invitee, ...) is what
    must differ for a cluster to count, default: every text its own group. Polars columns are taken as they
    are (no round trip through Python strings). `signatures(texts, n)` gives the MinHash signatures
    (`minhash`, or a memo of it: the templates step keeps them between runs)."""
    n = len(texts)
    labels = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return labels
    # Distinct texts in sorted order (polars: Python dicts and sorts cost seconds at 500,000 messages); the
    # result does not depend on this order, and sorted order is the within-bucket order of step 3 for free.
    # Sorting UTF-8 bytes (polars) is sorting code points (Python): the same order. Texts are numbered by a
    # hash join (~0.4 s in all at max scale, where a string arg_sort alone took ~0.65 s).
    series = (
        texts.alias("t") if isinstance(texts, pl.Series) else pl.Series("t", list(texts), dtype=pl.String)
    )
    distinct = series.unique().sort()
    inverse = (
        series.to_frame()
        .join(distinct.to_frame().with_row_index("i"), on="t", how="left", maintain_order="left")["i"]
        .to_numpy()
        .astype(np.int64)
    )
    del series  # ~150 MB at 500,000 messages
    is_long = has_min_words(distinct, min_words)
    long_ix = np.flatnonzero(is_long.to_numpy())
    root = np.arange(len(distinct), dtype=np.int64)
    if len(long_ix) > 1:
        long_series = distinct.filter(is_long)
        long_texts = long_series.to_list()
        sig = signatures(long_series, bands * rows)
        # long_texts are sorted already: index order is text order. The histograms are made meanwhile
        # (~0.1 s less wall at max scale).
        with ThreadPoolExecutor(max_workers=1) as pool:
            histograms = pool.submit(_char_histograms, long_series)
            cand = candidate_pairs(sig, bands, rows)
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
            scores = process.cpdist(
                pick_a, pick_b, scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1, dtype=np.float32
            )
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


def _distinct_groups(
    text_root: np.ndarray, groups: Sequence[Hashable] | pl.Series, roots: np.ndarray
) -> np.ndarray:
    """Per root (sorted), how many different groups its texts were sent to (texts with root -1 ignored).
    Vectorised by polars when the groups make one column (strings, numbers), else with Python sets."""
    try:
        column = groups.alias("g") if isinstance(groups, pl.Series) else pl.Series("g", list(groups))
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
        column = None
    if column is not None and column.dtype != pl.Object:
        per_root = (
            pl.DataFrame({"r": text_root, "g": column})
            .filter(pl.col("r") >= 0)
            .group_by("r")
            .agg(pl.col("g").n_unique().alias("n"))
        )
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


def pair_f1(truth: Sequence[Hashable | None], predicted: Iterable[int]) -> tuple[float, float, float]:
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
