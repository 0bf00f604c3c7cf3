"""How to cite a report and the sources it read: text for the page, BibTeX and CSL-JSON for reference managers.

Everything about a source comes from the catalog (``data/sources.toml``: producer, title, version, year, DOI or
address, licence), the one place it is written; a report's own entry from its title, run and commit.
"""

from __future__ import annotations

import json
import re

from . import __version__, catalog

WORKBOOK = "Syria war workbook"
# BibTeX (LaTeX) gives these characters a meaning of their own: written escaped
_BIB_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def author(sources: list[catalog.Source]) -> str:
    """Who a report is by, for its metadata: the workbook, and the producers of the data it read."""
    producers = list(dict.fromkeys(s.producer for s in sources))
    return WORKBOOK + (f"; data: {'; '.join(producers)}" if producers else "")


def creator() -> str:
    """What made the reports, for a PDF's Creator: the workbook and its version."""
    return f"{WORKBOOK} (syriawar {__version__})"


def used_sources(rows: list[dict]) -> list[catalog.Source]:
    """The catalog entries of a report's provenance rows (syriawar.notebook.sources_used), each once, in order.
    A row is matched by its catalog name, or by its title (rows written before names were recorded)."""
    every = catalog.sources()
    by_title = {s.title: s for s in every.values()}
    found: dict[str, catalog.Source] = {}
    for row in rows:
        src = every.get(row.get("name", "")) or by_title.get(row.get("source", ""))
        if src is not None:
            found.setdefault(src.name, src)
    return list(found.values())


def address(src: catalog.Source) -> str:
    """Where a reader finds the source: its DOI as an address, else its producer's page, else its download."""
    return f"https://doi.org/{src.doi}" if src.doi else (src.homepage or src.url)


def source_text(src: catalog.Source, with_address: bool = True) -> str:
    """One source cited in words: producer (year). title, version. Licence. address."""
    year = f" ({src.year})" if src.year else ""
    where = f" {address(src)}" if with_address and address(src) else ""
    return f"{src.producer}{year}. {src.title}, version {src.version}. Licence: {src.licence}.{where}"


def report_text(title: str, run_id: str, started: str, commit: str) -> str:
    """The report cited in words."""
    return (f"{WORKBOOK} ({started[:4]}). {title}. Report of run {run_id}, syriawar {__version__}, commit {commit}; "
            f"generated {started}.")


def key(src: catalog.Source) -> str:
    return f"{src.name}{src.year}"


def report_key(name: str, run_id: str) -> str:
    return "syriawar_" + re.sub(r"[^A-Za-z0-9]+", "_", f"{name}_{run_id}").strip("_")


def _bib(value: str) -> str:
    return "".join(_BIB_SPECIAL.get(c, c) for c in " ".join(str(value).split()))


def _entry(kind: str, entry_key: str, fields: dict[str, str]) -> str:
    body = ",\n".join(f"  {k} = {{{_bib(v)}}}" for k, v in fields.items() if v)
    return f"@{kind}{{{entry_key},\n{body}\n}}\n"


def source_bibtex(src: catalog.Source) -> str:
    """The source as a BibTeX @misc entry (the producer an institution: in double braces, never split into names)."""
    fields = {"title": src.title, "year": src.year, "version": src.version, "doi": src.doi,
              "url": src.homepage or src.url, "howpublished": "Dataset",
              "note": f"Licence: {src.licence}. Coverage: {src.coverage}. Cite also: {src.citation}"}
    body = _entry("misc", key(src), fields)
    return body.replace(",\n", f",\n  author = {{{{{_bib(src.producer)}}}}},\n", 1)


def report_bibtex(name: str, title: str, run_id: str, started: str, commit: str, sources: list[catalog.Source]) -> str:
    fields = {"title": title, "year": started[:4], "version": f"syriawar {__version__}, commit {commit}",
              "howpublished": f"HTML and PDF report {name}, run {run_id}",
              "note": "Sources: " + "; ".join(s.title for s in sources) if sources else ""}
    body = _entry("misc", report_key(name, run_id), fields)
    return body.replace(",\n", f",\n  author = {{{{{_bib(WORKBOOK)}}}}},\n", 1)


def bibtex(reports: list[dict], sources: list[catalog.Source]) -> str:
    """A .bib file: each report (dicts of name, title, run_id, started, commit, sources) and each source once."""
    header = f"% How to cite the reports of this run and the data they read; written by {creator()}.\n\n"
    parts = [report_bibtex(r["name"], r["title"], r["run_id"], r["started"], r["commit"], r["sources"]) for r in reports]
    return header + "\n".join(parts + [source_bibtex(s) for s in sources])


def source_csl(src: catalog.Source) -> dict:
    item = {"id": key(src), "type": "dataset", "title": src.title, "author": [{"literal": src.producer}],
            "publisher": src.producer, "version": src.version, "URL": src.homepage or src.url,
            "note": f"Licence: {src.licence}. Coverage: {src.coverage}."}
    if src.year:
        item["issued"] = {"date-parts": [[int(src.year)]]}
    if src.doi:
        item["DOI"] = src.doi
    return item


def report_csl(r: dict) -> dict:
    return {"id": report_key(r["name"], r["run_id"]), "type": "report", "title": r["title"],
            "author": [{"literal": WORKBOOK}], "issued": {"date-parts": [[int(r["started"][:4])]]},
            "version": f"syriawar {__version__}, commit {r['commit']}", "number": r["run_id"],
            "note": "Sources: " + "; ".join(s.title for s in r["sources"])}


def csl_json(reports: list[dict], sources: list[catalog.Source]) -> str:
    """CSL-JSON (Zotero, Pandoc, citeproc) of the same entries as ``bibtex``."""
    return json.dumps([report_csl(r) for r in reports] + [source_csl(s) for s in sources], indent=1, ensure_ascii=False)
