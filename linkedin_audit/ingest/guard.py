"""What keeps concurrent and interrupted ingests from losing an export.

A lock file beside the database (`.NAME.lock`, flock) is held from the look at what the database already
holds, through the build, to the rename: a second ingest into the same database waits for the first (saying
so once) and then sees its export, so the last rename can no longer drop the other's. SIGTERM is turned into
an exception like Ctrl-C's, so the same clean-up runs (rollback or temporary build deleted, work folders
deleted) and the CLI exits 143 (130 for Ctrl-C) with one line."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class Interrupted(BaseException):
    """SIGTERM (exit 143) or SIGINT (exit 130) during an ingest: a BaseException, like KeyboardInterrupt,
    so no `except Exception` swallows it on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.exit_code = 128 + signum


received: int | None = None
"""The signal that interrupted the ingest (DuckDB may report it as its own InterruptException)."""

_saved = False
"""True once the export is in the database file: a signal after that point no longer interrupts (the
little that is left runs to its end), so the CLI never says "as it was before" of a database that changed."""


_committing = False
"""True while the COMMIT of an existing database runs: Python runs a signal's handler only when that call
returns, when the export may already be in the file, so a signal then is recorded and the commit's outcome
decides (committed: kept and said; failed: the ingest fails with the commit's error, rolled back)."""


def saved() -> None:
    """The ingest's result is committed (and renamed into place): later signals are only recorded."""
    global _saved
    _saved = True


@contextmanager
def committing() -> Iterator[None]:
    """Around the COMMIT of an existing database (see `_committing`); `saved()` follows it on success."""
    global _committing
    _committing = True
    try:
        yield
    finally:
        _committing = False


def signalled_after_save() -> int | None:
    """The signal that arrived after `saved()`, if any (the CLI says the export was kept)."""
    return received if _saved else None


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.lock")


@contextmanager
def exclusive(db_path: Path, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the database's lock file for the block; wait (telling `notify` once) while another holds it."""
    db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a folder it creates is private
    try:  # never through a link planted at the lock's name: it is truncated and written below
        fd = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        from linkedin_audit.errors import UserError

        raise UserError(
            f"the lock file {lock_path(db_path)} is a symbolic link; nothing was written: remove the link"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            (notify or tell)(
                f"waiting: another ingest is writing {db_path} (or a report is reading it); this one "
                "starts when it ends"
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # releases the lock


def tell(text: str) -> None:
    """The default `notify`: one line on standard error, at once (the ingest may run for a while after)."""
    print(text, file=sys.stderr, flush=True)


@contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM and SIGINT raise `Interrupted` in the main thread for the block (elsewhere: unchanged)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    global _saved, _committing, received
    _saved, _committing, received = False, False, None

    def handler(signum: int, _frame: object) -> None:
        global received
        received = signum
        if not _saved and not _committing:
            raise Interrupted(signum)

    old = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


@contextmanager
def reading(db_path: Path, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the database's lock shared for the block (a report): it waits, saying so once, while an ingest
    writes the database, and an ingest started meanwhile waits for it, so everything the block reads comes
    from one state. A lock file that cannot be opened or created (a read-only folder, where no ingest can
    write either) is no lock: the block runs without it."""
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError:
            yield
            return
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            (notify or tell)(f"waiting: an ingest is writing {db_path}; the report starts when it ends")
            fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)
