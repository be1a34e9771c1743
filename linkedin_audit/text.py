"""Text normalising and masking, and LinkedIn's stock invitation text.

Templates are found on *masked* text: a copy-pasted message addressed to Anna at Acme and the same message to
Ben at Initech differ only in the slots, so the slots ({name} {company} {url} {email} {number}) are replaced
before texts are compared. Clustering itself lives in `linkedin_audit.analyses.templates.clustering`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import polars as pl

MIN_TEMPLATE_WORDS = 6
"""A masked text with fewer words is a one-liner ("Thanks!", "Sounds good"): never a template."""

_TAG = re.compile(r"<[^>]{0,2000}>")
_BLOCK_TAG = re.compile(r"<\s*(br|/p|/div|/li|p|div|li)\b[^>]{0,2000}>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:[\w-]+\.)+(?:com|org|net|io|de|fr|uk|co)/\S*")
_NUMBER = re.compile(r"(?<![{\w])[+#]?\d+(?:[.,:/-]\d+)*(?:st|nd|rd|th|k|m|%)?(?![\w}])")
_COMPANY_SUFFIX = re.compile(
    r"[\s,]+(inc|inc\.|ltd|ltd\.|llc|gmbh|ag|sa|s\.a\.|plc|corp|corp\.|co\.|bv|b\.v\.|srl|limited)$"
)


def normalise(text: str | None) -> str:
    """NFKC, HTML tags stripped (block tags become spaces), entities decoded, lower case, whitespace folded.
    Idempotent, so already-plain `content_text` can go through it again."""
    if not text:
        return ""
    if "<" in text:
        text = _BLOCK_TAG.sub(" ", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():  # NFKC leaves ASCII unchanged: skip the costly call for most messages
        text = unicodedata.normalize("NFKC", text)
        # Typographic apostrophes are one of the commonest "near-duplicate" differences.
        text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.lower().split())


_FOLD = r"[\t\n\x0B\x0C\r\x1C-\x1F ]*[\t\n\x0B\x0C\r\x1C-\x1F][\t\n\x0B\x0C\r\x1C-\x1F ]*| {2,}"


def normalise_all(texts: pl.Series) -> pl.Series:
    """`normalise` of every text of a column: ASCII texts without tags or entities (most messages) in polars,
    the rest one by one (~500,000 sent messages at max scale: ~0.7 s in a Python loop). Python's `split()`
    folds the ASCII whitespace of `_FOLD` (0x1c-0x1f included)."""
    simple = (
        (texts.str.len_bytes() == texts.str.len_chars())
        & ~texts.str.contains("<", literal=True)
        & ~texts.str.contains("&", literal=True)
    )
    # Runs with a non-space character, or of 2+ spaces: the same as every run of whitespace, but single
    # spaces (most of them) do not match, several times faster.
    fast = texts.str.to_lowercase().str.replace_all(_FOLD, " ").str.strip_chars(" ").fill_null("")
    rest = (~simple.fill_null(True)).arg_true()
    return fast.scatter(rest, [normalise(text) for text in texts.gather(rest).to_list()])


def has_min_words(texts: pl.Series, min_words: int = MIN_TEMPLATE_WORDS) -> pl.Series:
    """Per normalised text, whether it has >= `min_words` runs of non-space: one regex search that stops at
    the first match (counting every word of ~400,000 texts took ~0.4 s at max scale)."""
    if min_words <= 0:
        return pl.Series(texts.name, [True] * len(texts), dtype=pl.Boolean)
    return texts.str.contains(rf"(?:\S+\s+){{{min_words - 1}}}\S")


def word_count(text: str) -> int:
    """Words of an already normalised/masked text (placeholders count as one word each)."""
    return len(text.split())


@lru_cache(maxsize=65536)
def _name_parts(name: str) -> tuple[str, ...]:
    full = normalise(name).split(",")[0].strip()
    if not full:
        return ()
    tokens = full.split()
    # Every run of 2+ consecutive tokens ("anna c." when greeted with a middle initial), then single
    # words of 2+ letters (hyphenated parts too: "anna-maria" greets as "anna").
    runs = [" ".join(tokens[i:j]) for i in range(len(tokens)) for j in range(i + 2, len(tokens) + 1)]
    words = [part for part in re.split(r"[\s.'-]+", full) if len(part) >= 2]
    return (full, *runs, *words)


@lru_cache(maxsize=65536)
def _company_forms(company: str) -> tuple[str, ...]:
    full = normalise(company)
    if len(full) < 2:
        return ()
    short = _COMPANY_SUFFIX.sub("", full).strip()
    return (full, short) if len(short) >= 2 and short != full else (full,)


def slot_values(
    names: Iterable[str | None] = (), companies: Iterable[str | None] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The normalised strings that mask to {name} and {company}: each full name and its parts of 2+ letters
    (people greet by first name), each company with and without a legal suffix. Longest first, so that
    "anna maria" is replaced before "anna"."""
    name_set = {part for name in names if name for part in _name_parts(name)}
    company_set = {form for company in companies if company for form in _company_forms(company)}
    # Sorted by text, then (stable) by length descending: the order of key (-len, s), without a Python key.
    return (
        tuple(sorted(sorted(name_set), key=len, reverse=True)),
        tuple(sorted(sorted(company_set), key=len, reverse=True)),
    )


