"""Load test on loopback: cheap-query throughput and p95 of modgraph's endpoint, alone and beside careless clients.

    python benchmarks/fairness.py --store /tmp/pool-bench/store [--seconds 8] [--rounds 2] [--workers 2,4]

For each pool size in ``--workers`` (``MODGRAPH_QUERY_WORKERS``; the other settings at their defaults) a
``modgraph serve`` subprocess is started, and for each concurrency (8, 32) and scenario one cell runs for
``--seconds``: ``concurrency`` cheap clients (point lookups) in a closed loop, beside

* ``alone``: nothing else;
* ``runaways-2`` / ``runaways-4``: 2 or 4 connections from 127.0.1.2 each sending a query that runs until the
  time limit (504), again and again;
* ``disconnecting-4``: 4 connections from 127.0.1.3 sending that query and hanging up after 0.3 s, again and again.
* ``crowd-32``: one client (127.0.1.4) with 32 connections sending cheap queries (each text new) as fast as it
  is answered: a greedy client, which the per-client limit queues, beside the measured ones.

``--identities`` says who the cheap connections are: ``one`` — all of them from 127.0.0.1, one client with
``concurrency`` connections (the per-client limit ``client_queries`` queues them by design); ``distinct`` — each
from its own loopback address (127.0.0.2, 127.0.0.3, …), ``concurrency`` distinct clients. ``--texts`` says what
they send: ``repeated`` — the same text every time (which the server's answer cache answers after the first
request); ``distinct`` — a different text every request (the same lookup with ``LIMIT 1000+n``: the same answer
and cost, a text the cache has never seen), which measures the workers.

All servers (each pool size, and the ``--baseline`` checkout's code beside each) run at once, and every cell is
measured on each in turn, round after round (the machine is noisy and its load drifts). Results (medians over the
rounds) are written to ``--output`` as markdown, raw figures to ``--json``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_bench import (  # noqa: E402
    REQUESTS,
    ROOT,
    Server,
    baseline_server,
    connections,
    latency_stats,
    machine_facts,
    modgraph_server,
    running,
    send,
    tree_cpu_seconds,
)

CHEAP = "SELECT ?p ?o WHERE { <https://w3id.org/modgraph/id/field/leipzig-2018/hf-3> ?p ?o } LIMIT 50"
# 30^7 ≈ 2·10^10 solutions: runs until any time limit, and needs no data
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?v{i} {{ {' '.join(str(k) for k in range(30))} }}" for i in range(7))
    + " }"
)
SCENARIOS = {
    "alone": (0, None),
    "runaways-2": (2, 60.0),
    "runaways-4": (4, 60.0),
    "disconnecting-4": (4, 0.3),
    "crowd-32": (32, 30.0),
}
SOURCES = {
    "runaways-2": "127.0.1.2",
    "runaways-4": "127.0.1.2",
    "disconnecting-4": "127.0.1.3",
    "crowd-32": "127.0.1.4",
}
IDENTITIES = ("one", "distinct")
TEXTS = ("repeated", "distinct")


def cheap_text(texts: str, n: int | None = None) -> str:
    """The cheap query's text: always the same (``repeated``), or each one new in this run (``distinct``: the
    ``n``-th, by default the run's next number — a counter per cell would repeat texts in the next cell or round).

    >>> cheap_text("distinct", 7).endswith("LIMIT 1007")
    True
    >>> cheap_text("distinct") != cheap_text("distinct")
    True
    """
    if texts == "repeated":
        return CHEAP
    return CHEAP.replace("LIMIT 50", f"LIMIT {1000 + (next(REQUESTS) if n is None else n)}")


def cheap_source(identities: str, k: int) -> str:
    """The local address cheap connection ``k`` binds to.

    >>> [cheap_source("one", 5), cheap_source("distinct", 0), cheap_source("distinct", 31)]
    ['127.0.0.1', '127.0.0.2', '127.0.0.33']
    """
    return "127.0.0.1" if identities == "one" else f"127.0.0.{2 + k}"


async def careless(
    endpoint: str, count: int, client_timeout: float, source: str, stop: asyncio.Event, crowd: bool = False
) -> dict:
    """``count`` connections of one client sending the runaway query until ``stop`` (``crowd``: cheap queries, each
    text new, as fast as they are answered); their answers by status."""
    statuses: dict[str, int] = {}

    async def loop(client: httpx.AsyncClient) -> None:
        while not stop.is_set():
            query = cheap_text("distinct") if crowd else RUNAWAY
            _, status, _ = await send(client, endpoint, query, client_timeout)
            statuses[str(status)] = statuses.get(str(status), 0) + 1

    async with connections([source] * count) as clients:
        await asyncio.gather(*(loop(client) for client in clients))
    return statuses


async def cell(
    endpoint: str, scenario: str, concurrency: int, seconds: float, identities: str = "one", texts: str = "repeated"
) -> dict:
    count, client_timeout = SCENARIOS[scenario]
    stop = asyncio.Event()
    background = (
        asyncio.ensure_future(
            careless(endpoint, count, client_timeout, SOURCES[scenario], stop, crowd=scenario.startswith("crowd"))
        )
        if count
        else None
    )
    await asyncio.sleep(1.0 if count else 0)  # let the careless clients take their workers
    latencies: list[float] = []
    failures: dict[str, int] = {}
    deadline = time.perf_counter() + seconds

    async def loop(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            latency, status, _ = await send(client, endpoint, cheap_text(texts), 30.0)
            if status == 200:
                latencies.append(latency)
            else:
                failures[str(status)] = failures.get(str(status), 0) + 1

    async with connections([cheap_source(identities, k) for k in range(concurrency)]) as clients:
        t0 = time.perf_counter()
        await asyncio.gather(*(loop(client) for client in clients))
        elapsed = time.perf_counter() - t0
    stop.set()
    careless_statuses = await background if background else {}
    return {
        "scenario": scenario,
        "concurrency": concurrency,
        "identities": identities,
        "texts": texts,
        "ok": len(latencies),
        "rps": len(latencies) / elapsed,
        "failures": failures,
        "careless": careless_statuses,
        **latency_stats(latencies),
    }


def _alone(cells: list[dict], like: dict) -> dict:
    """The ``alone`` cell of the same round with the same clients, texts and concurrency as ``like``."""
    same = ("identities", "texts", "concurrency")
    return next(c for c in cells if c["scenario"] == "alone" and all(c[k] == like[k] for k in same))


def report(results: dict[str, list[list[dict]]], args, command: str) -> str:
    lines = [
        "# Fairness load test: cheap queries beside runaway and disconnecting clients",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine_facts()}; client and server share the cores (the client is one asyncio process); "
        f"load average (1 min) before the cells: min {min(args.load):.1f}, median {statistics.median(args.load):.1f}, "
        f"max {max(args.load):.1f} (other work ran on the machine: compare within a row pair, not across runs).  ",
        f"Each cell {args.seconds:g} s; {args.rounds} rounds after a 3 s warm-up cell per server; all servers run at "
        "once and every cell is measured on each in turn, in the opposite order every other round (pool sizes and "
        "the 'before' code side by side); figures are medians over the rounds, 'vs "
        "alone' the median of each round's ratio to that round's 'alone'. Cheap query: one node's properties "
        "(`LIMIT 50`; with distinct texts `LIMIT 1000+n`, a text the answer cache has never seen); runaway: a 30^7 "
        "VALUES product (runs to the 5 s limit). 'cheap clients': `distinct` — each connection from its own "
        "loopback address, `one` — all from 127.0.0.1 (one client, whose `client_queries` = 3 queues the rest). "
        "Server CPU per cheap answer includes the careless clients' jobs (1 s before the cell and until their last "
        "request ends). Settings at their defaults except `MODGRAPH_QUERY_WORKERS`.",
        "",
        "| workers | cheap clients | texts | concurrency | scenario | cheap req/s | vs alone | median ms | p95 ms | "
        "server CPU ms per cheap answer | cheap errors | careless clients' answers |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for workers, rounds in results.items():
        for index, first in enumerate(rounds[0]):
            cells = [r[index] for r in rounds]
            rps = statistics.median(c["rps"] for c in cells)
            ratio = statistics.median(r[index]["rps"] / _alone(r, r[index])["rps"] for r in rounds)
            med = statistics.median(c["median_ms"] or 0 for c in cells)
            p95 = statistics.median(c["p95_ms"] or 0 for c in cells)
            cpu = statistics.median(c.get("server_cpu_ms", 0.0) for c in cells)
            errors: dict[str, int] = {}
            careless_: dict[str, int] = {}
            for c in cells:
                for k, v in c["failures"].items():
                    errors[k] = errors.get(k, 0) + v
                for k, v in c["careless"].items():
                    careless_[k] = careless_.get(k, 0) + v
            lines.append(
                f"| {workers} | {first['identities']} | {first['texts']} | {first['concurrency']} | "
                f"{first['scenario']} | {rps:.0f} | {ratio:.0%} | "
                f"{med:.1f} | {p95:.1f} | {cpu:.1f} | {json.dumps(errors) if errors else '0'} | "
                f"{json.dumps(careless_) if careless_ else '–'} |"
            )
    return "\n".join(lines) + "\n"


def servers(store: Path, variants: dict[str, tuple[int, Path | None]]) -> dict[str, Server]:
    out = {}
    for name, (workers, checkout) in variants.items():
        server = modgraph_server(store) if checkout is None else baseline_server(checkout, store)
        server.name = f"modgraph-{name}".replace(" ", "-").replace("(", "").replace(")", "")
        server.env["MODGRAPH_QUERY_WORKERS"] = str(workers)
        out[name] = server
    return out


async def measure(running_: dict[str, Server], args) -> dict[str, list[list[dict]]]:
    """Every cell once per round, the variants side by side within each cell (the machine's load drifts)."""
    results: dict[str, list[list[dict]]] = {name: [] for name in running_}
    for server in running_.values():  # warm-up, not measured: the first cell on a fresh server ran slower
        await cell(server.endpoint, "alone", max(args.concurrency), 3.0, "distinct", "distinct")
    for round_ in range(args.rounds):
        for name in running_:
            results[name].append([])
        # every other round the variants in the opposite order: the one measured second might pay for the first
        order = list(running_.items()) if round_ % 2 == 0 else list(reversed(running_.items()))
        plan = [
            (i, t, c, s) for i in args.identities for t in args.texts for c in args.concurrency for s in args.scenarios
        ]
        for identities, texts, concurrency, scenario in plan:
            for name, server in order:
                assert server.proc is not None
                args.load.append(os.getloadavg()[0])
                cpu = tree_cpu_seconds(server.proc.pid)
                out = await cell(server.endpoint, scenario, concurrency, args.seconds, identities, texts)
                # the server's CPU (web process and workers, the careless clients' jobs included) per cheap answer
                out["server_cpu_ms"] = (tree_cpu_seconds(server.proc.pid) - cpu) * 1000 / max(1, out["ok"])
                results[name][-1].append(out)
                print(name, out, flush=True)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workers", default="2,4", help="pool sizes to compare, comma-separated")
    ap.add_argument("--concurrency", default="8,32")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS), help="of " + ", ".join(SCENARIOS))
    ap.add_argument(
        "--identities", default="distinct,one", help="who the cheap clients are: of " + ", ".join(IDENTITIES)
    )
    ap.add_argument("--texts", default="distinct", help="what they send: of " + ", ".join(TEXTS))
    ap.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "FAIRNESS.md")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--baseline", type=Path, help="another modgraph checkout, measured as 'before' (interleaved)")
    args = ap.parse_args()
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    args.scenarios = args.scenarios.split(",")
    args.identities = args.identities.split(",")
    args.texts = args.texts.split(",")
    pools = [int(w) for w in args.workers.split(",")]
    logdir = Path("/tmp") / "modgraph-fairness-logs"
    logdir.mkdir(exist_ok=True)
    variants: dict[str, tuple[int, Path | None]] = {}
    for w in pools:
        variants[f"{w}"] = (w, None)
        if args.baseline:
            variants[f"{w} (before)"] = (w, args.baseline)
    args.load = []
    with contextlib.ExitStack() as stack:
        running_ = {
            name: stack.enter_context(running(server, logdir)) for name, server in servers(args.store, variants).items()
        }
        results = asyncio.run(measure(running_, args))
    command = "python benchmarks/fairness.py " + " ".join(sys.argv[1:])
    args.output.write_text(report(results, args, command), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
