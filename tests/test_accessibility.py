"""Reports and their index checked by a real accessibility checker: axe-core (the copy bundled by
axe-playwright-python) run in Debian's Chromium over every HTML report of a small batch and the index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from syriawar.report.batch import Job, check_parameters
from syriawar.report.runner import run_batch
from test_explore_browser import CHROMIUM, browser  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    jobs = [Job(nb, nb, check_parameters(nb, params)) for nb, params in (
        ("overview", {}), ("casualties", {"start": "2016-01-01", "end": "2016-12-31"}), ("governorate", {"governorate": "Idleb"}),
        ("foreign_involvement", {}), ("period_brief", {}))]
    run_dir, results = run_batch(jobs, out=tmp_path_factory.mktemp("reports"), progress=False, pdf=False)
    assert all(r["status"] == "ok" for r in results), [r["error"] for r in results]
    return run_dir


def test_axe_finds_no_violation_in_the_reports_and_the_index(reports, browser):  # noqa: F811
    context = browser.contexts[0] if browser.contexts else browser.new_context()
    page = context.new_page()
    axe = _axe_source()
    found = {}
    for html in sorted(reports.glob("*.html")):
        page.goto(html.as_uri())
        page.add_script_tag(content=axe)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["html"][:120]) for v in result["violations"]]
        if bad:
            found[html.name] = bad
    assert found == {}, json.dumps(found, indent=1)


def test_the_checker_does_flag_what_it_should(tmp_path, browser):  # noqa: F811
    page_file = tmp_path / "bad.html"
    page_file.write_text('<!DOCTYPE html><html><head><title>t</title></head><body><img src="x.png"><a href="#"></a></body></html>')
    page = (browser.contexts[0] if browser.contexts else browser.new_context()).new_page()
    page.goto(page_file.as_uri())
    page.add_script_tag(content=_axe_source())
    ids = {v["id"] for v in page.evaluate("async () => (await axe.run()).violations")}
    assert {"image-alt", "link-name", "html-has-lang"} <= ids


def test_searching_a_report_in_chromium_finds_the_text_of_its_charts(reports, browser):  # noqa: F811
    page = (browser.contexts[0] if browser.contexts else browser.new_context()).new_page()
    for html in sorted(reports.glob("*.html")):
        if html.name == "index.html":
            continue
        page.goto(html.as_uri())
        words = page.evaluate("""() => [...document.querySelectorAll('svg.chart-svg text')]
            .map(t => t.textContent.trim()).filter(t => t.length > 12)""")
        assert words, f"{html.name}: no text in its charts"
        # the browser's own search (Ctrl+F), repeated until it lands in a chart or finds nothing more
        found = page.evaluate("""(w) => { for (let i = 0; i < 50 && window.find(w, true); i++) {
            if (window.getSelection().anchorNode.parentElement.closest('svg.chart-svg')) return true; } return false; }""",
                              words[0])
        assert found, f"{html.name}: searching for {words[0]!r} does not find it in its chart"
