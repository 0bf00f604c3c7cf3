"""A PDF printed by Chromium, finished as a publication: its running headers and footers marked as artifacts, and
its metadata naming the report's title, its author (the workbook and its sources' producers) and its creator (the
workbook and its version), not the browser.

Why: Chromium tags the page's content (headings, paragraphs, tables, figures) but paints the page margins (the
running title and "page n of N") outside any tag, so a screen reader reads them on every page as if they were
text of the report, and PDF/UA checkers flag them; and it names its own user agent as the document's Creator.
The margins are what the page paints before its first tagged content: each of those text objects and paths is
wrapped in an /Artifact marked-content sequence. Nothing else of the page changes.
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
    """Each text object and path painted outside marked content, wrapped as an /Artifact: the margins, and the
    odd drawing Chromium leaves untagged (a figure's rasterised layer, which the figure's alternative text
    describes).

    Quickly where it can be: Chromium paints the margins' text first, before the page's first tag, each text
    object on lines of its own; those are wrapped as they are written. Then a reading of the page's marking and
    painting operators alone tells whether anything else is untagged; only then is the whole page read and
    written again (reading every page in full took 0.2-0.3 s a report)."""
    import pikepdf

    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        data = contents.read_bytes()
        first = TAG.search(data)
        if first is not None and first.start() > 0:
            head = TEXT_END.sub(b"ET\nEMC\n", TEXT_START.sub(b"/Artifact BMC\nBT\n", data[:first.start()]))
            page.Contents = doc.make_stream(head + data[first.start():])
    depth = 0
    for inst in pikepdf.parse_content_stream(page, " ".join(["BDC", "BMC", "EMC", *(PAINT - {"n"}), "Tj", "TJ"])):
        op = str(inst.operator)
        depth += (op in ("BDC", "BMC")) - (op == "EMC")
        if depth == 0 and op not in ("BDC", "BMC", "EMC"):
            break  # something else is painted untagged (a clipping path, 'n', paints nothing): read the whole page
    else:
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
