"""The overview's cross-source checks as a reader reads them: the finding first, the counts side by side, the log
(tolerances, pass or fail) for the appendix only."""

import pandas as pd

from syriawar.checks import COLUMNS
from syriawar.figures import crosschecks


def _checked(rows):
    return pd.DataFrame([dict(zip(COLUMNS, r)) for r in rows], columns=COLUMNS)


AGREEING = _checked([
    ("GED vs BRD", "UCDP BRD", 2016, 12, 40865.0, 43650.0, 6.8, 15.0, True),
    ("GED vs BRD", "UCDP BRD", 2017, 12, 21243.0, 24123.0, 13.6, 15.0, True),
    ("ViEWS vs GED", "ViEWS", 2016, 12, 40865.0, 44939.0, 10.0, 20.0, True),
    ("ViEWS vs GED", "ViEWS", 2019, 11, 6553.0, 6652.0, 1.5, 20.0, True),
])


def test_the_finding_says_which_way_and_how_far_each_count_lies_without_the_checks_vocabulary():
    text = crosschecks.finding(AGREEING)
    assert text.startswith("UCDP's events agree with")
    assert "UCDP's battle-death count is 7 to 14 % higher in 2016-2017" in text and "ViEWS is 2 to 10 % higher" in text
    assert not any(word in text.lower() for word in ("tolerance", "yearly comparisons", " yes", "brd"))


def test_a_year_beyond_what_revisions_explain_is_named_in_the_finding():
    failing = AGREEING.copy()
    failing.loc[1, ["difference, %", "agrees"]] = [31.0, False]
    text = crosschecks.finding(failing)
    assert "do not always agree" in text and "UCDP's battle-death count in 2017 (+31 %)" in text


def test_no_shared_year_is_said_in_words():
    assert "cannot be held against either" in crosschecks.finding(AGREEING.iloc[:0])


def test_the_readers_table_has_one_row_a_year_with_each_count_and_its_difference():
    table = crosschecks.side_by_side(AGREEING)
    assert list(table["year"]) == ["2016", "2017", "2019"]
    assert list(table.columns) == ["year", crosschecks.EVENTS_COLUMN, "UCDP's battle-death count", "ViEWS"]
    first = table.iloc[0]
    assert first["UCDP's battle-death count"] == "43,650 (+7 %)" and first["ViEWS"] == "44,939 (+10 %)"
    last = table.iloc[-1]  # a year the two cover in part says over how many months
    assert last[crosschecks.EVENTS_COLUMN] == "6,553 (11 months)" and last["ViEWS"] == "6,652 (+2 %, 11 months)"
    assert not any("tolerance" in c or "agree" in c for c in table.columns)


def test_the_log_for_the_appendix_keeps_tolerance_and_outcome_in_words():
    log = crosschecks.log(AGREEING)
    assert {"tolerance, %", "within tolerance"} <= set(log.columns) and set(log["within tolerance"]) == {"yes"}
    assert "check" not in log.columns and "UCDP BRD" not in set(log["compared with"])
    assert list(log["year"]) == ["2016", "2017", "2016", "2019"]  # years, never "2,016"
