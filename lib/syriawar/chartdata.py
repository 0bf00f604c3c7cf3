"""The numbers behind a chart or table, kept with it: ``attach(fig, data, units=...)`` stores the frame a chart
function drew on the Figure it returns; ``notebook.show`` writes it as the CSV a report links under the figure.

Why on the Figure: the CSV must be exactly what the chart draws, so it comes from the function that draws it,
never from a second computation that could drift. A chart without attached data simply has no download.

A chart's CSV is tidy text: header rows beginning with ``#`` (title, units, source and span, what the columns
are), then one header line and the rows. ``read_csv(path)`` (or ``pandas.read_csv(path, comment="#")`` where no
value holds a ``#``) reads it back.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the report renderer reads this module's names in processes that never load pandas
    import pandas as pd

ATTRIBUTE = "_syriawar_chart_data"
MIME = "application/vnd.syriawar.chartdata+json"  # a figure's or table's CSV, handed to the report renderer
FOLDER = "data"  # the CSVs of a run, beside its reports: <run>/data/<file>.csv


@dataclass
class ChartData:
    data: object  # as attach() was given it: made one frame only when a report writes it (the explorer never does)
    units: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def frame(self) -> pd.DataFrame:
        return tidy(self.data)


def attach(fig, data, units: str = "", note: str = ""):
    """``fig`` with ``data`` stored on it as the numbers it draws; returns ``fig``.

    ``data``: a DataFrame, a Series, or a dict of label -> Series, DataFrame or tuple of Series ((low, high) or
    (value, low, high)), each made a block of rows with the label in a ``series`` column; None values are
    skipped. A meaningful index (a name, or not 0..n-1) becomes a column."""
    setattr(fig, ATTRIBUTE, ChartData(data, units, [note] if note else []))
    return fig


def attached(fig) -> ChartData | None:
    return getattr(fig, ATTRIBUTE, None)


def tidy(data) -> pd.DataFrame:
    """``data`` (see ``attach``) as one frame."""
    import pandas as pd

    if isinstance(data, dict):
        # one layout for every block of series: 'date' (or the index's name) and 'value' (or low, high)
        blocks = [_frame(_as_value(v)).assign(series=str(k)) for k, v in data.items() if v is not None]
        if not blocks:
            return pd.DataFrame()
        frame = pd.concat(blocks, ignore_index=True, sort=False)
        return frame[["series", *[c for c in frame.columns if c != "series"]]]
    return _frame(data)


def _as_value(value):
    """A Series of a dict's block as 'value' over an index called 'date' when it holds dates."""
    import pandas as pd

    if isinstance(value, pd.Series):
        value = value.rename("value")
        if isinstance(value.index, pd.DatetimeIndex):
            value = value.rename_axis("date")
    elif isinstance(value, tuple):
        value = tuple(v.rename_axis("date") if isinstance(getattr(v, "index", None), pd.DatetimeIndex) else v
                      for v in value)
    return value


def _frame(value) -> pd.DataFrame:
    import pandas as pd

    if isinstance(value, tuple):
        names = {1: ["value"], 2: ["low", "high"], 3: ["value", "low", "high"]}.get(len(value))
        names = names or [f"value_{i}" for i in range(len(value))]
        value = pd.concat([pd.Series(s).rename(n) for n, s in zip(names, value)], axis=1)
    if isinstance(value, pd.Series):
        value = value.to_frame(value.name if value.name is not None else "value")
    frame = pd.DataFrame(value).copy()
    frame.columns = [" ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in frame.columns]
    index = frame.index
    if any(n is not None for n in index.names) or not index.equals(pd.RangeIndex(len(index))):
        names = [n if n is not None else ("date" if isinstance(index, pd.DatetimeIndex) else "row") for n in index.names]
        frame.index = index.set_names(names)
        frame = frame.reset_index()
    return frame


def csv_text(frame: pd.DataFrame, title: str = "", units: str = "", source: str = "", notes=()) -> str:
    """``frame`` as CSV text with header rows: title, units, source and span, notes (each one line, '#'-led)."""
    lines = [f"# {key}: {' '.join(str(value).split())}" for key, value in
             (("title", title), ("units", units), ("source and span", source), *(("note", n) for n in notes)) if value]
    lines.append("# read with pandas.read_csv(path, comment='#'); numbers are those the chart or table draws")
    out = io.StringIO()
    frame.to_csv(out, index=False, date_format="%Y-%m-%d", lineterminator="\n")
    return "\n".join(lines) + "\n" + out.getvalue()


def read_csv(path) -> pd.DataFrame:
    """A chart's CSV as a frame: its '#' header rows skipped (a value may hold '#')."""
    with open(path, encoding="utf-8") as f:
        skip = 0
        for line in f:
            if not line.startswith("#"):
                break
            skip += 1
    import pandas as pd

    return pd.read_csv(path, skiprows=skip)


def file_name(title: str, text: str) -> str:
    """The CSV's file name in a run's data folder: a slug of its title and a hash of its content (one name per
    content, so that reports of one run sharing a chart share its file, and no two different files collide)."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].rstrip("-") or "data"
    return f"{slug}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}.csv"


def bundle(frame: pd.DataFrame, title: str, units: str = "", source: str = "", notes=()) -> dict:
    """What a notebook displays under MIME for the renderer: the CSV's file name, text and row count."""
    text = csv_text(frame, title, units, source, notes)
    return {"file": f"{FOLDER}/{file_name(title, text)}", "csv": text, "rows": len(frame), "title": title}


def data_link(data: dict) -> str:
    """The link under a figure or table to the CSV of its numbers (hidden in print, where it leads nowhere)."""
    rows = f"{data['rows']:,} row{'s' if data['rows'] != 1 else ''}"
    return (f' <span class="chart-data"><a href="{html.escape(data["file"])}" download>Download the data</a> '
            f'(CSV, {rows})</span>')
