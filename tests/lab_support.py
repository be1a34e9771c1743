"""Starting the real `linkedin-audit lab` for a test: loopback, a free port, a token, and the user's Jupyter
and state folders replaced by the test's own (tests/test_lab_signals.py, tests/test_lab_browser.py)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_lab(tmp: Path, db: Path) -> tuple[subprocess.Popen, int, str]:
    """Lab in its own session (as in a terminal), once it answers; (process, port, token). The caller stops
    it (its log is tmp/lab.log)."""
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(tmp / "state"),
        "JUPYTER_CONFIG_DIR": str(tmp / "jcfg"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "jrun"),
        "JUPYTER_DATA_DIR": str(tmp / "jdata"),
        "LINKEDIN_AUDIT_DB": "",
    }
    cmd = [
        str(BIN / "linkedin-audit"),
        "lab",
        "--db",
        str(db),
        "--dir",
        str(tmp / "nb"),
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        "--ServerApp.port_retries=0",
    ]
    log = (tmp / "lab.log").open("w")
    # its own session, as in a terminal: Ctrl-C there is SIGINT to the foreground process group
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=5):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"JupyterLab did not start:\n{(tmp / 'lab.log').read_text()[-3000:]}")
            time.sleep(0.5)
    return proc, port, token
