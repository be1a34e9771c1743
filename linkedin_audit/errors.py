"""Errors the user can cause and fix: a `UserError` is worded for the user, and the CLI prints it as its one
`error:` line (exit 2; see cli/failures.py, which turns every failure into one line)."""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input or environment, worded for the user. Exit code 2 by default.

    `detail` holds further lines (e.g. DuckDB's hints) printed indented under the one `error:` line."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail
        if exit_code is not None:
            self.exit_code = exit_code
