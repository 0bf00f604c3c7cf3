"""The one page of a report written for a reader who wants to check or extend it: how to reproduce it, how to add
the sources it could not read. Commands and file names belong here, never on the reader's pages above."""

from __future__ import annotations

import re
import shlex

from .. import registry


def _parameter_words(params: dict) -> str:
    """' -p start=2016-06-01 -p governorates=Idleb,Aleppo' for the parameters that are set."""
    out = []
    for key, value in params.items():
        if value in (None, "", [], ()):
            continue
        text = ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        out.append(f" -p {_in_double_quotes(f'{key}={text}')}")
    return "".join(out)


def _in_double_quotes(word: str) -> str:
    """``word`` as the shell reads it once inside the double quotes of ``REPORT_ARGS="..."`` and once more in make's
    recipe: spaces and quotes escaped with a backslash ("governorate=Dar\\'a", "governorate=Rural\\ Damascus")."""
    return re.sub(r"([\s'$`\\])", r"\\\1", word) if word != shlex.quote(word) else word


def how_to_reproduce(notebook: str, **params) -> str:
    """Markdown for the report's last page: what it was made with and how to make it again with other choices."""
    missing = []
    if registry.events_dataset("auto").name == "ucdp_ged_syria":
        missing.append("- **UCDP's global release** (every event of the war, 2011-2024): `make data` downloads it, or save "
                       "`ged251-csv.zip` from ucdp.uu.se into `data/raw/ucdp_ged_global/`.")
    if not registry.available("acled_syria"):
        missing.append("- **ACLED** (foreign forces and militias as actors, changes of territory): register at acleddata.com, "
                       "export Syria as CSV into `data/raw/acled_syria/`; ACLED's terms forbid sharing it, so the workbook "
                       "ships none.")
    text = [
        "## How to reproduce or extend this report",
        "Every number and chart above was computed from public data files by the open Syria war workbook. To make this "
        "report again, with these choices or others:",
        "1. Install Python 3.10 or newer and download the workbook's folder.",
        "2. Open a terminal in that folder and run `make report` once: it installs what the workbook needs and makes the "
        "default reports.",
        f"3. Make this report: `make report REPORT_ARGS=\"--notebook {notebook}{_parameter_words(params)}\"`. Change a "
        "`-p name=value` to choose another window, governorate, kind of violence or estimate.",
        "4. Or explore interactively: `make lab` opens the workbook in JupyterLab.",
    ]
    if missing:
        text += ["", "Sources this report could use but did not find on the machine that made it:", *missing]
    text += ["", "The table of sources below names every file read, its version, checksum and licence."]
    return "\n".join(text)
