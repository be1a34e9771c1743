"""The report machinery and the real notebooks: offline HTML, failures collected, thin data said in words.

Databases here are synthetic (tests/model_fixtures.py plus the analyses that exist), never real data."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from report_fixtures import NOTEBOOKS, demo_db, empty_db, external_refs
from typer.testing import CliRunner

from linkedin_audit.cli import app
from linkedin_audit.report import notebook_helpers as nh
from linkedin_audit.report import render as report

# --- the machinery, on notebooks written here -------------------------------------------------------------


def _tiny_notebooks(folder: Path) -> list[Path]:
    parameters = new_code_cell("db = None\nreport = False", metadata={"tags": ["parameters"]})
    good = new_notebook(
        cells=[
            new_markdown_cell("# First part\nSome prose."),
            parameters,
            new_code_cell(
                "import polars as pl\n"
                "from linkedin_audit.report import charts, notebook_helpers as nh\n"
                "con = nh.connect(db)\nframe = pl.DataFrame({'k': ['a', 'b'], 'n': [3, 5]})\n"
                "chart = charts.bar_chart(frame, 'k', 'n', title='T', x_title='n', y_title='k')\n"
                "nh.Page(report=report).show(chart)"
            ),
            new_code_cell("import sys; print('noise', file=sys.stderr); print('visible')"),
        ]
    )
    bad = new_notebook(
        cells=[new_markdown_cell("# Second part"), new_code_cell("raise ValueError('broken on purpose')")]
    )
    last = new_notebook(cells=[new_markdown_cell("# Third part"), new_code_cell("print('third ran')")])
    paths = []
    for name, nb in (("01_good", good), ("02_bad", bad), ("03_last", last)):
        path = folder / f"{name}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def test_failures_are_collected_and_the_rest_still_runs(tmp_path: Path) -> None:
    """A failing notebook is listed and the others still run; the page inlines one vega bundle and references
    nothing outside itself (checked on this page rather than on a report run of its own)."""
    db = empty_db(tmp_path / "a.duckdb")
    out = tmp_path / "out" / "r.html"
    result = report.build_report(db, out, _tiny_notebooks(tmp_path))
    assert [s.failed for s in result.sections] == [False, True, False]
    assert result.failures[0].error == "ValueError: broken on purpose"
    page = out.read_text()
    assert "third ran" in page and "visible" in page
    assert "noise" not in page, "stderr is left out of the report"
    assert 'id="failures"' in page and "broken on purpose" in page
    assert ".show(" not in page and "db = " not in page, "code cells are hidden, the injected one too"
    assert page.count('class="la-chart"') == 1
    assert "2026-03-01" in page, "the report states the export date it covers"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    # the page has one bundle and no external reference (a failure section changes neither)
    assert external_refs(page) == []
    assert page.count("window.vegaEmbed=") == 1
    assert len(page) > 800_000, "the vega bundle is inlined"


def test_external_ref_detector_can_fail() -> None:
    page = (
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//f.example/a.css">'
        '<style>@import "https://fonts.example/f.css"; .a{background:url(http://x.example/i.png)}</style>'
    )
    assert len(external_refs(page)) == 4


def test_spec_json_cannot_close_its_script(tmp_path: Path) -> None:
    import polars as pl

    from linkedin_audit.report import charts
    from linkedin_audit.report.notebook_helpers import chart_html

    frame = pl.DataFrame({"k": ["</script><script>alert(1)</script>", "<!--"], "n": [1, 2]})
    markup = chart_html(charts.bar_chart(frame, "k", "n", title="t", x_title="x", y_title="y")).markup
    inner = markup.split('class="la-spec">', 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in inner and ">" not in inner
    assert json.loads(inner)["datasets"], "the spec still parses and keeps its data"
    assert "</script><script>alert(1)</script>" in json.dumps(json.loads(inner), ensure_ascii=False)


def test_cli_report_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    missing = runner.invoke(
        app, ["report", "--db", str(tmp_path / "nope.duckdb"), "--out", str(tmp_path / "r.html")]
    )
    assert missing.exit_code == 2 and "no database" in missing.output
    not_db = tmp_path / "not.duckdb"
    not_db.write_text("this is not a database")
    res = runner.invoke(app, ["report", "--db", str(not_db), "--out", str(tmp_path / "r.html")])
    assert res.exit_code == 2 and "not a DuckDB database" in res.output
    db = empty_db(tmp_path / "a.duckdb")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            f"con = duckdb.connect({str(db)!r}); print('ok', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        res = runner.invoke(app, ["report", "--db", str(db), "--out", str(tmp_path / "r.html")])
        assert res.exit_code == 2 and "in use by another process" in res.output, res.output
    finally:
        holder.kill()
        holder.wait()
    monkeypatch.setattr(report, "notebooks_in", lambda folder=None: _tiny_notebooks(tmp_path))
    res = runner.invoke(app, ["report", "--db", str(db), "--out", str(tmp_path / "r.html")])
    assert res.exit_code == 1, res.output
    assert "02_bad.ipynb" in res.output and "broken on purpose" in res.output


# --- the real notebooks ---------------------------------------------------------------------------------


def test_notebooks_are_committed_clean() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "00_overview.ipynb",
        "01_invitations.ipynb",
        "02_sending.ipynb",
        "03_replies.ipynb",
        "04_ties.ipynb",
        "05_network.ipynb",
        "06_actions.ipynb",
        "07_network_reach.ipynb",
        "08_activity.ipynb",
    ]
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), f"{path.name} has outputs"
        assert "parameters" in code[0].metadata.get("tags", []), f"{path.name}: first code cell is parameters"
        text = "\n".join(c.source for c in code)
        assert "SELECT" not in text.upper().replace("SELECT_", ""), f"{path.name}: SQL belongs in the package"
        assert "connect(" not in text or "nh.connect(db)" in text


def test_every_notebook_says_so_when_data_is_missing(tmp_path: Path) -> None:
    db = empty_db(tmp_path / "empty.duckdb")
    result = report.build_report(db, tmp_path / "r.html", NOTEBOOKS, jobs=2)
    assert [s.error for s in result.sections] == [None] * len(NOTEBOOKS)
    page = (tmp_path / "r.html").read_text()
    assert page.count('class="la-chart"') == 0, "no empty chart is drawn"
    assert page.count("la-note-missing") >= 10


def test_redact_leaves_no_name_in_the_ties_notebook(tmp_path: Path) -> None:
    """The notebook that lists people by name: under --redact only pseudonyms appear (the
    full-report redaction check builds on this)."""
    db = demo_db(tmp_path / "demo.duckdb")
    ties = [p for p in NOTEBOOKS if p.name in ("04_ties.ipynb", "06_actions.ipynb")]
    plain = report.build_report(db, tmp_path / "plain.html", ties)
    redacted = report.build_report(db, tmp_path / "redacted.html", ties, redact=True)
    assert not plain.failures and not redacted.failures
    assert re.search(r"Person \d+", (tmp_path / "plain.html").read_text()), "names are listed unredacted"
    page = (tmp_path / "redacted.html").read_text()
    assert not re.search(r"Person \d+", page)
    assert re.search(r"person-[0-9a-f]{6}", page) and "Redacted:" in page


def test_a_notebook_runs_as_in_jupyterlab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside the report (its `report` parameter left False), charts are Vega-Lite specs under the MIME type
    that JupyterLab renders itself (interactive, no CDN), and the executed notebook validates (Altair 6's own
    `v6.json` output would not; tests/test_lab_browser.py shows Lab drawing them)."""
    from nbclient import NotebookClient

    db = demo_db(tmp_path / "demo.duckdb")
    monkeypatch.setenv("LINKEDIN_AUDIT_DB", str(db))
    nb = nbformat.read(next(p for p in NOTEBOOKS if p.name == "05_network.ipynb"), as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    nbformat.validate(nb)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert sum(nh.VEGALITE_MIME in o.get("data", {}) for o in outputs) >= 3
    assert not any("http" in str(o.get("data", {}).get("text/html", "")) for o in outputs)


# --- explicit parameters ----------------------------------------------------------------------------------


def test_parameters_are_injected_after_the_parameters_cell() -> None:
    """papermill's convention: a cell tagged `injected-parameters` right after the one tagged `parameters`
    (its defaults stay, for JupyterLab), assigning the given literals."""
    from linkedin_audit.report.parameters import inject

    nb = nbformat.read(next(p for p in NOTEBOOKS if p.name == "04_ties.ipynb"), as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    assert "db = None" in nb.cells[at].source and "redact = False" in nb.cells[at].source
    cell = inject(nb, {"db": "/x/it's.duckdb", "redact": True, "redact_key": None})
    assert nb.cells[at + 1] is cell and cell.metadata["tags"] == ["injected-parameters"]
    namespace: dict[str, object] = {}
    exec(cell.source, namespace)  # noqa: S102 - the cell the kernel runs
    assert (namespace["db"], namespace["redact"], namespace["redact_key"]) == ("/x/it's.duckdb", True, None)
    with pytest.raises(ValueError):
        inject(nb, {"db": object()})  # type: ignore[dict-item]


def test_the_report_reads_db_from_its_parameters_not_the_environment(tmp_path: Path) -> None:
    """`report --db A` with $LINKEDIN_AUDIT_DB naming another database B: every notebook reads A (the path
    reaches them in the injected parameters cell), none B."""
    mine = demo_db(tmp_path / "mine.duckdb")  # people are "Person 2", "Person 3", ...
    other = demo_db(tmp_path / "other.duckdb", payloads=("Wrongdb Somebody",))  # everyone is this name
    out = tmp_path / "r.html"
    env = {**os.environ, "LINKEDIN_AUDIT_DB": str(other), "XDG_STATE_HOME": str(tmp_path / "state")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "linkedin_audit",
            "report",
            "--db",
            str(mine),
            "--out",
            str(out),
            "--jobs",
            "1",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page = out.read_text()
    assert re.search(r"Person \d+", page), "the names of --db's database are listed"
    assert "Wrongdb" not in page, "nothing comes from $LINKEDIN_AUDIT_DB's database"
    assert "injected-parameters" not in page and "redact_key" not in page
