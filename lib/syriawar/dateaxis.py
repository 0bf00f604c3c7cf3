"""Date axes as a newspaper labels them: ticks on whole years ("2016"), months ("Mar 2016") or days ("3 Mar 2016"),
never rotated, counted with numpy's calendar (a locator runs at every layout pass and draw)."""

from __future__ import annotations

from functools import lru_cache

import matplotlib.ticker

from .wording import MONTHS


class YearTicks(matplotlib.ticker.Locator):
    """Ticks on 1 January of every year that is a multiple of ``base``, where matplotlib's YearLocator shows them,
    counted with numpy's calendar instead of dateutil's rrule (which took a sixth of a timeline's drawing: a
    locator runs at every layout pass and every draw). A window holding fewer than two such years is ticked every
    year; one holding fewer than two new years, on the first of every 1, 2, 3, 6 or 12 months, at most eight ticks
    (YearLocator gave those one tick, or none); one of fewer than two months, by day (AutoDateLocator)."""

    def __init__(self, base: int = 1):
        self.base = base

    def __call__(self):
        return self.tick_values(*self.axis.get_view_interval())

    def tick_values(self, vmin, vmax):
        """Ticks for the view from ``vmin`` to ``vmax`` (matplotlib date numbers)."""
        import matplotlib.dates as mdates
        import numpy as np

        lo, hi = sorted((float(vmin), float(vmax)))

        def enough(ticks) -> bool:
            return ((ticks >= lo) & (ticks <= hi)).sum() >= 2

        first, last = (np.datetime64(mdates.num2date(v).replace(tzinfo=None), "M") for v in (lo, hi))
        years = np.arange(first.astype("datetime64[Y]"), last.astype("datetime64[Y]") + 2)
        starts = mdates.date2num(years.astype("datetime64[D]"))
        for every in (self.base, 1):
            ticks = starts[years.astype(int) % every == 0]
            if enough(ticks):
                return ticks
        months = np.arange(first, last + 2)
        step = next(n for n in (1, 2, 3, 6, 12) if len(months) / n <= 8)
        ticks = mdates.date2num(months[months.astype(int) % step == 0].astype("datetime64[D]"))
        if enough(ticks):
            return ticks
        return mdates.AutoDateLocator(minticks=2, maxticks=8).tick_values(*mdates.num2date([lo, hi]))  # days




class YearLabels(matplotlib.ticker.Formatter):
    """Labels for YearTicks: "2016" when every tick is a new year, "Mar 2016" when each is a month's first, else
    "3 Mar 2016" (and a single date so). Counted with numpy's calendar, and remembered: an axis asks for the same
    labels at every layout pass and draw (with a datetime and strftime per label, 0.5 s of the default reports)."""

    def __call__(self, x, pos=None):
        return _date_labels((float(x),), whole=False)[0]

    def format_ticks(self, values):
        return list(_date_labels(tuple(float(v) for v in values)))


@lru_cache(maxsize=1024)
def _date_labels(values: tuple, whole: bool = True) -> tuple:
    """Labels of matplotlib date numbers ``values``; ``whole``: as short as every one of them allows."""
    import matplotlib.dates as mdates
    import numpy as np

    seconds = np.round(np.asarray(values, dtype=float) * 86400).astype("timedelta64[s]")
    dates = np.datetime64(mdates.get_epoch(), "s") + seconds
    years = dates.astype("datetime64[Y]").astype(int) + 1970
    months = dates.astype("datetime64[M]").astype(int) % 12
    days = (dates.astype("datetime64[D]") - dates.astype("datetime64[M]")).astype(int) + 1
    if whole and (days == 1).all():
        if (months == 0).all():
            return tuple(str(y) for y in years)
        return tuple(f"{MONTHS[m]} {y}" for m, y in zip(months, years))
    return tuple(f"{d} {MONTHS[m]} {y}" for d, m, y in zip(days, months, years))
