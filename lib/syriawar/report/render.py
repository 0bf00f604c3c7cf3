"""Rendering executed notebooks: HTML with the project's nbconvert template (no code); PDF printed from that page by
Chromium where one is installed, else by WeasyPrint (``$SYRIAWAR_PDF_ENGINE`` chooses: chromium or weasyprint)."""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

from ..chartdata import MIME as CHART_DATA_MIME
from ..chartdata import data_link
from ..errors import ParameterError
from ..provenance import KEYS_MIME, PROVENANCE_MIME, TITLE_MIME
from .nbvalidation import skip_iri_grammar

TEMPLATES = Path(__file__).parent / "templates"
PDF_VARIANT = "pdf/ua-1"
CSS = (Path(__file__).parent / "report.css")
WEB_CSS = (Path(__file__).parent / "web.css")  # figures inline, data links, citations, navigation
PDF_ENGINE_ENV = "SYRIAWAR_PDF_ENGINE"
PDF_ENGINES = ("chromium", "weasyprint")


# figures are SVG (vector on screen and in print); a PNG, where a notebook shows one, comes after
PRIORITY = ["text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/plain"]


@lru_cache(maxsize=1)
def _exporter():
    """The HTML exporter: the project's template, no code, figures as SVG images with their alternative text. The
    same page is the HTML report and, printed, the PDF."""
    skip_iri_grammar()
    from nbconvert import HTMLExporter
    from nbconvert.exporters.html import WidgetsDataTypeFilter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from traitlets.config import Config

    class ReportExporter(HTMLExporter):
        """HTMLExporter without the pass it ends with: reading the whole page again with BeautifulSoup, to give an
        image without alternative text a placeholder and to make JupyterLab's cells focusable. This template writes
        each figure's alternative text itself and has no JupyterLab cells; the pass was half of each report's HTML
        time (0.09 s of 0.16)."""

        def from_notebook_node(self, nb, resources=None, **kw):
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name"))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    config = Config({"NbConvertBase": {"display_data_priority": PRIORITY}})
    exp = ReportExporter(config=config, template_name="syriawar", extra_template_basedirs=[str(TEMPLATES)])
    exp.exclude_input = True
    exp.exclude_input_prompt = True
    exp.exclude_output_prompt = True
    exp.exclude_anchor_links = True  # an empty link beside every heading is a link with no name to a screen reader
    exp.optimistic_validation = True  # the notebook checked once, after its preprocessors, not after each of 12
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


def citing(meta: dict) -> dict:
    """What the page says of its authorship and citation: author and creator (its metadata), the report's own
    citation, each source's (text and address), and each provenance row with its source's address."""
    from .. import citations

    used = citations.used_sources(meta.get("sources", []))
    by_name = {s.name: s for s in used}
    rows = [{**row, "address": citations.address(by_name[row["name"]]) if row.get("name") in by_name else ""}
            for row in meta.get("sources", [])]
    return {"author": citations.author(used), "creator": citations.creator(), "sources": rows,
            "citation": citations.report_text(meta.get("title", ""), meta.get("run_id", ""), meta.get("started", ""),
                                              meta.get("commit", "")),
            "cited": [{"text": citations.source_text(s, with_address=False), "address": citations.address(s)} for s in used]}


def render_html(nb, meta: dict) -> str:
    skip_iri_grammar()
    import nbformat

    nb = nbformat.from_dict(nb)
    nb.metadata["syriawar"] = {**meta, **citing(meta), "title_css": css_string(meta.get("title", ""))}
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
    inline_figures(nb)
    css = CSS.read_text(encoding="utf-8") + "\n" + WEB_CSS.read_text(encoding="utf-8")
    body, _ = _exporter().from_notebook_node(nb, resources={"syriawar_css": css})
    return keep_dates_whole(body)


SVG_ROOT = re.compile(r"<svg\b")
SVG_ID = re.compile(r'\bid="([^"]+)"')
SVG_REF = re.compile(r'(url\(#|href="#)([^")]+)')
SVG_HEIGHT = re.compile(r'\sheight="([\d.]+)pt"')  # matplotlib writes the size of an SVG in points


def inline_figures(nb) -> None:
    """Each SVG figure of ``nb`` made the HTML of a <figure> the page holds inline (its text searchable and
    selectable): its ids prefixed with the figure's number, so that two figures never share one (matplotlib names
    clip paths and images by their content); the drawing named by its alternative text; a <figcaption> with the
    figure's number and the link to the CSV of its numbers."""
    number = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/svg+xml" not in data:
                continue
            number += 1
            alt = out.get("metadata", {}).get("image/svg+xml", {}).get("alt", "") or data.get("text/plain", "")
            data["image/svg+xml"] = figure_html(data["image/svg+xml"], number, alt, data.get(CHART_DATA_MIME))


