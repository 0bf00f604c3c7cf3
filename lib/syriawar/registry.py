"""The dataset registry: every canonical table the workbook reads, gathered from the dataset modules
(``syriawar.datasets``), where each is declared once beside its reader.

Status, selections, captions, provenance footers and the period brief read datasets and their coverage here and
nowhere else; a dataset's id is its catalog source's name.
"""

from __future__ import annotations

import pandas as pd

from . import catalog
from .coverage import Coverage, span  # noqa: F401  (re-exported: callers take coverage from the registry)
from .datasets import acled, airwars, owid, pace, population, ucdp_ged, ucdp_yearly, vdc, views
from .datasets.dataset import Dataset, forget  # noqa: F401  (forget: re-exported)
from .errors import ParameterError, SourceNotFound

# The order is the order of status tables and the period brief.
DATASETS: dict[str, Dataset] = {d.name: d for module in (ucdp_ged, views, pace, population, ucdp_yearly, owid, vdc,
                                                          acled, airwars) for d in module.DATASETS}
EVENT_SOURCES = ucdp_ged.EVENT_SOURCES


def dataset(name: str) -> Dataset:
    if name not in DATASETS:
        raise ParameterError(f"dataset {name!r} is not in the registry; known: {', '.join(DATASETS)}")
    return DATASETS[name]


def events_dataset(source: str = "auto") -> Dataset:
    """The events dataset a ``source`` parameter stands for ('auto': a global release when one is found)."""
    return dataset(ucdp_ged.events_source_name(source))


def load(name: str) -> pd.DataFrame:
    """The dataset's table, once per process and file; warnings raised while reading become the dataset's notes.

    The frame is shared between callers: treat it as read-only (select or copy before changing it).
    """
    return dataset(name).load()


def notes(name: str) -> list[str]:
    """What the reader of this dataset skipped or repaired, as loaded in this process."""
    return dataset(name).notes() if name in DATASETS else []


def how_to_add(name: str) -> str:
    """One line telling a user how to bring an optional source."""
    ds = dataset(name)
    if ds.source.addresses:
        return f"the command syriawar data fetch {name} downloads it"
    return ds.bring or f"put {' or '.join(ds.source.files)} in data/raw/{name}/"


def available(name: str) -> bool:
    """Whether the dataset's file is in data/raw or a mirror (nothing is downloaded to find out)."""
    return catalog.find_local(dataset(name).source) is not None


def coverage(name: str) -> Coverage:
    return dataset(name).coverage()


def loaded_coverage(name: str) -> Coverage | None:
    """Coverage of the table this process last loaded for ``name``, or None (never resolves nor downloads)."""
    frame = dataset(name).loaded()
    return None if frame is None else dataset(name).coverage(frame)


def warm() -> dict[str, str]:
    """Build every dataset's cache once in this process (before parallel kernels read them).

    Returns {dataset: error message} for those that could not be loaded; a missing optional file is not an error.
    """
    failed = {}
    for name in DATASETS:
        if name == "ucdp_ged_global" and ucdp_ged.events_source_name("auto") != name:
            continue  # optional; only when the user has placed one
        try:
            load(name)
        except SourceNotFound:
            continue  # the notebook that needs it reports it
        except Exception as exc:  # noqa: BLE001 - reported by the caller, and again by the notebook that needs it
            failed[name] = f"{type(exc).__name__}: {exc}"
    return failed
