"""The report against its floor: a bare one-cell `jupyter nbconvert --to html --execute` of a
notebook that imports the package, and `linkedin-audit report`, run alternately in the same run, several
times each, so that a loaded machine slows both alike. The ratio of the medians is the figure.

    python benchmarks/report_floor.py                      # the bundled sample, 5 repetitions
    python benchmarks/report_floor.py --db some.duckdb     # any ingested database
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FLOOR_CELL = "import linkedin_audit, duckdb, polars, altair"


@dataclass
class FloorRow:
    label: str
    report_s: float
    floor_s: float
    reps: int

    @property
    def ratio(self) -> float:
        return self.report_s / self.floor_s


def _cli(name: str) -> list[str]:
    exe = BIN / name
    return [str(exe)] if exe.exists() else [sys.executable, "-m", name.replace("-", "_")]


def _timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return seconds


def floor_command(work: Path) -> list[str]:
    """The floor: a one-cell notebook (FLOOR_CELL) written into `work`, executed and exported to HTML."""
    floor_nb = work / "floor.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(FLOOR_CELL)]
    nbformat.write(nb, floor_nb)
    return [
        *_cli("jupyter"),
        "nbconvert",
        "--to",
        "html",
        "--execute",
        str(floor_nb),
        "--output",
        str(work / "floor.html"),
    ]


def report_vs_floor(db: Path, label: str, work: Path, reps: int = 5) -> FloorRow:
    """Median wall time of the report on `db` and of the one-cell floor, alternating, `reps` times each."""
    floor = floor_command(work)
    report = [*_cli("linkedin-audit"), "report", "--db", str(db), "--out", str(work / f"report-{label}.html")]
    report_s: list[float] = []
    floor_s: list[float] = []
    for _ in range(reps):
        floor_s.append(_timed(floor, work))
        report_s.append(_timed(report, work))
    return FloorRow(label, statistics.median(report_s), statistics.median(floor_s), reps)


def sample_db(work: Path) -> Path:
    """The bundled sample ingested into `work` (what `make report` reports on)."""
    db = work / "sample.duckdb"
    zips = sorted(str(p) for p in (ROOT / "data" / "sample").glob("*.zip"))
    subprocess.run(
        [*_cli("linkedin-audit"), "ingest", *zips, "--db", str(db), "--new-db"],
        check=True,
        capture_output=True,
    )
    return db


def print_rows(rows: list[FloorRow]) -> None:
    print(
        f"\n{'database':<12} {'report s':>9} {'floor s':>8} {'ratio':>6}  (medians; floor = one-cell "
        f"`nbconvert --to html --execute` of `{FLOOR_CELL}`)"
    )
    for r in rows:
        print(
            f"{r.label:<12} {r.report_s:9.2f} {r.floor_s:8.2f} {r.ratio:6.2f}  "
            f"({r.reps} runs each, alternating)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="an ingested database (default: the bundled sample)")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="linkedin-audit-floor-") as tmp:
        work = Path(tmp)
        db = args.db.resolve() if args.db else sample_db(work)
        print_rows([report_vs_floor(db, "given" if args.db else "sample", work, args.reps)])


if __name__ == "__main__":
    main()
