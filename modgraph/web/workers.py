"""A pool of killable worker processes: the query timeout that really stops the work.

pyoxigraph cannot interrupt a running query, so every query (and every dependency analysis) runs
in a child process that holds its own read-only store. The web process waits for the answer off the
event loop; when the time limit passes, or the client goes away, it kills that child (SIGKILL) and
starts a fresh one in its place. Other workers, and the event loop, keep serving meanwhile.

No client can starve the others:

* a client runs at most ``per_client`` jobs at once (by address); the others wait, within the time limit;
* a client whose job cost its worker (time limit, hang-up, crash) gets that slot back only once the replacement
  has started, so it cannot take the workers the others are left with meanwhile;
* a client that hung up on running jobs waits ``PENALTY_STEP`` seconds per recent one (decaying) before its
  next job gets a worker: killing and respawning workers for a client that keeps hanging up would cost
  everyone (a respawn is a second of CPU);
* a job that has run longer than ``NICE_AFTER`` seconds has its worker put in the ``SCHED_IDLE`` class and niced,
  so cheap queries keep the CPU and preempt it at once (fresh workers start niced; replacements start one at a
  time, and import nothing heavy, so a replacement costs about a tenth of a CPU second);
* a lowered job that has also burnt ``LONG_CPU`` seconds of CPU is *long*: while short jobs are in flight its
  worker is stopped (``SIGSTOP``) at once, except for one ``LONG_SLICE`` in every ``LONG_CYCLE``, and it runs
  freely again (``SIGCONT``) from the first slice in which no short job is in flight. ``SCHED_IDLE`` alone is not enough on a virtual
  machine's two cores: a runaway that runs whenever a core would idle for a moment still cost cheap queries
  a third of their throughput (benchmarks/FAIRNESS.md); stopped, it costs them nothing, and its time limit
  runs on meanwhile;
* each worker's address space is capped (``RLIMIT_AS``): a job that hits it is answered as such and
  its worker replaced;
* a worker found dead before a job is replaced and the job sent to another, once;
* workers that keep dying at start are respawned with a bounded back-off, never in a hot loop;
* a worker is started with an empty ``__main__``: spawn would otherwise re-import the parent's main
  module (under ``modgraph serve`` the whole command line) before its first job.

This module is imported by every worker: it must import nothing heavy (no FastAPI).

Why this module is long: the pool's guarantees (time, memory, per-client slots, disconnects, penalties,
niceness, respawn back-off, retries of dead idle workers) all act on the same workers and queues; split
apart, each part would need the pool's private state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import pickle
import resource
import signal
import socket
import struct
import sys
import threading
import time
import types
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from modgraph.web import sandbox
from modgraph.web.execution import QueryJob, QueryOutcome, StoreCache, check_query, run_query

log = logging.getLogger(__name__)
_CONTEXT = multiprocessing.get_context("spawn")  # never fork a process that runs threads and an event loop

#: how a worker switches its outbound network off (raises sandbox.IsolationUnavailable when it cannot)
Isolate = Callable[[], None]
READY = "ready"  # a worker's first message: started, limits set
MEMORY = "memory-limit"  # a worker's answer to a job that raised MemoryError
NICE_AFTER = 0.2  # seconds a job runs before its worker gets a lower CPU priority
LONG_CPU = 0.05  # CPU seconds a lowered job burns (after NICE_AFTER) before it is long and paused for short ones
LONG_SLICE, LONG_CYCLE = 0.05, 4  # long jobs run one slice (seconds) in every LONG_CYCLE while short ones are in flight
NICENESS_STARTING = 10  # while a fresh worker imports and opens the store
NICENESS_LONG = 19  # while a job runs longer than NICE_AFTER
POLL = 0.05  # seconds between looks at the client's connection while its job runs
#: seconds between looks while a job waits for a slot or a worker: a waiting job holds nothing but its place, and
#: at 32 waiting requests a look every POLL cost the event loop a tenth of its time (benchmarks/FAIRNESS.md)
QUEUED_POLL = 0.25
SMALL_ANSWER = 256 * 1024  # bytes of an answer read on the event loop; a longer one is read in a thread
START_TIMEOUT = 60.0  # seconds a fresh worker may take to say it is ready
PENALTY_STEP, PENALTY_MAX, PENALTY_HALF_LIFE = 0.5, 5.0, 10.0  # wait per recent abandoned job, at most; decay
BACKOFF_FIRST, BACKOFF_MAX = 0.1, 10.0  # seconds before respawning after a worker died unexpectedly
#: the flags of a look at a worker's pipe and of the read that takes an answer off it, as plain numbers (the
#: ``socket.MsgFlag`` members' ``|`` is a Python call on every job)
_LOOK, _TAKE = int(socket.MSG_PEEK | socket.MSG_DONTWAIT), int(socket.MSG_DONTWAIT)


class QueryTimeout(Exception):
    """The query ran longer than the time limit; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free within the time limit."""


class ClientBusy(Exception):
    """The client already runs its share of jobs and none of them ended within the time limit."""


class ClientGone(Exception):
    """The client disconnected while its job waited or ran; the job was stopped."""


class WorkerCrashed(Exception):
    """The worker died while running the job."""


class MemoryLimit(WorkerCrashed):
    """The job exceeded the worker's memory limit; the worker was replaced."""


