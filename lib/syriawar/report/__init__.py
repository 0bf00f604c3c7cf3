"""Batch reports: run notebooks with papermill in parallel, render HTML and PDF, write an index."""

import sys

# The mimetype under which a notebook hands the sources it read to the report renderer.
PROVENANCE_MIME = "application/vnd.syriawar.provenance+json"

# jsonschema imports rfc3987_syntax when it is installed (JupyterLab brings it), which builds a parser grammar
# at import and costs about 2 s in every process that reads a notebook. Notebook validation never checks IRI
# formats, so the report machinery tells Python the module is absent.
sys.modules.setdefault("rfc3987_syntax", None)
