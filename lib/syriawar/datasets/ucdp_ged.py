"""UCDP GED events: the reader for event files: the Syria release (GED 19.1 columns) and global releases 20.1+ and Candidate files.

Quirks handled here (see UCDP GED codebooks and ../shared/DOMAIN.md):
- Columns are read by name: releases from 20.1 add relid, code_status, *_dset_id, where_description, gwnoa and
  reorder columns. The Syria release stores ids and counts as floats ("214797.0").
- Rows are filtered to Syria (country_id 652, Gleditsch-Ward) before any check, so a global file works.
- adm_1 is spelled "Idlib Governorate" etc.; it maps to OCHA names through data/reference/governorates.csv.
  Empty adm_1 (country-level and some regional events) stays without governorate and counts in totals.
- Aggregate records (date_prec 5, year-long summaries) are kept as they are; measures decide how to spread them.
- Candidate files (preliminary) come monthly (GEDEvent_v26_0_8.csv) and cumulative for the year so far
  (GEDEvent_v26_01_26_06.csv); both have GED's columns and a ``code_status``; they are read as GED, flagged
  ``preliminary``, and an event in several files is taken from the newest. Rows not "Clear" are kept and counted.
Row checks (``rowchecks``): ``id``, ``type_of_violence``, ``date_prec``, ``where_prec``, ``country_id`` whole numbers,
the three codes from the codebook only; ``date_start``/``date_end`` possible (1989 to today) with end on or after
start; deaths columns numbers of 0 or more (low > best or best > high is kept, widened and flagged, as UCDP's own
files hold such rows); ``id`` unique; coordinates inside Syria's box; ``adm_1`` a known spelling.

Datasets: ``ucdp_ged_syria``, ``ucdp_ged_global`` and ``ucdp_ged_candidate``; ``events(source)`` is the events
table ('auto': a global release continued by Candidate events when one is found, else the Syria release).
"""

from __future__ import annotations

import re
import warnings
from functools import cache
from pathlib import Path

import pandas as pd

from .. import catalog, geography, rowchecks
from ..cache import cached_table
from ..codebook import ESTIMATES, SYRIA, TYPE_OF_VIOLENCE
from ..errors import DataError, ParameterError
from ..fileio import read_csv_text, to_date, to_number
from .contract import NAME, non_negative, pandera, validate
from .dataset import Dataset

READER_VERSION = "9"  # 8: cumulative Candidate files; 9: notes in plain words
EVENT_SOURCES = ("auto", "ucdp_ged_syria", "ucdp_ged_global")

REQUIRED = [
    "id", "type_of_violence", "side_a", "side_b", "dyad_name", "where_prec", "adm_1", "latitude", "longitude",
    "country_id", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", *ESTIMATES,
]
OPTIONAL = ["adm_2", "source_headline", "conflict_name", "country", "code_status"]
DEATH_COLUMNS = ["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", *ESTIMATES]
DATE_PRECISIONS = (1, 2, 3, 4, 5)  # GED codebook: day ... year or longer
WHERE_PRECISIONS = (1, 2, 3, 4, 5, 6, 7)  # GED codebook: exact place ... country or wider
FIRST_POSSIBLE = pd.Timestamp("1989-01-01")  # UCDP GED's first year


