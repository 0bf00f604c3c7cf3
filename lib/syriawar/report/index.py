"""The index of a run: its reports grouped (national, foreign involvement, periods, governorates), each with its
title, first key figure, parameters, status and files; and ``summary.json`` beside it."""

from __future__ import annotations

import html
import json
from pathlib import Path

GROUPS = {"overview": "The war as a whole", "casualties": "The war as a whole", "foreign_involvement": "Foreign involvement",
          "period_brief": "Periods", "governorate": "Governorates"}
STYLE = """body{font-family:"DejaVu Sans",sans-serif;max-width:1100px;margin:2em auto;color:#222}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:5px;text-align:left;vertical-align:top}
tr.failed td{background:#fff0f0}.err{color:#a00;font-size:11px;white-space:pre-wrap}.key{color:#0072B2}"""


def _row(r: dict) -> str:
    params = ", ".join(f"{k}={v}" for k, v in r["parameters"].items()) or "defaults"
    links = " ".join(f'<a href="{html.escape(r[k])}">{k.upper()}</a>' for k in ("html", "pdf") if r.get(k))
    links += f' <a href="{html.escape(r["name"])}.ipynb">notebook</a>'
    err = f'<div class="err">{html.escape(r["error"])}</div>' if r["error"] else ""
    key = f'<br><span class="key">{html.escape(r["key_figure"])}</span>' if r.get("key_figure") else ""
    return (f'<tr class="{r["status"]}"><td>{html.escape(r.get("title", r["name"]))}{key}<br><small>{html.escape(r["name"])}</small></td>'
            f'<td>{html.escape(params)}</td><td>{r["status"]}{err}</td><td>{r["seconds"]:.1f}</td><td>{links}</td></tr>')


def write_index(run_dir: Path, run_id: str, started: str, commit: str, results: list[dict], seconds: float) -> Path:
    groups: dict[str, list[str]] = {}
    for r in results:
        groups.setdefault(GROUPS.get(r["notebook"], "Other reports"), []).append(_row(r))
    sections = "".join(f"<h2>{html.escape(g)}</h2><table><tr><th>report</th><th>parameters</th><th>status</th>"
                       f"<th>seconds</th><th>files</th></tr>{''.join(rows)}</table>" for g, rows in groups.items())
    ok = sum(r["status"] == "ok" for r in results)
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Reports {html.escape(run_id)}</title>'
            f"<style>{STYLE}</style></head><body><main><h1>Syria war workbook: reports</h1>"
            f"<p>Run {html.escape(run_id)}, started {html.escape(started)}, commit {html.escape(commit)}; {ok} of "
            f"{len(results)} reports succeeded in {seconds:.1f} s.</p>{sections}</main></body></html>")
    path = run_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    (run_dir / "summary.json").write_text(json.dumps({"run_id": run_id, "started": started, "commit": commit,
                                                       "seconds": seconds, "reports": results}, indent=2, default=str))
    return path
