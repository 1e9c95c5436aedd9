"""No client can starve the others: the worker pool under careless clients, over a real uvicorn server."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import httpx
import pytest

from modgraph.settings import Settings
from modgraph.web.app import create_app
from modgraph.web.execution import StoreCache
from modgraph.web.workers import NICENESS_LONG, SMALL_ANSWER, QueryTimeout, WorkerPool

from . import pool_tasks
from .builds import publish_build, turtle
from .server import live_server, wait_until

EX = "http://example.org/"
DATA = {EX + "graph/a": turtle(f'<{EX}p1> a <{EX}Programme> ; <{EX}name> "Digitales Bremen"@de .')}
CHEAP = f"SELECT ?p WHERE {{ ?p a <{EX}Programme> }}"
# 30^7 ≈ 2·10^10 solutions: far beyond any time limit, and it needs no data at all
EXPENSIVE = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?v{i} {{ {' '.join(str(k) for k in range(30))} }}" for i in range(7))
    + " }"
)
# 200^3 rows of 400 characters concatenated: 3.2 GB of string
_VALUES = " ".join(str(i) for i in range(200))
MEMORY_HOG = (
    f"SELECT (STRLEN(GROUP_CONCAT(?s)) AS ?n) WHERE {{ VALUES ?a {{ {_VALUES} }} VALUES ?b {{ {_VALUES} }} "
    f'VALUES ?c {{ {_VALUES} }} BIND(CONCAT(STR(?a), "{"x" * 400}") AS ?s) }}'
)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("store")
    publish_build(root, DATA, [EX + "graph/a"])
    return root


def served(settings: Settings):
    app = create_app(settings)
    return app, live_server(settings, app)


def sparql(client: httpx.Client, query: str) -> httpx.Response:
    return client.get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"})


def test_a_client_that_disconnects_frees_its_worker(store):
    # one worker and a time limit longer than the client below waits: only freeing the worker can answer it
    settings = Settings.load(store=store, query_timeout=60, query_workers=1, client_queries=0)
    app, server = served(settings)
    pool = app.state.resources.pool
    with server as url:
        with httpx.Client(base_url=url, timeout=1.0) as impatient, pytest.raises(httpx.ReadTimeout):
            sparql(impatient, EXPENSIVE)  # gives up after 1 s and closes its connection
        wait_until(lambda: pool.abandoned == 1, timeout=20, what="the abandoned query's stop")
        with httpx.Client(base_url=url, timeout=30) as client:
            r = sparql(client, CHEAP)
        assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 1
        assert pool.killed == 0  # stopped for the client, not at the limit


def test_memory_limit_is_answered_as_json_and_the_worker_replaced(store):
    settings = Settings.load(store=store, query_timeout=60, query_workers=1, worker_memory=900)
    app, server = served(settings)
    pool = app.state.resources.pool
    with server as url, httpx.Client(base_url=url, timeout=90) as client:
        before = set(pool.pids())
        r = sparql(client, MEMORY_HOG)
        assert r.status_code == 507 and r.json()["error"] == "memory-limit", r.text
        assert r.json()["limit_megabytes"] == 900
        wait_until(lambda: pool.idle == 1, timeout=60, what="the replacement worker")
        assert set(pool.pids()).isdisjoint(before)
        assert sparql(client, CHEAP).status_code == 200


def _dead(pid: int) -> bool:
    """Whether the child has exited (a zombie until the pool reaps it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def test_an_idle_worker_killed_from_outside_is_replaced_and_the_request_served(store):
    settings = Settings.load(store=store, query_timeout=20, query_workers=1)
    app, server = served(settings)
    pool = app.state.resources.pool
    with server as url, httpx.Client(base_url=url, timeout=60) as client:
        assert sparql(client, CHEAP).status_code == 200
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGKILL)
        wait_until(lambda: _dead(pid), timeout=10, what="the worker's death")
        r = sparql(client, CHEAP + " LIMIT 5")  # another text: the answer cache would answer CHEAP itself
        assert r.status_code == 200 and r.headers["modgraph-cache"] == "miss", r.text
        assert pid not in pool.pids()


def test_a_runaway_dependency_analysis_gets_504_and_its_worker_is_freed(corpus_build):
    settings, _, _ = corpus_build
    settings = settings.with_overrides(query_timeout=3.0, query_workers=1)
    app, server = served(settings)
    pool = app.state.resources.pool
    base = settings.base_iri + "id/"
    # the target is in another component: every simple path of up to 8 edges from the source is tried (minutes)
    runaway = {
        "from": base + "field/leipzig-2018/hf-3",
        "to": base + "event/abt4-news/code-week-2023",
        "all": "true",
        "cutoff": 8,
        "limit": 1,
    }
    with server as url, httpx.Client(base_url=url, timeout=60) as client:
        r = client.get("/deps/path", params=runaway)
        assert r.status_code == 504 and r.json()["error"] == "timeout", r.text
        assert pool.killed == 1
        wait_until(lambda: pool.idle == 1, timeout=60, what="the replacement worker")
        # a generous limit from here on: the fresh worker builds the projection first, and past 0.2 s it runs in
        # SCHED_IDLE, which on a busy machine gives it only what the other processes leave
        pool.timeout = 60.0
        r = client.get("/deps/search", params={"q": "Organisation und E-Gov"})
        assert r.status_code == 200 and r.json()["hits"][0]["iri"] == base + "field/leipzig-2018/hf-3"


