"""Changes of territorial control, from ACLED events: who took which place from whom, and when.

ACLED codes a change of control as an event of its own (codebook): "Non-state actor overtakes territory" and
"Government regains territory" (under Battles) and "Non-violent transfer of territory" (Strategic developments),
with the place (``location``), date, the side that took it (``actor1``), the side that lost it (``actor2``, often
empty for a handover) and the actors fighting alongside (associated actors). No open territorial-control series for
2011-2024 exists to ship, so these rows are read from a user's own ACLED export and never invented.
"""

from __future__ import annotations

import pandas as pd

from . import actors

KINDS = {"Non-state actor overtakes territory": "taken by a non-state actor",
         "Government regains territory": "regained by the government",
         "Non-violent transfer of territory": "handed over without fighting"}
COLUMNS = ["date", "place", "governorate", "kind", "taken_by", "taken_from", "alongside", "bloc", "event_id"]


def _bloc(name) -> str:
    """The actor group of the side that took a place (a foreign state, the Syrian government, ...), else its name
    (a rebel group such as Hayat Tahrir al-Sham stands for itself, not for 'other')."""
    group = actors.acled_group(name)
    if group and group != "other":
        return group
    return name if isinstance(name, str) and name else "not named"


def changes(acled: pd.DataFrame) -> pd.DataFrame:
    """One row per change of control, in date order: date, place, governorate, kind (in words), taken_by, taken_from,
    alongside (associated actors, joined), bloc (the taker's actor group), event_id."""
    ev = acled[acled["sub_event_type"].isin(list(KINDS))]
    if ev.empty:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.DataFrame({
        "date": ev["date"], "place": ev["location"].fillna(ev["admin2"]), "governorate": ev["governorate"],
        "kind": ev["sub_event_type"].map(KINDS), "taken_by": ev["actor1"],
        "taken_from": ev["actor2"].fillna(""),
        "alongside": [", ".join([*a, *b]) for a, b in zip(ev["assoc_actor_1"], ev["assoc_actor_2"])],
        "bloc": ev["actor1"].map(_bloc), "event_id": ev["event_id"]})
    return out.sort_values(["date", "place", "event_id"]).reset_index(drop=True)


def in_window(table: pd.DataFrame, start, end, governorates=None) -> pd.DataFrame:
    """The changes of ``table`` (from ``changes``) dated in [start, end], in the given governorates (None = all)."""
    keep = (table["date"] >= pd.Timestamp(start)) & (table["date"] <= pd.Timestamp(end))
    if governorates:
        keep &= table["governorate"].isin(list(governorates))
    return table[keep]


def by_place(table: pd.DataFrame) -> pd.DataFrame:
    """Per place: its governorate, first and last change, how many changes, and who held it after the last one."""
    if table.empty:
        return pd.DataFrame(columns=["place", "governorate", "first", "last", "changes", "held_by"])
    g = table.groupby(["place", "governorate"], sort=False)
    out = g.agg(first=("date", "min"), last=("date", "max"), changes=("event_id", "size"),
                held_by=("taken_by", "last")).reset_index()
    return out.sort_values(["first", "place"]).reset_index(drop=True)


def by_bloc(table: pd.DataFrame) -> pd.Series:
    """Changes of control per taking bloc, most first."""
    return table.groupby("bloc").size().sort_values(ascending=False, kind="stable")
