"""Projects of their own for tests that run batches: the reference tables and the catalog (and, when asked, the
notebooks) copied into a folder, and small notebooks written from one cell of code."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def project_copy(root: Path, notebooks: bool = True) -> Path:
    """``root`` holding data/reference, data/sources.toml and the project's notebooks (or an empty notebooks/)."""
    root = Path(root)
    if notebooks:
        shutil.copytree(ROOT / "notebooks", root / "notebooks")
    else:
        (root / "notebooks").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    shutil.copy(ROOT / "data" / "sources.toml", root / "data" / "sources.toml")
    return root


def code_notebook(path: Path, source: str, title: str) -> None:
    """A notebook: a title, a tagged parameters cell (x = 1), and ``source`` as one code cell."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("x = 1")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}"), params, nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, path)
