"""The report command: the batch a command line asks for (one notebook with -p overrides, a batch file, the
default batch), run locally or on a Dask scheduler, its summary printed, and an interrupt at any moment ended in
one line."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

from ..errors import ParameterError
from .batch import Job, check_name, check_parameters, default_batch_file, load_batch, parse_overrides, slug
from .executors import check_spec, dask_executor
from .lifecycle import Interrupted, exit_now, interrupts, stop_descendants
from .runner import BatchInterrupted, run_batch


def summary_table(results: list[dict]) -> str:
    lines = [f"{'report':<34} {'status':<7} {'seconds':>8} {'run':>6} {'html':>6} {'pdf':>6}  parameters"]
    for r in results:
        params = ", ".join(f"{k}={v}" for k, v in r["parameters"].items()) or "defaults"
        parts = " ".join(f"{r.get(k, 0.0):>6.1f}" for k in ("execute_s", "html_s", "pdf_s"))
        status = "reused" if r.get("reused") else r["status"]  # its files linked from run r["reused"]
        lines.append(f"{r['name']:<34} {status:<7} {r['seconds']:>8.1f} {parts}  {params}")
        if r["error"]:
            lines.append(f"    {r['error']}")
    engines = Counter(r["pdf_engine"] for r in results if r.get("pdf_engine"))
    if engines:  # WeasyPrint where Chromium is missing or failed: the reader should know which printed what
        lines.append("PDFs printed by " + ", ".join(f"{name} ({n})" for name, n in engines.most_common()))
    return "\n".join(lines)


def run_from_cli(args) -> int:
    if args.notebook:
        overrides = parse_overrides(args.parameter)
        jobs = []
        for nb in args.notebook:
            params = check_parameters(nb, overrides)  # also: nb names a report notebook in notebooks/
            suffix = "-".join(slug(v if isinstance(v, str) else "-".join(map(str, v))) for v in overrides.values())
            jobs.append(Job(check_name(f"{nb}-{suffix}"[:80].rstrip("-") if suffix else nb), nb, params))
        default = False
    else:
        if args.parameter:
            raise ParameterError("-p overrides need --notebook NAME (a batch file holds its own parameters)")
        batch_file = Path(args.batch) if args.batch else default_batch_file()
        jobs = load_batch(batch_file)
        default = batch_file.resolve() == default_batch_file().resolve()
    spec = check_spec(getattr(args, "executor", "local"))
    options = {"workers": args.workers, "out": Path(args.out) if args.out else None, "timeout": args.timeout,
               "pdf": not args.no_pdf, "moves_latest": default, "force": getattr(args, "force", False)}
    outcome = None
    try:
        with interrupts():
            if spec == "local":
                outcome = run_batch(jobs, **options)
            else:
                with dask_executor(spec, max(1, args.workers or os.cpu_count() or 1)) as executor:
                    outcome = run_batch(jobs, executor=executor, **options)
    except BatchInterrupted as exc:
        print(exc, file=sys.stderr)
        exit_now(128 + exc.signum)
    except Interrupted as exc:
        if outcome is None:  # before the run folder was made (after it, run_batch says BatchInterrupted)
            stop_descendants()
            print("interrupted before any report ran; reports/latest unchanged", file=sys.stderr)
            exit_now(128 + exc.signum)
        # else: the batch had finished, index and link written, when the signal came: its summary follows
    run_dir, results = outcome
    print(summary_table(results))
    reused = sum(bool(r.get("reused")) for r in results)
    if reused:
        print(f"\n{reused} of {len(results)} reports reused from earlier runs (unchanged); --force runs them all")
    print(f"\nreports: {run_dir / 'index.html'}")
    return 0 if all(r["status"] == "ok" for r in results) else 1
