"""The backends side by side, in one run: loading a build and answering the query set on the embedded store,
the Oxigraph server and Virtuoso Open Source 7.

    nice -n 10 python benchmarks/backends.py --store STORE [--rounds 3] [--lookups 100] [--seconds 10]

``STORE`` holds a published build (``modgraph build``, e.g. of ``benchmarks/synthetic.py --scale 40``). Measured:

- **Load**: the build's named graphs (N-Quads) bulk-loaded into a fresh embedded store (``Store.bulk_load``);
  and ``publish_remote`` of the build on a fresh Oxigraph server and a fresh Virtuoso (``tests/servers/``): Graph
  Store Protocol POSTs of ``--chunk-bytes`` N-Triples, the counts verified on the server, the switch. The upload
  alone (first to last chunk) and the whole publication, in triples a second.
- **Queries over HTTP**: every catalogue query (its defaults bound) and ``--lookups`` point lookups
  (``SELECT ?p ?o WHERE { <s> ?p ?o }`` for subjects drawn with a fixed seed), each POSTed to modgraph's own
  ``/sparql`` endpoint (uvicorn, its worker pool, the same settings) on each backend: *embedded* evaluates in its
  workers; *oxigraph-server* and *virtuoso* forward the checked query to the server (the union graph as
  ``default-graph-uri``, the build's graphs as ``named-graph-uri``, the control graph's state read before and
  after: ``modgraph.web.remote``). The Oxigraph server runs network-isolated (``IsolatedOxigraphServer``: a
  Python TCP bridge in front, which ``modgraph serve``'s federation probe needs), Virtuoso with federation
  revoked. Interleaved per query (the machine is shared), medians over ``--rounds``; a query over ``--timeout``
  seconds counts as a timeout. Throughput: point lookups from 4 threads for ``--seconds`` per backend.

Results are printed as Markdown and written to ``--out`` (JSON).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from http_bench import machine_facts  # noqa: E402

from modgraph.settings import PACKAGE_DIR, Settings  # noqa: E402
from modgraph.store.builds import Build, StoreLocation  # noqa: E402
from modgraph.store.remote import SparqlClient, publish_remote  # noqa: E402
from modgraph.store.remote.virtuoso import RESULTS_ACCEPT  # noqa: E402
from modgraph.web.catalogue import read_query  # noqa: E402
from tests.api.server import live_server  # noqa: E402
from tests.servers.oxigraph_server import IsolatedOxigraphServer  # noqa: E402
from tests.servers.virtuoso import VirtuosoServer, client_for  # noqa: E402

Run = Callable[[str], object]


def catalogue() -> dict[str, str]:
    """Catalogue query name → its text with the defaults bound."""
    out = {}
    for path in sorted((PACKAGE_DIR / "queries").glob("*.rq")):
        query = read_query(path)
        out[path.stem] = query.bound({p.name: p.default for p in query.params})
    return out


def lookups(build: Build, n: int, seed: int = 40) -> list[str]:
    """``n`` point lookups, on subjects (IRIs) drawn from the build's data graphs with a fixed seed."""
    store = build.open_read_only()
    graphs = " ".join(f"<{g}>" for g in build.info.data_graphs)
    rows = store.query(
        f"SELECT DISTINCT ?s WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?s)) }}"
    )
    subjects = sorted(row["s"].value for row in rows)  # type: ignore[union-attr]
    return [f"SELECT ?p ?o WHERE {{ <{s}> ?p ?o }}" for s in random.Random(seed).sample(subjects, n)]


def load_embedded(build: Build, workdir: Path) -> dict[str, float]:
    source = build.open_read_only()
    quads = [q for g in source.named_graphs() for q in source.quads_for_pattern(None, None, None, g)]
    named = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""  # the named graphs, not the union copy
    store = ox.Store(str(workdir / "embedded"))
    started = time.perf_counter()
    store.bulk_load(named, ox.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "triples": len(store), "upload_seconds": seconds}


def load_remote(client: SparqlClient, build: Build, chunk_bytes: int) -> dict[str, float]:
    marks: list[float] = []
    started = time.perf_counter()
    publish_remote(client, build, chunk_bytes=chunk_bytes, progress=lambda n, total: marks.append(time.perf_counter()))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "triples": build.info.triples,
        "upload_seconds": (marks[-1] - started) if marks else seconds,
        "requests": len(marks),
    }


def timed(run: Run, text: str, timeout: float) -> float | None:
    """Seconds the query took (None: it failed or ran over ``timeout``)."""
    started = time.perf_counter()
    try:
        run(text)
    except Exception:  # a timeout or an error: recorded as no answer
        return None
    seconds = time.perf_counter() - started
    return seconds if seconds <= timeout else None


def endpoint_runner(url: str, timeout: float) -> Run:
    client = httpx.Client(timeout=timeout)

    def run(text: str) -> object:
        response = client.post(url, data={"query": text}, headers={"Accept": RESULTS_ACCEPT})
        response.raise_for_status()
        return response.content

    return run


