"""The index of a run: its reports grouped (national, foreign involvement, periods, governorates), each with its
title, first key figure, a thumbnail of its lead chart, parameters, status and files; the run's citations; and
``summary.json`` beside it. The files the reports link to (data, citations, thumbnails) are written first (see
runfiles)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from .runfiles import write_run_files

GROUPS = {"overview": "The war as a whole", "casualties": "The war as a whole", "foreign_involvement": "Foreign involvement",
          "period_brief": "Periods", "governorate": "Governorates"}
STYLE = """body{font-family:"DejaVu Sans",sans-serif;max-width:1100px;margin:2em auto;color:#222}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:5px;text-align:left;vertical-align:top}
tr.failed td{background:#fff0f0}.err{color:#a00;font-size:11px;white-space:pre-wrap}.key{color:#005a8c}
img.thumb{width:220px;height:auto;border:1px solid #eee}a{color:#005a8c}"""


def _row(r: dict) -> str:
    params = ", ".join(f"{k}={v}" for k, v in r["parameters"].items()) or "defaults"
    links = " ".join(f'<a href="{html.escape(r[k])}">{k.upper()}</a>' for k in ("html", "pdf") if r.get(k))
    links += f' <a href="{html.escape(r["name"])}.ipynb">notebook</a>'
    err = f'<div class="err">{html.escape(r["error"])}</div>' if r["error"] else ""
    key = f'<br><span class="key">{html.escape(r["key_figure"])}</span>' if r.get("key_figure") else ""
    title = html.escape(r.get("title", r["name"]))
    if r.get("html"):
        title = f'<a href="{html.escape(r["html"])}">{title}</a>'
    lead = r.get("lead_chart")
    thumb = (f'<img class="thumb" src="{html.escape(lead["file"])}" alt="{html.escape(lead["alt"], quote=True)}">'
             if lead else "")
    return (f'<tr class="{r["status"]}"><td>{title}{key}<br><small>{html.escape(r["name"])}</small></td><td>{thumb}</td>'
            f'<td>{html.escape(params)}</td><td>{r["status"]}{err}</td><td>{r["seconds"]:.1f}</td><td>{links}</td></tr>')


def write_index(run_dir: Path, run_id: str, started: str, commit: str, results: list[dict], seconds: float) -> Path:
    write_run_files(run_dir, run_id, started, commit, results)
    groups: dict[str, list[str]] = {}
    for r in results:
        groups.setdefault(GROUPS.get(r["notebook"], "Other reports"), []).append(_row(r))
    sections = "".join(f'<h2>{html.escape(g)}</h2><table><caption class="visually-hidden">{html.escape(g)}</caption>'
                       '<tr><th scope="col">report</th><th scope="col">lead chart</th><th scope="col">parameters</th>'
                       '<th scope="col">status</th><th scope="col">seconds</th><th scope="col">files</th></tr>'
                       f"{''.join(rows)}</table>" for g, rows in groups.items())
    ok = sum(r["status"] == "ok" for r in results)
    cite = ""
    if (run_dir / "citations.bib").is_file():
        cite = ('<h2>How to cite</h2><p>Each report and every source its data came from, for reference managers: '
                '<a href="citations.bib">BibTeX</a>, <a href="citations.json">CSL-JSON</a>. Each report ends with its '
                'citation in words and its sources, linked to their producers.</p>')
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Reports {html.escape(run_id)}</title>'
            f"<style>{STYLE}.visually-hidden{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}}"
            f"</style></head><body><main><h1>Syria war workbook: reports</h1>"
            f"<p>Run {html.escape(run_id)}, started {html.escape(started)}, commit {html.escape(commit)}; {ok} of "
            f"{len(results)} reports succeeded in {seconds:.1f} s.</p>{sections}{cite}</main></body></html>")
    path = run_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    (run_dir / "summary.json").write_text(json.dumps({"run_id": run_id, "started": started, "commit": commit,
                                                       "seconds": seconds, "reports": results}, indent=2, default=str))
    return path
