"""The one way linkedin-audit writes a file the user names or keeps (`report --out`, `sql -o`, the state
file `last-db`, the lab's notebook copies): private, whole or not at all, and never through a trap.

- Only a regular file is replaced, or a path that does not exist yet is created. A device node (`/dev/null`,
  any character or block device), a FIFO, a socket, a folder or a symbolic link at the target is refused
  with one sentence (`UserError`): a rename over `/dev/null` run as root replaces the device by a file.
  `/dev/stdout` is a symbolic link (to the terminal or pipe), so it is refused too: `sql` prints to standard
  output when `-o` is left out.
- The temporary file is made by `tempfile.mkstemp` in the target's folder: an unpredictable name opened with
  O_CREAT|O_EXCL|O_NOFOLLOW at mode 0600, so a link planted at any name cannot be followed, and its mode is
  set on the open descriptor (never `chmod` on a path, which follows links).
- After the rename the target is checked to be the very file written (same device and inode, a regular file
  of mode 0600); anything else is removed again and refused.
- A folder the tool creates for its own files is made 0700 (`private_dir`)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from linkedin_audit.errors import UserError

FILE_MODE = 0o600
DIR_MODE = 0o700


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def kind_of(path: Path) -> str:
    """What `path` is, following links ("a character device", "a folder", ...), for an error sentence."""
    return _kind(os.stat(path).st_mode)


def check_target(path: Path, what: str = "--out") -> None:
    """Refuse a target that exists and is not a regular file (not following a link at the last step)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError(f"cannot write {what} {path}: {exc.strerror or exc}") from None
    if stat.S_ISREG(info.st_mode):
        return
    kind = _kind(info.st_mode)
    hint = "give the name of a regular file (or a new one)"
    if stat.S_ISLNK(info.st_mode):
        hint = "give the file the link points to, or remove the link"
        if what == "-o":
            hint += "; leave out -o to print to standard output"
    elif stat.S_ISDIR(info.st_mode):
        hint = f"give a file name, e.g. {path / 'report.html'}" if what == "--out" else "give a file name"
    raise UserError(f"refusing to write {what} {path}: it is {kind}, not a regular file; {hint}")


def _verify(path: Path, written: os.stat_result) -> None:
    """The target is the file just written: same inode, a regular file; else it is removed and refused."""
    try:
        now = os.lstat(path)
    except OSError as exc:
        raise UserError(f"{path} vanished right after it was written ({exc.strerror or exc})") from None
    same = (now.st_dev, now.st_ino) == (written.st_dev, written.st_ino)
    if not same or not stat.S_ISREG(now.st_mode):
        if not stat.S_ISDIR(now.st_mode):
            with contextlib.suppress(OSError):
                os.unlink(path)  # removes a planted link itself, never what it points to
        raise UserError(
            f"{path} was swapped for something else while it was being written (another process "
            "writes that folder); nothing was kept: write to a folder only you can write"
        )


@contextlib.contextmanager
def replacing(path: Path, what: str = "--out", text: bool = False) -> Iterator[IO[Any]]:
    """A private temporary file beside `path`, renamed over it when the block ends without an exception
    (deleted otherwise). `text`: a UTF-8 text handle without newline translation; else binary."""
    path = Path(path)
    check_target(path, what)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UserError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    tmp = Path(name)
    try:
        os.fchmod(fd, FILE_MODE)  # mkstemp's mode already; the descriptor, never a path that may be a link
        handle = os.fdopen(fd, "w", encoding="utf-8", newline="") if text else os.fdopen(fd, "wb")
        with handle:
            yield handle
            handle.flush()
            written = os.fstat(handle.fileno())
        check_target(path, what)  # again: the target may have changed while the work ran
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _verify(path, written)


def write_bytes(path: Path, data: bytes, what: str = "--out") -> int:
    with replacing(path, what) as handle:
        handle.write(data)
    return len(data)


def write_text(path: Path, text: str, what: str = "--out") -> int:
    return write_bytes(path, text.encode("utf-8"), what)


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) as a folder only the user can enter; a folder of ours that
    exists already is made 0700 too. Only a real folder owned by the user is changed (never a link)."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    info = os.lstat(path)
    if stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != DIR_MODE:
        os.chmod(path, DIR_MODE)
    return path
