"""Incremental reruns: a report whose inputs have not changed since an earlier run is not run again; its files are
linked (or copied) from that run into the new run folder.

A report's inputs, recorded in ``summary.json`` under ``inputs`` when it succeeds:

- ``notebook``: the SHA-256 of ``notebooks/<notebook>.ipynb``;
- ``parameters``: the parameters it ran with (canonical form, see batch.check_parameters);
- ``code``: one SHA-256 over the workbook's package (every file of ``syriawar``, templates and CSS included) and
  the project's reference tables (``data/reference``);
- ``sources``: the data sources the notebook read, as it reported them itself (syriawar.notebook.sources_used),
  each with the SHA-256 of its file and of its catalog entry (title, version, coverage, citation: what the
  report's captions print): a change to either reruns exactly the reports that read that source.

A report is reused from the newest earlier run in the same reports folder where a report of the same name succeeded
with the same notebook, parameters and code, whose sources still have the same checksums here, and whose files
(notebook, HTML, and the PDF if this run makes PDFs) are all there. Anything that cannot be checked (a source no
longer in the catalog, a file missing) runs the report again: reuse never trades correctness for time.
Not part of the inputs: the versions of installed packages (matplotlib, pandas); ``--force`` runs everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Iterator

from ..paths import project_root

RUN_ID = re.compile(r"\d{8}-\d{6}-[0-9a-f]{6}")


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def code_digest() -> str:
    """One SHA-256 over the package's files and the project's reference tables (names and bytes)."""
    import syriawar

    package = Path(syriawar.__file__).resolve().parent
    data = project_root() / "data"
    files = [(f"syriawar/{p.relative_to(package)}", p) for p in package.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts]
    files += [(f"data/{p.relative_to(data)}", p) for p in (data / "reference").rglob("*") if p.is_file()]
    digest = hashlib.sha256()
    for name, path in sorted(files):
        digest.update(f"{name}\0{_sha256(path)}\n".encode())
    return digest.hexdigest()


class Inputs:
    """What a batch's reports depend on, computed once per batch: the code digest, each notebook's checksum and
    each data source's checksum here (looked up when first asked for)."""

    def __init__(self, notebooks_dir: Path):
        self.notebooks_dir = notebooks_dir
        self.code = code_digest()
        self._notebooks: dict[str, str] = {}
        self._sources: dict[str, str | None] = {}
        self._entries: dict[str, str | None] = {}

    def notebook(self, name: str) -> str:
        if name not in self._notebooks:
            self._notebooks[name] = _sha256(self.notebooks_dir / f"{name}.ipynb")
        return self._notebooks[name]

    def source(self, name: str) -> str | None:
        """The SHA-256 of the source's file found here now; None if it is not found or cannot be checked."""
        if name not in self._sources:
            from .. import catalog
            from ..errors import WorkbookError

            try:
                found = catalog.find_local(catalog.source(name))
                self._sources[name] = found.sha256 if found else None
            except (WorkbookError, OSError):
                self._sources[name] = None
        return self._sources[name]

    def entry(self, name: str) -> str | None:
        """The SHA-256 of the source's catalog entry, its checksum pins left out (the file's own checksum is
        compared instead); None if the catalog no longer has it."""
        if name not in self._entries:
            import dataclasses

            from .. import catalog
            from ..errors import WorkbookError

            try:
                fields = dataclasses.asdict(catalog.source(name))
            except WorkbookError:
                self._entries[name] = None
            else:
                fields.pop("sha256", None)
                text = json.dumps(fields, sort_keys=True, default=str)
                self._entries[name] = hashlib.sha256(text.encode()).hexdigest()
        return self._entries[name]

    def of(self, job: dict, read: dict) -> dict | None:
        """The inputs of a report that ran (``read``: {source title: SHA-256} as its notebook reported them); None
        if a source it read cannot be named in the catalog (such a report is never reused)."""
        from .. import catalog

        by_title = {src.title: name for name, src in catalog.sources().items()}
        sources = {}
        for title, sha in read.items():
            if title not in by_title or not sha:
                return None
            sources[by_title[title]] = [sha, self.entry(by_title[title])]
        return {"notebook": self.notebook(job["notebook"]), "parameters": job["parameters"], "code": self.code,
                "sources": sources}

    def unchanged(self, job: dict, recorded: dict | None) -> bool:
        """True if ``recorded`` (a report's inputs from an earlier run) are those of ``job`` here and now."""
        if not isinstance(recorded, dict) or not isinstance(recorded.get("sources"), dict):
            return False
        if (recorded.get("notebook") != self.notebook(job["notebook"]) or recorded.get("code") != self.code
                or _canonical(recorded.get("parameters")) != _canonical(job["parameters"])):
            return False
        return all(isinstance(v, list) and len(v) == 2 and v[0] is not None
                   and [self.source(name), self.entry(name)] == v for name, v in recorded["sources"].items())


def _canonical(params) -> str:
    return json.dumps(params, sort_keys=True, default=str)


def earlier_runs(base: Path, exclude: Path) -> Iterator[tuple[Path, dict[str, dict]]]:
    """(run folder, {report name: result}) for each earlier run under ``base``, newest first, with the reports that
    succeeded there and recorded their inputs; runs whose summary cannot be read are passed over. Lazy: a batch
    whose reports are all found in the newest runs reads no older summary."""
    runs = []
    try:
        for p in base.iterdir():
            if RUN_ID.fullmatch(p.name) and p != exclude and (p / "summary.json").is_file():
                # newest first by when its summary was written: run ids name the second a run began, and two
                # runs may begin within one second
                runs.append(((p / "summary.json").stat().st_mtime_ns, p))
    except OSError:
        return
    for _, run in sorted(runs, reverse=True):
        try:
            reports = json.loads((run / "summary.json").read_text(encoding="utf-8"))["reports"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        yield run, {r["name"]: r for r in (reports if isinstance(reports, list) else [])
                    if isinstance(r, dict) and r.get("status") == "ok" and r.get("inputs")
                    and isinstance(r.get("name"), str)}


def reuse(job: dict, earlier: tuple[Path, dict], run_dir: Path, pdf: bool) -> dict | None:
    """Link (or copy, across file systems) the earlier report's files into ``run_dir``; its result, marked
    ``reused`` with the run it came from; None (and nothing left behind) if a file is missing or cannot be linked."""
    source_dir, result = earlier
    names = [f"{job['name']}.ipynb", result.get("html")] + ([result.get("pdf")] if pdf else [])
    if not all(names):
        return None
    made = []
    try:
        for name in names:
            target = run_dir / name
            try:
                os.link(source_dir / name, target)
            except OSError:
                if not (source_dir / name).is_file():
                    raise
                shutil.copy2(source_dir / name, target)
            made.append(target)
    except OSError:
        for target in made:
            target.unlink(missing_ok=True)
        return None
    reused = {**result, **job, "pdf": result.get("pdf", "") if pdf else "", "seconds": 0.0, "execute_s": 0.0,
            "html_s": 0.0, "pdf_s": 0.0, "error": "", "reused": source_dir.name}
    if not pdf:
        reused.pop("pdf_engine", None)
    return reused