# ---- the pool itself, on real worker processes (no HTTP) ------------------------------------------------------


def _with_pool(work, size: int = 1, **options):
    """``work(pool)`` (a coroutine function) on a started pool of ``size`` workers."""

    async def main():
        pool = WorkerPool(size, timeout=30, **options)
        await pool.start()
        try:
            return await work(pool)
        finally:
            await pool.stop()

    return asyncio.run(main())


def test_a_long_job_runs_in_the_idle_class_and_its_worker_is_restored_after():
    async def work(pool):
        long = await pool.run(pool_tasks.sleep_then_scheduling, 1.0)  # far beyond nice_after
        short = await pool.run(pool_tasks.sleep_then_scheduling, 0.0)
        return long, short, pool.pids()

    long, short, pids = _with_pool(work, nice_after=0.05)
    assert long == (os.SCHED_IDLE, NICENESS_LONG)
    assert short == (os.SCHED_OTHER, 0)  # the same worker (as root), back to normal for the next job
    assert len(pids) == 1


@pytest.mark.parametrize("blocking", [True, False])
def test_answers_longer_and_shorter_than_what_the_event_loop_reads_itself_arrive_whole(blocking):
    # non-blocking: as uvloop (the loop uvicorn runs on wherever uvloop is installed) leaves a descriptor it watched
    sizes = [0, 10, SMALL_ANSWER, SMALL_ANSWER + 1, 3 * 1024 * 1024, 10, 3 * 1024 * 1024]

    async def work(pool):
        answers = []
        for size in sizes:
            for worker in pool._all:
                os.set_blocking(worker.fileno(), blocking)
            answers.append(await pool.run(pool_tasks.answer_of, size))
        return answers

    answers = _with_pool(work)
    assert [len(a) for a in answers] == sizes
    assert all(a == pool_tasks.answer_of(len(a), StoreCache()) for a in answers)


def test_a_worker_imports_none_of_the_web_frameworks():
    # each import would be paid again by every replacement of a killed worker
    assert _with_pool(lambda pool: pool.run(pool_tasks.heavy_modules, None)) == []


def test_a_client_whose_job_cost_its_worker_gets_its_slot_back_once_the_replacement_started():
    async def work(pool):
        with pytest.raises(QueryTimeout):
            await pool.run(pool_tasks.sleep_then_scheduling, 60.0, timeout=0.5, client="careless")
        held_at_once = pool.held("careless")  # the replacement takes a good part of a second to start
        while pool.held("careless"):
            await asyncio.sleep(0.05)
        # the slot came back with the replacement: both workers are there for the next job
        return held_at_once, pool.idle, pool.killed

    held_at_once, idle, killed = _with_pool(work, size=2, per_client=1)
    assert held_at_once and idle == 2 and killed == 1


def _stopped(pid: int) -> bool:
    """Whether the process is stopped, or a SIGSTOP waits for it (a SCHED_IDLE process on a busy machine may
    take a while to get the CPU it needs to stop)."""
    status = dict(line.split(":\t", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return status["State"].startswith("T") or bool(int(status["ShdPnd"], 16) & 1 << (signal.SIGSTOP - 1))


def test_a_long_job_is_stopped_while_short_ones_run_and_still_finishes():
    async def work(pool):
        long = asyncio.ensure_future(pool.run(pool_tasks.burn, 1.0))  # one CPU second: long
        while not pool._long:  # lowered after nice_after, long once it has burnt LONG_CPU more
            await asyncio.sleep(0.01)
        (long_pid,) = [w.pid for w in pool._long]
        seen = []
        for _ in range(5):  # a short job in flight (it sleeps: no CPU, never long) stops the long one
            short = asyncio.ensure_future(pool.run(pool_tasks.sleep_then_scheduling, 0.3))
            await asyncio.sleep(0.1)
            seen.append(_stopped(long_pid))
            await short
        wall = await long  # alone now: it runs again and finishes
        return seen, pool.pauses, wall, [_stopped(pid) for pid in pool.pids()]

    seen, pauses, wall, after = _with_pool(work, size=2, nice_after=0.05)
    assert any(seen) and pauses >= 5, seen  # every short job stopped it (a window may let it run a moment)
    assert wall >= 1.0  # it got its CPU second and answered
    assert not any(after)  # no worker is left stopped


def test_a_job_that_waits_without_burning_cpu_is_never_stopped():
    async def work(pool):
        sleeper = asyncio.ensure_future(pool.run(pool_tasks.sleep_then_scheduling, 1.0))
        for _ in range(40):
            await pool.run(pool_tasks.answer_of, 10)
            await asyncio.sleep(0.02)
        return await sleeper, pool.pauses

    (policy, _), pauses = _with_pool(work, size=2, nice_after=0.05)
    assert policy == os.SCHED_IDLE and pauses == 0  # lowered, but not long: it used no CPU
