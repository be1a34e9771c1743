"""What a redacted report keeps, on hand-written frames: a name typed into another person's company field
(seen in a real export), names inside notes and templates, companies beside pseudonyms, exact dates."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest

from linkedin_audit.report import notebook_helpers as nh
from linkedin_audit.report.redaction import Redaction


@pytest.fixture
def redacting() -> Redaction:
    """The redaction a notebook makes from its parameters (redact=True, the report's key)."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE people AS SELECT * FROM (VALUES ('Jane Roe'), ('Zoë Ångström-Berg'), "
        "('Bob Lee, PhD'), ('Cher')) t(name)"
    )
    con.execute("CREATE TABLE me AS SELECT 'Owner Person' AS name")
    return Redaction.of(con, True, "k")


def test_known_names_are_replaced_in_any_text(redacting: Redaction) -> None:
    text = "Met JANE roe and zoë ångström-berg at Owner Person's talk; ask Bob Lee, PhD. Cher stays."
    out = redacting.scrub(text)
    assert out is not None
    for gone in ("JANE", "roe", "ångström", "Owner Person", "Bob Lee"):
        assert gone not in out
    # a known one-word name goes too (issue 25: it survived into shared company totals)
    assert out.count("person-") == 5 and f"{redacting.pseudonym('Cher')} stays" in out
    assert redacting.scrub("Jane Roe") == redacting.pseudonym("Jane Roe")  # the same pseudonym as her row


def test_redaction_off_changes_nothing(redacting: Redaction) -> None:
    """Off (the parameters' default, what JupyterLab gets): texts, frames and aggregates pass unchanged."""
    off = Redaction()
    text = "Jane Roe, jane@example.org, https://www.linkedin.com/in/jane"
    frame = pl.DataFrame({"name": ["Jane Roe"], "company": ["Acme"], "on": [dt.date(2024, 5, 17)]})
    assert off.scrub(text) == text and off.frame(frame, ["name"]).equals(frame)
    assert off.aggregate(pl.DataFrame({"value": ["Tiny Co"], "n": [1]}))["value"].to_list() == ["Tiny Co"]
    assert redacting.scrub(text) != text


def test_long_names_emails_and_urls_are_replaced() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE people AS SELECT 'Maria de la Cruz Fernandez' AS name")
    redaction = Redaction.of(con, True, "k")
    out = redaction.scrub(
        "Maria de la Cruz Fernandez's assistant; mail maria.cruz@example.org, see "
        "https://www.linkedin.com/in/maria-x?trk=1 or linkedin.com/in/maria-y and www.maria.dev; Booking.com"
    )
    assert out == (
        f"{redaction.pseudonym('Maria de la Cruz Fernandez')}'s assistant; mail [e-mail], see [link] or "
        "[link] and [link]; Booking.com"
    )


def test_aggregates_keep_only_shared_values_and_scrub_names(redacting: Redaction) -> None:
    frame = pl.DataFrame({"value": ["Acme", "Jane Roe Consulting", "Tiny Co"], "n": [5, 4, 1]})
    out = redacting.aggregate(frame)
    assert out["value"].to_list() == ["Acme", f"{redacting.pseudonym('Jane Roe')} Consulting"]


def test_table_drops_companies_and_titles_and_cuts_dates_to_the_month(redacting: Redaction) -> None:
    frame = pl.DataFrame(
        {
            "name": ["Jane Roe"],
            "profile_url": ["https://www.linkedin.com/in/jane"],
            "company": ["Jane Roe Consulting"],
            "position": ["CTO"],
            "connected_on": [dt.date(2024, 5, 17)],
            "note_text": ["hi Jane Roe"],
            "text": ["hello Jane Roe, from {name}"],
        }
    )
    markup = (
        nh.Page(redacting)
        .action_table(frame, "list-x", "x.csv", pii=["name"], link={"name": "profile_url"}, missing="none")
        .markup
    )
    assert markup is not None
    for gone in ("Jane", "linkedin.com", "Consulting", "CTO", "2024-05-17", "hi "):
        assert gone not in markup
    alias = redacting.pseudonym("Jane Roe")
    assert alias is not None
    assert "2024-05" in markup and alias in markup and "{name}" in markup


def test_unredacted_links_only_linkedin_profiles() -> None:
    frame = pl.DataFrame(
        {"name": ["A B", "C D"], "profile_url": ["https://www.linkedin.com/in/ab", "javascript:alert(1)"]}
    )
    markup = nh.action_table(frame, "list-x", "x.csv", link={"name": "profile_url"}, missing="none").markup
    assert 'href="https://www.linkedin.com/in/ab"' in markup and "javascript" not in markup
