"""`linkedin-audit lists`: every action list of the report as files (report/list_files.py does the work)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from linkedin_audit.cli.app import DbOption, app
from linkedin_audit.cli.app import db_or_default as _db
from linkedin_audit.errors import UserError

if TYPE_CHECKING:
    import duckdb


@app.command()
def lists(
    db: DbOption = None,
    out: Annotated[
        Path, typer.Option("--out", help="The folder to write the files into (created when missing).")
    ] = Path("reports/lists"),
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="csv (one file per list), tsv, json, or xlsx (one workbook, a sheet per list).",
        ),
    ] = "csv",
) -> None:
    """Write every action list of the report as files, for a spreadsheet or a CRM.

    Dormant ties, follow instead, unanswered messages, pending and incoming invitations, your templates:
    complete, with profile URLs; text cells a spreadsheet would run as formulas are prefixed with ' (as
    the report's download does); files readable by you only."""
    from linkedin_audit import build_version
    from linkedin_audit.cli.paths import readable_db
    from linkedin_audit.cli.terminal import visible
    from linkedin_audit.report.list_files import FORMATS, write_lists

    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file, not a folder")
    path = readable_db(_db(db))
    con = _read_only(path)
    try:
        if build_version.analysed_by_another(con):  # lists of another shape, or by other rules
            raise UserError(build_version.stale_message(path))
        try:
            written = write_lists(con, out, fmt)
        except OSError as exc:
            raise UserError(f"cannot write in {out}: {exc.strerror or exc}") from None
    finally:
        con.close()
    for title, file, rows in written:
        if file is None:
            typer.echo(visible(f"{title}: not in this database (its analysis has not run)"))
        else:
            typer.echo(visible(f"{title}: {rows:,} row{'s' * (rows != 1)} in {file}"))


def _read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """The notebooks' read-only connection (report/notebook_helpers.connect, the path given) without
    importing their charts: altair, through jsonschema, costs about a CPU second to import."""
    import duckdb

    from linkedin_audit.ingest.database import READ_ONLY_LOCKDOWN

    return duckdb.connect(str(path), read_only=True, config=READ_ONLY_LOCKDOWN)
