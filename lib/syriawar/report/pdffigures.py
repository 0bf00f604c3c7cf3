"""A report's PDF with its figures drawn by librsvg instead of WeasyPrint.

WeasyPrint draws SVG in Python, element by element: of the 1.7 s Aleppo's report took to become a PDF, 1.1 s went
to its seven figures. Here WeasyPrint lays out the page with an empty image of each
figure's size in its place, librsvg (``rsvg-convert``, one process for all figures) draws the figures into a PDF of
their own, and pikepdf places each one, as a form, on the box WeasyPrint laid out for it.

What stays the same: the layout (the empty images have the figures' sizes), the figures' text (text, in embedded
fonts, searchable and extractable), the tagged structure (each figure is a Figure element with its alternative text,
from the empty image; the drawing placed over it is marked as an artifact, as the picture of what that text says).
Without ``rsvg-convert``, WeasyPrint draws the figures as before.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (96 per inch); PDF is in points (72 per inch)
SLOT = "syriawar-figure-"
# a figure as the report holds it (render.figure_html): its SVG inline, named by its alternative text
FIGURE = re.compile(r'<svg class="chart-svg" role="img" aria-label="([^"]*)".*?</svg>', re.S)


def available() -> bool:
    return shutil.which("rsvg-convert") is not None


def write_pdf(html: str, target: Path, base_url: str | None, pdf_variant: str) -> None:
    """``html`` as a PDF at ``target``, figures drawn by librsvg."""
    import pikepdf
    from weasyprint import HTML

    light, figures = _empty_slots(html)
    if not figures:  # nothing for librsvg to draw
        HTML(string=html, base_url=base_url).write_pdf(target, pdf_variant=pdf_variant)
        return
    document = HTML(string=light, base_url=base_url).render(pdf_variant=pdf_variant)
    places = _slots(document)
    if sorted(places) != list(range(len(figures))):
        raise RuntimeError(f"{len(figures) - len(places)} of {len(figures)} figures were not laid out in the page")
    laid_out = document.write_pdf(pdf_variant=pdf_variant)
    with tempfile.TemporaryDirectory(prefix="syriawar-figures-") as tmp:
        drawn = _draw(figures, Path(tmp))
        with pikepdf.open(io.BytesIO(laid_out)) as pdf, pikepdf.open(drawn) as art:
            _place(pdf, art, places)
            pdf.save(target)


def _empty_slots(html: str) -> tuple[str, list[bytes]]:
    """``html`` with each SVG figure replaced by an empty SVG of the same size (numbered by an id), and the figures."""
    figures: list[bytes] = []

    def empty(match: re.Match) -> str:
        svg = match.group(0).encode("utf-8")
        root = match.group(0)[:match.group(0).index(">") + 1]
        size = " ".join(f'{a}="{v}"' for a, v in re.findall(r'\b(width|height|viewBox)="([^"]+)"', root))
        blank = f'<svg xmlns="http://www.w3.org/2000/svg" {size}></svg>'.encode()
        figures.append(svg)
        # an image, so that WeasyPrint tags a Figure with its alternative text (the figure's name)
        return (f'<img class="chart-svg" id="{SLOT}{len(figures) - 1}" alt="{match.group(1)}" '
                f'src="data:image/svg+xml;base64,{base64.b64encode(blank).decode()}">')

    return FIGURE.sub(empty, html), figures


def _slots(document) -> dict[int, tuple[int, float, float, float, float]]:
    """Where WeasyPrint laid out each empty figure: number -> (page, x, y, width, height) in CSS pixels from the top
    left of the page (the image's box, from WeasyPrint's anchors: every element with an id is one)."""
    places = {}
    for number, page in enumerate(document.pages):
        for name, (x1, y1, x2, y2) in page.anchors.items():
            if name.startswith(SLOT):
                places[int(name[len(SLOT):])] = (number, x1, y1, x2 - x1, y2 - y1)
    return places


def _draw(figures: list[bytes], folder: Path) -> Path:
    """All figures drawn by one rsvg-convert into one PDF, a page each, in order."""
    files = []
    for number, svg in enumerate(figures):
        files.append(folder / f"figure-{number:04d}.svg")
        files[-1].write_bytes(svg)
    out = folder / "figures.pdf"
    done = subprocess.run(["rsvg-convert", "--format=pdf", f"--output={out}", *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not out.is_file():
        raise RuntimeError(f"rsvg-convert could not draw the report's figures: {done.stderr.strip()[:300]}")
    return out


def _place(pdf, art, places: dict) -> None:
    """Each figure of ``art`` on its page of ``pdf``, scaled into its box, marked as an artifact."""
    import pikepdf

    wrapped = set()
    for number, (page_no, x, y, width, height) in sorted(places.items()):
        page = pdf.pages[page_no]
        if page_no not in wrapped:  # WeasyPrint leaves its pages in its own (y-down) coordinates: keep them apart
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"\nQ\n", prepend=False)
            wrapped.add(page_no)
        top = float(page.mediabox[3])
        form = pdf.copy_foreign(art.pages[number].as_form_xobject())
        name = page.add_resource(form, pikepdf.Name.XObject, prefix="Figure")
        box = pikepdf.Rectangle(x * PX_TO_PT, top - (y + height) * PX_TO_PT, (x + width) * PX_TO_PT, top - y * PX_TO_PT)
        page.contents_add(b"/Artifact BMC\n" + page.calc_form_xobject_placement(form, name, box) + b"\nEMC\n",
                          prepend=False)
