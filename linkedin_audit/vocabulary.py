"""Names that several layers must spell the same way (analyses, report, synthetic generator): defined here
once, with no dependencies, so any module can import them without pulling in the analyses."""

NOTE_KINDS = ("no_note", "default_text", "template", "personal")
"""An invitation's `note_kind` (docs/metrics.md, "Invitation notes"), in the order the report shows them."""

CANNED_NOTE_KINDS = NOTE_KINDS[:3]
"""The kinds that count as canned: no note, LinkedIn's stock text, a template."""

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Weekday labels, Monday = 0 as in `datetime.date.weekday()`."""
