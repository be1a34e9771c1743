"""The one place the CLI turns any failure into one `error:` line.

A `UserError` prints as its sentence (exit 2). Anything unexpected prints one `error:` line naming a private
log file (mode 0600) that holds the traceback; `--debug` (or LINKEDIN_AUDIT_DEBUG=1) prints it instead.
Ctrl-C exits 130 with one line. No traceback ever reaches the terminal otherwise."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from linkedin_audit.cli.terminal import visible
from linkedin_audit.errors import UserError
from linkedin_audit.state import state_dir

DEBUG_ENV = "LINKEDIN_AUDIT_DEBUG"


def print_error(message: str, detail: str = "") -> None:
    """One `error:` line on stderr (control characters made visible), then indented detail lines."""
    lines = [f"error: {visible(message, keep_newlines=False)}"]
    lines += [f"  {visible(line, keep_newlines=False)}" for line in detail.splitlines() if line.strip()]
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


def log_dir() -> Path:
    """Where crash logs go: $XDG_STATE_HOME/linkedin-audit (default ~/.local/state/linkedin-audit)."""
    return state_dir()


def write_crash_log(text: str) -> Path:
    """The traceback in a new file readable by the user only; the temporary folder if the state folder is
    not writable."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"crash-{stamp}-{os.getpid()}.log"
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        fd, tmp = tempfile.mkstemp(prefix="linkedin-audit-crash-", suffix=".log")  # mode 0600
        path = Path(tmp)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    return path


def debug_wanted(argv: list[str]) -> tuple[bool, list[str]]:
    """`--debug` anywhere on the command line (or $LINKEDIN_AUDIT_DEBUG=1); returns the other arguments."""
    rest = [a for a in argv if a != "--debug"]
    return len(rest) != len(argv) or os.environ.get(DEBUG_ENV) == "1", rest


def duckdb_interrupted(exc: BaseException) -> bool:
    """Ctrl-C inside a DuckDB query: its InterruptException, or, from some calls (streaming a result, a
    scalar fetch), a RuntimeError saying 'Query interrupted'. Only a command that imported duckdb can raise
    either, so the module is never imported here for it."""
    duckdb = sys.modules.get("duckdb")
    if duckdb is None:
        return False
    return isinstance(exc, duckdb.InterruptException) or (
        isinstance(exc, RuntimeError) and str(exc).strip().lower() == "query interrupted"
    )  # the whole message: DuckDB quotes a query's values in its errors ("... 'query interrupted' ...")


def run_guarded(main: Callable[[], int | None], debug: bool) -> int:
    """Run the CLI; every failure becomes an exit code and one `error:` line."""
    try:
        return main() or 0
    except UserError as err:
        print_error(str(err), err.detail)
        return err.exit_code
    except KeyboardInterrupt:
        print_error("interrupted (Ctrl-C)")
        return 130
    except BrokenPipeError:  # `linkedin-audit sql ... | head`: the reader left; not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the top-level handler: everything unexpected lands here
        if duckdb_interrupted(exc):
            print_error("interrupted (Ctrl-C)")
            return 130
        from linkedin_audit.ingest import database

        if database.is_damage(exc):  # a bad block found mid-command: the file's fault, not a bug
            damage = database.damaged(database.last_opened or Path("the database"))
            print_error(str(damage), str(exc).splitlines()[0])
            return damage.exit_code
        text = traceback.format_exc()
        if debug:
            sys.stderr.write(text)
            print_error(f"unexpected {type(exc).__name__}: {exc}")
            return 1
        path = write_crash_log(text)
        print_error(
            f"unexpected {type(exc).__name__}: {exc} (a bug, or a case we did not foresee); the "
            f"traceback is in {path}: run again with --debug to see it, and please report it"
        )
        return 1
