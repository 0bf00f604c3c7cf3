"""Running a batch: papermill in parallel worker processes, then HTML per notebook there and its PDF here (see
printing), an index, and ``reports/latest`` moved to the new run only when every report succeeded.

Each run writes to its own new folder ``reports/<run-id>/``; nothing of an earlier run is touched. Each
notebook gets a fresh kernel (no state carries from one report to another), talking over IPC sockets so
parallel kernels cannot collide on ports. A notebook that fails, dies or times out fails alone.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import secrets
import sys
import tempfile
import time
import warnings
from collections import Counter
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from ..errors import ParameterError, WorkbookError
from ..paths import project_root
from . import chromium
from .batch import Job, check_parameters, default_batch_file, load_batch, notebooks_dir, parse_overrides, slug
from .executors import check_spec, dask_executor
from .index import write_index
from .lifecycle import Interrupted, exit_now, interrupts, stop_descendants, worker_init
from .nbvalidation import skip_iri_grammar
from .render import key_figure_of, pdf_engine, provenance_from, render_html, render_pdf, title_of


def reports_dir() -> Path:
    return project_root() / "reports"


MIN_FREE_BYTES = 200 * 2**20  # a batch writes some tens of MB; below this it would fail half-way


class BatchInterrupted(WorkbookError):
    """A batch stopped by SIGINT or SIGTERM: its processes are stopped and ``reports/latest`` is unchanged."""

    def __init__(self, signum: int, finished: int, total: int, run_dir: Path):
        self.signum, self.finished, self.total, self.run_dir = signum, finished, total, run_dir
        super().__init__(f"interrupted: {finished} of {total} reports finished, in {run_dir}; reports/latest unchanged")


def check_writable(base: Path) -> None:
    """One clear error before any notebook runs when the reports folder cannot take a run."""
    import shutil

    try:
        base.mkdir(parents=True, exist_ok=True)
        probe = base / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise WorkbookError(f"reports folder {base} is not writable ({exc.strerror or exc}); expected a folder the "
                            "batch can create runs in (see --out)") from exc
    free = shutil.disk_usage(base).free
    if free < MIN_FREE_BYTES:
        raise WorkbookError(f"reports folder {base} has {free / 2**20:,.0f} MB free; a batch needs at least "
                            f"{MIN_FREE_BYTES / 2**20:,.0f} MB. Free some space or choose another folder with --out")


def new_run_dir(base: Path) -> tuple[str, Path]:
    base.mkdir(parents=True, exist_ok=True)
    while True:
        run_id = f"{datetime.now(timezone.utc):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        path = base / run_id
        try:
            path.mkdir()
            return run_id, path
        except FileExistsError:
            continue


def run_job(job: dict, run_dir: str, run_id: str, started: str, commit: str, timeout: int, pdf: bool,
            kernel_name: str = "python3") -> dict:
    """Execute one notebook and render it. Runs in a worker process; never raises."""
    skip_iri_grammar()
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from .kernels import IPCKernelManager

    run_dir_p = Path(run_dir)
    out_nb = run_dir_p / f"{job['name']}.ipynb"
    engine = pdf_engine() if pdf else ""
    if engine == "chromium":
        chromium.printer().start()  # the browser starts while the notebook runs
    result = {**job, "status": "ok", "seconds": 0.0, "error": "", "html": "", "pdf": ""}
    t0 = time.perf_counter()
    nb = None
    try:
        nb = papermill.execute_notebook(
            str(notebooks_dir() / f"{job['notebook']}.ipynb"), str(out_nb), parameters=job["parameters"],
            kernel_name=kernel_name, progress_bar=False, request_save_on_cell_execute=False,
            cwd=str(notebooks_dir()), execution_timeout=timeout, kernel_manager_class=IPCKernelManager)
    except PapermillExecutionError as exc:
        result.update(status="failed", error=f"{exc.ename}: {exc.evalue}"[:500])
    except Exception as exc:  # a dead kernel or a timeout fails this notebook only
        result.update(status="failed", error=f"{type(exc).__name__}: {exc}"[:500])
    result["seconds"] = result["execute_s"] = round(time.perf_counter() - t0, 2)
    if result["status"] != "ok":
        return result
    try:
        if nb is None:  # papermill returns the notebook it wrote; read it back only if it did not
            nb = nbformat.read(out_nb, as_version=4)
        meta = {"title": title_of(nb, job["name"]), "notebook": job["notebook"], "parameters": job["parameters"],
                "sources": provenance_from(nb), "commit": commit, "run_id": run_id, "started": started,
                "duration": f"{result['seconds']:.1f}"}
        t1 = time.perf_counter()
        page = render_html(nb, meta)
        (run_dir_p / f"{job['name']}.html").write_text(page, encoding="utf-8")
        result["html_s"] = round(time.perf_counter() - t1, 2)
        result["html"] = f"{job['name']}.html"
        result["title"] = meta["title"]
        result["key_figure"] = key_figure_of(nb)
        if pdf:
            t2 = time.perf_counter()
            result["pdf_engine"] = render_pdf(page, run_dir_p / f"{job['name']}.pdf", base_url=str(run_dir_p),
                                              engine=engine)
            result["pdf"] = f"{job['name']}.pdf"
            result["pdf_s"] = round(time.perf_counter() - t2, 2)
    except Exception as exc:
        result.update(status="failed", error=f"rendering failed: {type(exc).__name__}: {exc}"[:500])
    result["seconds"] = round(time.perf_counter() - t0, 2)
    return result


_WORKER_ZYGOTE: list = []  # per worker process of another executor: its warm zygote, or False


def _worker_kernel() -> str:
    """The kernel a report runs in on a worker of another executor: forked from a warm zygote that this worker
    process starts once and keeps (it dies with the worker), or a plain kernel when no zygote can start."""
    if not _WORKER_ZYGOTE:
        import atexit

        from .forkkernel import Zygote

        try:
            zygote = Zygote()
            zygote.wait_ready()
            os.environ.update(zygote.env)
            atexit.register(zygote.close)
            _WORKER_ZYGOTE.append(zygote)
        except (OSError, RuntimeError):
            _WORKER_ZYGOTE.append(False)
    from .forkkernel import KERNEL_NAME

    return KERNEL_NAME if _WORKER_ZYGOTE[0] else "python3"


def run_job_packed(job: dict, run_id: str, started: str, commit: str, timeout: int, pdf: bool) -> dict:
    """``run_job`` in a folder of its own, with the files it made sent back in ``result['files']`` (name -> bytes):
    for executors whose workers may not see the run folder (another machine, another container). Kernels are
    forked from the worker's own warm zygote, as on the local pool."""
    kernel_name = _worker_kernel()
    with tempfile.TemporaryDirectory(prefix="syriawar-report-") as tmp:
        result = run_job(job, tmp, run_id, started, commit, timeout, pdf, kernel_name)
        result["files"] = {p.name: p.read_bytes() for p in Path(tmp).iterdir() if p.is_file()}
    return result