@cache
def contract():
    """The events table's pandera schema: one row per event, UCDP's three estimates in order."""
    pa, nonneg = pandera(), non_negative()
    return pa.DataFrameSchema(
        {
            "source": pa.Column(NAME),
            "event_id": pa.Column("Int64", unique=True),
            "date_start": pa.Column("datetime64[ns]"),
            "date_end": pa.Column("datetime64[ns]"),
            "date_precision": pa.Column("Int64", pa.Check.isin(list(DATE_PRECISIONS))),
            "governorate": pa.Column(NAME, nullable=True),
            "pcode": pa.Column(NAME, nullable=True),
            "district": pa.Column(NAME, nullable=True),
            "latitude": pa.Column(float, nullable=True),
            "longitude": pa.Column(float, nullable=True),
            "where_precision": pa.Column("Int64", pa.Check.isin(list(WHERE_PRECISIONS))),
            "type_of_violence": pa.Column(NAME, pa.Check.isin(list(TYPE_OF_VIOLENCE.values()))),
            "conflict": pa.Column(NAME, nullable=True),
            "side_a": pa.Column(NAME),
            "side_b": pa.Column(NAME),
            "dyad": pa.Column(NAME),
            "deaths_a": pa.Column(float, nonneg),
            "deaths_b": pa.Column(float, nonneg),
            "deaths_civilians": pa.Column(float, nonneg),
            "deaths_unknown": pa.Column(float, nonneg),
            "low": pa.Column(float, nonneg),
            "best": pa.Column(float, nonneg),
            "high": pa.Column(float, nonneg),
            "estimate_inconsistent": pa.Column(bool),
            "source_headline": pa.Column(str, nullable=True),
            "code_status": pa.Column(NAME, nullable=True),  # UCDP Candidate's coding status ("Clear", "Check dyad", ...)
            "preliminary": pa.Column(bool),  # from a Candidate release: may be revised by the next final release
        },
        checks=[
            pa.Check(lambda d: d["low"] <= d["best"], error="low <= best"),
            pa.Check(lambda d: d["best"] <= d["high"], error="best <= high"),
            pa.Check(lambda d: d["date_end"] >= d["date_start"], error="date_end >= date_start"),
        ],
        strict=True,
        coerce=True,
    )


class EstimateOrderWarning(UserWarning):
    """Events whose low/best/high are out of order; counted, kept, and flagged."""


class PreliminaryStatusWarning(UserWarning):
    """Candidate events whose ``code_status`` is not "Clear": kept, counted, and drawn as preliminary."""


_MONTHLY = re.compile(r"GEDEvent_v(\d{2})_0_(\d{1,2})(?:\.|$)")
_CUMULATIVE = re.compile(r"GEDEvent_v(\d{2})_(\d{2})_(\d{2})_(\d{2})(?:\.|$)")


def candidate_release(path: Path) -> tuple[int, int, int]:
    """Where a Candidate file stands among the others, for ordering (newest last): (year, last month covered,
    shape). GEDEvent_v26_0_3.csv, the monthly file of March 2026, is (26, 3, 0); GEDEvent_v26_01_26_06.csv, the
    cumulative file of January to June 2026, is (26, 6, 1): it comes after the monthly file of June, as UCDP
    compiles it later and revises the months before."""
    name = Path(path).name
    if m := _MONTHLY.match(name):
        return int(m.group(1)), int(m.group(2)), 0
    if m := _CUMULATIVE.match(name):
        return int(m.group(3)), int(m.group(4)), 1
    raise DataError(f"{path}: not a UCDP Candidate file name; expected GEDEvent_v<yy>_0_<month>.csv (monthly) or "
                    "GEDEvent_v<yy>_<first month>_<yy>_<last month>.csv (cumulative)")


def candidate_vintage(path: Path) -> str:
    """'26.0.3' for a monthly file, '26.01-26.06' for a cumulative one (the name UCDP gives the release)."""
    name = Path(path).name
    if m := _MONTHLY.match(name):
        return f"{m.group(1)}.0.{int(m.group(2))}"
    m = _CUMULATIVE.match(name)
    if not m:
        candidate_release(path)  # raises the error naming the file
    return f"{m.group(1)}.{m.group(2)}-{m.group(3)}.{m.group(4)}"


def read_candidates(paths: list[Path]) -> pd.DataFrame:
    """Every Candidate file, monthly or cumulative, oldest first; an event id in several files is taken from the
    newest (UCDP revises Candidate events from month to month). All events are ``preliminary``; those whose
    ``code_status`` is not "Clear" are kept and counted in a PreliminaryStatusWarning."""
    paths = sorted(paths, key=candidate_release)
    first, last = candidate_vintage(paths[0]), candidate_vintage(paths[-1])
    joiner = " to " if "-" in first + last else "-"  # a cumulative vintage has its own dash
    label = f"UCDP Candidate {first}" + (f"{joiner}{last}" if last != first else "")
    frames = []
    for p in paths:
        try:
            frames.append(read_ged(p, label, preliminary=True))
        except DataError as exc:
            if "no events with country_id" not in str(exc):  # a month without a Syrian event is no error
                raise
    if not frames:
        raise DataError(f"{paths[0].parent}: no Syrian event in {len(paths)} Candidate file(s)")
    out = pd.concat(frames, ignore_index=True).drop_duplicates("event_id", keep="last").reset_index(drop=True)
    unclear = uncleared(out)
    if unclear:
        warnings.warn(f"{label}: {unclear} of {len(out)} Candidate event(s) have a code_status other than 'Clear' "
                      "(UCDP has not finished checking them); kept and counted as preliminary",
                      PreliminaryStatusWarning, stacklevel=2)
    return validate(out, contract, label)


