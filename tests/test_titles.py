"""Seniority and function from position titles (network/titles.py and the rules table titles.toml): each
class on hand-written titles in English, Swedish, Spanish and German; unknown titles unclassified."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from linkedin_audit.network.titles import SENIORITY_ORDER, load_rules

SENIORITY = {
    "founder": [
        "Founder",
        "Co-founder & CEO",
        "Grundare",
        "Medgrundare och CTO",
        "Cofundadora",
        "Mitgründer",
        "Owner",
        "Inhaber",
    ],
    "executive": [
        "CEO",
        "VD",
        "Verkställande direktör",
        "vd på Nordvik",
        "Geschäftsführer",
        "Geschaeftsfuehrerin",
        "Managing Director",
        "Director General",
        "Consejero Delegado",
        "Chief Financial Officer",
        "President",
        "CTO",
    ],
    "director": [
        "Vice President Sales",
        "SVP Engineering",
        "Director of Marketing",
        "Directora de Marketing",
        "Head of Data",
        "Abteilungsleiter Vertrieb",
        "Avdelningschef",
        "Direktor Finanzen",
    ],
    "manager": [
        "Manager",
        "Gerente",
        "Gerente de Ventas",
        "Engineering Manager",
        "Försäljningschef",
        "Teamleiter IT",
        "Team Lead",
        "Projektledare",
        "Jefe de Proyecto",
        "Marknadsansvarig",
    ],
    "senior": [
        "Senior Software Engineer",
        "Sr. Data Scientist",
        "Principal Consultant",
        "Staff Engineer",
        "Marketing Lead",
    ],
    "entry": [
        "Junior Developer",
        "Intern",
        "Praktikant",
        "Becaria de Marketing",
        "Werkstudentin",
        "Trainee",
        "Estudiante",
    ],
    "individual": [
        "Software Engineer",
        "Rekryterare",
        "Recruiter",
        "Systemutvecklare",
        "Desarrollador",
        "Entwickler",
        "Konsult",
        "Abogada",
        "Controller",
        "Säljare",
    ],
    "unclassified": ["", "Sjuksköterska", "Friend of the family", "Ninja", "Freelance"],
}

FUNCTION = {
    "recruiting": [
        "Rekryterare",
        "Recruiter",
        "Talent Acquisition Partner",
        "Reclutadora",
        "Senior Recruiter",
    ],
    "hr": ["HR Business Partner", "Personalleiterin", "Recursos Humanos", "Human Resources Manager"],
    "engineering": [
        "Software Engineer",
        "Systemutvecklare",
        "Desarrollador",
        "Entwickler",
        "CTO",
        "Ingenjör",
        "DevOps",
    ],
    "finance": ["CFO", "Controller", "Ekonomichef", "Contadora", "Buchhalter", "Financial Analyst"],
    "data": ["Data Scientist", "Analytiker", "Analista de datos", "Head of Data"],
    "research": ["Research Scientist", "Forskare", "Investigador", "Professor", "Doktorand"],
    "product": ["Product Manager", "Produktchef", "Gerente de Producto", "Product Owner"],
    "design": ["UX Designer", "Diseñadora", "Formgivare", "Grafikdesigner"],
    "sales": ["Gerente de Ventas", "Säljare", "Försäljningschef", "Account Executive", "Vertriebsleiter"],
    "marketing": ["Marketing Lead", "Marknadsansvarig", "Directora de Marketing", "Kommunikatör"],
    "operations": ["Operations Manager", "Logistikchef", "Jefe de Operaciones", "Einkauf"],
    "consulting": ["Konsult", "Consultant", "Berater", "Asesora"],
    "legal": ["Advokat", "Abogada", "Rechtsanwalt", "General Counsel"],
    "customer_support": ["Customer Success Manager", "Kundtjänst", "Atención al cliente"],
    "education": ["Lärare", "Teacher", "Maestra", "Lehrerin"],
    "general_management": [
        "VD",
        "Verkställande direktör",
        "CEO",
        "Geschäftsführer",
        "Managing Director",
        "Founder",
        "Gerente General",
        "Consejero Delegado",
    ],
    "unclassified": ["", "Gerente", "Manager", "Sjuksköterska", "Freelance", "Intern"],
}


@pytest.mark.parametrize("cls", list(SENIORITY))
def test_seniority_of_hand_written_titles(cls: str) -> None:
    rules = load_rules()
    got = {t: rules.classify(t)[0] for t in SENIORITY[cls]}
    assert got == dict.fromkeys(SENIORITY[cls], cls)


@pytest.mark.parametrize("cls", list(FUNCTION))
def test_function_of_hand_written_titles(cls: str) -> None:
    rules = load_rules()
    got = {t: rules.classify(t)[1] for t in FUNCTION[cls]}
    assert got == dict.fromkeys(FUNCTION[cls], cls)


def test_every_seniority_class_is_tested_and_ordered() -> None:
    assert set(SENIORITY) == set(SENIORITY_ORDER)


def test_a_users_rules_file_is_tried_first(tmp_path: Path) -> None:
    mine = tmp_path / "titles.toml"
    mine.write_text(
        "[[seniority]]\nclass = \"executive\"\npatterns = ['\\bvorstandin\\b']\n"
        "[[function]]\nclass = \"health\"\npatterns = ['sjukskoterska', '\\bnurse\\b']\n",
        encoding="utf-8",
    )
    rules = load_rules(mine)
    assert rules.classify("Sjuksköterska") == ("individual", "health")
    assert rules.classify("Vorstandin") == ("executive", "general_management")
    assert rules.classify("Rekryterare") == ("individual", "recruiting")  # the packaged rules still apply
    assert load_rules().classify("Sjuksköterska") == ("unclassified", "unclassified")


def test_a_bad_rules_file_is_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "titles.toml"
    bad.write_text('[[function]]\nclass = "x"\npatterns = ["(unclosed"]\n', encoding="utf-8")
    code = "from linkedin_audit.network.titles import load_rules; load_rules()"
    env = {"LINKEDIN_AUDIT_TITLES": str(bad), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode != 0 and "bad pattern" in run.stderr
