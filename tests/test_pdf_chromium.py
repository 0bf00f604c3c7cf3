"""Report PDFs printed by Chromium: tagged, titled, with each figure's alternative text and the page header; a page
fetches nothing; without a working Chromium, WeasyPrint prints the report."""

import http.server
import re
import threading

import nbformat
import pikepdf
import pytest
from pypdf import PdfReader

import pagefill
from syriawar.errors import ParameterError
from syriawar.report import chromium, render
from syriawar.report.render import pdf_engine, render_html, render_pdf

needs_chromium = pytest.mark.skipif(not chromium.available(), reason="no Chromium (.ci/run installs Debian's)")

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="120pt" viewBox="0 0 300 120">'
       '<rect x="10" y="10" width="280" height="100" fill="#0072B2"/>'
       '<text x="40" y="70" font-family="DejaVu Sans" font-size="14">Marker in the drawing</text></svg>')
ALT = "Deaths per month. Source: a test file, v1, 2016-01 to 2019-11"


TABLE = ('<div class="table-wrap"><table><thead><tr><th>year</th><th>deaths</th></tr></thead><tbody><tr><td>2016</td>'
         "<td>40,865</td></tr></tbody></table></div>")


def _report(title: str, extra_html: str = "", svg: str = SVG, table: str = TABLE) -> str:
    """A small report through the project's own template: a heading, a paragraph, a figure with its alt text, a table."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Heading\n\nA paragraph of the report." + extra_html),
                nbformat.v4.new_code_cell("show(fig)", outputs=[nbformat.v4.new_output(
                    "display_data", data={"image/svg+xml": svg, "text/plain": ALT},
                    metadata={"image/svg+xml": {"alt": ALT}})]),
                nbformat.v4.new_code_cell("table(t)", outputs=[nbformat.v4.new_output(
                    "display_data", data={"text/html": table})])]
    return render_html(nb, {"title": title, "notebook": "test", "parameters": {"governorate": "Idleb"}, "sources": []})


def _alts(node, seen=None) -> list[str]:
    seen = set() if seen is None else seen
    if isinstance(node, pikepdf.Dictionary):
        if node.objgen != (0, 0) and node.objgen in seen:
            return []
        seen.add(node.objgen)
        found = [str(node.Alt)] if "/Alt" in node else []
        return found + (_alts(node.K, seen) if "/K" in node else [])
    if isinstance(node, pikepdf.Array):
        return [a for item in node for a in _alts(item, seen)]
    return []


@needs_chromium
def test_a_report_printed_by_chromium_is_tagged_titled_and_keeps_its_figures_text_and_alt_text(tmp_path):
    title = 'Idleb governorate, 2011-2024: "quoted" </style> & more'
    assert render_pdf(_report(title), tmp_path / "r.pdf", engine="chromium") == "chromium"
    with pikepdf.open(tmp_path / "r.pdf") as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked and "/StructTreeRoot" in root
        assert str(root.Lang).startswith("en") and str(pdf.docinfo.Title) == title
        assert ALT in _alts(root.StructTreeRoot)
    text = PdfReader(tmp_path / "r.pdf").pages[0].extract_text()
    assert "Marker in the drawing" in text  # the SVG's text is text in the PDF, not pixels
    assert "40,865" in text and "A paragraph of the report." in text
    # the page header carries the title, written literally however it is spelt, and the footer the page count
    assert title in text and "Syria war workbook" in text and "page 1 of 1" in text


@needs_chromium
def test_text_in_figures_is_printed_letter_by_letter_so_it_can_be_copied_and_searched(tmp_path, monkeypatch):
    import IPython.display

    from syriawar import notebook, style

    fig, ax = style.figure(height=2.0)
    ax.plot([0, 1], [0, 1])
    style.add_caption(fig, "Sources: few fighters in conflict files")
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda data, **kw: shown.append(data["image/svg+xml"]))
    notebook.show(fig)
    render_pdf(_report("t", svg=shown[0]), tmp_path / "r.pdf", engine="chromium")
    text = PdfReader(tmp_path / "r.pdf").pages[0].extract_text()
    assert "few fighters in conflict files" in text  # not "ﬁghters in conﬂict"


@needs_chromium
def test_dates_and_year_ranges_are_never_broken_across_lines(tmp_path):
    long = "A dyad with a long name that fills its column, " * 3
    rows = "".join(f"<tr><td>2016-0{m}-01 to 2016-0{m}-28</td><td>{long}</td><td>{long}</td><td>{long}</td></tr>"
                   for m in range(1, 6))
    table = f'<div class="table-wrap"><table><thead><tr><th>date</th><th>a</th><th>b</th><th>c</th></tr></thead>' \
            f"<tbody>{rows}</tbody></table></div>"
    render_pdf(_report("Foreign involvement in Syria's war, 2011-2024 " + "and a long title " * 3, table=table),
               tmp_path / "r.pdf", engine="chromium")
    text = PdfReader(tmp_path / "r.pdf").pages[0].extract_text()
    for m in range(1, 6):  # a line broken after a hyphen would read "2016-" and "01-01" (pdftotext: "201601-01")
        assert f"2016-0{m}-01" in text and f"2016-0{m}-28" in text
    assert "2011-2024" in text


@needs_chromium
def test_a_report_page_runs_no_script_and_fetches_nothing(tmp_path):
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        html = _report("t", f'\n\n<img src="{url}/tracker.png" alt="x"><script>fetch("{url}/script")</script>')
        render_pdf(html, tmp_path / "r.pdf", engine="chromium")
    finally:
        server.shutdown()
    assert requests == [] and (tmp_path / "r.pdf").stat().st_size > 0


def test_without_chromium_weasyprint_prints_the_report(tmp_path, monkeypatch):
    monkeypatch.delenv(render.PDF_ENGINE_ENV, raising=False)
    monkeypatch.setenv(chromium.EXECUTABLE_ENV, str(tmp_path / "no-such-chromium"))
    assert not chromium.available() and pdf_engine() == "weasyprint"
    assert render_pdf(_report("t"), tmp_path / "r.pdf") == "weasyprint"
    assert "Marker in the drawing" in PdfReader(tmp_path / "r.pdf").pages[0].extract_text()


def test_a_chromium_that_cannot_start_leaves_the_report_to_weasyprint(tmp_path, monkeypatch):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    broken.chmod(0o755)
    printer = chromium.Printer(str(broken))
    monkeypatch.setattr(chromium, "printer", lambda: printer)
    try:
        with pytest.raises(chromium.PrintError, match="could not start"):
            printer.pdf("<p>x</p>", timeout=30)
        assert render_pdf(_report("t"), tmp_path / "r.pdf", engine="chromium") == "weasyprint"
    finally:
        printer.close()
    assert "Marker in the drawing" in PdfReader(tmp_path / "r.pdf").pages[0].extract_text()


@pytest.mark.parametrize("value", ["word", "wkhtmltopdf"])
def test_a_wrong_pdf_engine_is_one_error_naming_the_variable_and_the_choices(monkeypatch, value):
    monkeypatch.setenv(render.PDF_ENGINE_ENV, value)
    with pytest.raises(ParameterError) as err:
        pdf_engine()
    assert render.PDF_ENGINE_ENV in str(err.value) and value in str(err.value)
    assert "chromium" in str(err.value) and "weasyprint" in str(err.value)


def test_chromium_asked_for_but_missing_is_one_error_saying_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv(render.PDF_ENGINE_ENV, "chromium")
    monkeypatch.setenv(chromium.EXECUTABLE_ENV, str(tmp_path / "no-such-chromium"))
    with pytest.raises(ParameterError, match="no Chromium was found.*SYRIAWAR_CHROMIUM"):
        pdf_engine()


def test_a_title_becomes_a_css_string_that_cannot_end_its_style_element():
    quoted = render.css_string('Dar\'a "x" </style><script>')
    assert quoted.startswith('"') and quoted.endswith('"') and '"' not in quoted[1:-1]
    assert "<" not in quoted and ">" not in quoted and "\\27 " in quoted


def test_a_chromium_that_stops_answering_is_given_up_and_weasyprint_prints_the_rest(tmp_path, monkeypatch):
    printer = chromium.Printer("/no/chromium")
    monkeypatch.setattr(printer, "start", lambda: printer)  # no browser thread: nothing will ever answer
    monkeypatch.setattr(chromium, "printer", lambda: printer)
    monkeypatch.setattr(chromium, "GRACE_S", 0)
    with pytest.raises(chromium.PrintError, match="no PDF after 1 s"):
        printer.pdf("<p>x</p>", timeout=1)
    with pytest.raises(chromium.PrintError, match="stopped answering earlier"):
        printer.pdf("<p>x</p>")  # at once
    assert render_pdf(_report("t"), tmp_path / "r.pdf", engine="chromium") == "weasyprint"


def test_only_text_is_marked_up_to_keep_dates_whole_never_tags_titles_or_styles():
    page = ('<title>War, 2011-2024</title><style>@page { content: "2011-2024" }</style><!-- 2016-01 -->'
            '<img alt="a > b, 2016-01-01 to 2019-12-01" src="data:x"><td>2016-01-01 to 2016-12</td><p>ged_2016-2019.csv</p>')
    assert render.keep_dates_whole(page) == (
        '<title>War, 2011-2024</title><style>@page { content: "2011-2024" }</style><!-- 2016-01 -->'
        '<img alt="a > b, 2016-01-01 to 2019-12-01" src="data:x"><td><span class="nobr">2016-01-01</span> to '
        '<span class="nobr">2016-12</span></td><p>ged_2016-2019.csv</p>')


def test_the_batch_summary_says_which_engine_printed_the_pdfs():
    from syriawar.report.command import summary_table

    rows = [{"name": n, "status": "ok", "seconds": 1.0, "parameters": {}, "error": "", "pdf_engine": e}
            for n, e in (("a", "chromium"), ("b", "chromium"), ("c", "weasyprint"))]
    assert summary_table(rows).splitlines()[-1] == "PDFs printed by chromium (2), weasyprint (1)"


def _result(run_dir, name: str, page: str | None) -> dict:
    """A report as a worker hands it over: executed, its HTML page written (unless ``page`` is None)."""
    if page is not None:
        (run_dir / f"{name}.html").write_text(page, encoding="utf-8")
    return {"name": name, "status": "ok", "error": "", "seconds": 1.0, "html": f"{name}.html", "pdf": ""}


@needs_chromium
def test_a_batch_printer_prints_each_page_it_is_given_and_fails_only_what_it_cannot_read(tmp_path):
    from syriawar.report.printing import BatchPrinter

    printer, finished = BatchPrinter(tmp_path), []
    try:
        futures = [printer.submit(_result(tmp_path, "gone", None), then=finished.append),
                   printer.submit(_result(tmp_path, "idleb", _report("Idleb")), then=finished.append)]
        gone, idleb = (f.result() for f in futures)
    finally:
        printer.close()
    assert finished == [gone, idleb]  # each result is handed on before its future is done
    assert gone["status"] == "failed" and "gone.html" in gone["error"] and not (tmp_path / "gone.pdf").exists()
    assert idleb["status"] == "ok" and idleb["pdf"] == "idleb.pdf" and idleb["pdf_engine"] == "chromium"
    assert idleb["seconds"] == round(1.0 + idleb["pdf_s"], 2)
    assert "Marker in the drawing" in PdfReader(tmp_path / "idleb.pdf").pages[0].extract_text()


@needs_chromium
def test_a_local_batch_prints_its_pdfs_with_one_browser_in_its_own_process(tmp_path, monkeypatch):
    """Not a browser and a Playwright driver in each worker: one, in the batch's own process."""
    from projectfactory import code_notebook, project_copy
    from syriawar.report.batch import Job
    from syriawar.report.runner import run_batch

    root = project_copy(tmp_path / "project", notebooks=False)
    code_notebook(root / "notebooks" / "quick.ipynb", "print(x)", "Quick")
    monkeypatch.setenv("SYRIAWAR_ROOT", str(root))
    monkeypatch.delenv(render.PDF_ENGINE_ENV, raising=False)
    started, real = [], chromium.Printer.start
    monkeypatch.setattr(chromium.Printer, "start", lambda self: started.append(self) or real(self))
    jobs = [Job(f"quick-{i}", "quick", {}) for i in range(3)]
    run_dir, results = run_batch(jobs, out=root / "reports", workers=2, progress=False)
    assert [r["status"] for r in results] == ["ok"] * 3
    assert {r["pdf_engine"] for r in results} == {"chromium"} and all((run_dir / r["pdf"]).is_file() for r in results)
    assert len(set(map(id, started))) == 1  # the batch's own process printed all three, with one browser


