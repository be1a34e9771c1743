"""`linkedin-audit who QUERY`: the connections at a company (or with a name), strongest tie first.

The query is resolved here, in Python, by the conservative company rule (companies.py) over the spellings
in `connection_profile` and the old companies of `network_changes`; the answer itself is one read-only SQL
query (`WHO_SQL`) that the `sql` command's runner prints in any of its formats. Resolution order: the company
whose key equals the query's; else every company whose name contains the query from the start of a word;
else the connections whose name does. Who you know there means the connections you still have
(`connection_profile.still_connected`): they are listed and counted first, as "works there". People who left
a matched company between two exports (`network_changes`, change `job_change`) are listed after, as "used to
work there"; connections gone from the newest export (removed by either side) last, as "no longer
connected", counted apart."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from linkedin_audit.db import relation_exists
from linkedin_audit.errors import UserError
from linkedin_audit.network.companies import Group, company_key, group_companies, match_company, name_key

SEP = "\x1f"
"""Separates the values of a list parameter (the unit separator: never typed into a company field)."""

WHO_SQL = """
WITH now_there AS (
    SELECT TRY_CAST(unnest(string_split($current, ',')) AS BIGINT) AS person_id
),
left_company AS (
    SELECT person_id, old_company, old_position, export_date FROM network_changes
    WHERE change = 'job_change' AND old_company IN (SELECT unnest(string_split($former, chr(31))))
      AND person_id IN (SELECT TRY_CAST(unnest(string_split($former_ids, ',')) AS BIGINT))
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY export_date DESC) = 1
),
answer AS (
    SELECT 'works there' AS status, p.*, NULL::VARCHAR AS now_at, NULL::DATE AS left_by
    FROM connection_profile p WHERE p.person_id IN (SELECT person_id FROM now_there)
    UNION ALL BY NAME
    SELECT 'used to work there' AS status,
           p.* REPLACE (l.old_company AS company, l.old_position AS position),
           p.company AS now_at, l.export_date AS left_by
    FROM left_company l JOIN connection_profile p USING (person_id)
    UNION ALL BY NAME
    SELECT 'no longer connected' AS status, p.*, NULL::VARCHAR AS now_at, p.removed_by AS left_by
    FROM connection_profile p
    WHERE p.person_id IN (SELECT TRY_CAST(unnest(string_split($removed, ',')) AS BIGINT))
)
SELECT status, name, company, position, tie_class, round(score, 1) AS score,
       CAST(last_message_at AS DATE) AS last_contact, last_message_by AS wrote_last,
       messages_sent, messages_received, connected_via, profile_url, now_at, left_by
FROM answer
ORDER BY CASE status WHEN 'works there' THEN 0 WHEN 'used to work there' THEN 1 ELSE 2 END,
         score DESC, last_message_at DESC NULLS LAST, name, person_id
"""
"""The answer's columns: docs/metrics.md, "Who you know where"."""


@dataclass
class WhoPlan:
    """What a query resolved to: the parameters of WHO_SQL and the lines that explain the match."""

    current: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    former_ids: list[int] = field(default_factory=list)
    former_spellings: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def params(self) -> dict[str, str]:
        return {
            "current": ",".join(map(str, self.current)),
            "removed": ",".join(map(str, self.removed)),
            "former_ids": ",".join(map(str, self.former_ids)),
            "former": SEP.join(s.replace(SEP, "") for s in self.former_spellings),
        }

    @property
    def found(self) -> bool:
        return bool(self.current or self.former_ids or self.removed)


def _spellings(group: Group) -> str:
    return ", ".join(f'"{s}" {n}' if n else f'"{s}"' for s, n in group.spellings)


def _describe(group: Group) -> str:
    return f"{group.label} ({group.n})"


def resolve(con: duckdb.DuckDBPyConnection, query: str) -> WhoPlan:
    """Resolve `query` against the database (read-only connection); see the module docstring."""
    if not relation_exists(con, "connection_profile"):
        raise UserError(
            "this database has no `connection_profile` yet (made by an older version): run "
            "`linkedin-audit analyse` once"
        )
    if not query.strip():
        raise UserError('give a company or a name, e.g. `linkedin-audit who "Acme"`')
    if "still_connected" not in {c[0] for c in con.execute("DESCRIBE connection_profile").fetchall()}:
        raise UserError(
            "this database's `connection_profile` was made by an older version: run "
            "`linkedin-audit analyse` once"
        )
    everyone = con.execute(
        "SELECT person_id, name, company, still_connected FROM connection_profile ORDER BY person_id"
    ).fetchall()
    rows = [(pid, name, company) for pid, name, company, still in everyone if still]
    gone_rows = [(pid, name, company) for pid, name, company, still in everyone if not still]
    gone = {pid for pid, _, _ in gone_rows}
    changes: list[tuple[int, str, str | None]] = []
    if relation_exists(con, "network_changes"):
        changes = con.execute(
            "SELECT person_id, old_company, new_company FROM network_changes "
            "WHERE change = 'job_change' AND person_id IS NOT NULL AND coalesce(trim(old_company), '') <> ''"
        ).fetchall()
    counts: dict[str, int] = {}
    for _, _, company in rows:
        if company and company.strip():
            counts[company] = counts.get(company, 0) + 1
    for _, old, _ in changes:
        counts.setdefault(old, 0)
    for _, _, company in gone_rows:  # an employer only removed connections worked at can still be asked for
        if company and company.strip():
            counts.setdefault(company, 0)
    groups = group_companies(counts)
    found = match_company(query, groups)
    plan = WhoPlan()
    if found.groups:
        keys = {g.key for g in found.groups}
        current_ids = {pid for pid, _, company in rows if company_key(company) in keys}
        plan.current = sorted(current_ids)
        left = [
            (pid, old)
            for pid, old, new in changes
            if company_key(old) in keys
            and company_key(new) not in keys
            and pid not in current_ids
            and pid not in gone
        ]
        plan.former_ids = sorted({pid for pid, _ in left})
        plan.former_spellings = sorted({old for _, old in left})
        plan.removed = sorted(pid for pid, _, company in gone_rows if company_key(company) in keys)
        how = "" if found.exact else f" (every company whose name contains {query.strip()!r})"
        for g in found.groups:
            plan.lines.append(f"{_describe(g)}: {_spellings(g)}{how}")
        if plan.former_ids:
            plan.lines.append(f"used to work there: {len(plan.former_ids)} (between two of your exports)")
    else:
        wanted = name_key(query)
        plan.current = sorted(pid for pid, name, _ in rows if wanted and _name_has(name_key(name), wanted))
        plan.removed = sorted(
            pid for pid, name, _ in gone_rows if wanted and _name_has(name_key(name), wanted)
        )
        if plan.current or plan.removed:
            plan.lines.append(
                f"no company matches {query.strip()!r}; connections whose name does: {len(plan.current)}"
            )
    if plan.removed:
        plan.lines.append(
            f"no longer connected: {len(plan.removed)} (gone from your newest export; listed last, "
            "not counted above)"
        )
    if found.near:
        example = found.near[0].label
        plan.lines.append(
            "also: "
            + ", ".join(_describe(g) for g in found.near)
            + f' (other companies, not merged): `linkedin-audit who "{example}"`'
        )
    return plan


def _name_has(name: str, wanted: str) -> bool:
    return f" {wanted}" in f" {name}"