def figure_html(svg, number: int, alt: str, chart_data: dict | None = None) -> str:
    """One figure as the report shows it (see inline_figures)."""
    import html

    svg = svg if isinstance(svg, str) else "".join(svg)
    root = SVG_ROOT.search(svg)
    if root is None:
        raise ValueError(f"figure {number} is not SVG (no <svg> element in its image/svg+xml output)")
    svg = svg[root.start():]  # no XML declaration or doctype inside a page
    prefix = f"f{number}-"
    svg = SVG_REF.sub(lambda m: m.group(1) + prefix + m.group(2), SVG_ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', svg))
    name = html.escape(" ".join(alt.split()), quote=True)
    # the drawing is the image, named by its alternative text; the <figure> a group (its caption, the number and
    # the data link, is not printed): so Chromium tags one Figure element in the PDF, with its alternative text,
    # and no Figure without one around it
    svg = SVG_ROOT.sub(f'<svg class="chart-svg" role="img" aria-label="{name}"', svg, count=1)
    link = data_link(chart_data) if chart_data else ""
    # its drawn height, for the print style to shrink a tall figure by a little, never by much (see report.css)
    height = SVG_HEIGHT.search(svg[:svg.find(">")])
    style = f' style="--drawn-height: {height.group(1)}pt"' if height else ""
    return (f'<figure class="chart" id="figure-{number}" role="group"{style}>{svg}<figcaption class="chart-note">'
            f'Figure {number}.{link}</figcaption></figure>')


# 2016-01-01, 2016-01, 2011-2024: a browser may break a line after each hyphen ("2016-" above "01-01")
MONTH_NAMES = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# ISO dates and year ranges, and dates as the reports write them ("1 Dec 2024", "Jan 2016"), kept on one line
DATE = re.compile(rf"(?<![\w-])(\d{{4}}-\d{{2}}(?:-\d{{2}})?|\d{{4}}-\d{{4}}|(?:\d{{1,2}}\s)?(?:{MONTH_NAMES})\s\d{{4}})(?![\w-])")
# what is not text to mark up: tags, and the elements whose content is not markup
MARKUP = re.compile(r"""(<(style|script|title|svg)\b.*?</\2>|<!--.*?-->|<(?:[^>"']|"[^"]*"|'[^']*')*>)""", re.S | re.I)


def keep_dates_whole(page: str) -> str:
    """``page`` with each date and year range in its text (not in tags, attributes or style) kept on one line."""
    out, at = [], 0
    for tag in MARKUP.finditer(page):
        out += [DATE.sub(r'<span class="nobr">\1</span>', page[at:tag.start()]), tag.group(0)]
        at = tag.end()
    return "".join(out) + DATE.sub(r'<span class="nobr">\1</span>', page[at:])


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: every character but letters, digits, spaces and plain punctuation written as
    a hex escape, so that no title can end the string or the style element it stands in."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-()")
    return '"' + "".join(c if c in safe else f"\\{ord(c):x} " for c in text) + '"'


def pdf_engine() -> str:
    """What prints report PDFs: ``$SYRIAWAR_PDF_ENGINE`` if set, else Chromium where installed, else WeasyPrint."""
    from . import chromium

    chosen = os.environ.get(PDF_ENGINE_ENV, "").strip().lower()
    if chosen and chosen not in PDF_ENGINES:
        raise ParameterError(f"{PDF_ENGINE_ENV}={chosen!r} is not a PDF engine; expected one of {', '.join(PDF_ENGINES)}")
    if chosen == "chromium" and not chromium.available():
        raise ParameterError(f"{PDF_ENGINE_ENV}=chromium, but no Chromium was found (looked for ${chromium.EXECUTABLE_ENV} "
                             f"and {', '.join(chromium.NAMES)} on PATH) or Playwright is not installed")
    return chosen or ("chromium" if chromium.available() else "weasyprint")


def render_pdf(html: str, target: Path, base_url: str | None = None, engine: str | None = None,
               printer=None) -> str:
    """The report as a PDF at ``target``, tagged (headings, tables, each figure a Figure element with its alternative
    text), with the document's title and language and embedded fonts, so that readers and screen readers can follow
    it. Printed by Chromium (``chromium``) or by WeasyPrint as PDF/UA-1, figures drawn by librsvg where installed
    (``pdffigures``). Returns the engine that printed it: if Chromium fails, WeasyPrint prints the report.
    ``printer``: the chromium.Printer to print with (default: this process's own)."""
    from ..atomic import write_bytes_atomic
    from . import chromium, pdfmeta

    engine = engine or pdf_engine()
    if engine == "chromium":
        try:
            printed = (printer or chromium.printer()).pdf(html)
            write_bytes_atomic(target, pdfmeta.finish(printed, **pdfmeta.page_metadata(html)))
            return "chromium"
        except chromium.PrintError:
            pass  # WeasyPrint prints it: slower, much the same page
    _weasyprint_pdf(html, target, base_url)
    return "weasyprint"


def _weasyprint_pdf(html: str, target: Path, base_url: str | None) -> None:
    from weasyprint import HTML

    from . import pdffigures

    if pdffigures.available():
        try:
            pdffigures.write_pdf(html, target, base_url, PDF_VARIANT)
            return
        except RuntimeError:
            pass  # WeasyPrint draws them: slower, the same page
    HTML(string=html, base_url=base_url).write_pdf(target, pdf_variant=PDF_VARIANT)
