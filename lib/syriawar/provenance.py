"""Provenance text: which source, version and coverage a figure or report rests on.

The report renderer reads this module's mimetypes in every worker process of a batch, which never loads a table:
pandas and the registry are imported where a function needs them (0.45 s and 40 MB a worker otherwise)."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

from . import catalog
from .paths import project_root

if TYPE_CHECKING:
    import pandas as pd

# The mimetypes under which a notebook hands the sources it read, and its computed title, to the report renderer.
PROVENANCE_MIME = "application/vnd.syriawar.provenance+json"
TITLE_MIME = "application/vnd.syriawar.title+json"
KEYS_MIME = "application/vnd.syriawar.keyfigures+json"


def coverage_text(source_name: str, load: bool = True) -> str:
    """What the file holds (from the registry, computed from its content); the catalog's note for sources the
    registry does not hold (boundaries), or when ``load`` is False and the table was not loaded here."""
    from . import registry

    if source_name in registry.DATASETS:
        cov = registry.loaded_coverage(source_name) or (registry.coverage(source_name) if load else None)
        if cov is not None:
            return cov.text
    return catalog.source(source_name).coverage


def describe(source_name: str, coverage: str | None = None) -> str:
    src = catalog.source(source_name)
    return f"{src.title}, {src.version} (coverage {coverage or coverage_text(source_name)})"


def caption(parts: list[str], note: str = "") -> str:
    """'Sources: A; B. note' from describe() strings."""
    text = "Sources: " + "; ".join(parts) + "."
    return f"{text} {note}".strip()


def used_sources_table() -> pd.DataFrame:
    """Every source the tables of this process read: catalog name, title (``source``), version, file, sha256, origin, coverage (what the
    file holds), licence, citation, and notes (rows the reader skipped or repaired)."""
    import pandas as pd

    from . import registry

    rows = []
    for f in catalog.used():
        rows.append({"name": f.source.name, "source": f.source.title, "version": f.source.version, "file": f.path.name,
                     "sha256": f.sha256, "found in": f.origin, "coverage": coverage_text(f.source.name, load=False),
                     "licence": f.source.licence, "citation": f.source.citation,
                     "notes": "; ".join(registry.notes(f.source.name))})
    return pd.DataFrame(rows)


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=project_root(), capture_output=True,
                             text=True, timeout=5)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=project_root(),
                               capture_output=True, text=True, timeout=5).stdout.strip()
        return (out.stdout.strip() or "unknown") + ("+changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
