"""Process hygiene for batch runs: a batch stops cleanly on Ctrl-C or SIGTERM, and nothing it started outlives
it, even when it is killed with SIGKILL.

- ``die_with_parent()``: ask Linux to send SIGTERM to this process when its parent dies (PR_SET_PDEATHSIG);
  workers, the kernel zygote and kernel launchers call it, so a SIGKILL of the runner takes them along.
- ``worker_init()``: what a worker process does first: die with the runner, leave SIGINT to the runner (the
  terminal sends Ctrl-C to the whole process group; only the runner decides what happens).
- ``interrupts()``: in the runner, turns SIGINT and SIGTERM into ``Interrupted`` so the batch can stop its
  processes and say one line. Only the first one raises: a second Ctrl-C while the batch stops is noted, not
  raised in the middle of the stopping.
- ``held_interrupts()``: within ``interrupts()``, a block that a signal never cuts short (the index being written,
  ``reports/latest`` being moved); the signals that came meanwhile are listed for the caller to act on.
- ``stop_descendants()``: terminate every process this one started (recursively), then kill what is left.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1


class Interrupted(Exception):
    """The runner received SIGINT or SIGTERM."""

    def __init__(self, signum: int, *finished):
        super().__init__(signal.Signals(signum).name, *finished)
        self.signum = signum


def die_with_parent(sig: int = signal.SIGTERM) -> bool:
    """Have the kernel signal this process when its parent dies (Linux); False where that is not available."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def exit_now(code: int) -> None:
    """Leave after an interrupt, every child stopped and every file written, by the interpreter's ordinary exit
    (SystemExit): its exit hooks join the pool's threads and unlink the pool's semaphores, which multiprocessing's
    resource tracker would otherwise report as leaked (they add a quarter of a second to a stop, up to most of a
    second while a PDF is printing: benchmarks/bench_stop.py).
    SIGINT and SIGTERM are ignored from here on, so a second Ctrl-C cannot cut those hooks short with a traceback."""
    import sys

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    sys.stdout.flush()
    sys.stderr.flush()
    raise SystemExit(code)


def worker_init() -> None:
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _State:
    holding = False  # True: signals are noted in ``pending`` instead of raised
    pending: list = []


@contextmanager
def interrupts():
    """Within the block, SIGINT and SIGTERM raise Interrupted(signum) in the main thread: the first one does; later
    ones (while the batch stops) are noted in ``_State.pending``."""
    def handler(signum, _frame):
        if _State.holding:
            _State.pending.append(signum)
            return
        _State.holding = True  # what follows is the batch stopping: the next Ctrl-C must not cut it short
        raise Interrupted(signum)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    _State.holding, _State.pending = False, []
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
        _State.holding, _State.pending = False, []


@contextmanager
def held_interrupts():
    """A block no SIGINT or SIGTERM interrupts (under ``interrupts()``); yields the list of the signals that came
    during it (and before it, while a batch was stopping), for the caller to act on."""
    before = _State.holding
    _State.holding = True
    try:
        yield _State.pending
    finally:
        _State.holding = before


def stop_descendants(timeout: float = 0.3) -> None:
    """Terminate every descendant of this process, wait ``timeout`` seconds, kill those still alive."""
    import psutil

    procs = []
    for p in psutil.Process().children(recursive=True):
        try:
            # multiprocessing's resource tracker cleans up after the pool and exits with this process
            if "resource_tracker" not in " ".join(p.cmdline()):
                procs.append(p)
        except psutil.NoSuchProcess:
            pass
    for p in procs:
        try:
            p.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(procs, timeout=timeout)
    for p in alive:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=timeout)
