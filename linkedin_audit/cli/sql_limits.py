"""What bounds a `sql` run: the memory it may take, and where DuckDB spills.

- Memory: DuckDB's own cap (ingest.database.MEMORY_LIMIT, 512 MB) does not hold for a single huge value
  (`SELECT repeat('x', 1000000000)` reached 3 GB as it went from DuckDB to Arrow to text), so the `sql`
  run also gets an operating-system cap on its data memory (RLIMIT_DATA: what the process uses when the
  query starts, plus DuckDB's cap, plus 512 MB for the result on its way out, plus a thread stack per core),
  put back when it ends. A query that needs more is refused
  with one `error:` line instead of swapping the machine.
- Spill: DuckDB writes what does not fit in memory to a temporary folder. Each run gets its own,
  `.NAME.spill-PID-RANDOM` beside the database (mode 0700, created by `tempfile.mkdtemp`; the system's
  temporary folder if the database's folder is read-only), deleted when the run ends; one left by a run that
  was killed (its PID no longer runs) is deleted by the next run. DuckDB's default, `NAME.tmp/` at the
  umask's modes, is no longer used by `sql`."""

from __future__ import annotations

import contextlib
import functools
import glob
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from linkedin_audit.errors import UserError

MIB = 2**20
PYTHON_SHARE = 512 * MIB
STACK = 16 * MIB
_made: list[Path] = []
F = TypeVar("F", bound=Callable[..., Any])


def _duckdb_cap() -> int:
    from linkedin_audit.ingest.database import MEMORY_LIMIT

    match = re.fullmatch(r"\s*([\d.]+)\s*([KMGT]?)i?B?\s*", MEMORY_LIMIT, re.IGNORECASE)
    if not match:
        return 512 * MIB
    scale = {"": 1, "K": 2**10, "M": MIB, "G": 2**30, "T": 2**40}[match.group(2).upper()]
    return int(float(match.group(1)) * scale)


def _data_in_use() -> int:
    """This process's data memory now (VmData: what RLIMIT_DATA counts), 0 where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def memory_cap() -> int:
    """What a `sql` run may add to the data memory the process already uses, in bytes."""
    return _duckdb_cap() + PYTHON_SHARE + STACK * (os.cpu_count() or 1)


@contextlib.contextmanager
def capped_memory() -> Iterator[None]:
    """This process's RLIMIT_DATA soft limit lowered to `memory_cap()` (never raised) for the block, and put
    back after it (an in-process caller, a test runner, keeps its own limit)."""
    import resource

    cap = _data_in_use() + memory_cap()
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    lowered = False
    if soft == resource.RLIM_INFINITY or soft > cap:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
            lowered = True
    try:
        yield
    finally:
        if lowered:
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale(folder: Path, name: str) -> None:
    """Spill folders of runs that no longer run (killed), beside the database or in the temporary folder."""
    for stale in folder.glob(f".{glob.escape(name)}.spill-*"):
        match = re.match(r"\.spill-(\d+)-", stale.name[len(name) + 1 :])
        if match and not _alive(int(match.group(1))) and stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def spill_dir(db_path: Path) -> Path:
    """A new private folder for this run's spill files (see the module's docstring)."""
    name = db_path.name
    prefix = f".{name}.spill-{os.getpid()}-"
    for folder in (db_path.resolve().parent, Path(tempfile.gettempdir())):
        with contextlib.suppress(OSError):
            _remove_stale(folder, name)
        try:
            made = Path(tempfile.mkdtemp(prefix=prefix, dir=folder))  # mode 0700
        except OSError:
            continue
        _made.append(made)
        return made
    raise UserError(f"cannot create a temporary folder beside {db_path} or in {tempfile.gettempdir()}")


def _out_of_memory(exc: BaseException) -> bool:
    return isinstance(exc, MemoryError) or "out of memory" in str(exc).lower()


def bounded(run: F) -> F:
    """Run `run` (the `sql` command) under the memory cap, its spill folders deleted at the end, and a
    query that ran out of memory refused in one line."""

    @functools.wraps(run)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        mask = os.umask(
            0o077
        )  # DuckDB's spill files (and anything else this run creates) are the user's only
        try:
            with capped_memory():
                return run(*args, **kwargs)
        except (MemoryError, OSError, UserError) as exc:
            import duckdb

            if not _out_of_memory(exc) or isinstance(exc, duckdb.IOException):
                raise
            raise UserError(
                f"the query needs more memory than `sql` allows (about {memory_cap() // MIB:,} MB more: "
                f"DuckDB's {_duckdb_cap() // MIB:,} MB plus the result on its way out); select fewer rows "
                "or shorter values (e.g. left(text, 1000))"
            ) from None
        finally:
            os.umask(mask)
            while _made:
                shutil.rmtree(_made.pop(), ignore_errors=True)

    return wrapper  # type: ignore[return-value]
