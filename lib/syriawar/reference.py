"""Reference tables written for the workbook (data/reference/*.csv): read once, checked, one clear error.

Every reference table has a ``source`` column: each row says where its fact comes from.
"""

from __future__ import annotations

import pandas as pd

from .errors import DataError
from .paths import reference_dir


def read_reference(name: str, required: list[str], parse_dates: list[str] | None = None) -> pd.DataFrame:
    """``data/reference/<name>.csv`` as strings (dates parsed where asked); DataError naming the file when it is
    missing, unreadable, lacks a required column or has an empty source."""
    path = reference_dir() / f"{name}.csv"
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError as exc:
        raise DataError(f"{path}: reference table not found; expected the workbook's {name}.csv in data/reference/") from exc
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{path}: cannot read the reference table ({exc}); expected comma-separated UTF-8 text") from exc
    missing = [c for c in [*required, "source"] if c not in table.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(table.columns)}")
    unsourced = table.index[table["source"].str.strip() == ""]
    if len(unsourced):
        raise DataError(f"{path}: row {unsourced[0] + 2} has no source; every reference row names where its fact comes from")
    for col in parse_dates or []:
        parsed = pd.to_datetime(table[col], errors="coerce", format="%Y-%m-%d")
        if parsed.isna().any():
            line = int(parsed.isna().to_numpy().argmax()) + 2
            raise DataError(f"{path}: column {col!r} at line {line} is {table[col].iloc[line - 2]!r}; expected YYYY-MM-DD")
        table[col] = parsed
    return table


def key_events(governorate: str | None = None) -> pd.DataFrame:
    """Dates of the war (data/reference/key_events.csv): date, label, short_label, category, governorates
    (';'-separated, empty for events of the whole country), source; only those that took place in
    ``governorate`` when one is given."""
    table = read_reference("key_events", ["date", "label", "short_label", "category", "governorates"], parse_dates=["date"])
    if governorate is None:
        return table
    return table[table["governorates"].str.split(";").map(lambda gs: governorate in gs)].reset_index(drop=True)
