"""How a source's counts for the same months changed from one release (or build) to the next.

UCDP revises: a Candidate month is recoded when the final release comes out, and a final release revises earlier
years. Every source with more than one vintage in hand is compared here:

- PaCE: its builds of January 2025 (GED 24.1 + Candidate 24) and March 2026 (GED 25.1 + Candidate 25-26);
- UCDP GED: every global release a user has (26.1, 25.1, 24.1, ...), deaths by month of ``date_start``;
- UCDP Candidate: every Candidate file, monthly or cumulative, over the months two or more files cover.

Each vintage is one monthly series (month start -> deaths, UCDP best); consecutive vintages are compared over the
months both cover. The functions take and return data; loading is in ``vintages()``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import catalog, registry
from .cache import cached_table
from .datasets import ucdp_ged as ged
from .errors import DataError, SourceNotFound


@dataclass(frozen=True)
class Vintage:
    """One release or build of a source: ``source`` (the family, e.g. 'PaCE'), ``label`` as a reader names it
    ('January 2025 update', 'release 25.1', 'preliminary data of Mar 2026'),
    ``order`` (sorts vintages oldest first) and ``deaths`` (month start -> deaths)."""

    source: str
    label: str
    order: tuple
    deaths: pd.Series


PACE_BUILDS = (("pace_ucdp_cm_2025_01", "January 2025 update", (2025, 1)), ("pace_ucdp_cm", "March 2026 update", (2026, 3)))
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def candidate_label(vintage: str) -> str:
    """UCDP's name of a Candidate file ('26.0.3' for a month, '26.01-26.06' for a cumulative file) as a reader says
    it: 'preliminary data of Mar 2026', 'preliminary data of Jan-Jun 2026'."""
    parts = vintage.replace("-", ".").split(".")
    if len(parts) == 3 and parts[1] == "0":
        return f"preliminary data of {MONTHS[int(parts[2]) - 1]} 20{parts[0]}"
    if len(parts) == 4:
        first, last = f"{MONTHS[int(parts[1]) - 1]}", f"{MONTHS[int(parts[3]) - 1]} 20{parts[2]}"
        return f"preliminary data of {first}{'' if parts[0] == parts[2] else ' 20' + parts[0]}-{last}"
    return f"preliminary data {vintage}"


def monthly_from_events(events: pd.DataFrame) -> pd.Series:
    """Deaths (best) by month of ``date_start``: the same rule for every vintage, so that only the coding differs."""
    month = events["date_start"].dt.to_period("M").dt.to_timestamp()
    return events.groupby(month)["best"].sum().rename_axis("month").astype(float)


def _pace_vintages() -> list[Vintage]:
    out = []
    for name, label, order in PACE_BUILDS:
        if registry.available(name):
            frame = registry.load(name)
            out.append(Vintage("PaCE", label, order, frame.set_index("month")["deaths"].astype(float)))
    return out


def _ged_release_vintages() -> list[Vintage]:
    """Every GED global release file in data/raw or a mirror, one vintage per release (the full file preferred
    over an API export of the same release)."""
    src = catalog.source("ucdp_ged_global")
    seen: dict[str, Vintage] = {}
    for _, folder in catalog.candidate_folders(src):
        for fname in src.files:
            path = folder / fname
            if not path.is_file():
                continue
            label = ged.release_label(path, "")
            if not label or label in seen:
                continue
            digest = catalog.file_sha256(path)
            events = cached_table(f"events-release-{path.name}", digest, ged.READER_VERSION,
                                  lambda p=path, lab=label: ged.read_ged(p, lab))
            major, minor = label.split()[-1].split(".")
            seen[label] = Vintage("UCDP GED", label.replace("UCDP GED ", "release "), (int(major), int(minor)),
                                  monthly_from_events(events))
    return list(seen.values())


def _candidate_vintages() -> list[Vintage]:
    """Each Candidate file as a vintage of the months it holds."""
    files = catalog.find_all(catalog.source("ucdp_ged_candidate"))
    out = []
    for f in files:
        try:
            events = cached_table(f"events-candidate-file-{f.path.name}", f.sha256, ged.READER_VERSION,
                                  lambda p=f.path: ged.read_ged(p, "UCDP Candidate", preliminary=True))
        except DataError as exc:  # a month without a Syrian event is no vintage
            if "no events with country_id" in str(exc):
                continue
            raise
        out.append(Vintage("UCDP Candidate", candidate_label(ged.candidate_vintage(f.path)), ged.candidate_release(f.path),
                           monthly_from_events(events)))
    return out


def vintages() -> dict[str, list[Vintage]]:
    """Every source with more than one vintage in hand: source -> its vintages, oldest first."""
    found: dict[str, list[Vintage]] = {}
    for loader in (_pace_vintages, _ged_release_vintages, _candidate_vintages):
        try:
            vs = sorted(loader(), key=lambda v: v.order)
        except SourceNotFound:
            continue
        if len(vs) > 1:
            found[vs[0].source] = vs
    return found


def compare(earlier: Vintage, later: Vintage) -> pd.DataFrame:
    """The months both vintages cover: source, month, earlier, later (labels), before, after, change."""
    both = pd.concat({"before": earlier.deaths, "after": later.deaths}, axis=1, join="inner").dropna()
    both = both.rename_axis("month").reset_index()
    both.insert(0, "source", earlier.source)
    both.insert(2, "earlier", earlier.label)
    both.insert(3, "later", later.label)
    both["change"] = both["after"] - both["before"]
    return both


def revisions(found: dict[str, list[Vintage]]) -> pd.DataFrame:
    """Every consecutive pair of vintages of each source, compared month by month (candidate files only where
    two of them hold the same month)."""
    cols = ["source", "month", "earlier", "later", "before", "after", "change"]
    parts = [compare(a, b) for vs in found.values() for a, b in zip(vs, vs[1:])]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)


def by_year(table: pd.DataFrame) -> pd.DataFrame:
    """Yearly totals of each compared pair, the years with a change only: source, earlier, later, year,
    months (compared), before, after, change, change % (of before)."""
    if table.empty:
        return pd.DataFrame(columns=["source", "earlier", "later", "year", "months", "before", "after", "change", "change %"])
    t = table.assign(year=table["month"].dt.year)
    y = t.groupby(["source", "earlier", "later", "year"], as_index=False, sort=False).agg(
        months=("month", "size"), before=("before", "sum"), after=("after", "sum"), change=("change", "sum"))
    y["change %"] = (100 * y["change"] / y["before"].where(y["before"] > 0)).round(1)
    return y[y["change"] != 0].reset_index(drop=True)


def largest(table: pd.DataFrame) -> pd.Series | None:
    """The compared month with the largest change in absolute deaths, or None when nothing was compared."""
    if table.empty:
        return None
    return table.loc[table["change"].abs().idxmax()]
