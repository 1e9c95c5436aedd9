"""modgraph's SPARQL endpoint over HTTP, side by side with what a user would run instead, in one run.

    .venv/bin/pip install -e .[bench]
    .venv/bin/modgraph build                      # or MODGRAPH_STORE=… python -m modgraph.cli.main build
    .venv/bin/python benchmarks/http_bench.py [--store DIR] [--requests 200] [--seconds 30] [--output benchmarks/HTTP.md]

Systems, each started by this script as a subprocess on a free port of 127.0.0.1 and stopped again
(SIGTERM to its process group, SIGKILL after a grace period, also on error or Ctrl-C):

- modgraph: ``python -m modgraph --project . serve`` (uvicorn, query worker processes, timeout, row cap) on the build;
- rdflib-endpoint: its ``SparqlEndpoint`` app on uvicorn, exactly as its own ``serve`` command builds it
  (``Dataset(default_union=True)``, the build's N-Quads dump parsed into it);
- oxigraph: the Oxigraph server binary from the ``oxigraph`` wheel, ``oxigraph load`` of the same dump,
  then ``oxigraph serve --union-default-graph`` (its defaults otherwise: no timeout).

A system whose package is missing is reported as not run. The client (httpx, asyncio) is this
process; every request is a SPARQL 1.1 Protocol POST (form-encoded) asking for
application/sparql-results+json. Measures per query: latency at concurrency 1, throughput at
concurrency 4 and 16, each cell bounded by --requests and --seconds; then one robustness cell per
system: an expensive cross join sent together with cheap queries.

Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import itertools
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import QUERIES  # noqa: E402  (the engine benchmark's queries, reused)

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # every triple × every triple
CHEAP = "measures with labels"
ACCEPT = "application/sparql-results+json"
CONCURRENCY_LATENCY = 1
CONCURRENCY_THROUGHPUT = (4, 16)


# ---------------------------------------------------------------- servers


@dataclass
class Server:
    """How to start one system and where its SPARQL endpoint answers."""

    name: str
    argv: list[str]
    endpoint: str
    env: dict[str, str] = field(default_factory=dict)
    prepare_s: float = 0.0  # time spent before the server starts (e.g. oxigraph load)
    cwd: Path = ROOT
    proc: subprocess.Popen | None = None
    ready_s: float | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def modgraph_server(store: Path) -> Server:
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "modgraph",
        "--project",
        str(ROOT),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--store",
        str(store),
    ]
    return Server("modgraph", argv, f"http://127.0.0.1:{port}/sparql", env={"MODGRAPH_STORE": str(store)})


def baseline_server(checkout: Path, store: Path) -> Server:
    """modgraph as another checkout's code (e.g. the main branch) serves the store: a before/after column."""
    server = modgraph_server(store)
    server.name = "modgraph-before"
    server.cwd = checkout
    server.argv = [str(checkout) if a == str(ROOT) else a for a in server.argv]
    server.env["PYTHONPATH"] = str(checkout)
    return server


def rdflib_endpoint_server(nquads: Path) -> Server | str:
    try:
        import rdflib_endpoint  # noqa: F401
    except ImportError:
        return "package rdflib-endpoint not installed (pip install -e .[bench])"
    port = free_port()
    argv = [
        sys.executable,
        str(Path(__file__).resolve()),
        "serve-rdflib-endpoint",
        "--nquads",
        str(nquads),
        "--port",
        str(port),
    ]
    return Server("rdflib-endpoint", argv, f"http://127.0.0.1:{port}/sparql")


def python_floor_server(store: Path) -> Server:
    """The cheapest SPARQL endpoint a Python web process can be: a bare ASGI callable on the same uvicorn (with
    httptools) that runs each query on the published store in its own event loop, with none of modgraph's guards
    (no worker process, no time or memory limit, no row cap, no per-client slots, no content negotiation)."""
    port = free_port()
    argv = [sys.executable, str(Path(__file__).resolve()), "serve-python-floor", "--store", str(store)]
    return Server("python-floor", [*argv, "--port", str(port)], f"http://127.0.0.1:{port}/sparql")


