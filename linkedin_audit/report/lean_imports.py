"""Imports the report's processes (the CLI's and its kernels') skip because they cost far more than they do.

jsonschema, which nbformat (so nbconvert and nbclient) and altair import, imports `rfc3987_syntax` when it is
installed (jupyter-events asks for `jsonschema[format-nongpl]`, which installs it): that module builds a
lark grammar at import, about 1.2 s of CPU in every process that imports jsonschema, three per report. Its
only use is jsonschema's "iri" format checker; nbformat validates without a format checker and the
Vega-Lite schema altair validates against has no "iri" format, so nothing the report does ever calls it.
Blocked (`sys.modules[name] = None` makes the import fail as if the module were not installed, which
jsonschema handles), the checker is simply absent. Not used by `lab`: there JupyterLab's own processes
validate events with format checking."""

from __future__ import annotations

import sys

SKIPPED = ("rfc3987_syntax",)

KERNEL_CODE = (
    "import sys as _sys\n"
    f"for _name in {SKIPPED!r}:\n"
    "    _sys.modules.setdefault(_name, None)\n"
    "del _sys, _name\n"
)
"""The same, as code for a kernel: run before its first import of altair or nbformat."""


def skip_slow_imports() -> None:
    """Block SKIPPED in this process, unless already imported (then it is kept: no cost is left to save)."""
    for name in SKIPPED:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]  # None: "not installed" to the import system
