"""The notebooks' figures, by subject, all taking one ``Selection``:

- ``casualties``: deaths over time, by type, by governorate, on maps, who died, deadliest records;
- ``foreign``: foreign states and militias as warring parties, strikes by belligerent, coded and mentioned;
- ``brief``: a short window day by day, and what each source holds for it; ``claims``: what they can say;
- ``governorate``: one governorate over the whole war in every sub-national source, with district maps;
- ``sources``: coverage, yearly totals side by side, cross-source checks;
- ``after_assad``: what the sources show after 8 December 2024;
- ``records``: the dyads, deadliest events and tallies of a selection, as tables;
- ``appendix``: how to reproduce or extend a report (the one page with commands).

Notebooks import them by name: ``from syriawar.figures import casualties, sources``.
"""

from . import after_assad, appendix, brief, casualties, claims, foreign, governorate, keyfigures, records, sources
from .selection import Selection, select

__all__ = ["Selection", "after_assad", "appendix", "brief", "casualties", "claims", "foreign", "governorate", "keyfigures", "records", "select", "sources"]
