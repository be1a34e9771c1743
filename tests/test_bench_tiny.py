"""The max-scale benchmark (benchmarks/run.py) at tiny scale: keeps every step of `make bench` working.

Timings are never asserted (timings never fail a test); what is checked is that every step ran, succeeded
(run.py exits non-zero when a step fails) and was measured. Marked slow (opt in: `pytest -m slow`, or
`make bench-tiny`): about 20 processes, each an ingest, a report or a generation, the slowest test of the
suite (100 s at load 10 on 2 cores)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

TYPICAL = ["typical: bare 3 CSVs", "typical: ingest", "typical: report floor", "typical: report"]
"""`--typical tiny`: the typical export's rows, run first, on a tiny export here."""
STEPS = [
    *TYPICAL,
    "generate",
    "bare load",
    "ingest, layers only",
    "ingest",
    "re-ingest",
    "analyses",
    "analyses, memo cleared",
    "report",
    "1 export: bare 3 CSVs",
    "1 export: ingest",
    "new export: bare load",
    "new export: ingest",
    "new month: bare load",
    "new month: ingest",
    "clustering 2,000 msgs",
]


@pytest.mark.slow
def test_benchmark_runs_at_tiny_scale(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    work = tmp_path / "work"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--scale",
            "tiny",
            "--typical",
            "tiny",
            "--work",
            str(work),
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads(out.read_text())
    assert [r["step"] for r in results] == STEPS
    assert {r["scale"] for r in results} == {"typ:tiny", "tiny"}
    for r in results:
        assert r["seconds"] > 0, r
        assert r["peak_rss_mb"] > 0, r
    by_step = {r["step"]: r for r in results}
    # every step but the clustering (timed inside its script) has its CPU time, and as cores the ratio of
    # the two. Not a share of the wall time: on a saturated machine (load 22 on 2 cores) a short step got
    # 0.09 cores, and a timing must never fail a test.
    for r in results[:-1]:
        assert r["cpu_seconds"] > 0, r
        assert r["cores"] == r["cpu_seconds"] / r["seconds"], r
    assert by_step["clustering 2,000 msgs"]["cpu_seconds"] is None
    assert by_step["bare load"]["ratio_to_bare"] == 1.0
    assert by_step["bare load"]["cpu_ratio_to_bare"] == 1.0
    assert by_step["ingest"]["cpu_ratio_to_bare"] == (
        by_step["ingest"]["cpu_seconds"] / by_step["bare load"]["cpu_seconds"]
    )
    bare = by_step["bare load"]["seconds"]
    assert by_step["ingest"]["ratio_to_bare"] == by_step["ingest"]["seconds"] / bare
    # the newest export alone: each row's ratios are to its own bare anchor, and the new-month row says how
    # much of that export the history already held
    for anchor, row in (
        ("1 export: bare 3 CSVs", "1 export: ingest"),
        ("new export: bare load", "new export: ingest"),
        ("new month: bare load", "new month: ingest"),
        ("typical: bare 3 CSVs", "typical: ingest"),
        ("typical: report floor", "typical: report"),
    ):
        assert by_step[anchor]["ratio_to_bare"] == 1.0
        assert by_step[row]["ratio_to_bare"] == by_step[row]["seconds"] / by_step[anchor]["seconds"]
        assert by_step[row]["cpu_ratio_to_bare"] == (
            by_step[row]["cpu_seconds"] / by_step[anchor]["cpu_seconds"]
        )
    assert "% of its messages known" in by_step["new export: ingest"]["note"]
    # a monthly exporter's new export holds mostly messages the history has (the exports are 30 days apart)
    month_known = by_step["new month: ingest"]["note"]
    assert float(month_known.split("%")[0]) > float(by_step["new export: ingest"]["note"].split("%")[0])
    # the clustering step reports its pairwise F1 on labelled data: a broken clusterer shows here
    assert by_step["clustering 2,000 msgs"]["note"].startswith("F1 ")
    assert float(by_step["clustering 2,000 msgs"]["note"].split()[1]) > 0.9
    # the report step wrote a self-contained page, and the database holds the audit
    report = work / "report-tiny.html"
    assert report.exists() and report.stat().st_size > 10_000
    assert "Traceback" not in proc.stdout
