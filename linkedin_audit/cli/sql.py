"""`linkedin-audit sql`: run SQL on a locked-down read-only connection and print or save the result.

The connection (ingest.database.connect(read_only=True)) can read nothing but the database and write
nothing at all; statements that try (COPY, ATTACH, INSTALL, read_csv('/etc/passwd'), SET) are refused with
one sentence saying so, and DuckDB's own message (with its hints) is shown under it. A result goes to a file
only through `-o FILE`, written at mode 0600 like everything else the project writes."""

from __future__ import annotations

import contextlib
import signal
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, cast

import duckdb

from linkedin_audit import build_version
from linkedin_audit.cli.failures import duckdb_interrupted
from linkedin_audit.cli.paths import readable_db, writable_output
from linkedin_audit.cli.sql_formats import FORMATS, TABLE_MAX_ROWS, arrow_rows, write, write_arrow_csv
from linkedin_audit.cli.sql_limits import bounded, spill_dir
from linkedin_audit.errors import UserError
from linkedin_audit.ingest.database import connect
from linkedin_audit.safe_write import replacing

BATCH_ROWS = 10_000
SUFFIX_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".jsonl": "nl",
    ".ndjson": "nl",
    ".md": "markdown",
}
S = duckdb.StatementType
REFUSED_TYPES = {
    S.COPY: "COPY is refused: `sql` never writes or reads files itself; save a result with `-o FILE` "
    "(written readable by you only)",
    S.EXPORT: "EXPORT DATABASE is refused: `sql` never writes files; save a result with `-o FILE`",
    S.COPY_DATABASE: "COPY FROM DATABASE is refused: `sql` reads only the database it opened",
    S.ATTACH: "ATTACH is refused: `sql` reads only the database it opened",
    S.DETACH: "DETACH is refused: `sql` reads only the database it opened",
    S.LOAD: "INSTALL and LOAD are refused: linkedin-audit loads no DuckDB extension and makes no network "
    "request",
}


@dataclass
class Query:
    """What to run and how to show it (the `sql` command's arguments)."""

    text: str
    params: dict[str, str] = field(default_factory=dict)
    fmt: str | None = None
    out: Path | None = None
    headers: bool = True
    limit: int | None = None
    excel: bool = False


def read_query(query: str | None, file: Path | None, stdin: TextIO | None = None) -> str:
    """The SQL text: the argument, `-` for standard input, or `--file q.sql`."""
    if file is not None and query is not None:
        raise UserError("give the query either as an argument or with --file, not both")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(
                f"cannot read the query file {file}: {getattr(exc, 'strerror', None) or exc}"
            ) from None
    if query is None:
        raise UserError("no query: give it as an argument, `-` to read it from standard input, or --file")
    return (stdin or sys.stdin).read() if query == "-" else query


def _statements(text: str) -> list[Any]:
    try:
        statements = duckdb.extract_statements(text)
    except duckdb.Error as exc:
        raise _failed(exc) from None
    if not statements:
        raise UserError("the query is empty (no SQL statement in it)")
    return statements


def _failed(exc: Exception) -> UserError:
    """DuckDB's whole message: its first line in the `error:` line, hints and the caret below it."""
    first, _, rest = str(exc).partition("\n")
    return UserError(f"the query failed: {first}", detail=rest)


def _refusal(exc: duckdb.Error, db: Path) -> UserError:
    text = str(exc)
    if isinstance(exc, duckdb.PermissionException):
        if "extension" in text.lower():
            sentence = REFUSED_TYPES[S.LOAD]
        else:
            sentence = f"reading other files or URLs is refused: `sql` reads only the database {db}"
    elif "configuration has been locked" in text:
        sentence = "changing DuckDB settings is refused: they are locked so that `sql` stays read-only"
    elif "read-only mode" in text:
        sentence = (
            "the database is opened read-only: this statement would change it (ingest and analyse "
            "are the commands that write)"
        )
    else:
        return _failed(exc)
    return UserError(sentence, detail=text)


def _params_for(statement: Any, params: dict[str, str]) -> dict[str, str] | None:
    wanted = statement.named_parameters
    return {k: v for k, v in params.items() if k in wanted} if wanted else None


