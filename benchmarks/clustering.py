"""Benchmark: template clustering of 100,000 sent messages, ours against the flat `fuzz.ratio >= 75` baseline.

Data: by default the first n sent messages of a generator plan (`linkedin_audit.synth`, its effective
template labels as truth; the plan takes ~15 s to build and is not timed); with `--data own`, or when the
generator is missing, a labelled set built here: templates with name/company/url/number slots filled per
recipient, plus small human edits (a typo, a dropped or added word, another greeting), personal messages
built from a Zipf vocabulary, and recurring one-liners ("Thanks!") that must not become templates.
Reports seconds and pairwise F1.

The baseline (no masking, union of every pair with ratio >= 75) is quadratic: it runs on a subsample and its
time is extrapolated by (n / n_sub)^2; its F1 is measured on that subsample.

    .venv/bin/python benchmarks/clustering.py [--n 100000] [--baseline-n 3000] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import string
import time
from collections.abc import Hashable, Sequence

import numpy as np

from linkedin_audit.analyses.templates.clustering import cluster_texts, pair_f1
from linkedin_audit.text import mask, normalise, slot_values

FIRST = [
    "Anna",
    "Ben",
    "Chloé",
    "Dmitri",
    "Eva",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Marta",
    "Nils",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tomás",
    "Uma",
    "Viktor",
    "Wen",
    "Yara",
]
LAST = [
    "Berg",
    "Costa",
    "Diallo",
    "Eriksen",
    "Fischer",
    "García",
    "Hansen",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Novak",
    "Okafor",
    "Patel",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Visser",
    "Weber",
]
COMPANIES = [
    "Acme Corp",
    "Initech",
    "Globex GmbH",
    "Umbrella Ltd",
    "Hooli",
    "Stark Industries",
    "Wayne Enterprises",
    "Vandelay Industries",
    "Soylent",
    "Cyberdyne Systems",
    "Tyrell",
    "Aperture",
]
ONE_LINERS = [
    "Thanks!",
    "Sounds good",
    "Thank you so much",
    "Great, talk soon",
    "ok",
    "Will do, thanks!",
    "Congrats!",
    "Happy birthday!",
    "See you then",
]


def _vocab(rng: random.Random, size: int = 4000) -> tuple[list[str], list[float]]:
    letters = string.ascii_lowercase
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(size)]
    weights = [1.0 / (r + 1) for r in range(size)]
    return words, weights


def _template_pool(rng: random.Random, words: list[str], weights: list[float], k: int) -> list[str]:
    pool = []
    for _ in range(k):
        body = " ".join(rng.choices(words, weights, k=rng.randint(10, 45)))
        cut = body.split()
        at = rng.randint(1, len(cut) - 1)
        cut.insert(at, "{company}")
        if rng.random() < 0.3:
            cut.insert(rng.randint(1, len(cut) - 1), "https://example.com/{number}")
        if rng.random() < 0.3:
            cut.insert(rng.randint(1, len(cut) - 1), "{number}")
        pool.append("Hi {name}, " + " ".join(cut) + ".")
    return pool


def _edit(rng: random.Random, text: str, words: list[str]) -> str:
    """A small human edit: a typo, a dropped or added word, or another greeting."""
    choice = rng.random()
    parts = text.split()
    if choice < 0.25 and len(parts) > 8:
        i = rng.randrange(2, len(parts))
        w = parts[i]
        if len(w) > 3 and "{" not in w:
            j = rng.randrange(len(w))
            parts[i] = w[:j] + rng.choice(string.ascii_lowercase) + w[j + 1 :]
    elif choice < 0.5 and len(parts) > 10:
        del parts[rng.randrange(2, len(parts))]
    elif choice < 0.75:
        parts.insert(rng.randrange(2, len(parts)), rng.choice(words))
    else:
        parts[0] = rng.choice(["Hello", "Hey", "Dear"])
    return " ".join(parts)


# (raw texts, names per text, companies per text, group per text, template label or None)
Dataset = tuple[list[str], list[list[str]], list[list[str]], Sequence[Hashable], list[str | None]]


def make_dataset(n: int, seed: int = 1) -> Dataset:
    """n raw messages with (names, companies, group, label); label None = personal or one-liner."""
    rng = random.Random(seed)
    words, weights = _vocab(rng)
    templates = _template_pool(rng, words, weights, k=max(5, n // 500))
    t_weights = [1.0 / (r + 1) ** 0.8 for r in range(len(templates))]
    raws, names, companies, groups, labels = [], [], [], [], []
    for i in range(n):
        first, last, company = rng.choice(FIRST), rng.choice(LAST), rng.choice(COMPANIES)
        r = rng.random()
        if r < 0.45:
            t = rng.choices(range(len(templates)), t_weights)[0]
            text = templates[t].replace("{name}", first).replace("{company}", company)
            text = text.replace("{number}", str(rng.randint(1, 9999)))
            if rng.random() < 0.15:
                text = _edit(rng, text, words)
            label: str | None = f"t{t}"
        elif r < 0.85:
            text = " ".join(rng.choices(words, weights, k=rng.randint(6, 60))).capitalize() + "."
            if rng.random() < 0.5:
                text = f"Hi {first}, " + text
            label = None
        else:
            text = rng.choice(ONE_LINERS)
            label = None
        if rng.random() < 0.3:
            text = text.replace(" ", " <br> ", 1)
        raws.append(text)
        names.append([f"{first} {last}"])
        companies.append([company])
        groups.append(i)
        labels.append(label)
    # A template used fewer than 3 times is not a template by definition: relabel as personal.
    from collections import Counter

    used = Counter(x for x in labels if x is not None)
    labels = [x if x is not None and used[x] >= 3 else None for x in labels]
    return raws, names, companies, groups, labels


def synth_dataset(n: int, seed: int = 1) -> Dataset | None:
    """The first n sent messages of generator plans (about 2.8 sent messages per connection), with the
    generator's effective template labels; None when the generator is not installed."""
    try:
        from linkedin_audit.synth import build_plan
        from linkedin_audit.synth.plan import OWNER
        from linkedin_audit.synth.truth import effective_labels
    except ImportError:
        return None
    raws: list[str] = []
    names: list[list[str]] = []
    companies: list[list[str]] = []
    groups: list[str] = []
    labels: list[str | None] = []
    plan_seed = seed
    while len(raws) < n:  # numeric scales stop at 30,000 connections: join plans of successive seeds
        plan = build_plan(
            scale=str(min(30_000, max(20, int((n - len(raws)) / 2.6)))), era=2026, history=1, seed=plan_seed
        )
        plan_seed += 1
        msg_labels, _ = effective_labels(plan)
        for i in range(len(plan.m_t)):
            if plan.m_sender[i] != OWNER or plan.m_draft[i]:
                continue
            conv = plan.convs[plan.m_conv[i]]
            others = [plan.people[m] for m in conv.members if m != OWNER]
            raws.append(plan.m_text[i])
            names.append([f"{p.first} {p.last}" for p in others])
            companies.append([p.company for p in others if p.company])
            groups.append(f"{plan_seed}/{conv.cid}")
            labels.append(msg_labels[i] or None)
            if len(raws) == n:
                break
    return raws, names, companies, groups, labels