def serve_python_floor(store: Path, port: int) -> None:
    """Child process of :func:`python_floor_server`: form-encoded POST ``query=…`` in, SPARQL results JSON out."""
    from urllib.parse import parse_qs

    import pyoxigraph as ox
    import uvicorn

    from modgraph.store.builds import StoreLocation

    engine = StoreLocation(store).require_current().open_read_only()
    json_format = ox.QueryResultsFormat.JSON

    async def app(scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = parse_qs(body.decode())["query"][0]
        answer = engine.query(query).serialize(format=json_format)
        headers = [(b"content-type", b"application/sparql-results+json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer})

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", http="httptools")


def oxigraph_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def oxigraph_server(nquads: Path, workdir: Path, union: bool = True) -> Server | str:
    """The Oxigraph server on the N-Quads file; ``union``: its default graph is the union of all graphs
    (``--union-default-graph``), else the file's own default graph."""
    binary = oxigraph_binary()
    if binary is None:
        return "package oxigraph (the server CLI) not installed (pip install -e .[bench])"
    location = workdir / "oxigraph-store"
    t0 = time.perf_counter()
    subprocess.run(
        [binary, "load", "--location", str(location), "--file", str(nquads)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    load_s = time.perf_counter() - t0
    port = free_port()
    argv = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union:
        argv.append("--union-default-graph")
    return Server("oxigraph", argv, f"http://127.0.0.1:{port}/query", prepare_s=load_s)


def serve_rdflib_endpoint(nquads: Path, port: int) -> None:
    """Child process: rdflib-endpoint as its own ``serve`` command sets it up, on 127.0.0.1 only."""
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    ds = Dataset(default_union=True)
    ds.parse(str(nquads), format="nquads")
    uvicorn.run(SparqlEndpoint(graph=ds, path="/sparql"), host="127.0.0.1", port=port)


def wait_ready(server: Server, limit: float = 180.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.proc.returncode} before answering")
        with contextlib.suppress(httpx.HTTPError):
            r = httpx.post(server.endpoint, data={"query": "ASK {}"}, headers={"Accept": ACCEPT}, timeout=2)
            if r.status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} not ready after {limit:.0f} s")


def stop(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """SIGTERM to the server's own process group (it has one: start_new_session), SIGKILL if it lingers."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError):  # leftover children (modgraph's query workers)
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(grace)


@contextlib.contextmanager
def running(server: Server, logdir: Path):
    log = open(logdir / f"{server.name}.log", "wb")
    t0 = time.perf_counter()
    server.proc = subprocess.Popen(
        server.argv,
        cwd=server.cwd,
        env={**os.environ, **server.env},
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_ready(server)
        server.ready_s = time.perf_counter() - t0
        yield server
    finally:
        stop(server.proc)
        log.close()


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return children


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its living descendants, plus the children they
    have reaped (a killed and replaced worker's time is counted by its parent once collected)."""
    children, total, todo = _children(), 0.0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15]) / tick  # utime, stime, cutime, cstime
    return total


def own_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by the process itself (without its children: for modgraph, the web
    process without its query workers)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:13]) / os.sysconf("SC_CLK_TCK")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (modgraph's workers are children)."""
    children = _children()
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


# ---------------------------------------------------------------- client


def identity(k: int) -> dict[str, str]:
    """Headers making a request come from simulated client ``k`` (a server trusting loopback proxies, as
    ``modgraph serve`` does by uvicorn's default, takes the client address from ``X-Forwarded-For``)."""
    return {"X-Forwarded-For": f"10.0.{k // 250}.{k % 250 + 1}"}


async def send(
    client: httpx.AsyncClient, endpoint: str, query: str, timeout: float, headers: dict[str, str] | None = None
) -> tuple[float, int | str, bytes]:
    """One POST; (seconds, status code or 'client-timeout'/error name, body)."""
    t = time.perf_counter()
    try:
        r = await client.post(
            endpoint, data={"query": query}, headers={"Accept": ACCEPT, **(headers or {})}, timeout=timeout
        )
        return time.perf_counter() - t, r.status_code, r.content
    except httpx.TimeoutException:
        return time.perf_counter() - t, "client-timeout", b""
    except httpx.HTTPError as e:
        return time.perf_counter() - t, type(e).__name__, b""


@contextlib.asynccontextmanager
async def connections(sources: list[str | None]):
    """An HTTP client of one connection per local address given (the same address may repeat): one httpx client
    sharing its pool among 32 concurrent requests cost the benchmark so much that 32 connections from one address
    ran at a quarter of the rate of 32 clients of one connection each, with the server's per-client limit off."""
    async with contextlib.AsyncExitStack() as stack:
        clients = []
        for source in sources:
            transport = httpx.AsyncHTTPTransport(local_address=source, limits=httpx.Limits(max_connections=1))
            clients.append(await stack.enter_async_context(httpx.AsyncClient(transport=transport)))
        yield clients


#: numbers requests across the whole run (a counter per cell would send the same texts again in the next round)
REQUESTS = itertools.count(1)


def distinct_text(query: str, n: int | None = None) -> str:
    """The query with a first line naming request ``n`` (by default the run's next number): the same query, a
    text never sent before in this run.

    >>> distinct_text("ASK {}", 3)
    '# request 3\\nASK {}'
    >>> distinct_text("ASK {}") != distinct_text("ASK {}")
    True
    """
    return f"# request {next(REQUESTS) if n is None else n}\n{query}"


async def run_cell(
    endpoint: str,
    query: str,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    timeout: float,
    identities: int = 1,
    distinct: bool = False,
) -> dict:
    """``concurrency`` clients in a closed loop until max_requests were started or max_seconds passed; with
    ``identities`` > 1 the loops take turns among that many client identities (``identity``); with ``distinct``
    every request's text is new (``distinct_text``), so that no answer cache can answer it."""
    latencies: list[float] = []
    failures: dict[str, int] = {}
    started = 0
    deadline = time.perf_counter() + max_seconds

    async def client_loop(client: httpx.AsyncClient, k: int) -> None:
        nonlocal started
        headers = identity(k % identities) if identities > 1 else None
        while started < max_requests and time.perf_counter() < deadline:
            started += 1
            text = distinct_text(query) if distinct else query
            seconds, status, _ = await send(client, endpoint, text, timeout, headers)
            if status == 200:
                latencies.append(seconds)
            else:
                failures[str(status)] = failures.get(str(status), 0) + 1

    async with connections([None] * concurrency) as clients:
        t0 = time.perf_counter()
        await asyncio.gather(*(client_loop(client, k) for k, client in enumerate(clients)))
        elapsed = time.perf_counter() - t0
    return {
        "concurrency": concurrency,
        "ok": len(latencies),
        "failures": failures,
        "elapsed_s": elapsed,
        "rps": len(latencies) / elapsed,
        **latency_stats(latencies),
    }


def latency_stats(latencies: list[float]) -> dict:
    if not latencies:
        return {"median_ms": None, "p95_ms": None}
    p95 = statistics.quantiles(latencies, n=20, method="inclusive")[18] if len(latencies) > 1 else latencies[0]
    return {"median_ms": statistics.median(latencies) * 1000, "p95_ms": p95 * 1000}


def answer_summary(body: bytes) -> str:
    """Rows of a SPARQL JSON result; the value too when there is exactly one binding."""
    bindings = json.loads(body)["results"]["bindings"]
    if len(bindings) == 1 and len(bindings[0]) == 1:
        return f"1 row: {next(iter(bindings[0].values()))['value']}"
    return f"{len(bindings)} rows"


async def check_answers(endpoint: str) -> dict[str, str]:
    out = {}
    async with httpx.AsyncClient() as client:
        for name, q in QUERIES.items():
            _, status, body = await send(client, endpoint, q, 120)
            out[name] = answer_summary(body) if status == 200 else f"HTTP {status}"
    return out


async def robustness(endpoint: str, hard_timeout: float, window: float, cheap_timeout: float) -> dict:
    """The expensive query, and meanwhile the cheap one, one after another, for ``window`` seconds."""
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=4)) as client:
        expensive = asyncio.create_task(send(client, endpoint, EXPENSIVE, hard_timeout))
        await asyncio.sleep(0.5)  # let the expensive query get going first
        cheap: list[tuple[float, int | str]] = []
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < window:
            seconds, status, _ = await send(client, endpoint, QUERIES[CHEAP], cheap_timeout)
            cheap.append((seconds, status))
        exp_seconds, exp_status, _ = await expensive
    ok = [s for s, st in cheap if st == 200]
    return {
        "expensive_status": exp_status,
        "expensive_s": exp_seconds,
        "cheap_sent": len(cheap),
        "cheap_ok": len(ok),
        "cheap_failures": sorted({str(st) for _, st in cheap if st != 200}),
        "cheap_median_ms": statistics.median(ok) * 1000 if ok else None,
        "cheap_max_ms": max(ok) * 1000 if ok else None,
    }


