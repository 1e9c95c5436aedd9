"""A pool of killable worker processes: the query timeout that really stops the work.

pyoxigraph cannot interrupt a running query, so every query runs in a child process that holds
its own read-only store. The web process waits for the answer off the event loop; when the time
limit passes it kills that child (SIGKILL) and starts a fresh one in its place. Other workers,
and the event loop, keep serving meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from modgraph.web import sandbox
from modgraph.web.execution import QueryJob, QueryOutcome, StoreCache, run_query

log = logging.getLogger(__name__)
_CONTEXT = multiprocessing.get_context("spawn")  # never fork a process that runs threads and an event loop


class QueryTimeout(Exception):
    """The query ran longer than the time limit; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free within the time limit."""


class WorkerCrashed(Exception):
    """The worker died while running the job (e.g. out of memory)."""


def _worker_main(conn: Connection) -> None:
    """Loop of a worker process: receive a task, run it, send its outcome."""
    sandbox.enter(conn)  # first: no network from here on (modgraph.web.sandbox); fails closed
    cache = StoreCache()
    while True:
        try:
            task, payload = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(task(payload, cache))


def run_query_task(job: QueryJob, cache: StoreCache) -> QueryOutcome:
    return run_query(job, cache)


class Worker:
    """One child process and the pipe to it."""

    def __init__(self) -> None:
        parent, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_worker_main, args=(child,), daemon=True, name="modgraph-query")
        self.process.start()
        child.close()
        self.conn = parent

    def call(self, task: Callable[[Any, StoreCache], Any], payload: Any, timeout: float) -> tuple[bool, Any]:
        """Blocking: send a task and wait at most ``timeout`` seconds. (done, result)."""
        self.conn.send((task, payload))
        if self.conn.poll(timeout):
            return True, self.conn.recv()
        return False, None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    @property
    def pid(self) -> int | None:
        return self.process.pid


class WorkerPool:
    def __init__(self, size: int, timeout: float) -> None:
        self.size = max(1, size)
        self.timeout = timeout
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._all: set[Worker] = set()
        self._threads = ThreadPoolExecutor(max_workers=self.size * 2 + 2, thread_name_prefix="modgraph-wait")
        self._closed = False
        self.killed = 0  # workers stopped at the time limit (for tests and monitoring)

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*(loop.run_in_executor(self._threads, Worker) for _ in range(self.size)))
        for worker in workers:
            self._all.add(worker)
            self._idle.put_nowait(worker)

    async def stop(self) -> None:
        self._closed = True
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    def pids(self) -> list[int]:
        return [w.pid for w in self._all if w.pid is not None]

    @property
    def idle(self) -> int:
        """Workers waiting for a job now (for tests and monitoring)."""
        return self._idle.qsize()

    async def _replace(self, worker: Worker) -> None:
        loop = asyncio.get_running_loop()
        self._all.discard(worker)
        await loop.run_in_executor(self._threads, worker.kill)
        if self._closed:
            return
        fresh = await loop.run_in_executor(self._threads, Worker)
        self._all.add(fresh)
        self._idle.put_nowait(fresh)

    async def run(self, task: Callable[[Any, StoreCache], Any], payload: Any, timeout: float | None = None) -> Any:
        """Run ``task(payload, cache)`` in a free worker; kill it if it overruns the limit."""
        limit = self.timeout if timeout is None else timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=limit)
        except TimeoutError:
            raise PoolBusy() from None
        loop = asyncio.get_running_loop()
        call = loop.run_in_executor(self._threads, worker.call, task, payload, limit)
        try:
            done, result = await asyncio.shield(call)
        except asyncio.CancelledError:  # the client went away: the worker may still be busy
            asyncio.ensure_future(self._replace(worker))
            raise
        except (EOFError, OSError, BrokenPipeError) as exc:
            log.warning("query worker %s died: %s", worker.pid, exc)
            asyncio.ensure_future(self._replace(worker))
            raise WorkerCrashed() from None
        if not done:
            self.killed += 1
            log.info("query stopped at the %.1f s limit: killing worker %s", limit, worker.pid)
            asyncio.ensure_future(self._replace(worker))
            raise QueryTimeout()
        self._idle.put_nowait(worker)
        return result

    async def query(self, job: QueryJob) -> QueryOutcome:
        return await self.run(run_query_task, job)