def _unpack(result: dict, run_dir: Path) -> dict:
    for name, data in result.pop("files", {}).items():
        (run_dir / Path(name).name).write_bytes(data)
    return result


def point_latest(base: Path, run_dir: Path) -> None:
    """Move reports/latest to ``run_dir`` atomically (a new symlink renamed over the old one)."""
    tmp = base / f".latest-{os.getpid()}-{secrets.token_hex(3)}"
    os.symlink(run_dir.name, tmp)
    os.replace(tmp, base / "latest")


def run_batch(jobs: list[Job], workers: int | None = None, out: Path | None = None, timeout: int = 600,
              pdf: bool = True, progress: bool = True, fork_kernels: bool = True,
              executor: Executor | None = None) -> tuple[Path, list[dict]]:
    """Run ``jobs`` into a new folder under ``out``; returns the folder and one result dict per job.

    ``fork_kernels``: start each notebook's kernel by forking a warm zygote (see forkkernel) instead of a
    cold Python; each report still has a kernel process of its own.
    ``executor``: any ``concurrent.futures.Executor`` to run the reports on (a Dask client's, see executors);
    each report runs in a folder of its own there and its files are written here. Default: a local process pool.
    """

    from ..provenance import git_commit

    base = Path(out) if out else reports_dir()
    check_writable(base)
    if pdf:
        pdf_engine()  # a wrong SYRIAWAR_PDF_ENGINE is one error before any report runs
    run_id, run_dir = new_run_dir(base)
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    commit = git_commit()
    t0 = time.perf_counter()
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    results = []
    zygote, kernel_name, saved_env = _start_zygote() if fork_kernels and executor is None else (None, "python3", {})
    if zygote is None and executor is None:
        from .. import registry  # here: worker processes import this module, and need no pandas

        registry.warm()  # the zygote builds the caches itself, while the workers start
    # a local pool's PDFs are printed here, by one Chromium (see printing); workers elsewhere print their own
    printing = executor is None and pdf and pdf_engine() == "chromium"
    args = (str(run_dir), run_id, started, commit, timeout, pdf and not printing, kernel_name)
    try:
        if executor is None:
            results = _run_pool(jobs, workers, args, progress, zygote, run_dir if printing else None)
        else:
            results = _run_on(executor, jobs, args, progress, run_dir)
    except Interrupted as exc:
        done = exc.args[1] if len(exc.args) > 1 else []
        write_index(run_dir, run_id, started, commit, done, round(time.perf_counter() - t0, 2))
        raise BatchInterrupted(exc.signum, len(done), len(jobs), run_dir) from None
    finally:
        if zygote is not None:
            zygote.close()
            for k, v in saved_env.items():
                os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
    order = {j.name: i for i, j in enumerate(jobs)}
    results.sort(key=lambda r: order[r["name"]])
    seconds = round(time.perf_counter() - t0, 2)
    write_index(run_dir, run_id, started, commit, results, seconds)
    if pdf and all(r["status"] == "ok" for r in results):  # latest: only a run with everything a batch makes
        point_latest(base, run_dir)
    return run_dir, results


