"""Hand a notebook its parameters as papermill does: a code cell tagged `injected-parameters`, placed right
after the cell tagged `parameters`, assigns the run's values. The notebook's own defaults stay in its
parameters cell (what a run in JupyterLab uses); `linkedin-audit report` overrides them in this cell, so
anyone reading the executed notebook sees what it was given (no environment variable in between)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
Value = str | bool | int | None


def source(values: Mapping[str, Value]) -> str:
    """The injected cell's code: one assignment per value, each a Python literal."""
    lines = ["# Parameters given by `linkedin-audit report` (they override the cell above)."]
    for name, value in values.items():
        if not name.isidentifier() or not isinstance(value, str | bool | int | None):
            raise ValueError(f"parameter {name}={value!r} is not a name and a literal")
        lines.append(f"{name} = {value!r}")
    return "\n".join(lines)


def inject(nb: nbformat.NotebookNode, values: Mapping[str, Value]) -> nbformat.NotebookNode:
    """Insert the parameters cell for `values` after the cell tagged `parameters` (at the top when there is
    none, as papermill does); returns the inserted cell, for the caller to take out again after the run."""
    import nbformat

    cell = nbformat.v4.new_code_cell(source(values), id="la-parameters")
    cell.metadata["tags"] = [INJECTED_TAG]
    tagged = [i for i, c in enumerate(nb.cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    nb.cells.insert(tagged[0] + 1 if tagged else 0, cell)
    return cell
