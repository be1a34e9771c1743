"""The report runs its notebooks in one kernel started once: each notebook still sees a fresh namespace in
its own folder, a notebook that kills the kernel fails alone, and every failure is listed."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from report_fixtures import empty_db

from linkedin_audit.report import render as report


def _write(folder: Path, name: str, *code: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell(f"# {name}"), *map(new_code_cell, code)]), path)
    return path


def test_one_kernel_for_all_yet_each_notebook_starts_clean(tmp_path: Path) -> None:
    db = empty_db(tmp_path / "e.duckdb")
    paths = [
        _write(tmp_path / "a", "01_sets", "import os\nleftover = 42\nprint('pid', os.getpid())"),
        _write(
            tmp_path / "b",
            "02_reads",
            "import os\nprint('pid', os.getpid())\nprint('cwd', os.getcwd())\nprint('leftover' in globals())",
        ),
        _write(tmp_path / "a", "03_dies", "import os\nos._exit(1)"),
        _write(tmp_path / "a", "04_after", "print('after ran')"),
    ]
    result = report.build_report(db, tmp_path / "r.html", paths, jobs=1)
    errors = {s.name: s.error for s in result.sections}
    assert errors["01_sets.ipynb"] is None and errors["02_reads.ipynb"] is None
    assert errors["03_dies.ipynb"] is not None, "a kernel that died is that notebook's failure"
    assert errors["04_after.ipynb"] is None, "the next notebook gets a new kernel"
    page = (tmp_path / "r.html").read_text()
    pids = re.findall(r"pid (\d+)", page)
    assert len(pids) == 2 and pids[0] == pids[1], f"the same kernel ran both: {pids}"
    assert f"cwd {(tmp_path / 'b').resolve()}" in page, "each notebook runs in its own folder"
    assert re.search(r"\bFalse\b", page) and not re.search(r"\bTrue\b", page), "the previous names are gone"
    assert "after ran" in page
