"""Faster notebook reading in the report processes.

jsonschema imports rfc3987_syntax when it is installed (JupyterLab brings it), which builds a parser grammar
at import and costs about 2 s in every process that reads a notebook. Notebook validation never checks IRI
formats, so the report processes tell Python the module is absent, by calling ``skip_iri_grammar()`` before
they first read a notebook (never at import of the package).
"""

from __future__ import annotations

import sys


def skip_iri_grammar() -> None:
    sys.modules.setdefault("rfc3987_syntax", None)
