"""Shared fixtures. Real-data tests read the mirror named by SYRIAWAR_DATA_MIRROR (default ../shared/data)."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("SYRIAWAR_DATA_MIRROR", str(ROOT.parent / "shared" / "data"))
# relative mirror folders are relative to the project; make them absolute so that tests may move the project root
os.environ["SYRIAWAR_DATA_MIRROR"] = os.pathsep.join(
    str(p if Path(p).is_absolute() else (ROOT / p).resolve()) for p in os.environ["SYRIAWAR_DATA_MIRROR"].split(os.pathsep) if p)
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def mirror() -> Path:
    path = Path(os.environ["SYRIAWAR_DATA_MIRROR"].split(os.pathsep)[0])
    if not path.is_absolute():
        path = (ROOT / path).resolve()
    assert path.is_dir(), f"the data mirror {path} is missing: set SYRIAWAR_DATA_MIRROR"
    return path


@pytest.fixture(scope="session")
def events():
    from syriawar import tables

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tables.events("ucdp_ged_syria")


@pytest.fixture(scope="session")
def strikes():
    from syriawar import tables

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tables.strikes()


@pytest.fixture(scope="session")
def monthly():
    from syriawar import tables

    return tables.monthly_series()


@pytest.fixture()
def private_cache(tmp_path, monkeypatch):
    """A cache folder of the test's own, so bad-input tests never touch the project's cache."""
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"
