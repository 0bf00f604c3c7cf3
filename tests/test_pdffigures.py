"""Report PDFs printed by WeasyPrint (where no Chromium is installed): figures drawn by librsvg land exactly where
WeasyPrint would have drawn them."""

import re
import shutil
import subprocess

import pikepdf
import pytest

from syriawar.report import pdffigures
from syriawar.report.render import figure_html, render_pdf
from test_pdf_chromium import _alts

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="120pt" viewBox="0 0 300 120">'
       '<rect x="10" y="10" width="280" height="100" fill="#0072B2"/>'
       '<text x="40" y="70" font-family="DejaVu Sans" font-size="14">Marker{n} here</text></svg>')


def _page(n_figures: int) -> str:
    """A page of figures as a report holds them: inline SVG in a <figure> (render.figure_html)."""
    figures = "".join(f'<p>Paragraph {n} before the figure.</p>{figure_html(SVG.format(n=n), n + 1, f"figure {n}")}'
                      for n in range(n_figures))
    return f'<html lang="en"><head><title>t</title></head><body><h1>Title</h1>{figures}</body></html>'


def _words(pdf) -> dict[str, tuple[int, float, float]]:
    """word -> (page, x, y) of its first appearance, from pdftotext's word boxes."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words, page = {}, 0
    for line in out.splitlines():
        page += "<page " in line
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)".*>(.+)</word>', line)
        if m and m.group(3) not in words:
            words[m.group(3)] = (page, float(m.group(1)), float(m.group(2)))
    return words


@pytest.mark.skipif(not pdffigures.available(), reason="needs rsvg-convert (librsvg2-bin)")
def test_figures_drawn_by_librsvg_sit_where_weasyprint_draws_them(tmp_path, monkeypatch):
    html = _page(6)  # more than a page of figures
    render_pdf(html, tmp_path / "librsvg.pdf", engine="weasyprint")
    monkeypatch.setattr(pdffigures, "available", lambda: False)
    render_pdf(html, tmp_path / "weasyprint.pdf", engine="weasyprint")
    ours, theirs = _words(tmp_path / "librsvg.pdf"), _words(tmp_path / "weasyprint.pdf")
    for n in range(6):
        (page, x, y), (page2, x2, y2) = ours[f"Marker{n}"], theirs[f"Marker{n}"]
        assert page == page2 and abs(x - x2) < 1.0 and abs(y - y2) < 1.0, (n, ours, theirs)
    assert max(p for p, _, _ in ours.values()) >= 2
    info = subprocess.run(["pdfinfo", str(tmp_path / "librsvg.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
    with pikepdf.open(tmp_path / "librsvg.pdf") as pdf:  # each figure a Figure with its alternative text
        assert {f"figure {n}" for n in range(6)} <= set(_alts(pdf.Root.StructTreeRoot))


def test_without_librsvg_weasyprint_draws_the_figures(tmp_path, monkeypatch):
    monkeypatch.setattr(pdffigures, "available", lambda: False)
    render_pdf(_page(1), tmp_path / "r.pdf", engine="weasyprint")
    assert "Marker0" in _words(tmp_path / "r.pdf")
