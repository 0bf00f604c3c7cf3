"""Batch files: which notebooks to run with which parameters, checked before any kernel starts.

A batch YAML file holds ``reports:``, a list of entries::

    - notebook: casualties            # a notebook in notebooks/, without .ipynb
      name: casualties-whole-war      # optional; the report's file name
      parameters: {start: "2011-03-01", end: "2024-12-31"}
      for_each: {governorate: all}    # optional; one report per value ("all" = the 14 governorates)

``for_each`` may name several parameters: one report per combination. ``year`` is a shorthand for a window of one
calendar year (start and end), given as a list or a range such as ``2011-2024``::

    - notebook: governorate
      for_each: {governorate: all, year: 2011-2024}   # 14 x 14 = 196 reports
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ParameterError
from ..paths import project_root
from .nbvalidation import skip_iri_grammar


@dataclass
class Job:
    name: str
    notebook: str
    parameters: dict = field(default_factory=dict)


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def default_batch_file() -> Path:
    return project_root() / "reports" / "batch.yml"


@lru_cache(maxsize=64)
def _inspect(path: str, mtime: float) -> tuple:
    skip_iri_grammar()
    import papermill

    return tuple((name, info["default"]) for name, info in papermill.inspect_notebook(path).items())


# A report's name becomes its file names in the run folder: one path component of plain characters, never a
# path (``../../notebooks/casualties`` once overwrote a notebook), never a hidden file, never the run's own index.
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")
RESERVED_NAMES = {"index", "summary"}
# notebooks that are not reports: what to use instead
NOT_REPORTS = {"explore": "explore is the interactive explorer, not a report: open it with `make lab`"}


def check_name(name, what: str = "report name") -> str:
    """``name`` if it can name a report's files in its run folder, else one ParameterError saying what is expected."""
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name) or ".." in name:
        raise ParameterError(f"{what} {name!r} is not a plain file name; expected letters, digits, '-', '_' or '.' "
                             "(no '/', no '..', not starting with '.'), at most 120 characters")
    if name.lower() in RESERVED_NAMES:
        raise ParameterError(f"{what} {name!r} is taken by the run's own index; choose another name")
    return name


def notebook_path(notebook) -> Path:
    """The notebook ``notebooks/<notebook>.ipynb``; one ParameterError if ``notebook`` is not the name of a report
    notebook there (a path, a name that resolves outside notebooks/, the explorer, or a name that does not exist)."""
    if isinstance(notebook, str) and notebook in NOT_REPORTS:
        raise ParameterError(f"notebook {notebook!r}: {NOT_REPORTS[notebook]}")
    check_name(notebook, "notebook")
    folder = notebooks_dir().resolve()
    path = notebooks_dir() / f"{notebook}.ipynb"
    if not path.is_file():
        available = sorted(p.stem for p in notebooks_dir().glob("*.ipynb") if p.stem not in NOT_REPORTS)
        raise ParameterError(f"notebook {notebook!r} does not exist in notebooks/; available: {', '.join(available)}")
    if path.resolve().parent != folder:  # a link in notebooks/ that leads elsewhere
        raise ParameterError(f"notebook {notebook!r} resolves to {path.resolve()}, outside notebooks/; expected a "
                             "notebook in notebooks/")
    return path


def notebook_parameters(notebook: str) -> dict:
    """The names and defaults of a notebook's parameters cell (read once per file and version)."""
    path = notebook_path(notebook)
    return dict(_inspect(str(path), path.stat().st_mtime))


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


def check_parameters(notebook: str, params: dict) -> dict:
    """Names must exist in the notebook's parameters cell; values must pass the parameter table's checks.
    Returns the given parameters in canonical form (dates as YYYY-MM-DD, canonical names)."""
    known = notebook_parameters(notebook)
    unknown = [k for k in params if k not in known]
    if unknown:
        raise ParameterError(f"notebook {notebook!r} has no parameter {', '.join(unknown)}; its parameters: {', '.join(known)}")
    defaults = {k: _literal(v) for k, v in known.items()}
    from .. import parameters  # here: a worker process imports this module, and needs no pandas

    checked = parameters.check_all(params, context=defaults)
    return {k: parameters.as_literal(checked.get(k, v)) for k, v in params.items()}


