"""A kernel manager that talks to its kernel over IPC sockets in a private folder instead of TCP ports.

Parallel papermill runs pick free TCP ports independently and can collide (the known kernel-port race);
with IPC each kernel's sockets live under its own temporary folder, so no two kernels can collide.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager


class IPCKernelManager(AsyncKernelManager):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._ipc_dir = tempfile.mkdtemp(prefix="syriawar-kernel-")
        self.transport = "ipc"
        self.ip = str(Path(self._ipc_dir) / "kernel")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._ipc_dir, ignore_errors=True)
