"""Ready example queries for ad-hoc SQL (`linkedin-audit queries`), kept in examples.sql (docs/queries.md
shows the same text). Each block starts with `-- name: NAME`, then comment lines describing it, then the
SQL; `$NAME` marks a parameter (`-p NAME VALUE`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


@dataclass(frozen=True)
class Example:
    name: str
    description: str
    sql: str

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_PARAM.findall(self.sql)))


def examples() -> dict[str, Example]:
    """Every example query, by name, in file order."""
    text = resources.files("linkedin_audit.network").joinpath("examples.sql").read_text(encoding="utf-8")
    out: dict[str, Example] = {}
    for block in re.split(r"^-- name: ", text, flags=re.MULTILINE)[1:]:
        name, _, rest = block.partition("\n")
        lines = rest.strip().splitlines()
        about = [ln[3:] if ln.startswith("-- ") else ln[2:] for ln in lines if ln.startswith("--")]
        sql = "\n".join(ln for ln in lines if not ln.startswith("--")).strip()
        out[name.strip()] = Example(name.strip(), " ".join(a.strip() for a in about), sql)
    return out
