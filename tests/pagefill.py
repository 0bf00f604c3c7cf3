"""How full each page of a printed report is: the share of the page body (the A4 page within report.css' top and
bottom margins) down to its last line of ink, read from the PDF drawn at a low resolution by poppler's pdftoppm."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

CSS = Path(__file__).resolve().parents[1] / "lib" / "syriawar" / "report" / "report.css"
DPI = 30  # a line of 10 pt text is 4 pixels: enough to find the last one


def margins_mm() -> tuple[float, float]:
    """The top and bottom page margins report.css sets (the running header and footer are drawn in them)."""
    m = re.search(r"@page\s*\{[^@]*?margin:\s*([\d.]+)mm\s+[\d.]+mm\s+([\d.]+)mm", CSS.read_text())
    return float(m.group(1)), float(m.group(2))


def available() -> bool:
    return shutil.which("pdftoppm") is not None


def page_fill(pdf: Path) -> list[int]:
    """Per page of ``pdf``, in per cent: how far down its body the last ink reaches (0 for an empty body)."""
    top_mm, bottom_mm = margins_mm()
    out = []
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), f"{folder}/p"], check=True)
        for page in sorted(Path(folder).glob("p-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
            pixels = np.asarray(Image.open(page))
            top = round(top_mm / 25.4 * DPI)
            body = pixels[top:pixels.shape[0] - round(bottom_mm / 25.4 * DPI)]
            ink = np.nonzero((body < 200).any(axis=1))[0]
            out.append(round(100 * (ink[-1] + 1) / len(body)) if len(ink) else 0)
    return out


def figure_height_mm(pdf: Path, page: int = 1) -> float:
    """The height of the tallest run of rows of ``pdf``'s page that are more than half dark (a filled figure), in mm."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", "100", "-gray", "-f", str(page), "-l", str(page), str(pdf), f"{folder}/p"],
                       check=True)
        pixels = np.asarray(Image.open(next(Path(folder).glob("p-*.pgm"))))
    dark = (pixels < 160).mean(axis=1) > 0.5
    best = run = 0
    for row in dark:
        run = run + 1 if row else 0
        best = max(best, run)
    return best / 100 * 25.4
