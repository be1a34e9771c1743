"""The committed notebooks are the one source of their cells: clean, parameterised, linted like the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def test_the_notebooks_code_cells_pass_ruff() -> None:
    """ruff lints .ipynb natively: a stray import or an undefined name in a cell fails here, not in Lab."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *map(str, NOTEBOOKS)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_each_notebook_has_one_papermill_parameters_cell_then_the_setup_cell() -> None:
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert tagged == [code[0]], f"{path.name}: exactly the first code cell is tagged parameters"
        defaults: dict[str, object] = {}
        exec(code[0].source, defaults)  # noqa: S102 - the notebook's own parameters cell
        given = {k: v for k, v in defaults.items() if not k.startswith("__")}
        # what a run in JupyterLab uses; `report` injects its own values after this cell (parameters.py)
        assert given == {"db": None, "redact": False, "redact_key": None, "report": False}, path.name
        assert "con = nh.connect(db)" in code[1].source, f"{path.name}: the setup cell opens the database"
        assert "page = nh.Page.of(con, redact, redact_key, report)" in code[1].source, path.name
        assert nb.metadata.kernelspec.name == "linkedin-audit", path.name  # the project's kernel (lab.py)
        assert nb.metadata.kernelspec.display_name == "Python (linkedin-audit)", path.name


def test_no_generator_of_notebooks_remains() -> None:
    root = NOTEBOOK_DIR.parent
    assert not (root / "scripts" / "build_notebooks.py").exists()
    assert "build_notebooks" not in (root / "README.md").read_text()
