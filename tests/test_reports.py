"""Batch reports end to end: files, PDFs, HTML without code, provenance, failures that stay local, escaping."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

import pagefill
from projectfactory import code_notebook, project_copy
from syriawar.report.batch import Job, load_batch
from syriawar.report.runner import run_batch

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project's notebooks and reference data, plus two test notebooks, in a folder of its own."""
    root = project_copy(tmp_path_factory.mktemp("project"))
    code_notebook(root / "notebooks" / "failing.ipynb", "raise RuntimeError('deliberate failure')", "A failing report")
    code_notebook(root / "notebooks" / "dying.ipynb", "import os\nos._exit(1)", "A kernel that dies")
    code_notebook(root / "notebooks" / "hostile.ipynb",
                   "import pandas as pd\nfrom syriawar.notebook import table\nimport matplotlib\n"
                   "table(pd.DataFrame({'source headline': ['<script>alert(1)</script> shelling']}))\n"
                   "leak_marker = 'from hostile'\nmatplotlib.rcParams['lines.linewidth'] = 9", "Escaping")
    code_notebook(root / "notebooks" / "isolated.ipynb",
                   "import matplotlib\nfrom IPython.display import display, Markdown\n"
                   "display(Markdown(f\"leak: {'leak_marker' in globals()}, linewidth {matplotlib.rcParams['lines.linewidth']}\"))",
                   "Isolation")
    return root


@pytest.fixture(scope="module")
def run(project, tmp_path_factory):
    env = {"SYRIAWAR_ROOT": str(project), "SYRIAWAR_CACHE_DIR": str(ROOT / "data" / "cache")}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        jobs = [Job("governorate-idleb", "governorate", {"governorate": "Idleb"}), Job("failing", "failing", {}),
                Job("dying", "dying", {}), Job("hostile", "hostile", {}), Job("isolated", "isolated", {})]
        run_dir, results = run_batch(jobs, out=project / "reports", workers=1, progress=False)
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return run_dir, {r["name"]: r for r in results}


def test_every_expected_file_exists(run):
    run_dir, _ = run
    for stem in ("governorate-idleb", "hostile", "isolated"):
        for ext in ("ipynb", "html", "pdf"):
            assert (run_dir / f"{stem}.{ext}").is_file(), f"{stem}.{ext}"
    assert (run_dir / "index.html").is_file()


def test_pdf_has_pages_title_and_images(run):
    run_dir, _ = run
    pdf = PdfReader(run_dir / "governorate-idleb.pdf")
    assert 3 <= len(pdf.pages) <= 12
    text = pdf.pages[0].extract_text()
    assert "Idleb governorate, 2011-2024" in text  # the computed title, in the title block and the page header
    assert "page 1 of" in text
    # every figure of the page is in the PDF, each a Figure element with its alternative text
    figures = (run_dir / "governorate-idleb.html").read_text().count('<figure class="chart"')
    assert len(_alt_texts(pdf.trailer["/Root"]["/StructTreeRoot"])) == figures >= 6


def test_html_contains_no_input_code(run):
    run_dir, _ = run
    html = (run_dir / "governorate-idleb.html").read_text()
    assert "F.select(" not in html and "show(F." not in html and "import " not in html
    assert 'class="parameters"' in html and "Idleb" in html


def test_provenance_names_every_source_used(run):
    run_dir, _ = run
    footer = (run_dir / "governorate-idleb.html").read_text().split('<footer class="provenance">')[1]
    for name in ("ged_syria_2016_2019.csv.gz", "vdc_deaths_by_province_by_day.csv", "airwars_syria_incidents_summary.csv",
                 "syr_admin1.geojson", "syr_admin2.shp", "0e6baab38f3e1148de0de9385f6380579887550b2a8e561f2e6a9ec8a31970e7"):
        assert name in footer
    # only what this report read: the warm parent of the kernels read every source, the profile reads no ViEWS
    assert "views_cm_features_syria.csv" not in footer and "UcdpPrioConflict" not in footer
    assert "Project commit" in footer
    # rows a reader skipped or repaired are listed, not swallowed
    assert "Rows the data checks set aside or repaired" in footer and "101 event(s) with low &gt; best" in footer


def test_a_failing_notebook_fails_alone_and_keeps_its_error(run):
    run_dir, results = run
    assert results["failing"]["status"] == "failed" and "deliberate failure" in results["failing"]["error"]
    nb = nbformat.read(run_dir / "failing.ipynb", as_version=4)
    assert any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))
    assert all(results[n]["status"] == "ok" for n in ("governorate-idleb", "hostile", "isolated"))
    index = (run_dir / "index.html").read_text()
    assert "failed" in index and "deliberate failure" in index