def uncleared(events: pd.DataFrame) -> int:
    """How many preliminary events have a code_status other than 'Clear' (an empty status counts as not clear)."""
    prelim = events[events["preliminary"].astype(bool)]
    status = prelim["code_status"].astype("string").str.strip()
    return int((status.fillna("") != "Clear").sum())


def release_label(path: Path, default: str) -> str:
    """'UCDP GED 25.1' from ged251-csv.zip / GEDEvent_v25_1.csv; ``default`` otherwise."""
    m = re.search(r"ged(\d{2})(\d)", path.name, re.IGNORECASE) or re.search(r"GEDEvent_v(\d{2})_(\d+)", path.name)
    return f"UCDP GED {m.group(1)}.{m.group(2)}" if m else default


def _governorates(raw: pd.DataFrame, label: str) -> tuple[pd.Series, pd.Series]:
    """Canonical governorate and OCHA pcode of each row from adm_1; None where adm_1 is empty."""
    adm1 = raw["adm_1"].astype("string").str.strip()
    names = {s: geography.canonical_governorate(s) for s in adm1.dropna().unique()}
    known = {s: n for s, n in names.items() if n is not None}
    unknown = adm1.notna() & ~adm1.isin(list(known))
    rowchecks.fail(label, unknown, "an unknown governorate in adm_1",
          "a governorate spelling listed in data/reference/governorates.csv", raw, ["id", "adm_1"])
    governorate = adm1.map(known).astype(object).where(adm1.notna(), None)
    pcode = governorate.map(geography.pcode_of()).astype(object).where(governorate.notna(), None)
    return governorate, pcode


def _parse(raw: pd.DataFrame, label: str, source_label: str) -> pd.DataFrame:
    """Ids, dates, codes, counts and coordinates as numbers, each checked against the codebook."""
    ev = pd.DataFrame(index=raw.index)
    ev["source"] = source_label
    ev["event_id"] = to_number(raw, "id", label, integer=True)
    ev["date_start"] = to_date(raw, "date_start", label, fmt="ISO8601")
    ev["date_end"] = to_date(raw, "date_end", label, fmt="ISO8601")
    ev["date_precision"] = to_number(raw, "date_prec", label, integer=True)
    ev["where_precision"] = to_number(raw, "where_prec", label, integer=True)
    tov = to_number(raw, "type_of_violence", label, integer=True)
    rowchecks.known_codes(tov, "type_of_violence", list(TYPE_OF_VIOLENCE), label, raw)
    rowchecks.known_codes(ev["date_precision"], "date_prec", DATE_PRECISIONS, label, raw)
    rowchecks.known_codes(ev["where_precision"], "where_prec", WHERE_PRECISIONS, label, raw)
    ev["type_of_violence"] = tov.map(TYPE_OF_VIOLENCE).astype(str)
    for col in DEATH_COLUMNS:
        ev[col] = to_number(raw, col, label)
    ev["latitude"] = to_number(raw, "latitude", label, required=False)
    ev["longitude"] = to_number(raw, "longitude", label, required=False)

    return ev