async def measure(server: Server, args) -> dict:
    async with httpx.AsyncClient() as client:
        for q in QUERIES.values():  # warm-up: caches, prepared-query caches, worker stores
            for _ in range(args.warmup):
                await send(client, server.endpoint, q, args.request_timeout)
    result = {"answers": await check_answers(server.endpoint), "cells": {}}
    for name, q in QUERIES.items():
        for c in (CONCURRENCY_LATENCY, *CONCURRENCY_THROUGHPUT):
            cell = await run_cell(server.endpoint, q, c, args.requests, args.seconds, args.request_timeout)
            result["cells"][f"{name}@{c}"] = cell
            print(json.dumps({"system": server.name, "query": name, **cell}), flush=True)
    result["rss_mb"] = tree_rss_mb(server.proc.pid)
    # last: it may leave the server busy for good (it is stopped right after)
    result["robustness"] = await robustness(server.endpoint, args.hard_timeout, args.window, args.cheap_timeout)
    print(json.dumps({"system": server.name, "robustness": result["robustness"]}), flush=True)
    return result


# ---------------------------------------------------------------- report


def fmt_ms(v: float | None) -> str:
    return "–" if v is None else (f"{v:.1f}" if v < 100 else f"{v:.0f}")


def fmt_failures(cell: dict) -> str:
    return "" if not cell["failures"] else " (" + ", ".join(f"{n}× {k}" for k, n in cell["failures"].items()) + ")"


