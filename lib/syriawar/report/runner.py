"""Running a batch: papermill in parallel worker processes, then HTML per notebook there and its PDF here (see
printing), an index, and ``reports/latest`` moved to the new run only when it is a default batch (``moves_latest``)
in which every report succeeded: single reports and the explorer's reports land in run folders of their own.

Each run writes to its own new folder ``reports/<run-id>/``; nothing of an earlier run is touched. Each
notebook gets a fresh kernel (no state carries from one report to another), talking over IPC sockets so
parallel kernels cannot collide on ports. A notebook that fails, dies or times out fails alone. A report whose
inputs are unchanged since an earlier run in the same reports folder is not run again: its files are linked from
there (see reuse; ``force`` runs everything).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import tempfile
import time
import warnings
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from ..atomic import write_text_atomic
from ..errors import WorkbookError
from . import chromium
from .batch import Job, check_name, notebook_path, notebooks_dir
from .index import write_index
from .lifecycle import Interrupted, held_interrupts, stop_descendants, worker_init
from .nbvalidation import skip_iri_grammar
from .render import key_figure_of, pdf_engine, provenance_from, render_html, render_pdf, title_of
from .reuse import Inputs, earlier_runs, reuse
from .runfolder import check_cache_writable, check_writable, new_run_dir, point_latest, reports_dir


class BatchInterrupted(WorkbookError):
    """A batch stopped by SIGINT or SIGTERM: its processes are stopped and ``reports/latest`` is unchanged."""

    def __init__(self, signum: int, finished: int, total: int, run_dir: Path):
        self.signum, self.finished, self.total, self.run_dir = signum, finished, total, run_dir
        super().__init__(f"interrupted: {finished} of {total} reports finished, in {run_dir}; reports/latest unchanged")


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
        write_text_atomic(run_dir_p / f"{job['name']}.html", page)  # a full disk leaves no half page
        result["html_s"] = round(time.perf_counter() - t1, 2)
        result["html"] = f"{job['name']}.html"
        result["title"] = meta["title"]
        result["key_figure"] = key_figure_of(nb)
        # what the report read, for incremental reruns (see reuse): {source title: SHA-256}
        result["sources"] = {r.get("source", ""): r.get("sha256", "") for r in meta["sources"]}
        if pdf:
            t2 = time.perf_counter()
            result["pdf_engine"] = render_pdf(page, run_dir_p / f"{job['name']}.pdf", base_url=str(run_dir_p),
                                              engine=engine)
            result["pdf"] = f"{job['name']}.pdf"
            result["pdf_s"] = round(time.perf_counter() - t2, 2)
    except OSError as exc:  # a full disk or a folder that became read-only: this report fails, saying what to do
        result.update(status="failed", error=f"cannot write the report into {run_dir} ({exc.strerror or exc}); "
                                             "free some space or make the folder writable, and run it again"[:500])
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
    """Write the files a worker elsewhere sent back; a file that cannot be written fails that report alone."""
    from ..atomic import write_bytes_atomic

    for name, data in result.pop("files", {}).items():
        target = run_dir / Path(name).name
        try:
            write_bytes_atomic(target, data)
        except OSError as exc:
            result.update(status="failed", error=f"cannot write {target} ({exc.strerror or exc}); free some space "
                                                 "or make the folder writable")
    return result


def _write_index(run_dir: Path, *args) -> None:
    """The run's index (see index.write_index); if it cannot be written, what was half-written is removed and the
    error names the folder and what to do."""
    try:
        write_index(run_dir, *args)
    except OSError as exc:
        for name in ("index.html", "summary.json"):
            (run_dir / name).unlink(missing_ok=True)
        raise WorkbookError(f"cannot write the index of {run_dir} ({exc.strerror or exc}); the reports written are "
                            "there; free some space or make the folder writable, and run the batch again") from exc


def _preflight(jobs: list[Job], base: Path, moves_latest: bool, local: bool, pdf: bool) -> Path:
    """Every check that can fail before a notebook runs, each one clear error: names and notebooks (Jobs made in
    Python, the explorer's, are checked as a batch file's are), the reports folder, the cache (for a local run),
    the PDF engine. Returns ``base``."""
    for job in jobs:
        check_name(job.name)
        notebook_path(job.notebook)
    check_writable(base, moves_latest)
    if local:
        check_cache_writable()
    if pdf:
        pdf_engine()  # a wrong SYRIAWAR_PDF_ENGINE is one error before any report runs
    return base


def run_batch(jobs: list[Job], workers: int | None = None, out: Path | None = None, timeout: int = 600,
              pdf: bool = True, progress: bool = True, fork_kernels: bool = True,
              executor: Executor | None = None, moves_latest: bool = False,
              force: bool = False) -> tuple[Path, list[dict]]:
    """Run ``jobs`` into a new folder under ``out``; returns the folder and one result dict per job.

    ``fork_kernels``: start each notebook's kernel by forking a warm zygote (see forkkernel) instead of a
    cold Python; each report still has a kernel process of its own.
    ``executor``: any ``concurrent.futures.Executor`` to run the reports on (a Dask client's, see executors);
    each report runs in a folder of its own there and its files are written here. Default: a local process pool.
    ``moves_latest``: point ``reports/latest`` at this run if every report succeeded (the default batch does;
    single reports and the explorer's do not).
    ``force``: run every report; by default a report whose notebook, parameters, data files and workbook code are
    unchanged since an earlier run in ``out`` is not run again: its files are linked from there (see reuse), and
    its result says ``reused`` with that run's id.

    An interrupt (SIGINT or SIGTERM, under ``lifecycle.interrupts()``) at any moment ends in ``BatchInterrupted``
    with the index of the reports that finished written; ``reports/latest`` is then left where it was.
    """

    from ..provenance import git_commit

    base = _preflight(jobs, Path(out) if out else reports_dir(), moves_latest, executor is None, pdf)
    inputs = Inputs(notebooks_dir())  # before the run folder: an interrupt here leaves nothing behind
    run_id, run_dir = new_run_dir(base)
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    commit = git_commit()
    t0 = time.perf_counter()
    results: list[dict] = []  # filled as reports finish, so an interrupt at any moment knows which did
    zygote, saved_env = None, {}
    try:
        to_run = jobs if force else _reuse_unchanged(jobs, inputs, base, run_dir, pdf, results)
        workers = max(1, min(workers or os.cpu_count() or 1, len(to_run)))
        try:
            if to_run:
                zygote, saved_env = _run(to_run, workers, executor, fork_kernels, pdf, progress, results,
                                         (str(run_dir), run_id, started, commit, timeout))
        finally:
            _close_zygote(zygote, saved_env)
        results = _in_order(_record_inputs(results, inputs), jobs)
        with held_interrupts() as signals:  # the index and the link are written whole, whenever Ctrl-C comes
            _write_index(run_dir, run_id, started, commit, results, round(time.perf_counter() - t0, 2))
            if signals:  # every report finished, but the user asked to stop: the run is not made latest
                raise BatchInterrupted(signals[0], len(results), len(jobs), run_dir)
            if moves_latest and pdf and all(r["status"] == "ok" for r in results):  # a run with all a batch makes
                point_latest(base, run_dir)
    except Interrupted as exc:
        with held_interrupts():
            done = _in_order(_record_inputs(list(results), inputs), jobs)
            _write_index(run_dir, run_id, started, commit, done, round(time.perf_counter() - t0, 2))
        raise BatchInterrupted(exc.signum, len(done), len(jobs), run_dir) from None
    return run_dir, results


def _reuse_unchanged(jobs: list[Job], inputs: Inputs, base: Path, run_dir: Path, pdf: bool,
                     results: list) -> list[Job]:
    """Link into ``run_dir`` the files of every report unchanged since an earlier run under ``base``, from the newest
    such run (its result appended to ``results``, marked ``reused``); returns the jobs left to run, in order."""
    pending = {j.name: j for j in jobs}
    for earlier_dir, earlier in earlier_runs(base, run_dir):
        for name in [n for n in pending if n in earlier]:
            job = asdict(pending[name])
            if inputs.unchanged(job, earlier[name].get("inputs")):
                done = reuse(job, (earlier_dir, earlier[name]), run_dir, pdf)
                if done is not None:
                    results.append(done)
                    del pending[name]
        if not pending:
            break
    return [j for j in jobs if j.name in pending]


def _record_inputs(results: list[dict], inputs: Inputs) -> list[dict]:
    """Each report that ran and succeeded gets its ``inputs`` (for a later run to reuse it); the sources it read
    become part of them."""
    for r in results:
        read = r.pop("sources", None)
        if r["status"] == "ok" and not r.get("reused") and isinstance(read, dict):
            r["inputs"] = inputs.of(r, read)
    return results


def _run(jobs: list[Job], workers: int, executor: Executor | None, fork_kernels: bool, pdf: bool, progress: bool,
         results: list, run: tuple) -> tuple:
    """Run ``jobs`` on the local pool (kernels forked from a zygote, if ``fork_kernels``) or on ``executor``,
    appending results as they finish; returns the zygote (for the caller to close, even after an interrupt) and
    the environment it changed. ``run``: the run folder, id, start, commit and timeout."""
    zygote, kernel_name, saved_env = (_start_zygote() if fork_kernels and executor is None
                                      else (None, "python3", {}))
    try:
        if zygote is None and executor is None:
            from .. import registry  # here: worker processes import this module, and need no pandas

            registry.warm()  # the zygote builds the caches itself, while the workers start
        # a local pool's PDFs are printed here, by one Chromium (see printing); workers elsewhere print their own
        printing = executor is None and pdf and pdf_engine() == "chromium"
        args = (*run, pdf and not printing, kernel_name)
        if executor is None:
            _run_pool(jobs, workers, args, progress, results, zygote, Path(run[0]) if printing else None)
        else:
            _run_on(executor, jobs, args, progress, Path(run[0]), results)
    except BaseException:
        _close_zygote(zygote, saved_env)
        raise
    return zygote, saved_env


def _close_zygote(zygote, saved_env: dict) -> None:
    with held_interrupts():
        if zygote is not None:
            zygote.close()
            for k, v in saved_env.items():
                os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)


def _in_order(results: list[dict], jobs: list[Job]) -> list[dict]:
    order = {j.name: i for i, j in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r["name"]])


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


def _run_pool(jobs: list[Job], workers: int, args: tuple, progress: bool, results: list, zygote=None,
              print_into: Path | None = None) -> None:
    """The jobs on a local process pool, each result appended to ``results`` as it finishes; ``print_into``: the
    run folder whose PDFs this process prints."""
    from tqdm import tqdm

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
        pool.shutdown(wait=True)  # an interrupt here, with every report finished, still stops what is left
        if printer is not None:
            printer.close()
    except Interrupted:
        bar.close()
        if printer is not None:
            printer.stop()
        stop_descendants()  # workers, kernel launchers, kernels, the zygote and the browser, within about a second
        pool.shutdown(wait=False, cancel_futures=True)
        raise


def _collect(futures: dict, results: list, bar, finish=lambda res: res, printer=None) -> None:
    """Append each report's result to ``results`` as it finishes (``finish`` applied to it; printed to PDF by
    ``printer`` first, if given); a report whose future fails (its worker died, or the executor lost it) fails
    alone. Each future is removed from ``futures`` as it is read: those left are the ones still running."""
    def finished(res: dict) -> None:
        results.append(res)
        bar.update(1)

    printing = []
    for fut in as_completed(futures):
        # let go of each future once read: a finished future keeps its result (from Dask, the report's files), so
        # holding them all to the end made this process's memory grow with the batch
        job = futures.pop(fut)
        try:
            res = finish(fut.result())
        except Exception as exc:
            res = _worker_died(job, exc)
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


def _run_on(executor: Executor, jobs: list[Job], args: tuple, progress: bool, run_dir: Path, results: list) -> None:
    """Each job on ``executor`` (run_job_packed), appended to ``results`` as it finishes; a job whose worker dies or
    whose future fails fails alone."""
    from tqdm import tqdm

    bar = tqdm(total=len(jobs), desc="reports", unit="report", disable=not progress, file=sys.stderr)
    _, run_id, started, commit, timeout, pdf, _ = args  # the run folder and kernel are the worker's own
    futures = {executor.submit(run_job_packed, asdict(j), run_id, started, commit, timeout, pdf): j for j in jobs}
    try:
        _collect(futures, results, bar, lambda res: _unpack(res, run_dir))
    except Interrupted:
        bar.close()
        for fut in futures:
            fut.cancel()
        stop_descendants()
        raise
