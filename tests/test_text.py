"""Normalising, masking, stock-text recognition and template clustering, on hand-written texts."""

from __future__ import annotations

import random

import numpy as np
import polars as pl
import pytest
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from linkedin_audit.analyses.templates.clustering import (
    _char_histograms,
    _l1,
    _may_reach,
    cluster_texts,
    pair_f1,
)
from linkedin_audit.analyses.templates.lsh import minhash
from linkedin_audit.text import (
    has_min_words,
    is_default_invitation_text,
    mask,
    normalise,
    slot_values,
    word_count,
)


def test_normalise_strips_html_entities_case_and_space() -> None:
    raw = "<p>Hi&nbsp;Anna,</p><br>Great   to <b>MEET</b> you &amp; the team\u2019s\n work!"
    assert normalise(raw) == "hi anna, great to meet you & the team's work!"
    assert normalise(normalise(raw)) == normalise(raw)
    assert normalise(None) == ""
    assert normalise("\uff28\uff49") == "hi"  # NFKC folds full-width letters


def test_mask_slots() -> None:
    names, companies = slot_values(["Anna-Maria Berg, PhD"], ["Acme Corp"])
    assert "anna-maria berg" in names and "anna" in names and "berg" in names
    assert companies == ("acme corp", "acme")
    text = normalise(
        "Hi Anna, saw Acme's post at https://acme.example.com/jobs?id=3 - mail anna@acme.io "
        "or call +49 170 1234, 2nd round"
    )
    assert mask(text, names, companies) == (
        "hi {name}, saw {company}'s post at {url} - mail {email} or call {number} {number} {number}, "
        "{number} round"
    )
    # Words that merely contain a name are not masked.
    assert mask("bergamo is lovely", ("berg",)) == "bergamo is lovely"
    assert word_count("hi {name}, thanks") == 3


def test_mask_without_digits_and_min_words() -> None:
    assert mask("call anna at 5", ["anna"]) == "call {name} at {number}"
    assert mask("call anna at noon", ["anna"], digits=False) == "call {name} at noon"
    texts = pl.Series(["one two three four five six", "one two three four five", "", "a  b c d e f"])
    assert has_min_words(texts).to_list() == [True, False, False, True]
    assert has_min_words(texts, 0).to_list() == [True] * 4


def test_char_histograms_bound_the_indel_distance() -> None:
    rng = random.Random(3)
    alphabet = "abc {}'.éçğ👍"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(200)]
    texts += ["a" * 300 + "b", "a" * 260, "b" * 256]  # counts capped at 255
    hist = _char_histograms(pl.Series(texts))
    assert hist.dtype == np.uint8 and hist.max() == 255
    pairs = np.array([(i, j) for i in [*range(40), 200, 201, 202] for j in range(i + 1, 203)], dtype=np.int64)
    lengths = np.array([len(t) for t in texts], dtype=np.float64)
    exact_l1 = np.abs(hist[pairs[:, 0]].astype(np.int64) - hist[pairs[:, 1]]).sum(axis=1)
    assert np.array_equal(_l1(hist[pairs[:, 0]], hist[pairs[:, 1]]), exact_l1)
    for (i, j), l1 in zip(pairs.tolist(), exact_l1.tolist(), strict=True):
        assert l1 <= Indel.distance(texts[i], texts[j])
    for cutoff in (50.0, 90.0):
        keep = _may_reach(pairs, hist, lengths, cutoff)
        assert all(
            keep[k] for k, (i, j) in enumerate(pairs.tolist()) if fuzz.ratio(texts[i], texts[j]) >= cutoff
        )


@pytest.mark.parametrize(
    "note",
    [
        "I'd like to add you to my professional network on LinkedIn.",
        "Hi Ben, I'd like to add you to my professional network on LinkedIn. - Me Owner",
        "I would like to add you to my professional network on LinkedIn",
        "i'd like to join your linkedin network",
        "Ben, I\u2019d like to join your LinkedIn network!",
        "I'd like to add you to my profesional network on LinkedIn.",  # a typo: ratio >= 92
        "Ich möchte Sie gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
        "Me gustaría añadirte a mi red profesional en LinkedIn.",
    ],
)
def test_stock_invitation_text_and_variants(note: str) -> None:
    names = slot_values(["Ben Weber", "Me Owner"])[0]
    assert is_default_invitation_text(note, names)


