"""`who` and `queries`: thin commands over linkedin_audit.network (the answer printed by `sql`'s runner,
so the formats and options are the same)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from linkedin_audit.cli.app import (
    PAIR,
    DbOption,
    ExcelSafeOption,
    FormatOption,
    LimitOption,
    NoHeadersOption,
    OutOption,
    app,
)
from linkedin_audit.cli.app import db_or_default as _db
from linkedin_audit.cli.app import param_pairs as _pairs
from linkedin_audit.errors import UserError


@app.command()
def who(
    query: Annotated[str, typer.Argument(help="A company, part of a company's name, or a person's name.")],
    db: DbOption = None,
    fmt: FormatOption = None,
    out: OutOption = None,
    no_headers: NoHeadersOption = False,
    limit: LimitOption = None,
    excel_safe: ExcelSafeOption = False,
) -> None:
    """Who you know at a company, strongest tie first, and who used to work there.

    Who you know means the connections you still have; those gone from your newest export (removed by
    either side) are listed last as "no longer connected", and counted apart.

    Spellings of one employer are merged conservatively (case, accents, punctuation, legal forms such as
    AB, GmbH, Inc., a trailing country): "Acme Cars" and "Acme Car Sverige AB" are one company, "Acme
    Trucks" another. Which spellings matched, and near ones that did not, are printed on standard error."""
    from linkedin_audit import build_version
    from linkedin_audit.cli.paths import readable_db
    from linkedin_audit.cli.sql import Query, run_sql
    from linkedin_audit.cli.terminal import visible
    from linkedin_audit.ingest.database import connect
    from linkedin_audit.network.who import WHO_SQL, resolve

    path = readable_db(_db(db))
    con = connect(path, read_only=True)
    try:
        if build_version.analysed_by_another(con):  # ties and verdicts of the earlier rules, or shape
            raise UserError(build_version.stale_message(path))
        plan = resolve(con, query)
    finally:
        con.close()
    for line in plan.lines:
        sys.stderr.write(visible(line, keep_newlines=False) + "\n")
    if not plan.found:
        raise UserError(f"nobody at a company, or with a name, matching {query.strip()!r}", exit_code=1)
    sys.stderr.flush()
    run_sql(
        Query(
            WHO_SQL,
            params=plan.params,
            fmt=fmt,
            out=out,
            headers=not no_headers,
            limit=limit,
            excel=excel_safe,
        ),
        path,
    )


@app.command()
def queries(
    name: Annotated[str | None, typer.Argument(help="The example to run; without it, list them all.")] = None,
    db: DbOption = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param", "-p", metavar=PAIR, help="A parameter the example uses, e.g. `-p company Acme`."
        ),
    ] = None,
    show: Annotated[
        bool, typer.Option("--show", help="Print the example's SQL instead of running it.")
    ] = False,
    fmt: FormatOption = None,
    out: OutOption = None,
    no_headers: NoHeadersOption = False,
    limit: LimitOption = None,
    excel_safe: ExcelSafeOption = False,
) -> None:
    """Ready example queries for ad-hoc SQL: list them, print one (--show) or run one.

    Each is ordinary SQL for `linkedin-audit sql` too (docs/queries.md)."""
    from linkedin_audit.network.queries import examples

    found = examples()
    if name is None:
        for ex in found.values():
            needs = "".join(f" -p {p} VALUE" for p in ex.params)
            typer.echo(f"{ex.name}{needs}\n    {ex.description}\n")
        typer.echo("Run one: `linkedin-audit queries NAME`; its SQL: `linkedin-audit queries NAME --show`.")
        return
    if name not in found:
        raise UserError(
            f"no example query named {name!r}; `linkedin-audit queries` lists them: {', '.join(found)}"
        )
    ex = found[name]
    if show:
        typer.echo(f"-- {ex.description}\n{ex.sql}")
        return
    given = _pairs(param)
    missing = [p for p in ex.params if p not in given]
    if missing:
        raise UserError(
            f"{name} needs -p {missing[0]} VALUE (`linkedin-audit queries {name} --show` shows its SQL)"
        )
    from linkedin_audit.cli.sql import Query, run_sql

    run_sql(
        Query(ex.sql, params=given, fmt=fmt, out=out, headers=not no_headers, limit=limit, excel=excel_safe),
        _db(db),
    )
