"""url_key / name_key: Python and SQL agree, and the normal form is what docs/schema.md says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from urllib.parse import quote

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkedin_audit.ingest.model import sql_files
from linkedin_audit.synth.keys import name_key, url_key


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    c.execute(sql_files("staging")[0][1])
    return c


slug = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-äöüéø", min_size=1, max_size=30)


@settings(max_examples=100, deadline=None)
@given(
    slug=slug,
    scheme=st.sampled_from(["https://", "http://", ""]),
    www=st.sampled_from(["www.", ""]),
    slash=st.sampled_from(["", "/"]),
    encode=st.booleans(),
    upper=st.booleans(),
)
def test_url_key_normal_form(con, slug, scheme, www, slash, encode, upper):
    path = quote(slug) if encode else slug
    url = f"{scheme}{www}linkedin.com/in/{path}{slash}"
    if upper:
        url = url.upper()
    expected = f"linkedin.com/in/{slug}"
    assert url_key(url) == expected
    assert con.execute("SELECT url_key(?)", [url]).fetchone()[0] == expected


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZéöåçñ.-'", max_size=25)


@settings(max_examples=100, deadline=None)
@given(first=names, suffix=st.sampled_from(["", ", PhD", ",MBA"]))
def test_name_key_sql_matches_python(con, first, suffix):
    text = first + suffix
    assert con.execute("SELECT name_key(?)", [text]).fetchone()[0] == name_key(text)


@pytest.mark.parametrize(
    "typed",
    ["Ann\u00a0Lee", "Ann\u2003Lee", " Ann \u00a0 Lee\u00a0", "Ann\u202fLee, MBA", "ANN\tLEE"],
    ids=["no-break space", "em space", "spaces around", "narrow no-break space", "tab"],
)
def test_a_unicode_space_between_names_is_a_space(con, typed):
    """A no-break space typed between first and last name (seen in invitations and message senders) keyed
    the name `annlee` in SQL while Connections.csv gave `ann lee`: one person split in two."""
    assert con.execute("SELECT name_key(?)", [typed]).fetchone()[0] == name_key(typed) == "ann lee"


def test_examples(con):
    assert name_key("Jane Döe, PhD") == "jane doe"
    assert url_key("www.linkedin.com/in/ada-example-1a2b3c") == "linkedin.com/in/ada-example-1a2b3c"
    assert url_key("") is None and name_key("  ") is None
    assert con.execute("SELECT url_key('https://www.linkedin.com/in/j%C3%B6rgen-x/')").fetchone() == (
        "linkedin.com/in/jörgen-x",
    )


def test_a_no_break_space_in_an_invitation_keeps_one_person(tiny_export, tmp_path):
    """Through the real ingest: a connection `Bo Ek` (Connections.csv, with a URL) and an invitation to
    `Bo<NBSP>Ek` without URLs (as typed in the counterparty's name) are one person, the connection."""
    source, _ = tiny_export
    export = tmp_path / source.name
    shutil.copytree(source, export)
    for name, row in (
        (
            "Connections.csv",
            "Bo,Ek,https://www.linkedin.com/in/bo-ek-5d1e2f,,Nimbus Cloud,Engineer,2 Feb 2026",
        ),
        ("Invitations.csv", 'Karim Abbott,Bo\u00a0Ek,"3/1/26, 9:05 AM",,OUTGOING,,'),
    ):
        text = (export / name).read_text(encoding="utf-8")
        (export / name).write_text(text.rstrip("\r\n") + "\r\n" + row + "\r\n", encoding="utf-8", newline="")
    db = tmp_path / "a.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "LINKEDIN_AUDIT_DB"}
    done = subprocess.run(
        [sys.executable, "-m", "linkedin_audit", "ingest", str(export), "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    got = duckdb.connect(str(db), read_only=True)
    try:
        people = got.execute(
            "SELECT person_id, is_connection FROM people WHERE name_key = 'bo ek'"
        ).fetchall()
        invited = got.execute(
            "SELECT counterparty_person_id FROM invitations WHERE counterparty_name = 'Bo\u00a0Ek'"
        ).fetchall()
    finally:
        got.close()
    assert len(people) == 1 and people[0][1], people
    assert invited == [(people[0][0],)]
