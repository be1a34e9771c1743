"""The max-scale benchmark: every step side by side in one run, with its peak memory.

Steps, each in its own process so that its peak RSS (summed over the process tree, sampled every 20 ms) is
its own:
  1. bare      DuckDB `CREATE TABLE ... AS SELECT * FROM read_csv(...)` of the same CSV files, nothing else
  2. ingest    our full ingest of the same export (all layers, identity, history, analyses' relations);
               also measured without the analyses ("ingest, layers only"), the like-for-like ratio
  3. reingest  the same, unchanged export again
  4. analyses  every analysis relation and audit_summary metric (`linkedin-audit analyse`), on the database
               the ingest analysed (the templates' memo warm), then with the memo emptied first
  5. report    the whole HTML report
  6. newest    the newest export alone: its whole ingest into a new database against DuckDB's
               read_csv of its messages, connections and invitations files ("1 export"), and its ingest
               into a database that holds the older exports against the bare load of its CSVs ("new export";
               the note says how many of its messages the history already held)
  7. month     a monthly exporter: two exports 30 days apart (`synth --days-apart 30`), the older one
               ingested, then the newer one timed against the bare load of its CSVs ("new month")
  8. cluster   template clustering alone on 100,000 sent messages
  9. typical   (--typical) the export most members have (3,700 connections, 2,000 messages): its whole
               ingest against read_csv of its three main CSVs, its report against the one-cell nbconvert
               floor (report_floor.py), each pair alternating; at least 3 repetitions
With --reps N every step runs N times, alternating with its anchor, and its row shows the medians (each
repetition starts from the same state: a removed or freshly copied database). Timings are printed as
seconds and as a ratio to the bare load of the same files; the ratios, not the
absolute seconds, are what carry from one machine to another. Each step's CPU time (all its threads and
child processes) is printed too, as seconds, as a ratio to the bare load's, and as cores used (CPU / wall):
a step's wall time can only shrink to its CPU time divided by the machine's cores.

    python benchmarks/run.py --scale tiny                  # CI: keeps the benchmark working
    python benchmarks/run.py --fractions 0.1 0.3 1.0 --reps 3   # `make bench`: 10 %, 30 %, 100 % of max
    python benchmarks/run.py --fractions --typical --reps 5     # only the typical export's two rows
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from linkedin_audit.ingest.archive import export_date_from_name

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLI = (
    [str(BIN / "linkedin-audit")]
    if (BIN / "linkedin-audit").exists()
    else [sys.executable, "-m", "linkedin_audit"]
)

BARE_LOAD = r"""
import sys, zipfile, tempfile, pathlib, duckdb
db, scratch, keep = sys.argv[1], sys.argv[2], sys.argv[3]
wanted = None if keep == "*" else {name.lower() for name in keep.split(",")}
paths = []
for export in sys.argv[4:]:
    out = pathlib.Path(tempfile.mkdtemp(dir=scratch))
    with zipfile.ZipFile(export) as z:
        z.extractall(out, [m for m in z.namelist()
                           if wanted is None or pathlib.Path(m).name.lower() in wanted])
    paths += sorted(out.rglob("*.csv"))
con = duckdb.connect(db)
for i, p in enumerate(paths):
    try:
        con.execute(f"CREATE TABLE t{i} AS SELECT * FROM read_csv(?, all_varchar=true)", [str(p)])
    except duckdb.Error:
        pass  # the odd legacy files (UTF-16, broken Comments.csv) are not part of the physical-limit anchor
con.close()
"""
MAIN_FILES = "messages.csv,Connections.csv,Invitations.csv"
"""The three files of an export that hold nearly all its rows: the anchor of the one-export row."""

KNOWN_SHARE = r"""
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT avg((first_export_id < last_export_id)::INT) FROM messages "
              "WHERE last_export_id = (SELECT max(export_id) FROM exports)").fetchone()[0])
"""

CLEAR_MEMO = r"""
import sys
from pathlib import Path
from linkedin_audit.analyses.templates.memo import KIND_TABLE, MASK_TABLE, SIGNATURE_TABLE
from linkedin_audit.ingest.database import connect
con = connect(Path(sys.argv[1]))
for table in (KIND_TABLE, MASK_TABLE, SIGNATURE_TABLE):
    con.execute(f"DELETE FROM {table}")
