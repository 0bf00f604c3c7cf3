"""syriawar: an open analysis workbook for the Syrian civil war (March 2011 - December 2024).

Data flows one way: source file -> reader -> validated canonical table (cached)
-> measure -> figure -> notebook -> report.
"""

__version__ = "0.1.0"

from .errors import DataError, ParameterError, SourceNotFound, WorkbookError  # noqa: F401
