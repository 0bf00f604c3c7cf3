"""Rendering executed notebooks: HTML with the project's nbconvert template (no code), PDF with WeasyPrint."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..provenance import KEYS_MIME, PROVENANCE_MIME, TITLE_MIME
from .nbvalidation import skip_iri_grammar

TEMPLATES = Path(__file__).parent / "templates"
PDF_VARIANT = "pdf/ua-1"
CSS = (Path(__file__).parent / "report.css")


# figures are SVG (vector on screen and in print); a PNG, where a notebook shows one, comes after
PRIORITY = ["text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/plain"]


@lru_cache(maxsize=1)
def _exporter():
    """The HTML exporter: the project's template, no code, figures as SVG images with their alternative text. The
    same page is the HTML report and, through WeasyPrint, the PDF."""
    skip_iri_grammar()
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config({"NbConvertBase": {"display_data_priority": PRIORITY}})
    exp = HTMLExporter(config=config, template_name="syriawar", extra_template_basedirs=[str(TEMPLATES)])
    exp.exclude_input = True
    exp.exclude_input_prompt = True
    exp.exclude_output_prompt = True
    exp.exclude_anchor_links = True  # an empty link beside every heading is a link with no name to a screen reader
    return exp


def provenance_from(nb) -> list[dict]:
    """The sources a notebook reported with syriawar.notebook.sources_used()."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PROVENANCE_MIME in data:
                value = data[PROVENANCE_MIME]
                return json.loads(value) if isinstance(value, str) else list(value)
    return []


def key_figure_of(nb) -> str:
    """The first of the key figures a notebook opened with ('figure: value'), for the index."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            value = out.get("data", {}).get(KEYS_MIME)
            if value:
                first = (json.loads(value) if isinstance(value, str) else value)[0]
                return f"{first['figure']}: {first['value']}"
    return ""


def title_of(nb, default: str) -> str:
    """The title the notebook computed (syriawar.notebook.title), else its first '# ' heading, else ``default``."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            value = out.get("data", {}).get(TITLE_MIME)
            if value:
                return (json.loads(value) if isinstance(value, str) else value)["title"]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return default


def render_html(nb, meta: dict) -> str:
    skip_iri_grammar()
    import nbformat

    nb = nbformat.from_dict(nb)
    nb.metadata["syriawar"] = meta
    # the parameters cells show nothing in a report, and the sources section becomes the provenance footer
    hidden = {"parameters", "injected-parameters", "provenance"}
    nb.cells = [c for c in nb.cells if not (hidden & set(c.metadata.get("tags", [])))]
    for cell in nb.cells:  # a computed title is shown in the title block, not twice
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", []) if TITLE_MIME not in o.get("data", {})]
    # the title block carries the notebook's title: drop its first "# " heading
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.splitlines()
            if lines and lines[0].startswith("# "):
                cell.source = "\n".join(lines[1:])
            break
    body, _ = _exporter().from_notebook_node(nb, resources={"syriawar_css": CSS.read_text(encoding="utf-8")})
    return body


def render_pdf(html: str, target: Path, base_url: str | None = None) -> None:
    """The report as a PDF: PDF/UA (tagged structure, the document's title and language, embedded fonts), so that
    readers and screen readers can follow headings, tables and each figure's alternative text. Figures are drawn
    by librsvg where it is installed (pdffigures), else by WeasyPrint."""
    from weasyprint import HTML

    from . import pdffigures

    if pdffigures.available():
        try:
            pdffigures.write_pdf(html, target, base_url, PDF_VARIANT)
            return
        except RuntimeError:
            pass  # WeasyPrint draws them: slower, the same page
    HTML(string=html, base_url=base_url).write_pdf(target, pdf_variant=PDF_VARIANT)
