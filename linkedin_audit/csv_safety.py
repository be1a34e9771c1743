"""Spreadsheet formula injection (OWASP "CSV Injection"): a cell whose text begins with `=`, `+`, `-`, `@`,
a tab or a carriage return is run as a formula by Excel, LibreOffice and Google Sheets when the CSV is opened
(`=HYPERLINK(...)` phishing, `=cmd|...` DDE). Messages and names in an export are written by other people, so
every CSV the project writes for people to open neutralises them: `excel_safe` prefixes such a cell with a
single quote, which spreadsheets show as text. The exact data is still there after the quote."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(text: str) -> str:
    """`text`, with a leading `'` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