def machine_facts() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    return f"{platform.machine()}, {cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for pkg in ("pyoxigraph", "rdflib", "rdflib-endpoint", "oxigraph", "fastapi", "uvicorn", "httpx"):
        with contextlib.suppress(PackageNotFoundError):
            parts.append(f"{pkg} {version(pkg)}")
    return ", ".join(parts)


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header), *("| " + " | ".join(r) + " |" for r in rows)]


def report(
    results: dict[str, dict], skipped: dict[str, str], servers: dict[str, Server], args, command: str, quads: int
) -> str:
    systems = list(results)
    lines = [
        "# HTTP benchmark: modgraph's SPARQL endpoint and its peers",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine_facts()}.  ",
        f"Versions: {versions()}.  ",
        f"Data: the build's N-Quads dump, {quads} quads in 9 named graphs.  ",
        f"Client: httpx (asyncio) in the benchmark's own process, servers are subprocesses on 127.0.0.1; "
        f"every request a form-encoded POST with `Accept: {ACCEPT}`, keep-alive; {args.warmup} warm-up "
        f"requests per query first. Each cell stops after {args.requests} requests or {args.seconds:g} s, "
        f"whichever comes first (requests in flight at the deadline are finished and counted). "
        f"Client and servers share the machine's cores.",
        "",
    ]
    if skipped:
        lines += ["**Not run:** " + "; ".join(f"{k}: {v}" for k, v in skipped.items()) + ".", ""]
    lines += ["## Systems", ""]
    lines += table(
        [
            "system",
            "command (ports chosen free at run time)",
            "load + start until the first answer (s)",
            "server RSS after the workload (MB, with child processes)",
        ],
        [
            [
                s,
                f"`{' '.join(Path(a).name if a.startswith('/') else a for a in servers[s].argv)}`",
                (f"{servers[s].prepare_s:.2f} (oxigraph load) + " if servers[s].prepare_s else "")
                + f"{servers[s].ready_s:.2f}",
                f"{results[s]['rss_mb']:.0f}",
            ]
            for s in systems
        ],
    )
    lines += ["", "## Latency at concurrency 1 (ms, median / p95; n = requests answered 200)", ""]
    lines += table(
        ["query", *systems],
        [
            [
                q,
                *(
                    f"{fmt_ms(c['median_ms'])} / {fmt_ms(c['p95_ms'])} (n={c['ok']}){fmt_failures(c)}"
                    for c in (results[s]["cells"][f"{q}@1"] for s in systems)
                ),
            ]
            for q in QUERIES
        ],
    )
    for conc in CONCURRENCY_THROUGHPUT:
        lines += [
            "",
            f"## Throughput at concurrency {conc} (requests/s answered 200; median latency ms in brackets)",
            "",
        ]
        lines += table(
            ["query", *systems],
            [
                [
                    q,
                    *(
                        f"{c['rps']:.1f} ({fmt_ms(c['median_ms'])} ms, n={c['ok']}){fmt_failures(c)}"
                        for c in (results[s]["cells"][f"{q}@{conc}"] for s in systems)
                    ),
                ]
                for q in QUERIES
            ],
        )
    lines += [
        "",
        "## Robustness: one expensive query, cheap queries meanwhile",
        "",
        f"Expensive: `{EXPENSIVE}` (client gives up after {args.hard_timeout:g} s). Half a second later, "
        f"the cheap query ({CHEAP}) is sent again and again, one at a time, for {args.window:g} s "
        f"(client gives up on each after {args.cheap_timeout:g} s).",
        "",
    ]
    rows = []
    for s in systems:
        r = results[s]["robustness"]
        exp = f"HTTP {r['expensive_status']}" if isinstance(r["expensive_status"], int) else r["expensive_status"]
        rows.append(
            [
                s,
                f"{exp} after {r['expensive_s']:.1f} s",
                f"{r['cheap_ok']} of {r['cheap_sent']}"
                + (f" ({', '.join(r['cheap_failures'])})" if r["cheap_failures"] else ""),
                f"{fmt_ms(r['cheap_median_ms'])} / {fmt_ms(r['cheap_max_ms'])}",
            ]
        )
    lines += table(["system", "expensive query", "cheap queries answered", "cheap latency ms (median / max)"], rows)
    lines += ["", "## Answers (the same queries, checked once per system)", ""]
    lines += table(["query", *systems], [[q, *(results[s]["answers"][q] for s in systems)] for q in QUERIES])
    lines += ["", "Queries: `benchmarks/run.py` `QUERIES`.", "", "## Reading the tables", "", *NOTES, ""]
    return "\n".join(lines)


