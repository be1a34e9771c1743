"""The `linkedin-audit` application: one top-level error handler, help without type placeholders, the
options every command shares. The commands themselves are in cli/commands.py and cli/query.py.

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


def param_pairs(values: list[str] | None) -> dict[str, str]:
    """The `-p NAME VALUE` pairs: Typer hands each pair over as the text of a tuple."""
    import ast

    return dict(v if isinstance(v, tuple) else ast.literal_eval(v) for v in values or [])


def note_interrupt_reported() -> None:
    """A command printed its own line for an interrupt: the top-level handler adds none."""
    _REPORTED.add("interrupt")


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
                    raise fail(err) from None
                except BrokenPipeError:  # `... | head -1`: the reader left; click would exit 1 for it
                    from linkedin_audit.ingest.progress import reader_left

                    reader_left(sys.stdout)
                    reader_left(sys.stderr)
                    return 0
                except KeyboardInterrupt:  # Typer would turn it into a silent exit 130
                    note_interrupt_reported()
                    raise fail(UserError(INTERRUPTED, exit_code=130)) from None

            register(guarded)
            return function

        return decorate

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from linkedin_audit.cli.failures import debug_wanted, run_guarded

        debug, argv = debug_wanted(sys.argv[1:] if "args" not in kwargs else list(kwargs.pop("args")))

        argv = [_sql_comment_as_text(a) for a in argv]

        def main() -> Any:
            command = typer.main.get_command(self)  # a _PlainGroup: its metavars and pairs already set
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
    (PATH, TEXT, INTEGER), and nothing for flags. Values are coerced without importing pydantic
    (cli/coercion.py)."""
    try:
        from linkedin_audit.cli.coercion import quicken
    except ImportError:  # a typer without 0.29's (private) coercion layer: its own coercion stays
        quicken = _typer_coerces

    for param in command.params:
        quicken(param)
        if param.metavar == PAIR:
            param.nargs = 2  # Typer cannot declare `-p NAME VALUE` pairs itself; see param_pairs
        if param.metavar is not None:
            continue
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif param.param_type_name == "argument":
            param.metavar = param.name.upper().rstrip("S") if param.nargs == -1 else param.name.upper()
            param.display_type_rich = lambda ctx: None  # the name says it; no `<list[Path]>` beside it
            usage = param.metavar + ("..." if param.nargs != 1 else "")
            param._usage_display_name = lambda usage=usage, required=param.required: (
                usage if required else f"[{usage}]"
            )  # `EXPORT...`, not `{EXPORT}...`
        else:
            name = param.bare_type().lower()
            name = name.removeprefix("list[").removesuffix("]")  # `--use LIST[STR]`: repeatable, one value
            param.metavar = {"str": "TEXT", "int": "N", "path": "PATH"}.get(name, name.upper())
        if hasattr(param, "_get_number_range_help_str"):  # `--jobs N [x>=1]`: the help text says it
            param._get_number_range_help_str = lambda: None
    help_option = command.get_help_option(typer.Context(command, help_option_names=HELP_NAMES))
    if help_option is not None:
        quicken(help_option)
        help_option.metavar = ""
    command.help = reflowed(command.help)
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


def reflowed(text: str | None) -> str | None:
    """Typer's rich help keeps a docstring's line breaks after its first paragraph, so a paragraph wrapped
    at 110 columns in the source broke mid-sentence in an 80-column terminal ("an export already ingested
    is / recognised ..."): each paragraph becomes one line for the terminal to wrap; a paragraph with a
    list item, an indented line or click's no-rewrap mark stays as written."""
    if not text:
        return text
    paragraphs = []
    for paragraph in text.split("\n\n"):
        lines = paragraph.split("\n")
        kept = paragraph.startswith("\b") or any(
            line.startswith((" ", "\t")) or line.lstrip().startswith(("- ", "* ")) for line in lines
        )
        paragraphs.append(paragraph if kept else " ".join(line.strip() for line in lines))
    return "\n\n".join(paragraphs)


def _typer_coerces(param: Any) -> None:
    """Leave the parameter to typer's own coercion."""


class _PlainGroup(typer.core.TyperGroup):
    """The command tree with `_plain_metavars` applied as it is built: every caller gets the same parsing
    (`-p NAME VALUE` takes two values) and help, typer's CliRunner included, not only `App.__call__`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_metavars(self)


app = App(
    cls=_PlainGroup,
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
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="On an unexpected error, print the traceback "
            "instead of saving it to a log file (also accepted after the "
            "command, or LINKEDIN_AUDIT_DEBUG=1).",
        ),
    ] = False,
) -> None:
    """An honest, local audit of how you network, from your own LinkedIn data export.

    Typical use: `linkedin-audit ingest Complete_LinkedInDataExport_03-01-2026.zip` then
    `linkedin-audit report`. Nothing leaves your machine."""


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="DuckDB file (default: $LINKEDIN_AUDIT_DB or data/linkedin.duckdb).",
        readable=False,  # click's own check is a usage error; cli/paths.py says it in one `error:` line
    ),
]


# The output options of every command that prints a result through `sql`'s runner (sql, who, queries).
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="table, csv, tsv, json (an array), nl (one JSON object per line) or markdown. "
        "Default: table on a terminal, csv otherwise (or from the -o file's extension).",
        show_default=False,
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the result to this file (readable by you only) instead of the screen.",
    ),
]
NoHeadersOption = Annotated[bool, typer.Option("--no-headers", help="Leave out the header row.")]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=0,
        help="At most N rows (0 or more); says so when the result had more.",
        show_default=False,
    ),
]
ExcelSafeOption = Annotated[
    bool,
    typer.Option(
        "--excel-safe",
        help="csv/tsv: prefix cells that begin with = + - @ tab or CR with ' so a "
        "spreadsheet cannot run them as formulas.",
    ),
]


def db_or_default(db: Path | None) -> Path:
    return db if db is not None else default_db_path()


def fail(err: UserError) -> typer.Exit:
    from linkedin_audit.cli.failures import print_error

    print_error(str(err), err.detail)
    return typer.Exit(code=err.exit_code)