@pytest.mark.parametrize(
    "note",
    [
        "",
        None,
        "Hi Ben, loved your talk on LinkedIn ads at the Berlin meetup - would like to stay in touch.",
        "I'd like to add you to my network because we both work on payments.",
        "LinkedIn",
    ],
)
def test_not_stock_text(note: str | None) -> None:
    assert not is_default_invitation_text(note, ("ben",))


TEMPLATE = "hi {name}, i came across your profile and would love to tell you about our {company} platform"


def test_cluster_exact_fuzzy_transitive_and_one_liners() -> None:
    a = TEMPLATE
    b = a.replace("came across", "came accross")  # typo
    c = b.replace("would love", "would really love")  # b ~ c, a ~ b
    personal = [
        "hi {name}, great seeing you at the conference, let's grab lunch next week",
        "congratulations on the new role {name}, well deserved after all that work",
        "could you send me the slides from yesterday's meeting when you get a chance",
    ]
    texts = [a, a, b, c, "thanks!", "thanks!", "thanks!", "sounds good", *personal]
    labels = cluster_texts(texts)
    assert labels[:4].tolist() == [0, 0, 0, 0]
    assert (labels[4:] == -1).all()  # one-liners recur 3 times but are never templates; personal ones unique


def test_cluster_needs_three_groups() -> None:
    texts = [TEMPLATE] * 4
    assert (cluster_texts(texts, ["c1", "c1", "c2", "c2"]) == -1).all()
    assert (cluster_texts(texts, ["c1", "c1", "c2", "c3"]) == 0).all()
    assert (cluster_texts(texts[:2]) == -1).all()


def test_cluster_labels_ordered_by_size() -> None:
    other = "dear {name}, we are hiring senior engineers at {company} and your background looks perfect"
    labels = cluster_texts([other] * 3 + [TEMPLATE] * 5)
    assert labels.tolist() == [1, 1, 1, 0, 0, 0, 0, 0]


def test_minhash_agreement_tracks_similarity() -> None:
    rng = random.Random(3)
    words = [f"w{i}" for i in range(500)]
    texts = [" ".join(rng.choices(words, k=40)) for _ in range(200)]
    sig = minhash(texts, 64)
    near = texts[0].replace(texts[0].split()[5], "zzz", 1)
    near_sig = minhash([*texts, near], 64)
    assert (near_sig[0] == near_sig[-1]).mean() > 0.7
    assert (sig[0] == sig[1]).mean() < 0.3


def test_pair_f1() -> None:
    truth = ["a", "a", "a", None, "b", "b"]
    assert pair_f1(truth, [0, 0, 0, -1, 1, 1]) == (1.0, 1.0, 1.0)
    p, r, f1 = pair_f1(truth, [0, 0, 1, -1, 2, 2])
    # predicted pairs: (0,1), (4,5) both true -> precision 1; true pairs 3 + 1 = 4, found 2 -> recall 0.5
    assert (p, r) == (1.0, 0.5) and f1 == pytest.approx(2 / 3)


def test_fuzzy_clusters_recovered_on_a_labelled_mix() -> None:
    """50 templates with edits among 2,000 texts: every template recovered, nothing personal pulled in."""
    rng = random.Random(11)
    vocab = [f"v{i}" for i in range(3000)]
    templates = [" ".join(rng.choices(vocab, k=rng.randint(8, 30))) for _ in range(50)]
    texts: list[str] = []
    truth: list[int | None] = []
    for i in range(2000):
        if i % 2 == 0:
            t = rng.randrange(50)
            words = templates[t].split()
            if rng.random() < 0.2:
                words[rng.randrange(len(words))] = rng.choice(vocab)
            texts.append(" ".join(words))
            truth.append(t)
        else:
            texts.append(" ".join(rng.choices(vocab, k=rng.randint(8, 30))))
            truth.append(None)
    _, _, f1 = pair_f1(truth, cluster_texts(texts).tolist())
    assert f1 >= 0.99
