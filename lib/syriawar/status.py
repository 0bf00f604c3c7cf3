"""What the workbook has: for each catalog source, where it was found, its checksum, rows, coverage and licence.
Coverage and notes come from the source registry (computed from the file's content)."""

from __future__ import annotations

import pandas as pd

from . import catalog, registry
from .errors import WorkbookError


def data_status(load: bool = True) -> pd.DataFrame:
    """One row per catalog source: name, found (raw/mirror/missing), path, sha256, rows, coverage, licence, note."""
    rows = []
    for name, src in catalog.sources().items():
        found = catalog.find_local(src)
        row = {"source": name, "version": src.version, "found": found.origin if found else "missing",
               "path": str(found.path) if found else "", "sha256": found.sha256[:16] if found else "",
               "rows": "", "coverage": src.coverage, "licence": src.licence, "note": ""}
        if found is None:
            row["note"] = ("optional; " if src.optional else "") + (f"downloadable from {src.url}" if src.url else "no download address")
        elif load and name in registry.DATASETS:
            try:
                frame = registry.load(name)
                row["rows"] = f"{len(frame):,}"
                row["coverage"] = registry.coverage(name).text + " (in file)"
                row["note"] = "; ".join(n[:140] for n in registry.notes(name))
            except WorkbookError as exc:
                row["note"] = f"ERROR: {exc}"
        rows.append(row)
    return pd.DataFrame(rows)