class WorkerStartFailed(Exception):
    """A fresh worker died or did not report ready."""


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space (0: no cap)."""
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _send(conn: Connection, message: Any) -> None:
    """``conn.send(message)`` without multiprocessing's reducers (a job and its outcome are plain data):
    ``pickle.dumps`` in C, where ``Connection.send`` builds a ``ForkingPickler``, its dispatch table and a buffer
    for every message. The receiver's ``Connection.recv`` reads it as any other message."""
    conn.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))


def _worker_main(conn: Connection, memory_mb: int = 0, isolate: Isolate = sandbox.isolate_network) -> None:
    """Loop of a worker process: receive a task, run it, send its outcome."""
    refusal = sandbox.enter(isolate)  # first: no network from here on (modgraph.web.sandbox)
    limit_memory(memory_mb)
    conn.send(READY)
    if refusal is not None:  # fail closed: a worker that could not be isolated runs nothing
        sandbox.refuse_all(conn, refusal)
        return
    cache = StoreCache()
    while True:
        try:
            task, payload = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = task(payload, cache)
        except MemoryError:
            result = MEMORY
        try:
            _send(conn, result)
        except MemoryError:
            _send(conn, MEMORY)


def run_query_task(job: QueryJob, cache: StoreCache) -> QueryOutcome:
    return run_query(job, cache)


def check_query_task(job: QueryJob, cache: StoreCache) -> QueryOutcome:
    return check_query(job, cache)


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _empty_main():
    """Let ``spawn`` see an empty ``__main__`` (no spec, no file), which the child then does not import."""
    with _MAIN_LOCK:
        saved = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if saved is not None:
                sys.modules["__main__"] = saved


def _exited(pid: int | None, stat: int = -1) -> bool:
    """Whether the child has ended, asked of the kernel without reaping it (``waitid`` with ``WNOWAIT``):
    ``is_alive`` can still say True for a child killed a moment ago whose exit has not been collected yet.

    >>> _exited(None)
    True
    """
    if pid is None:
        return True
    try:
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return True
    except ChildProcessError:  # reaped already, or not our child
        return True
    # killed, but not all of its threads have ended yet (the store's background threads): the kernel does not
    # report the exit until they have, while its main thread is already a zombie — and the pipe still open
    return _state(pid, stat) in ("Z", "X", "")


