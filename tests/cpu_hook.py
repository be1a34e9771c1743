"""Per-test CPU (this process plus the subprocesses it waited for), for choosing LONGEST_FIRST and finding
where the suite's time goes: `LA_TEST_CPU=/tmp/cpu.jsonl make test` appends one JSON line per test (module,
test, cpu seconds of setup + call + teardown, wall seconds); `python tests/cpu_hook.py /tmp/cpu.jsonl` sums
them per module. Off unless LA_TEST_CPU is set. A module- or session-scoped fixture is charged to the first
test that uses it. Each Python process a test starts (that inherits the environment) also writes its command
and CPU to LA_TEST_CPU.procs (tests/cpu_site/sitecustomize.py); the summary sums those per command."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("LA_TEST_CPU"):
        site = str(Path(__file__).resolve().parent / "cpu_site")
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (site, os.environ.get("PYTHONPATH")) if p)
        # the test process itself is no command a test started (its CPU holds its children's again)
        os.environ["LA_TEST_RUNNER_PID"] = str(os.getpid())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    target = os.environ.get("LA_TEST_CPU")
    if not target:
        yield
        return
    os.environ["LA_TEST_NODE"] = item.nodeid
    cpu, wall, start = _cpu(), time.perf_counter(), time.time()
    yield
    row = {
        "module": item.path.name,
        "test": item.name,
        "cpu": round(_cpu() - cpu, 3),
        "wall": round(time.perf_counter() - wall, 3),
        "worker": os.environ.get("PYTEST_XDIST_WORKER", "-"),
        "start": round(start, 3),
    }
    with open(target, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")


def summary(path: str, top: int = 15) -> None:
    modules: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    for r in rows:
        m = modules[r["module"]]
        m[0] += r["cpu"]
        m[1] += r["wall"]
        m[2] += 1
    total = sum(m[0] for m in modules.values())
    print(f"{len(rows)} tests, {total:.1f} CPU s in tests (per module: cpu s, wall s, tests)")
    for name, (cpu, wall, n) in sorted(modules.items(), key=lambda kv: -kv[1][0])[:top]:
        print(f"  {name:32} {cpu:7.1f} {wall:7.1f} {int(n):4}")
    procs_path = Path(path + ".procs")
    if procs_path.exists():
        procs = [json.loads(line) for line in procs_path.read_text(encoding="utf-8").splitlines()]
        by_kind: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
        for p in procs:
            argv = p["argv"]
            kind = " ".join(argv[1:3]) if argv[:2] == ["-m", "linkedin_audit"] else " ".join(argv[:2])
            by_kind[kind[:60]][0] += p["cpu"]
            by_kind[kind[:60]][1] += 1
        spent = sum(v[0] for v in by_kind.values())
        print(
            f"{len(procs)} Python processes the tests started, {spent:.1f} CPU s (per command: cpu s, runs)"
        )
        for kind, (cpu, n) in sorted(by_kind.items(), key=lambda kv: -kv[1][0])[:top]:
            print(f"  {kind:60} {cpu:7.1f} {int(n):4}")
    _timeline(rows)
    print("longest tests:")
    for r in sorted(rows, key=lambda r: -r["cpu"])[:top]:
        print(f"  {r['cpu']:6.1f} {r['module']}::{r['test']}")


def _timeline(rows: list[dict]) -> None:
    """Per xdist worker: when it started its first test and ended its last, and its last modules (a long
    module started last leaves the other worker idle: LONGEST_FIRST in conftest)."""
    timed = [r for r in rows if "start" in r]
    if not timed:
        return
    t0 = min(r["start"] for r in timed)
    end = max(r["start"] + r["wall"] for r in timed)
    print(f"workers (the first test started at 0 s, the last ended at {end - t0:.0f} s):")
    for worker in sorted({r["worker"] for r in timed}):
        mine = sorted((r for r in timed if r["worker"] == worker), key=lambda r: r["start"])
        last: dict[str, float] = {}
        for r in mine:
            last.setdefault(r["module"], r["start"] - t0)
        tail = ", ".join(f"{m} at {s:.0f} s" for m, s in list(last.items())[-3:])
        done = mine[-1]["start"] + mine[-1]["wall"] - t0
        busy = sum(r["wall"] for r in mine)
        print(f"  {worker}: {len(mine)} tests, busy {busy:.0f} s, done at {done:.0f} s; last: {tail}")


if __name__ == "__main__":
    summary(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 15)
