"""Run the report's notebooks in kernels started once and reused: kernel start-up and the package's imports
were most of the report's time (six kernels, six rounds of imports).

The kernels start first, before the parent process imports nbconvert (about a second), and each is warmed
with the imports every notebook makes, so kernel boot, those imports and the parent's own imports overlap.
One event loop in a background thread drives them. Between notebooks a reset cell clears the previous
notebook's names and moves to the next notebook's folder: each notebook sees what a fresh kernel gives it,
except that imported modules stay loaded. A run's parameters (the database, the redaction choice) reach each
notebook in a cell injected after its `parameters` cell (parameters.py), not through the kernel's
environment. Imports here stay light (jupyter_client only) for that reason."""

from __future__ import annotations

import asyncio
import subprocess
import threading
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from linkedin_audit.report.lean_imports import KERNEL_CODE, skip_slow_imports

skip_slow_imports()  # before jupyter_client, nbclient, nbformat: see lean_imports

from jupyter_client.manager import AsyncKernelManager  # noqa: E402

from linkedin_audit.report.parameters import Value, inject  # noqa: E402

if TYPE_CHECKING:
    import nbformat

KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 600
WARM_UP = KERNEL_CODE + (
    "import altair, duckdb, polars\n"
    "from linkedin_audit.config import thresholds_in_use\n"
    "from linkedin_audit.report import chart_data, chart_frames, charts, notebook_helpers, time_charts\n"
    "import linkedin_audit.analyses"
)
RESET_CELL = """get_ipython().run_line_magic("reset", "-f")
import os as _os
_os.chdir({folder!r})
del _os"""

T = TypeVar("T")
# An executed notebook: its path, the notebook with outputs, the error summary (None: every cell ran), and
# when its run started (perf_counter).
Executed = tuple[Path, "nbformat.NotebookNode", str | None, float]


class KernelPool:
    """`count` kernels, started (and warmed) as soon as this is made; each notebook they run is given
    `parameters` (injected after its `parameters` cell)."""

    def __init__(self, count: int, cwd: Path, parameters: Mapping[str, Value] | None = None) -> None:
        self.cwd, self.parameters = cwd, dict(parameters or {})
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="la-kernels", daemon=True)
        self.thread.start()
        self.kms = [AsyncKernelManager(kernel_name=KERNEL_NAME) for _ in range(max(1, count))]
        self.ready = [self.submit(self._start(km)) for km in self.kms]

    def submit(self, coro: Coroutine[Any, Any, T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    async def _start(self, km: AsyncKernelManager) -> None:
        # The kernel's own stderr (e.g. its transport warning) is noise for the reader of the CLI.
        await km.start_kernel(cwd=str(self.cwd), stderr=subprocess.DEVNULL)
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            kc.execute(WARM_UP, silent=True, store_history=False)  # queued; the first notebook waits for it
        finally:
            kc.stop_channels()

    def run(
        self,
        paths: Sequence[Path],
        finish: Callable[[Executed], T],
        on_start: Callable[[Path], None] | None = None,
        on_done: Callable[[T], None] | None = None,
        timeout: int = CELL_TIMEOUT_S,
    ) -> list[T]:
        """Execute `paths` on the pool, each kernel taking the next notebook when free; `finish` turns each
        executed notebook into a result (e.g. renders it). Results keep the order of `paths`."""
        return self.submit(self._run_all(paths, finish, on_start, on_done, timeout)).result()

    async def _run_all(
        self,
        paths: Sequence[Path],
        finish: Callable[[Executed], T],
        on_start: Callable[[Path], None] | None,
        on_done: Callable[[T], None] | None,
        timeout: int,
    ) -> list[T]:
        queue: asyncio.Queue[int] = asyncio.Queue()
        for index in range(len(paths)):
            queue.put_nowait(index)
        results: dict[int, T] = {}

        async def worker(km: AsyncKernelManager, ready: Future[None]) -> None:
            failed: str | None = None
            try:
                await asyncio.wrap_future(ready)
            except Exception as err:  # a kernel that cannot start fails its notebooks, listed as such
                failed = f"the kernel did not start: {error_summary(err)}"
            while not queue.empty():
                index = queue.get_nowait()
                if on_start:
                    on_start(paths[index])
                executed = (
                    await self._run_in(km, paths[index], timeout)
                    if failed is None
                    else _unrun(paths[index], failed)
                )
                results[index] = finish(executed)
                if on_done:
                    on_done(results[index])

        await asyncio.gather(*(worker(km, ready) for km, ready in zip(self.kms, self.ready, strict=True)))
        return [results[i] for i in range(len(paths))]

    async def _run_in(self, km: AsyncKernelManager, path: Path, timeout: int) -> Executed:
        """One notebook in a running kernel: the reset cell, then its cells. Returns the executed notebook
        and the error summary (None when every cell ran)."""
        import nbformat
        from nbclient import NotebookClient

        started = time.perf_counter()
        nb = nbformat.read(path, as_version=4)
        error: str | None = None
        if not km.has_kernel or not await km.is_alive():  # a previous notebook killed it: start afresh
            await km.start_kernel(cwd=str(path.parent), stderr=subprocess.DEVNULL)
        given = inject(nb, self.parameters) if self.parameters else None
        reset = nbformat.v4.new_code_cell(RESET_CELL.format(folder=str(path.parent)), id="la-reset")
        nb.cells.insert(0, reset)
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            kernel_name=KERNEL_NAME,
            interrupt_on_timeout=True,
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            await client.async_execute()
        except Exception as err:  # any failure of one notebook is reported, the others still run
            error = error_summary(err)
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
            nb.cells.remove(reset)
            if given is not None:  # the section shows what the notebook shows, not its plumbing
                nb.cells.remove(given)
        return path, nb, error, started

    def close(self) -> None:
        async def stop() -> None:
            for km in self.kms:
                if km.has_kernel:
                    await km.shutdown_kernel(now=True)

        try:
            self.submit(stop()).result(timeout=60)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            self.loop.close()

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _unrun(path: Path, error: str) -> Executed:
    import nbformat

    return path, nbformat.read(path, as_version=4), error, time.perf_counter()


def error_summary(err: BaseException) -> str:
    from nbclient.exceptions import CellExecutionError

    if isinstance(err, CellExecutionError):
        return f"{err.ename}: {err.evalue}".strip() or "a cell failed"
    return f"{type(err).__name__}: {err}"
