"""url_key / name_key: Python and SQL agree, and the normal form is what docs/schema.md says."""

from __future__ import annotations

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


def test_examples(con):
    assert name_key("Jane Döe, PhD") == "jane doe"
    assert url_key("www.linkedin.com/in/ada-example-1a2b3c") == "linkedin.com/in/ada-example-1a2b3c"
    assert url_key("") is None and name_key("  ") is None
    assert con.execute("SELECT url_key('https://www.linkedin.com/in/j%C3%B6rgen-x/')").fetchone() == (
        "linkedin.com/in/jörgen-x",
    )
