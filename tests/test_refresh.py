"""`linkedin-audit refresh FOLDER`: picks the newest export, ingests it once, then rewrites the report."""

import shutil
from pathlib import Path

import duckdb
from typer.testing import CliRunner

import linkedin_audit.report.render as report_module
from linkedin_audit.cli import app

SAMPLE = sorted(Path(__file__).resolve().parent.parent.joinpath("data", "sample").glob("*.zip"))
NEWEST = "Complete_LinkedInDataExport_03-14-2026.zip"  # newer than 11-07-2025 (US date order)


def test_refresh_ingests_newest_once_and_reports(tmp_path, monkeypatch):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    for z in SAMPLE:
        shutil.copy(z, downloads / z.name)
    calls: list[tuple[Path, Path]] = []
    monkeypatch.setattr(
        report_module, "run_report_command", lambda db, out, **kw: calls.append((db, out)) or 0
    )
    db, out = tmp_path / "a.duckdb", tmp_path / "r.html"
    args = ["refresh", str(downloads), "--db", str(db), "--out", str(out)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert NEWEST in first.output
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT name FROM exports").fetchall() == [(NEWEST,)]
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0 and "already ingested" in second.output
    assert calls == [(db, out), (db, out)]


def test_refresh_of_empty_folder_is_one_sentence(tmp_path):
    result = CliRunner().invoke(app, ["refresh", str(tmp_path), "--db", str(tmp_path / "a.duckdb")])
    assert result.exit_code == 2
    assert "no LinkedIn export" in result.output and "Traceback" not in result.output


def test_refresh_takes_the_reports_sections_and_checks_them_before_the_ingest(tmp_path: Path) -> None:
    """`refresh --sections/--jobs` as `report` takes them (a daily schedule may want only the overview),
    through the real command; a wrong section name is one error line before any export is read."""
    from test_verdicts import cli

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    for z in SAMPLE:
        shutil.copy(z, downloads / z.name)
    db, out = tmp_path / "a.duckdb", tmp_path / "r.html"

    def refresh(*extra: str):  # noqa: ANN202 - test_verdicts.cli's CompletedProcess
        return cli("refresh", str(downloads), "--db", str(db), "--out", str(out), *extra, tmp=tmp_path)

    wrong = refresh("--sections", "overview,ovreview")
    assert wrong.returncode == 2
    assert wrong.stderr.strip().startswith(
        "error: --sections: unknown section 'ovreview'; choose from overview"
    )
    assert not db.exists() and not out.exists()
    done = refresh("--sections", "overview", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert "left out (--sections): invitations, sending" in done.stdout + done.stderr
    page = out.read_text(encoding="utf-8")
    assert 'class="la-note la-note-warning la-left-out"' in page