def _replace_word(text: str, value: str, placeholder: str) -> str:
    """Replace whole-word occurrences of `value` (str.find with boundary checks: several times faster
    than a regex per recipient, and names are checked against every message). A word character is
    alphanumeric or "_" (tested inline), and a single occurrence (most greetings) is spliced without a
    list: at max scale ~295,000 calls, the masking loop 1.15-1.19 -> 1.07-1.09 CPU-s."""
    i = text.find(value)
    if i < 0:
        return text
    start, n, size = 0, len(value), len(text)
    out: list[str] = []
    while i >= 0:
        j = i + n
        if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")) and (
            j == size or not (text[j].isalnum() or text[j] == "_")
        ):
            following = text.find(value, j)
            if following < 0 and not out:  # the only replacement: one splice
                return text[:i] + placeholder + text[j:]
            out.append(text[start:i])
            out.append(placeholder)
            start = j
            i = following
        else:
            i = text.find(value, i + 1)
    if not out:
        return text
    out.append(text[start:])
    return "".join(out)


def mask(
    normalised: str, names: Iterable[str] = (), companies: Iterable[str] = (), *, digits: bool = True
) -> str:
    """Replace e-mails, URLs, the given company and name strings (already normalised, e.g. from
    `slot_values`) and numbers by {email} {url} {company} {name} {number}. Input must be normalised.
    `digits=False`: the caller knows the text has no digit (masking adds none), so the number search is
    skipped (~0.8 s for the ~380,000 long messages at max scale)."""
    text = normalised
    if "@" in text:
        text = _EMAIL.sub("{email}", text)
    if "/" in text or "www." in text:  # every URL the pattern knows has one of them
        text = _URL.sub("{url}", text)
    # `in` first: most slot values are absent, and the test costs no Python call (~2.9 million values are
    # checked at max scale).
    for company in companies:
        if company in text:
            text = _replace_word(text, company, "{company}")
    for name in names:
        if name in text:
            text = _replace_word(text, name, "{name}")
    if digits and _DIGIT.search(text):
        text = _NUMBER.sub("{number}", text)
    return text


# --- LinkedIn's stock invitation text -------------------------------------------------------------------
# The English texts are the ones LinkedIn has used as the pre-filled note; the translations are LinkedIn's
# localised versions as best known (de, fr, es, pt, it, nl). Matching is on a canonical form (below), so
# punctuation, case, "I would" vs "I'd", a greeting with the recipient's name and a signature do not matter.
DEFAULT_INVITATION_TEXTS: tuple[str, ...] = (
    "I'd like to add you to my professional network on LinkedIn.",
    "I'd like to join your LinkedIn network.",
    "I'd like to connect with you on LinkedIn.",
    "I'd like to add you to my professional network.",
    "Ich möchte Sie gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
    "Ich möchte dich gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
    "Ich würde mich gerne mit Ihnen auf LinkedIn vernetzen.",
    "J'aimerais vous inviter à rejoindre mon réseau professionnel en ligne, sur le site LinkedIn.",
    "Je souhaiterais vous ajouter à mon réseau professionnel sur LinkedIn.",
    "Me gustaría añadirte a mi red profesional en LinkedIn.",
    "Me gustaría agregarte a mi red profesional de LinkedIn.",
    "Gostaria de adicioná-lo à minha rede profissional no LinkedIn.",
    "Gostaria de adicionar você à minha rede profissional no LinkedIn.",
    "Vorrei aggiungerti alla mia rete professionale su LinkedIn.",
    "Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn.",
)

