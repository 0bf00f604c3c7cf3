"""Benchmark: how long a batch takes to stop on Ctrl-C (SIGINT to its process group) and on SIGTERM, with two
reports running (each a notebook that sleeps), and on Ctrl-C just as the first of three quick reports is printed to
PDF while two sleep. The tests (tests/test_faults.py) check that it stops, says one line and leaves no process; how
long that takes is measured here. For each case it prints the median and the maximum over the repeats, and the
stderr lines of the last run. Asserts nothing.

    .venv/bin/python benchmarks/bench_stop.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the project copies the fault tests make: a benchmark may borrow from tests/, never the reverse
sys.path.insert(0, str(ROOT / "tests"))
from projectfactory import code_notebook, project_copy  # noqa: E402


def _batch(root: Path, pdf: bool) -> subprocess.Popen:
    env = {**os.environ, "SYRIAWAR_ROOT": str(root), "SYRIAWAR_CACHE_DIR": str(ROOT / "data" / "cache")}
    return subprocess.Popen([sys.executable, "-m", "syriawar", "report", "--batch", str(root / "batch.yml"),
                             "--workers", "2", *([] if pdf else ["--no-pdf"]), "--out", str(root / "reports")],
                            cwd=root, env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _started_batch(root: Path) -> subprocess.Popen:
    """The batch of four sleeping reports on two workers, once its two kernels run."""
    import psutil

    proc = _batch(root, pdf=False)
    parent = psutil.Process(proc.pid)
    deadline = time.time() + 120
    while time.time() < deadline:
        kernels = 0
        for p in parent.children(recursive=True):
            try:
                kernels += "forkkernel" in " ".join(p.cmdline())
            except psutil.Error:
                pass
        if kernels >= 2:
            time.sleep(1.0)
            return proc
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    raise RuntimeError("the batch never started two kernels")


def _printing_batch(root: Path) -> subprocess.Popen:
    """Three quick reports and two sleeping ones, with PDFs, once the first quick report's HTML is written (its PDF
    is being printed)."""
    proc = _batch(root, pdf=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list((root / "reports").glob("*/quick-*.html")):
        time.sleep(0.05)
    return proc


def stop_once(sig: int, printing: bool = False) -> tuple[float, str]:
    """(seconds from the signal to the batch's exit, its stderr)."""
    with tempfile.TemporaryDirectory(prefix="syriawar-bench-stop-") as tmp:
        root = project_copy(Path(tmp) / "project", notebooks=False)
        code_notebook(root / "notebooks" / "slow.ipynb", "import time\ntime.sleep(600)", "Slow")
        code_notebook(root / "notebooks" / "quick.ipynb", "print(x)", "Quick")
        reports = ["quick"] * 3 + ["slow"] * 2 if printing else ["slow"] * 4
        (root / "batch.yml").write_text("reports:\n" + "".join(f"  - notebook: {nb}\n    name: {nb}-{i}\n"
                                                               for i, nb in enumerate(reports)))
        proc = _printing_batch(root) if printing else _started_batch(root)
        t0 = time.perf_counter()
        os.killpg(proc.pid, sig) if sig == signal.SIGINT else os.kill(proc.pid, sig)
        try:
            _, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        return time.perf_counter() - t0, err


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for sig, printing in ((signal.SIGINT, False), (signal.SIGTERM, False), (signal.SIGINT, True)):
        runs = [stop_once(sig, printing) for _ in range(args.repeat)]
        times = [t for t, _ in runs]
        case = f"{sig.name}{' while a PDF prints' if printing else ''}"
        print(f"{case}: stopped in {statistics.median(times):.2f} s median, {max(times):.2f} s max ({args.repeat} runs)")
        for line in runs[-1][1].splitlines():
            if line.strip() and not line.startswith("reports ("):
                print(f"  stderr: {line}")


if __name__ == "__main__":
    main()
