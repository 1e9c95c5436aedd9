"""Tasks for a real worker pool in the tests (a task must live in an importable module: workers are spawned)."""

from __future__ import annotations

import os
import sys
import time

from modgraph.web.execution import StoreCache


def sleep_then_scheduling(seconds: float, cache: StoreCache) -> tuple[int, int]:
    """Sleep, then say how the kernel schedules this worker's main thread: (policy, niceness)."""
    time.sleep(seconds)
    return os.sched_getscheduler(0), os.getpriority(os.PRIO_PROCESS, 0)


def answer_of(size: int, cache: StoreCache) -> bytes:
    """An answer of ``size`` bytes, different at every position modulo 251."""
    return bytes(i % 251 for i in range(size))


def heavy_modules(_: None, cache: StoreCache) -> list[str]:
    """Which of the web process's heavy packages this worker has imported."""
    return sorted(name for name in ("fastapi", "starlette", "pydantic", "jinja2", "rdflib") if name in sys.modules)


def burn(seconds: float, cache: StoreCache) -> float:
    """Keep the CPU busy until this process has used ``seconds`` of CPU time; the wall-clock seconds it took."""
    started, cpu = time.monotonic(), time.process_time()
    while time.process_time() - cpu < seconds:
        pass
    return time.monotonic() - started