def _start_zygote():
    """A warm zygote to fork kernels from, the kernel name that forks them, and the environment it changed (to set
    back); or no zygote, plain kernels and nothing changed, with a warning, where it cannot start."""
    from .forkkernel import KERNEL_NAME, Zygote

    try:
        zygote = Zygote()
    except (OSError, RuntimeError) as exc:
        warnings.warn(f"forked kernels unavailable ({exc}); starting plain kernels")
        return None, "python3", {}
    saved_env = {k: os.environ.get(k) for k in zygote.env}
    os.environ.update(zygote.env)  # spawned workers inherit where the kernelspec is
    return zygote, KERNEL_NAME, saved_env


def _run_pool(jobs: list[Job], workers: int, args: tuple, progress: bool, zygote=None,
              print_into: Path | None = None) -> list[dict]:
    """The jobs on a local process pool; ``print_into``: the run folder whose PDFs this process prints."""
    from tqdm import tqdm

    results: list[dict] = []
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"), initializer=worker_init)
    bar = tqdm(total=len(jobs), desc=f"reports ({workers} workers)", unit="report", disable=not progress, file=sys.stderr)
    printer = None
    try:
        futures = {pool.submit(run_job, asdict(j), *args): j for j in jobs}
        if print_into is not None:
            from .printing import BatchPrinter

            printer = BatchPrinter(print_into)
        if zygote is not None:
            try:
                zygote.wait_ready()  # workers start meanwhile; a zygote that fails fails its kernels
            except RuntimeError as exc:
                warnings.warn(str(exc))
        _collect(futures, results, bar, printer=printer)
    except Interrupted as exc:
        bar.close()
        if printer is not None:
            printer.stop()
        stop_descendants()  # workers, kernel launchers, kernels, the zygote and the browser, within about a second
        pool.shutdown(wait=False, cancel_futures=True)
        raise Interrupted(exc.signum, results) from None
    pool.shutdown(wait=True)
    if printer is not None:
        printer.close()
    return results