NOTES = [
    "- **Each system at its defaults.** modgraph: `MODGRAPH_QUERY_WORKERS=2` worker processes, "
    "`MODGRAPH_QUERY_TIMEOUT=5` s, row cap 10000, access log on (`modgraph serve`). rdflib-endpoint: its "
    "`async` handler runs `graph.query()` on the event loop, so it answers one query at a time; no timeout. "
    "Oxigraph server: multi-threaded; `--timeout-s` exists but is off unless given, so it is off here. "
    "modgraph and rdflib-endpoint run on the same uvicorn (no uvloop/httptools installed).",
    "- **Not quite the same default graph.** modgraph's default graph is the union of the *data* graphs "
    "(`build.json` → `data_graphs`: documents, registry, links) — ontology and shapes are named graphs outside it. "
    "The peers were given the whole dump with their union-default-graph option, so their default graph also "
    "holds the ontology and shapes; rdflib's union is a set (a triple in two graphs counts once), Oxigraph's "
    "`--union-default-graph` counts it once per graph. Only `count triples` is affected (see Answers; it also "
    "scans more triples on the peers); the other queries return the same rows everywhere.",
    "- **Two cores for everything** (if the machine line says so): the client, the server and modgraph's workers "
    "compete for them, so throughput at concurrency 16 is a ceiling of this machine, and the fastest server's "
    "numbers are partly bounded by the Python client.",
    "- **Robustness** is the last cell per system because it can leave a server busy for good; the server is "
    "stopped right after it (SIGTERM, SIGKILL after 5 s).",
]


