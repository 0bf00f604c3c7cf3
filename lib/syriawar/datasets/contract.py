"""What every dataset's pandera contract shares: pandera imported late, one DataError on failure, and the
country-month shape ViEWS and PaCE both produce (they are concatenated into one monthly series).

pandera is imported when a table is first checked, that is when a reader builds it: a kernel that reads tables
from the cache never imports it (about 12 MB).
"""

from __future__ import annotations

from functools import cache
from typing import Callable

import pandas as pd

from ..errors import DataError

# Names that repeat across events (sources, places, sides, dyads, conflicts: a few hundred distinct values among
# hundreds of thousands of events) are categoricals: each name is stored once, and the table of 414,000 events
# holds 10 MB of them where it held 85 MB of repeated text.
NAME = "category"


def pandera():
    """The pandera module (pandas flavour), imported on first use."""
    import pandera.pandas as pa

    return pa


def non_negative():
    return pandera().Check.ge(0)


@cache
def country_month():
    """The country-month series: one row per dataset, month and measure (ViEWS and PaCE); ``dataset`` is the
    dataset's id (the key code selects rows by), ``source`` its label for display."""
    pa = pandera()
    return pa.DataFrameSchema(
        {
            "dataset": pa.Column(str),
            "source": pa.Column(str),
            "month": pa.Column("datetime64[ns]"),
            "measure": pa.Column(str, pa.Check.isin(["state-based", "one-sided", "all types"])),
            "deaths": pa.Column(float, non_negative()),
        },
        unique=["dataset", "month", "measure"],
        strict=True,
        coerce=True,
    )


def validate(frame: pd.DataFrame, contract: Callable[[], object], label: str) -> pd.DataFrame:
    """Validate against ``contract()`` (a dataset module's schema); a failure becomes one DataError naming the
    file and the failing check."""
    from pandera.errors import SchemaError, SchemaErrors

    try:
        out = contract().validate(frame, lazy=False)
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
