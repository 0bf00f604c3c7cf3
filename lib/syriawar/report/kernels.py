"""A kernel manager that talks to its kernel over IPC sockets in a private folder instead of TCP ports.

Parallel papermill runs pick free TCP ports independently and can collide (the known kernel-port race);
with IPC each kernel's sockets live under its own temporary folder, so no two kernels can collide.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type

# How often to look again whether a kernel has gone after it was asked to shut down (jupyter_client: 0.1 s)
EXIT_POLL_S = 0.01


class PromptKernelClient(AsyncKernelClient):
    """jupyter_client's client without its waits for silence. Once a kernel has answered, jupyter_client waits for
    0.2 s without a message on IOPub before it calls the kernel ready, to flush messages that nobody reads; nbclient
    reads only the messages that answer its own requests, so the report's kernel is ready at its first answer
    (measured from start to ready: 0.45 s before, about 0.2 s now, most of it the forked kernel's own start)."""

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        limit = timeout if timeout is not None else 60.0
        deadline = time.monotonic() + limit
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # IOPub is connected once the kernel's status for that request comes through it
                    await self.iopub_channel.get_msg(timeout=0.05)
                except Empty:
                    pass  # not subscribed yet: ask again
                else:
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {limit:.0f} seconds")

    wait_for_ready = _async_wait_for_ready


class IPCKernelManager(AsyncKernelManager):
    client_class = DottedObjectName("syriawar.report.kernels.PromptKernelClient")
    client_factory = Type(klass="syriawar.report.kernels.PromptKernelClient")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._ipc_dir = tempfile.mkdtemp(prefix="syriawar-kernel-")
        self.transport = "ipc"
        self.ip = str(Path(self._ipc_dir) / "kernel")

    async def _async_finish_shutdown(self, waittime: float | None = None, pollinterval: float = EXIT_POLL_S,
                                     restart: bool = False) -> None:
        await super()._async_finish_shutdown(waittime, pollinterval=min(pollinterval, EXIT_POLL_S), restart=restart)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._ipc_dir, ignore_errors=True)
