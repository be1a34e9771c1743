"""The vectorised text functions (`normalise_all`, `has_min_words`) give what their one-text Python
definitions give (`normalise`, `word_count`): on the bundled sample's messages and invitation notes, on
hand-written hostile texts and on hypothesis-generated ones. Templates are found on their output, so a
difference would silently change which messages cluster (the vectorised path is for speed only)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkedin_audit.text import (
    MIN_TEMPLATE_WORDS,
    _replace_word,
    has_min_words,
    normalise,
    normalise_all,
    word_count,
)

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"

HOSTILE = [
    None,
    "",
    " ",
    "   ",
    "\t\n",
    "Hi  Anna,\n\nthanks!",
    " lead and trail ",
    "\x1c\x1d\x1e\x1f sep",
    "a\x0bb\x0cc",
    "no\u00a0break",
    "line\u2028sep",
    "ideo\u3000space",
    "<p>Hi <b>Anna</b></p><br/>bye",
    "Tom &amp; Jerry &lt;3 &nbsp;x",
    "&unknown; &#x41; &#66;",
    "caf\u00e9 \u2019quoted\u2018",
    "\ufb01ne \uff11\uff12",
    "STRASSE \u00df \u0130stanbul",
    "a < b > c",
    "<" * 3 + "x",
    "\u00c9T\u00c9  \t \u00e9t\u00e9",
    "\r\n\r\n",
    "one two three four five six",
    "one two three four five",
    "tab\tsep\tare\tsix\twords\there",
]


def _agree(texts: list[str | None]) -> None:
    column = pl.Series("text", texts, dtype=pl.String)
    fast = normalise_all(column)
    assert fast.to_list() == [normalise(t) for t in texts]
    long = has_min_words(fast)
    assert long.to_list() == [word_count(t) >= MIN_TEMPLATE_WORDS for t in fast.to_list()]


def _sample_column(member: str, column: str) -> list[str | None]:
    texts: list[str | None] = []
    for export in sorted(SAMPLE.glob("*.zip")):
        with zipfile.ZipFile(export) as z:
            names = [n for n in z.namelist() if Path(n).name == member]
            for name in names:
                frame = pl.read_csv(z.read(name), infer_schema=False)
                if column in frame.columns:
                    texts += frame[column].to_list()
    return texts


@pytest.mark.parametrize(("member", "column"), [("messages.csv", "CONTENT"), ("Invitations.csv", "Message")])
def test_vectorised_normalising_agrees_on_the_sample_corpus(member: str, column: str) -> None:
    texts = _sample_column(member, column)
    assert len([t for t in texts if t]) > 100  # the corpus is really there
    _agree(texts)


def test_vectorised_normalising_agrees_on_hostile_texts() -> None:
    _agree(HOSTILE)


_ALPHABET = st.sampled_from(
    [
        *"abcAB z019",
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\x0b",
        "\x0c",
        "\x1c",
        "\x1f",
        "\x85",
        "\u00a0",
        "\u2028",
        "\u3000",
        "<",
        ">",
        "<br>",
        "</p>",
        "&",
        "&amp;",
        "&lt;",
        "&nbsp;",
        ";",
        "\u00e9",
        "\u00c9",
        "\u00df",
        "\u0130",
        "\u2019",
        "\ufb01",
        "\uff11",
        "\u0301",
        "\U0001f600",
        "_",
        ".",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.lists(_ALPHABET, max_size=25).map("".join), st.text(max_size=30)), max_size=12
    )
)
def test_vectorised_normalising_agrees_on_generated_texts(texts: list[str | None]) -> None:
    _agree(texts)


def _replace_word_reference(text: str, value: str, placeholder: str) -> str:
    """Whole-word replacement, left to right, by its definition: an occurrence is replaced when the
    characters either side of it (if any) are not alphanumeric or "_"; the search resumes after it."""

    def word(ch: str) -> bool:
        return ch.isalnum() or ch == "_"

    out, i = "", 0
    while i < len(text):
        j = i + len(value)
        if (
            text.startswith(value, i)
            and (i == 0 or not word(text[i - 1]))
            and (j == len(text) or not word(text[j]))
        ):
            out, i = out + placeholder, j
        else:
            out, i = out + text[i], i + 1
    return out


_WORDS = st.lists(
    st.sampled_from(["an", "anna", "a", "na", " ", "_", ".", "\u00e9", "1", "{name}"]), max_size=12
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_WORDS, st.sampled_from(["an", "anna", "a", "na", "anna an", "a.", ".a", "\u00e9"]))
def test_whole_word_replacement_agrees_with_its_definition(text: str, value: str) -> None:
    assert _replace_word(text, value, "{name}") == _replace_word_reference(text, value, "{name}")