def _check(ev: pd.DataFrame, raw: pd.DataFrame, label: str) -> pd.DataFrame:
    """The row checks that apply to GED; out-of-order estimates are kept, widened, flagged and counted."""
    rowchecks.possible_dates(ev["date_start"], "date_start", FIRST_POSSIBLE, label, raw, "UCDP's first year")
    rowchecks.possible_dates(ev["date_end"], "date_end", FIRST_POSSIBLE, label, raw, "UCDP's first year")
    rowchecks.ordered(ev, "date_start", "date_end", label, raw, ["id"])
    rowchecks.non_negative(ev, DEATH_COLUMNS, label, raw, ["id"], what="deaths")
    # UCDP's own files hold a few events with low > best or best > high (about 100 of the Syria release's
    # 16,566). best equals the sum of the deaths columns, so best is trusted and the band is widened to hold it.
    inconsistent = (ev["low"] > ev["best"]) | (ev["best"] > ev["high"])
    if inconsistent.any():
        lines = raw.index[inconsistent]
        warnings.warn(
            f"{label}: {int(inconsistent.sum())} event(s) with low > best or best > high (first at line {lines[0]}, "
            f"id {rowchecks.show(raw.at[lines[0], 'id'])[1:-1]}); kept, with the low and high estimates widened to include the best",
            EstimateOrderWarning, stacklevel=2)
    ev["estimate_inconsistent"] = inconsistent
    ev["low"] = ev[["low", "best"]].min(axis=1)
    ev["high"] = ev[["high", "best"]].max(axis=1)
    rowchecks.unique_rows(ev, ["event_id"], label, raw, "event id", show_columns=["id"])
    rowchecks.inside_box(ev["longitude"], ev["latitude"], geography.SYRIA_BBOX, "Syria", label, raw, ["id"])

    return ev


def read_ged(path: Path, source_label: str, preliminary: bool = False) -> pd.DataFrame:
    """Read a GED csv/csv.gz/zip into the canonical events table (Syria only); ``preliminary`` marks every event
    of a Candidate release (which keeps UCDP's ``code_status``)."""
    raw, label = read_csv_text(path, REQUIRED, member_pattern=r"(ged|GEDEvent).*\.csv$", optional=OPTIONAL)
    country = to_number(raw, "country_id", label, integer=True)
    raw = raw[country == SYRIA.gleditsch_ward]
    if raw.empty:
        raise DataError(f"{label}: no events with country_id {SYRIA.gleditsch_ward} (Syria); expected a UCDP GED file covering Syria")

    ev = _parse(raw, label, source_label)
    ev = _check(ev, raw, label)
    ev["governorate"], ev["pcode"] = _governorates(raw, label)
    ev["district"] = raw["adm_2"].astype(object).where(raw["adm_2"].notna(), None) if "adm_2" in raw else None
    ev["conflict"] = raw["conflict_name"] if "conflict_name" in raw else None
    ev["side_a"] = raw["side_a"].fillna("")
    ev["side_b"] = raw["side_b"].fillna("")
    ev["dyad"] = raw["dyad_name"].fillna("")
    ev["source_headline"] = raw["source_headline"] if "source_headline" in raw else None
    ev["code_status"] = raw["code_status"] if "code_status" in raw else None
    ev["preliminary"] = preliminary
    ev = ev.reset_index(drop=True)
    ev = ev[list(contract().columns)]
    return validate(ev, contract, label)


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
    label = release_label(found.path, f"UCDP GED {found.source.version.split(' ')[0]}") if name == "ucdp_ged_global" \
        else f"UCDP GED Syria {found.source.version.split(' ')[0]}"
    return cached_table(f"events-{name}", found.sha256, READER_VERSION, lambda: read_ged(found.path, label), use_cache)


def candidate_events(use_cache: bool = True) -> pd.DataFrame:
    """Every UCDP Candidate event in Syria from the monthly files found (SourceNotFound when there is none)."""
    found = catalog.resolve("ucdp_ged_candidate", download=False)  # SourceNotFound names where it looked
    files = catalog.find_all(catalog.source("ucdp_ged_candidate"))
    return cached_table("events-candidate", found.sha256, READER_VERSION,
                        lambda: read_candidates([f.path for f in files]), use_cache)


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


_COUNTS = "deaths in events of organised violence (UCDP low, best, high)"
_WHERE = "point, district, governorate"
DATASETS = (
    Dataset("ucdp_ged_syria", "UCDP GED Syria", "events", _COUNTS, "event", _WHERE, ("date_start", "date_end"), "day",
            lambda: events("ucdp_ged_syria")),
    Dataset("ucdp_ged_global", "UCDP GED", "events", _COUNTS, "event", _WHERE, ("date_start", "date_end"), "day",
            lambda: events("ucdp_ged_global")),
    Dataset("ucdp_ged_candidate", "UCDP Candidate", "events",
            "deaths in events of organised violence, preliminary (UCDP Candidate: monthly, may be revised)",
            "event", _WHERE, ("date_start", "date_end"), "day", candidate_events),
)
