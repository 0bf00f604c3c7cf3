"""What the sources in hand can say about the claims a news report makes on a window, and which cannot.

For each kind of claim (deaths from air strikes by perpetrator; civilian deaths; the presence and actions of
each foreign force or militia; control of towns) one row per source: what it says for the window, or why it
cannot speak (it ends before the window, it does not monitor that, it does not name that actor). Computed
from the tables; no figure is typed.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from .. import actors, territory, wording
from .. import foreign as measures_foreign
from .brief import strikes
from .foreign import killed_in, killed_range, unassessed
from .selection import Selection

COLUMNS = ["claim", "source", "what it says for the window"]


def _acled(sel: Selection) -> pd.DataFrame | None:
    return sel.acled


def _events_say(sel: Selection) -> str | None:
    """None when UCDP's events cover the window; else why they cannot speak."""
    if sel.coverage.overlaps(sel.start, sel.end):
        return None
    return f"cannot: its events end {wording.day(sel.coverage.last)}, before the window"


def air_strikes(sel: Selection) -> list[tuple[str, str, str]]:
    claim = "Deaths from air strikes, by perpetrator"
    g = measures_foreign.strike_totals(strikes(sel))
    groups = [x for x in g.index if not sel.actors or x in sel.actors]
    said = "; ".join(f"{k}: {int(g.at[k, 'incidents']):,} incidents, {killed_range(g.at[k, 'killed_min'], g.at[k, 'killed_max'])} civilians killed"
                     for k in groups) or "no incident"
    whole = measures_foreign.strike_totals(sel.strikes_all)
    regime = int(whole.at["Syrian government", "incidents"]) if "Syrian government" in whole.index else 0
    rows = [(claim, "Airwars", said),
            (claim, "Airwars (limit)", f"does not monitor Syrian-government strikes: {regime:,} incident(s) in its whole archive")]
    ac = _acled(sel)
    if ac is not None:
        air = ac[ac["sub_event_type"] == "Air/drone strike"]
        by = air.groupby(air["actor1"].map(lambda a: actors.acled_group(a) or a))["fatalities"].agg(["size", "sum"])
        rows.append((claim, "ACLED", "; ".join(f"{k}: {int(r['size']):,} air/drone strikes, {int(r['sum']):,} fatalities"
                                               for k, r in by.iterrows()) or "no air/drone strike"))
    rows.append((claim, sel.events_label, _events_say(sel) or "cannot: UCDP's events do not say how people died"))
    return rows


def civilian_deaths(sel: Selection) -> list[tuple[str, str, str]]:
    claim = "Civilian deaths"
    st = strikes(sel)
    who = f"alleged against {wording.names(sel.actors)}" if sel.actors else "by any belligerent"
    left = unassessed(st)
    rows = [(claim, "Airwars", f"{killed_in(st)} "
                               f"civilians killed in {wording.count(len(st), 'strike incident')} {who} (strikes only"
                               + (f"; {wording.count(left, 'incident')} not assessed for deaths)" if left else ")"))]
    say = _events_say(sel)
    t = sel.window_totals()
    rows.append((claim, sel.events_label, say or f"{wording.number(t['deaths_civilians'])} civilian deaths in the window "
                                                 "(best estimate's split, each event spread over its days)"))
    ac = _acled(sel)
    if ac is not None:
        civ = ac[ac["civilian_targeting"]]
        rows.append((claim, "ACLED", f"{int(civ['fatalities'].sum()):,} fatalities in {len(civ):,} events targeting civilians"))
    rows.append((claim, "PaCE, ViEWS", "cannot: country-month totals of all deaths, with no civilian split"))
    return rows


def _last_named(group: str, sel: Selection, whole_totals) -> str:
    """When a source in hand last names ``group``, for a row that has nothing in the window (``whole_totals()``:
    Airwars' totals per group over all its incidents)."""
    dates = []
    whole = whole_totals()
    if group in whole.index:
        dates.append((whole.at[group, "last"], "Airwars"))
    coded = sel.tagged_all
    hit = coded[coded["foreign_parties"].map(lambda g: group in g) | coded["mentioned"].map(lambda g: group in g)]
    if len(hit):
        dates.append((hit["date_start"].max(), f"{sel.events_label} (coded or headline mention)"))
    if not dates:
        return f"no source in hand names {group} at all"
    when, where = max(dates)
    return f"no source in hand names {group} in this window; the last record naming it is of {wording.day(when)} ({where})"


def presence(sel: Selection, group: str, window_totals: pd.DataFrame, whole_totals) -> list[tuple[str, str, str]]:
    """The rows on ``group``; ``window_totals``: Airwars' totals per group in the window; ``whole_totals()``: over
    all its incidents (asked only when no source names the group in the window)."""
    claim = f"Presence and actions of {group}"
    rows = []
    g = window_totals
    if group in g.index:
        rows.append((claim, "Airwars", f"{int(g.at[group, 'incidents']):,} strike incidents Airwars attributes to it"))
    if _events_say(sel) is None:
        t = sel.tagged
        coded = t["foreign_parties"].map(lambda x: group in x).sum()
        mentioned = t["mentioned"].map(lambda x: group in x).sum()
        if coded or mentioned:
            rows.append((claim, sel.events_label, f"{coded:,} events with it as a party; {mentioned:,} whose headline names it"))
    ac = _acled(sel)
    if ac is not None and len(ac):
        long = measures_foreign.acled_foreign(ac)
        mine = long[long["group"] == group]
        if len(mine):
            # one count per event: acled_foreign gives an event once per group and role, never in both roles
            by = mine.groupby("role")["event_id"].nunique()
            roles = [f"{by[role]:,} as {'an actor' if role == 'primary' else 'an associated actor'}"
                     for role in ("primary", "associated") if role in by.index]
            rows.append((claim, "ACLED", f"{wording.count(mine['event_id'].nunique(), 'event')} name it ({', '.join(roles)}); "
                                         f"the first on {wording.day(mine['date'].min())}"))
    return rows or [(claim, "no source in hand", _last_named(group, sel, whole_totals))]


def claims(sel: Selection) -> pd.DataFrame:
    """The claims table for the brief's window (every foreign group, or those chosen)."""
    rows = air_strikes(sel) + civilian_deaths(sel)
    window = measures_foreign.strike_totals(strikes(sel))  # once for every group, not once per group
    whole = cache(lambda: measures_foreign.strike_totals(sel.strikes_all))
    for group in sel.groups():
        rows += presence(sel, group, window, whole)
    rows += control_of_towns(sel)
    return pd.DataFrame(rows, columns=COLUMNS)


def control_of_towns(sel: Selection) -> list[tuple[str, str, str]]:
    """Who took which towns in the window, from ACLED's changes of control, or why no source in hand can say."""
    claim = "Control of towns"
    ac = _acled(sel)
    if ac is None:
        return [(claim, "no source in hand", "cannot: only ACLED records changes of control, and no ACLED export is in hand; "
                 "UCDP and Airwars count deaths and strikes, not who holds a place")]
    places = territory.by_place(territory.changes(ac))
    if places.empty:
        return [(claim, "ACLED", "no change of control recorded in this window")]
    named = "; ".join(f"{r.place} ({r.governorate}) {wording.day(r.first)}, taken by {r.held_by}" for r in places.itertuples())
    return [(claim, "ACLED", f"{wording.count(len(places), 'place')} changed hands: {named}")]



