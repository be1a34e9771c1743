"""`linkedin-audit lab`: JupyterLab on the notebooks with the database wired in and the project's kernel.

The database reaches the notebooks through the environment: the Lab server is started with
$LINKEDIN_AUDIT_DB set, and every kernel it starts inherits it. In a checkout Lab opens notebooks/ (the files
that are committed); from an installed wheel the packaged notebooks are copied once into a folder of the
user's (their edits are theirs, and site-packages stays untouched)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path

from linkedin_audit import build_version
from linkedin_audit.config import DB_ENV
from linkedin_audit.db import relation_exists
from linkedin_audit.errors import UserError
from linkedin_audit.report.locate import find_db
from linkedin_audit.report.notebook_kernel import KERNEL_DISPLAY, ensure_kernel
from linkedin_audit.safe_write import private_dir, write_bytes

COPY_DIR = Path("linkedin-audit-notebooks")


def packaged_notebooks() -> Path:
    from importlib import resources

    return Path(str(resources.files("linkedin_audit").joinpath("notebooks")))


def installed_from_wheel(folder: Path) -> bool:
    """True when the notebooks live in site-packages (not a checkout's notebooks/)."""
    site = {Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")}
    resolved = folder.resolve()
    return any(resolved.is_relative_to(s) for s in site)


def copy_notebooks(source: Path, target: Path) -> list[str]:
    """Copy the notebooks `target` lacks (never overwrite: edits and outputs there are the user's). The
    copies are readable by the user only (outputs saved from Lab hold the member's data), and a folder this
    creates is 0700."""
    if not target.exists():
        private_dir(target)
    copied = []
    for nb in sorted(source.glob("*.ipynb")):
        if not (target / nb.name).exists() and not (target / nb.name).is_symlink():
            write_bytes(target / nb.name, nb.read_bytes(), "the notebook copy")
            copied.append(nb.name)
    return copied


def notebook_folder(chosen: Path | None = None) -> tuple[Path, str]:
    """The folder Lab opens, and a sentence saying which (and what was copied): `chosen` if given (the
    notebooks are copied in when missing), else a checkout's notebooks/, else ./linkedin-audit-notebooks."""
    source = packaged_notebooks()
    if chosen is None and not installed_from_wheel(source):
        return source.resolve(), f"the notebooks in {source.resolve()}"
    target = (chosen or COPY_DIR).resolve()
    copied = copy_notebooks(source, target)
    how = (
        f"{target} (copied {len(copied)} notebook(s) in)"
        if copied
        else f"your copies in {target} (delete one to get the packaged version back)"
    )
    return target, how


def lab_command(db: Path | None, extra: Sequence[str] = (), folder: Path | None = None) -> int:
    """Start JupyterLab; returns its exit code. `extra` goes to `jupyter lab` (e.g. --no-browser --port)."""
    found = find_db(db)
    if db is not None and not found.path.exists():
        raise UserError(
            f"no database at {found.path}: run `linkedin-audit ingest EXPORT --db {found.path}` first"
        )
    if db is not None:
        from linkedin_audit.cli.paths import readable_db

        readable_db(found.path)  # a folder or an unreadable file: one `error:` line before Lab starts
    folder, where = notebook_folder(folder)
    ensure_kernel()
    env = dict(os.environ)
    if found.path.exists():
        env[DB_ENV] = str(found.path.resolve())
        print(f"database: {found.path.resolve()} ({found.how})", flush=True)
        if _analysed_by_another_version(found.path):
            print(f"warning: {build_version.stale_message(found.path)}", file=sys.stderr, flush=True)
    else:
        print(
            f"warning: no database yet ({found.how}); the notebooks will say so until you run "
            "`linkedin-audit ingest EXPORT`",
            file=sys.stderr,
            flush=True,
        )
    print(f"JupyterLab on {where}; kernel {KERNEL_DISPLAY}. Stop it with Ctrl-C.", flush=True)
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}", *extra]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        cmd.append("--allow-root")  # containers and CI run as root; Lab refuses to start without this
    return _serve(cmd, env)


def _analysed_by_another_version(path: Path) -> bool:
    """Whether another version of linkedin-audit built the database's analyses (the notebooks would read
    relations of another shape); False when it cannot be read now (the notebooks say why)."""
    import duckdb

    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return False
    try:
        return relation_exists(con, "exports") and not build_version.is_current(con)
    except duckdb.Error:
        return False
    finally:
        con.close()


STOP_SECONDS = 20
"""How long JupyterLab gets to shut its kernels down after SIGTERM before it is killed."""


def _serve(cmd: list[str], env: dict[str, str]) -> int:
    """Run JupyterLab until it ends, or until this process gets SIGTERM or Ctrl-C: then Lab is sent SIGTERM
    (it shuts its kernels down and stops listening) and, if still running after STOP_SECONDS, killed (its
    kernels then exit on their own: they watch their parent). Lab runs in its own session, so the terminal's
    Ctrl-C reaches only this process and stops Lab at once (no "Shutdown this Jupyter server?" prompt).
    Files Lab creates (saved notebooks, checkpoints) are readable by the user only (umask 077)."""
    old_mask = os.umask(0o077)
    try:
        proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    finally:
        os.umask(old_mask)
    stopping: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        stopping.append(signum)
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)

    old = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        while True:
            try:
                code = proc.wait(timeout=STOP_SECONDS if stopping else None)
                break
            except subprocess.TimeoutExpired:
                proc.kill()
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        if proc.poll() is None:  # an unexpected exception here: never leave the server behind
            proc.kill()
            proc.wait()
    if stopping:
        name = signal.Signals(stopping[0]).name
        print(f"stopped JupyterLab ({'Ctrl-C' if name == 'SIGINT' else name})", file=sys.stderr, flush=True)
        return 0 if stopping[0] == signal.SIGINT else 128 + stopping[0]
    return code
