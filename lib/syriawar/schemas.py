"""The canonical tables' contracts (pandera). Readers produce these; everything downstream relies on them.

pandera is imported when a table is first checked, that is when a reader builds it: a kernel that reads tables
from the cache never imports it (about 12 MB).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from .codebook import ESTIMATES, TYPE_OF_VIOLENCE  # noqa: F401  (readers take them from here)
from .errors import DataError

# Names that repeat across events (sources, places, sides, dyads, conflicts: a few hundred distinct values among
# hundreds of thousands of events) are categoricals: each name is stored once, and the table of 414,000 events
# holds 10 MB of them where it held 85 MB of repeated text.
NAME = "category"


@cache
def contracts() -> dict:
    """Each canonical table's pandera schema, by name ("EVENTS", "STRIKES", ...)."""
    import pandera.pandas as pa

    nonneg = pa.Check.ge(0)
    return {"EVENTS": _events(pa, nonneg), "STRIKES": _strikes(pa, nonneg), "MONTHLY": _monthly(pa, nonneg),
            "DOCUMENTED_DEATHS": _documented_deaths(pa, nonneg), "ACLED_EVENTS": _acled_events(pa, nonneg),
            "YEARLY": _yearly(pa, nonneg)}


def _events(pa, nonneg):
    return pa.DataFrameSchema(
        {
            "source": pa.Column(NAME),
            "event_id": pa.Column("Int64", unique=True),
            "date_start": pa.Column("datetime64[ns]"),
            "date_end": pa.Column("datetime64[ns]"),
            "date_precision": pa.Column("Int64", pa.Check.isin([1, 2, 3, 4, 5])),
            "governorate": pa.Column(NAME, nullable=True),
            "pcode": pa.Column(NAME, nullable=True),
            "district": pa.Column(NAME, nullable=True),
            "latitude": pa.Column(float, nullable=True),
            "longitude": pa.Column(float, nullable=True),
            "where_precision": pa.Column("Int64", pa.Check.isin([1, 2, 3, 4, 5, 6, 7])),
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


def _strikes(pa, nonneg):
    return pa.DataFrameSchema(
        {
            "source": pa.Column(str),
            "incident_id": pa.Column(str, unique=True),
            "incident_code": pa.Column(str),
            "date": pa.Column("datetime64[ns]"),
            "date_end": pa.Column("datetime64[ns]", nullable=True),
            "location": pa.Column(str, nullable=True),
            "region_ar": pa.Column(str, nullable=True),
            "governorate": pa.Column(str, nullable=True),
            "pcode": pa.Column(str, nullable=True),
            "belligerents": pa.Column(object),
            "strike_type": pa.Column(str, nullable=True),
            "civilians_killed_min": pa.Column(float, nonneg, nullable=True),
            "civilians_killed_max": pa.Column(float, nonneg, nullable=True),
            "injured_min": pa.Column(float, nonneg, nullable=True),
            "injured_max": pa.Column(float, nonneg, nullable=True),
            "latitude": pa.Column(float, nullable=True),
            "longitude": pa.Column(float, nullable=True),
            "source_count": pa.Column("Int64", nullable=True),
            "url": pa.Column(str, nullable=True),
        },
        strict=True,
        coerce=True,
    )


def _monthly(pa, nonneg):
    return pa.DataFrameSchema(
        {
            "source": pa.Column(str),
            "month": pa.Column("datetime64[ns]"),
            "measure": pa.Column(str, pa.Check.isin(["state-based", "one-sided", "all types"])),
            "deaths": pa.Column(float, nonneg),
        },
        unique=["source", "month", "measure"],
        strict=True,
        coerce=True,
    )


def _documented_deaths(pa, nonneg):
    return pa.DataFrameSchema(
        {
            "source": pa.Column(str),
            "date": pa.Column("datetime64[ns]"),
            "governorate": pa.Column(str),
            "pcode": pa.Column(str, pa.Check.str_matches(r"^SY\d{2}$")),
            "deaths": pa.Column("Int64", nonneg),
        },
        unique=["governorate", "date"],
        strict=True,
        coerce=True,
    )


def _acled_events(pa, nonneg):
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


def _yearly(pa, nonneg):
    return pa.DataFrameSchema(
        {
            "source": pa.Column(str),
            "year": pa.Column(int),
            "deaths": pa.Column(float, nonneg),
            "deaths_low": pa.Column(float, nonneg, nullable=True),
            "deaths_high": pa.Column(float, nonneg, nullable=True),
        },
        unique=["source", "year"],
        strict=True,
        coerce=True,
    )


def validate(frame: pd.DataFrame, contract: str, label: str) -> pd.DataFrame:
    """Validate against the contract named ``contract`` ("EVENTS", ...); a failure becomes one DataError naming
    the file and the failing check."""
    from pandera.errors import SchemaError, SchemaErrors

    try:
        out = contracts()[contract].validate(frame, lazy=False)
    except (SchemaError, SchemaErrors) as exc:
        raise DataError(f"{label}: the canonical table fails its contract: {str(exc).splitlines()[0]}") from exc
    return _text_categories(out)


def _text_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """Name columns that hold no name at all (UCDP's coding status outside a Candidate release) stay plain
    text, which the cache writes and reads back as it was (an empty categorical comes back with no kind)."""
    for col in frame.columns:
        dtype = frame[col].dtype
        if isinstance(dtype, pd.CategoricalDtype) and len(dtype.categories) == 0:
            frame[col] = frame[col].astype("str")
    return frame
