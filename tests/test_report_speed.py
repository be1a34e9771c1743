"""The report's fixed costs that were cut (issue 29), pinned so they stay cut without changing the page:
the vega bundle comes from the user's cache once made, and the report's processes skip jsonschema's
rfc3987_syntax import (a lark grammar built at import) while altair and nbformat still validate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from linkedin_audit.report import page


def test_the_vega_bundle_is_made_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vl_convert

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    page.vega_bundle.cache_clear()
    made = page.vega_bundle()
    version = vl_convert.__version__  # type: ignore[attr-defined]  # the stub omits it
    cached = tmp_path / "linkedin-audit" / f"vega-bundle-{version}.js"
    assert cached.read_text(encoding="utf-8") == made
    assert "vegaEmbed" in made and len(made) > 500_000  # the real bundle, whole
    assert not list(cached.parent.glob(".*tmp*"))  # written whole, then renamed
    # a second process (here: the memo cleared) reads the file instead of bundling again
    cached.write_text("/* planted */", encoding="utf-8")
    page.vega_bundle.cache_clear()
    assert page.vega_bundle() == "/* planted */"
    page.vega_bundle.cache_clear()


def test_an_unwritable_cache_still_gives_the_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # linkedin-audit/ cannot be made under a file
    page.vega_bundle.cache_clear()
    assert "vegaEmbed" in page.vega_bundle()
    page.vega_bundle.cache_clear()


SKIPS = """
import sys
from linkedin_audit.report import kernels
exec(kernels.WARM_UP)  # what each kernel runs first
import jsonschema, nbformat
assert sys.modules["rfc3987_syntax"] is None, "imported"
# validation still works: a broken chart is refused, a broken notebook is reported
import altair as alt
try:
    alt.Chart().mark_point().encode(x=alt.X("a:Q", bin="yes")).to_dict()
except Exception as err:
    print("chart refused:", type(err).__name__)
nb = nbformat.v4.new_notebook()
nb.cells.append({"cell_type": "code"})
try:
    nbformat.validate(nb)
except nbformat.ValidationError:
    print("notebook refused")
"""


def test_the_report_processes_skip_rfc3987_syntax_and_still_validate() -> None:
    done = subprocess.run([sys.executable, "-c", SKIPS], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "chart refused: SchemaValidationError" in done.stdout
    assert "notebook refused" in done.stdout