def _execute(con: duckdb.DuckDBPyConnection, query: Query, db: Path) -> tuple[Any, int]:
    """Run every statement; returns the last one's result as an Arrow reader (None when it has no result)
    and how many earlier statements returned rows that are not shown. A query streams in batches; any
    other statement's result (EXPLAIN, PRAGMA, CALL) is whole already."""
    statements = _statements(query.text)
    used = set().union(*(s.named_parameters for s in statements))
    unknown = sorted(set(query.params) - used)
    if unknown:
        raise UserError(f"parameter {unknown[0]!r} is not used by the query (write it as ${unknown[0]})")
    for statement in statements:
        if statement.type in REFUSED_TYPES:
            raise UserError(REFUSED_TYPES[statement.type])
    dropped = 0
    reader = None
    for i, statement in enumerate(statements):
        last = i == len(statements) - 1
        params = _params_for(statement, query.params)
        try:
            if last and statement.type == S.SELECT:
                reader = con.sql(statement.query, params=params).to_arrow_reader(BATCH_ROWS)
                break
            cursor = con.execute(statement.query, params)
            if last and cursor.description is not None:
                with warnings.catch_warnings():  # "Arrow output on a DB-API result makes an extra copy"
                    warnings.simplefilter("ignore")
                    reader = cursor.to_arrow_reader(BATCH_ROWS)
        except (duckdb.Error, RuntimeError) as exc:
            if _interrupted(exc):
                raise KeyboardInterrupt from None
            if not isinstance(exc, duckdb.Error):
                raise
            prefix = f"statement {i + 1} of {len(statements)}: " if len(statements) > 1 else ""
            err = _refusal(exc, db)
            detail = _why_stale(con, exc, db, err.detail)
            raise UserError(prefix + str(err), detail=detail) from None
        if not last and cursor.description is not None:
            dropped += _finish(cursor) and statement.type in _RESULTS
    return reader, dropped


_RESULTS = {S.SELECT, S.EXPLAIN, S.PRAGMA, S.CALL}


def _why_stale(con: duckdb.DuckDBPyConnection, exc: duckdb.Error, db: Path, detail: str) -> str:
    """A column or relation the query names is missing in a database another version of linkedin-audit
    analysed (an example query reading `connection_profile.still_connected` after an upgrade): say so, and
    what brings it up to date, below DuckDB's message."""
    if not isinstance(exc, duckdb.BinderException | duckdb.CatalogException):
        return detail
    try:
        stale = build_version.analysed_by_another(con)
    except duckdb.Error:
        return detail
    if not stale:
        return detail
    return "\n".join(part for part in (detail, build_version.stale_message(db)) if part)


def _warn_if_stale(con: duckdb.DuckDBPyConnection, db: Path) -> None:
    """A query that ran on a database another version of linkedin-audit analysed read that version's
    measures: say so on stderr (after the result, which stays clean for a pipe), with what updates it."""
    try:
        stale = build_version.analysed_by_another(con)
    except duckdb.Error:
        return
    if stale:
        sys.stderr.write(
            f"note: {build_version.stale_message(db)}; until then, queries read what that version computed\n"
        )


def _finish(cursor: Any) -> bool:
    """Fetch an earlier statement's result to its end, one batch at a time (DuckDB 2 refuses the next
    statement while a result is unfinished; 1.x dropped it silently). True when it had rows."""
    had_rows = False
    while cursor.fetchmany(BATCH_ROWS):
        had_rows = True
    return had_rows


@contextlib.contextmanager
def _duckdb_failures() -> Iterator[None]:
    """DuckDB failures while the result is fetched and written (an interrupt, a cast error) as UserErrors."""
    try:
        yield
    except (duckdb.Error, RuntimeError) as exc:
        if _interrupted(exc):
            raise KeyboardInterrupt from None
        raise _failed(exc) from None


def _format(query: Query, terminal: bool) -> str:
    fmt = query.fmt
    if fmt is None and query.out is not None:
        fmt = SUFFIX_FORMATS.get(query.out.suffix.lower(), "csv")
    fmt = fmt or ("table" if terminal else "csv")
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if query.excel and fmt not in ("csv", "tsv"):
        raise UserError("--excel-safe applies to csv and tsv output only")
    return fmt


