"""What the workbook has: for each catalog source, where it was found, its checksum, rows, coverage and licence.
Coverage and notes come from the source registry (computed from the file's content)."""

from __future__ import annotations

import json
import re
import textwrap

import pandas as pd

from . import catalog, registry
from .errors import DataError, WorkbookError

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
        try:
            found = catalog.find_local(src)
        except DataError as exc:  # a file whose checksum is not the catalog's: its row says so, the others still show
            rows.append({"source": name, "version": src.version, "found": "refused", "path": "", "sha256": "", "rows": "",
                         "coverage": src.coverage, "licence": src.licence, "note": f"REFUSED: {exc}"})
            continue
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


# the compact table's columns and their widths; the note takes what is left of the line, over at most NOTE_LINES
COMPACT = {"source": 20, "found": 7, "rows": 7, "coverage": 24}
NOTE_LINES = 3
HINT = "Cells ending in '~' are cut: `syriawar data status --wide` shows them whole, `--json` as JSON."


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "~"


def compact_text(table: pd.DataFrame, width: int = 100) -> str:
    """The status table in ``width`` characters a line: source, where found, rows, coverage and the note (wrapped
    over up to three lines), each cut with '~' where longer than its column; a last line says how to see the rest
    when anything was cut."""
    table = table.assign(coverage=table["coverage"].str.replace(" (in file)", "", regex=False))
    widths = {c: min(w, max(len(c), table[c].str.len().max())) for c, w in COMPACT.items()}
    indent = sum(widths.values()) + 2 * len(widths)
    note_width = max(width - indent, 20)
    cut = False
    lines = ["  ".join(c.ljust(w) for c, w in widths.items()) + "  note"]
    for _, row in table.iterrows():
        cells = [_cut(str(row[c]), w).rjust(w) if c == "rows" else _cut(str(row[c]), w).ljust(w) for c, w in widths.items()]
        cut |= any(len(str(row[c])) > w for c, w in widths.items())
        note = textwrap.wrap(str(row["note"]), note_width, break_long_words=True) or [""]
        if len(note) > NOTE_LINES:
            note, cut = note[: NOTE_LINES - 1] + [_cut(" ".join(note[NOTE_LINES - 1:]), note_width)], True
        lines.append(("  ".join(cells) + "  " + note[0]).rstrip())
        lines += [" " * indent + more for more in note[1:]]
    return "\n".join(lines + ([HINT] if cut else []))


def wide_text(table: pd.DataFrame) -> str:
    """Every column in full (lines as long as they need to be)."""
    with pd.option_context("display.max_colwidth", None, "display.width", None):
        return table.to_string(index=False)


def json_text(table: pd.DataFrame) -> str:
    """The table as a JSON list of one object per source."""
    return json.dumps(table.to_dict(orient="records"), indent=1, ensure_ascii=False)
