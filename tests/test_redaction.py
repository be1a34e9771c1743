"""What a redacted report keeps, on hand-written frames: a name typed into another person's company field
(seen in a real export), names inside notes and templates, companies beside pseudonyms, exact dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import duckdb
import polars as pl
import pytest

from linkedin_audit.report import notebook_helpers as nh
from linkedin_audit.report import redaction


@pytest.fixture
def redacting(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(nh.REDACT_ENV, "1")
    monkeypatch.setenv(nh.REDACT_KEY_ENV, "k")
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE people AS SELECT * FROM (VALUES ('Jane Roe'), ('Zoë Ångström-Berg'), "
        "('Bob Lee, PhD'), ('Cher')) t(name)"
    )
    con.execute("CREATE TABLE me AS SELECT 'Owner Person' AS name")
    redaction.load_names(con)
    yield
    redaction._scrubber = None


def test_known_names_are_replaced_in_any_text(redacting: None) -> None:
    text = "Met JANE roe and zoë ångström-berg at Owner Person's talk; ask Bob Lee, PhD. Cher stays."
    out = redaction.scrub(text)
    assert out is not None
    for gone in ("JANE", "roe", "ångström", "Owner Person", "Bob Lee"):
        assert gone not in out
    # a known one-word name goes too (issue 25: it survived into shared company totals)
    assert out.count("person-") == 5 and f"{nh.pseudonym('Cher')} stays" in out
    assert redaction.scrub("Jane Roe") == nh.pseudonym("Jane Roe")  # the same pseudonym as her row


def test_long_names_emails_and_urls_are_replaced(redacting: None) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE people AS SELECT 'Maria de la Cruz Fernandez' AS name")
    redaction.load_names(con)
    out = redaction.scrub(
        "Maria de la Cruz Fernandez's assistant; mail maria.cruz@example.org, see "
        "https://www.linkedin.com/in/maria-x?trk=1 or linkedin.com/in/maria-y and www.maria.dev; Booking.com"
    )
    assert out == (
        f"{nh.pseudonym('Maria de la Cruz Fernandez')}'s assistant; mail [e-mail], see [link] or [link] and "
        "[link]; Booking.com"
    )


def test_aggregates_keep_only_shared_values_and_scrub_names(redacting: None) -> None:
    frame = pl.DataFrame({"value": ["Acme", "Jane Roe Consulting", "Tiny Co"], "n": [5, 4, 1]})
    out = redaction.safe_aggregate(frame)
    assert out["value"].to_list() == ["Acme", f"{nh.pseudonym('Jane Roe')} Consulting"]


def test_table_drops_companies_and_titles_and_cuts_dates_to_the_month(redacting: None) -> None:
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
    markup = nh.action_table(
        frame, "list-x", "x.csv", pii=["name"], link={"name": "profile_url"}, missing="none"
    ).markup
    assert markup is not None
    for gone in ("Jane", "linkedin.com", "Consulting", "CTO", "2024-05-17", "hi "):
        assert gone not in markup
    alias = nh.pseudonym("Jane Roe")
    assert alias is not None
    assert "2024-05" in markup and alias in markup and "{name}" in markup


def test_unredacted_links_only_linkedin_profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(nh.REDACT_ENV, "0")
    frame = pl.DataFrame(
        {"name": ["A B", "C D"], "profile_url": ["https://www.linkedin.com/in/ab", "javascript:alert(1)"]}
    )
    markup = nh.action_table(frame, "list-x", "x.csv", link={"name": "profile_url"}, missing="none").markup
    assert 'href="https://www.linkedin.com/in/ab"' in markup and "javascript" not in markup
