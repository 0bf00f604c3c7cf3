"""Who took which towns: ACLED's changes of control, read from a user's export, answer the offensive's third claim.

The export is written by the test in ACLED's layout, with places and dates of the rebel offensive from the public
record (Aleppo 30 Nov, Saraqib 1 Dec, Hama 5 Dec, Homs 8 Dec 2024); never ACLED's data, whose terms forbid sharing.
"""

from __future__ import annotations

import pytest

from acledfactory import RUSSIA, SYRIA, good_rows, row, write_acled
from syriawar import registry, territory
from syriawar.datasets.acled import read_acled
from syriawar.errors import DataError

HTS = "Hayat Tahrir al Sham"
TAKEN = "Non-state actor overtakes territory"


def _taken(i, date, place, location, actor1=HTS, actor2=SYRIA, sub=TAKEN, assoc1=""):
    r = row(i, date, "Battles", sub, actor1, actor2, assoc1=assoc1, place=place)
    r["location"] = location
    return r


def offensive_rows() -> list[dict]:
    return good_rows() + [
        _taken(101, "30 November 2024", "Aleppo", "Aleppo"),
        _taken(102, "01 December 2024", "Idleb", "Saraqib", assoc1="National Front for Liberation"),
        _taken(103, "05 December 2024", "Aleppo", "Hama"),  # placed in the factory's Aleppo box: the test is about names
        _taken(104, "08 December 2024", "Dara", "Homs"),
        _taken(105, "15 March 2020", "Idleb", "Saraqib", actor1=SYRIA, actor2=HTS, sub="Government regains territory",
               assoc1=RUSSIA),
    ]


@pytest.fixture()
def with_offensive(tmp_path, monkeypatch):
    monkeypatch.setenv("SYRIAWAR_ROOT", str(tmp_path))
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "data").mkdir()
    import shutil
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    shutil.copy(root / "data" / "sources.toml", tmp_path / "data" / "sources.toml")
    shutil.copytree(root / "data" / "reference", tmp_path / "data" / "reference")
    write_acled(tmp_path / "data" / "raw" / "acled_syria" / "acled_syria_offensive.csv", offensive_rows())
    registry.forget()
    yield tmp_path
    registry.forget()


def test_changes_of_control_say_who_took_which_place_and_when(tmp_path):
    ev = read_acled([write_acled(tmp_path / "acled_syria_x.csv", offensive_rows())], "ACLED (test)")
    t = territory.changes(ev)
    assert list(t["place"]) == ["Saraqib", "Aleppo", "Saraqib", "Hama", "Homs"]
    assert t.iloc[0]["kind"] == "regained by the government" and t.iloc[0]["alongside"] == RUSSIA
    window = territory.in_window(t, "2024-11-27", "2024-12-08")
    places = territory.by_place(window)
    assert list(places["place"]) == ["Aleppo", "Saraqib", "Hama", "Homs"] and set(places["held_by"]) == {HTS}
    assert territory.by_bloc(window).to_dict() == {HTS: 4}


def test_the_briefs_claims_table_names_the_towns_taken_and_their_dates(with_offensive):
    from syriawar.figures import brief, claims
    sel = brief.select()
    said = claims.claims(sel).set_index("claim").loc["Control of towns"]
    assert said["source"] == "ACLED"
    text = said["what it says for the window"]
    assert text.startswith("4 places changed hands: Aleppo (Aleppo) 30 Nov 2024, taken by Hayat Tahrir al Sham")
    assert "Hama" in text and "5 Dec 2024" in text and "Homs" in text and "8 Dec 2024" in text
    changes = brief.territory_changes(sel)
    assert list(brief.territory_table(changes)["place"]) == ["Aleppo", "Saraqib", "Hama", "Homs"]
    fig = brief.territory_figure(sel, changes)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Aleppo", "Saraqib", "Hama", "Homs"]
    from syriawar import style
    assert style.words(fig)["title"] == "4 places changed hands, the first Aleppo on 30 Nov 2024"


def test_the_militia_row_counts_each_event_once_and_names_its_first_date(with_offensive):
    from syriawar.figures import brief, claims
    t = claims.claims(brief.select())
    row_ = t[(t["claim"] == "Presence and actions of Iran-backed militias") & (t["source"] == "ACLED")].iloc[0]
    # events 1 (Hezbollah alongside), 4 (Kataib Hezbollah as actor), 5 (Fatemiyoun and Zainabiyoun alongside: one
    # event, not two) and 8 (Hezbollah as actor)
    assert row_["what it says for the window"] == ("4 events name it (2 as an actor, 2 as an associated actor); "
                                                  "the first on 27 Nov 2024")


def test_without_acled_the_claims_table_says_by_name_why_no_source_can_answer():
    from syriawar.figures import brief, claims
    if registry.available("acled_syria"):
        pytest.skip("an ACLED export is in hand on this machine")
    said = claims.claims(brief.select()).set_index("claim").loc["Control of towns"]
    assert said["what it says for the window"].startswith("cannot: only ACLED records changes of control")
    assert brief.territory_changes(brief.select()) is None


def test_a_change_of_territory_without_a_location_is_refused_naming_line_and_column(tmp_path):
    rows = offensive_rows()
    rows[-2]["location"] = ""
    path = write_acled(tmp_path / "acled_syria_x.csv", rows)
    with pytest.raises(DataError, match=r"a change of territory without a location, first at line \d+ .*location="):
        read_acled([path], "ACLED (test)")


def test_an_unknown_sub_event_type_is_refused_naming_line_and_column(tmp_path):
    rows = offensive_rows()
    rows[0]["sub_event_type"] = "Town captured"
    path = write_acled(tmp_path / "acled_syria_x.csv", rows)
    with pytest.raises(DataError, match=r"an unknown sub_event_type, first at line 2 .*sub_event_type=.?Town captured"):
        read_acled([path], "ACLED (test)")


def test_an_update_beside_an_export_replaces_the_events_it_changed_by_acleds_timestamp(tmp_path):
    first = offensive_rows()
    later = [dict(first[30], fatalities="40", timestamp="1733900000")]  # the taking of Aleppo, revised later
    # the update's file name sorts first: the timestamp, not the file order, decides
    paths = [write_acled(tmp_path / "acled_syria_b_export.csv", first), write_acled(tmp_path / "acled_syria_a_update.csv", later)]
    ev = read_acled(paths, "ACLED (test)").set_index("event_id")
    assert ev.loc[first[30]["event_id_cnty"], "fatalities"] == 40 and len(ev) == len(first)


def test_population_best_is_kept_when_the_export_has_it(tmp_path):
    from acledfactory import COLUMNS
    rows = [dict(r, population_best="12500") for r in offensive_rows()]
    ev = read_acled([write_acled(tmp_path / "acled_syria_x.csv", rows, COLUMNS + ["population_best"])], "ACLED (test)")
    assert (ev["population_best"] == 12500).all()
    older = read_acled([write_acled(tmp_path / "acled_syria_y.csv", offensive_rows())], "ACLED (test)")
    assert older["population_best"].isna().all()
