"""With LA_TEST_CPU set (tests/cpu_hook.py puts this folder on PYTHONPATH then): each Python process the tests
start appends, at exit, its command and its CPU seconds (its own and its waited-for children's, e.g. the
report's kernels) to $LA_TEST_CPU.procs, with the test that started it (LA_TEST_NODE)."""

import atexit
import json
import os
import resource
import sys


def _write() -> None:
    if os.environ.get("LA_TEST_RUNNER_PID") == str(os.getpid()):  # pytest or a worker: not a command
        return
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    row = {
        "test": os.environ.get("LA_TEST_NODE", ""),
        "argv": sys.orig_argv[1:4],
        "cpu": round(own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime, 3),
    }
    try:
        with open(os.environ["LA_TEST_CPU"] + ".procs", "a", encoding="utf-8") as f:
            f.write(json.dumps(row) + "\n")
    except OSError:
        pass


if os.environ.get("LA_TEST_CPU"):
    atexit.register(_write)
