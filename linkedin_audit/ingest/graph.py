"""The declared SQL graph: every file under ingest/sql makes one relation and says what it reads.

Each file opens with a header, one `-- key: value` line each (a long `reads:` may continue on further
`-- reads:` lines):

    -- relation: staging.connections
    -- reads: raw.connections
    -- materialize: view

`relation` is what the file makes, schema-qualified; its schema follows the folder (`staging/` ->
`staging`, `meta/` -> `meta`, `model/` -> `main`; `temp` for a `temp` file in any folder). `reads` lists
every relation its SQL reads (`-` for none); each is made by another file or is a SOURCE, made outside
the graph (the raw tables, the ingest's bookkeeping). `materialize` says how and when it runs (MATERIALIZE).
The build order is derived from the reads (a topological sort; ties in path order); the number prefixes of
the file names only keep related files together when listed. `check()` is what the tests run: a cycle, an
undeclared read, a file that makes a relation its header does not name, or more than one, is an error."""

from __future__ import annotations

import functools
import heapq
import re
from dataclasses import dataclass
from importlib import resources

SCHEMAS = {"staging": "staging", "meta": "meta", "model": "main"}
"""Folder -> the schema of the relations its files make."""

MATERIALIZE = {
    "macros": "defines macros only (staging/00_macros.sql); run before every other file, makes no relation",
    "view": "CREATE OR REPLACE VIEW; staging views are (re)defined as each export is loaded",
    "table": "CREATE OR REPLACE TABLE, rebuilt from the whole history at every build",
    "temp": "a temporary table for the build, dropped at its end",
    "append": "keeps its rows from build to build and appends what is new (person ids stay stable)",
    "per_export": "run once as each export is loaded, with getvariable('export_id') naming it: appends that "
    "export's rows",
    "incremental": "run at the build once per export not merged yet (meta.merged_exports), oldest first, "
    "with temp.merging and getvariable('export_id') naming it",
    "refresh": "updates the relation an incremental file made, for rows merged by earlier builds; skipped "
    "when this build merged every row",
}


def at_load(f: SqlFile) -> bool:
    """Run as each export is loaded: the staging folder and per_export files (the owner check needs
    meta.owner_by_export before the next export loads). Every other file runs at the build."""
    return f.folder == "staging" or f.materialize == "per_export"


SOURCES = {
    "main.exports": "one row per export (ingest/load.py)",
    "main.ingest_files": "one row per member file (ingest/load.py)",
    "meta.merged_exports": "exports whose messages are merged (ingest/model.py)",
    "temp.merging": "the export an incremental file merges (ingest/model.py)",
}
"""Relations made outside the SQL graph that files may read, besides every `raw.*` table."""

_HEADER = re.compile(r"^--\s*(relation|reads|materialize|state):\s*(.*?)\s*$")
_CREATES = re.compile(
    r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(TEMP\s+|TEMPORARY\s+)?(TABLE|VIEW|MACRO)\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    r"([a-z_][a-z_0-9]*(?:\.[a-z_][a-z_0-9]*)?)",
    re.IGNORECASE,
)
_DROPS = re.compile(r"\bDROP\s+(?:TABLE|VIEW)\s+(?:IF\s+EXISTS\s+)?([a-z_][a-z_0-9.]*)", re.IGNORECASE)
_QUALIFIED = re.compile(r"\b(raw|staging|meta|temp|main)\.([a-z_][a-z_0-9]*)\b")
_UNQUALIFIED = re.compile(
    r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_][a-z_0-9]*)\b(?!\s*[.(])", re.IGNORECASE
)


class GraphError(ValueError):
    """The SQL files' declarations are inconsistent (see `check`)."""


@dataclass(frozen=True)
class SqlFile:
    path: str
    """Relative to ingest/sql, e.g. `staging/10_connections.sql`."""
    relation: str | None
    reads: tuple[str, ...]
    materialize: str
    text: str
    state: tuple[str, ...] = ()
    """What an incremental file keeps between builds besides its relation (`-- state:`, schema meta)."""

    @property
    def folder(self) -> str:
        return self.path.split("/", 1)[0]

    @property
    def body(self) -> str:
        """The text without the header lines (what the message-merge version hashes)."""
        return "".join(line for line in self.text.splitlines(keepends=True) if not _HEADER.match(line))