_GREETING = re.compile(
    r"^(?:(?:hi|hello|hey|dear|hallo|bonjour|hola|olá|ola|ciao|salut)\b)?\s*(?:\{name\}\s*)*"
)
_SIGNATURE = re.compile(r"(?:\s*(?:-|best|regards|thanks|cheers|thank you)?\s*\{name\})+$")
_PUNCT = re.compile(r"[^\w{}\s]+")


def _canonical_stock(normalised_masked: str) -> str:
    """Punctuation removed, "i would" folded to "id", greeting and signature names stripped."""
    text = normalised_masked.replace("'", "").replace("i would", "id")
    text = _PUNCT.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    text = _GREETING.sub("", text, count=1).strip()
    if text.endswith("{name}"):  # the signature pattern ends there: skip its slow scan of every other note
        text = _SIGNATURE.sub("", text).strip()
    return text


@lru_cache(maxsize=1)
def _stock_forms() -> frozenset[str]:
    return frozenset(_canonical_stock(normalise(t)) for t in DEFAULT_INVITATION_TEXTS)


def is_default_invitation_text(note: str | None, names: Iterable[str] = ()) -> bool:
    """Whether an invitation note is LinkedIn's stock text or a close variant. `names` are normalised names
    (recipient's and sender's) that may appear as a greeting or a signature ("Hi Anna, ... - Jo Smith").
    A close variant is an exact canonical match, or a rapidfuzz ratio >= 92 to one (a typo, a lost word)."""
    return bool(note) and is_default_normalised(normalise(note), names)


def is_default_normalised(note: str, names: Iterable[str] = ()) -> bool:
    """`is_default_invitation_text` of a note already normalised (as by `normalise_all`)."""
    canon = _canonical_stock(mask(note, names=names))
    forms = _stock_forms()
    if canon in forms:
        return True
    if not canon or len(canon) > 160:
        return False
    from rapidfuzz import fuzz, process

    return process.extractOne(canon, forms, scorer=fuzz.ratio, score_cutoff=92) is not None


# --- Texts LinkedIn composes, not the member -------------------------------------------------------------
# Notices LinkedIn writes into a conversation in the member's name (a recommendation sent or asked for, an
# invitation accepted): the same words to many people, but not a template of the member's. Matched on the
# normalised text after the names are masked.
LINKEDIN_NOTICE_PATTERNS: tuple[str, ...] = (
    r"\bsent you a recommendation\b",
    r"\bwrote (you )?a recommendation\b",
    r"\bhas recommended you\b",
    r"\bi'?m sending this to ask you for a brief recommendation\b",
    r"\bcan you write a recommendation for me\b",
    r"\b(has )?accepted your invitation( to connect)?\b",
    r"\bis requesting a recommendation\b",
    r"\bendorsed you for\b",
)
_NOTICE = re.compile("|".join(LINKEDIN_NOTICE_PATTERNS))


def text_kinds(normalised: pl.Series, names: Iterable[str] = ()) -> pl.Series:
    """Per normalised sent-message text, what wrote it: `empty` (no text: attachments only),
    `linkedin_notice`, `stock_text` (LinkedIn's stock invitation sentence arriving as a message), or
    `member` (the member's own words: the only texts template clustering sees)."""
    kinds = (
        pl.when(normalised.fill_null("") == "")
        .then(pl.lit("empty"))
        .when(normalised.str.contains(_NOTICE.pattern))
        .then(pl.lit("linkedin_notice"))
        .otherwise(pl.lit("member"))
    )
    out = pl.select(kinds.alias("kind")).to_series()
    # the stock-text check is a canonical match then a fuzzy one: only for short texts (the stock sentence
    # has under 20 words), so the ~400,000 long messages at max scale skip it, and once per distinct text
    # (~158,000 short sends are ~43,000 texts at max scale: "thanks!" is checked once)
    short = (out == "member") & (normalised.str.len_chars() <= 160)
    idx = short.arg_true()
    if not idx.len():
        return out
    names = tuple(names)
    candidates = normalised.gather(idx)
    distinct = candidates.unique()
    stock = {t for t in distinct.to_list() if is_default_normalised(t, names)}
    if not stock:
        return out
    is_stock = candidates.is_in(list(stock))
    return out.scatter(idx.filter(is_stock), "stock_text")
