"""How far UCDP's events agree with the two counts built from the same coding (UCDP's battle-death dataset and
ViEWS), written for a reader: a sentence that leads with the finding and a small table of the yearly counts side by
side. The checks' own log (tolerances, yes/no) is for the report's appendix.

The checks themselves live in ``checks``: whole years only, or the months both sources cover."""

from __future__ import annotations

import pandas as pd

from .. import checks, registry, wording
from .selection import Selection

# the other counts as a reader knows them, keyed by the check's ``against``
NAMES = {"UCDP BRD": "UCDP's battle-death count", "ViEWS": "ViEWS"}
EVENTS_COLUMN = "UCDP events, state-based"


def compare(sel: Selection) -> pd.DataFrame:
    """The cross-source checks of the events in ``sel`` (the rows of ``checks.cross_source_checks``)."""
    return checks.cross_source_checks(sel.events_all, sel.coverage, registry.load("ucdp_brd"),
                                      registry.load("views_cm_syria"))


def _range(values: pd.Series) -> str:
    lo, hi = round(values.abs().min()), round(values.abs().max())
    return f"{lo} %" if lo == hi else f"{lo} to {hi} %"  # "7-14 %" broke after its hyphen on the printed page


def finding(checked: pd.DataFrame) -> str:
    """The checks in a sentence or two: which way each other count lies from UCDP's events, by how much, in which
    years, and whether that is within what revisions explain. ``checked``: rows of ``compare``."""
    if checked.empty:
        return ("The events in use share no whole year with UCDP's battle-death count or ViEWS, so they cannot be "
                "held against either.")
    parts = []
    for other, rows in checked.groupby("against", sort=False):
        diff = rows["difference, %"]
        way = "higher" if (diff > 0).all() else "lower" if (diff < 0).all() else "higher or lower"
        parts.append(f"{NAMES.get(other, other)} is {_range(diff)} {way} in {wording.year_list(rows['year'])}")
    bad = checked[~checked["agrees"].astype(bool)]
    text = "UCDP's events " + ("agree with" if bad.empty else "do not always agree with") + \
        " the counts built from the same coding: " + wording.names(parts) + "."
    if bad.empty:
        return text + (" Gaps of that size are what revisions between releases leave, so UCDP's yearly event totals "
                       "can be quoted beside the other two.")
    worst = ", ".join(f"{NAMES.get(r['against'], r['against'])} in {r['year']} ({r['difference, %']:+.0f} %)"
                      for r in bad.to_dict(orient="records"))
    return text + f" More than revisions explain: {worst}. Those years' event counts should be quoted with care."


def side_by_side(checked: pd.DataFrame) -> pd.DataFrame:
    """The yearly counts side by side, one row a year: UCDP's events, then each other count with its difference
    from them ("43,650 (+7 %)"; the months compared where fewer than 12)."""
    if checked.empty:
        return pd.DataFrame(columns=["year", EVENTS_COLUMN])
    rows = {}
    for r in checked.sort_values(["year", "months"], ascending=[True, False]).to_dict(orient="records"):
        months = "" if r["months"] >= 12 else f", {r['months']} months"
        row = rows.setdefault(r["year"], {"year": str(r["year"]), EVENTS_COLUMN: wording.number(r["UCDP GED"])
                                          + (f" ({months[2:]})" if months else "")})
        row[NAMES.get(r["against"], r["against"])] = f"{wording.number(r['other'])} ({r['difference, %']:+.0f} %{months})"
    return pd.DataFrame(list(rows.values())).fillna("")


def log(checked: pd.DataFrame) -> pd.DataFrame:
    """The checks as the appendix lists them: each comparison with its tolerance and whether it passed."""
    return checked.assign(
        against=checked["against"].map(lambda a: NAMES.get(a, a)),
        year=checked["year"].astype(str),  # a year, not a count: no thousands separator
        **{"UCDP GED": checked["UCDP GED"].round().astype("Int64"), "other": checked["other"].round().astype("Int64"),
           "agrees": checked["agrees"].map({True: "yes", False: "no"})},
    ).drop(columns="check").rename(columns={"against": "compared with", "UCDP GED": "UCDP events",
                                            "other": "other count", "agrees": "within tolerance"})
