"""The commands that ingest, analyse and report: `ingest`, `refresh`, `analyse`, `status`, `report`,
`lab`, `synth` (each does argument handling only; the package does the work)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from linkedin_audit.cli.app import DbOption, app
from linkedin_audit.cli.app import db_or_default as _db
from linkedin_audit.cli.app import fail as _fail
from linkedin_audit.cli.ingest_run import (
    ThresholdsOption,
    _repair_warning,
    _run_ingest,
    _thresholds,
    _thresholds_or_fail,
)
from linkedin_audit.errors import UserError

JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        min=1,
        help="Kernels that run the notebooks at once, 1 or more (each reused; 1 uses the least memory).",
    ),
]
SectionsOption = Annotated[
    str | None,
    typer.Option(
        "--sections",
        metavar="NAMES",
        help="Only these sections, comma-separated, for a quicker look (e.g. overview,actions); the page "
        "names the ones left out. Sections: overview, invitations, sending, replies, ties, network, "
        "actions, network_reach, activity.",
    ),
]


@app.command()
def report(
    db: DbOption = None,
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")] = Path("reports/report.html"),
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="Replace people's names, URLs and e-mails by pseudonyms so the report can be shared.",
        ),
    ] = False,
    jobs: JobsOption = 2,
    sections: SectionsOption = None,
) -> None:
    """Run the notebooks on the database and write one self-contained HTML report (works offline)."""
    from linkedin_audit.cli.paths import readable_db, writable_output

    readable_db(_db(db))
    writable_output(out)  # before any notebook runs: a bad --out fails in a second, not after minutes
    from linkedin_audit.report.render import run_report_command

    try:
        code = run_report_command(_db(db), out, redact=redact, jobs=jobs, sections=sections)
    except UserError as err:
        raise _fail(err) from None
    raise typer.Exit(code=code)


@app.command()
def ingest(
    exports: Annotated[
        list[Path],
        typer.Argument(
            help="Export ZIP(s) or unzipped folder(s); a folder of export ZIPs (a Downloads "
            "folder) stands for the exports in it named like LinkedIn's, oldest first."
        ),
    ],
    db: DbOption = None,
    new_db: Annotated[
        bool,
        typer.Option(
            "--new-db",
            help="Start a fresh database from these exports only. "
            "An existing --db file is not deleted: it is kept beside it as "
            "NAME.backup-YYYYMMDD-HHMMSS (readable by you only), and the "
            "command says so.",
        ),
    ] = False,
    thresholds: ThresholdsOption = None,
    same_owner: Annotated[
        bool,
        typer.Option(
            "--same-owner",
            help="Merge an export that does not name its "
            "owner even when few of its connections are in the history "
            "(it is yours).",
        ),
    ] = False,
    use: Annotated[
        list[str] | None,
        typer.Option(
            "--use",
            help="Where an export holds differing copies of "
            "one file (messages.csv, messages 2.csv), the one to load, "
            "named as inside the export. Repeatable.",
        ),
    ] = None,
) -> None:
    """Read one or more exports into the database (merging history), then run the analyses."""
    from linkedin_audit.cli.paths import writable_db
    from linkedin_audit.cli.status import ingest_tables
    from linkedin_audit.cli.terminal import visible
    from linkedin_audit.ingest.load import SHOWN_UNKNOWN
    from linkedin_audit.ingest.progress import console as make_console

    writable_db(_db(db))
    summary = _run_ingest(
        exports,
        _db(db),
        new_db=new_db,
        thresholds=_thresholds_or_fail(thresholds),
        same_owner=same_owner,
        use=tuple(use or ()),
    )
    from linkedin_audit.state import record_last_db

    record_last_db(summary.db_path)  # notebooks started anywhere (JupyterLab) find this database
    console = make_console()
    if summary.noop:
        console.print(
            visible(
                f"already ingested: {', '.join(e.name for e in summary.exports)}; the database "
                f"{summary.db_path} is unchanged"
            )
        )
        return
    if summary.rebuilt:
        console.print(
            visible(
                f"already ingested: {', '.join(e.name for e in summary.exports)}; another version of "
                "linkedin-audit had analysed them, so the model and analyses were rebuilt (exports not read "
                "again)"
            )
        )
    warning = _repair_warning(summary)
    if warning:
        typer.secho(warning, fg=typer.colors.YELLOW, err=True)
    if summary.warning:
        typer.secho(f"warning: {summary.warning}", fg=typer.colors.YELLOW, err=True)
    for table in ingest_tables(summary):
        console.print(table)
    for export in summary.exports:
        for member in export.unknown if len(export.unknown) <= SHOWN_UNKNOWN else ():  # else in the warning
            console.print(visible(f"unknown file (not loaded): {member} in {export.name}"), soft_wrap=True)
    if summary.backup is not None:
        console.print(visible(f"the previous database is kept as {summary.backup}"), soft_wrap=True)
    console.print(f"ingested into {summary.db_path} in {summary.seconds:.1f} s")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def lab(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="DuckDB file (default: $LINKEDIN_AUDIT_DB, else the last ingest's database, else "
            "data/linkedin.duckdb).",
            readable=False,  # checked by lab_command: one `error:` line, not a usage error
        ),
    ] = None,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            help="Open this folder, copying in the notebooks it lacks (default: the checkout's "
            "notebooks/, or ./linkedin-audit-notebooks for an installed package).",
        ),
    ] = None,
) -> None:
    """Open JupyterLab on the notebooks, reading your database. Extra options go to `jupyter lab`
    (e.g. `linkedin-audit lab --no-browser --port 8888`)."""
    from linkedin_audit.cli.lab import lab_command

    try:
        code = lab_command(db, ctx.args, folder)
    except UserError as err:
        raise _fail(err) from None
    raise typer.Exit(code=code)


@app.command()
def analyse(db: DbOption = None, thresholds: ThresholdsOption = None) -> None:
    """Recompute every analysis relation of the database (e.g. after changing thresholds).

    A database another version of linkedin-audit analysed gets its model rebuilt first, from the exports'
    rows it keeps (the export files are not read again)."""
    from linkedin_audit.build import rebuild
    from linkedin_audit.cli.paths import writable_db
    from linkedin_audit.db import first_row, main_tables
    from linkedin_audit.ingest.database import connect, foreign

    path = writable_db(_db(db), must_exist=True)
    chosen = _thresholds(thresholds)
    con = connect(path)
    try:
        refusal = foreign(con, path, then="it is left untouched (give --db your linkedin-audit database)")
        if refusal is not None:
            raise refusal
        present = main_tables(con)
        if "exports" not in present or not first_row(con.execute("SELECT count(*) FROM exports"))[0]:  # type: ignore[index]
            raise UserError(f"{path} holds no ingested export; run `linkedin-audit ingest EXPORT` first")
        con.execute("BEGIN TRANSACTION")
        metrics = rebuild(con, chosen)  # the model too, when another version of the code built it
        con.execute("COMMIT")
    finally:
        con.close()
    typer.echo(f"{len(metrics)} metrics written to audit_summary in {path}")


@app.command()
def status(
    db: DbOption = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Check the database against the contracts (docs/schema.md): one line per failed contract, "
            "exit 1 when any fails.",
        ),
    ] = False,
) -> None:
    """What the database holds: exports, files, unknown files, rows per table, parse failures."""
    from linkedin_audit.cli.paths import path_tip, readable_db
    from linkedin_audit.cli.status import check_contracts
    from linkedin_audit.cli.status import status as show

    tip = path_tip()
    if tip:
        sys.stderr.write(tip + "\n")
        sys.stderr.flush()
    if check:
        raise typer.Exit(code=check_contracts(readable_db(_db(db))))
    show(readable_db(_db(db)))


@app.command()
def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the export(s) and truth files into.")],
    scale: Annotated[
        str,
        typer.Option(
            "--scale",
            help="tiny, small, max, or a number of connections; typical: 3,700 connections and 2,000 "
            "messages (the export most members have); receiver: a member who sends few "
            "invitations, accepts many canned ones and copies few messages.",
        ),
    ] = "small",
    era: Annotated[int, typer.Option("--era", help="Export format: 2018, 2022, 2024 or 2026.")] = 2026,
    history: Annotated[int, typer.Option("--history", help="How many successive exports to write.")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same bytes.")] = 0,
    as_zip: Annotated[bool, typer.Option("--zip", help="Write ZIP archives instead of folders.")] = False,
    days_apart: Annotated[
        int | None,
        typer.Option(
            "--days-apart",
            help="Days between successive exports (default: 100-140 at random; 30 for a monthly exporter).",
            show_default=False,
        ),
    ] = None,
    renamed_days: Annotated[
        int,
        typer.Option(
            "--renamed-days",
            help="Name the newest export this many days before its date (a renamed copy: the ingest "
            "dates it by its newest record and warns).",
        ),
    ] = 0,
    half_hour_zone: Annotated[
        bool,
        typer.Option(
            "--half-hour-zone",
            help="The member lives in India (UTC+5:30; the profile says Bengaluru, except in 2018).",
        ),
    ] = False,
) -> None:
    """Write a synthetic LinkedIn export with known truth (no real person's data)."""
    from rich.progress import Progress

    from linkedin_audit.synth import generate

    try:
        with Progress(transient=True, disable=scale in ("tiny", "small")) as bar:
            task = bar.add_task("planning", total=1.0)

            def report(step: str, fraction: float) -> None:
                bar.update(task, completed=fraction, description=step)

            paths = generate(
                out,
                scale=scale,
                era=era,
                history=history,
                seed=seed,
                zip=as_zip,
                progress=report,
                days_apart=days_apart,
                renamed_days=renamed_days,
                half_hour_zone=half_hour_zone,
            )
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
    force: Annotated[
        bool, typer.Option("--force", help="Rewrite the report even when nothing is new.")
    ] = False,
    redact: Annotated[
        bool, typer.Option("--redact", help="Pseudonymise people, as `report --redact`.")
    ] = False,
    jobs: JobsOption = 2,
    sections: SectionsOption = None,
) -> None:
    """For schedules: ingest the newest export in FOLDER into the history, then rewrite the report.

    The newest is chosen by the date in LinkedIn's archive name (MM-DD-YYYY); an export already ingested is
    recognised and not loaded twice, and with nothing new the report is left as it is (unless --force), so
    running this every day is harmless. Other files, and names dated in the future, are ignored."""
    from linkedin_audit.cli.paths import writable_db, writable_output
    from linkedin_audit.ingest.schedule import newest_export
    from linkedin_audit.report.render import choose_sections, notebooks_in, run_report_command

    writable_db(_db(db))
    writable_output(out)
    try:
        choose_sections(notebooks_in(), sections)  # a wrong name fails before the ingest, not after it
        newest = newest_export(folder)
    except UserError as err:
        raise _fail(err) from None
    typer.echo(f"newest export: {newest}")
    summary = _run_ingest([newest], _db(db), thresholds=_thresholds_or_fail(thresholds), progress=False)
    warning = _repair_warning(summary) if not summary.noop else None
    if warning:
        typer.secho(warning, fg=typer.colors.YELLOW, err=True)
    if summary.warning:
        typer.secho(f"warning: {summary.warning}", fg=typer.colors.YELLOW, err=True)
    if summary.noop and out.exists() and not force:
        typer.echo(
            f"nothing new: {newest.name} is already ingested and {out} is up to date (--force rewrites it)"
        )
        raise typer.Exit(code=0)
    typer.echo(
        "already ingested; database unchanged"
        if summary.noop
        else f"ingested into {summary.db_path} in {summary.seconds:.1f} s"
    )
    try:
        code = run_report_command(_db(db), out, redact=redact, jobs=jobs, sections=sections)
    except UserError as err:
        raise _fail(err) from None
    raise typer.Exit(code=code)