con.execute("CHECKPOINT")
"""

LAYERS_ONLY = r"""
import sys
from linkedin_audit.build import run_ingest
run_ingest(sys.argv[2:], sys.argv[1], new_db=True, analyse=False, progress=False)
"""


@dataclass
class Step:
    scale: str
    step: str
    seconds: float
    peak_rss_mb: float
    ratio_to_bare: float | None = None
    note: str = ""
    cpu_seconds: float | None = None
    cpu_ratio_to_bare: float | None = None

    @property
    def cores(self) -> float | None:
        """CPU seconds per wall second: 1.0 is one core busy throughout."""
        return self.cpu_seconds / self.seconds if self.cpu_seconds is not None and self.seconds else None


def _cores() -> int:
    """The cores this process may run on (the affinity mask, where the platform has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str, float]:
    """Run `cmd`; return (wall seconds, peak RSS in MB of the whole process tree, output tail, CPU seconds of
    the process and every descendant it waited for)."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    peak = 0
    parent = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu_before  # the child is reaped by poll(): its usage is counted now
    output = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    if proc.returncode != 0:
        raise SystemExit(f"step failed ({proc.returncode}): {' '.join(cmd)}\n{output[-3000:]}")
    return seconds, peak / 1e6, output[-2000:], cpu


@dataclass
class Run:
    """One measured command: `prepare` (not timed) runs before each repetition and sets up its state."""

    name: str
    cmd: list[str]
    prepare: Callable[[], object] | None = None
    env: dict[str, str] | None = None


def paired(label: str, anchor: Run, runs: list[Run], reps: int) -> list[Step]:
    """The anchor and each run measured `reps` times, alternating (anchor, run, run, ..., anchor, ...), so a
    machine that slows down or speeds up during the benchmark weighs on both alike; each row is the median
    wall and CPU time of its repetitions (peak memory: the largest), its ratios to the anchor's medians."""
    samples: dict[str, list[tuple[float, float, str, float]]] = {r.name: [] for r in (anchor, *runs)}
    for _ in range(reps):
        for run in (anchor, *runs):
            if run.prepare:
                run.prepare()
            samples[run.name].append(measure(run.cmd, run.env))

    def row(run: Run, base: tuple[float, float] | None) -> Step:
        got = samples[run.name]
        t, cpu = statistics.median(g[0] for g in got), statistics.median(g[3] for g in got)
        rss = max(g[1] for g in got)
        bt, bcpu = base or (t, cpu)
        note = f"median of {reps}" if reps > 1 else ""
        return Step(label, run.name, t, rss, t / bt, note, cpu, cpu / bcpu if bcpu else None)

    first = row(anchor, None)
    return [first, *(row(r, (first.seconds, first.cpu_seconds or 0.0)) for r in runs)]


def _remove(*paths: Path) -> Callable[[], None]:
    def prepare() -> None:
        for path in paths:
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".wal").unlink(missing_ok=True)

    return prepare


def _copy(source: Path, target: Path) -> Callable[[], None]:
    def prepare() -> None:
        _remove(target)()
        shutil.copyfile(source, target)

    return prepare


