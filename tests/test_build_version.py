"""A database another version of linkedin-audit analysed is brought up to date, never read as if current.

The case: a member upgrades, keeps their database and runs the README's commands again. Before the
fingerprint (`meta.build_version`), `ingest` said "already ingested ... unchanged" and `report` failed in the
overview on a column the new code reads (`audit_summary.numerator`), or showed verdicts made by the old rules.
The older version is simulated the way it looked: the stamp absent or different, and `audit_summary` without
the columns the current code added. Every behaviour runs through the real command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from linkedin_audit import build_version
from linkedin_audit.db import first_row

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "tests" / "fixtures" / "exports" / "Complete_LinkedInDataExport_12-20-2024"
SUMMARY = "SELECT metric, value, status FROM audit_summary ORDER BY 1"
SAMPLE = sorted((ROOT / "data" / "sample").glob("*.zip"), key=lambda p: (p.name[-8:-4], p.name))
"""The bundled sample's two exports, oldest first (the year ends the name, MM-DD-YYYY)."""


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LINKEDIN_AUDIT_DB"}
    env["COLUMNS"] = "200"
    return subprocess.run(
        [sys.executable, "-m", "linkedin_audit", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def make_older(db: Path, *, stamp: str | None) -> None:
    """What an earlier linkedin-audit left (the release before the fingerprint, 2e0d2a6, as its database
    reads with this code): no structured fields in audit_summary, no `still_connected` in connection_profile,
    staging.messages of the old shape (the identity key derived there, not the raw recipient URLs), another
    stamp or none."""
    con = duckdb.connect(str(db))
    try:
        con.execute("ALTER TABLE audit_summary DROP COLUMN numerator")
        con.execute("ALTER TABLE audit_history DROP COLUMN version")
        con.execute("ALTER TABLE connection_profile DROP COLUMN still_connected")
        sql = first_row(
            con.execute(
                "SELECT sql FROM duckdb_views() WHERE schema_name = 'staging' AND view_name = 'messages'"
            )
        )
        assert sql is not None
        body = sql[0].partition(" AS ")[2].rstrip().rstrip(";")
        con.execute(
            "CREATE OR REPLACE VIEW staging.messages AS SELECT * EXCLUDE (recipient_profile_urls), "
            f"url_key(sender_profile_url) AS sender_url_key FROM ({body})"
        )
        if stamp is None:
            con.execute("DROP TABLE meta.build_version")
        else:
            con.execute("UPDATE meta.build_version SET version = ?", [stamp])
    finally:
        con.close()


def columns(db: Path) -> tuple[set[str], str | None]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = {r[0] for r in con.execute("DESCRIBE audit_summary").fetchall()}
        return names, build_version.built_by(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("built")
    done = cli("ingest", str(EXPORT), "--db", "audit.duckdb", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "audit.duckdb"


def test_an_ingest_stamps_the_database_with_this_code(built: Path) -> None:
    names, stamp = columns(built)
    assert stamp == build_version.code_version() and "numerator" in names


def test_report_refuses_an_older_analysis_in_one_line_and_analyse_brings_it_up_to_date(
    built: Path, tmp_path: Path
) -> None:
    db = tmp_path / "old.duckdb"
    shutil.copy(built, db)
    make_older(db, stamp="an older version")

    report = cli("report", "--db", str(db), "--out", "r.html", cwd=tmp_path)
    assert report.returncode != 0 and not (tmp_path / "r.html").exists()
    lines = [line for line in report.stderr.splitlines() if line.strip()]
    assert "Traceback" not in report.stderr and lines[0].startswith("error:"), report.stderr
    said = " ".join(report.stderr.split())
    assert "analysed by another version of linkedin-audit" in said and "linkedin-audit analyse" in said

    status = cli("status", "--db", str(db), cwd=tmp_path)
    assert status.returncode == 0 and "analysed by: another version" in " ".join(status.stdout.split())

    analyse = cli("analyse", "--db", str(db), cwd=tmp_path)
    assert analyse.returncode == 0, analyse.stderr
    names, stamp = columns(db)
    assert "numerator" in names and stamp == build_version.code_version()
    status = cli("status", "--db", str(db), cwd=tmp_path)
    assert "analysed by: this version" in status.stdout


def test_ingest_with_nothing_new_rebuilds_what_an_earlier_version_built(built: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    shutil.copy(built, db)
    make_older(db, stamp=None)  # before the fingerprint existed
    before = duckdb.connect(str(db), read_only=True)
    try:
        summary_before = before.execute(SUMMARY).fetchall()
    finally:
        before.close()

    again = cli("ingest", str(EXPORT), "--db", str(db), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    said = " ".join(again.stdout.split())
    assert "another version of linkedin-audit had analysed them" in said and "unchanged" not in said
    names, stamp = columns(db)
    assert "numerator" in names and stamp == build_version.code_version()
    after = duckdb.connect(str(db), read_only=True)
    try:
        summary_after = after.execute(SUMMARY).fetchall()
    finally:
        after.close()
    assert summary_after == summary_before  # same code, same data: the same measures

    third = cli("ingest", str(EXPORT), "--db", str(db), cwd=tmp_path)
    assert third.returncode == 0 and "is unchanged" in " ".join(third.stdout.split())


def test_the_fingerprint_follows_the_code_that_decides_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "linkedin_audit"
    shutil.copytree(
        build_version.PACKAGE,
        package,
        symlinks=True,
        ignore=shutil.ignore_patterns("__pycache__", "notebooks"),
    )

    def version() -> str:
        build_version.code_version.cache_clear()
        return build_version.code_version()

    monkeypatch.setattr(build_version, "PACKAGE", package)
    try:
        first = version()
        (package / "report" / "findings.py").write_text("# the report reads, it does not decide\n")
        (package / "cli" / "commands.py").write_text("# nor does the command line\n")
        assert version() == first
        rules = package / "analyses" / "bursts.py"
        rules.write_text(rules.read_text() + "\n# another rule\n")
        assert version() != first
        second = version()
        sql = next((package / "ingest" / "sql" / "model").glob("*.sql"))
        sql.write_text(sql.read_text() + "\n-- another model\n")
        assert version() != second
    finally:
        build_version.code_version.cache_clear()


def oneline_error(done: subprocess.CompletedProcess[str]) -> str:
    """The refusal's words, after checking it is an error line and no traceback."""
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.lstrip().startswith("error:"), done.stderr
    return " ".join(done.stderr.split())


def test_status_check_says_why_an_older_analysis_breaks_contracts_and_ingest_mends_them(
    built: Path, tmp_path: Path
) -> None:
    db = tmp_path / "old.duckdb"
    shutil.copy(built, db)
    make_older(db, stamp=None)

    check = cli("status", "--check", "--db", str(db), cwd=tmp_path)
    assert check.returncode == 1, check.stderr
    failed = set(check.stdout.splitlines())
    assert {
        "audit_summary.numerator: declared, missing",
        "connection_profile.still_connected: declared, missing",
        "staging.messages.recipient_profile_urls: declared, missing",
        "staging.messages.sender_url_key: a column no contract describes",
    } <= failed, check.stdout
    said = " ".join(check.stderr.split())
    assert "analysed by another version of linkedin-audit" in said and "linkedin-audit analyse" in said

    again = cli("ingest", str(EXPORT), "--db", str(db), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    check = cli("status", "--check", "--db", str(db), cwd=tmp_path)
    assert check.returncode == 0 and "every contract holds" in check.stdout, check.stdout + check.stderr


def test_lists_refuse_an_older_analysis_until_analyse(built: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    shutil.copy(built, db)
    make_older(db, stamp="an older version")

    refused = cli("lists", "--db", str(db), "--out", "lists", cwd=tmp_path)
    said = oneline_error(refused)
    assert "analysed by another version of linkedin-audit" in said and "linkedin-audit analyse" in said
    assert not (tmp_path / "lists").exists()

    assert cli("analyse", "--db", str(db), cwd=tmp_path).returncode == 0
    written = cli("lists", "--db", str(db), "--out", "lists", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "lists" / "pending-invitations.csv").is_file()


def test_a_query_missing_a_column_of_an_older_analysis_names_the_fix(built: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    shutil.copy(built, db)
    make_older(db, stamp=None)

    failed = cli("queries", "network_composition", "--db", str(db), cwd=tmp_path)
    said = oneline_error(failed)
    assert "still_connected" in said and "analysed by another version of linkedin-audit" in said
    # a mistake of one's own in a current database is not blamed on a version
    own = cli("sql", "SELECT no_such_column FROM messages", "--db", str(built), cwd=tmp_path)
    assert "no_such_column" in oneline_error(own) and "another version" not in own.stderr

    # a query that runs on the older analysis prints its result, and a note on stderr (stdout stays clean)
    query = "SELECT count(*) AS n FROM audit_summary"
    old = cli("sql", query, "--db", str(db), "--format", "csv", cwd=tmp_path)
    assert old.returncode == 0 and old.stdout.splitlines()[0] == '"n"', old.stderr
    assert "note:" in old.stderr and "analysed by another version of linkedin-audit" in old.stderr
    assert f'analyse --db "{db}"' in " ".join(old.stderr.split())

    assert cli("analyse", "--db", str(db), cwd=tmp_path).returncode == 0
    ran = cli("queries", "network_composition", "--db", str(db), "--format", "csv", cwd=tmp_path)
    assert ran.returncode == 0 and ran.stdout.startswith('"seniority","function","connections"'), ran.stderr
    assert "another version" not in ran.stderr


def test_a_newer_export_into_an_older_database_gives_what_a_fresh_build_gives(
    tmp_path: Path, sample_db: Path
) -> None:
    """The monthly exporter who upgraded between two exports: the older export was analysed by the earlier
    version, the newer one is ingested by this one. Everything but the older export's own history rows
    (kept as they were) must be what this version makes of both exports from scratch (conftest's
    `sample_db`: both in one ingest, built once per session)."""
    older, newer = SAMPLE
    fresh = tmp_path / "fresh.duckdb"
    shutil.copy(sample_db, fresh)  # a copy: the session may hold sample_db open (sample_con) in another mode
    db = tmp_path / "upgraded.duckdb"
    assert cli("ingest", str(older), "--db", str(db), cwd=tmp_path).returncode == 0
    make_older(db, stamp=None)

    done = cli("ingest", str(newer), "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    queries = {
        "summary": "SELECT * FROM audit_summary ORDER BY ALL",
        "messages": "SELECT count(*), count(DISTINCT conversation_id) FROM messages",
        "profile": "SELECT * FROM connection_profile ORDER BY ALL",
        "newest history": "SELECT * FROM audit_history WHERE export_id = 2 ORDER BY ALL",
        "staging": "SELECT count(*), count(recipient_profile_urls) FROM staging.messages",
    }
    got = {}
    for path in (fresh, db):
        con = duckdb.connect(str(path), read_only=True)
        try:
            got[path] = {name: con.execute(sql).fetchall() for name, sql in queries.items()}
            assert build_version.built_by(con) == build_version.code_version()
        finally:
            con.close()
    for name in queries:
        assert got[db][name] == got[fresh][name], name
    assert len(got[db]["summary"]) > 30 and got[db]["messages"][0][0] > 1000
    check = cli("status", "--check", "--db", str(db), cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr

    # the older export's numbers were measured by the earlier rules: the report compares them, says so,
    # and calls no change better or worse (a change of rules is not a change in what the member did)
    # one kernel: the same page (kernels are not the subject; test_reader_leaves and test_first_hour run two);
    # the opening screen only: the findings and "since your last export" are there (findings.py,
    # since_last.py), the other sections compare no exports (~3 CPU s more for nothing checked here)
    reported = cli(
        "report", "--db", str(db), "--out", "r.html", "--jobs", "1", "--sections", "overview", cwd=tmp_path
    )
    assert reported.returncode == 0, reported.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "measured by an earlier version of linkedin-audit, whose rules may differ" in page
    changes = re.findall(r'<span class="la-change([^"]*)">\((.*?)\)</span>', page)
    assert changes and all(cls == "" and "previous export" in text for cls, text in changes), changes
    said_once = (
        "compare with the previous export's numbers as an earlier version of linkedin-audit measured them"
    )
    assert page.count(said_once) == 1, "said once, under the findings"
    assert said_once in " ".join(reported.stderr.split()), reported.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        kept = con.execute(
            "SELECT export_id, count(version) FROM audit_history GROUP BY 1 ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    assert kept == [
        (1, 0),
        (2, len(got[db]["summary"])),
    ]  # the earlier rows: rules unknown, kept as they were


def test_who_names_the_database_to_bring_up_to_date(built: Path, tmp_path: Path) -> None:
    """`who --db X` on an older analysis: the hint must name X (a bare `analyse` would update the default
    database, not this one)."""
    db = tmp_path / "old.duckdb"
    shutil.copy(built, db)
    make_older(db, stamp="an older version")

    said = oneline_error(cli("who", "Fiktiv", "--db", str(db), cwd=tmp_path))
    assert "analysed by another version of linkedin-audit" in said and f'analyse --db "{db}"' in said
    assert cli("analyse", "--db", str(db), cwd=tmp_path).returncode == 0
    found = cli("who", "Fiktiv", "--db", str(db), "--format", "csv", cwd=tmp_path)
    assert found.returncode == 0 and "Jörgen Testsson" in found.stdout, found.stderr
