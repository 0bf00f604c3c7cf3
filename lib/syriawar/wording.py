"""Numbers, dates and lists as a newspaper writes them, in one place: "12,345", "1 Dec 2024", "Jan 2016",
"1-7 Jun 2016", "Idleb and Aleppo". Every sentence, label and key figure of a report words its values here."""

from __future__ import annotations

import pandas as pd

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(when) -> str:
    """'1 Dec 2024'."""
    return f"{pd.Timestamp(when):%-d %b %Y}"


def month(when) -> str:
    """'Jun 2016'."""
    return f"{pd.Timestamp(when):%b %Y}"


def span(first, last) -> str:
    """A span of days in words, as short as it can be said: '1-7 Jun 2016', '27 Nov - 8 Dec 2024',
    'Jan 2016 - Nov 2019' for whole months, '2011-2024' for whole years, '3 Jun 2016' for one day."""
    a, b = pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize()
    if a == b:
        return day(a)
    whole_years = a == pd.Timestamp(year=a.year, month=1, day=1) and b == pd.Timestamp(year=b.year, month=12, day=31)
    if whole_years:
        return f"{a.year}" if a.year == b.year else f"{a.year}-{b.year}"
    whole_months = a.day == 1 and (b + pd.Timedelta(days=1)).day == 1
    if whole_months:
        if (a.year, a.month) == (b.year, b.month):
            return month(a)
        return f"{a:%b} - {month(b)}" if a.year == b.year else f"{month(a)} - {month(b)}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}-{day(b)}"
    if a.year == b.year:
        return f"{a:%-d %b} - {day(b)}"
    return f"{day(a)} - {day(b)}"


def month_span(first, last) -> str:
    """A span to the month, as a chart's subtitle gives it: 'Jan 2016-Nov 2019', 'Jun 2016', '2016-2019' when both
    ends are whole years; a window of days shorter than two months in days ('27 Nov - 8 Dec 2024')."""
    a, b = pd.Timestamp(first), pd.Timestamp(last)
    if b - a < pd.Timedelta(days=62) and not (a.day == 1 and (b + pd.Timedelta(days=1)).day == 1):
        return span(a, b)  # a window of days is drawn by day or week: its subtitle names the days
    if (a.month, a.day) == (1, 1) and (b.month, b.day) == (12, 31):
        return f"{a.year}" if a.year == b.year else f"{a.year}-{b.year}"
    return f"{month(a)}-{month(b)}" if (a.year, a.month) != (b.year, b.month) else month(a)


def number(value, missing: str = "not assessed") -> str:
    """'12,345' (whole numbers; a spread share of a death rounds to the nearest whole one)."""
    return missing if pd.isna(value) else f"{value:,.0f}"


def estimate_range(best, low, high) -> str:
    """'4,763 (between 4,326 and 4,880)'."""
    return f"{number(best)} (between {number(low)} and {number(high)})"


def names(items) -> str:
    """'Idleb', 'Idleb and Aleppo', 'Idleb, Aleppo and Hama'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def share(part, whole) -> str:
    """'22%' (or 'n/a' without a whole)."""
    return f"{part / whole:.0%}" if whole else "n/a"


def count(n, noun: str, plural: str | None = None) -> str:
    """'1 incident', '2 incidents', '1,234 events'."""
    n = int(n)
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


def year_list(years) -> str:
    """Years as runs: [2016, 2018, 2019, 2021, 2022, 2023] reads '2016, 2018-2019, 2021-2023'."""
    ys = sorted({int(y) for y in years})
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def year_span(first, last) -> str:
    """'2018' for one year, '2015-2023' for several (never '2018-2018')."""
    a, b = int(first), int(last)
    return str(a) if a == b else f"{a}-{b}"
