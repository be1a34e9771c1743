"""Issue 29, the fixed cost of every command: each imports what it uses and no more (pinned without timing).

The real command runs in a subprocess with `-X importtime`, which names every module the process imports;
the heavy ones a command does not use must be absent: duckdb for `--help` and `--version` (its native module
loads when a command first opens a database, Ctrl-C held back: linkedin_audit/entry.py), pydantic everywhere
(typer coerces option values through it; cli/coercion.py does it without), polars, numpy, pandas, pyarrow,
rapidfuzz, altair and jsonschema where the command reads no frame, text or chart. A positive control per
command (what it does need) keeps the check from passing on an empty list.

cli/coercion.py is checked against typer's own coercion (its pydantic TypeAdapters, the oracle): every
parameter of every command, over a table of raw values, gives the same value, or the same error message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from linkedin_audit.cli import app
from linkedin_audit.cli.coercion import QuickParam

HEAVY = ("pydantic", "polars", "numpy", "pandas", "pyarrow", "rapidfuzz", "altair", "jsonschema")
NO_DB = ("duckdb", *HEAVY)


def imported(args: list[str], cwd: Path, code: int = 0) -> set[str]:
    """The modules `linkedin-audit ARGS` imports (every one, nested ones included), its exit code checked."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "linkedin_audit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "120"},
        timeout=120,
    )
    lines = done.stderr.splitlines()
    assert done.returncode == code, (args, [line for line in lines if not line.startswith("import time:")])
    return {
        line.rsplit("|", 1)[1].strip() for line in lines if line.startswith("import time:") and "|" in line
    }


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["status", "--help"],
        ["who", "--help"],
        ["sql", "--help"],
        ["ingest", "--help"],
    ],
)
def test_help_and_version_import_no_database_library(args: list[str], tmp_path: Path) -> None:
    modules = imported(args, tmp_path)
    assert "typer" in modules and "linkedin_audit.cli.app" in modules  # the control: the list is read
    assert not modules & set(NO_DB), sorted(modules & set(NO_DB))


@pytest.mark.parametrize(
    "args,needed,absent",
    [
        (["status"], "duckdb", HEAVY),
        (["tables"], "duckdb", HEAVY),
        (["schema", "messages"], "duckdb", HEAVY),
        (["queries"], "linkedin_audit.network.queries", NO_DB),
        # sql streams its result as Arrow batches (pyarrow, which imports numpy): nothing else, and
        # pyarrow.compute only for what needs it (times, dates, --excel-safe)
        (
            ["sql", "SELECT count(*), max(first_name) FROM connections"],
            "pyarrow.csv",
            ("pydantic", "polars", "pandas", "rapidfuzz", "altair", "pyarrow.compute"),
        ),
        (["sql", "SELECT max(connected_on) FROM connections"], "pyarrow.compute", ("pydantic", "polars")),
        # who matches company names (rapidfuzz); no match here: exit 1 with its sentence
        (["who", "Nowhere Incorporated"], "rapidfuzz", ("pydantic", "polars", "pandas", "pyarrow", "altair")),
        # the action lists are polars frames; the report's charts (altair, ~1 CPU s with jsonschema) are not
        (["lists", "--out", "lists"], "polars", ("pydantic", "altair", "jsonschema", "pandas")),
    ],
)
def test_a_command_imports_what_it_uses_only(
    args: list[str], needed: str, absent: tuple[str, ...], tiny_export: tuple[Path, Path], tmp_path: Path
) -> None:
    code = 1 if args[0] == "who" else 0
    modules = imported([*args, "--db", str(tiny_export[1])], tmp_path, code=code)
    assert needed in modules
    assert not modules & set(absent), sorted(modules & set(absent))
    if args[0] == "lists":  # its connection opened without the notebooks' helpers: every list written
        assert sorted(p.name for p in (tmp_path / "lists").iterdir()) == [
            "dormant-ties.csv",
            "follow-instead.csv",
            "incoming-invitations.csv",
            "pending-invitations.csv",
            "templates.csv",
            "unanswered-messages.csv",
        ]


# Raw values as the parser hands them over (text; a tuple for a repeated option or `-p NAME VALUE`) and the
# defaults it passes through (Path, int): what pydantic takes, what it refuses, and its corner cases.
TEXTS = [
    "1",
    "0",
    "2",
    "007",
    "-1",
    "+3",
    " 2",
    "1_000",
    "1.0",
    "1e3",
    "abc",
    "",
    "９",
    "99999999999999999999",
]
TEXTS += ["data/x.duckdb", "a//b/", "-", ".", "caf\udce9", "with space", "--", "'quoted'"]
VALUES: list[Any] = [*TEXTS, Path("reports/report.html"), 2, None, True]


def _every_param() -> list[Any]:
    group = typer.main.get_command(app)
    params = [(group, p) for p in group.params]
    for command in group.commands.values():  # type: ignore[attr-defined]
        params += [(command, p) for p in command.params]
    return params


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as err:
        return "refused", err.format_message()
    return type(result).__name__, result


@pytest.mark.parametrize("command,param", _every_param(), ids=lambda x: getattr(x, "name", None))
def test_option_values_are_coerced_as_typer_does(command: Any, param: Any, tmp_path: Path) -> None:
    quick = param.get_runtime_param()
    assert isinstance(quick, QuickParam)  # the parameter is coerced without pydantic
    oracle = build_runtime_param(param.type_descriptor)  # typer's own: a pydantic TypeAdapter
    ctx = typer.Context(command)
    many = param.multiple or param.nargs != 1
    pairs = param.nargs == 2
    cases: list[Any] = (
        [(), ("a", "b"), *[(t,) for t in TEXTS], tuple(TEXTS[:4])]
        if many and not pairs
        else [(), (("a", "b"),), (("x", "1"), ("y", ""))]
        if pairs
        else VALUES
    )
    unreadable = tmp_path / "unreadable"
    unreadable.write_text("")
    unreadable.chmod(0)
    cases.append(str(unreadable) if not many else (str(unreadable),))
    for value in cases:
        assert _outcome(quick, value, param, ctx) == _outcome(oracle, value, param, ctx), value


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["sql", "--limit", "abc", "SELECT 1"],
            "Invalid value for '--limit': Input should be a valid integer, ",
        ),
        (
            ["sql", "--limit", "-1", "SELECT 1"],
            "Invalid value for '--limit': Input should be greater than or equal to 0",
        ),
        (["report", "--jobs", "0"], "Invalid value for '--jobs': Input should be greater than or equal to 1"),
        (["synth", "--seed", "x"], "Invalid value for '--seed': Input should be a valid integer, "),
    ],
)
def test_a_refused_value_is_typer_usage_error(args: list[str], message: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "linkedin_audit", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
    )
    assert done.returncode == 2
    assert message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
