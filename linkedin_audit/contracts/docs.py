"""docs/schema.md, rendered from the contracts: the page's opening (schema_intro.md), then one section per
layer and one `### name` per relation with its columns. linkedin_audit/cli/schema_docs.py parses the page
(`tables`, `schema`): keep the `| column | type | meaning |` rows and `(PII)` marks as they are."""

from __future__ import annotations

from importlib import resources

from linkedin_audit.contracts import Column, Relation, layers

HEADER = "<!-- Generated from linkedin_audit/contracts/*.toml (`make schema-docs`): edit those. -->"


def _code(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _meaning(c: Column) -> str:
    parts = [c.meaning.strip()] if c.meaning.strip() else []
    if c.pii:
        parts.append("(PII)")
    rules = []
    if c.not_null is True:
        rules.append("never NULL")
    elif c.not_null:
        rules.append(f"never NULL where `{c.not_null}`")
    if c.unique:
        rules.append("unique")
    if c.accepted:
        rules.append(f"one of {_code(c.accepted)}")
    if rules:
        parts.append(f"[{'; '.join(rules)}]")
    return " ".join(parts).replace("|", "\\|")


def _relation(r: Relation) -> list[str]:
    lines = [f"### {r.qualified}"]
    if r.description:
        lines += [r.description, ""]
    lines += ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| {c.name} | {c.type} | {_meaning(c)} |" for c in r.columns]
    if r.key:
        lines += ["", f"Key: {_code(r.key)} (no two rows share it)."]
    return [*lines, ""]


def render() -> str:
    intro = (
        resources.files("linkedin_audit.contracts").joinpath("schema_intro.md").read_text(encoding="utf-8")
    )
    lines = [HEADER, intro.rstrip(), ""]
    for layer in layers():
        lines += [f"## {layer.title}", layer.intro, ""]
        for r in layer.relations:
            lines += _relation(r)
    return "\n".join(lines).rstrip() + "\n"
