"""Execute every notebook and write one self-contained HTML report that renders with no network (the
sections and the page around them: page.py). A failing notebook does not stop the others:
every failure is listed on the page and returned, and the CLI exits non-zero.

The database is resolved, checked and opened once here (`open_source`); each notebook is then given its
path, the redaction choice and the report mode as parameters (parameters.py), and opens it itself."""

from __future__ import annotations

import contextlib
import re
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

import duckdb

from linkedin_audit import build_version
from linkedin_audit.db import relation_exists
from linkedin_audit.errors import UserError
from linkedin_audit.ingest.database import READ_ONLY_LOCKDOWN, check_intact, damaged, foreign
from linkedin_audit.report.kernels import KernelPool
from linkedin_audit.report.page import (
    SectionResult,
    _section,
    _write_private,
    notebook_title,
    render_page,
    vega_bundle,
)
from linkedin_audit.report.parameters import Value

if TYPE_CHECKING:
    from rich.console import Console

# The notebooks as package data (in a checkout, linkedin_audit/notebooks is a symlink to notebooks/).
NOTEBOOK_DIR = Path(str(resources.files("linkedin_audit").joinpath("notebooks")))


@dataclass
class ReportResult:
    out: Path
    sections: list[SectionResult] = field(default_factory=list)
    bytes: int = 0
    seconds: float = 0.0
    coverage: str = ""

    @property
    def failures(self) -> list[SectionResult]:
        return [s for s in self.sections if s.failed]