@bounded  # a memory cap, a private spill folder removed at the end (cli/sql_limits.py)
def run_sql(query: Query, db_path: Path) -> int:
    """Print (or write to `query.out`) the result of the query's last statement; returns the row count."""
    terminal = query.out is None and sys.stdout.isatty()
    fmt = _format(query, terminal)
    if query.out is not None:
        writable_output(query.out, "-o")
    readable_db(db_path)
    con = connect(db_path, read_only=True, spill=spill_dir(db_path))
    try:
        _interrupt_on_ctrl_c(con)
        reader, dropped = _execute(con, query, db_path)
        if dropped:
            sys.stderr.write(
                f"warning: {dropped} earlier statement(s) returned rows that are not shown; "
                "only the last statement's result is printed\n"
            )
        if reader is None:
            return 0
        counted = _Counted(reader)
        options: dict[str, Any] = {
            "headers": query.headers,
            "terminal": terminal,
            "excel": query.excel,
            "limit": query.limit,
        }
        with _output(query, binary=fmt == "csv") as out, _duckdb_failures():
            if fmt == "csv":
                n, cut = write_arrow_csv(counted, out, **options), False
            else:
                n, cut = write(fmt, list(reader.schema.names), arrow_rows(counted), out, **options)
            limited = _limit_cut(query, n, counted)
        _warn_if_stale(con, db_path)
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        con.close()
    if fmt == "table":
        if cut:
            print(
                f"(the first {n:,} rows; a table shows at most {TABLE_MAX_ROWS:,}: use --format csv for "
                "every row, or --limit)"
            )
        elif limited:
            print(f"(the first {n:,} rows: --limit {query.limit:,} cut the result)")
            return n
        else:
            print(f"({n:,} row{'s' if n != 1 else ''})")
    if query.out is not None:
        sys.stderr.write(f"wrote {n:,} rows to {query.out} ({fmt})\n")
    return _said_cut(query, n, limited)


class _Counted:
    """DuckDB's Arrow batches passed on while counting their rows, so that `--limit` can say whether it
    cut the result."""

    def __init__(self, reader: Any) -> None:
        self._it, self.seen, self.schema = iter(reader), 0, reader.schema

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> Any:
        batch = next(self._it)
        self.seen += batch.num_rows
        return batch

    def more_than(self, n: int) -> bool:
        """Whether the result holds more than the n rows written (fetching at most one more batch)."""
        with contextlib.suppress(StopIteration, duckdb.Error):
            while self.seen <= n:
                next(self)
        return self.seen > n


def _limit_cut(query: Query, n: int, counted: _Counted) -> bool:
    return query.limit is not None and n >= query.limit and counted.more_than(n)


def _said_cut(query: Query, n: int, limited: bool) -> int:
    """With `--limit N`, one line on standard error when the result had more rows than were shown."""
    if limited:
        sys.stderr.write(
            f"note: --limit {query.limit:,} cut the result: only its first {n:,} rows are shown\n"
        )
    return n


def _interrupt_on_ctrl_c(con: duckdb.DuckDBPyConnection) -> None:
    """DuckDB does not see Ctrl-C while it streams Arrow batches: the first Ctrl-C interrupts the query
    (it then fails as 'interrupted'), a second one stops Python itself."""

    def interrupt(signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        con.interrupt()

    signal.signal(signal.SIGINT, interrupt)


def _interrupted(exc: BaseException) -> bool:
    """DuckDB reports Ctrl-C as InterruptException, or while streaming Arrow as 'Query interrupted'."""
    return duckdb_interrupted(exc)


@contextlib.contextmanager
def _output(query: Query, binary: bool) -> Iterator[Any]:
    """Standard output, or a private temporary file beside `query.out` (mode 0600) renamed into place only
    when complete; only a regular file or a new path is replaced (safe_write.replacing). `binary`: the
    byte stream under it (pyarrow's csv writer writes bytes)."""
    if query.out is not None:
        with replacing(query.out, "-o", text=True) as fh:
            yield cast(TextIO, fh).buffer if binary else fh
        return
    sys.stdout.flush()
    try:
        yield sys.stdout.buffer if binary else sys.stdout
    finally:
        (sys.stdout.buffer if binary else sys.stdout).flush()
