"""Values fixed by the sources' codebooks that every layer shares, written once: Syria's country codes and
UCDP's estimates and types of violence. Plain constants, beneath the readers and the measures alike.
"""

from __future__ import annotations

from typing import NamedTuple


class Country(NamedTuple):
    """One country as each source names it: the codes differ between coding systems, so each is named."""

    name: str         # as ACLED, OWID, UCDP BRD's battle_location and PaCE's column spell it
    gleditsch_ward: int  # UCDP (country_id, gwno_loc) and ViEWS (gleditsch_ward) use Gleditsch-Ward numbers
    un_m49: int       # the UN's M49 code: UN WPP's LocID, ACLED's iso


# Syria is 652 in Gleditsch-Ward's list and 760 in the UN's: two different codes for one country.
SYRIA = Country(name="Syria", gleditsch_ward=652, un_m49=760)

TYPE_OF_VIOLENCE = {1: "state-based", 2: "non-state", 3: "one-sided"}
# UCDP's three estimates of deaths in an event (columns of the events table): the choice list of every estimate parameter
ESTIMATES = ("low", "best", "high")
