"""Text from the export shown on a terminal: never as markup, never as raw control characters.

A message or file name can hold ANSI/OSC escape sequences, BEL, backspace or carriage returns that would
recolour, retitle, hyperlink or overwrite the terminal, or bidirectional overrides that reorder what is shown.
`visible` spells each such character out (`\\x1b`, `\\u202e`), so the user sees that it is there."""

from __future__ import annotations

import re

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_UNSAFE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _spell(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_newlines: bool = True) -> str:
    """`text` with every control or bidi-override character written out as an escape (newlines kept when
    `keep_newlines`)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: "\n" if keep_newlines and m.group() == "\n" else _spell(m.group()), text)
