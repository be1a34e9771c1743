"""`linkedin-audit tables` and `linkedin-audit schema RELATION`: the schema documentation, served by the CLI.

The one source is docs/schema.md; the package ships it as `linkedin_audit/schema.md` (a symbolic link in
the repository, a real file in a wheel), parsed here: each `### name` section gives a relation's one-line
description and its `| column | type | meaning |` rows, PII marked in the meaning."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from linkedin_audit.cli.terminal import visible
from linkedin_audit.db import first_row
from linkedin_audit.errors import UserError

if TYPE_CHECKING:
    from rich.table import Table

LAYERS = {
    "raw": "the text exactly as read from the export file (raw layer)",
    "staging": "typed view of the raw text (staging layer)",
    "meta": "internal lookup built by the ingest",
}
_ROW = re.compile(r"^\|\s*([a-z_0-9]+)\s*\|\s*([^|]*?)\s*\|\s*(.*?)\s*\|\s*$")


@dataclass
class Column:
    name: str
    type: str
    meaning: str

    @property
    def pii(self) -> bool:
        return "PII" in self.meaning


@dataclass
class Relation:
    name: str
    description: str = ""
    columns: dict[str, Column] = field(default_factory=dict)


def schema_text() -> str:
    return resources.files("linkedin_audit").joinpath("schema.md").read_text(encoding="utf-8")


@functools.cache
def documented() -> dict[str, Relation]:
    """Every relation documented in schema.md, by name."""
    relations: dict[str, Relation] = {}
    current: list[Relation] = []
    paragraph: list[str] | None = None
    for line in schema_text().splitlines():
        if line.startswith("#"):
            current, paragraph = [], None
            if line.startswith("### "):
                for name in (n.strip() for n in line[4:].split(",")):
                    current.append(relations.setdefault(name, Relation(name)))
                paragraph = [] if len(current) == 1 and not current[0].description else None
        elif not current:
            continue
        elif (m := _ROW.match(line)) and m.group(1) != "column":
            for rel in current:
                rel.columns.setdefault(m.group(1), Column(m.group(1), m.group(2), m.group(3)))
        elif paragraph is not None and line.strip() and not line.startswith("|"):
            paragraph.append(line.strip())
        elif paragraph:  # the first paragraph ended: its first sentence describes the relation
            current[0].description = _first_sentence(" ".join(paragraph))
            paragraph = None
    return relations


def _first_sentence(text: str) -> str:
    end = re.search(r"[.](\s|$)", text)
    return text[: end.start() + 1] if end else text


def _relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    order = {"main": 0, "staging": 1, "raw": 2}
    rows = con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_catalog = current_database()"
    ).fetchall()
    return sorted(rows, key=lambda r: (order.get(r[0], 3), r[0], r[1]))


def print_tables(db_path: Path) -> None:
    from rich.table import Table

    from linkedin_audit.ingest.database import connect
    from linkedin_audit.ingest.progress import console

    docs = documented()
    table = Table(title=visible(f"relations in {db_path}"))
    table.add_column("relation")
    table.add_column("rows", justify="right")
    table.add_column("what it holds")
    con = connect(db_path, read_only=True)
    try:
        for schema, name in _relations(con):
            count = first_row(con.execute(f'SELECT count(*) FROM "{schema}"."{name}"'))
            label = name if schema == "main" else f"{schema}.{name}"
            what = docs[label].description if label in docs else LAYERS.get(schema, "")
            table.add_row(visible(label), f"{count[0]:,}" if count else "?", what)
    finally:
        con.close()
    out = console()
    out.print(table)
    out.print("columns of one relation: linkedin-audit schema NAME")


def print_schema(relation: str, db_path: Path) -> None:
    """Columns from the database when it exists (its real types), with their documented meaning."""
    from rich.table import Table

    from linkedin_audit.ingest.database import connect
    from linkedin_audit.ingest.progress import console

    schema, _, name = relation.rpartition(".")
    schema = schema or "main"
    doc = documented().get(name if schema == "main" else f"{schema}.{name}")
    actual: list[tuple[str, str]] = []
    if db_path.is_file():
        con = connect(db_path, read_only=True)
        try:
            actual = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                [schema, name],
            ).fetchall()
        finally:
            con.close()
    if not actual and doc is None:
        raise UserError(
            f"no relation {relation!r} in the documentation or in {db_path}; "
            "`linkedin-audit tables` lists them"
        )
    columns = actual or [(c.name, c.type) for c in doc.columns.values()]  # type: ignore[union-attr]
    about = doc.description if doc else LAYERS.get(schema, "")
    table = Table(title=visible(relation + (f": {about}" if about else "")))
    for heading in ("column", "type", "PII", "meaning"):
        table.add_column(heading)
    for column, kind in columns:
        info = doc.columns.get(column) if doc else None
        meaning = info.meaning if info else ("" if schema == "raw" else "(undocumented)")
        table.add_row(visible(column), kind, "PII" if info and info.pii else "", meaning)
    out = console()
    out.print(table)
    if not actual:
        out.print(f"(types as documented; no database at {db_path})")
    if schema in ("main", "") and name in ("audit_summary", "audit_history"):
        out.print(_metrics_table())


def _metrics_table() -> Table:
    """The values of the `metric` column, from the metric catalog: the labels the report shows."""
    from rich.table import Table

    from linkedin_audit.metric_catalog import CATALOG

    table = Table(title="metric: the headline numbers (docs/metrics.md defines each)")
    for heading in ("metric", "label", "unit", "better"):
        table.add_column(heading)
    for entry in CATALOG:
        table.add_row(entry.metric, entry.label, entry.unit, entry.better or "neither (context)")
    return table