def test_a_batch_printer_whose_browser_cannot_start_leaves_the_reports_to_weasyprint(tmp_path):
    from syriawar.report.printing import BatchPrinter

    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    printer = BatchPrinter(tmp_path, chromium.Printer(str(broken)))
    try:
        result = printer.submit(_result(tmp_path, "idleb", _report("Idleb"))).result()
    finally:
        printer.close()
    assert result["status"] == "ok" and result["pdf_engine"] == "weasyprint"
    assert "Marker in the drawing" in PdfReader(tmp_path / "idleb.pdf").pages[0].extract_text()


@needs_chromium
def test_a_chromium_pdf_names_the_workbook_as_creator_and_marks_its_page_margins_as_artifacts(tmp_path):
    from syriawar import __version__

    render_pdf(_report("Idleb governorate, 2011-2024"), tmp_path / "r.pdf", engine="chromium")
    with pikepdf.open(tmp_path / "r.pdf") as pdf:
        assert str(pdf.docinfo.Creator) == f"Syria war workbook (syriawar {__version__})"
        assert str(pdf.docinfo.Author) == "Syria war workbook"  # this report read no source
        ops = [(str(operator), [str(o) for o in operands]) for operands, operator in pikepdf.parse_content_stream(pdf.pages[0])]
    first_tagged = next(i for i, (op, _) in enumerate(ops) if op == "BDC")
    header = [i for i, (op, _) in enumerate(ops[:first_tagged]) if op == "BT"]
    assert header and all(ops[i - 1] == ("BMC", ["/Artifact"]) for i in header)  # painted in the margin, as artifacts


