"""Every place string that stands for a governorate in the mirror files maps to a governorate, several, or outside Syria."""

from __future__ import annotations

import numpy as np
import pandas as pd

from syriawar import boundaries, geography


def _unmapped(strings) -> list[str]:
    return sorted(s for s in strings if geography.match_place(s) is None)


def test_every_ucdp_adm1_spelling_maps(mirror):
    ged = pd.read_csv(mirror / "ucdp-ged-syria-2016-2019" / "ged_syria_2016_2019.csv.gz", usecols=["adm_1"])
    assert _unmapped(ged["adm_1"].dropna().unique()) == []


def test_every_airwars_region_maps(mirror):
    aw = pd.read_csv(mirror / "airwars-syria-incidents" / "airwars_syria_incidents_summary.csv", usecols=["region_ar"])
    assert _unmapped(aw["region_ar"].dropna().unique()) == []


def test_every_ocha_name_english_and_arabic_maps():
    for shape in boundaries.governorates().to_dict(orient="records"):
        assert geography.canonical_governorate(shape["governorate"]) == shape["governorate"]
        assert geography.canonical_governorate(shape["name_ar"]) == shape["governorate"]


def test_there_are_14_governorates_with_ocha_pcodes():
    assert geography.pcode_of()["Idleb"] == "SY07"
    assert len(geography.governorate_names()) == 14


def test_spellings_are_matched_without_regard_to_case_or_suffix():
    assert geography.canonical_governorate("idlib governorate") == "Idleb"
    assert geography.canonical_governorate(" Deir ez Zor Governorate ") == "Deir-ez-Zor"


def test_towns_and_places_abroad_map_as_the_reference_says():
    assert geography.match_place("معرة النعمان").governorates == ("Idleb",)
    assert geography.match_place("هاتاي").kind == "outside"
    assert geography.match_place("محافظتا حماة وإدلب").governorates == ("Hama", "Idleb")


def test_points_are_located_in_their_governorate():
    # Idlib city, Aleppo citadel, Damascus old city, a point in Turkey (Gaziantep), no coordinates
    lon = np.array([36.633, 37.163, 36.306, 37.38, np.nan])
    lat = np.array([35.930, 36.199, 33.511, 37.06, np.nan])
    assert list(boundaries.locate_points(lon, lat)) == ["Idleb", "Aleppo", "Damascus", geography.OUTSIDE_SYRIA, None]


def test_airwars_incidents_naming_two_governorates_are_settled_by_coordinates(strikes):
    two = strikes[strikes.region_ar == "محافظتا حماة وإدلب"]
    assert len(two) == 1 and two.iloc[0]["governorate"] in ("Hama", "Idleb")


def test_reference_rows_each_name_a_source():
    ref = geography.reference_table()
    assert ref["source"].str.len().min() > 10


def _matplotlib_locate(lon, lat) -> list:
    """The point-in-polygon the workbook used before geopandas (outer rings of the GeoJSON, first hit wins)."""
    import json

    from matplotlib.path import Path as MplPath

    from syriawar import catalog

    data = json.loads(catalog.resolve("ocha_admin1").path.read_text(encoding="utf-8"))
    out = np.full(len(lon), geography.OUTSIDE_SYRIA, dtype=object)
    found = np.zeros(len(lon), dtype=bool)
    for feat in data["features"]:
        geom = feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for poly in polys:
            inside = MplPath(np.asarray(poly[0], dtype=float)).contains_points(np.column_stack([lon, lat])) & ~found
            out[inside] = feat["properties"]["adm1_name"]
            found |= inside
    return list(out)


def test_geopandas_locates_every_incident_and_event_where_the_old_code_did(strikes, events):
    for frame in (strikes, events):
        xy = frame[frame["latitude"].notna() & frame["longitude"].notna()]
        lon, lat = xy["longitude"].to_numpy(), xy["latitude"].to_numpy()
        assert list(boundaries.locate_points(lon, lat)) == _matplotlib_locate(lon, lat)


def test_districts_are_the_62_of_ocha_each_in_its_governorate():
    d = boundaries.districts()
    assert len(d) == 62 and set(d["governorate"]) == set(geography.governorate_names())
    assert (d["district_pcode"].str[:4] == d["pcode"]).all()


def _vertices(layer) -> int:
    return int(layer.geometry.count_coordinates().sum())


def test_outlines_are_drawn_as_fine_as_the_map_shows_them():
    from syriawar import maps

    exact = _vertices(boundaries.districts())
    country = _vertices(boundaries.drawn("districts"))
    views = {}
    for gov in ("Aleppo", "Damascus"):
        (x0, x1), (y0, y1) = maps.zoom_limits(gov)
        views[gov] = boundaries.drawn("districts", view=(x0, y0, x1, y1))
    assert country < exact / 5
    # a small governorate zoomed in keeps more of its own outline than a large one, whose map shows less detail
    damascus = views["Damascus"]
    aleppo = views["Aleppo"]
    own = lambda layer, gov: _vertices(layer[layer["governorate"] == gov])  # noqa: E731
    exact_own = lambda gov: _vertices(boundaries.districts().query("governorate == @gov"))  # noqa: E731
    assert own(damascus, "Damascus") / exact_own("Damascus") > own(aleppo, "Aleppo") / exact_own("Aleppo")


def test_a_map_is_drawn_once_when_saved_not_after_each_layer(monkeypatch):
    import matplotlib.pyplot as plt
    from matplotlib.backend_bases import FigureCanvasBase

    from syriawar import maps

    redraws = []
    monkeypatch.setattr(FigureCanvasBase, "draw_idle", lambda self, *a, **k: redraws.append(1))
    fig = maps.district_choropleth("Aleppo", pd.Series({"Afrin": 10.0, "Menbij": 3.0}), "Deaths by district")
    plt.close(fig)
    assert redraws == []  # geopandas asks the canvas for a full redraw after each layer; none reaches it
