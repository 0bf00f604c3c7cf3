"""Actors: every name a source uses for a party, classified from data/reference/actors.csv.

Matching is exact on the source's name. UCDP joins coalitions into one side name ("Ahrar al-Sham, HTS,
Southern Front"); such a name is classified when every part separated by ", " is. Text patterns for
headline mentions live apart, in data/reference/actor_mentions.csv: a mention is not an attribution.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from .errors import DataError
from .reference import read_reference

FOREIGN_GROUPS = ["Russia", "Iran", "Iran-backed militias", "Turkey", "US-led coalition", "Israel", "Jordan", "Iraq"]


@lru_cache(maxsize=1)
def reference_table() -> pd.DataFrame:
    table = read_reference("actors", ["name", "kind", "bloc", "group", "foreign", "canonical"])
    dupes = table[table["name"].duplicated()]
    if len(dupes):
        raise DataError(f"data/reference/actors.csv: actor names listed twice: {', '.join(dupes['name'])}")
    return table.set_index("name")


@lru_cache(maxsize=1)
def mention_patterns() -> list[tuple[str, re.Pattern]]:
    table = read_reference("actor_mentions", ["group", "pattern"])
    out = []
    for line, row in enumerate(table.itertuples(), start=2):
        try:
            # headlines are not consistent in case ("RUSSIA'S DEFENCE MINISTRY ..."), so patterns ignore it
            out.append((row.group, re.compile(row.pattern, re.IGNORECASE)))
        except re.error as exc:
            raise DataError(f"data/reference/actor_mentions.csv: line {line}: pattern {row.pattern!r} is not a regular "
                            f"expression ({exc})") from exc
    return out


@lru_cache(maxsize=4096)
def parts_of(name: str) -> tuple[str, ...] | None:
    """The reference rows a side name stands for: itself, or each part of a coalition; None if unknown."""
    ref = reference_table()
    if name in ref.index:
        return (name,)
    parts = tuple(p.strip() for p in name.split(", "))
    if len(parts) > 1 and all(p in ref.index for p in parts):
        return parts
    return None


def classify(name: str) -> dict:
    """{'groups': [...], 'blocs': [...], 'foreign': bool, 'kinds': [...]} for a side name; DataError if unknown."""
    parts = parts_of(name)
    if parts is None:
        raise DataError(f"actor {name!r} is not in data/reference/actors.csv; add it with its kind, bloc, group and source")
    rows = reference_table().loc[list(parts)]
    return {"groups": sorted(set(rows["group"])), "blocs": sorted(set(rows["bloc"])),
            "foreign": bool((rows["foreign"] == "yes").any()), "kinds": sorted(set(rows["kind"]))}


def foreign_groups_of(name: str) -> list[str]:
    parts = parts_of(name)
    if parts is None:
        return []
    rows = reference_table().loc[list(parts)]
    return sorted(set(rows.loc[rows["foreign"] == "yes", "group"]))


def unclassified(names) -> list[str]:
    return sorted({n for n in names if isinstance(n, str) and n and parts_of(n) is None})


def mentioned_groups(text: str) -> list[str]:
    if not isinstance(text, str):
        return []
    return sorted({group for group, pat in mention_patterns() if pat.search(text)})


def mentioned_groups_of_all(texts) -> dict[str, list[str]]:
    """``mentioned_groups`` for many texts at once: each pattern runs once over all of them in Arrow's regular
    expression engine (RE2), where a loop over headlines and patterns in Python took seconds on a whole release."""
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = [t for t in dict.fromkeys(texts) if isinstance(t, str)]
    arr = pa.array(texts, type=pa.string())
    hits: dict[str, set[str]] = {t: set() for t in texts}
    for group, pat in mention_patterns():
        try:
            found = pc.match_substring_regex(arr, pat.pattern, ignore_case=True).to_numpy(zero_copy_only=False)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # a pattern RE2 cannot run: Python's re does
            found = [bool(pat.search(t)) for t in texts]
        for text, hit in zip(texts, found):
            if hit:
                hits[text].add(group)
    return {t: sorted(g) for t, g in hits.items()}


def belligerent_group(name: str) -> str:
    ref = reference_table()
    if name in ref.index:
        return ref.at[name, "group"]
    raise DataError(f"Airwars belligerent {name!r} is not in data/reference/actors.csv")


_YEARS = re.compile(r"\s*\(\d{4}-(\d{4})?\)$")


def undated(name: str) -> str:
    """'Military Forces of Syria (2000-2024)' -> 'Military Forces of Syria': ACLED names state forces with the
    years of their government, which change when a government does."""
    return _YEARS.sub("", name.strip())


@lru_cache(maxsize=1)
def _groups_by_undated_name() -> dict[str, str]:
    ref = reference_table()
    return {undated(name): row["group"] for name, row in ref.iterrows()}


def acled_group(name: str) -> str | None:
    """The actor group of an ACLED actor name (exactly, or with its years set aside); None when not listed."""
    if not isinstance(name, str) or not name.strip():
        return None
    ref = reference_table()
    if name in ref.index:
        return ref.at[name, "group"]
    return _groups_by_undated_name().get(undated(name))