def run_scale(
    label: str, synth_scale: str, work: Path, history: int, cluster_n: int, reps: int = 1
) -> list[Step]:
    export_dir = work / f"export-{label}"
    db = work / f"bench-{label}.duckdb"
    steps: list[Step] = []
    t, rss, _, cpu = measure(
        [
            *CLI,
            "synth",
            "--scale",
            synth_scale,
            "--era",
            "2026",
            "--history",
            str(history),
            "--seed",
            "1",
            "--zip",
            "--out",
            str(export_dir),
        ]
    )
    steps.append(Step(label, "generate", t, rss, cpu_seconds=cpu))
    zips = sorted(str(p) for p in export_dir.glob("*.zip"))
    scratch = work / f"scratch-{label}"
    scratch.mkdir(exist_ok=True)
    bare_db, layers_db = work / f"bare-{label}.duckdb", work / f"layers-{label}.duckdb"
    env = {**os.environ, "LINKEDIN_AUDIT_DB": str(db)}
    clear_memo = [sys.executable, "-c", CLEAR_MEMO, str(db)]
    steps += paired(
        label,
        Run(
            "bare load",
            [sys.executable, "-c", BARE_LOAD, str(bare_db), str(scratch), "*", *zips],
            _remove(bare_db),
        ),
        [
            # The layers alone (raw, staging, identity, model; no analyses) against the bare load of the same
            # files: the like-for-like ratio. The full `ingest` below also runs every analysis.
            Run(
                "ingest, layers only",
                [sys.executable, "-c", LAYERS_ONLY, str(layers_db), *zips],
                _remove(layers_db),
            ),
            Run("ingest", [*CLI, "ingest", *zips, "--db", str(db)], _remove(db), env),
            Run("re-ingest", [*CLI, "ingest", *zips, "--db", str(db)], None, env),
            # the same database analysed again: the templates' memo (analyses/templates/memo.py) is warm
            Run("analyses", [*CLI, "analyse", "--db", str(db)], None, env),
            Run(
                "analyses, memo cleared",
                [*CLI, "analyse", "--db", str(db)],
                lambda: subprocess.run(clear_memo, check=True),
                env,
            ),
            Run(
                "report",
                [*CLI, "report", "--db", str(db), "--out", str(work / f"report-{label}.html")],
                None,
                env,
            ),
        ],
        reps,
    )
    _remove(layers_db, bare_db)()
    steps += _newest_export_steps(label, work, zips, scratch, reps)
    steps += _new_month_steps(label, synth_scale, work, scratch, reps)
    cluster = ROOT / "benchmarks" / "clustering.py"
    if cluster.exists() and cluster_n:
        # Timed inside the script (normalise + mask + cluster): building its labelled data is not the step,
        # so the process's CPU time, which includes it, is left out.
        t, rss, tail, _ = measure(
            [
                sys.executable,
                str(cluster),
                "--n",
                str(cluster_n),
                "--no-baseline",
                *(["--data", "own"] if cluster_n < 100_000 else []),
            ]
        )
        ours = next((line for line in tail.splitlines() if line.startswith("ours:")), "")
        found = re.search(r"total ([0-9.]+) s wall", ours)
        f1 = re.search(r"F1 ([0-9.]+)", ours)
        steps.append(
            Step(
                label,
                f"clustering {cluster_n:,} msgs",
                float(found.group(1)) if found else t,
                rss,
                None,
                f"F1 {f1.group(1)}" if f1 else ours[:60],
            )
        )
    shutil.rmtree(scratch, ignore_errors=True)
    return steps


def typical_steps(work: Path, synth_scale: str, reps: int) -> list[Step]:
    """The export most members have (`synth --scale typical`: 3,700 connections, 2,000 messages, one
    export): what they wait for is fixed cost, not throughput. Two pairs, each alternating with its anchor:
    its whole ingest (analyses included) against DuckDB's read_csv of its three main CSVs in one Python
    process, and its report against the one-cell nbconvert floor (report_floor.py)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import report_floor

    label = f"typ:{synth_scale}" if synth_scale != "typical" else "typical"
    out = work / f"export-{label}"
    synth = [*CLI, "synth", "--scale", synth_scale, "--era", "2026", "--history", "1", "--seed", "1"]
    measure([*synth, "--zip", "--out", str(out)])  # not a step
    export = str(next(out.glob("*.zip")))
    scratch = work / f"scratch-{label}"
    scratch.mkdir(exist_ok=True)
    bare, db = work / f"bare-{label}.duckdb", work / f"typical-{label}.duckdb"
    steps = paired(
        label,
        Run(
            "typical: bare 3 CSVs",
            [sys.executable, "-c", BARE_LOAD, str(bare), str(scratch), MAIN_FILES, export],
            _remove(bare),
        ),
        [Run("typical: ingest", [*CLI, "ingest", export, "--db", str(db)], _remove(db))],
        reps,
    )
    _note(steps[0], "anchor of the next row")
    floor_cmd = report_floor.floor_command(work)
    report_cmd = [*CLI, "report", "--db", str(db), "--out", str(work / f"report-{label}.html")]
    pair = paired(
        label,
        Run("typical: report floor", floor_cmd),
        [Run("typical: report", report_cmd)],
        reps,
    )
    _note(pair[0], "1-cell nbconvert; anchor of the next row")
    _remove(bare, db)()
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return steps + pair


def report_floor_rows(work: Path, labels: list[str], reps: int = 3) -> None:
    """The report's time against the one-cell nbconvert floor, on the bundled sample and on each
    scale's database, alternating with the floor in this same run (see report_floor.py)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import report_floor

    rows = [report_floor.report_vs_floor(report_floor.sample_db(work), "sample", work, reps)]
    dbs = [(label, work / f"bench-{label}.duckdb") for label in labels]
    rows += [report_floor.report_vs_floor(db, label, work, reps) for label, db in dbs if db.exists()]
    report_floor.print_rows(rows)


