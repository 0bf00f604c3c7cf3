"""Report kernels: ready at their first answer, and gone as soon as they end."""

import asyncio
import subprocess
import threading

from syriawar.report.forkkernel import _wait_for_exit
from syriawar.report.kernels import IPCKernelManager, PromptKernelClient


def test_a_report_kernel_answers_and_publishes_once_it_is_called_ready():
    async def run():
        km = IPCKernelManager(kernel_name="python3")
        await km.start_kernel()
        kc = km.client()
        try:
            assert isinstance(kc, PromptKernelClient)
            kc.start_channels()
            await kc.wait_for_ready(timeout=60)
            msg_id = kc.execute("print(6 * 7)")
            while True:  # IOPub is connected: the output of the first request comes through it
                msg = await kc.iopub_channel.get_msg(timeout=30)
                if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                    return msg["content"]["text"]
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    assert asyncio.run(run()).strip() == "42"


def test_the_kernel_launcher_returns_as_soon_as_its_kernel_has_ended():
    kernel = subprocess.Popen(["sleep", "0.3"])
    waiter = threading.Thread(target=_wait_for_exit, args=(kernel.pid,))
    waiter.start()
    waiter.join(timeout=0.1)
    assert waiter.is_alive()  # the kernel still runs
    waiter.join(timeout=10)
    assert not waiter.is_alive() and kernel.poll() is not None
