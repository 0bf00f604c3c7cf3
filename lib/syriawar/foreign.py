"""Measures of foreign involvement. Coded attribution (UCDP sides, Airwars belligerents) and text mentions
(headline patterns) are kept apart and never added together.

- Participation: which foreign states were primary or secondary warring parties in conflicts located in Syria
  (UCDP ACD) or in dyads with a Syrian battle location (UCDP BRD), by year.
- BRD deaths of dyads involving a foreign state: BRD counts a dyad's deaths over all its battle locations, so
  each row carries its locations and those deaths are not Syrian alone.
- GED events with a foreign party, and GED events whose source headline mentions a foreign actor.
- Airwars incidents by belligerent: an incident naming several belligerents counts once for each, and once in
  the total of distinct incidents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import actors
from .coverage import Coverage
from .measures import period_grid, period_start, period_sums


def _split(text: str) -> list[str]:
    return [p.strip() for p in str(text).split(",") if p.strip()] if isinstance(text, str) else []


def _foreign_states(row) -> list[tuple[pd.Series, str]]:
    """The foreign state forces named on a yearly-dataset row: (reference row, 'primary' or 'secondary')."""
    ref = actors.reference_table()
    found = []
    for col in ("side_a", "side_b", "side_a_2nd", "side_b_2nd"):
        for name in _split(getattr(row, col)):
            if name in ref.index and ref.at[name, "kind"] == "foreign state forces":
                found.append((ref.loc[name], "primary" if col in ("side_a", "side_b") else "secondary"))
    return found


def participation(acd: pd.DataFrame, brd: pd.DataFrame) -> pd.DataFrame:
    """Long table: year, state (canonical), group, role (primary/secondary), dataset, conflict or dyad id."""
    rows = []
    for dataset, frame, id_col in (("UCDP ACD", acd, "conflict_id"), ("UCDP BRD", brd, "dyad_id")):
        for r in frame.itertuples():
            for state, role in _foreign_states(r):
                rows.append({"year": int(r.year), "state": state["canonical"], "group": state["group"], "role": role,
                             "dataset": dataset, "id": int(getattr(r, id_col)),
                             "battle_location": getattr(r, "battle_location", "Syria")})
    return pd.DataFrame(rows, columns=["year", "state", "group", "role", "dataset", "id", "battle_location"])


def states_in_syria(part: pd.DataFrame) -> tuple[list[str], list[str]]:
    """From a participation table: the foreign states recorded as warring parties in Syria (ACD conflicts located in
    Syria, BRD dyads with Syria their only battle location), and the further states BRD names only in dyads fought
    in Syria and elsewhere (coalitions fighting mostly in Iraq, Afghanistan or Pakistan)."""
    acd = part[part["dataset"] == "UCDP ACD"]
    alone = part[(part["dataset"] == "UCDP BRD") & (part["battle_location"].str.strip() == "Syria")]
    inside = sorted(set(acd["state"]) | set(alone["state"]))
    return inside, sorted(set(part["state"]) - set(inside))


def participation_matrix(part: pd.DataFrame, years: range) -> pd.DataFrame:
    """state x year: 2 = primary party, 1 = secondary (supporting) party, 0 = neither."""
    if part.empty:
        return pd.DataFrame(index=[], columns=list(years))
    code = part.assign(code=np.where(part["role"] == "primary", 2, 1)).pivot_table(
        index="state", columns="year", values="code", aggfunc="max")
    code = code.reindex(columns=list(years)).fillna(0).astype(int)
    return code.loc[code.sum(axis=1).sort_values(ascending=False).index]


def foreign_dyad_deaths(brd: pd.DataFrame) -> pd.DataFrame:
    """BRD dyad-years with a foreign state as primary or secondary party and Syria among battle locations."""
    out = []
    for r in brd.itertuples():
        found = _foreign_states(r)
        states = [state["group"] for state, _ in found]
        primary = any(role == "primary" for _, role in found)
        if not states or "Syria" not in _split(r.battle_location):
            continue
        out.append({"year": int(r.year), "dyad_id": int(r.dyad_id), "dyad": f"{r.side_a} - {r.side_b}",
                    "foreign_groups": ", ".join(sorted(set(states))), "foreign_primary": primary, "bd_best": r.bd_best, "bd_low": r.bd_low,
                    "bd_high": r.bd_high, "battle_location": r.battle_location,
                    "syria_only": _split(r.battle_location) == ["Syria"]})
    return pd.DataFrame(out)


def coded_foreign_parties(ev: pd.DataFrame) -> list[list[str]]:
    """For each event, the foreign groups coded as side A or B (each pair of side names classified once)."""
    codes, pairs = coded_foreign_pairs(ev)
    return [pairs[c] for c in codes]


def coded_foreign_pairs(ev: pd.DataFrame) -> tuple[np.ndarray, list[list[str]]]:
    """(code of each event's side pair, foreign groups of each pair): the pairs found by factorising the two
    columns, so that each distinct pair is classified once and no event is looked at in Python."""
    codes, uniques = pd.MultiIndex.from_arrays([ev["side_a"], ev["side_b"]]).factorize()
    names = set(uniques.get_level_values(0)) | set(uniques.get_level_values(1))
    side_groups = {n: set(actors.foreign_groups_of(n)) for n in names}
    return codes, [sorted(side_groups[a] | side_groups[b]) for a, b in uniques]


def tag_events(ev: pd.DataFrame) -> pd.DataFrame:
    """Events with two list columns: foreign_parties (coded groups) and mentioned (headline text groups)."""
    out = ev.copy()
    out["foreign_parties"] = coded_foreign_parties(ev)
    heads = actors.mentioned_groups_of_all(pd.unique(ev["source_headline"].dropna()))
    out["mentioned"] = [heads.get(h, []) if isinstance(h, str) else [] for h in ev["source_headline"]]
    return out


def _by_group(tagged: pd.DataFrame, column: str, freq: str, estimate: str, start, end,
              coverage: Coverage) -> pd.DataFrame:
    """Per period and group of ``column``: events (counted in the period they start) and deaths (each event's spread
    evenly over its days, as every chart spreads them: a year-long tally is not booked on its first day)."""
    ex = tagged[["date_start", "date_end", column, estimate]].explode(column).dropna(subset=[column])
    groups = sorted(ex[column].unique())
    counts = ex.assign(period=period_start(ex["date_start"], freq)).groupby(["period", column]).size().rename("events")
    deaths = period_sums(ex, [estimate], start, end, freq, by=column).set_index(["period", column])[estimate].rename("deaths")
    grouped = pd.concat([counts, deaths], axis=1).fillna(0.0).reset_index()
    allp = pd.concat([tagged.assign(period=period_start(tagged["date_start"], freq)).groupby("period").size().rename("all_events"),
                      period_sums(tagged, [estimate], start, end, freq).set_index("period")[estimate].rename("all_deaths")],
                     axis=1).fillna(0.0).reset_index()
    grouped = period_grid(grouped, ["events", "deaths"], start, end, freq, coverage, by=column, groups=groups)
    totals = period_grid(allp, ["all_events", "all_deaths"], start, end, freq, coverage)
    grouped = grouped.merge(totals.drop(columns="covered_share"), on="period", how="left")
    grouped["share_events"] = grouped["events"] / grouped["all_events"].where(grouped["all_events"] > 0)
    grouped["share_deaths"] = grouped["deaths"] / grouped["all_deaths"].where(grouped["all_deaths"] > 0)
    return grouped.rename(columns={column: "group"})


def coded_foreign_events(tagged, freq, estimate, start, end, coverage) -> pd.DataFrame:
    """Per period and foreign group: GED events with that group coded as a party, their deaths and shares."""
    return _by_group(tagged, "foreign_parties", freq, estimate, start, end, coverage)


def headline_mentions(tagged, freq, estimate, start, end, coverage) -> pd.DataFrame:
    """Per period and foreign group: GED events whose source headline mentions the group ('mentioned in the source')."""
    return _by_group(tagged, "mentioned", freq, estimate, start, end, coverage)


def foreign_share(tagged: pd.DataFrame, freq: str, estimate: str, start, end,
                  coverage: Coverage, groups: list[str] | None = None) -> pd.DataFrame:
    """Per period: share of deaths in events with a foreign party coded (any of ``groups``), and share of deaths
    in events whose headline mentions one; each event counts once. NaN outside coverage."""
    groups = set(groups or actors.FOREIGN_GROUPS)
    coded = tagged["foreign_parties"].map(lambda g: bool(groups & set(g))).to_numpy(dtype=bool)
    mentioned = tagged["mentioned"].map(lambda g: bool(groups & set(g))).to_numpy(dtype=bool)
    deaths = tagged[estimate].to_numpy(dtype=float)
    t = pd.DataFrame({"date_start": tagged["date_start"].to_numpy(), "date_end": tagged["date_end"].to_numpy(),
                      "all": deaths, "coded": np.where(coded, deaths, 0.0), "mentioned": np.where(mentioned, deaths, 0.0)})
    # each event's deaths spread over its days, as the other charts spread them (a year-long tally is no January spike)
    per = period_grid(period_sums(t, ["all", "coded", "mentioned"], start, end, freq),
                      ["all", "coded", "mentioned"], start, end, freq, coverage)
    denom = per["all"].where(per["all"] > 0)
    per["share_coded"] = per["coded"] / denom
    per["share_mentioned"] = per["mentioned"] / denom
    return per


def belligerent_groups(strikes: pd.DataFrame) -> pd.Series:
    """For each incident, the actor groups of its belligerents; ['not named'] where Airwars names none."""
    names = {b for bs in strikes["belligerents"] for b in bs}
    group = {b: actors.belligerent_group(b) for b in names}  # each name looked up once, not once per incident
    return strikes["belligerents"].map(lambda bs: sorted({group[b] for b in bs}) or ["not named"])


def strike_totals(strikes: pd.DataFrame, groups=None) -> pd.DataFrame:
    """Per belligerent group (those in ``groups``, or all): incidents, civilians killed min and max, first and last
    date, most incidents first. An incident naming several belligerents counts once for each."""
    ex = strikes.assign(group=belligerent_groups(strikes)).explode("group")
    if groups is not None:
        ex = ex[ex["group"].isin(list(groups))]
    g = ex.groupby("group").agg(incidents=("incident_id", "size"), killed_min=("civilians_killed_min", "sum"),
                                killed_max=("civilians_killed_max", "sum"), first=("date", "min"), last=("date", "max"))
    return g.sort_values("incidents", ascending=False, kind="stable")


def strikes_by_belligerent(strikes: pd.DataFrame, freq: str = "M", start=None, end=None,
                           coverage: Coverage | None = None) -> pd.DataFrame:
    """Per period and belligerent group: incidents, civilians killed min and max; plus a 'all incidents' row
    counting each incident once. NaN outside Airwars' coverage (by default the span of ``strikes``)."""
    st = strikes.assign(group=belligerent_groups(strikes), period=period_start(strikes["date"], freq))
    ex = st.explode("group")
    agg = dict(incidents=("incident_id", "size"), killed_min=("civilians_killed_min", "sum"),
               killed_max=("civilians_killed_max", "sum"))
    per = ex.groupby(["period", "group"]).agg(**agg).reset_index()
    tot = st.groupby("period").agg(**agg).reset_index().assign(group="all incidents")
    out = pd.concat([per, tot], ignore_index=True)
    cov = coverage or Coverage(st["date"].min(), st["date"].max())
    lo = pd.Timestamp(start) if start is not None else st["date"].min()
    hi = pd.Timestamp(end) if end is not None else st["date"].max()
    return period_grid(out, ["incidents", "killed_min", "killed_max"], lo, hi, freq, cov, by="group")


def deadliest_strikes(strikes: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The n incidents with most civilians killed (max, then min) per belligerent group."""
    st = strikes.copy()
    st["group"] = belligerent_groups(st)
    ex = st.explode("group")
    ex = ex.sort_values(["civilians_killed_max", "civilians_killed_min"], ascending=False, na_position="last")
    return ex.groupby("group", sort=False).head(n).sort_values(["group", "civilians_killed_max"], ascending=[True, False])


def acled_foreign(ev: pd.DataFrame) -> pd.DataFrame:
    """ACLED events with a foreign party, one row per event and foreign group and role: ``primary`` when the
    group is actor1 or actor2, ``associated`` when it is among their associated actors (kept apart, never added).
    Columns: event_id, date, governorate, event_type, sub_event_type, fatalities, civilian_targeting, group, role."""
    foreign = set(actors.FOREIGN_GROUPS)
    rows = []
    keep = ["event_id", "date", "governorate", "event_type", "sub_event_type", "fatalities", "civilian_targeting"]
    for r in ev[keep + ["actor1", "actor2", "assoc_actor_1", "assoc_actor_2"]].itertuples(index=False):
        base = [getattr(r, k) for k in keep]
        primary = {actors.acled_group(a) for a in (r.actor1, r.actor2)} & foreign
        associated = {actors.acled_group(a) for a in [*r.assoc_actor_1, *r.assoc_actor_2]} & foreign
        rows += [[*base, g, "primary"] for g in sorted(primary)]
        rows += [[*base, g, "associated"] for g in sorted(associated - primary)]
    return pd.DataFrame(rows, columns=keep + ["group", "role"])


def acled_by_month(long: pd.DataFrame, start, end, coverage: Coverage, role: str) -> pd.DataFrame:
    """Per month and foreign group: ACLED events and fatalities with the group in ``role``; NaN outside coverage."""
    part = long[long["role"] == role].assign(period=lambda d: period_start(d["date"], "M"))
    sums = part.groupby(["period", "group"]).agg(events=("event_id", "size"), fatalities=("fatalities", "sum")).reset_index()
    return period_grid(sums, ["events", "fatalities"], start, end, "M", coverage, by="group",
                       groups=sorted(long["group"].unique()))


def acled_summary(long: pd.DataFrame, by: str) -> pd.DataFrame:
    """Events and fatalities per foreign group and role, split by ``by`` (governorate or event_type)."""
    t = long.groupby(["group", "role", by]).agg(events=("event_id", "size"), fatalities=("fatalities", "sum"))
    return t.reset_index().sort_values(["group", "role", "fatalities"], ascending=[True, False, False])