def notebooks_in(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The report's notebooks, in name order (00_overview first)."""
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not found:
        raise UserError(f"no notebooks found in {folder}")
    return found


def section_name(path: Path) -> str:
    """A notebook's name for `report --sections`: its file name without the number (07_network_reach.ipynb:
    network_reach)."""
    return re.sub(r"^\d+_", "", path.stem)


def choose_sections(paths: Sequence[Path], wanted: str | None) -> tuple[list[Path], list[Path]]:
    """(the notebooks to run, the ones left out) for `--sections` (comma-separated names, any order; the
    report keeps the notebooks' order). None: every notebook."""
    if wanted is None:
        return list(paths), []
    names = [w.strip() for w in wanted.split(",") if w.strip()]
    known = [section_name(p) for p in paths]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        said = f"unknown section {', '.join(map(repr, unknown))}" if unknown else "no section named"
        raise UserError(f"--sections: {said}; choose from {', '.join(known)} (comma-separated)")
    return [p for p in paths if section_name(p) in names], [p for p in paths if section_name(p) not in names]


@dataclass(frozen=True)
class Source:
    """The database a report reads: resolved, checked and opened read-only once, for the whole command."""

    path: Path
    con: duckdb.DuckDBPyConnection
    coverage: str


@contextlib.contextmanager
def open_source(db: Path) -> Iterator[Source]:
    """Resolve `db`, refuse what is not a readable linkedin-audit database (one sentence each), and hold it
    open read-only while the report is made (the notebooks' own read-only opens are compatible)."""
    path = db.resolve()
    if not path.exists():
        raise UserError(f"no database at {db}: run `linkedin-audit ingest EXPORT --db {db}` first")
    try:
        con = duckdb.connect(str(path), read_only=True, config=READ_ONLY_LOCKDOWN)
    except duckdb.IOException as err:
        if "lock" in str(err).lower():
            raise UserError(f"{db} is in use by another process (an ingest?): wait for it to finish") from err
        raise UserError(f"{db} is not a DuckDB database this version can read") from err
    except duckdb.Error as err:
        raise UserError(f"cannot open {db}: {str(err).splitlines()[0]}") from err
    try:
        yield Source(path, con, export_coverage(con, path))
    finally:
        con.close()


def export_coverage(con: duckdb.DuckDBPyConnection, db: Path) -> str:
    """One sentence naming the exports (and their dates) the database holds; refuses a database that is
    damaged, foreign or holds no ingested export."""
    try:
        check_intact(con, db)
        refusal = foreign(con, db, then="give --db your linkedin-audit database")
        if refusal is not None:
            raise refusal
        if not relation_exists(con, "exports"):
            raise UserError(
                f"{db} holds no ingested export (no `exports` table): run `linkedin-audit ingest`"
            )
        rows = con.execute("SELECT export_date, kind FROM exports ORDER BY export_date").fetchall()
        current = build_version.is_current(con)
    except duckdb.Error as err:  # the table is there but cannot be read: the file is damaged
        raise damaged(db) from err
    if not rows:
        return "No export has been ingested yet."
    if not current:  # its relations have another shape or were decided by other rules
        raise UserError(build_version.stale_message(db))
    dates = ", ".join(f"{d:%Y-%m-%d} ({k})" for d, k in rows)
    noun = "export" if len(rows) == 1 else "exports"
    return (
        f"Covers {len(rows)} {noun} dated {dates}; the newest, {rows[-1][0]:%Y-%m-%d}, is the audit's 'now'."
    )


def run_notebook(path: Path, parameters: dict[str, Value] | None = None) -> SectionResult:
    """Execute one notebook in its own kernel (cwd = its folder) and render it as a code-free fragment.
    With no `parameters` the notebook finds its database itself, as in JupyterLab (locate.py)."""
    with KernelPool(1, path.parent, parameters) as pool:
        return pool.run([path], _section)[0]


def report_parameters(source: Source, redact: bool) -> dict[str, Value]:
    """What every notebook of one report is given: the database, the redaction choice with a key made for
    this report only (pseudonyms nobody can recompute from a guessed name, the same in every section), and
    that it draws for the report's offline page."""
    return {
        "db": str(source.path),
        "redact": redact,
        "redact_key": secrets.token_hex(16) if redact else None,
        "report": True,
    }


def build_report(
    db: Path,
    out: Path,
    notebooks: Sequence[Path] | None = None,
    redact: bool = False,
    on_start: Callable[[Path], None] | None = None,
    on_done: Callable[[SectionResult], None] | None = None,
    jobs: int = 1,
) -> ReportResult:
    """Execute `notebooks` (default: every notebook) against `db` and write the report to `out`."""
    with open_source(db) as source:
        return render_report(source, out, notebooks, redact, on_start, on_done, jobs)


def render_report(
    source: Source,
    out: Path,
    notebooks: Sequence[Path] | None = None,
    redact: bool = False,
    on_start: Callable[[Path], None] | None = None,
    on_done: Callable[[SectionResult], None] | None = None,
    jobs: int = 1,
    left_out: Sequence[Path] = (),
) -> ReportResult:
    """Execute `notebooks` on the opened `source` and write the report to `out`.

    The notebooks share one kernel, started once (`jobs` > 1: that many kernels, each reused); the
    sections keep the notebooks' order whatever finishes first. `left_out`: notebooks the page names as
    left out (`report --sections`)."""
    started = time.perf_counter()
    paths = list(notebooks) if notebooks is not None else notebooks_in()
    result = ReportResult(out=out, coverage=source.coverage)
    if not paths:
        raise UserError("no notebooks to run")
    with (
        KernelPool(min(jobs, len(paths)), paths[0].parent, report_parameters(source, redact)) as pool,
        ThreadPoolExecutor(max_workers=1) as side,
    ):
        bundle = side.submit(vega_bundle)  # about 1 s of vl-convert, done while the kernels work
        result.sections.extend(pool.run(paths, _section, on_start=on_start, on_done=on_done))
        bundle.result()
    import nbformat

    skipped = [notebook_title(nbformat.read(p, as_version=4), p.stem) for p in left_out]
    result.bytes = _write_private(
        out, render_page(result.sections, source.coverage, redacted=redact, left_out=skipped)
    )
    result.seconds = time.perf_counter() - started
    return result


def headlines(con: duckdb.DuckDBPyConnection, most: int = 3) -> list[str]:
    """The report's first findings (the overview's, worst first, in plain words), as terminal lines."""
    from linkedin_audit.analyses.history import same_rules
    from linkedin_audit.metric_catalog import STATUS_WORDS
    from linkedin_audit.report.findings import EARLIER_RULES, findings

    try:
        found = findings(con)
    except duckdb.Error:
        return []
    alarming = [f for f in found if f.status in ("high", "watch")]
    if not alarming:
        return ["findings: nothing at high or watch (the report's overview has the details)"]
    lines = [f"findings ({len(alarming)} at high or watch; worst first):"]
    for f in alarming[:most]:
        change = f"; {f.change}" if f.change else ""
        lines.append(f"  {STATUS_WORDS[f.status].split(':')[0]}: {f.sentence.rstrip('.')}{change}")
    if len(alarming) > most:
        lines.append(f"  ... and {len(alarming) - most} more in the report's overview")
    if any(f.change for f in alarming[:most]) and not same_rules(con):
        lines.append(f"  (the changes {EARLIER_RULES})")
    return lines


def run_report_command(
    db: Path, out: Path, redact: bool = False, jobs: int = 2, sections: str | None = None
) -> int:
    """The `report` command: a progress bar per notebook, a summary, every failure listed; 1 if any failed.
    `sections` (comma-separated names, `section_name`): only those notebooks; the page names the others.
    It reads one state of the database: the lock an ingest holds is held shared throughout, so the report
    waits (saying so) for an ingest that runs, and an ingest started meanwhile waits for the report."""
    from linkedin_audit.ingest import guard

    paths, left_out = choose_sections(notebooks_in(), sections)  # a wrong name fails before any wait
    with guard.reading(db):
        return _report_command(db, out, redact, jobs, paths, left_out)


def _report_command(
    db: Path, out: Path, redact: bool, jobs: int, paths: list[Path], left_out: list[Path]
) -> int:
    import sys

    from rich.console import Console

    from linkedin_audit.ingest.progress import LeftReader

    console = Console(file=cast(TextIO, LeftReader(sys.stderr)))  # a reader who leaves never stops the report
    with open_source(db) as source:  # a database that cannot be read fails here, before any progress bar
        return _report_progress(console, source, out, paths, redact, jobs, left_out)


def _report_progress(
    console: Console,
    source: Source,
    out: Path,
    paths: list[Path],
    redact: bool,
    jobs: int,
    left_out: list[Path],
) -> int:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from linkedin_audit.report.notebook_kernel import ensure_kernel

    with contextlib.suppress(OSError):  # the notebooks' kernel, for opening them later (the report runs
        ensure_kernel()  # them in this interpreter's own `python3` kernel: kernels.py)
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("notebooks", total=len(paths))

        running: list[str] = []

        def started(path: Path) -> None:
            running.append(path.name)
            progress.update(task, description="running " + ", ".join(running))

        def done(section: SectionResult) -> None:
            mark = "[red]failed[/red]" if section.failed else "[green]ok[/green]"
            progress.console.print(f"  {section.name}: {mark} ({section.seconds:.1f} s)")
            running.remove(section.name)
            label = "running " + ", ".join(running) if running else "done"
            progress.update(task, advance=1, description=label)

        result = render_report(
            source, out, paths, redact, on_start=started, on_done=done, jobs=jobs, left_out=left_out
        )
        progress.update(task, description="notebooks")
    console.print(result.coverage)
    console.print(
        f"wrote {out} ({result.bytes / 1e6:.1f} MB, {len(result.sections)} notebooks, {result.seconds:.0f} s)"
    )
    if left_out:
        console.print(
            f"left out (--sections): {', '.join(section_name(p) for p in left_out)}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    for line in headlines(source.con):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    console.print(f"open {out.resolve().as_uri()}", markup=False, highlight=False, soft_wrap=True)
    if result.failures:
        console.print(f"[red]{len(result.failures)} notebook(s) failed:[/red]")
        for section in result.failures:
            console.print(f"  {section.name}: {section.error}", markup=False, highlight=False)
        return 1
    return 0