def throughput(run: Run, texts: list[str], seconds: float, threads: int = 4) -> float:
    """Answered point lookups a second, ``threads`` clients for ``seconds``."""
    done = [0] * threads
    stop = time.monotonic() + seconds

    def worker(k: int) -> None:
        i = k
        while time.monotonic() < stop:
            if timed(run, texts[i % len(texts)], 30.0) is not None:
                done[k] += 1
            i += threads

    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sum(done) / seconds


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, required=True, help="a store with a published build")
    ap.add_argument("--project", type=Path, default=None, help="the project the build is of (default: this one)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--lookups", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=10.0, help="throughput measurement per backend")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds a query may take")
    ap.add_argument("--chunk-bytes", type=int, default=8 * 2**20)
    ap.add_argument("--load-timeout", type=float, default=3600.0, help="seconds one publishing request may take")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "backends-results.json")
    ap.add_argument(
        "--skip", action="append", default=[], help="a catalogue query left out (e.g. one that crashes a server)"
    )
    args = ap.parse_args(argv)

    build = StoreLocation(args.store).require_current()
    queries = {name: text for name, text in catalogue().items() if name not in args.skip}
    points = lookups(build, args.lookups)
    results: dict = {"machine": machine_facts(), "build": build.info.id, "triples": build.info.triples}
    print(f"# backends: build {build.info.id}, {build.info.triples} triples; {results['machine']}", flush=True)
    project = args.project or Settings.load().project
    settings = Settings.load(project).with_overrides(store=args.store, query_workers=2, query_timeout=args.timeout)

    def served_from(server: object) -> Settings:
        environ = server.environment()  # type: ignore[attr-defined]
        return Settings.load(project, environ=environ).with_overrides(
            store=args.store, query_workers=2, query_timeout=args.timeout
        )

    with tempfile.TemporaryDirectory(prefix="backends-") as tmp:
        work = Path(tmp)
        load = {"embedded": load_embedded(build, work)}
        print("loaded embedded", load["embedded"], flush=True)
        with (
            IsolatedOxigraphServer(work / "oxigraph").running() as oxi,
            VirtuosoServer(work / "virtuoso").running() as virt,
        ):
            clients = {n: client_for(s, args.load_timeout) for n, s in (("oxigraph-server", oxi), ("virtuoso", virt))}
            for name, client in clients.items():
                load[name] = load_remote(client, build, args.chunk_bytes)
                print("loaded", name, load[name], flush=True)
            with (
                live_server(settings) as url,
                live_server(served_from(oxi)) as oxi_url,
                live_server(served_from(virt)) as virt_url,
            ):
                urls = {"embedded": url, "oxigraph-server": oxi_url, "virtuoso": virt_url}
                runners: dict[str, Run] = {n: endpoint_runner(f"{u}/sparql", args.timeout) for n, u in urls.items()}
                results.update(measure(runners, queries, points, args))
    results.update(load=load)
    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(report(results))


def measure(runners: dict[str, Run], queries: dict[str, str], points: list[str], args: argparse.Namespace) -> dict:
    """Latencies of every query and point lookup on every backend, interleaved, and the lookup throughput."""
    names = list(runners)
    latency: dict[str, dict[str, list[float | None]]] = {q: {n: [] for n in names} for q in queries}
    points_latency: dict[str, list[float | None]] = {n: [] for n in names}
    for r in range(args.rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for q, text in queries.items():
            for n in order:
                latency[q][n].append(timed(runners[n], text, args.timeout))
            print(f"round {r + 1}: {q}", {n: latency[q][n][-1] for n in names}, flush=True)
        for text in points:
            for n in order:
                points_latency[n].append(timed(runners[n], text, args.timeout))
        print(f"round {r + 1} done", flush=True)
    rate = {n: throughput(runners[n], points, args.seconds) for n in names}
    return {"latency": latency, "points": points_latency, "throughput": rate}


def _median(values: list[float | None]) -> str:
    answered = [v for v in values if v is not None]
    if len(answered) < len(values):
        return f"timeout ({len(values) - len(answered)}/{len(values)})" if not answered else "partly timed out"
    return f"{statistics.median(answered) * 1000:.0f}"


def report(results: dict) -> str:
    names = list(results["load"])
    lines = [f"Build {results['build']}: {results['triples']} triples. {results['machine']}", ""]
    lines += ["| load | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for key, label in (("upload_seconds", "upload s"), ("seconds", "whole publication s")):
        lines.append(f"| {label} | " + " | ".join(f"{results['load'][n][key]:.1f}" for n in names) + " |")
    lines.append(
        "| triples/s (upload) | "
        + " | ".join(f"{results['load'][n]['triples'] / results['load'][n]['upload_seconds']:.0f}" for n in names)
        + " |"
    )
    lines += ["", "| query (median ms) | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for q, per in results["latency"].items():
        lines.append(f"| {q} | " + " | ".join(_median(per[n]) for n in names) + " |")
    lines.append("| point lookup | " + " | ".join(_median(results["points"][n]) for n in names) + " |")
    lines.append(
        "| point lookups/s (4 threads) | " + " | ".join(f"{results['throughput'][n]:.0f}" for n in names) + " |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
