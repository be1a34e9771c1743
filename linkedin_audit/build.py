"""The one path from export to database: load -> model -> analyses -> history, in one transaction.

This is what the CLI (`ingest`, `refresh`, `analyse`) calls; each layer it runs imports only the layers below
it: `ingest` loads the exports' files and builds the model, `analyses` computes the measures from the model,
`analyses.history` keeps each export's summary.

Atomicity (ingest/database.py). A new database (or `--new-db`) is built in a temporary file next to
the target and moved into place with an atomic rename only when everything succeeded. An existing database is
updated inside ONE DuckDB transaction, so a failure or a SIGKILL leaves it exactly as before (DuckDB never
makes an uncommitted transaction visible). Choice: building updates into a copy would add a full file copy
to every ingest (0.45 s for the 300 MB max-scale database, measured) and double the disk space, while the
transaction costs nothing extra; first builds use the rename, which also leaves no half-made file behind.

Re-ingesting an export whose fingerprint is in `exports` is a no-op decided from a read-only look at the
database and the archive's directory (no extraction): 0.3-0.5 s at max scale."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from linkedin_audit import analyses, build_version
from linkedin_audit.analyses.common import Metric
from linkedin_audit.analyses.history import record_history
from linkedin_audit.config import Thresholds
from linkedin_audit.db import first_row, relation_exists
from linkedin_audit.errors import UserError
from linkedin_audit.ingest import archive
from linkedin_audit.ingest.database import Outcome, connect, existing, target
from linkedin_audit.ingest.guard import exclusive, interruptible, tell
from linkedin_audit.ingest.load import MODEL_TABLES, ExportReport, IngestSummary, ingest_one, init_database
from linkedin_audit.ingest.model import build_model, define_staging
from linkedin_audit.ingest.prefetch import opened_in_turn
from linkedin_audit.ingest.progress import IngestProgress
from linkedin_audit.network import profile


def run_analyses(
    con: duckdb.DuckDBPyConnection,
    thresholds: Thresholds | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Metric]:
    """Every analysis relation from the model (inside the caller's transaction, if any), then the newest
    export's rows of `audit_history`."""
    metrics = analyses.materialize_all(con, thresholds, progress=progress)
    profile.materialize(con)  # connection_profile (the network layer, above the analyses): no headline metric
    record_history(con, build_version.code_version())  # keeps each export's summary across ingests
    return metrics


def rebuild(
    con: duckdb.DuckDBPyConnection,
    thresholds: Thresholds | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Metric]:
    """The analyses (as `analyse` asks), after the staging views and the model are rebuilt from the raw layer
    when another version of the code built them (build_version.py); then this version's stamp."""
    if not build_version.is_current(con):
        init_database(con)
        define_staging(con)
        build_model(con)
    metrics = run_analyses(con, thresholds, progress=progress)
    build_version.stamp(con)
    return metrics


def _analysed_by_another_version(db_path: Path) -> bool:
    """Whether `db_path` holds exports whose model and analyses another version of the code built."""
    if not db_path.exists():
        return False
    con = connect(db_path, read_only=True)
    try:
        return not build_version.is_current(con)
    finally:
        con.close()


def run_ingest(
    paths: Sequence[Path | str],
    db_path: Path | str,
    *,
    new_db: bool = False,
    thresholds: Thresholds | None = None,
    analyse: bool = True,
    progress: bool = True,
    same_owner: bool = False,
    use: Sequence[str] = (),
    notify: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Ingest `paths` (ZIPs or folders) into `db_path`; see the module docstring for the guarantees.
    `same_owner` merges an export that cannot name its owner even when its connections do not match the
    history's; `use` names the member files to load where an export holds differing copies of one file."""
    started = time.perf_counter()
    db_path = Path(db_path)
    inputs = [Path(p) for p in paths]
    if not inputs:
        raise UserError("give at least one export (a ZIP or an unzipped folder)")
    for p in inputs:
        archive.check_input(p)
    inputs = _with_folders_of_exports(inputs, notify)
    if db_path.is_dir():
        raise UserError(f"{db_path} is a folder, not a database file; give --db a file name")
    with interruptible(), exclusive(db_path, notify):
        options = _Options(new_db, thresholds, analyse, progress, same_owner, tuple(use))
        return _run_locked(inputs, db_path, options, started)


def _with_folders_of_exports(inputs: list[Path], notify: Callable[[str], None] | None) -> list[Path]:
    """A folder of exports (`data/sample`, a folder of monthly downloads) stands for its exports
    (archive.exports_in_folder), ingested as if named one by one (oldest first); what it passes over at the
    folder's top level is named, never skipped in silence."""
    say = notify or tell
    out: list[Path] = []
    for p in inputs:
        found = archive.exports_in_folder(p)
        if found.exports:
            names = ", ".join(z.name for z in found.exports)
            n = len(found.exports)
            say(f"{p} holds {n} export{'s' if n != 1 else ''}: ingesting {names}")
        if found.passed_over:
            left = ", ".join(o.name for o in found.passed_over)
            say(f"not ingested (not named like LinkedIn's exports): {left}; name one to ingest it")
        out += found.exports or [p]
    return out


@dataclass(frozen=True)
class _Options:
    new_db: bool
    thresholds: Thresholds | None
    analyse: bool
    progress: bool
    same_owner: bool
    use: tuple[str, ...]


def _run_locked(inputs: list[Path], db_path: Path, options: _Options, started: float) -> IngestSummary:
    """The ingest proper, with the database's lock held from the look at its exports to the rename."""
    new_db, thresholds = options.new_db, options.thresholds
    analyse, progress = options.analyse, options.progress
    fingerprints = {p: archive.fingerprint_of(p) for p in inputs}
    known, owner = (set(), None) if new_db else existing(db_path)
    order = sorted(inputs, key=lambda p: (archive.export_date_from_name(p.name) or dt.date.max, str(p)))
    reports = [ExportReport(p.name, None, True) for p in order if fingerprints[p] in known]
    todo, seen = [], set(known)
    for p in order:
        if fingerprints[p] not in seen:
            todo.append(p)
            seen.add(fingerprints[p])
        elif fingerprints[p] not in known:
            reports.append(ExportReport(p.name, None, True))
    rebuilt = not todo and not new_db and analyse and _analysed_by_another_version(db_path)
    if not todo and not rebuilt:
        summary = IngestSummary(db_path, reports, seconds=time.perf_counter() - started)
        return summary
    bar = IngestProgress(progress)
    outcome = Outcome()
    with bar, target(db_path, new_db, outcome) as con:
        init_database(con)
        if owner is None and not new_db:
            row = (
                first_row(con.execute("SELECT url_key, name_key(name) FROM me"))
                if relation_exists(con, "me")
                else None
            )
            owner = (row[0], row[1]) if row else None
        with opened_in_turn(todo, options.use) as opened_exports:
            for i, opened in enumerate(opened_exports):
                reports.append(
                    ingest_one(con, opened, fingerprints[opened.path], owner, bar, options.same_owner)
                )
                if owner is None:
                    row = first_row(
                        con.execute(
                            "SELECT url_key, name_key FROM meta.owner_by_export "
                            "ORDER BY export_id DESC LIMIT 1"
                        )
                    )
                    owner = (row[0], row[1]) if row else None
                if analyse and i < len(todo) - 1:
                    _history_of_this_export(con, thresholds, bar)
        bar.step("model")
        if rebuilt:
            define_staging(con)  # no export was loaded, which is when staging is defined
        build_model(con)
        if analyse:
            bar.step("analyses")
            run_analyses(con, thresholds, progress=bar.step)
            build_version.stamp(con)
        summary = IngestSummary(db_path, reports, rebuilt=rebuilt)
        counts = " UNION ALL ".join(f"SELECT {i}, count(*) FROM {t}" for i, t in enumerate(MODEL_TABLES))
        rows = dict(con.execute(counts).fetchall())  # one statement, not one per table
        summary.table_rows = {t: int(rows[i]) for i, t in enumerate(MODEL_TABLES)}
        summary.parse_failures = [
            tuple(r)
            for r in con.execute(  # type: ignore[misc]
                "SELECT e.name, source, column_name, failures, example FROM parse_failures "
                "JOIN exports e USING (export_id) ORDER BY ALL"
            ).fetchall()
        ]
        me = first_row(con.execute("SELECT name, profile_url FROM me"))
        if me:
            summary.owner_name, summary.owner_url = me
    summary.backup, summary.warning = outcome.backup, outcome.warning
    summary.seconds = time.perf_counter() - started
    return summary


def _history_of_this_export(
    con: duckdb.DuckDBPyConnection, thresholds: Thresholds | None, bar: IngestProgress
) -> None:
    """Several exports in one command: each but the last gets its `audit_history` rows from the model as of
    that export (oldest first), as if ingested by a command of its own; the last one's come after the loop."""
    bar.step("model")
    build_model(con)
    bar.step("analyses")
    run_analyses(con, thresholds, progress=bar.step)