def parse(path: str, text: str) -> SqlFile:
    """The header of one file (the module docstring gives the convention)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        if m := _HEADER.match(line):
            key, value = m.groups()
            found[key] = f"{found[key]}, {value}" if key == "reads" and key in found else value
    if "materialize" not in found or "reads" not in found:
        raise GraphError(f"{path}: the header must give `-- reads:` and `-- materialize:`")
    reads = tuple(r.strip() for r in found["reads"].split(",") if r.strip() and r.strip() != "-")
    state = tuple(s.strip() for s in found.get("state", "").split(",") if s.strip())
    return SqlFile(path, found.get("relation"), reads, found["materialize"], text, state)


def discover() -> list[SqlFile]:
    """Every SQL file of the package, parsed, in path order (a folder that is no layer is an error)."""
    root = resources.files("linkedin_audit.ingest").joinpath("sql")
    found = []
    for folder in root.iterdir():
        if not folder.is_dir() or folder.name.startswith("__"):
            continue
        for f in folder.iterdir():
            if f.name.endswith(".sql"):
                found.append(parse(f"{folder.name}/{f.name}", f.read_text(encoding="utf-8")))
    return sorted(found, key=lambda f: f.path)


@functools.cache
def files() -> tuple[SqlFile, ...]:
    """Every SQL file of the package in build order (the order a fresh database is built in)."""
    return order(discover())


def order(found: list[SqlFile]) -> tuple[SqlFile, ...]:
    """`found` sorted so that each file runs after the files making what it reads (macro files first); a
    cycle or a read nothing makes raises GraphError."""
    errors = declaration_errors(found)
    if errors:
        raise GraphError("; ".join(errors))
    writers: dict[str, list[SqlFile]] = {}
    for f in found:
        for relation in (f.relation, *f.state) if f.relation else ():
            writers.setdefault(relation, []).append(f)
    by_path = {f.path: f for f in found}
    macros = [f.path for f in found if f.materialize == "macros"]
    needs: dict[str, set[str]] = {}
    for f in found:
        needs[f.path] = set() if f.materialize == "macros" else set(macros)
        for read in f.reads:
            for w in writers.get(read, []):
                # a refresh file reads its own relation: it follows the file that makes it
                if w is not f and not (w.materialize == "refresh" and f.relation == read):
                    needs[f.path].add(w.path)
    # Kahn's algorithm, taking the first ready file in (layer, path) order: the order stays close to the
    # folders' and names' order, and the same on every build.
    rank = {name: i for i, name in enumerate(SCHEMAS)}
    key = {f.path: (rank.get(f.folder, len(rank)), f.path) for f in found}
    waiting = {path: set(n) for path, n in needs.items()}
    ready = [key[path] for path, n in waiting.items() if not n]
    heapq.heapify(ready)
    result: list[SqlFile] = []
    while ready:
        _, path = heapq.heappop(ready)
        result.append(by_path[path])
        for other, n in waiting.items():
            if path in n:
                n.discard(path)
                if not n:
                    heapq.heappush(ready, key[other])
    if len(result) < len(found):
        stuck = sorted(path for path, n in waiting.items() if n)
        raise GraphError(f"the SQL files' reads form a cycle among {', '.join(stuck)}")
    return tuple(result)


def declaration_errors(found: list[SqlFile]) -> list[str]:
    """What is wrong with the headers alone: unknown materializations, schemas against folders, a relation
    made by two files, reads of relations nothing makes."""
    errors: list[str] = []
    made: dict[str, str] = {}
    for f in found:
        if f.materialize not in MATERIALIZE:
            errors.append(f"{f.path}: unknown materialize {f.materialize!r}")
        if f.materialize == "macros":
            if f.relation:
                errors.append(f"{f.path}: a macros file makes no relation")
            continue
        if f.folder not in SCHEMAS:
            errors.append(f"{f.path}: the folder is no layer ({', '.join(SCHEMAS)})")
            continue
        if not f.relation or "." not in f.relation:
            errors.append(f"{f.path}: `-- relation:` must name a schema-qualified relation")
            continue
        schema = "temp" if f.materialize == "temp" else SCHEMAS.get(f.folder)
        if f.relation.split(".")[0] != schema:
            errors.append(f"{f.path}: {f.relation} is not in schema {schema}, the folder's")
        if f.state and (f.materialize != "incremental" or any(not s.startswith("meta.") for s in f.state)):
            errors.append(f"{f.path}: only an incremental file keeps state, in schema meta")
        for relation in (f.relation, *f.state) if f.materialize != "refresh" else ():
            if relation in made:
                errors.append(f"{relation} is made by {made[relation]} and {f.path}")
            made[relation] = f.path
    for f in found:
        for read in f.reads:
            if read not in made and read not in SOURCES and not read.startswith("raw."):
                errors.append(f"{f.path} reads {read}, which no file makes and is no source")
            elif at_load(f) and read in made and not at_load(_file(found, made[read])):
                errors.append(f"{f.path} runs as exports are loaded but reads {read}, made at the build")
    return errors


def _file(found: list[SqlFile], path: str) -> SqlFile:
    return next(f for f in found if f.path == path)


def _code(text: str) -> str:
    """The SQL without comments and string literals (what the checks below read), read left to right."""
    return re.sub(r"'(?:[^']|'')*'|--[^\n]*", lambda m: "''" if m.group().startswith("'") else "", text)


def check(found: tuple[SqlFile, ...] | None = None) -> list[str]:
    """Every problem of the graph, one sentence each: the declaration errors, and what the SQL itself does
    against its header: the relations it creates (scratch relations it drops again do not count) and the
    relations it reads (qualified names, and unqualified names of relations of the graph)."""
    found = found if found is not None else tuple(discover())
    errors = declaration_errors(list(found))
    if not errors:
        try:
            order(list(found))
        except GraphError as exc:
            errors.append(str(exc))
    made = {r for f in found for r in (f.relation, *f.state) if r} | set(SOURCES)
    short = {r.split(".", 1)[1]: r for r in made if r.startswith(("main.", "temp."))}
    macros_of = {}
    for f in found:
        for _, kind, name in _CREATES.findall(_code(f.text)):
            if kind.upper() == "MACRO" and "." in name:
                macros_of[name] = f.relation
    for f in found:
        code = _code(f.text)
        dropped = set(_DROPS.findall(code))
        code = _DROPS.sub("", code)
        created = set()
        for temp, kind, name in _CREATES.findall(code):
            if kind.upper() == "MACRO" or name in dropped:
                continue
            created.add(name if "." in name else ("temp." if temp else "main.") + name)
        if f.materialize == "macros":
            expected: set[str] = set()
        elif f.materialize in ("refresh", "append") and not created:
            expected = set()
        else:
            expected = {f.relation, *f.state} if f.relation else set()
        if created != expected:
            errors.append(f"{f.path} creates {sorted(created) or 'nothing'}; its header names {f.relation}")
        scratch = {c.split(".")[-1] for c in _CREATES.findall(code) for c in [c[2]]}
        reads = set()
        for schema, name in _QUALIFIED.findall(code):
            qualified = f"{schema}.{name}"
            reads.add(macros_of.get(qualified, qualified))
        for name in _UNQUALIFIED.findall(code):
            if name in short and name not in scratch:
                reads.add(short[name])
        reads.discard(f.relation)
        reads -= created | set(f.state)
        undeclared = sorted(r for r in reads if r and r not in f.reads)
        if undeclared:
            errors.append(f"{f.path} reads {', '.join(undeclared)} without declaring it")
        unused = sorted(r for r in f.reads if r not in reads and r != f.relation)
        if unused:
            errors.append(f"{f.path} declares reads it does not make: {', '.join(unused)}")
    return errors