def _literal(value):
    if isinstance(value, str):
        try:
            return yaml.safe_load(value)
        except yaml.YAMLError:
            return value
    return value


def parse_overrides(items: list[str]) -> dict:
    """``["start=2015-09-30", "governorates=Idleb,Aleppo"]`` -> dict; a list value may be comma-separated."""
    from .. import parameters

    out = {}
    for item in items:
        if "=" not in item:
            raise ParameterError(f"parameter override {item!r} is not NAME=VALUE, e.g. -p start=2015-09-30")
        key, value = item.split("=", 1)
        value = value.strip()
        if key.strip() in parameters.list_parameters():
            out[key.strip()] = [v.strip() for v in value.split(",") if v.strip()]
        else:
            out[key.strip()] = str(value)
    return out


def _values(path, i: int, key: str, values) -> list:
    """The values ``for_each`` gives ``key``: a list, "all" for the governorates, "A-B" for a range of years."""
    if values == "all" and key == "governorate":
        from .. import geography

        return geography.governorate_names()
    if key == "year" and isinstance(values, str) and re.fullmatch(r"\d{4}-\d{4}", values.strip()):
        first, last = (int(v) for v in values.split("-"))
        return list(range(first, last + 1))
    if isinstance(values, list) and values:
        return values
    raise ParameterError(f"batch file {path}: entry {i}: for_each {key}: {values!r} is not a list of values"
                         + ("; expected a list or a range such as 2011-2024" if key == "year" else ""))


def _expand(params: dict) -> dict:
    """``year`` stands for the window of that calendar year."""
    if "year" in params:
        year = int(params.pop("year"))
        params.update(start=f"{year}-01-01", end=f"{year}-12-31")
    return params


def load_batch(path: Path) -> list[Job]:
    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ParameterError(f"batch file {path}: cannot read it as YAML ({exc})") from exc
    if not isinstance(spec, dict) or not isinstance(spec.get("reports"), list):
        raise ParameterError(f"batch file {path}: expected a mapping with a list under 'reports:'")
    jobs = []
    for i, entry in enumerate(spec["reports"], start=1):
        if not isinstance(entry, dict) or "notebook" not in entry:
            raise ParameterError(f"batch file {path}: entry {i} has no 'notebook'")
        try:  # names and notebooks are checked here, before anything runs or is written
            notebook_path(entry["notebook"])
            check_name(entry.get("name", entry["notebook"]))
        except ParameterError as exc:
            raise ParameterError(f"batch file {path}: entry {i}: {exc}") from exc
        params = {k: (str(v) if hasattr(v, "isoformat") else v) for k, v in (entry.get("parameters") or {}).items()}
        for_each = entry.get("for_each")
        if for_each:
            if not isinstance(for_each, dict):
                raise ParameterError(f"batch file {path}: entry {i}: for_each must map parameter names to values")
            keys = list(for_each)
            lists = [_values(path, i, k, v) for k, v in for_each.items()]
            for combo in itertools.product(*lists):
                suffix = "-".join(slug(str(v)) for v in combo)
                jobs.append(Job(f"{entry.get('name', entry['notebook'])}-{suffix}", entry["notebook"],
                                {**params, **_expand(dict(zip(keys, combo)))}))
        else:
            jobs.append(Job(entry.get("name", entry["notebook"]), entry["notebook"], params))
    for job in jobs:  # a for_each value may bring a '/' or '..' of its own into the name
        try:
            check_name(job.name)
        except ParameterError as exc:
            raise ParameterError(f"batch file {path}: {exc}") from exc
    names = [j.name for j in jobs]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ParameterError(f"batch file {path}: report names used twice: {', '.join(dupes)}; give entries a 'name'")
    for job in jobs:
        try:
            job.parameters = check_parameters(job.notebook, job.parameters)
        except ParameterError as exc:
            raise ParameterError(f"batch file {path}, report {job.name!r}: {exc}") from exc
    return jobs
