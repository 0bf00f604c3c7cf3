"""Small GED-format files for bad-input tests: a valid base the test then breaks in one way."""

from __future__ import annotations

import csv
from pathlib import Path

COLUMNS = [
    "id", "year", "active_year", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b",
    "source_headline", "where_prec", "adm_1", "adm_2", "latitude", "longitude", "country", "country_id",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "low", "best", "high",
]


def good_rows() -> list[dict]:
    base = dict(year="2016", active_year="1", type_of_violence="1", conflict_name="Syria: Government",
                dyad_name="Government of Syria - Syrian insurgents", side_a="Government of Syria",
                side_b="Syrian insurgents", source_headline="Clashes near the town", where_prec="1",
                adm_1="Idlib Governorate", adm_2="Ariha district", latitude="35.81", longitude="36.61",
                country="Syria", country_id="652", event_clarity="1", date_prec="1", date_start="2016-03-01",
                date_end="2016-03-01", deaths_a="1", deaths_b="2", deaths_civilians="0", deaths_unknown="0",
                low="3", best="3", high="4")
    rows = []
    for i in range(3):
        row = dict(base, id=str(1000 + i))
        rows.append(row)
    rows[1].update(adm_1="Aleppo Governorate", latitude="36.2", longitude="37.15", date_start="2016-04-02",
                   date_end="2016-04-03")
    rows[2].update(adm_1="", where_prec="6", latitude="35.0", longitude="38.5", type_of_violence="3",
                   deaths_a="0", deaths_b="0", deaths_civilians="5", low="5", best="5", high="5")
    return rows


def write_ged(path: Path, rows: list[dict] | None = None, columns: list[str] | None = None,
              delimiter: str = ",", encoding: str = "utf-8") -> Path:
    rows = good_rows() if rows is None else rows
    columns = columns or COLUMNS
    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.DictWriter(fh, fieldnames=columns, delimiter=delimiter, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path
