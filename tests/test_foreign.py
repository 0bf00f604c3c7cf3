"""Foreign involvement: classification of every actor string and the measures against independent counts."""

from __future__ import annotations

import pandas as pd
import pytest

from syriawar import actors, foreign, parameters
from syriawar.datasets import ucdp_yearly
from syriawar.errors import DataError, ParameterError


def _split_all(frame, cols):
    names = set()
    for c in cols:
        for v in frame[c].dropna():
            names |= {p.strip() for p in str(v).split(",") if p.strip()}
    return names


def test_every_ged_side_name_is_classified(events):
    assert actors.unclassified(set(events.side_a) | set(events.side_b)) == []


def test_every_acd_and_brd_party_is_classified():
    cols = ["side_a", "side_b", "side_a_2nd", "side_b_2nd"]
    names = _split_all(ucdp_yearly.conflict_years(), cols) | _split_all(ucdp_yearly.dyad_years(), cols)
    assert actors.unclassified(names) == []


def test_every_airwars_belligerent_is_classified(strikes):
    assert actors.unclassified({b for bs in strikes.belligerents for b in bs}) == []


def test_coalitions_are_classified_part_by_part():
    c = actors.classify("Ahrar al-Sham, HTS, Southern Front")
    assert c["blocs"] == ["opposition"] and not c["foreign"]


def test_hezbollah_is_an_iran_backed_foreign_militia():
    row = actors.reference_table().loc["Hezbollah"]
    assert (row["kind"], row["patrons"], row["group"], row["foreign"]) == ("foreign-backed militia", "Iran", "Iran-backed militias", "yes")


def test_an_unknown_actor_is_named_in_the_error():
    with pytest.raises(DataError, match="'Martian Legion' is not in data/reference/actors.csv"):
        actors.classify("Martian Legion")


def test_every_actor_row_names_a_source():
    assert actors.reference_table()["source"].str.len().min() > 10


def test_headline_mentions_are_text_patterns():
    assert actors.mentioned_groups("Russian warplanes and Hezbollah fighters near Aleppo") == ["Iran-backed militias", "Russia"]
    assert actors.mentioned_groups("Syrian National Coalition condemns shelling") == []


def test_acd_names_russia_and_iran_as_secondary_parties_from_2015():
    part = foreign.participation(ucdp_yearly.conflict_years(), ucdp_yearly.dyad_years())
    acd = part[(part.dataset == "UCDP ACD") & (part.role == "secondary")]
    assert acd[acd.state == "Russia"]["year"].min() == 2015
    assert acd[acd.state == "Iran"]["year"].min() == 2015
    assert acd[acd.state == "Turkey"]["year"].min() == 2020


def test_brd_foreign_dyads_carry_their_battle_locations():
    d = foreign.foreign_dyad_deaths(ucdp_yearly.dyad_years())
    iraq_is = d[(d.dyad_id == 524) & (d.year == 2014)].iloc[0]
    assert iraq_is["bd_best"] == 13797 and iraq_is["battle_location"] == "Iraq, Syria" and not iraq_is["syria_only"]


def test_airwars_russian_incidents_by_year_match_the_file(strikes):
    t = foreign.strikes_by_belligerent(strikes, "Y").set_index(["period", "group"])
    assert t.loc[(pd.Timestamp("2016-01-01"), "Russia"), "incidents"] == 1475
    assert t.loc[(pd.Timestamp("2024-01-01"), "Russia"), "incidents"] == 82


def test_incidents_naming_several_belligerents_count_once_in_the_total(strikes):
    t = foreign.strikes_by_belligerent(strikes, "Y")
    y = t[t.period == pd.Timestamp("2016-01-01")].set_index("group")
    assert y.loc["all incidents", "incidents"] == (strikes.date.dt.year == 2016).sum()
    assert y.drop("all incidents")["incidents"].sum() >= y.loc["all incidents", "incidents"]
    assert y.loc["all incidents", "killed_min"] == 7362


def test_coded_and_mentioned_counts_are_separate(events):
    tagged = foreign.tag_events(events)
    from syriawar.coverage import span

    cov = span(events, "date_start", "date_end", "day")
    coded = foreign.coded_foreign_events(tagged, "Y", "best", "2016-01-01", "2019-11-30", cov)
    turkey = coded[coded.group == "Turkey"]["events"].sum()
    assert turkey == ((events.side_a == "Government of Turkey") | (events.side_b == "Government of Turkey")).sum() == 137
    mentioned = foreign.headline_mentions(tagged, "Y", "best", "2016-01-01", "2019-11-30", cov)
    russia = mentioned[mentioned.group == "Russia"]["events"].sum()
    # headlines are matched whatever their case: "RUSSIA'S DEFENCE MINISTRY ..." counts
    assert russia == events.source_headline.fillna("").str.contains(r"\bRussia(?:n|ns)?\b", case=False).sum() == 781


def test_unknown_actor_parameter_lists_the_valid_ones():
    with pytest.raises(ParameterError, match="'Narnia' is not a foreign actor group; valid: Russia, Iran"):
        parameters.check("actors", ["Narnia"])


def test_a_brd_dyad_is_named_as_a_reader_says_it():
    from syriawar.figures.foreign import dyad_words
    assert dyad_words("Government of Syria - Syrian insurgents") == "Syria's government v. Syrian insurgents"
    assert dyad_words("Government of Russia (Soviet Union) - Forces of the Caucasus Emirate") == \
        "Russia's government v. Forces of the Caucasus Emirate"


def test_years_with_gaps_read_as_runs():
    from syriawar.wording import year_list
    assert year_list([2023, 2016, 2018, 2019, 2021, 2022]) == "2016, 2018-2019, 2021-2023"
    assert year_list([2015]) == "2015"


def test_a_single_year_reads_as_one_year_not_a_span():
    from syriawar.wording import year_span
    assert year_span(2018, 2018) == "2018"
    assert year_span(2015, 2023) == "2015-2023"
