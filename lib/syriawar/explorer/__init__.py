"""Interactive exploration (notebooks/explore.ipynb), in three rooms:

- ``cube``: the events as a month x governorate x type x foreign-party cube and the filters of a view (pandas);
- ``drawing``: persistent figures redrawn as PNG on each change (``Explorer.update``);
- ``widgets``: the controls, and the button that turns a view into a report.
"""

from .cube import Cube, View, build_cube
from .drawing import Explorer
from .widgets import explore, report_for_view

__all__ = ["Cube", "Explorer", "View", "build_cube", "explore", "report_for_view"]
