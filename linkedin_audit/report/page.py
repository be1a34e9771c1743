"""Each executed notebook as a code-free section, and the one self-contained offline page around them.

Why this shape: nbconvert's stock templates load require.js, MathJax and fonts from CDNs and have no Vega
renderer, so the report uses its own templates (templates/): each notebook becomes a code-free
section, and the page inlines the vega bundle from vl-convert-python once, plus one small script that draws
every chart placeholder (see notebook_helpers.chart_html). render.py runs the notebooks and calls these."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from linkedin_audit.report.kernels import Executed, error_summary
from linkedin_audit.safe_write import write_text

if TYPE_CHECKING:  # nbformat and nbconvert take about a second to import: after the kernels have started
    import nbformat
    from nbconvert import HTMLExporter


@dataclass
class SectionResult:
    """One executed notebook: its title, its HTML fragment, and the error if it failed."""

    name: str
    title: str
    anchor: str
    body: str
    seconds: float
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


@functools.cache
def vega_bundle() -> str:
    """vega + vega-lite + vega-embed as one script (about 0.9 MB), from vl-convert-python: no CDN.
    vl-convert bundles it anew at every call (about 1.5 s of CPU), so it is kept in the user's cache folder,
    one file per vl-convert version (it depends on nothing else); an unwritable cache is only slower."""
    import vl_convert

    version = str(getattr(vl_convert, "__version__", ""))  # the stub omits it
    cached = _cache_dir() / f"vega-bundle-{version}.js"
    try:
        if version:
            return cached.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    bundle: str = vl_convert.javascript_bundle()  # type: ignore[call-arg]  # the stub omits the default
    if not version:
        return bundle
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.tmp-{os.getpid()}")
        tmp.write_text(bundle, encoding="utf-8")
        os.replace(tmp, cached)  # whole or absent: a reader never sees half a bundle
    except OSError:
        pass
    return bundle


def _cache_dir() -> Path:
    """$XDG_CACHE_HOME/linkedin-audit, by default ~/.cache/linkedin-audit."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "linkedin-audit"


def _templates_dir() -> Path:
    return Path(str(resources.files("linkedin_audit.report").joinpath("templates")))


@functools.cache
def _exporter() -> HTMLExporter:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(extra_template_basedirs=[str(_templates_dir())], template_name="la_section")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def notebook_title(nb: nbformat.NotebookNode, fallback: str) -> str:
    """A notebook's title: its first markdown heading (the section's title, run or left out)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


def _drop_noise(nb: nbformat.NotebookNode) -> None:
    """Warnings on stderr are for the developer, not the reader of the report."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]


def _section(executed: Executed) -> SectionResult:
    """Render one executed notebook as a code-free fragment (a rendering failure is its failure too)."""
    path, nb, error, started = executed
    _drop_noise(nb)
    try:
        body, _ = _exporter().from_notebook_node(nb)
    except Exception as err:  # a rendering failure is a failure of this notebook too
        body, error = "", error or f"could not render: {error_summary(err)}"
    return SectionResult(
        name=path.name,
        title=notebook_title(nb, path.stem),
        anchor=f"nb-{path.stem}",
        body=body,
        seconds=time.perf_counter() - started,
        error=error,
    )


def render_page(
    sections: Sequence[SectionResult], coverage: str, redacted: bool = False, left_out: Sequence[str] = ()
) -> str:
    """The full page: index, sections, failures, and the inlined vega bundle. `left_out`: the titles of the
    sections not run (`report --sections`), named at the top."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_templates_dir())), autoescape=True, keep_trailing_newline=True
    )
    page = env.get_template("page.html.j2")
    failures = [{"name": s.title, "error": s.error} for s in sections if s.failed]
    bodies = [s.body for s in sections]
    if left_out:
        bodies = links_that_lead(bodies)
    return page.render(
        title="LinkedIn networking audit",
        coverage=coverage,
        redacted=redacted,
        left_out=list(left_out),
        sections=[
            {
                "anchor": s.anchor,
                "title": s.title,
                "failed": s.failed,
                "error": s.error,
                "body": Markup(body),
            }
            for s, body in zip(sections, bodies, strict=True)
        ],
        failures=failures,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        bundle=Markup(vega_bundle()),
    )


_IN_PAGE_LINK = re.compile(r'<a href="#([^"]+)">([^<]*)</a>')


def links_that_lead(bodies: Sequence[str]) -> list[str]:
    """The sections' HTML with every in-page link to an element no section holds (what to do next links to
    its list; `--sections` may leave the lists out) turned into words saying where it is: no dead link."""
    ids = {found for body in bodies for found in re.findall(r'\bid="([^"]+)"', body)}

    def lead(link: re.Match[str]) -> str:
        if link.group(1) in ids:
            return link.group(0)
        return '<span class="la-left-out-link">(its list is in a section left out)</span>'

    return [_IN_PAGE_LINK.sub(lead, body) for body in bodies]


def _write_private(out: Path, text: str) -> int:
    """Write the report readable by the user only (it holds other people's data), replacing only a regular
    file (safe_write)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_text(out, text, "--out")
