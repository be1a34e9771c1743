"""The `linkedin-audit` command: thin commands over the package (each does argument handling only).

Errors a user can cause (bad paths, bad exports, a locked database) are raised as `UserError` anywhere in the
package; `App.__call__` is the one top-level handler that turns them, and anything unexpected, into one
`error:` line (errors.run_guarded), never a traceback."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from linkedin_audit import __version__
from linkedin_audit.config import default_db_path
from linkedin_audit.errors import UserError

HELP_NAMES = ["-h", "--help"]
PAIR = "NAME VALUE"
INTERRUPTED = "interrupted (Ctrl-C)"
_REPORTED: set[str] = set()


def _pairs(values: list[str] | None) -> dict[str, str]:
    """The `-p NAME VALUE` pairs: Typer hands each pair over as the text of a tuple."""
    import ast

    return dict(v if isinstance(v, tuple) else ast.literal_eval(v) for v in values or [])


class App(typer.Typer):
    """Typer, run under the one top-level error handler, with help texts free of type placeholders."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        """Every command turns a UserError into its `error:` line and exit code (in-process callers such as
        typer's CliRunner included); everything else is left to __call__'s handler."""
        register = super().command(*args, **kwargs)

        def decorate(function: Any) -> Any:
            @functools.wraps(function)
            def guarded(*a: Any, **k: Any) -> Any:
                try:
                    return function(*a, **k)
                except UserError as err:
                    raise _fail(err) from None
                except KeyboardInterrupt:  # Typer would turn it into a silent exit 130
                    _REPORTED.add("interrupt")
                    raise _fail(UserError(INTERRUPTED, exit_code=130)) from None

            register(guarded)
            return function

        return decorate

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from linkedin_audit.errors import debug_wanted, run_guarded

        debug, argv = debug_wanted(sys.argv[1:] if "args" not in kwargs else list(kwargs.pop("args")))

        argv = [_sql_comment_as_text(a) for a in argv]

        def main() -> Any:
            command = typer.main.get_command(self)
            _plain_metavars(command)
            try:
                code = command.main(args=argv, prog_name="linkedin-audit", standalone_mode=False)
                if code == 130 and "interrupt" not in _REPORTED:  # Ctrl-C before a command started
                    raise UserError(INTERRUPTED, exit_code=130)
                return code
            except typer.TyperException as exc:  # usage errors: click's own message and exit code 2
                show = getattr(exc, "show", None)
                if show is None:
                    raise
                show()
                return exc.exit_code
            except typer.Abort:
                raise UserError("aborted", exit_code=1) from None

        sys.exit(run_guarded(main, debug))


def _sql_comment_as_text(arg: str) -> str:
    """A query that begins with a SQL comment (`-- top 10\nSELECT ...`) is not an option: no option name
    holds whitespace. A leading space makes the parser take it as the argument it is (SQL ignores it)."""
    name = arg.split("=", 1)[0]
    return " " + arg if arg.startswith("--") and any(c.isspace() for c in name) else arg


def _plain_metavars(command: Any) -> None:
    """Typer's help shows `<bool>`, `<list[Path]>`, `{exports}`: name each value in capitals instead
    (PATH, TEXT, INTEGER), and nothing for flags."""
    for param in command.params:
        if param.metavar == PAIR:
            param.nargs = 2  # Typer cannot declare `-p NAME VALUE` pairs itself; see _pairs
        if param.metavar is not None:
            continue
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif param.param_type_name == "argument":
            param.metavar = param.name.upper().rstrip("S") if param.nargs == -1 else param.name.upper()
            param.display_type_rich = lambda ctx: None  # the name says it; no `<list[Path]>` beside it
            usage = param.metavar + ("..." if param.nargs != 1 else "")
            param._usage_display_name = lambda usage=usage, required=param.required: (
                usage if required else f"[{usage}]")  # `EXPORT...`, not `{EXPORT}...`
        else:
            name = param.bare_type().lower()
            param.metavar = {"str": "TEXT", "int": "N"}.get(name, name.upper())
    help_option = command.get_help_option(typer.Context(command, help_option_names=HELP_NAMES))
    if help_option is not None:
        help_option.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


app = App(
    help="An honest, local audit of how you network, from your own LinkedIn data export.\n\n"
    "Typical use: `linkedin-audit ingest Complete_LinkedInDataExport_03-01-2026.zip` then "
    "`linkedin-audit report`. Nothing leaves your machine.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": HELP_NAMES},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"linkedin-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="On an unexpected error, print the traceback "
                                        "instead of saving it to a log file (also accepted after the "
                                        "command, or LINKEDIN_AUDIT_DEBUG=1).")] = False,
) -> None:
    """An honest, local audit of how you network, from your own LinkedIn data export.

    Typical use: `linkedin-audit ingest Complete_LinkedInDataExport_03-01-2026.zip` then
    `linkedin-audit report`. Nothing leaves your machine."""


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file (default: $LINKEDIN_AUDIT_DB or data/linkedin.duckdb)."),
]


def _db(db: Path | None) -> Path:
    return db if db is not None else default_db_path()


def _fail(err: UserError) -> typer.Exit:
    from linkedin_audit.errors import print_error

    print_error(str(err), err.detail)
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
    from linkedin_audit.paths import readable_db, writable_output

    readable_db(_db(db))
    writable_output(out)  # before any notebook runs: a bad --out fails in a second, not after minutes
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
    typer.secho(f"error: interrupted ({'SIGTERM' if code == 143 else 'Ctrl-C'}); the database is as it was "
                "before this ingest and no extracted file is left behind", fg=typer.colors.RED, err=True)
    return typer.Exit(code=code)


def _run_ingest(exports: list[Path], db: Path, **kwargs):  # noqa: ANN003, ANN202 - run_ingest's own
    """run_ingest with the user's errors and interruptions as one line each."""
    from linkedin_audit.ingest import guard
    from linkedin_audit.ingest.load import run_ingest

    try:
        return run_ingest(exports, db, **kwargs)
    except UserError as err:
        raise _fail(err) from None
    except BaseException as exc:
        # a signal inside a DuckDB query comes back as DuckDB's own error ("Query interrupted")
        if isinstance(exc, KeyboardInterrupt | guard.Interrupted) or guard.received is not None:
            raise _interrupted(exc) from None
        raise


def _repair_warning(summary) -> str | None:  # noqa: ANN001 - IngestSummary, imported lazily
    """The one warning line for what the ingest repaired, kept out, skipped or loaded once."""
    parts = []
    for e in summary.exports:
        fixed = [(f, line) for f, line, what in e.repairs if not what.startswith(("kept out", "not loaded"))]
        repaired, files = len(set(fixed)), len({f for f, _ in fixed})
        if repaired:
            parts.append(f"{repaired} line{'s' * (repaired > 1)} repaired in {files} file{'s' * (files > 1)}")
        if e.rejected:
            parts.append(f"{e.rejected} line{'s' * (e.rejected > 1)} kept out in raw.rejected_lines")
        parts += e.notes
    if not parts:
        return None
    return "warning: " + "; ".join(dict.fromkeys(parts)) + " (details below and in `linkedin-audit status`)"


@app.command()
def ingest(
    exports: Annotated[list[Path], typer.Argument(help="Export ZIP(s) or unzipped folder(s).")],
    db: DbOption = None,
    new_db: Annotated[bool, typer.Option("--new-db", help="Start a fresh database from these exports only. "
                                         "An existing --db file is not deleted: it is kept beside it as "
                                         "NAME.backup-YYYYMMDD-HHMMSS (readable by you only), and the "
                                         "command says so.")] = False,
    thresholds: ThresholdsOption = None,
    same_owner: Annotated[bool, typer.Option("--same-owner", help="Merge an export that does not name its "
                                             "owner even when few of its connections are in the history "
                                             "(it is yours).")] = False,
    use: Annotated[list[str] | None, typer.Option("--use", help="Where an export holds differing copies of "
                                                  "one file (messages.csv, messages 2.csv), the one to load, "
                                                  "named as inside the export. Repeatable.")] = None,
) -> None:
    """Read one or more exports into the database (merging history), then run the analyses."""
    from linkedin_audit.ingest.progress import console as make_console
    from linkedin_audit.paths import writable_db
    from linkedin_audit.status import ingest_tables
    from linkedin_audit.terminal import visible

    writable_db(_db(db))
    summary = _run_ingest(exports, _db(db), new_db=new_db, thresholds=_thresholds_or_fail(thresholds),
                          same_owner=same_owner, use=tuple(use or ()))
    from linkedin_audit.locate import record_last_db

    record_last_db(summary.db_path)  # notebooks started anywhere (JupyterLab) find this database
    console = make_console()
    if summary.noop:
        console.print(visible(f"already ingested: {', '.join(e.name for e in summary.exports)}; the database "
                              f"{summary.db_path} is unchanged"))
        return
    warning = _repair_warning(summary)
    if warning:
        typer.secho(warning, fg=typer.colors.YELLOW, err=True)
    if summary.warning:
        typer.secho(f"warning: {summary.warning}", fg=typer.colors.YELLOW, err=True)
    for table in ingest_tables(summary):
        console.print(table)
    for export in summary.exports:
        for member in export.unknown:
            console.print(visible(f"unknown file (not loaded): {member} in {export.name}"), soft_wrap=True)
    if summary.backup is not None:
        console.print(visible(f"the previous database is kept as {summary.backup}"), soft_wrap=True)
    console.print(f"ingested into {summary.db_path} in {summary.seconds:.1f} s")


def _thresholds_or_fail(path: Path | None):  # noqa: ANN202 - Thresholds, imported lazily
    try:
        return _thresholds(path)
    except UserError as err:
        raise _fail(err) from None


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
    from linkedin_audit.paths import writable_db

    path = writable_db(_db(db), must_exist=True)
    chosen = _thresholds(thresholds)
    con = connect(path)
    try:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                             "WHERE table_schema = 'main'").fetchall()}
        if "exports" not in present or not con.execute("SELECT count(*) FROM exports").fetchone()[0]:  # type: ignore[index]
            raise UserError(f"{path} holds no ingested export; run `linkedin-audit ingest EXPORT` first")
        con.execute("BEGIN TRANSACTION")
        metrics = materialize_all(con, chosen)
        con.execute("COMMIT")
    finally:
        con.close()
    typer.echo(f"{len(metrics)} metrics written to audit_summary in {path}")


