"""ACLED events: the reader for ACLED exports (CSV from ACLED's Explorer or its API), Syria only, into ACLED's own canonical table.

ACLED counts events of political violence and their reported fatalities; it is never added to UCDP (the two
count different things). ACLED's terms forbid redistribution: the workbook reads what the user brings.

Quirks handled here (ACLED codebook):
- Columns are read by name; exports differ in order and in the columns they carry (``iso``/``iso3``).
- ``event_date`` comes as ``2024-12-08`` (API) or ``08 December 2024`` (Explorer export).
- ``assoc_actor_1`` and ``assoc_actor_2`` hold several names separated by ``;``: kept as lists.
- State forces carry the years of their government ("Military Forces of Syria (2000-2024)"): names map through
  data/reference/actors.csv, exactly or with the years set aside; names not listed stay unclassified.
- ``admin1`` maps through data/reference/governorates.csv ("Idleb", "Rural Damascus", "Deir ez Zor", "Dara").
- ACLED is a living dataset: a deletions file (``event_id_cnty``, ``deleted_timestamp``) removes events, counted;
  an update (a later export of the events changed since a date, as acledR's ``acled_update`` fetches) sits beside
  the first export, and an event in both is taken from the row with the latest ``timestamp`` (ACLED's time of last
  change), else from the file that sorts last.
- ``population_best`` (people living within 5 km, in newer exports) is kept when present, else empty.
Row checks (``rowchecks``): ``fatalities`` a whole number of 0 or more; ``event_date`` possible (1997 to today);
``event_id_cnty`` unique; coordinates inside Syria's box; ``admin1`` a known spelling.
"""

from __future__ import annotations

import hashlib
import warnings
from functools import cache
from pathlib import Path

import pandas as pd

from .. import catalog, geography, rowchecks
from ..cache import cached_table
from ..codebook import SYRIA
from ..errors import DataError
from ..fileio import read_csv_text, to_number
from .contract import non_negative, pandera, validate
from .dataset import Dataset

READER_VERSION = "3"  # 2: sub-event types and territory locations checked; 3: updates by timestamp, population_best
REQUIRED = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country",
            "admin1", "latitude", "longitude", "fatalities"]
OPTIONAL = ["year", "time_precision", "disorder_type", "assoc_actor_1", "inter1", "assoc_actor_2", "inter2",
            "interaction", "civilian_targeting", "iso", "admin2", "location", "geo_precision", "source", "notes",
            "tags", "timestamp", "population_best"]
FIRST_POSSIBLE = pd.Timestamp("1997-01-01")  # ACLED's first year
# ACLED's sub-event types (codebook 2023-2024), by event type; the three under "Strategic developments" that record a
# change of control are the workbook's territory changes (see lib/syriawar/territory.py)
SUB_EVENT_TYPES = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
TERRITORY_CHANGES = ("Non-state actor overtakes territory", "Government regains territory", "Non-violent transfer of territory")


@cache
def contract():
    """ACLED's events table's pandera schema: one row per event, associated actors as lists."""
    pa, nonneg = pandera(), non_negative()
    return pa.DataFrameSchema(
        {
            "source": pa.Column(str),
            "event_id": pa.Column(str, unique=True),
            "date": pa.Column("datetime64[ns]"),
            "disorder_type": pa.Column(str, nullable=True),
            "event_type": pa.Column(str),
            "sub_event_type": pa.Column(str),
            "actor1": pa.Column(str),
            "actor2": pa.Column(str, nullable=True),
            "assoc_actor_1": pa.Column(object),
            "assoc_actor_2": pa.Column(object),
            "civilian_targeting": pa.Column(bool),
            "fatalities": pa.Column("Int64", nonneg),
            "latitude": pa.Column(float, nullable=True),
            "longitude": pa.Column(float, nullable=True),
            "governorate": pa.Column(str),
            "pcode": pa.Column(str),
            "admin2": pa.Column(str, nullable=True),
            "location": pa.Column(str, nullable=True),
            "notes": pa.Column(str, nullable=True),
            "tags": pa.Column(str, nullable=True),
            "population_best": pa.Column("Int64", nonneg, nullable=True),
        },
        strict=True,
        coerce=True,
    )


class DeletedEventsWarning(UserWarning):
    """Events that ACLED has deleted since the export were removed; the message counts them."""


def _dates(raw: pd.DataFrame, label: str) -> pd.Series:
    text = raw["event_date"].str.strip()
    iso = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    long = pd.to_datetime(text, format="%d %B %Y", errors="coerce")
    dates = iso.fillna(long)
    rowchecks.fail(label, dates.isna(), "an event_date that is not a date", "YYYY-MM-DD or '08 December 2024'", raw, ["event_date"])
    rowchecks.possible_dates(dates, "event_date", FIRST_POSSIBLE, label, raw, "ACLED's first year")
    return dates


def actor_list(text) -> list[str]:
    return [p.strip() for p in str(text).split(";") if p.strip()] if isinstance(text, str) else []


def _governorates(raw: pd.DataFrame, label: str) -> pd.Series:
    names = {s: geography.canonical_governorate(s) for s in raw["admin1"].dropna().unique()}
    unknown = raw["admin1"].isna() | raw["admin1"].map(lambda s: names.get(s) is None)
    rowchecks.fail(label, unknown, "an unknown governorate in admin1",
                   "a spelling listed in data/reference/governorates.csv", raw, ["event_id_cnty", "admin1"])
    return raw["admin1"].map(names)


