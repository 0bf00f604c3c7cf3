"""Kernels forked from a warm parent: each report still gets a new kernel process of its own, but starts with
pandas, matplotlib and the workbook already imported, saving about two seconds a report.

- ``Zygote``: a server process that imports the heavy modules once, listens on a unix socket and, for each
  request, forks a child that runs a fresh IPython kernel on the given connection file. The child has a new
  user namespace and the default matplotlib settings (the zygote never draws or styles anything), so no
  state of one report reaches another: each report runs in its own process, as with a normal kernel.
- ``python -m syriawar.report.forkkernel -f CONNECTION_FILE``: the command of the "syriawar-fork" kernelspec.
  It asks the zygote for a kernel, then stands for it towards jupyter_client: signals are forwarded, and it
  exits with the kernel. A kernel whose launcher disappears (killed) exits too.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ZYGOTE_ENV = "SYRIAWAR_ZYGOTE"
KERNEL_NAME = "syriawar-fork"
# what every report's kernel would import: imported once here, each forked kernel starts with it. adjustText (with
# scipy.spatial, 0.3 s) places district names on the governorate maps that 14 of the 18 default reports draw
PRELOAD = ("numpy", "pandas", "pyarrow", "matplotlib", "matplotlib.pyplot", "matplotlib.backends.backend_svg",
           "matplotlib.backends.backend_agg", "PIL.features", "pandas.io.formats.html", "adjustText",
           "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "syriawar.figures",
           "syriawar.notebook")


def _watch_launcher(launcher_pid: int) -> None:
    while True:
        time.sleep(0.5)
        try:
            os.kill(launcher_pid, 0)
        except ProcessLookupError:
            os._exit(1)


def _child(conn_file: str, launcher_pid: int, cwd: str | None) -> None:
    os.setsid()
    # the kernel talks over its sockets; its banner and logs would only clutter the runner's terminal
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    if cwd:
        os.chdir(cwd)
    threading.Thread(target=_watch_launcher, args=(launcher_pid,), daemon=True).start()
    from .. import catalog

    catalog.forget_used()  # the zygote read every source to warm the caches; the report lists what it reads
    from ipykernel.kernelapp import IPKernelApp

    # a report keeps no input history: parallel kernels would otherwise all write the user's history database
    IPKernelApp.launch_instance(argv=["-f", conn_file, "--HistoryManager.enabled=False"])
    os._exit(0)


def _warm_boundaries() -> None:
    """Read OCHA's boundaries once, so every forked kernel starts with them (maps and district tables need them)."""
    from .. import boundaries
    from ..errors import WorkbookError

    try:
        boundaries.governorates()  # the exact outlines, which place points
        boundaries.districts()
        boundaries.drawn("governorates")  # the outlines of maps of all Syria
        boundaries.drawn("districts")
    except WorkbookError:
        pass  # the report that needs them says what is wrong


def serve(sock_path: str) -> None:
    """Run the zygote: preload, then fork a kernel per request. Exits when its parent process ends."""
    import importlib

    from .lifecycle import worker_init

    worker_init()  # die with the runner; Ctrl-C is the runner's to handle
    try:
        import matplotlib

        matplotlib.use("Agg")  # reports draw PNGs themselves (syriawar.notebook.show)
        # every kernel imports ipykernel's debugger (debugpy, 0.1 s), so the zygote does, once; quietly: debugpy
        # warns on stderr that frozen modules may hide breakpoints, and a report's kernel sets none
        os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        for mod in PRELOAD:
            importlib.import_module(mod)
        from PIL import Image

        Image.preinit()  # the image formats a figure's raster layers are written in
        from .. import registry

        registry.warm()  # build any missing cached table once; a broken source fails only the reports using it
        _warm_boundaries()
        from .. import style

        style.register_colormaps()  # read from seaborn's source (0.02 s), once
    except Exception as exc:  # noqa: BLE001 - kernels are told at once, instead of timing out
        Path(sock_path + ".failed").write_text(f"{type(exc).__name__}: {exc}")
        raise
    parent = os.getppid()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(sock_path)
    server.listen(16)
    server.settimeout(1.0)
    Path(sock_path + ".ready").touch()
    while True:
        try:
            conn, _ = server.accept()
        except socket.timeout:
            if os.getppid() != parent:
                return
            continue
        with conn:
            req = json.loads(conn.makefile().readline())
            pid = os.fork()
            if pid == 0:
                server.close()
                conn.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _child(req["connection_file"], req["launcher_pid"], req.get("cwd"))
            conn.sendall(f"{pid}\n".encode())