@app.command()
def status(db: DbOption = None) -> None:
    """What the database holds: exports, files, unknown files, rows per table, parse failures."""
    from linkedin_audit.paths import readable_db
    from linkedin_audit.status import status as show

    show(readable_db(_db(db)))


@app.command()
def sql(
    query: Annotated[str | None, typer.Argument(
        help="The SQL (several statements: all run, the last one's result is shown); `-` reads it from "
        "standard input.", show_default=False)] = None,
    db: DbOption = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the SQL from this file.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="table, csv, tsv, json (an array), nl (one JSON object per line) or markdown. "
        "Default: table on a terminal, csv otherwise (or from the -o file's extension).",
        show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the result to this file (readable by you only) instead of the screen.")
    ] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", metavar=PAIR, help="A named parameter: `-p min 10` for `$min` in the SQL "
        "(repeatable; the value is text, cast it in SQL when needed, e.g. `$min::INTEGER`).")] = None,
    no_headers: Annotated[bool, typer.Option("--no-headers", help="Leave out the header row.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", min=0, help="Show at most N rows.")] = None,
    excel_safe: Annotated[bool, typer.Option(
        "--excel-safe", help="csv/tsv: prefix cells that begin with = + - @ tab or CR with ' so a "
        "spreadsheet cannot run them as formulas.")] = False,
) -> None:
    """Run SQL on the database, read-only: it can read nothing but the database and write nothing.

    DuckDB's SQL (`linkedin-audit tables` lists the relations, `linkedin-audit schema NAME` their columns).
    COPY, ATTACH, INSTALL/LOAD, reading other files or URLs and SET are refused; save a result with -o."""
    from linkedin_audit.sqlcmd import Query, read_query, run_sql

    text = read_query(query, file)
    run_sql(Query(text, params=_pairs(param), fmt=fmt, out=out, headers=not no_headers, limit=limit,
                  excel=excel_safe), _db(db))


