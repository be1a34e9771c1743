"""Every column of every relation in `main` of a freshly ingested database is documented in docs/schema.md
(a `### name` section whose table lists the column). Analysis relations are covered once they exist."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from linkedin_audit.build import run_ingest

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
    columns = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
    ).fetchall()
    docs = documented()
    assert len(columns) > 100  # the model and whatever analysis relations exist
    missing = sorted(f"{t}.{c}" for t, c in columns if c not in docs.get(t, set()))
    assert not missing, f"undocumented in docs/schema.md: {missing}"


# Model columns that the staging SQL derives from differently named raw columns: (relation, column) -> the
# spec columns it is made of. Every other documented column comes from the raw column of its own name, if any.
DERIVED = {
    ("connections", "name"): ("first_name", "last_name"),
    ("connections", "profile_url"): ("url",),
    ("connections", "url_key"): ("url",),
    ("invitations", "counterparty_name"): ("from_name", "to_name"),
    ("invitations", "counterparty_url_key"): ("inviter_profile_url", "invitee_profile_url"),
    ("messages", "sender_name"): ("from_name",),
    ("messages", "sender_url_key"): ("sender_profile_url",),
    ("messages", "recipient_url_keys"): ("recipient_profile_urls",),
    ("messages", "content_text"): ("content",),
    ("endorsements", "url_key"): ("public_url",),
}


def _pii_documented() -> dict[str, dict[str, bool]]:
    """relation -> column -> whether docs/schema.md marks it (PII)."""
    marks: dict[str, dict[str, bool]] = {}
    current: dict[str, bool] | None = None
    for line in DOCS.read_text().splitlines():
        if line.startswith("### "):
            current = {}
            for n in line[4:].split(","):
                marks.setdefault(n.strip(), current)
        elif current is not None and (m := re.match(r"^\|\s*([a-z_0-9]+)\s*\|[^|]*\|(.*)\|\s*$", line)):
            if m.group(1) != "column":
                current[m.group(1)] = "(PII)" in m.group(2)
    return marks


def test_pii_marks_agree_with_the_source_specs():
    """A model column is documented as PII exactly when a raw column it comes from is declared `pii` in
    its source spec (linkedin_audit/ingest/sources/): the specs' PII flags are the ones the docs state."""
    from linkedin_audit.ingest.sources import REGISTRY, TYPED

    marks = _pii_documented()
    spec_pii: dict[str, dict[str, bool]] = {}  # model relation -> raw column -> pii (received + given merge)
    for spec in REGISTRY:
        if spec.treatment == TYPED:
            relation = spec.name.removesuffix("_received").removesuffix("_given")
            for column in spec.columns:
                flags = spec_pii.setdefault(relation, {})
                flags[column.name] = flags.get(column.name, False) or column.pii
    checked, wrong = 0, []
    for relation, flags in spec_pii.items():
        assert relation in marks, f"no section for {relation} in docs/schema.md"
        for column, documented in marks[relation].items():
            sources = [c for c in DERIVED.get((relation, column), (column,)) if c in flags]
            if not sources:
                continue  # not from a raw column (ids, provenance, flags computed in staging)
            checked += 1
            if documented != any(flags[c] for c in sources):
                wrong.append(f"{relation}.{column} (from {', '.join(sources)})")
    assert checked >= 70, checked  # 76 when written: the check cannot pass by checking nothing
    assert not wrong, f"PII in docs/schema.md disagrees with the source specs: {wrong}"
