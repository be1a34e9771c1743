"""The console script's entry point: a Ctrl-C while the command is still importing its libraries (typer,
rich, duckdb: a few hundred milliseconds) is one `error:` line too, never a traceback.

SIGINT is blocked while they import (a KeyboardInterrupt inside duckdb's native module set-up aborts the
interpreter) and delivered right after, where it is caught."""

from __future__ import annotations

import signal
import sys


def main() -> None:
    """Import the CLI with Ctrl-C held back, then run it; an interrupt before the command's own handler is
    in place exits 130 with one line."""
    try:
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            import duckdb  # noqa: F401  (its native set-up must not be interrupted)

            from linkedin_audit.cli import app
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a held Ctrl-C is raised here
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted (Ctrl-C)\n")
        raise SystemExit(130) from None
    app()


if __name__ == "__main__":
    main()
