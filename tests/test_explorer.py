"""The explore notebook's engine: filtering the in-memory cube matches the measures; a view becomes a report."""

from __future__ import annotations

import pandas as pd
import pytest

from syriawar import measures, registry
from syriawar.errors import ParameterError
from syriawar.explorer import Explorer, View, report_for_view


@pytest.fixture(scope="module")
def explorer(events):
    return Explorer(events)


def test_the_cube_holds_every_death(explorer, events):
    assert explorer.cube["best"].sum() == pytest.approx(events["best"].sum())


def test_a_governorate_view_matches_the_measures(explorer, events):
    view = View(governorates=["Idleb"], estimate="high")
    series = explorer.compute(view)["series"]
    expected = measures.fatalities(events[events.governorate == "Idleb"], "M", start="2016-01-01", end="2019-11-30",
                                   coverage=registry.span(events, "date_start", "date_end", "day")).table
    expected = measures.mask_partial(expected, ["high"]).set_index("period")["high"]
    pd.testing.assert_series_equal(series["high"], expected, check_names=False, check_freq=False)


def test_a_foreign_party_view_keeps_only_events_with_that_party(explorer, events):
    table = explorer.compute(View(actors=["Turkey"]))["table"]
    assert table["dyad"].str.contains("Turkey").all()


def test_months_outside_coverage_are_gaps_in_the_view(explorer):
    series = explorer.compute(View(start="2015-06-01", end="2016-03-31"))["series"]
    assert series.loc["2015-12-01", "best"] != series.loc["2015-12-01", "best"]
    assert series.loc["2016-02-01", "best"] > 0


def test_every_update_returns_three_pngs_and_a_table(explorer):
    out = explorer.update(View(types=["one-sided"]))
    assert all(out[k].startswith(b"\x89PNG") for k in ("timeline", "heatmap", "map"))
    assert len(out["table"]) == 10


def test_a_bad_view_is_refused():
    with pytest.raises(ParameterError, match="'Atlantis' is not a governorate"):
        View(governorates=["Atlantis"]).checked()


def test_the_report_button_turns_the_view_into_html_and_pdf(tmp_path):
    run_dir, result = report_for_view(View(start="2017-01-01", end="2017-06-30", governorates=["Idleb"]), out=tmp_path)
    assert result["status"] == "ok", result["error"]
    assert (run_dir / result["html"]).is_file() and (run_dir / result["pdf"]).is_file()
    assert "Idleb" in (run_dir / result["html"]).read_text()