@app.command()
def tables(db: DbOption = None) -> None:
    """The relations you can query, with their row counts and what each holds (from the schema docs)."""
    from linkedin_audit.catalog import print_tables
    from linkedin_audit.paths import readable_db

    print_tables(readable_db(_db(db)))


@app.command()
def schema(
    relation: Annotated[str, typer.Argument(help="A relation, e.g. connections or raw.messages.")],
    db: DbOption = None,
) -> None:
    """The columns of one relation: type, what each means, and which hold other people's data (PII)."""
    from linkedin_audit.catalog import print_schema

    print_schema(relation, _db(db))


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
    running this every day is harmless. Other files, and names dated in the future, are ignored."""
    from linkedin_audit.paths import writable_db, writable_output
    from linkedin_audit.report.render import run_report_command
    from linkedin_audit.schedule import newest_export

    writable_db(_db(db))
    writable_output(out)
    try:
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
        typer.echo(f"nothing new: {newest.name} is already ingested and {out} is up to date "
                   "(--force rewrites it)")
        raise typer.Exit(code=0)
    typer.echo("already ingested; database unchanged" if summary.noop
               else f"ingested into {summary.db_path} in {summary.seconds:.1f} s")
    try:
        code = run_report_command(_db(db), out, redact=redact)
    except UserError as err:
        raise _fail(err) from None
    raise typer.Exit(code=code)