def _tall_svg(height_pt: float, label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="493pt" height="{height_pt}pt" viewBox="0 0 493 {height_pt}">'
            f'<rect x="0" y="0" width="493" height="{height_pt}" fill="#0072B2"/>'
            f'<text x="20" y="40" font-family="DejaVu Sans" font-size="14">{label}</text></svg>')


def _pages(html: str, path) -> list[str]:
    assert render_pdf(html, path, engine="chromium") == "chromium"
    return [page.extract_text() for page in PdfReader(path).pages]


@needs_chromium
@pytest.mark.skipif(not pagefill.available(), reason="no pdftoppm (poppler-utils)")
def test_a_section_heading_and_its_text_before_a_figure_too_tall_for_the_page_stay_on_that_page(tmp_path):
    nb = nbformat.v4.new_notebook()
    prose = " ".join(["A sentence of the report's prose that leads with what the chart shows."] * 15)
    nb.cells = [nbformat.v4.new_markdown_cell(f"# Heading\n\n{prose}\n\n{prose}"),
                nbformat.v4.new_markdown_cell("## A section\n\nIts short introduction, two lines long, which says what "
                                              "the chart below counts and over which years it counts it."),
                nbformat.v4.new_code_cell("show(fig)", outputs=[nbformat.v4.new_output(
                    "display_data", data={"image/svg+xml": _tall_svg(400, "The tall chart"), "text/plain": ALT},
                    metadata={"image/svg+xml": {"alt": ALT}})])]
    html = render_html(nb, {"title": "t", "notebook": "test", "sources": []})
    pages = _pages(html, tmp_path / "r.pdf")
    # the section starts on page one; only the figure, which cannot fit there, moves on
    assert "A section" in pages[0] and "two lines long" in pages[0] and "The tall chart" in pages[1]
    assert pagefill.page_fill(tmp_path / "r.pdf")[0] >= 60