def _note(step: Step, text: str) -> None:
    step.note = f"{text}; {step.note}" if step.note else text


def _known_share(db: Path) -> str:
    known = subprocess.run(
        [sys.executable, "-c", KNOWN_SHARE, str(db)], capture_output=True, text=True, check=True
    ).stdout.strip()
    return f"{float(known):.1%} of its messages known"


def _newest_export_steps(label: str, work: Path, zips: list[str], scratch: Path, reps: int) -> list[Step]:
    """The newest export on its own, each row against its own bare anchor:
    1 export       the whole ingest (analyses included) of that export alone, as a user would ingest it,
                   against DuckDB's read_csv of its messages, connections and invitations files;
    new export     that export added to a database holding the older exports, against the bare load of every
                   CSV of that export alone."""
    zips = sorted(zips, key=lambda z: (export_date_from_name(Path(z).name) or datetime.date.min, z))
    newest = zips[-1]  # by export date: the file names' US dates do not sort by name
    bare = [sys.executable, "-c", BARE_LOAD]
    bare1, one_db = work / f"bare1-{label}.duckdb", work / f"one-{label}.duckdb"
    steps = paired(
        label,
        Run("1 export: bare 3 CSVs", [*bare, str(bare1), str(scratch), MAIN_FILES, newest], _remove(bare1)),
        [Run("1 export: ingest", [*CLI, "ingest", newest, "--db", str(one_db)], _remove(one_db))],
        reps,
    )
    _note(steps[0], "anchor of the next row")
    _remove(bare1, one_db)()
    if len(zips) < 2:
        return steps
    barenew, history, new_db = (work / f"{n}-{label}.duckdb" for n in ("barenew", "history", "new"))
    measure([*CLI, "ingest", *zips[:-1], "--db", str(history)])  # the history before: not a step
    pair = paired(
        label,
        Run("new export: bare load", [*bare, str(barenew), str(scratch), "*", newest], _remove(barenew)),
        [Run("new export: ingest", [*CLI, "ingest", newest, "--db", str(new_db)], _copy(history, new_db))],
        reps,
    )
    _note(pair[0], "anchor of the next row")
    _note(pair[1], _known_share(new_db))
    _remove(barenew, history, new_db)()
    return steps + pair


