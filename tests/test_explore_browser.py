"""JupyterLab in a real browser: open explore.ipynb, run all cells, change a control, see the chart change.

Starts JupyterLab on 127.0.0.1 with a token on a free port and Debian's Chromium with a fresh profile, drives
it with Playwright over the DevTools protocol, and stops both by the process ids it started.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from browserkit import CHROMIUM, chromium, jupyterlab, open_explorer, run_all

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture()
def lab(tmp_path):
    with jupyterlab(ROOT, tmp_path) as served:
        yield served


@pytest.fixture()
def browser(tmp_path):
    with chromium(tmp_path) as b:
        yield b


def test_explore_notebook_updates_its_chart_when_a_control_changes(lab, browser, tmp_path):
    url, token = lab
    page = open_explorer(browser.contexts[0] if browser.contexts else browser.new_context(), url, token)
    run_all(page)
    timeline = page.locator("img.explore-timeline")
    timeline.wait_for(state="visible", timeout=180_000)
    page.wait_for_function("() => { const i = document.querySelector('img.explore-timeline'); return i && i.naturalWidth > 0; }")
    # the charts are drawn as many pixels wide as the page shows them (device pixel ratio included), not stretched
    page.wait_for_function("""() => [...document.querySelectorAll('img.explore-timeline, img.explore-heatmap, img.explore-map')]
        .every(i => i.complete && Math.abs(i.naturalWidth - i.clientWidth * window.devicePixelRatio) <= 2)""", timeout=30_000)
    page.wait_for_timeout(500)  # the redraw at the page's size has settled
    before = timeline.screenshot()
    page.screenshot(path=str(tmp_path / "explore-before.png"), full_page=True)
    page.click(".widget-toggle-buttons button:has-text('high')")
    deadline = time.time() + 60
    after = before
    while time.time() < deadline and after == before:
        page.wait_for_timeout(500)
        after = timeline.screenshot()
    page.screenshot(path=str(tmp_path / "explore-after.png"), full_page=True)
    shot_dir = os.environ.get("SYRIAWAR_SCREENSHOT_DIR")
    if shot_dir:
        for name in ("explore-before.png", "explore-after.png"):
            shutil.copy(tmp_path / name, Path(shot_dir) / name)
    assert after != before, "the timeline did not change after the estimate was switched to 'high'"
    status = page.locator("text=/updated in \\d+ ms/").first.inner_text()
    assert "updated in" in status
    # the explorer's own controls and charts, checked by axe-core (JupyterLab's frame is not ours to fix)
    import axe_playwright_python

    page.add_script_tag(content=(Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text())
    violations = page.evaluate("""async () => {
        const box = document.querySelector('img.explore-timeline').closest('.widget-vbox');
        return (await axe.run(box, {resultTypes: ['violations']})).violations.map(v => v.id + ': ' + v.nodes.length);
    }""")
    assert violations == []


def test_the_explorer_says_what_the_source_covers_what_is_chosen_and_when_a_view_is_empty(lab, browser):
    url, token = lab
    page = open_explorer(browser.contexts[0] if browser.contexts else browser.new_context(), url, token)
    run_all(page)
    page.locator("img.explore-timeline").wait_for(state="visible", timeout=180_000)
    coverage = page.locator(".explore-coverage").inner_text()
    assert "covers Jan 2016 to Dec 2019" in coverage and "make data" in coverage
    # the month lists offer only the months the source covers
    first_months = page.locator(".widget-dropdown select").first.locator("option").all_inner_texts()
    assert first_months[0] == "2016-01" and first_months[-1] == "2019-12"
    governorates = page.locator(".widget-select-multiple").first
    said = page.locator(".explore-chosen").first
    assert "all 14 governorates (none chosen)" in said.inner_text()
    governorates.locator("select").select_option(["Quneitra"])
    page.wait_for_function("() => document.querySelector('.explore-chosen').innerText.includes('chosen (1): Quneitra')")
    # Jordan is coded as a side of no event in Quneitra: the view is empty, and the page says so
    page.locator(".widget-select-multiple").nth(2).locator("select").select_option(["Jordan"])
    page.wait_for_function("() => document.querySelector('.explore-empty').innerText.includes('No deaths in this view')",
                           timeout=60_000)
    page.locator(".explore-clear").first.click()
    page.wait_for_function("() => document.querySelector('.explore-chosen').innerText.includes('none chosen')")
    page.locator(".explore-clear").nth(2).click()
    page.wait_for_function("() => document.querySelector('.explore-empty').innerText.trim() === ''", timeout=60_000)
    page.locator(".explore-all").first.click()
    page.wait_for_function("() => document.querySelector('.explore-chosen').innerText.includes('all 14 governorates (each chosen)')")
