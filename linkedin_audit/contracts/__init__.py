"""Contracts as data: what every relation holds, column by column, one TOML file per layer (like dbt's
schema.yml). `check()` tests a built database against them; docs/schema.md is rendered from them
(`python -m linkedin_audit.contracts --write docs/schema.md`, i.e. `make schema-docs`).

A layer file (model.toml, analyses.toml, meta.toml, staging.toml, raw.toml) gives its `schema`, the `title`
and `intro` of its section in docs/schema.md, then one `[[relation]]` each:

    name = "invitations"                      # in the layer's schema
    description = "Sent and received ..."     # Markdown; `linkedin-audit tables` shows its first sentence
    key = ["invitation_id"]                   # no two rows share these values (NULLs compare equal)
    columns = [
        { name = "direction", type = "VARCHAR", not_null = true, accepted = ["outgoing", "incoming"],
          meaning = "..." },
        { name = "counterparty_name", type = "VARCHAR", pii = true, meaning = "..." },
        { name = "person_id", type = "BIGINT", not_null = "NOT is_hidden", meaning = "..." },
    ]

`not_null` is `true`, or a SQL condition on the row under which the column is never NULL. `unique = true`: no
two rows share the column's non-NULL value. `pii = true`: other people's personal data (redacted reports
replace it). Every column of the database is declared with its type, and every declared column exists."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources

import duckdb

from linkedin_audit.db import first_row

LAYERS = ("model", "analyses", "meta", "staging", "raw")
"""The contract files, in the order docs/schema.md lists them."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str = ""
    pii: bool = False
    not_null: bool | str = False
    unique: bool = False
    accepted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    layer: str = ""

    @property
    def qualified(self) -> str:
        """`name` in main, `schema.name` elsewhere: how the docs and the CLI name it."""
        return self.name if self.schema == "main" else f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class Layer:
    name: str
    schema: str
    title: str
    intro: str
    relations: tuple[Relation, ...] = field(default=())


def _layer(name: str) -> Layer:
    text = resources.files("linkedin_audit.contracts").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    schema = data["schema"]
    relations = tuple(
        Relation(
            schema,
            r["name"],
            r.get("description", "").strip(),
            tuple(
                Column(
                    c["name"],
                    c["type"],
                    c.get("meaning", ""),
                    c.get("pii", False),
                    c.get("not_null", False),
                    c.get("unique", False),
                    tuple(c.get("accepted", ())),
                )
                for c in r["columns"]
            ),
            tuple(r.get("key", ())),
            name,
        )
        for r in data["relation"]
    )
    return Layer(name, schema, data["title"], data["intro"].strip(), relations)


@functools.cache
def layers() -> tuple[Layer, ...]:
    return tuple(_layer(name) for name in LAYERS)


def relations() -> dict[tuple[str, str], Relation]:
    """Every contract, by (schema, name)."""
    return {(r.schema, r.name): r for layer in layers() for r in layer.relations}


def required() -> set[tuple[str, str]]:
    """Relations every build makes: the model's and staging's, and what the SQL graph makes in meta. The
    analysis relations and the analyses' work tables are checked when they exist (`ingest --no-analyse`)."""
    from linkedin_audit.ingest import graph

    made = {tuple(f.relation.split(".", 1)) for f in graph.files() if f.relation and f.materialize != "temp"}
    return {(r.schema, r.name) for r in relations().values() if r.layer in ("model", "staging")} | {
        (s, n) for s, n in made
    }


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def check(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every failed contract of the database, one line each (none: it holds what the contracts say)."""
    present = {
        (s, n): None
        for s, n in con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_catalog = current_database() AND table_schema IN ('main', 'meta', 'staging', 'raw')"
        ).fetchall()
    }
    contracts = relations()
    failures = [
        f"{n if s == 'main' else f'{s}.{n}'}: a relation no contract describes"
        for s, n in sorted(present)
        if (s, n) not in contracts and s != "raw"
    ]
    failures += [
        f"{n if s == 'main' else f'{s}.{n}'}: missing (every build makes it)"
        for s, n in sorted(required())
        if (s, n) not in present
    ]
    for (schema, name), relation in contracts.items():
        if (schema, name) in present:
            failures += _check_relation(con, relation)
    return failures


def _check_relation(con: duckdb.DuckDBPyConnection, r: Relation) -> list[str]:
    table = f"{_ident(r.schema)}.{_ident(r.name)}"
    actual = dict(
        con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ? "
            "ORDER BY ordinal_position",
            [r.schema, r.name],
        ).fetchall()
    )
    declared = {c.name: c for c in r.columns}
    out = [f"{r.qualified}.{c}: a column no contract describes" for c in actual if c not in declared]
    out += [f"{r.qualified}.{c}: declared, missing" for c in declared if c not in actual]
    out += [
        f"{r.qualified}.{c.name}: type {actual[c.name]}, declared {c.type}"
        for c in r.columns
        if c.name in actual and actual[c.name] != c.type
    ]
    if out:
        return out  # the value checks below assume the declared columns
    tests: list[tuple[str, str]] = []
    if r.key:
        cols = ", ".join(_ident(k) for k in r.key)
        tests.append(
            (
                f"SELECT count(*) FROM (SELECT {cols} FROM {table} GROUP BY ALL HAVING count(*) > 1)",
                f"{r.qualified}: {{}} values of the key ({', '.join(r.key)}) held by several rows",
            )
        )
    for c in r.columns:
        col = _ident(c.name)
        if c.not_null:
            where = f"{col} IS NULL" + (f" AND ({c.not_null})" if isinstance(c.not_null, str) else "")
            when = f" where {c.not_null}" if isinstance(c.not_null, str) else ""
            tests.append(
                (
                    f"SELECT count(*) FROM {table} WHERE {where}",
                    f"{r.qualified}.{c.name}: {{}} rows NULL{when}",
                )
            )
        if c.unique:
            tests.append(
                (
                    f"SELECT count(*) FROM (SELECT {col} FROM {table} WHERE {col} IS NOT NULL "
                    "GROUP BY ALL HAVING count(*) > 1)",
                    f"{r.qualified}.{c.name}: {{}} values held by several rows (declared unique)",
                )
            )
        if c.accepted:
            values = ", ".join(_literal(v) for v in c.accepted)
            tests.append(
                (
                    f"SELECT count(*) FROM {table} WHERE {col} NOT IN ({values})",
                    f"{r.qualified}.{c.name}: {{}} rows hold a value not in ({', '.join(c.accepted)})",
                )
            )
    for sql, message in tests:
        row = first_row(con.execute(sql))
        if row and row[0]:
            out.append(message.format(row[0]))
    return out