# ---------------------------------------------------------------- main


def dump_path(store: Path, workdir: Path) -> tuple[Path, int]:
    """The build's N-Quads dump, decompressed once for both peers."""
    src = store / "current" / "downloads" / "modgraph.nq.gz"
    if not src.exists():
        raise SystemExit(f"{src} missing: build first (modgraph build)")
    out = workdir / "modgraph.nq"
    data = gzip.decompress(src.read_bytes())
    out.write_bytes(data)
    return out, data.count(b"\n")


def parse_args(argv: list[str] | None = None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command")
    child = sub.add_parser("serve-rdflib-endpoint", help="internal: the rdflib-endpoint server process")
    child.add_argument("--nquads", type=Path, required=True)
    child.add_argument("--port", type=int, required=True)
    floor = sub.add_parser("serve-python-floor", help="internal: the bare Python endpoint (python_floor_server)")
    floor.add_argument("--store", type=Path, required=True)
    floor.add_argument("--port", type=int, required=True)
    ap.add_argument("--store", type=Path, default=Path(os.environ.get("MODGRAPH_STORE", ROOT / "data")))
    ap.add_argument("--systems", default="modgraph,rdflib-endpoint,oxigraph")
    ap.add_argument("--requests", type=int, default=200, help="requests per cell at most")
    ap.add_argument("--seconds", type=float, default=30.0, help="seconds per cell at most")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--request-timeout", type=float, default=120.0)
    ap.add_argument("--hard-timeout", type=float, default=30.0, help="client limit for the expensive query")
    ap.add_argument("--window", type=float, default=10.0, help="seconds of cheap queries in the robustness cell")
    ap.add_argument("--cheap-timeout", type=float, default=10.0)
    ap.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "HTTP.md")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.command == "serve-rdflib-endpoint":
        serve_rdflib_endpoint(args.nquads, args.port)
        return
    if args.command == "serve-python-floor":
        serve_python_floor(args.store, args.port)
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the finally blocks stop the servers
    store = args.store.resolve()
    wanted = args.systems.split(",")
    results: dict[str, dict] = {}
    skipped: dict[str, str] = {}
    servers: dict[str, Server] = {}
    with tempfile.TemporaryDirectory(prefix="modgraph-http-bench-") as tmp:
        workdir = Path(tmp)
        nquads, quads = dump_path(store, workdir)
        makers = {
            "modgraph": lambda: modgraph_server(store),
            "rdflib-endpoint": lambda: rdflib_endpoint_server(nquads),
            "oxigraph": lambda: oxigraph_server(nquads, workdir),
        }
        for name in wanted:
            server = makers[name]()
            if isinstance(server, str):
                skipped[name] = server
                print(f"skipped {name}: {server}", file=sys.stderr)
                continue
            try:
                with running(server, workdir) as s:
                    servers[name] = s
                    results[name] = asyncio.run(measure(s, args))
            except RuntimeError as e:
                skipped[name] = str(e)
                servers.pop(name, None)
                print(f"failed {name}: {e}", file=sys.stderr)
    command = f"{sys.executable} benchmarks/http_bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    args.output.write_text(report(results, skipped, servers, args, command.strip(), quads), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "skipped": skipped}, indent=1), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
