"""A PDF printed by Chromium, finished as a publication: its running headers and footers marked as artifacts, and
its metadata naming the report's title, its author (the workbook and its sources' producers) and its creator (the
workbook and its version), not the browser.

Why: Chromium tags the page's content (headings, paragraphs, tables, figures) but paints the page margins (the
running title and "page n of N") outside any tag, so a screen reader reads them on every page as if they were
text of the report, and PDF/UA checkers flag them; and it names its own user agent as the document's Creator.
The margins are what the page paints before its first tagged content: each of those text objects is wrapped in
an /Artifact marked-content sequence. Nothing else of the page changes. (Chromium also leaves a figure's
rasterised layer untagged, inside the figure it belongs to; that stays as it was.)
"""

from __future__ import annotations

import html
import io
import re

META = re.compile(r'<meta name="(author|generator)" content="([^"]*)"')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
PAINT = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "n", "sh", "Do", "BI"}
PATH_START = {"m", "re"}
TAG = re.compile(rb"(?m)^/[A-Za-z]+ <<[^\n]*?>> ?BDC$")  # a tag as Chromium writes it, on a line of its own
TEXT_START = re.compile(rb"(?m)^BT\n")
TEXT_END = re.compile(rb"(?m)^ET\n")


def page_metadata(page: str) -> dict[str, str]:
    """Title, author and creator as the report page's <title> and <meta> elements give them."""
    found = {name: html.unescape(value) for name, value in META.findall(page[:20000])}
    title = TITLE.search(page[:20000])
    return {"title": html.unescape(title.group(1).strip()) if title else "", "author": found.get("author", ""),
            "creator": found.get("generator", "")}


def finish(pdf: bytes, title: str = "", author: str = "", creator: str = "", artifacts: bool = True) -> bytes:
    """``pdf`` with untagged page content marked as artifacts (if ``artifacts``) and the metadata given set, in the
    document information and in XMP."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if artifacts:
            for page in doc.pages:
                _mark_margins(doc, page)
        values = {"/Title": title, "/Author": author, "/Creator": creator, "/Producer": creator}
        for name, value in values.items():
            if value:
                doc.docinfo[name] = value
        with doc.open_metadata(set_pikepdf_as_editor=False) as xmp:
            if title:
                xmp["dc:title"] = title
            if author:
                xmp["dc:creator"] = [author]
            if creator:
                xmp["xmp:CreatorTool"] = creator
                xmp["pdf:Producer"] = creator
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def _mark_margins(doc, page) -> None:
    """The page's margins (running header and footer) marked as artifacts.

    Chromium paints them first, before the page's first tag, each text object on lines of its own: those are
    wrapped where they are written, without reading the rest of the page (reading a page of figures in full took
    0.2-0.3 s a report). A page written otherwise (several content streams, no tag) is read in full, and every
    text object and path painted outside marked content is wrapped."""
    import pikepdf

    contents = page.obj.get("/Contents")
    data = contents.read_bytes() if isinstance(contents, pikepdf.Stream) else b""
    first = TAG.search(data)
    if first is not None:
        head = TEXT_END.sub(b"ET\nEMC\n", TEXT_START.sub(b"/Artifact BMC\nBT\n", data[:first.start()]))
        page.Contents = doc.make_stream(head + data[first.start():])
        return
    marked, changed = _marked(pikepdf.parse_content_stream(page))
    if changed:
        page.Contents = doc.make_stream(pikepdf.unparse_content_stream(marked))


def _marked(ops: list) -> tuple[list, bool]:
    """``ops`` with each text object and path painted outside marked content wrapped as an /Artifact; and
    whether any was."""
    import pikepdf

    out, depth, pending, changed = [], 0, None, False
    artifact = pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
    end = pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))
    for inst in ops:
        op = str(inst.operator)
        if op in ("BDC", "BMC"):
            depth += 1
        elif op == "EMC":
            depth -= 1
        if depth == 0 and pending is None and (op == "BT" or op in PATH_START or op in ("Do", "sh", "BI")):
            out.append(artifact)
            pending = "ET" if op == "BT" else "paint"
            changed = True
        out.append(inst)
        if pending == "ET" and op == "ET" or pending == "paint" and op in PAINT:
            out.append(end)
            pending = None
    if pending is not None:
        out.append(end)
    return out, changed
