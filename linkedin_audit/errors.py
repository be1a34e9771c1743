"""Errors the user can cause and fix; the CLI prints them as one sentence (no traceback)."""


class UserError(Exception):
    """A problem with the user's input or environment, worded for the user. Exit code 2 by default."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
