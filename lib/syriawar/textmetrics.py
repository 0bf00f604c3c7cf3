"""Each string measured once per font when figures are saved as SVG.

matplotlib measures a text every time it lays a figure out, and caches the measure per renderer object. Saving a
figure as SVG makes new renderers (one for the constrained layout, one to draw), so every tick label, title and
legend entry of every figure was measured afresh by FreeType: 9,090 measures, 3.8 s of processor time in the 18
default reports, 11% of their kernels' time. An SVG renderer's measure depends only on the string, the font
properties and whether the string is mathtext (``TextToPath`` measures at a fixed scale and 72 dpi), so
``install()`` makes ``RendererSVG`` ask a cache shared by all its instances.

The same for a font's line height: matplotlib reads the font's ascent, descent and line gap from its tables for
every text it lays out (50,000 reads, 0.7 s in the 18 default reports), unless the renderer answers them itself,
as the PDF and PostScript renderers do. An SVG figure is drawn at 72 dpi (``print_svg`` sets it), so the answer
depends only on the font and its size, and is cached too. The SVGs are byte-identical (tests/test_style.py).
"""

from __future__ import annotations

from functools import lru_cache

from matplotlib.backends import backend_svg
from matplotlib.textpath import TextToPath

_MEASURE = TextToPath()


@lru_cache(maxsize=16384)
def _measured(text: str, prop, ismath) -> tuple[float, float, float]:
    return _MEASURE.get_text_width_height_descent(text, prop, ismath)


def _cached(self, s, prop, ismath):
    if ismath == "TeX":  # measured by TeX itself
        return self._text2path.get_text_width_height_descent(s, prop, ismath)
    return _measured(s, prop.copy(), ismath)  # a copy: the caller may change its properties later


@lru_cache(maxsize=256)
def _line_height(prop) -> tuple[float, float, float]:
    """Ascent, descent and line gap of ``prop``'s font at 72 dpi, in points, read as matplotlib's Text reads them."""
    from matplotlib.font_manager import findfont, get_font

    font = get_font(findfont(prop))  # the first of the fonts Text would ask for: the one whose tables it reads
    scale = prop.get_size_in_points() / font.get_sfnt_table("head")["unitsPerEm"]
    for table, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                        ("hhea", "lineGap", "ascent", "descent")):
        values = font.get_sfnt_table(table)
        if values is not None:
            return values[ascent] * scale, -values[descent] * scale, values[gap] * scale
    return None, None, None


def _font_height_metrics(self, prop):
    return _line_height(prop.copy())


def install() -> None:
    """Share SVG text measures between renderers (idempotent)."""
    backend_svg.RendererSVG.get_text_width_height_descent = _cached
    backend_svg.RendererSVG._get_font_height_metrics = _font_height_metrics


def cache_info():
    return _measured.cache_info()
