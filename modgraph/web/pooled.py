"""Running a job in the worker pool for a request: the client's address and connection, and the pool's
failures answered as ``WebError``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request

from modgraph.web.errors import WebError
from modgraph.web.execution import StoreCache
from modgraph.web.workers import ClientBusy, ClientGone, MemoryLimit, PoolBusy, QueryTimeout, WorkerCrashed, WorkerPool


async def run_for(request: Request, pool: WorkerPool, task: Callable[[Any, StoreCache], Any], payload: Any) -> Any:
    """``task(payload)`` run in a worker on behalf of the request's client; stopped if the client goes.

    :raises WebError: 504 at the time limit, 429 when the client runs too many jobs at once, 503 when no
        worker is free or the worker died, 507 at the memory limit, 499 when the client disconnected.
    """
    timeout = pool.timeout
    client = request.client.host if request.client else None
    try:
        return await pool.run(task, payload, client=client, gone=request.is_disconnected)
    except QueryTimeout:
        raise WebError(
            504, "timeout", f"the query was stopped after the {timeout:g} s time limit", limit_seconds=timeout
        ) from None
    except ClientBusy:
        raise WebError(
            429,
            "too-many-requests",
            f"this client already runs {pool.per_client} queries at once; try again",
            headers={"Retry-After": "2"},
        ) from None
    except PoolBusy:
        raise WebError(
            503, "busy", f"no query worker became free within {timeout:g} s; try again", headers={"Retry-After": "2"}
        ) from None
    except MemoryLimit:
        raise WebError(
            507,
            "memory-limit",
            f"the query needed more than the {pool.memory_mb} MB a worker may use",
            limit_megabytes=pool.memory_mb,
        ) from None
    except WorkerCrashed:
        raise WebError(503, "worker-crashed", "the query worker stopped unexpectedly") from None
    except ClientGone:
        raise WebError(499, "client-gone", "the client disconnected; the query was stopped") from None
