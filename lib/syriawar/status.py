"""What the workbook has: for each catalog source, where it was found, its checksum, rows, coverage and licence."""

from __future__ import annotations

import warnings

import pandas as pd

from . import catalog, tables
from .errors import WorkbookError

# Which canonical table each source feeds, and how to read its coverage from that table.
_TABLE_OF = {
    "ucdp_ged_syria": (lambda: tables.events("ucdp_ged_syria"), "date_start", "date_end"),
    "ucdp_ged_global": (lambda: tables.events("ucdp_ged_global"), "date_start", "date_end"),
    "views_cm_syria": (lambda: tables.monthly_series().query("source.str.startswith('ViEWS')"), "month", "month"),
    "pace_ucdp_cm": (lambda: tables.monthly_series().query("source.str.startswith('PaCE')"), "month", "month"),
    "ucdp_acd": (tables.conflict_years, "year", "year"),
    "ucdp_brd": (tables.dyad_years, "year", "year"),
    "owid_deaths": (tables.yearly_deaths, "year", "year"),
    "airwars_syria": (tables.strikes, "date", "date"),
}


def _span(frame: pd.DataFrame, first: str, last: str) -> str:
    lo, hi = frame[first].min(), frame[last].max()
    if isinstance(lo, pd.Timestamp):
        return f"{lo:%Y-%m-%d} to {hi:%Y-%m-%d}"
    return f"{lo} to {hi}"


def data_status(load: bool = True) -> pd.DataFrame:
    """One row per catalog source: name, found (raw/mirror/missing), path, sha256, rows, coverage, licence."""
    rows = []
    for name, src in catalog.sources().items():
        found = catalog.find_local(src)
        row = {"source": name, "version": src.version, "found": found.origin if found else "missing",
               "path": str(found.path) if found else "", "sha256": found.sha256[:16] if found else "",
               "rows": "", "coverage": src.coverage, "licence": src.licence, "note": ""}
        if found is None:
            row["note"] = ("optional; " if src.optional else "") + (f"downloadable from {src.url}" if src.url else "no download address")
        elif load and name in _TABLE_OF:
            loader, first, last = _TABLE_OF[name]
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    frame = loader()
                row["rows"] = f"{len(frame):,}"
                row["coverage"] = _span(frame, first, last) + " (in file)"
                row["note"] = "; ".join(str(w.message).split(": ", 1)[-1][:140] for w in caught)
            except WorkbookError as exc:
                row["note"] = f"ERROR: {exc}"
        rows.append(row)
    return pd.DataFrame(rows)
