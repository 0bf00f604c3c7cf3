"""Shared fixtures. Real-data tests read the mirror named by SYRIAWAR_DATA_MIRROR, else by data_mirror in
[tool.syriawar] of pyproject.toml (../shared/data)."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from syriawar import paths

ROOT = Path(__file__).resolve().parents[1]
# the mirror of [tool.syriawar] in pyproject.toml unless the environment names one
os.environ.setdefault(paths.MIRROR_ENV, paths.settings().get("data_mirror", "../shared/data"))
# relative mirror folders are relative to the project; make them absolute so that tests may move the project root
os.environ["SYRIAWAR_DATA_MIRROR"] = os.pathsep.join(
    str(p if Path(p).is_absolute() else (ROOT / p).resolve()) for p in os.environ["SYRIAWAR_DATA_MIRROR"].split(os.pathsep) if p)
os.environ.setdefault("MPLBACKEND", "Agg")


# `make test-fast` (pytest -m "not slow") leaves these out: whole modules that start kernels, browsers or batches,
# and single tests that run a notebook or a report. `make test`, what CI runs, keeps them all.
SLOW_MODULES = {"test_accessibility", "test_dask_batch", "test_explore_browser", "test_faults", "test_kernels",
                "test_notebooks", "test_pdf_chromium", "test_pdffigures", "test_reports",
                # every figure drawn and measured: seconds each
                "test_figure_text", "test_governorate_profile", "test_colours",
                # words against charts over many windows on the real data (about 35 s in all)
                "test_honest_windows",
                # batches run for real: reruns that reuse, a Dask scheduler and workers, OS errors and interrupts
                # around a batch, the latest link, every default report's chart data, every default figure measured
                "test_incremental", "test_dask_cluster", "test_os_errors", "test_latest", "test_chart_data",
                "test_editorial_figures"}
SLOW_TESTS = {
    "test_reports_show_acled_panels_when_an_export_is_in_hand",
    "test_every_notebook_runs_on_a_251_release",
    "test_a_report_worker_process_imports_no_pandas",
    "test_a_kernel_drawing_a_report_never_imports_seaborn_or_scipy",
    "test_the_report_button_turns_the_view_into_html_and_pdf",
    # 4-20 s each on two busy cores (pytest --durations)
    "test_final_events_then_candidate_events_never_both",
    "test_fetch_places_a_251_release_and_the_events_match_the_syria_release",
    "test_a_warm_load_maps_the_cached_file_and_never_writes_to_it",
    "test_warm_load_returns_the_same_table_as_a_cold_build",
    "test_geopandas_locates_every_incident_and_event_where_the_old_code_did",
    "test_the_theme_is_seaborn_whitegrid_in_the_paper_context_with_our_palette_and_sizes",
    "test_svg_text_is_measured_once_per_string_and_font_and_the_svg_does_not_change_by_a_byte",
    "test_the_militia_row_counts_each_event_once_and_names_its_first_date",
    "test_the_briefs_claims_table_names_the_towns_taken_and_their_dates",
    "test_without_acled_the_claims_table_says_by_name_why_no_source_can_answer",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__.rpartition(".")[2] in SLOW_MODULES or item.originalname in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def mirror() -> Path:
    path = Path(os.environ["SYRIAWAR_DATA_MIRROR"].split(os.pathsep)[0])
    if not path.is_absolute():
        path = (ROOT / path).resolve()
    assert path.is_dir(), f"the data mirror {path} is missing: set SYRIAWAR_DATA_MIRROR"
    return path


@pytest.fixture(scope="session")
def events():
    from syriawar.datasets import ucdp_ged

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ucdp_ged.events("ucdp_ged_syria")


@pytest.fixture(scope="session")
def strikes():
    from syriawar.datasets import airwars

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return airwars.strikes()


@pytest.fixture(scope="session")
def monthly():
    import pandas as pd

    from syriawar.datasets import pace, views

    return pd.concat([views.monthly_views(), pace.monthly_pace()], ignore_index=True)


@pytest.fixture()
def private_cache(tmp_path, monkeypatch):
    """A cache folder of the test's own, so bad-input tests never touch the project's cache."""
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"