def read_deletions(path: Path) -> set[str]:
    raw, _ = read_csv_text(path, ["event_id_cnty"])
    return set(raw["event_id_cnty"].str.strip())


def read_acled(paths: list[Path], source_label: str, deletions: set[str] | None = None) -> pd.DataFrame:
    """Read ACLED export files (several are concatenated; an event in more than one is taken from the last)."""
    frames = [_read_one(Path(p), source_label) for p in sorted(paths)]
    out = pd.concat(frames, ignore_index=True)
    # the newest version of each event: latest timestamp first, then the file read last (a stable sort keeps file order)
    out = out.sort_values("timestamp", kind="stable", na_position="first").drop_duplicates("event_id", keep="last")
    out = out.drop(columns="timestamp")
    if deletions:
        gone = out["event_id"].isin(deletions)
        if gone.any():
            warnings.warn(f"ACLED: {int(gone.sum())} event(s) deleted by ACLED since the export were removed "
                          f"(from its deletions file)", DeletedEventsWarning, stacklevel=2)
        out = out[~gone]
    return validate(out.sort_values(["date", "event_id"]).reset_index(drop=True), contract, source_label)


def _read_one(path: Path, source_label: str) -> pd.DataFrame:
    raw, label = read_csv_text(path, REQUIRED, optional=OPTIONAL)
    raw = raw[raw["country"].str.strip() == SYRIA.name]
    if raw.empty:
        raise DataError(f"{label}: no events with country 'Syria'; expected an ACLED export covering Syria")
    ev = pd.DataFrame(index=raw.index)
    ev["source"] = source_label
    ev["event_id"] = raw["event_id_cnty"].str.strip()
    ev["date"] = _dates(raw, label)
    for col in ("disorder_type", "event_type", "sub_event_type", "actor1", "actor2", "location", "admin2", "notes", "tags"):
        ev[col] = raw[col] if col in raw else None
    ev["assoc_actor_1"] = raw["assoc_actor_1"].map(actor_list) if "assoc_actor_1" in raw else [[] for _ in range(len(raw))]
    ev["assoc_actor_2"] = raw["assoc_actor_2"].map(actor_list) if "assoc_actor_2" in raw else [[] for _ in range(len(raw))]
    ev["civilian_targeting"] = raw["civilian_targeting"].fillna("").str.contains("Civilian", case=False) \
        if "civilian_targeting" in raw else False
    known = {sub for subs in SUB_EVENT_TYPES.values() for sub in subs}
    rowchecks.fail(label, ~raw["sub_event_type"].fillna("").str.strip().isin(known), "an unknown sub_event_type",
                   "one of ACLED's sub-event types (ACLED codebook)", raw, ["event_id_cnty", "sub_event_type"])
    if "location" in raw:
        nowhere = raw["sub_event_type"].str.strip().isin(TERRITORY_CHANGES) & (raw["location"].fillna("").str.strip() == "")
        rowchecks.fail(label, nowhere, "a change of territory without a location",
                       "the place whose control changed in location", raw, ["event_id_cnty", "sub_event_type", "location"])
    ev["fatalities"] = to_number(raw, "fatalities", label, integer=True)
    rowchecks.non_negative(ev, ["fatalities"], label, raw, ["event_id_cnty"], what="fatalities")
    ev["timestamp"] = to_number(raw, "timestamp", label, required=False) if "timestamp" in raw else float("nan")
    ev["population_best"] = (to_number(raw, "population_best", label, integer=True, required=False).astype("Int64")
                             if "population_best" in raw else pd.array([pd.NA] * len(raw), dtype="Int64"))
    ev["latitude"] = to_number(raw, "latitude", label, required=False)
    ev["longitude"] = to_number(raw, "longitude", label, required=False)
    rowchecks.inside_box(ev["longitude"], ev["latitude"], geography.SYRIA_BBOX, "Syria", label, raw, ["event_id_cnty"])
    ev["governorate"] = _governorates(raw, label)
    ev["pcode"] = ev["governorate"].map(geography.pcode_of())
    rowchecks.unique_rows(ev, ["event_id"], label, raw, "event_id_cnty", show_columns=["event_id_cnty"])
    return ev.reset_index(drop=True)


def acled_events(use_cache: bool = True) -> pd.DataFrame:
    """ACLED events in Syria from the user's export files, less the events in ACLED's deletions files."""
    found = catalog.resolve("acled_syria", download=False)  # SourceNotFound names where it looked
    files = [f.path for f in catalog.find_all(catalog.source("acled_syria"))]
    deletion_files = sorted(files[0].parent.glob("acled_deletions*.csv"))
    key = hashlib.sha256((found.sha256 + "".join(catalog.file_sha256(p) for p in deletion_files)).encode()).hexdigest()

    def build() -> pd.DataFrame:
        deleted = set().union(*(read_deletions(p) for p in deletion_files)) if deletion_files else set()
        return read_acled(files, "ACLED (user's export)", deleted)

    ev = cached_table("acled", key, READER_VERSION, build, use_cache)
    return ev.assign(assoc_actor_1=ev["assoc_actor_1"].map(list), assoc_actor_2=ev["assoc_actor_2"].map(list))


DATASETS = (
    Dataset("acled_syria", "ACLED", "acled_events", "events of political violence and their reported fatalities (ACLED)",
            "event", "point, governorate", ("date", "date"), "day", acled_events,
            bring="export Syria from ACLED's Explorer (an account and its terms) into data/raw/acled_syria/ as "
                  "acled_syria_yourname.csv, or run syriawar data fetch --acled with ACLED_EMAIL and ACLED_PASSWORD set"),
)