def _open_stat(pid: int | None) -> int:
    """A descriptor of the process's ``/proc/PID/stat``, kept to read its state again (-1 when it cannot be
    opened). Read with ``pread`` it is one system call instead of an open, a read and a close, and it stays
    the file of *that* process: once the process is reaped, reading it fails (``ESRCH``) even if the number
    is given to another."""
    if pid is None:
        return -1
    try:
        return os.open(f"/proc/{pid}/stat", os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return -1


def _state(pid: int, stat: int = -1) -> str:
    """The process's state letter from ``/proc`` ("" when it is gone); ``stat`` a descriptor from
    ``_open_stat`` (-1: open the file by the process number)."""
    try:
        if stat >= 0:
            text = os.pread(stat, 1024, 0).decode("ascii", "replace")
        else:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as file:
                text = file.read()
        return text.rsplit(")", 1)[-1].split()[0]
    except (OSError, IndexError):
        return ""


class Worker:
    """One child process and the pipe to it (blocking methods: call them off the event loop)."""

    def __init__(
        self, memory_mb: int = 0, start_timeout: float = START_TIMEOUT, isolate: Isolate = sandbox.isolate_network
    ) -> None:
        """Start the child and wait until it is ready.

        :raises WorkerStartFailed: the child died or stayed silent.
        """
        parent, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(
            target=_worker_main, args=(child, memory_mb, isolate), daemon=True, name="modgraph-query"
        )
        with _empty_main():
            self.process.start()
        child.close()
        self.conn = parent
        self._stat = _open_stat(self.process.pid)  # for ``alive``: the process's state without opening a file
        self.idle_class = False  # SCHED_IDLE set by ``lower``
        self.paused = False  # stopped (SIGSTOP) by the pool while short jobs run
        # the same socket, to peek at the length of an answer before reading it (see ``small_answer``)
        self._peek = socket.socket(fileno=os.dup(parent.fileno()))
        self.niced = False
        self.nice(NICENESS_STARTING)  # its imports and the store's opening must not take the CPU from running queries
        try:
            ready = parent.poll(start_timeout) and parent.recv() == READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise WorkerStartFailed(f"worker exited with {self.process.exitcode}")
        # back to normal; where that is not allowed (unprivileged) all workers stay at NICENESS_STARTING alike
        self.base = 0 if self.nice(0) else NICENESS_STARTING
        self.niced = False

    def alive(self) -> bool:
        """Whether the idle worker can take a job: running (not a zombie), and its end of the pipe neither
        closed nor holding anything (an idle worker has nothing to say). Three system calls: ``waitid`` (which
        also answers for a child already reaped), a ``pread`` of its kept ``/proc`` stat, a non-blocking peek."""
        if _exited(self.process.pid, self._stat):
            return False
        try:
            self._peek.recv(1, _LOOK)
        except BlockingIOError:
            return True  # nothing to read: the pipe is open and empty
        except OSError:
            return False
        return False  # b"": the worker's end is closed; anything else: a stray message, not a job's answer

    def send(self, task: Callable[[Any, StoreCache], Any], payload: Any) -> None:
        """Send a job: an idle worker is blocked reading its pipe, so this does not block (jobs are small).

        :raises OSError: the worker is gone (``BrokenPipeError``, ``ConnectionResetError``).
        """
        _send(self.conn, (task, payload))

    def fileno(self) -> int:
        return self.conn.fileno()

    def small_answer(self) -> tuple[bool, Any]:
        """(True, the answer) when the answer waiting in the pipe is complete and short (``SMALL_ANSWER``), read
        at once, so that reading it cannot hold up the caller; (False, None) when unsure (partly written, or the
        worker gone: then ``receive``, off the event loop). multiprocessing frames a message with its length
        (4 bytes, big-endian; -1 and 8 more bytes beyond 2 GB): a look at the pipe gives the whole message, and
        one read takes exactly it off the pipe."""
        try:
            head = self._peek.recv(4 + SMALL_ANSWER, _LOOK)
        except OSError:
            return False, None
        if len(head) < 4:
            return False, None
        (size,) = struct.unpack("!i", head[:4])
        if not (0 <= size <= SMALL_ANSWER and len(head) >= 4 + size):
            return False, None
        message = self._peek.recv(4 + size, _TAKE)  # what the look saw: the one reader of the pipe
        return True, pickle.loads(memoryview(message)[4:])

    def receive(self) -> Any:
        """The answer (call it once the pipe is readable).

        :raises EOFError: the worker died (or was killed) before answering.
        """
        return self.conn.recv()

    def nice(self, niceness: int) -> bool:
        """Set the worker's CPU niceness; False when that is not allowed (raising it back needs privileges)."""
        pid = self.process.pid
        if pid is None:  # never started
            return False
        try:
            os.setpriority(os.PRIO_PROCESS, pid, niceness)
        except (PermissionError, ProcessLookupError):
            return False
        self.niced = niceness > getattr(self, "base", 0)
        return True

    def lower(self) -> None:
        """The lowest CPU priority, for a job that runs long: scheduling class ``SCHED_IDLE`` (the kernel
        preempts it at once for any other task that wakes up, instead of letting it finish its time slice) and
        niceness ``NICENESS_LONG`` (all that is left where the class cannot be set). Both apply to the worker's
        main thread, which is where pyoxigraph evaluates a query."""
        pid = self.process.pid
        if pid is None:
            return
        with contextlib.suppress(PermissionError, ProcessLookupError, OSError):
            os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
            self.idle_class = True
        self.nice(NICENESS_LONG)
        self.niced = True

    def restore(self) -> bool:
        """Back to the normal class and the base niceness after ``lower``; False when that is not allowed
        (then the worker must be replaced)."""
        pid = self.process.pid
        if pid is None:
            return False
        if self.idle_class:
            try:
                os.sched_setscheduler(pid, os.SCHED_OTHER, os.sched_param(0))
            except (PermissionError, ProcessLookupError, OSError):
                return False
            self.idle_class = False
        if not self.nice(self.base):
            return False
        self.niced = False
        return True

    def pause(self, stopped: bool) -> None:
        """Stop (``SIGSTOP``) or continue (``SIGCONT``) the worker; a kill still ends a stopped worker."""
        if stopped == self.paused or self.process.pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGSTOP if stopped else signal.SIGCONT)
        self.paused = stopped

    def cpu_seconds(self) -> float:
        """CPU time the worker has used so far (``/proc/PID/schedstat``, nanoseconds); 0 when it is gone."""
        try:
            with open(f"/proc/{self.process.pid}/schedstat", encoding="ascii") as stat:
                return int(stat.read().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            return 0.0

    def scheduling(self) -> tuple[int, int]:
        """(scheduling policy, niceness) of the worker's main thread, read from the kernel (for tests)."""
        pid = self.process.pid
        if pid is None:
            raise ProcessLookupError("the worker never started")
        return os.sched_getscheduler(pid), os.getpriority(os.PRIO_PROCESS, pid)

    def died_of_memory(self) -> bool:
        """Whether the (dead) worker aborted, as Rust's allocator does when the address space is exhausted."""
        self.process.join(1)
        return self.process.exitcode == -signal.SIGABRT

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()
        self._peek.close()
        if self._stat >= 0:
            os.close(self._stat)
            self._stat = -1

    @property
    def pid(self) -> int | None:
        return self.process.pid


@dataclass
class _Hold:
    """What a job leaves behind in its client's slot: the replacement of its worker, if it needed one."""

    replacement: asyncio.Future | None = None


class WorkerPool:
    """``size`` workers; ``run`` hands a job to a free one and watches the time limit and the client."""

    def __init__(
        self,
        size: int,
        timeout: float,
        memory_mb: int = 0,
        per_client: int = 0,
        nice_after: float = NICE_AFTER,
        isolate: Isolate = sandbox.isolate_network,
        pause_long: bool = True,
    ) -> None:
        self.isolate = isolate  # how a worker switches its network off (tests pass one that fails)
        self.size = max(1, size)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.per_client = per_client  # 0: no limit per client
        self.nice_after = nice_after
        self.pause_long = pause_long  # stop long jobs while short ones run (see the module docstring)
        self._running: set[Worker] = set()  # workers running a job
        self._long: set[Worker] = set()  # of these, the ones running a long job
        self._throttling: asyncio.Task | None = None
        self._window = False  # in a slice where long jobs run although short ones are in flight
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._taking = 0  # jobs waiting for a free worker (they come first: see _take)
        self._all: set[Worker] = set()
        self._threads = ThreadPoolExecutor(max_workers=self.size * 2 + 4, thread_name_prefix="modgraph-wait")
        self._clients: dict[str, tuple[asyncio.Semaphore, int]] = {}
        self._background: set[asyncio.Task] = set()
        self._abandons: dict[str, tuple[float, float]] = {}  # client → (decayed count, when)
        self._backoff = 0.0
        self._spawning = asyncio.Lock()  # one replacement starts at a time: a storm of kills costs one core at most
        self._closed = False
        # counters for tests and monitoring
        self.killed = 0  # workers stopped at the time limit
        self.abandoned = 0  # jobs stopped because their client went away
        self.retried = 0  # jobs sent again because their worker was found dead
        self.failed_starts = 0
        self.pauses = 0  # times long jobs were stopped for short ones

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(
            *(loop.run_in_executor(self._threads, self._new_worker) for _ in range(self.size))
        )
        for worker in workers:
            self._all.add(worker)
            self._idle.put_nowait(worker)

    async def stop(self) -> None:
        self._closed = True
        self._long.clear()
        for task in list(self._background):
            task.cancel()
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

    # ------------------------------------------------------------------------------------ replacing workers

    def _new_worker(self) -> Worker:
        return Worker(self.memory_mb, isolate=self.isolate)

    def _replace_later(self, worker: Worker, unexpected: bool = False) -> asyncio.Future:
        """Kill ``worker`` and start another in its place, in the background (the task doing it)."""
        self._all.discard(worker)
        if unexpected:
            self._backoff = min(BACKOFF_MAX, max(BACKOFF_FIRST, self._backoff * 2))
        task = asyncio.ensure_future(self._replace(worker))
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    async def _replace(self, worker: Worker) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._threads, worker.kill)
        while not self._closed:
            if self._backoff:
                await asyncio.sleep(self._backoff)
            try:
                async with self._spawning:
                    fresh = await loop.run_in_executor(self._threads, self._new_worker)
            except WorkerStartFailed as exc:
                self.failed_starts += 1
                self._backoff = min(BACKOFF_MAX, max(BACKOFF_FIRST, self._backoff * 2))
                log.warning("query worker did not start (%s); next try in %.1f s", exc, self._backoff)
                continue
            if self._closed:
                fresh.kill()
                return
            self._all.add(fresh)
            self._idle.put_nowait(fresh)
            return

    # ------------------------------------------------------------------------------------ pausing long jobs

    def _steer(self, resume: bool = False) -> None:
        """Stop the long jobs' workers while a short job is in flight (outside a window); with ``resume``, let
        them run otherwise. Only the throttle's slices resume them: a stream of short jobs leaves gaps between one
        job and the next, and continuing and stopping the long ones in every gap would cost more than it gives."""
        stopped = len(self._running) > len(self._long) and not self._window
        for worker in self._long:
            if stopped and not worker.paused:
                self.pauses += 1
                worker.pause(True)
            elif not stopped and resume:
                worker.pause(False)

    def _became_long(self, worker: Worker) -> None:
        self._long.add(worker)
        if self._throttling is None:
            self._throttling = asyncio.ensure_future(self._throttle())
        self._steer()

    async def _throttle(self) -> None:
        """While there are long jobs: one slice in ``LONG_CYCLE`` a window for them (see ``_steer``)."""
        turn = 0
        try:
            while self._long and not self._closed:
                self._window = turn % LONG_CYCLE == LONG_CYCLE - 1
                self._steer(resume=True)
                turn += 1
                await asyncio.sleep(LONG_SLICE)
        finally:
            self._window = False
            self._throttling = None
            for worker in self._long:
                worker.pause(False)

    def _ended(self, worker: Worker) -> None:
        """The worker's job is over (answered, or the worker is being replaced): it runs again, and is neither
        long nor short any more."""
        self._running.discard(worker)
        self._long.discard(worker)
        worker.pause(False)
        self._steer()

    # ------------------------------------------------------------------------------------ waiting

    async def _until(
        self,
        future: Awaitable,
        gone: Callable[[], Awaitable[bool]] | None,
        deadline: float | None = None,
        tick: Callable[[], None] | None = None,
        poll: float = POLL,
    ) -> Any:
        """The result of ``future``, looking at the client every ``poll`` seconds.

        :raises TimeoutError: ``deadline`` (loop time) passed first.
        :raises ClientGone: the client disconnected first.
        """
        loop = asyncio.get_running_loop()
        task = asyncio.ensure_future(future)
        try:
            while not task.done():
                wait = poll if deadline is None else min(poll, deadline - loop.time())
                if wait <= 0:
                    raise TimeoutError()
                await asyncio.wait({task}, timeout=wait)
                if task.done():
                    break
                if tick is not None:
                    tick()
                if gone is not None and await gone():
                    raise ClientGone()
            return task.result()
        finally:
            if not task.done():
                task.cancel()

    def _abandon_score(self, client: str) -> float:
        score, when = self._abandons.get(client, (0.0, 0.0))
        return score * 0.5 ** ((time.monotonic() - when) / PENALTY_HALF_LIFE)

    def _abandoned(self, client: str | None) -> None:
        if client:
            if len(self._abandons) > 10000:  # bounded: forget everyone rather than grow
                self._abandons.clear()
            self._abandons[client] = (self._abandon_score(client) + 1, time.monotonic())

    async def _penalty(self, client: str | None, gone: Callable[[], Awaitable[bool]] | None) -> None:
        """Wait as long as the client's recent abandoned jobs ask (see the module docstring).

        :raises ClientGone: the client hung up meanwhile.
        """
        if not client or client not in self._abandons:
            return
        wait = min(PENALTY_MAX, PENALTY_STEP * self._abandon_score(client))
        if wait < 0.01:
            del self._abandons[client]
            return
        with contextlib.suppress(TimeoutError):
            await self._until(asyncio.sleep(wait + 1), gone, asyncio.get_running_loop().time() + wait)

    def held(self, client: str) -> bool:
        """Whether the client has jobs running or waiting here, or a slot still held for a worker being replaced
        after its job (for tests and monitoring)."""
        return client in self._clients

    @contextlib.asynccontextmanager
    async def _client_slot(
        self, client: str | None, gone: Callable[[], Awaitable[bool]] | None, deadline: float
    ) -> AsyncIterator[_Hold]:
        """Hold one of the client's ``per_client`` slots. When the job's worker had to be replaced (the job
        overran the limit, the client went away, the worker died), the slot is given back only once the
        replacement has started: a client whose jobs keep killing workers cannot take the workers the others
        are left with meanwhile, and its next job waits for the worker its last one cost.

        :raises ClientBusy: none became free before ``deadline``.
        """
        hold = _Hold()
        if not client or self.per_client <= 0:
            yield hold
            return
        semaphore, users = self._clients.get(client, (None, 0))
        semaphore = semaphore or asyncio.Semaphore(self.per_client)
        self._clients[client] = (semaphore, users + 1)
        acquired = False
        try:
            try:
                if semaphore.locked():
                    await self._until(semaphore.acquire(), gone, deadline, poll=QUEUED_POLL)
                else:  # a free slot (and nobody waiting for one): taken at once
                    await semaphore.acquire()
            except TimeoutError:
                raise ClientBusy() from None
            acquired = True
            yield hold
        finally:
            replacement = hold.replacement
            if acquired and replacement is not None and not replacement.done():
                replacement.add_done_callback(lambda _: self._leave(client, semaphore, True))
            else:
                self._leave(client, semaphore, acquired)

    def _leave(self, client: str, semaphore: asyncio.Semaphore, acquired: bool) -> None:
        if acquired:
            semaphore.release()
        semaphore, users = self._clients[client]
        if users <= 1:
            del self._clients[client]
        else:
            self._clients[client] = (semaphore, users - 1)

    async def _take(self, gone: Callable[[], Awaitable[bool]] | None, deadline: float) -> Worker:
        """A free, living worker (dead ones found on the way are replaced).

        :raises PoolBusy: none became free before ``deadline``.
        """
        while True:
            if self._taking == 0 and not self._idle.empty():  # a free worker and nobody before us: at once
                worker = self._idle.get_nowait()
            else:
                self._taking += 1
                try:
                    worker = await self._until(self._idle.get(), gone, deadline, poll=QUEUED_POLL)
                except TimeoutError:
                    raise PoolBusy() from None
                finally:
                    self._taking -= 1
            if worker.alive():
                return worker
            log.warning("idle query worker %s was dead (exit %s): replacing it", worker.pid, worker.process.exitcode)
            self._replace_later(worker, unexpected=True)

    # ------------------------------------------------------------------------------------ running a job

    async def run(
        self,
        task: Callable[[Any, StoreCache], Any],
        payload: Any,
        timeout: float | None = None,
        client: str | None = None,
        gone: Callable[[], Awaitable[bool]] | None = None,
    ) -> Any:
        """Run ``task(payload, cache)`` in a free worker; kill it if it overruns the limit or the client goes.

        ``client`` (an address) is held to ``per_client`` jobs at once; ``gone`` answers whether the client
        has disconnected. Waiting for a slot and for a worker takes at most the limit as well.

        :raises ClientBusy, PoolBusy: no slot or no worker within the limit.
        :raises QueryTimeout: the job overran the limit.
        :raises ClientGone: the client disconnected.
        :raises MemoryLimit: the job exceeded the memory limit.
        :raises WorkerCrashed: the worker died running the job.
        """
        limit = self.timeout if timeout is None else timeout
        deadline = asyncio.get_running_loop().time() + limit
        await self._penalty(client, gone)
        async with self._client_slot(client, gone, deadline) as hold:
            worker = await self._take(gone, deadline)
            try:
                worker.send(task, payload)
            except OSError:  # died between the look and the send: once more, with another worker
                self.retried += 1
                self._replace_later(worker, unexpected=True)
                worker = await self._take(gone, deadline)
                worker.send(task, payload)
            self._running.add(worker)
            self._steer()  # a short job now in flight: the long ones stop
            try:
                return await self._result(worker, limit, gone, hold)
            except ClientGone:
                self._abandoned(client)
                raise

    async def _answer(
        self,
        worker: Worker,
        limit: float,
        gone: Callable[[], Awaitable[bool]] | None,
        tick: Callable[[], None],
    ) -> tuple[bool, Any]:
        """(done, result): the worker's answer, or (False, None) after ``limit`` seconds; every ``POLL`` seconds
        meanwhile ``tick()`` and a look at the client.

        The event loop watches the pipe itself (no thread per job), with one future and one timer per wait: a
        cheap query's answer costs a reader, a future and a timer (``_until``'s task and ``asyncio.wait`` cost
        the web process more than the worker's whole evaluation of a point lookup, benchmarks/SCALE.md Run 3).
        The reader is level-triggered: an answer that arrives while the client is looked at settles the next
        wait. A short answer is read on the loop, a long one in a thread, so that a slow writer (a niced worker)
        never holds the loop up.

        :raises EOFError: the worker died (or was killed) before answering.
        :raises ClientGone: the client disconnected first.
        """
        loop = asyncio.get_running_loop()
        end = loop.time() + limit
        waiting: list[asyncio.Future[str]] = [loop.create_future()]

        def settle(what: str) -> None:
            if not waiting[0].done():
                waiting[0].set_result(what)

        fd = worker.fileno()
        loop.add_reader(fd, settle, "answer")
        try:
            while True:
                at = min(loop.time() + POLL, end)
                timer = loop.call_at(at, settle, "limit" if at >= end else "look")
                try:
                    what = await waiting[0]
                finally:
                    timer.cancel()
                if what == "answer":
                    break
                if what == "limit":
                    return False, None
                tick()
                if gone is not None and await gone():
                    raise ClientGone()
                waiting[0] = loop.create_future()
        finally:
            loop.remove_reader(fd)  # before anyone may close (and the kernel reuse) the descriptor
            # uvloop (libuv) makes a watched descriptor non-blocking; the pipe's reads and writes expect it blocking
            with contextlib.suppress(OSError):
                os.set_blocking(fd, True)
        small, result = worker.small_answer()
        if small:
            return True, result
        return True, await loop.run_in_executor(self._threads, worker.receive)

    async def _result(
        self, worker: Worker, limit: float, gone: Callable[[], Awaitable[bool]] | None, hold: _Hold
    ) -> Any:
        """Wait for the worker's answer (see ``run``); a replacement of the worker is noted in ``hold``."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        lowered_at: list[float] = []  # the worker's CPU time when its job was lowered

        def tick() -> None:
            if not worker.niced and loop.time() - started >= self.nice_after:
                worker.lower()
                lowered_at.append(worker.cpu_seconds())
            elif lowered_at and self.pause_long and worker not in self._long:
                if worker.cpu_seconds() - lowered_at[0] >= LONG_CPU:  # not merely waiting for the CPU
                    self._became_long(worker)

        try:
            return await self._watch(worker, limit, gone, hold, tick)
        finally:
            self._ended(worker)

    async def _watch(
        self, worker: Worker, limit: float, gone: Callable[[], Awaitable[bool]] | None, hold: _Hold, tick
    ) -> Any:
        """``_result``'s waiting and its outcomes."""
        try:
            done, result = await self._answer(worker, limit, gone, tick)
        except ClientGone:
            self.abandoned += 1
            log.info("client gone: killing query worker %s", worker.pid)
            hold.replacement = self._replace_later(worker)
            raise
        except asyncio.CancelledError:
            hold.replacement = self._replace_later(worker)
            raise
        except (EOFError, OSError) as exc:
            memory = worker.died_of_memory()
            log.warning("query worker %s died (exit %s): %s", worker.pid, worker.process.exitcode, exc)
            hold.replacement = self._replace_later(worker, unexpected=not memory)
            raise (MemoryLimit() if memory else WorkerCrashed()) from None
        if not done:
            self.killed += 1
            log.info("job stopped at the %.1f s limit: killing worker %s", limit, worker.pid)
            hold.replacement = self._replace_later(worker)
            raise QueryTimeout()
        if isinstance(result, str) and result == MEMORY:
            hold.replacement = self._replace_later(worker)
            raise MemoryLimit()
        self._backoff = 0.0
        worker.pause(False)  # it may have been stopped after it had answered
        self._long.discard(worker)
        if worker.niced and not worker.restore():  # unprivileged: a lowered worker cannot be raised again
            hold.replacement = self._replace_later(worker)
        else:
            self._idle.put_nowait(worker)
        return result

    async def query(
        self, job: QueryJob, client: str | None = None, gone: Callable[[], Awaitable[bool]] | None = None
    ) -> QueryOutcome:
        """Run one SPARQL query (see ``run``)."""
        return await self.run(run_query_task, job, client=client, gone=gone)