def _collect(futures: dict, results: list, bar, finish=lambda res: res, printer=None) -> None:
    """Append each report's result to ``results`` as it finishes (``finish`` applied to it; printed to PDF by
    ``printer`` first, if given); a report whose future fails (its worker died, or the executor lost it) fails
    alone."""
    def finished(res: dict) -> None:
        results.append(res)
        bar.update(1)

    printing = []
    for fut in as_completed(futures):
        try:
            res = finish(fut.result())
        except Exception as exc:
            res = _worker_died(futures[fut], exc)
        if printer is not None and res["status"] == "ok":
            printing.append(printer.submit(res, then=finished))
        else:
            finished(res)
    for fut in printing:
        fut.result()  # each has called finished
    bar.close()


def _worker_died(job: Job, exc: Exception) -> dict:
    """The result of a report whose worker died (or whose executor lost it): failed, alone."""
    return {**asdict(job), "status": "failed", "seconds": 0.0, "html": "", "pdf": "",
            "error": f"worker died: {type(exc).__name__}: {exc}"[:500]}


def _run_on(executor: Executor, jobs: list[Job], args: tuple, progress: bool, run_dir: Path) -> list[dict]:
    """Each job on ``executor`` (run_job_packed); a job whose worker dies or whose future fails fails alone."""
    from tqdm import tqdm

    results: list[dict] = []
    bar = tqdm(total=len(jobs), desc="reports", unit="report", disable=not progress, file=sys.stderr)
    _, run_id, started, commit, timeout, pdf, _ = args  # the run folder and kernel are the worker's own
    futures = {executor.submit(run_job_packed, asdict(j), run_id, started, commit, timeout, pdf): j for j in jobs}
    try:
        _collect(futures, results, bar, lambda res: _unpack(res, run_dir))
    except Interrupted as exc:
        bar.close()
        for fut in futures:
            fut.cancel()
        stop_descendants()
        raise Interrupted(exc.signum, results) from None
    return results


def summary_table(results: list[dict]) -> str:
    lines = [f"{'report':<34} {'status':<7} {'seconds':>8} {'run':>6} {'html':>6} {'pdf':>6}  parameters"]
    for r in results:
        params = ", ".join(f"{k}={v}" for k, v in r["parameters"].items()) or "defaults"
        parts = " ".join(f"{r.get(k, 0.0):>6.1f}" for k in ("execute_s", "html_s", "pdf_s"))
        lines.append(f"{r['name']:<34} {r['status']:<7} {r['seconds']:>8.1f} {parts}  {params}")
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
            params = check_parameters(nb, overrides)
            suffix = "-".join(slug(v if isinstance(v, str) else "-".join(map(str, v))) for v in overrides.values())
            jobs.append(Job(f"{nb}-{suffix}"[:80].rstrip("-") if suffix else nb, nb, params))
    else:
        if args.parameter:
            raise ParameterError("-p overrides need --notebook NAME (a batch file holds its own parameters)")
        jobs = load_batch(Path(args.batch) if args.batch else default_batch_file())
    spec = check_spec(getattr(args, "executor", "local"))
    options = {"workers": args.workers, "out": Path(args.out) if args.out else None, "timeout": args.timeout,
               "pdf": not args.no_pdf}
    try:
        with interrupts():
            if spec == "local":
                run_dir, results = run_batch(jobs, **options)
            else:
                with dask_executor(spec, max(1, args.workers or os.cpu_count() or 1)) as executor:
                    run_dir, results = run_batch(jobs, executor=executor, **options)
    except BatchInterrupted as exc:
        print(exc, file=sys.stderr)
        exit_now(128 + exc.signum)
    except Interrupted as exc:  # before the first report started
        stop_descendants()
        print("interrupted before any report ran; reports/latest unchanged", file=sys.stderr)
        exit_now(128 + exc.signum)
    print(summary_table(results))
    print(f"\nreports: {run_dir / 'index.html'}")
    return 0 if all(r["status"] == "ok" for r in results) else 1
