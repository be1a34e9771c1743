"""Every column of every relation in `main` of a freshly ingested database is documented in docs/schema.md
(a `### name` section whose table lists the column). Analysis relations are covered once they exist."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from linkedin_audit.ingest.load import run_ingest

DOCS = Path(__file__).parent.parent / "docs" / "schema.md"
FIXTURE = Path(__file__).parent / "fixtures" / "exports" / "Complete_LinkedInDataExport_12-20-2024"


def documented() -> dict[str, set[str]]:
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in DOCS.read_text().splitlines():
        if line.startswith("### "):
            names = [n.strip() for n in line[4:].split(",")]
            current = set()
            for n in names:
                if n not in sections or not sections[n]:
                    sections[n] = current
        elif current is not None and (m := re.match(r"^\|\s*([a-z_0-9]+)\s*\|", line)):
            if m.group(1) != "column":
                current.add(m.group(1))
    return sections


def test_every_model_column_is_documented(tmp_path):
    db = tmp_path / "db.duckdb"
    run_ingest([FIXTURE], db, analyse=True, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    columns = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                          "WHERE table_schema = 'main'").fetchall()
    docs = documented()
    assert len(columns) > 100  # the model and whatever analysis relations exist
    missing = sorted(f"{t}.{c}" for t, c in columns if c not in docs.get(t, set()))
    assert not missing, f"undocumented in docs/schema.md: {missing}"