def _new_month_steps(label: str, synth_scale: str, work: Path, scratch: Path, reps: int) -> list[Step]:
    """A monthly exporter's new export (two exports 30 days apart): its ingest into the database holding the
    older one, against the bare load of every CSV of that export alone."""
    out = work / f"monthly-{label}"
    synth = [*CLI, "synth", "--scale", synth_scale, "--era", "2026", "--history", "2", "--days-apart", "30"]
    measure([*synth, "--seed", "1", "--zip", "--out", str(out)])  # not a step
    dated = {str(p): export_date_from_name(p.name) or datetime.date.min for p in out.glob("*.zip")}
    older, newer = sorted(dated, key=dated.__getitem__)
    bare, history, db = (work / f"{n}-{label}.duckdb" for n in ("baremonth", "monthly", "month"))
    measure([*CLI, "ingest", older, "--db", str(history)])  # the history before: not a step
    pair = paired(
        label,
        Run(
            "new month: bare load",
            [sys.executable, "-c", BARE_LOAD, str(bare), str(scratch), "*", newer],
            _remove(bare),
        ),
        [Run("new month: ingest", [*CLI, "ingest", newer, "--db", str(db)], _copy(history, db))],
        reps,
    )
    _note(pair[0], "anchor of the next row")
    _note(pair[1], _known_share(db))
    _remove(bare, history, db)()
    shutil.rmtree(out, ignore_errors=True)
    return pair


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", help="one synth scale (tiny, small, max or a number of connections)")
    parser.add_argument(
        "--fractions", nargs="*", type=float, help="fractions of max, e.g. 0.1 0.3 1.0 (none: only --typical)"
    )
    parser.add_argument("--history", type=int, default=3, help="exports in the member's history (default 3)")
    parser.add_argument("--cluster-n", type=int, default=100_000, help="messages for the clustering step")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp folder)")
    parser.add_argument(
        "--report-floor",
        action="store_true",
        help="also time the report against a one-cell nbconvert floor (report_floor.py)",
    )
    parser.add_argument(
        "--typical",
        nargs="?",
        const="typical",
        default=None,
        metavar="SCALE",
        help="also time a typical export's ingest and report against their floors (default scale: typical)",
    )
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "out" / "results.json")
    parser.add_argument(
        "--reps", type=int, default=1, help="repetitions of each step, alternating with its anchor (medians)"
    )
    args = parser.parse_args()
    # A fraction of max scales every count of the generator (connections, messages, invitations) alike.
    scales = (
        [(args.scale, args.scale)]
        if args.scale
        else []
        if args.fractions == [] and args.typical
        else [(f"{round(f * 100)}%", "max" if f == 1.0 else f"max:{f}") for f in (args.fractions or [1.0])]
    )
    work = args.work or Path(tempfile.mkdtemp(prefix="linkedin-audit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[Step] = []
    if sys.flags.dont_write_bytecode:  # PYTHONDONTWRITEBYTECODE: every run would compile the package again,
        compileall.compile_dir(ROOT / "linkedin_audit", quiet=1)  # which an installed package never does
    if args.typical:
        print(f"== typical export (synth --scale {args.typical}) in {work}", flush=True)
        results += typical_steps(work, args.typical, max(args.reps, 3 if args.typical == "typical" else 1))
    for i, (label, synth_scale) in enumerate(scales):
        print(f"== {label} (synth --scale {synth_scale}) in {work}", flush=True)
        # Template clustering on 100,000 messages does not depend on the export: once, with the largest
        # scale; the tiny run checks the step works on a small set of the script's own data.
        cluster_n = (
            0 if i < len(scales) - 1 else 2_000 if synth_scale in ("tiny", "small") else args.cluster_n
        )
        results += run_scale(label, synth_scale, work, args.history, cluster_n, args.reps)
    print(
        f"\n{'scale':>6} {'step':<24} {'seconds':>9} {'x bare':>7} {'CPU s':>8} {'CPU x bare':>10} "
        f"{'cores':>6} {'peak MB':>8}  note"
    )

    def num(value: float | None, form: str) -> str:
        return "" if value is None else format(value, form)

    for s in results:
        print(
            f"{s.scale:>6} {s.step:<24} {s.seconds:9.2f} {num(s.ratio_to_bare, '.2f'):>7} "
            f"{num(s.cpu_seconds, '.2f'):>8} {num(s.cpu_ratio_to_bare, '.2f'):>10} "
            f"{num(s.cores, '.2f'):>6} {s.peak_rss_mb:8.0f}  {s.note}"
        )
    print(
        f"\ncores = CPU s / seconds; this machine has {_cores()}. A step cannot run in less wall time "
        "than its CPU s divided by the cores."
    )
    if args.report_floor:
        report_floor_rows(work, [label for label, _ in scales])
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps([{**asdict(s), "cores": s.cores} for s in results], indent=2))
    print(f"\nresults: {args.json}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
