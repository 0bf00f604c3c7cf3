"""The canonical tables, loaded through the catalog and cached (Arrow files) keyed by the source file's checksum.

    events()          one row per UCDP GED event in Syria
    strikes()         one row per Airwars incident (belligerents as a list); strike_rejects() for set-aside rows
    monthly_series()  long table: source, month, measure, deaths (ViEWS state-based and one-sided, PaCE all types)
    conflict_years()  UCDP ACD rows located in Syria
    dyad_years()      UCDP BRD rows with Syria as location or battle location
    yearly_deaths()   OWID yearly deaths for Syria (cross-check)
    documented_deaths()  VDC deaths documented by governorate and day (a documentation list, not an estimate)

Each loader records the file it used (``catalog.used()``). What each table counts, its unit and its coverage are
declared once, in ``registry``.
"""

from __future__ import annotations

import hashlib
import warnings

import pandas as pd

from . import catalog
from .cache import cached_table
from .errors import ParameterError
from .readers import acled, airwars, ged, monthly, vdc, yearly

EVENT_SOURCES = ("auto", "ucdp_ged_syria", "ucdp_ged_global")


def events_source_name(source: str = "auto") -> str:
    """Which GED source 'auto' means: a global release when one is found locally, else the Syria release."""
    if source not in EVENT_SOURCES:
        raise ParameterError(f"events source {source!r} is not known; expected one of {', '.join(EVENT_SOURCES)}")
    if source != "auto":
        return source
    if catalog.find_local(catalog.source("ucdp_ged_global")) is not None:
        return "ucdp_ged_global"
    return "ucdp_ged_syria"


def final_events(name: str, use_cache: bool = True) -> pd.DataFrame:
    """One final release's events: the Syria release or a global release."""
    found = catalog.resolve(name)
    label = ged.release_label(found.path, f"UCDP GED {found.source.version.split(' ')[0]}") if name == "ucdp_ged_global" \
        else f"UCDP GED Syria {found.source.version.split(' ')[0]}"
    return cached_table(f"events-{name}", found.sha256, ged.READER_VERSION,
                        lambda: ged.read_ged(found.path, label), use_cache)


def candidate_events(use_cache: bool = True) -> pd.DataFrame:
    """Every UCDP Candidate event in Syria from the monthly files found (SourceNotFound when there is none)."""
    found = catalog.resolve("ucdp_ged_candidate", download=False)  # SourceNotFound names where it looked
    files = catalog.find_all(catalog.source("ucdp_ged_candidate"))
    return cached_table("events-candidate", found.sha256, ged.READER_VERSION,
                        lambda: ged.read_candidates([f.path for f in files]), use_cache)


def merge_final_candidate(final: pd.DataFrame, candidate: pd.DataFrame) -> pd.DataFrame:
    """The final release for every month it covers, then Candidate events for the months after it, never both
    for one month; an event id in both is taken from the final release."""
    last_month = final["date_start"].max().to_period("M").end_time.normalize()
    later = candidate[(candidate["date_start"] > last_month) & ~candidate["event_id"].isin(final["event_id"])]
    return pd.concat([final, later], ignore_index=True)


def events(source: str = "auto", use_cache: bool = True) -> pd.DataFrame:
    """The events table: the Syria release, or a global release continued by Candidate events when found."""
    name = events_source_name(source)
    final = final_events(name, use_cache)
    if name != "ucdp_ged_global" or not catalog.find_all(catalog.source("ucdp_ged_candidate")):
        return final
    return merge_final_candidate(final, candidate_events(use_cache))