def test_a_kernel_that_dies_fails_that_notebook_only(run):
    _, results = run
    assert results["dying"]["status"] == "failed" and "Dead" in results["dying"]["error"]
    assert results["isolated"]["status"] == "ok"


def test_latest_does_not_move_to_a_run_with_a_failure(run):
    run_dir, _ = run
    assert not (run_dir.parent / "latest").exists()


def test_the_command_exits_non_zero_when_a_report_fails(project, monkeypatch, capsys):
    from syriawar.cli import main

    monkeypatch.setenv("SYRIAWAR_ROOT", str(project))
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(ROOT / "data" / "cache"))
    code = main(["report", "--notebook", "failing", "--no-pdf", "--out", str(project / "cli-reports")])
    assert code == 1
    assert "failing" in capsys.readouterr().out


def test_a_script_headline_is_escaped(run):
    run_dir, _ = run
    html = (run_dir / "hostile.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


def test_no_state_leaks_from_one_report_to_the_next(run):
    run_dir, _ = run  # one worker: hostile ran before isolated in the same worker process
    html = (run_dir / "isolated.html").read_text()
    assert "leak: False, linewidth 1.5" in html


def test_a_successful_run_moves_latest_and_never_overwrites(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SYRIAWAR_ROOT", str(project))
    monkeypatch.setenv("SYRIAWAR_CACHE_DIR", str(ROOT / "data" / "cache"))
    out = tmp_path / "reports"
    first, _ = run_batch([Job("isolated", "isolated", {})], out=out, progress=False, moves_latest=True)
    second, _ = run_batch([Job("isolated", "isolated", {})], out=out, progress=False, moves_latest=True)
    assert first != second and (first / "isolated.html").is_file()
    assert (out / "latest").resolve() == second.resolve()


def test_the_default_batch_expands_to_18_checked_reports():
    jobs = load_batch(ROOT / "reports" / "batch.yml")
    assert len(jobs) == 4 + 14
    assert {j.parameters.get("governorate") for j in jobs if j.notebook == "governorate"} >= {"Idleb", "Al-Hasakeh"}


def test_two_runs_started_at_once_both_complete_with_a_cold_shared_cache(project, tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "SYRIAWAR_ROOT": str(project), "SYRIAWAR_CACHE_DIR": str(tmp_path / "cold-cache")}
    cmd = [sys.executable, "-m", "syriawar", "report", "--notebook", "governorate", "-p", "governorate=Quneitra",
           "--no-pdf", "--workers", "1", "--out", str(tmp_path / "reports")]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    runs = sorted(d for d in (tmp_path / "reports").iterdir() if d.is_dir() and not d.is_symlink())
    assert len(runs) == 2
    for run_dir in runs:
        assert (run_dir / "governorate-quneitra.html").is_file()
        assert len(list(run_dir.glob("*.ipynb"))) == 1
    assert not [p for p in (tmp_path / "cold-cache").iterdir() if p.name.startswith(".")], "no temporary cache file left"


def test_every_figure_is_inline_svg_named_by_a_short_alt_text_that_states_its_finding(run):
    import re

    run_dir, _ = run
    page = (run_dir / "governorate-idleb.html").read_text()
    alts = re.findall(r'<svg class="chart-svg" role="img" aria-label="([^"]*)"', page)
    assert len(alts) == page.count('<figure class="chart"') == page.count("<figcaption") >= 6
    assert all(0 < len(a) <= 250 for a in alts) and "No description" not in page
    assert any("What it shows: in Idleb, deaths peaked in Oct 2012 (VDC)" in a for a in alts)
    assert not any("Sources:" in a for a in alts)  # the provenance is the caption's, not the alternative text's


def test_figure_ids_are_unique_on_a_page(run):
    import re

    run_dir, _ = run
    ids = re.findall(r'\bid="([^"]+)"', (run_dir / "governorate-idleb.html").read_text())
    assert len(ids) > 20 and len(ids) == len(set(ids))


def test_every_figure_links_the_csv_of_its_numbers_written_beside_the_report(run):
    import re

    from syriawar.chartdata import read_csv

    run_dir, _ = run
    page = (run_dir / "governorate-idleb.html").read_text()
    links = re.findall(r'<a href="(data/[^"]+\.csv)" download>Download the data</a>', page)
    assert len(links) >= page.count('<figure class="chart"') >= 6
    for link in links:
        text = (run_dir / link).read_text(encoding="utf-8")
        assert text.startswith("# title: ") and "# source and span: " in text or "table" in link
        assert len(read_csv(run_dir / link)) > 0


def test_the_runs_bibtex_parses_and_names_every_source_each_report_used(run):
    import json

    import bibtexparser

    from syriawar import catalog

    run_dir, results = run
    library = bibtexparser.loads((run_dir / "citations.bib").read_text(encoding="utf-8"))
    entries = {e["ID"]: e for e in library.entries}
    sources = json.loads((run_dir / "summary.json").read_text())["reports"]
    used = {name for r in sources if r["name"] == "governorate-idleb" for name in r["sources"]}
    assert {"ucdp_ged_syria", "vdc_governorate_days", "ocha_admin1"} <= used
    for name in used:
        src = catalog.source(name)
        entry = entries[f"{name}{src.year}"]
        assert entry["author"] == "{" + src.producer + "}" and entry["title"] == src.title and entry["year"] == src.year
        assert entry.get("doi", "") == src.doi and "Licence" in entry["note"]
    report = next(e for e in library.entries if e["ID"].startswith("syriawar_governorate_idleb"))
    assert report["title"] == "Idleb governorate, 2011-2024: VDC documented the most deaths in 2012" and report["author"] == "{Syria war workbook}"
    csl = {item["id"]: item for item in json.loads((run_dir / "citations.json").read_text(encoding="utf-8"))}
    assert set(csl) == set(entries) and csl["ucdp_ged_syria2019"]["DOI"] == "10.1177/0022343313484347"


def test_a_report_says_how_to_cite_itself_and_links_each_source_to_its_producer(run):
    from syriawar import catalog

    run_dir, _ = run
    page = (run_dir / "governorate-idleb.html").read_text()
    cite = page.split('id="how-to-cite"')[1]
    assert "This report: Syria war workbook (" in cite and 'Idleb governorate, <span class="nobr">2011-2024</span>' in cite
    assert '<a href="citations.bib">' in cite and '<a href="citations.json">' in cite
    assert '<a href="https://doi.org/10.1177/0022343313484347">' in page  # UCDP GED, by its DOI
    assert f'<a href="{catalog.source("vdc_governorate_days").homepage}">Violations Documentation Center' in page
    assert '<a href="index.html">' in page  # back to the run's index


def test_the_index_links_each_report_with_its_lead_chart_and_the_citations(run):
    run_dir, _ = run
    index = (run_dir / "index.html").read_text()
    assert '<a href="governorate-idleb.html">Idleb governorate, 2011-2024: VDC documented the most deaths in 2012</a>' in index
    thumb = re.search(r'<img class="thumb" src="thumbs/governorate-idleb.svg" alt="([^"]*)"', index)
    assert thumb and "What it shows: in Idleb, deaths peaked in" in thumb.group(1)
    assert (run_dir / "thumbs" / "governorate-idleb.svg").read_text().lstrip().startswith("<")
    assert '<a href="citations.bib">BibTeX</a>' in index


def test_pdf_metadata_names_the_workbook_and_its_sources_never_the_browser(run):
    import pikepdf

    from syriawar import __version__

    run_dir, _ = run
    with pikepdf.open(run_dir / "governorate-idleb.pdf") as pdf:
        info = {k: str(v) for k, v in pdf.docinfo.items()}
        xmp = pdf.open_metadata()
        assert info["/Creator"] == f"Syria war workbook (syriawar {__version__})" == xmp["xmp:CreatorTool"]
        assert info["/Author"].startswith("Syria war workbook; data: ") and "Uppsala Conflict Data Program" in info["/Author"]
        assert "Mozilla" not in str(info) and "Chrome" not in str(info)
        assert xmp["dc:title"] == "Idleb governorate, 2011-2024: VDC documented the most deaths in 2012"


def test_running_headers_and_footers_are_marked_as_artifacts_in_the_pdf(run):
    import pikepdf

    run_dir, _ = run
    with pikepdf.open(run_dir / "governorate-idleb.pdf") as pdf:
        for page in pdf.pages:
            depth, untagged, artifacts = 0, 0, 0
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    depth += 1
                    artifacts += bool(operands) and str(operands[0]) == "/Artifact"
                elif op == "EMC":
                    depth -= 1
                elif depth == 0 and op in ("Tj", "TJ", "'", '"'):
                    untagged += 1
            # no text outside a tag or an artifact: the header and the "page n of N" footer are artifacts
            assert untagged == 0 and artifacts >= 2


def test_pdfs_are_tagged_with_title_and_language(run):
    run_dir, _ = run
    pdf = PdfReader(run_dir / "governorate-idleb.pdf")
    root = pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("en") and pdf.metadata.title == "Idleb governorate, 2011-2024: VDC documented the most deaths in 2012"


def test_the_index_groups_reports_and_shows_each_ones_key_figure(run):
    run_dir, _ = run
    index = (run_dir / "index.html").read_text()
    assert "<main>" in index and "<h2>Governorates</h2>" in index and "<h2>Other reports</h2>" in index
    assert "Deaths documented by VDC in Idleb (a list of names, not an estimate): 15,666" in index


def test_figures_in_pdfs_are_vector_with_text_that_can_be_extracted(run):
    run_dir, _ = run
    text = "".join(p.extract_text() for p in PdfReader(run_dir / "governorate-idleb.pdf").pages)
    assert "Idleb: deaths peaked in Oct 2012 (VDC); Aug 2019 (UCDP)" in text  # a figure's title
    assert "documented" in text and "civilians" in text and "2016" in text  # its axis labels and ticks
    page = (run_dir / "governorate-idleb.html").read_text()
    # figures are inline SVG (one drawing for screen and print, text searchable), and the page stays light
    assert '<svg class="chart-svg"' in page and "data:image/svg+xml" not in page and '<img src="data:image/png' not in page
    assert len(page.encode()) < 3 * 2**20


def _alt_texts(node, seen=None) -> list[str]:
    """Every /Alt in a PDF's structure tree."""
    seen = seen if seen is not None else set()
    node = node.get_object() if hasattr(node, "get_object") else node
    if id(node) in seen:
        return []
    seen.add(id(node))
    out = []
    if isinstance(node, dict):
        if "/Alt" in node:
            out.append(str(node["/Alt"]))
        for key in ("/K", "/StructTreeRoot"):
            if key in node:
                out += _alt_texts(node[key], seen)
    elif isinstance(node, list):
        for item in node:
            out += _alt_texts(item, seen)
    return out


def test_every_figure_in_the_pdf_has_its_short_alternative_text(run):
    run_dir, _ = run
    alts = _alt_texts(PdfReader(run_dir / "governorate-idleb.pdf").trailer["/Root"]["/StructTreeRoot"])
    assert len(alts) >= 6 and all(len(a) <= 250 for a in alts)
    assert any("What it shows: in Idleb, deaths peaked in Oct 2012 (VDC)" in a for a in alts)


def test_no_figures_alt_text_repeats_the_title_drawn_above_it(run):
    import html
    import re

    run_dir, _ = run
    page = (run_dir / "governorate-idleb.html").read_text()
    for figure in re.findall(r'<figure class="chart".*?</figure>', page, re.S):
        alt = html.unescape(re.search(r'aria-label="([^"]*)"', figure).group(1))
        # the title's first line: the figure's first bold text (matplotlib writes one SVG text a line)
        first_line = html.unescape(re.search(r"font-weight: ?(?:bold|700)[^>]*>([^<]+)<", figure).group(1)).strip()
        assert first_line and not alt.startswith(first_line[:25]), (alt, first_line)


# One report of each kind in the default batch, printed as the batch prints them
PAGE_TYPES = [Job("overview", "overview", {}),
              Job("casualties-whole-war", "casualties", {"start": "2011-03-01", "end": "2024-12-31"}),
              Job("foreign_involvement", "foreign_involvement", {}),
              Job("period-brief-fall-of-assad", "period_brief", {"start": "2024-11-27", "end": "2024-12-08"}),
              Job("governorate-hama", "governorate", {"governorate": "Hama"})]
# The issue's "about 60 %" of a page, measured as pagefill does (from the body's top to its last line of ink, so a
# full page reads 94-99 %): 55 % by this measure is what the eye reads as 60 % of a page's text block
LEAST_FILL = 55
LAST_PAGE_FILL = 10  # the last page holds more than a footer line


@pytest.fixture(scope="module")
def default_pages(project):
    with pytest.MonkeyPatch.context() as mp:  # pytest restores the environment, as at the end of a test
        mp.setenv("SYRIAWAR_ROOT", str(project))
        mp.setenv("SYRIAWAR_CACHE_DIR", str(ROOT / "data" / "cache"))
        run_dir, results = run_batch(PAGE_TYPES, out=project / "reports-pages", workers=2, progress=False)
    assert all(r["status"] == "ok" for r in results), results
    return {job.name: pagefill.page_fill(run_dir / f"{job.name}.pdf") for job in PAGE_TYPES}


@pytest.mark.skipif(not pagefill.available(), reason="no pdftoppm (poppler-utils)")
@pytest.mark.parametrize("name", [job.name for job in PAGE_TYPES])
def test_no_page_of_a_default_report_but_the_last_is_left_under_60_percent_full(default_pages, name):
    fill = default_pages[name]
    assert len(fill) >= 3 and min(fill[:-1]) >= LEAST_FILL, fill


@pytest.mark.skipif(not pagefill.available(), reason="no pdftoppm (poppler-utils)")
@pytest.mark.parametrize("name", [job.name for job in PAGE_TYPES])
def test_the_last_page_of_a_default_report_holds_more_than_a_footer_line(default_pages, name):
    assert default_pages[name][-1] >= LAST_PAGE_FILL, default_pages[name]
