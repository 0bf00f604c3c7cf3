"""Project exceptions. Each message names the file or parameter, what was wrong and what was expected."""


class WorkbookError(Exception):
    """Base class of every error the workbook raises on purpose."""


class DataError(WorkbookError):
    """A source file is malformed: names the file, the row or column, and what was expected."""


class SourceNotFound(WorkbookError):
    """A source could not be found locally nor downloaded."""


class ParameterError(WorkbookError, ValueError):
    """A notebook or command parameter is invalid: names the parameter and the valid values."""
