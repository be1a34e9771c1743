"""Issue 25, processes and modes: SIGTERM and Ctrl-C (SIGINT) to the real `linkedin-audit lab` stop JupyterLab
and its kernel (no server left listening, no orphaned process), and the notebook copies it makes are private
(0600 in a 0700 folder). Lab runs on loopback on a free port with a token, isolated from the user's Jupyter
and state folders; a kernel is started through Lab's REST API, as opening a notebook does."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import stat
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from lab_support import start_lab
from report_fixtures import demo_db

BIN = Path(sys.executable).parent


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _start_kernel(port: int, token: str) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/kernels?token={token}",
        data=json.dumps({"name": "linkedin-audit"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 201


def _descendants(pid: int, wait_for: int, timeout: float = 60) -> list[psutil.Process]:
    """The processes under `pid` once there are at least `wait_for` of them (the Lab server, its kernel)."""
    deadline = time.monotonic() + timeout
    while True:
        found = psutil.Process(pid).children(recursive=True)
        if len(found) >= wait_for or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


@pytest.mark.slow  # its subject: a real JupyterLab server and its kernel, stopped by a signal (twice)
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_lab_and_its_kernel(tmp_path: Path, sig: signal.Signals) -> None:
    db = demo_db(tmp_path / "demo.duckdb")
    proc, port, token = start_lab(tmp_path, db)
    children: list[psutil.Process] = []
    try:
        _start_kernel(port, token)
        children = _descendants(proc.pid, wait_for=2)
        assert any("ipykernel" in " ".join(c.cmdline()) for c in children), [c.cmdline() for c in children]
        if sig == signal.SIGINT:
            os.killpg(proc.pid, sig)  # Ctrl-C: the whole foreground group
        else:
            proc.send_signal(sig)  # `kill PID`, a service manager's stop
        proc.wait(timeout=60)
        _, alive = psutil.wait_procs(children, timeout=30)
        assert alive == [], [p.cmdline() for p in alive]  # neither the server nor its kernel is left
        assert not _listening(port)
        assert proc.returncode == (143 if sig == signal.SIGTERM else 0)
        assert "stopped JupyterLab" in (tmp_path / "lab.log").read_text()
    finally:  # whatever the outcome, nothing this test started keeps running
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for p in children:
            with contextlib.suppress(psutil.Error):
                p.kill()
    copies = tmp_path / "nb"
    assert stat.S_IMODE(copies.stat().st_mode) == 0o700
    notebooks = sorted(copies.glob("*.ipynb"))
    assert notebooks and all(stat.S_IMODE(n.stat().st_mode) == 0o600 for n in notebooks)
