"""What the workbook has: for each catalog source, where it was found, its checksum, rows, coverage and licence.
Coverage and notes come from the source registry (computed from the file's content)."""

from __future__ import annotations

import re

import pandas as pd

from . import catalog, registry
from .errors import WorkbookError

_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"


def span_disagreement(stated: str, held: registry.Coverage) -> str:
    """'' when the file's span fits the catalog's stated coverage; else a note giving both spans. A file may
    start later than stated (Syria's rows of a global dataset); it may not hold dates before the stated start,
    nor end on another day, month or year than stated (compared at the stated precision)."""
    found = re.findall(_DATE, stated)
    if len(found) < 2:
        return ""
    first, last = found[0], found[1]
    held_first, held_last = f"{held.first:%Y-%m-%d}"[: len(first)], f"{held.last:%Y-%m-%d}"[: len(last)]
    if held_first < first or held_last != last:
        return f"the file holds {held.text}; the catalog says {stated}"
    return ""


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
                held = registry.coverage(name)
                row["coverage"] = held.text + " (in file)"
                notes = [span_disagreement(src.coverage, held)] + [n[:140] for n in registry.notes(name)]
                row["note"] = "; ".join(n for n in notes if n)
            except WorkbookError as exc:
                row["note"] = f"ERROR: {exc}"
        rows.append(row)
    return pd.DataFrame(rows)