def _strikes_pair(use_cache: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    found = catalog.resolve("airwars_syria")
    label = "Airwars (compact table, 2026-07)"
    holder: dict[str, pd.DataFrame] = {}

    def build_strikes() -> pd.DataFrame:
        holder["strikes"], holder["rejects"] = airwars.read_airwars(found.path, label)
        return holder["strikes"]

    def build_rejects() -> pd.DataFrame:
        if "rejects" not in holder:
            holder["strikes"], holder["rejects"] = airwars.read_airwars(found.path, label)
        return holder["rejects"]

    strikes_ = cached_table("strikes", found.sha256, airwars.READER_VERSION, build_strikes, use_cache)
    rejects_ = cached_table("strikes-rejected", found.sha256, airwars.READER_VERSION, build_rejects, use_cache)
    return strikes_, rejects_


def strikes(use_cache: bool = True) -> pd.DataFrame:
    """Airwars incidents; rows with unparsable or placeholder dates are set aside (see strike_rejects) with a warning."""
    st, rej = _strikes_pair(use_cache)
    if len(rej):
        warnings.warn(f"Airwars: {len(rej)} incident row(s) set aside for bad dates (lines "
                      f"{', '.join(str(x) for x in rej['line'])}); see syriawar.tables.strike_rejects()", stacklevel=2)
    st = st.copy()
    st["belligerents"] = st["belligerents"].map(list)
    return st


def strike_rejects(use_cache: bool = True) -> pd.DataFrame:
    return _strikes_pair(use_cache)[1]


def monthly_views(use_cache: bool = True) -> pd.DataFrame:
    v = catalog.resolve("views_cm_syria")
    return cached_table("monthly-views", v.sha256, monthly.READER_VERSION,
                        lambda: monthly.read_views(v.path, "ViEWS cm (UCDP GED/Candidate)"), use_cache)


def monthly_pace(use_cache: bool = True) -> pd.DataFrame:
    p = catalog.resolve("pace_ucdp_cm")
    return cached_table("monthly-pace", p.sha256, monthly.READER_VERSION,
                        lambda: monthly.read_pace(p.path, "PaCE (UCDP GED 25.1 + Candidate)"), use_cache)


def monthly_series(use_cache: bool = True) -> pd.DataFrame:
    """ViEWS and PaCE in one long table (source, month, measure, deaths)."""
    return pd.concat([monthly_views(use_cache), monthly_pace(use_cache)], ignore_index=True)


def conflict_years(use_cache: bool = True) -> pd.DataFrame:
    f = catalog.resolve("ucdp_acd")
    return cached_table("acd", f.sha256, yearly.READER_VERSION,
                        lambda: yearly.read_acd(f.path, f"UCDP/PRIO ACD {f.source.version}"), use_cache)


def dyad_years(use_cache: bool = True) -> pd.DataFrame:
    f = catalog.resolve("ucdp_brd")
    return cached_table("brd", f.sha256, yearly.READER_VERSION,
                        lambda: yearly.read_brd(f.path, f"UCDP BRD {f.source.version}"), use_cache)


def yearly_deaths(use_cache: bool = True) -> pd.DataFrame:
    f = catalog.resolve("owid_deaths")
    return cached_table("owid", f.sha256, yearly.READER_VERSION,
                        lambda: yearly.read_owid(f.path, "OWID (UCDP)"), use_cache)


def documented_deaths(use_cache: bool = True) -> pd.DataFrame:
    f = catalog.resolve("vdc_governorate_days")
    return cached_table("vdc", f.sha256, vdc.READER_VERSION, lambda: vdc.read_vdc(f.path, "VDC documented deaths"), use_cache)


def acled_events(use_cache: bool = True) -> pd.DataFrame:
    """ACLED events in Syria from the user's export files, less the events in ACLED's deletions files."""
    found = catalog.resolve("acled_syria", download=False)  # SourceNotFound names where it looked
    files = [f.path for f in catalog.find_all(catalog.source("acled_syria"))]
    deletion_files = sorted(files[0].parent.glob("acled_deletions*.csv"))
    key = hashlib.sha256((found.sha256 + "".join(catalog.file_sha256(p) for p in deletion_files)).encode()).hexdigest()

    def build() -> pd.DataFrame:
        deleted = set().union(*(acled.read_deletions(p) for p in deletion_files)) if deletion_files else set()
        return acled.read_acled(files, "ACLED (user's export)", deleted)

    ev = cached_table("acled", key, acled.READER_VERSION, build, use_cache)
    return ev.assign(assoc_actor_1=ev["assoc_actor_1"].map(list), assoc_actor_2=ev["assoc_actor_2"].map(list))
