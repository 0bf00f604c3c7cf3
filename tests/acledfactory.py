"""Small ACLED-format files for tests: a few dozen events in ACLED's column layout (an Explorer export), with
Iran-backed militias as actors and associated actors, Russian and Syrian air strikes, and Turkish drone strikes."""

from __future__ import annotations

import csv
from pathlib import Path

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
           "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
           "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
           "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]

RUSSIA = "Military Forces of Russia (2000-)"
SYRIA = "Military Forces of Syria (2000-2024)"
TURKEY = "Military Forces of Turkey (2002-)"
PLACES = {"Idleb": ("Idleb", "Idleb", 35.93, 36.63), "Aleppo": ("Aleppo", "Jebel Saman", 36.20, 37.16),
          "Deir ez Zor": ("Deir ez Zor", "Al Mayadin", 35.02, 40.45), "Dara": ("Dara", "Dara", 32.62, 36.10),
          "Al Hasakeh": ("Al Hasakeh", "Ras Al Ain", 36.85, 40.07)}


def row(i: int, date: str, event_type: str, sub: str, actor1: str, actor2: str = "", assoc1: str = "", assoc2: str = "",
        place: str = "Idleb", fatalities: str = "0", civilians: str = "") -> dict:
    admin1, admin2, lat, lon = PLACES[place]
    return {"event_id_cnty": f"SYR{i:05d}", "event_date": date, "year": date[-4:] if " " in date else date[:4],
            "time_precision": "1", "disorder_type": "Political violence", "event_type": event_type, "sub_event_type": sub,
            "actor1": actor1, "assoc_actor_1": assoc1, "inter1": "1", "actor2": actor2, "assoc_actor_2": assoc2,
            "inter2": "2", "interaction": "12", "civilian_targeting": civilians, "iso": "760", "region": "Middle East",
            "country": "Syria", "admin1": admin1, "admin2": admin2, "admin3": "", "location": admin2,
            "latitude": str(lat), "longitude": str(lon), "geo_precision": "1", "source": "SOHR", "source_scale": "National",
            "notes": f"Event {i}", "fatalities": fatalities, "tags": "", "timestamp": "1733700000"}


def good_rows() -> list[dict]:
    rows = [
        row(1, "27 November 2024", "Battles", "Armed clash", SYRIA, "Hayat Tahrir al Sham", assoc1="Hezbollah", fatalities="12"),
        row(2, "28 November 2024", "Explosions/Remote violence", "Air/drone strike", RUSSIA, "Civilians (Syria)",
            fatalities="9", civilians="Civilian targeting"),
        row(3, "29 November 2024", "Explosions/Remote violence", "Air/drone strike", SYRIA, "Hayat Tahrir al Sham", fatalities="4"),
        row(4, "30 November 2024", "Battles", "Armed clash", "Kataib Hezbollah", "Hayat Tahrir al Sham", place="Aleppo", fatalities="7"),
        row(5, "01 December 2024", "Battles", "Armed clash", SYRIA, "Hayat Tahrir al Sham",
            assoc1="Fatemiyoun Brigade; Zainabiyoun Brigade", place="Aleppo", fatalities="15"),
        row(6, "02 December 2024", "Explosions/Remote violence", "Air/drone strike", TURKEY, "SDF: Syrian Democratic Forces",
            place="Al Hasakeh", fatalities="3"),
        row(7, "03 December 2024", "Explosions/Remote violence", "Shelling/artillery/missile attack", SYRIA, "Civilians (Syria)",
            place="Dara", fatalities="2", civilians="Civilian targeting"),
        row(8, "05 December 2024", "Battles", "Armed clash", "Hezbollah", "Hayat Tahrir al Sham", place="Deir ez Zor", fatalities="5"),
        row(9, "2017-03-04", "Explosions/Remote violence", "Air/drone strike", RUSSIA, "Hayat Tahrir al Sham", fatalities="20"),
        row(10, "2019-06-10", "Violence against civilians", "Attack", "Islamic State (Syria)", "Civilians (Syria)",
            place="Deir ez Zor", fatalities="6", civilians="Civilian targeting"),
    ]
    for i in range(11, 31):  # a steady background of Syrian strikes, so months are covered
        rows.append(row(i, f"2018-{(i % 12) + 1:02d}-15", "Explosions/Remote violence", "Air/drone strike", SYRIA,
                        "Hayat Tahrir al Sham", fatalities=str(i % 5)))
    return rows


def write_acled(path: Path, rows: list[dict] | None = None, columns: list[str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns or COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(good_rows() if rows is None else rows)
    return path
