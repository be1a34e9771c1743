"""Who is who in the generator's truth: `url_key` normalises profile URLs, `name_key` display names, as
docs/schema.md defines them. The ingest keys people in SQL, with the macros of the same names
(ingest/sql/staging/00_macros.sql); these are their Python twins: the truth keys its people with them
(truth.py, companies.py), and tests/test_identity.py checks that twin and macro agree."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_WWW = re.compile(r"^www\.", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def url_key(url: str | None) -> str | None:
    """`https://www.linkedin.com/in/J%C3%B6rgen-x/` -> `linkedin.com/in/jörgen-x`: scheme, `www.` and
    trailing slashes dropped, percent-decoded, lower case. Empty -> None."""
    if url is None:
        return None
    text = url.strip()
    text = _SCHEME.sub("", text)
    text = _WWW.sub("", text)
    text = text.rstrip("/")
    text = unquote(text, errors="replace").lower()
    return text or None


def name_key(name: str | None) -> str | None:
    """`Jane Döe, PhD` -> `jane doe`: accents removed, lower case, anything after the first comma dropped,
    punctuation removed, whitespace folded. Empty -> None."""
    if name is None:
        return None
    text = name.split(",", 1)[0]
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _SPACE.sub(" ", _PUNCT.sub("", text)).strip()
    return text or None
