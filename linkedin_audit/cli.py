"""The `linkedin-audit` command: thin commands over the package (each does argument handling only).

Errors a user can cause (bad paths, bad exports, a locked database) are raised as `UserError` anywhere in the
package and printed here as one sentence with exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linkedin_audit.config import default_db_path
from linkedin_audit.errors import UserError

app = typer.Typer(
    help="An honest, local audit of how you network, from your own LinkedIn data export.\n\n"
    "Typical use: `linkedin-audit ingest Complete_LinkedInDataExport_03-01-2026.zip` then "
    "`linkedin-audit report`. Nothing leaves your machine.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file (default: $LINKEDIN_AUDIT_DB or data/linkedin.duckdb)."),
]


def _db(db: Path | None) -> Path:
    return db if db is not None else default_db_path()


def _fail(err: UserError) -> typer.Exit:
    typer.secho(f"error: {err}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=err.exit_code)


@app.command()
def report(
    db: DbOption = None,
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")] = Path("reports/report.html"),
    redact: Annotated[bool, typer.Option("--redact", help="Replace people's names, URLs and e-mails by "
                                         "pseudonyms so the report can be shared.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Notebooks run at once.")] = 2,
) -> None:
    """Run every notebook on the database and write one self-contained HTML report (works offline)."""
    from linkedin_audit.report.render import run_report_command

    try:
        code = run_report_command(_db(db), out, redact=redact, jobs=jobs)
    except UserError as err:
        raise _fail(err) from None
    raise typer.Exit(code=code)


ThresholdsOption = Annotated[
    Path | None, typer.Option("--thresholds", help="A TOML file overriding keys of the default thresholds.")
]


def _thresholds(path: Path | None):  # noqa: ANN202 - Thresholds, imported lazily
    from linkedin_audit.config import load_thresholds

    if path is not None and not path.exists():
        raise UserError(f"thresholds file {path} does not exist")
    try:
        return load_thresholds(path)
    except ValueError as exc:
        raise UserError(f"{path}: {exc}") from None


@app.command()
def ingest(
    exports: Annotated[list[Path], typer.Argument(help="Export ZIP(s) or unzipped folder(s).")],
    db: DbOption = None,
    new_db: Annotated[bool, typer.Option("--new-db", help="Start a fresh database (replaces --db).")] = False,
    thresholds: ThresholdsOption = None,
) -> None:
    """Read one or more exports into the database (merging history), then run the analyses."""
    from linkedin_audit.ingest.load import run_ingest
    from linkedin_audit.ingest.progress import console as make_console
    from linkedin_audit.status import ingest_tables

    try:
        summary = run_ingest(exports, _db(db), new_db=new_db, thresholds=_thresholds(thresholds))
    except UserError as err:
        raise _fail(err) from None
    from linkedin_audit.locate import record_last_db

    record_last_db(summary.db_path)  # notebooks started anywhere (JupyterLab) find this database
    console = make_console()
    if summary.noop:
        console.print(f"already ingested: {', '.join(e.name for e in summary.exports)}; the database "
                      f"{summary.db_path} is unchanged")
        return
    for table in ingest_tables(summary):
        console.print(table)
    for export in summary.exports:
        for member in export.unknown:
            console.print(f"unknown file (not loaded): {member} in {export.name}", soft_wrap=True)
    console.print(f"ingested into {summary.db_path} in {summary.seconds:.1f} s")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def lab(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option(
        "--db", help="DuckDB file (default: $LINKEDIN_AUDIT_DB, else the last ingest's database, else "
        "data/linkedin.duckdb).")] = None,
    folder: Annotated[Path | None, typer.Option(
        "--dir", help="Open this folder, copying in the notebooks it lacks (default: the checkout's "
        "notebooks/, or ./linkedin-audit-notebooks for an installed package).")] = None,
) -> None:
    """Open JupyterLab on the notebooks, reading your database. Extra options go to `jupyter lab`
    (e.g. `linkedin-audit lab --no-browser --port 8888`)."""
    from linkedin_audit.lab import lab_command

    try:
        code = lab_command(db, ctx.args, folder)
    except UserError as err:
        raise _fail(err) from None
    raise typer.Exit(code=code)


@app.command()
def analyse(db: DbOption = None, thresholds: ThresholdsOption = None) -> None:
    """Recompute every analysis relation of the database (e.g. after changing thresholds)."""
    from linkedin_audit.analyses import materialize_all
    from linkedin_audit.ingest.database import connect

    path = _db(db)
    try:
        if not path.exists():
            raise UserError(f"no database at {path}; run `linkedin-audit ingest EXPORT` first")
        con = connect(path)
        try:
            con.execute("BEGIN TRANSACTION")
            metrics = materialize_all(con, _thresholds(thresholds))
            con.execute("COMMIT")
        finally:
            con.close()
    except UserError as err:
        raise _fail(err) from None
    typer.echo(f"{len(metrics)} metrics written to audit_summary in {path}")


@app.command()
def status(db: DbOption = None) -> None:
    """What the database holds: exports, files, unknown files, rows per table, parse failures."""
    from linkedin_audit.status import status as show

    try:
        show(_db(db))
    except UserError as err:
        raise _fail(err) from None


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One SQL query (the database is opened read-only).")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Run a read-only SQL query against the database."""
    from linkedin_audit.sqlcmd import run_sql

    try:
        run_sql(query, _db(db), fmt)
    except UserError as err:
        raise _fail(err) from None


