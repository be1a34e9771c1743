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
