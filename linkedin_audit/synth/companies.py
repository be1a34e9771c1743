"""Company spellings as real networks hold them, planted in the generator so its truth pins `who` and the
company rule (docs/metrics.md, "Companies").

Why planted: in a real export one employer appears under several spellings (legal form, capitals, a
national subsidiary), and different employers share a first word. Here, by person index (no random draw,
so the generator's random streams are unchanged): some connections at three employers type a variant of its
name, and some connections of a fourth employer work at a sibling that shares the first word of one of
them. `EMPLOYER` says, by hand, which employer each spelling names: the truth the tests compare with."""

from __future__ import annotations

from linkedin_audit.synth.keys import url_key
from linkedin_audit.synth.plan import Plan, job_in

VARIANTS = {
    "Bluefjord Systems": ("Bluefjord Systems AB", "BLUEFJORD SYSTEMS", "Bluefjord System Sverige AB"),
    "Copperleaf Health": ("Copperleaf Health, Inc.", "Copperleaf Health GmbH"),
    "Meridian Telecom": ("Meridian Telecom S.A.", "Meridian Telecom España"),
}
"""Other spellings of one employer, used by every second connection there (in turn)."""
SIBLINGS = {"Redwood Robotics": "Bluefjord Marine", "Tidewater Energy": "Copperleaf Clinics"}
"""A different employer sharing a first word: every third connection of the key works there instead."""

EMPLOYER = {
    "Bluefjord Systems AB": "Bluefjord Systems",
    "BLUEFJORD SYSTEMS": "Bluefjord Systems",
    "Bluefjord System Sverige AB": "Bluefjord Systems",
    "Copperleaf Health, Inc.": "Copperleaf Health",
    "Copperleaf Health GmbH": "Copperleaf Health",
    "Meridian Telecom S.A.": "Meridian Telecom",
    "Meridian Telecom España": "Meridian Telecom",
    "Bluefjord Marine": "Bluefjord Marine",
    "Copperleaf Clinics": "Copperleaf Clinics",
}
"""Spelling -> the employer it names, written by hand (any other spelling names itself)."""


def spelling(company: str, idx: int) -> str:
    """The company as connection `idx` types it."""
    if company in SIBLINGS and idx % 3 == 0:
        return SIBLINGS[company]
    variants = VARIANTS.get(company)
    if variants and idx % 2 == 0:
        return variants[(idx // 2) % len(variants)]
    return company


def canonical(company: str) -> str:
    """The generator's own name for a planted spelling (its COMPANIES entry)."""
    for name, variants in VARIANTS.items():
        if company in variants:
            return name
    for name, sibling in SIBLINGS.items():
        if company == sibling:
            return name
    return company


def expected_employers(plan: Plan) -> dict[str, str]:
    """url_key -> employer, for every visible connection with a company in the newest export (removed
    connections left out: `who` lists only people still connected)."""
    last = len(plan.export_dates) - 1
    out = {}
    for p in plan.people[1:]:
        if p.connected_on is None or p.hidden or not p.url or p.idx in plan.removals:
            continue
        company, key = job_in(plan, last, p.idx)[0].strip(), url_key(p.url)
        if company and key:
            out[key] = EMPLOYER.get(company, company)
    return out