@needs_chromium
@pytest.mark.skipif(not pagefill.available(), reason="no pdftoppm (poppler-utils)")
@pytest.mark.parametrize("drawn_pt, printed_mm", [(368, 118), (500, 0.9 * 500 / 72 * 25.4), (300, 300 / 72 * 25.4)])
def test_a_tall_figure_prints_at_most_118_mm_tall_but_never_below_nine_tenths_of_its_size(tmp_path, drawn_pt, printed_mm):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("show(fig)", outputs=[nbformat.v4.new_output(
        "display_data", data={"image/svg+xml": _tall_svg(drawn_pt, "A figure"), "text/plain": ALT},
        metadata={"image/svg+xml": {"alt": ALT}})])]
    html = render_html(nb, {"title": "t", "notebook": "test", "sources": []})
    assert f"--drawn-height: {drawn_pt}pt" in html
    render_pdf(html, tmp_path / "r.pdf", engine="chromium")
    # two halves of a page that fits a 130 mm figure twice with its heading: 118 mm each
    assert pagefill.figure_height_mm(tmp_path / "r.pdf") == pytest.approx(printed_mm, abs=1.5)


def test_a_figure_is_never_shrunk_in_print_below_nine_tenths_of_its_drawn_size():
    css = render.CSS.read_text()
    rule = re.search(r"@media print\s*\{\s*figure\.chart svg\.chart-svg\s*\{([^}]*)\}", css).group(1)
    assert "max(118mm, calc(var(--drawn-height, 118mm) * 0.9))" in rule