class Zygote:
    """Start a zygote process and a kernelspec that uses it; ``env`` is what kernel launchers need."""

    def __init__(self) -> None:
        import subprocess

        self.dir = Path(tempfile.mkdtemp(prefix="syriawar-zygote-"))
        self.sock = str(self.dir / "zygote.sock")
        spec_dir = self.dir / "kernels" / KERNEL_NAME
        spec_dir.mkdir(parents=True)
        (spec_dir / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "syriawar.report.forkkernel", "-f", "{connection_file}"],
            "display_name": "Python 3 (syriawar, forked)", "language": "python",
            "env": {ZYGOTE_ENV: self.sock}}))
        self.proc = subprocess.Popen([sys.executable, "-c", f"from syriawar.report.forkkernel import serve; serve({self.sock!r})"],
                                     stdin=subprocess.DEVNULL)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.time() + timeout
        while not Path(self.sock + ".ready").exists():
            if Path(self.sock + ".failed").exists():
                raise RuntimeError(f"the kernel zygote failed: {Path(self.sock + '.failed').read_text()}")
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("the kernel zygote did not start")
            time.sleep(0.05)

    @property
    def env(self) -> dict:
        paths = [str(self.dir)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
        return {"JUPYTER_PATH": os.pathsep.join(paths)}

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()
        import shutil

        shutil.rmtree(self.dir, ignore_errors=True)


def launch(conn_file: str) -> int:
    """The kernelspec's command: get a forked kernel and stand for it until it exits."""
    from .lifecycle import die_with_parent

    die_with_parent()  # a launcher whose worker died takes its kernel along (the kernel watches the launcher)
    path = os.environ[ZYGOTE_ENV]
    deadline = time.time() + 120
    while not os.path.exists(path + ".ready"):  # the zygote may still be importing
        if os.path.exists(path + ".failed"):
            sys.exit(f"kernel zygote failed: {Path(path + '.failed').read_text()}")
        if time.time() > deadline:
            sys.exit(f"kernel zygote at {path} is not ready")
        time.sleep(0.05)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    sock.sendall((json.dumps({"connection_file": os.path.abspath(conn_file), "launcher_pid": os.getpid(),
                              "cwd": os.getcwd()}) + "\n").encode())
    pid = int(sock.makefile().readline())
    sock.close()

    def forward(signum, _frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass
        if signum in (signal.SIGTERM, signal.SIGHUP):
            os._exit(0)  # the launcher holds nothing to clean up; exiting at once keeps the terminal quiet

    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(s, forward)
    _wait_for_exit(pid)
    return 0


def _wait_for_exit(pid: int) -> None:
    """Return as soon as process ``pid`` (not a child of ours) has ended: at once through a pidfd where Linux has
    them, else by looking every 20 ms (jupyter_client waits for this launcher to end before a report goes on)."""
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        import select

        poller = select.poll()
        poller.register(fd, select.POLLIN)
        while not poller.poll(1000):  # signals interrupt the wait and are forwarded meanwhile
            pass
        os.close(fd)
        return
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) != 2 or args[0] != "-f":
        sys.exit("usage: python -m syriawar.report.forkkernel -f CONNECTION_FILE")
    sys.exit(launch(args[1]))
