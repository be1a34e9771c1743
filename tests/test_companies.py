"""The conservative company rule (network/companies.py, docs/metrics.md "Companies"), pinned by a
hand-written list of real-looking spellings whose groups were written by hand, not by the code."""

from __future__ import annotations

import pytest

from linkedin_audit.network.companies import company_key, group_companies, match_company

# spelling -> the employer it names (written by hand). One carmaker under its brand, its legal name and its
# national subsidiaries; beside it the former parent group, the group's truck and marine divisions and a
# local dealership, all starting with the same word; then the usual suffix, accent and punctuation noise.
EXPECTED = {
    "Nordvik Cars": "carmaker",
    "NORDVIK CARS": "carmaker",
    "nordvik cars ": "carmaker",
    "Nordvik Car Corporation": "carmaker",
    "Nordvik Car Sverige AB": "carmaker",
    "Nordvik Cars, Inc.": "carmaker",
    "Nordvik Car USA": "carmaker",
    "Nordvik Cars España S.A.": "carmaker",
    "AB Nordvik": "group",
    "Nordvik Group": "group",
    "Nordvik AB (publ)": "group",
    "Nordvik": "group",
    "Nordvik Trucks": "trucks",
    "Nordvik Truck Corporation": "trucks",
    "Nordvik Trucks Deutschland GmbH": "trucks",
    "Nordvik Penta": "marine",
    "Nordvik Penta AB": "marine",
    "Nordvik Bil i Göteborg AB": "dealer",
    "NORDVIK BIL I GOTEBORG": "dealer",
    "Kranich-Werke GmbH & Co. KG": "kranich",
    "Kranich Werke": "kranich",
    "KRANICH WERKE GMBH": "kranich",
    "Kranich Werke Österreich": "kranich",
    "Solaria Energía S.A.": "solaria",
    "SOLARIA ENERGIA, S.A.U.": "solaria",
    "Solaria Energía México": "solaria",
    "Banco de Solaria": "banco de solaria",
    "Banco de España": "banco de espana",
    "Bank of America": "bank of america",
    "Lumen & Vale": "lumen",
    "Lumen and Vale LLP": "lumen",
    "Example Corp, Inc.": "example",
    "Example Corporation": "example",
    "Example Ltd.": "example",
    "Bluefjord Systems": "bluefjord",
    "Bluefjord System AB": "bluefjord",
    "Bluefjord Labs": "bluefjord labs",
    "Orchard Agritech": "orchard agritech",
    "Orchard": "orchard",
    "Müller Consulting GmbH": "muller consulting",
    "Mueller Consulting": "mueller consulting",  # another transliteration: not merged (conservative)
    "Acme Consulting": "acme consulting",
    "Acme Consultants": "acme consultants",
}


def _partition(pairs: dict[str, str]) -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for spelling, group in pairs.items():
        by.setdefault(group, set()).add(spelling)
    return {frozenset(s) for s in by.values()}


def test_groups_are_exactly_the_hand_written_ones() -> None:
    groups = group_companies(list(EXPECTED))
    got = {frozenset(s for s, _ in g.spellings) for g in groups.values()}
    assert got == _partition(EXPECTED)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nordvik Cars", "Nordvik Group"),  # brand vs its former parent group
        ("Nordvik Cars", "Nordvik Trucks"),
        ("Nordvik Group", "Nordvik Trucks"),
        ("Nordvik Trucks", "Nordvik Penta"),
        ("Nordvik Cars", "Nordvik Bil i Göteborg AB"),
        ("Bank of America", "Bank"),
        ("Banco de España", "Banco"),
    ],
)
def test_companies_that_share_a_first_word_stay_apart(a: str, b: str) -> None:
    assert company_key(a) != company_key(b)


def test_no_company_is_no_key() -> None:
    assert company_key(None) == company_key("") == company_key("  ") == company_key("--") == ""
    assert company_key("AB") == "ab"  # a legal form alone is kept, not emptied


def test_counts_and_label_follow_the_spellings() -> None:
    groups = group_companies({"Nordvik Cars": 9, "Nordvik Car Corporation": 3, "Nordvik Car Sverige AB": 2})
    (g,) = groups.values()
    assert (g.label, g.n) == ("Nordvik Cars", 14)
    assert g.spellings == (("Nordvik Cars", 9), ("Nordvik Car Corporation", 3), ("Nordvik Car Sverige AB", 2))


COUNTS = {
    "Nordvik Cars": 9,
    "Nordvik Car Sverige AB": 2,
    "Nordvik Group": 35,
    "Nordvik Trucks": 7,
    "Nordvik Truck Corporation": 2,
    "Nordvik Penta": 4,
    "Nordvik Bil i Göteborg AB": 1,
    "Kranich Werke": 3,
}


def test_query_matches_one_employer_and_names_the_near_ones() -> None:
    m = match_company("nordvik cars ab", group_companies(COUNTS))
    assert m.exact
    assert [(g.label, g.n) for g in m.groups] == [("Nordvik Cars", 11)]
    assert [(g.label, g.n) for g in m.near] == [
        ("Nordvik Group", 35),
        ("Nordvik Trucks", 9),
        ("Nordvik Penta", 4),
        ("Nordvik Bil i Göteborg AB", 1),
    ]


def test_query_for_the_group_is_not_its_divisions() -> None:
    m = match_company("AB Nordvik", group_companies(COUNTS))
    assert m.exact and [g.label for g in m.groups] == ["Nordvik Group"]
    assert "Nordvik Cars" in [g.label for g in m.near]


def test_part_of_a_name_matches_every_company_that_holds_it() -> None:
    m = match_company("kranich", group_companies(COUNTS))
    assert not m.exact and [g.label for g in m.groups] == ["Kranich Werke"]
    m = match_company("penta", group_companies(COUNTS))
    assert [g.label for g in m.groups] == ["Nordvik Penta"]
    assert match_company("enta", group_companies(COUNTS)).groups == ()  # not from the start of a word


def test_a_typo_is_suggested_never_merged() -> None:
    m = match_company("Kranik Werke", group_companies(COUNTS))
    assert m.groups == ()
    assert [g.label for g in m.near] == ["Kranich Werke"]
