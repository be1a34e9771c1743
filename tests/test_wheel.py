"""An installed wheel works outside the checkout: built from this tree, installed into a fresh venv, then
`ingest`, `report` and `lab` run from an unrelated folder (the notebooks come from package data).

Two forms, both marked slow (`make test-slow`, which CI runs after `make test`): the wheel installed alone
(`--no-deps`) into a fresh venv that borrows this environment's dependencies through a `.pth` line (not its
editable install: a `.pth` file in a folder named by a `.pth` line is not read), so it tests what the wheel
carries in seconds instead of resolving and installing 120 packages; and the wheel with its dependencies
resolved from the registry under the lock (constraints.txt), as a user's `pip install` does."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = sorted((ROOT / "data" / "sample").glob("*.zip"))
NOTEBOOKS = len(list((ROOT / "notebooks").glob("*.ipynb")))


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{' '.join(cmd)}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def _wheel(tmp_path: Path) -> Path:
    """Built from a copy of the files git knows (committed or not): an in-tree build reuses `build/`, whose
    files from an earlier build (a SQL file since renamed) would end up in the wheel."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT).stdout
    source = tmp_path / "source"
    for name in filter(None, listed.split("\0")):
        src, dst = ROOT / name, source / name
        if not src.exists() and not src.is_symlink():
            continue  # deleted in the working tree, not yet in git
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            dst.symlink_to(os.readlink(src))
        else:
            shutil.copy2(src, dst)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)])
    return next((tmp_path / "dist").glob("linkedin_audit-*.whl"))


@pytest.mark.slow  # its subject: building and installing the wheel, then a report and Lab from it
def test_the_wheel_alone_reports_and_opens_lab_from_any_folder(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)])
    ours = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip()
    theirs = [p for p in sys.path if p.endswith("site-packages")]
    (Path(ours) / "borrowed-dependencies.pth").write_text("\n".join(theirs) + "\n")
    # and their data files (nbconvert's templates, JupyterLab's assets), which live under sys.prefix
    _works_from_any_folder(venv, tmp_path, {"JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")})


@pytest.mark.slow
def test_a_wheel_in_a_fresh_venv_reports_and_opens_lab_from_any_folder(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "-c",
            str(ROOT / "constraints.txt"),
            str(wheel),
        ]
    )
    _works_from_any_folder(venv, tmp_path)


def _works_from_any_folder(venv: Path, tmp_path: Path, extra_env: dict[str, str] | None = None) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("LINKEDIN_AUDIT_DB", "VIRTUAL_ENV", "PYTHONPATH")}
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    env.update(extra_env or {})
    cli = str(venv / "bin" / "linkedin-audit")
    run([cli, "ingest", *map(str, SAMPLE), "--db", "audit.duckdb"], cwd=elsewhere, env=env)
    done = run([cli, "report", "--db", "audit.duckdb", "--out", "r.html"], cwd=elsewhere, env=env)
    assert (
        f"{NOTEBOOKS} notebooks" in " ".join(done.stdout.split() + done.stderr.split())
        and (elsewhere / "r.html").stat().st_size > 500_000
    )
    located = run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import linkedin_audit.report.render as r; print(r.NOTEBOOK_DIR.resolve())",
        ],
        cwd=elsewhere,
        env=env,
    ).stdout.strip()
    assert located.startswith(str(venv)), f"the notebooks come from the installed package, not {located}"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = secrets.token_hex(8)
    env.update(JUPYTER_CONFIG_DIR=str(tmp_path / "jcfg"), JUPYTER_RUNTIME_DIR=str(tmp_path / "jrun"))
    cmd = [
        cli,
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
    ]
    proc = subprocess.Popen(
        cmd,
        cwd=elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/kernelspecs?token={token}") as r:
                    specs = r.read().decode()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "lab did not start"
                time.sleep(0.5)
        assert '"linkedin-audit"' in specs, "the named kernel is registered"
        copies = sorted(p.name for p in (elsewhere / "linkedin-audit-notebooks").glob("*.ipynb"))
        assert len(copies) == NOTEBOOKS and copies[0] == "00_overview.ipynb"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    assert "database: " in out and str((elsewhere / "audit.duckdb").resolve()) in out, out[-2000:]