@app.command()
def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the export(s) and truth files into.")],
    scale: Annotated[
        str, typer.Option("--scale", help="tiny, small, max, or a number of connections.")
    ] = "small",
    era: Annotated[int, typer.Option("--era", help="Export format: 2018, 2022, 2024 or 2026.")] = 2026,
    history: Annotated[int, typer.Option("--history", help="How many successive exports to write.")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same bytes.")] = 0,
    as_zip: Annotated[bool, typer.Option("--zip", help="Write ZIP archives instead of folders.")] = False,
) -> None:
    """Write a synthetic LinkedIn export with known truth (no real person's data)."""
    from rich.progress import Progress

    from linkedin_audit.synth import generate

    try:
        with Progress(transient=True, disable=scale in ("tiny", "small")) as bar:
            task = bar.add_task("planning", total=1.0)

            def report(step: str, fraction: float) -> None:
                bar.update(task, completed=fraction, description=step)

            paths = generate(out, scale=scale, era=era, history=history, seed=seed, zip=as_zip,
                             progress=report)
    except UserError as err:
        raise _fail(err) from None
    for p in paths:
        typer.echo(str(p))


@app.command()
def refresh(
    folder: Annotated[Path, typer.Argument(help="The folder your LinkedIn exports are downloaded to.")],
    db: DbOption = None,
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")] = Path("reports/report.html"),
    thresholds: ThresholdsOption = None,
    force: Annotated[bool, typer.Option("--force", help="Rewrite the report even when nothing is new.")]
    = False,
    redact: Annotated[bool, typer.Option("--redact", help="Pseudonymise people, as `report --redact`.")]
    = False,
) -> None:
    """For schedules: ingest the newest export in FOLDER into the history, then rewrite the report.

    The newest is chosen by the date in LinkedIn's archive name (MM-DD-YYYY); an export already ingested is
    recognised and not loaded twice, and with nothing new the report is left as it is (unless --force), so
    running this every day is harmless."""
    from linkedin_audit.ingest.load import run_ingest
    from linkedin_audit.report.render import run_report_command
    from linkedin_audit.schedule import newest_export

    try:
        newest = newest_export(folder)
        typer.echo(f"newest export: {newest}")
        summary = run_ingest([newest], _db(db), thresholds=_thresholds(thresholds))
        if summary.noop and out.exists() and not force:
            typer.echo(f"nothing new: {newest.name} is already ingested and {out} is up to date "
                       "(--force rewrites it)")
            raise typer.Exit(code=0)
        typer.echo("already ingested; database unchanged" if summary.noop
                   else f"ingested into {summary.db_path} in {summary.seconds:.1f} s")
        code = run_report_command(_db(db), out, redact=redact)
    except UserError as err:
        raise _fail(err) from None
    raise typer.Exit(code=code)