def masked_texts(raws: list[str], names: list[list[str]], companies: list[list[str]]) -> list[str]:
    out = []
    for raw, nm, co in zip(raws, names, companies, strict=True):
        slot_names, slot_companies = slot_values(nm, co)
        out.append(mask(normalise(raw), slot_names, slot_companies))
    return out


def flat_baseline(raws: list[str]) -> np.ndarray:
    """Union of every pair with fuzz.ratio >= 75 on the raw text: the quadratic baseline."""
    from rapidfuzz import fuzz, process

    scores = process.cdist(raws, raws, scorer=fuzz.ratio, score_cutoff=75, dtype=np.uint8, workers=-1)
    n = len(raws)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in zip(*np.nonzero(np.triu(scores, 1)), strict=True):
        ra, rb = find(int(a)), find(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([find(i) for i in range(n)])
    _, inv, counts = np.unique(roots, return_inverse=True, return_counts=True)
    return np.where(counts[inv] >= 3, inv, -1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--baseline-n", type=int, default=3_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cutoff", type=float, default=90.0, help="our fuzz.ratio cut-off (default 90)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the quadratic baseline (run.py uses it)")
    ap.add_argument(
        "--data",
        choices=("synth", "own"),
        default="synth",
        help="the generator's plan (default, when installed) or this script's own labelled set",
    )
    args = ap.parse_args()
    source = "own labelled set"
    data = synth_dataset(args.n, args.seed) if args.data == "synth" else None
    if data is not None:
        source = "linkedin_audit.synth plan"
        raws, names, companies, groups, labels = data
        args.n = len(raws)
    else:
        raws, names, companies, groups, labels = make_dataset(args.n, args.seed)
    used = {x for x in labels if x is not None}
    print(
        f"data: {args.n} sent messages from the {source} ({os.cpu_count()} cores), "
        f"{sum(x is not None for x in labels)} templated, {len(used)} templates"
    )
    t0, c0 = time.perf_counter(), time.process_time()
    masked = masked_texts(raws, names, companies)
    t1 = time.perf_counter()
    predicted = cluster_texts(masked, groups, cutoff=args.cutoff)
    t2, c2 = time.perf_counter(), time.process_time()
    p, r, f1 = pair_f1(labels, predicted)
    print(
        f"ours: normalise+mask {t1 - t0:.2f} s, cluster {t2 - t1:.2f} s, total {t2 - t0:.2f} s wall "
        f"({c2 - c0:.2f} s CPU; load average {os.getloadavg()[0]:.1f}); "
        f"pair precision {p:.5f} recall {r:.5f} F1 {f1:.5f}; clusters {predicted.max() + 1}"
    )
    if args.no_baseline:
        return
    m = min(args.baseline_n, args.n)
    idx = random.Random(args.seed).sample(range(args.n), m)
    t3 = time.perf_counter()
    base = flat_baseline([raws[i] for i in idx])
    t4 = time.perf_counter()
    bp, br, bf1 = pair_f1([labels[i] for i in idx], base)
    ours_sub = pair_f1(
        [labels[i] for i in idx],
        cluster_texts([masked[i] for i in idx], [groups[i] for i in idx], cutoff=args.cutoff),
    )
    print(
        f"baseline fuzz.ratio>=75 unmasked on a {m}-message subsample: {t4 - t3:.2f} s "
        f"(extrapolated to {args.n}: {(t4 - t3) * (args.n / m) ** 2 / 60:.1f} min); "
        f"pair precision {bp:.4f} recall {br:.4f} F1 {bf1:.4f} "
        f"(ours on the same subsample: F1 {ours_sub[2]:.4f})"
    )


if __name__ == "__main__":
    main()
