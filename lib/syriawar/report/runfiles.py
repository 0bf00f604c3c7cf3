"""The files a run's reports link to, written beside them from their executed notebooks: each figure's and table's
CSV (``data/``), the run's citations (``citations.bib``, ``citations.json``) and each report's lead chart for the
index (``thumbs/``).

Why from the notebooks: the CSV travels with the figure it belongs to (syriawar.notebook.show puts it in the same
output), so it is the numbers the chart function drew, never computed a second time; and every executor, local or
remote, leaves the executed notebooks in the run folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..chartdata import MIME as CHART_DATA_MIME
from ..provenance import PROVENANCE_MIME

THUMBS = "thumbs"


def _outputs(nb: dict):
    for cell in nb.get("cells", []):
        yield from cell.get("outputs", [])


def _write(path: Path, text: str) -> None:
    """A file of a new run folder (as index.html is written: nobody reads the folder before the run ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _text(value) -> str:
    return value if isinstance(value, str) else "".join(value)


def write_run_files(run_dir: Path, run_id: str, started: str, commit: str, results: list[dict]) -> None:
    """Write the data, citation and thumbnail files of the successful reports in ``results`` into ``run_dir``; each
    result gains ``lead_chart`` (its thumbnail's path and alternative text) and ``sources`` (catalog names)."""
    from .. import citations

    reports, sources = [], {}
    written: set[str] = set()
    for r in results:
        path = run_dir / f"{r['name']}.ipynb"
        if r.get("status") != "ok" or not path.is_file():
            continue
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # the report stands; its data links lead nowhere, as the index says nothing of it
        lead = None
        for out in _outputs(nb):
            data = out.get("data", {})
            bundle = data.get(CHART_DATA_MIME)
            if isinstance(bundle, str):
                bundle = json.loads(bundle)
            if bundle and bundle["file"] not in written:
                written.add(bundle["file"])
                _write(run_dir / bundle["file"], bundle["csv"])
            if lead is None and "image/svg+xml" in data:
                lead = (_text(data["image/svg+xml"]), _text(data.get("text/plain", "")))
        if lead is not None:
            thumb = f"{THUMBS}/{r['name']}.svg"
            _write(run_dir / thumb, lead[0])
            r["lead_chart"] = {"file": thumb, "alt": " ".join(lead[1].split())}
        used = citations.used_sources(_provenance(nb))
        r["sources"] = [s.name for s in used]
        sources.update({s.name: s for s in used})
        reports.append({"name": r["name"], "title": r.get("title", r["name"]), "run_id": run_id, "started": started,
                        "commit": commit, "sources": used})
    if reports:
        _write(run_dir / "citations.bib", citations.bibtex(reports, list(sources.values())))
        _write(run_dir / "citations.json", citations.csl_json(reports, list(sources.values())))


def _provenance(nb: dict) -> list[dict]:
    """The sources a notebook reported (syriawar.notebook.sources_used)."""
    for out in _outputs(nb):
        value = out.get("data", {}).get(PROVENANCE_MIME)
        if value:
            return json.loads(value) if isinstance(value, str) else list(value)
    return []
