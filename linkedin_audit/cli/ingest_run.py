"""Running an ingest for the CLI: the thresholds option and file, interruptions (Ctrl-C, SIGTERM) as one
line, the user's errors as one `error:` line, and the one warning line for what the ingest repaired."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linkedin_audit.cli.app import fail as _fail
from linkedin_audit.cli.app import note_interrupt_reported
from linkedin_audit.errors import UserError

ThresholdsOption = Annotated[
    Path | None, typer.Option("--thresholds", help="A TOML file overriding keys of the default thresholds.")
]


def _thresholds(path: Path | None):  # noqa: ANN202 - Thresholds, imported lazily
    from linkedin_audit.config import load_thresholds

    if path is not None and not path.exists():
        raise UserError(f"thresholds file {path} does not exist")
    if path is not None and not path.is_file():
        raise UserError(f"thresholds file {path} is a folder, not a TOML file")
    try:
        return load_thresholds(path)
    except OSError as exc:
        raise UserError(f"cannot read the thresholds file {path}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(f"thresholds file {path}: {exc}") from None


def _interrupted(exc: BaseException) -> typer.Exit:
    """Ctrl-C (130) or SIGTERM (143) during an ingest: one line; the ingest's clean-up has already run."""
    from linkedin_audit.ingest import guard

    signum = getattr(exc, "exit_code", 0) - 128 if isinstance(exc, guard.Interrupted) else guard.received
    code = 128 + (signum or 2)
    note_interrupt_reported()
    typer.secho(
        f"error: interrupted ({'SIGTERM' if code == 143 else 'Ctrl-C'}); the database is as it was "
        "before this ingest and no extracted file is left behind",
        fg=typer.colors.RED,
        err=True,
    )
    return typer.Exit(code=code)


def _run_ingest(exports: list[Path], db: Path, **kwargs):  # noqa: ANN003, ANN202 - run_ingest's own
    """run_ingest with the user's errors and interruptions as one line each."""
    from linkedin_audit.build import run_ingest
    from linkedin_audit.ingest import guard

    try:
        summary = run_ingest(exports, db, **kwargs)
    except UserError as err:
        raise _fail(err) from None
    except BaseException as exc:
        # a signal inside a DuckDB query comes back as DuckDB's own error ("Query interrupted")
        late = guard.signalled_after_save()
        if late is None and (isinstance(exc, KeyboardInterrupt | guard.Interrupted) or guard.received):
            raise _interrupted(exc) from None
        raise
    late = guard.signalled_after_save()
    if late is not None:  # the stop came when the export was already in: say so, and stop there
        name = "SIGTERM" if late == 15 else "Ctrl-C"
        typer.secho(
            f"warning: {name} arrived after the export was saved; {summary.db_path} holds it "
            "(the summary is not shown)",
            fg=typer.colors.YELLOW,
            err=True,
        )
        note_interrupt_reported()
        raise typer.Exit(code=0)
    return summary


def _repair_warning(summary) -> str | None:  # noqa: ANN001 - IngestSummary, imported lazily
    """The one warning line for what the ingest repaired, kept out, skipped or loaded once."""
    parts = []
    for e in summary.exports:
        # what a note names (files concatenated, a column named twice) is not counted again as a repair
        said = ("kept out", "not loaded", "a repeated", "column ")
        fixed = [(f, line) for f, line, what in e.repairs if not what.startswith(said)]
        repaired, files = len(set(fixed)), len({f for f, _ in fixed})
        if repaired:
            parts.append(f"{repaired} line{'s' * (repaired > 1)} repaired in {files} file{'s' * (files > 1)}")
        if e.rejected:
            parts.append(f"{e.rejected} line{'s' * (e.rejected > 1)} kept out in raw.rejected_lines")
        parts += e.notes
    if not parts:
        return None
    return "warning: " + "; ".join(dict.fromkeys(parts)) + " (details below and in `linkedin-audit status`)"


def _thresholds_or_fail(path: Path | None):  # noqa: ANN202 - Thresholds, imported lazily
    try:
        return _thresholds(path)
    except UserError as err:
        raise _fail(err) from None
