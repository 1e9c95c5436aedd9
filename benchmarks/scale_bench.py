"""Per-request cost at ×10 the corpus: modgraph's endpoint vs the Oxigraph server vs rdflib-endpoint.

    python benchmarks/scale_bench.py --store /tmp/pool-bench/store [--scale 10] [--seconds 8] [--rounds 2]

The published build's N-Quads dump is replicated ``--scale`` times by renaming the data IRI prefix
(``benchmarks/run.py``'s ``scaled``); modgraph gets a build of it made as ``modgraph build`` makes one (same
build info, the union of its data graphs materialised as the store's default graph). The peers get that store's
whole content as N-Quads, default graph included, so that their default graph is modgraph's: the Oxigraph server
runs without ``--union-default-graph`` (which would add the ontology and shapes graphs) and rdflib-endpoint's
union default graph is the same set of triples. Before measuring, every query's answer is fetched from every
system and compared as a multiset of rows; the report says whether they agree.

All servers run at once; the cells (query × system, concurrency ``--concurrency``, each at most ``--seconds``)
are interleaved over ``--rounds`` rounds and the medians written to ``--output``. ``--clients N`` gives the
benchmark's connections N distinct client identities (``X-Forwarded-For: 10.0.0.k``, which the server takes
from a loopback peer only: uvicorn's ``forwarded_allow_ips``), so that modgraph's per-client limit
(``client_queries``) applies per simulated client rather than to the whole benchmark; the peers ignore the header.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_bench import (  # noqa: E402
    ROOT,
    Server,
    baseline_server,
    machine_facts,
    modgraph_server,
    own_cpu_seconds,
    oxigraph_server,
    python_floor_server,
    rdflib_endpoint_server,
    run_cell,
    running,
    send,
    tree_cpu_seconds,
)
from run import scaled  # noqa: E402

from modgraph.deps.stored import write_projection  # noqa: E402
from modgraph.store.builds import StoreLocation  # noqa: E402
from modgraph.store.default_graph import materialise_union  # noqa: E402
from modgraph.store.drafts import graph_counts, start_build  # noqa: E402

QUERIES = {
    "point lookup": "SELECT ?p ?o WHERE { <https://w3id.org/modgraph/id/c7/field/leipzig-2018/hf-3> ?p ?o }",
    "label search": "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l WHERE { ?s rdfs:label ?l "
    'FILTER(CONTAINS(LCASE(STR(?l)), "digital")) } LIMIT 50',
    "aggregate": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)",
}


def scaled_build(source: Path, target: Path, scale: int, workdir: Path) -> tuple[Path, int]:
    """A published build of the source build's dump ×``scale`` at ``target`` (the union of the data graphs
    materialised as its default graph, as ``modgraph build`` does), and an N-Quads file of that store's whole
    content, default graph included (for the peers)."""
    location = StoreLocation(source)
    info = location.current().info
    nquads = scaled(gzip.decompress((location.current().path / "downloads" / "modgraph.nq.gz").read_bytes()), scale)
    path = workdir / f"modgraph-x{scale}.nq"
    with start_build(StoreLocation(target)) as draft:
        store = ox.Store(str(draft.build.store_path))
        store.bulk_load(nquads, ox.RdfFormat.N_QUADS)
        materialise_union(store, info.data_graphs)
        counts = graph_counts(store)
        store.flush()
        store.optimize()  # as modgraph build does (web/../store/drafts.py); the Oxigraph server's load compacts too
        everything = store.dump(format=ox.RdfFormat.N_QUADS)
        assert everything is not None  # no output stream given: the bytes
        path.write_bytes(everything)
        del store
        draft.write_info(replace(info, graphs=counts, union_in_default_graph=True))
        # as write_downloads does for a real build (the dumps and the catalogue are not needed here)
        write_projection(draft.build, ox.Store.read_only(str(draft.build.store_path)), draft.build.info)
        draft.publish()
    return path, everything.count(b"\n")


def rows(body: bytes) -> list[str]:
    """A SPARQL JSON result as a sorted list of rows (each row its bindings, sorted), for comparing systems."""
    doc = json.loads(body)
    return sorted(json.dumps(sorted(b.items()), sort_keys=True) for b in doc["results"]["bindings"])


async def answers(servers: list) -> dict[str, dict[str, str]]:
    """Per query: each system's row count, and whether all systems gave the same multiset of rows."""
    out: dict[str, dict[str, str]] = {}
    async with httpx.AsyncClient() as client:
        for name, query in QUERIES.items():
            got = {}
            for server in servers:
                _, status, body = await send(client, server.endpoint, query, 300.0)
                got[server.name] = rows(body) if status == 200 else [f"HTTP {status}"]
            first = next(iter(got.values()))
            out[name] = {n: str(len(r)) for n, r in got.items()}
            out[name]["same rows"] = "yes" if all(r == first for r in got.values()) else "NO"
            print(name, out[name], flush=True)
    return out


@dataclass(frozen=True)
class Target:
    """One column of the table: a server, and how many client identities the benchmark's connections use."""

    label: str
    server: Server
    clients: int = 1
    distinct: bool = False  # every request's text new (no answer cache answers it)


def targets(servers: list[Server], identities: list[int], texts: list[str]) -> list[Target]:
    """modgraph: a column per client count and kind of texts; a peer: one column, with distinct texts if any
    modgraph column has them (a peer has no cache, but parses the comment line all the same)."""
    out = []
    for server in servers:
        if server.name.startswith("modgraph"):
            out += [
                Target(f"{server.name} ({k} client{'s' if k > 1 else ''}, {t} texts)", server, k, t == "distinct")
                for k in identities
                for t in texts
            ]
        else:
            out.append(Target(server.name, server, distinct="distinct" in texts))
    return out


async def measure(columns: list[Target], args, load: list[float]) -> dict[tuple[str, str], list[dict]]:
    cells: dict[tuple[str, str], list[dict]] = {}
    for _ in range(args.rounds):
        load.append(os.getloadavg()[0])
        for name, query in QUERIES.items():
            for column in columns:  # interleaved: the machine is noisy
                assert column.server.proc is not None
                pid = column.server.proc.pid
                server_cpu, web_cpu, client_cpu = tree_cpu_seconds(pid), own_cpu_seconds(pid), time.process_time()
                cell = await run_cell(
                    column.server.endpoint,
                    query,
                    args.concurrency,
                    100000,
                    args.seconds,
                    30.0,
                    column.clients,
                    column.distinct,
                )
                answered = max(1, cell["ok"])
                cell["server_cpu_ms"] = (tree_cpu_seconds(pid) - server_cpu) * 1000 / answered
                cell["web_cpu_ms"] = (own_cpu_seconds(pid) - web_cpu) * 1000 / answered
                cell["client_cpu_ms"] = (time.process_time() - client_cpu) * 1000 / answered
                cells.setdefault((name, column.label), []).append(cell)
                print(name, column.label, round(cell["rps"], 1), round(cell["server_cpu_ms"], 2), cell["failures"])
    return cells


def report(cells, columns: list[Target], checked: dict, args, quads: int, command: str, load: list[float]) -> str:
    names = [c.label for c in columns]
    reference = "oxigraph" if "oxigraph" in names else None
    lines = [
        f"# Per-request cost at ×{args.scale} the corpus ({quads} quads)",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine_facts()}; the client (one asyncio process) and the servers share the cores, "
        "and other work ran on the machine meanwhile: compare ratios, not absolute rates. Load average (1 min) "
        f"seen between rounds: {', '.join(f'{x:.1f}' for x in load)}.  ",
        f"Concurrency {args.concurrency}; each cell at most {args.seconds:g} s; {args.rounds} rounds interleaving "
        "the columns; medians over the rounds. modgraph at its defaults (`MODGRAPH_QUERY_WORKERS=6`, "
        "`MODGRAPH_CLIENT_QUERIES=3`); “k clients”: the benchmark's connections carry k distinct client "
        "identities (`X-Forwarded-For`, trusted from loopback only), so the per-client limit of 3 applies per "
        "identity — with 1 client only 3 of the 8 connections are served at once, by design. “repeated texts”: "
        "every request sends the same text, which modgraph's answer cache (`MODGRAPH_ANSWER_CACHE`) answers from "
        "the second request on; “distinct texts”: every request's text starts with a comment line holding a "
        "counter (`# request n`), the same query but a text never seen, so each one runs in a worker; the peers "
        "get distinct texts too (they keep no answers).",
        "",
        "## Answers (fetched once from every server before measuring, compared as multisets of rows)",
        "",
        "| query | " + " | ".join(s for s in next(iter(checked.values()))) + " |",
        "|---|" + "---|" * len(next(iter(checked.values()))),
    ]
    lines += ["| " + " | ".join([q, *checked[q].values()]) + " |" for q in QUERIES]
    throughput = {
        (q, n): (
            statistics.median(c["rps"] for c in cells[(q, n)]),
            f"{statistics.median(c['rps'] for c in cells[(q, n)]):.0f} "
            f"({statistics.median(c['median_ms'] or 0 for c in cells[(q, n)]):.1f})"
            + (f", {fails} failed" if (fails := sum(sum(c["failures"].values()) for c in cells[(q, n)])) else ""),
        )
        for q in QUERIES
        for n in names
    }
    cpu = {
        (q, n): (
            statistics.median(c["server_cpu_ms"] for c in cells[(q, n)]),
            f"{statistics.median(c['server_cpu_ms'] for c in cells[(q, n)]):.2f} "
            f"({statistics.median(c['web_cpu_ms'] for c in cells[(q, n)]):.2f}; "
            f"{statistics.median(c['client_cpu_ms'] for c in cells[(q, n)]):.2f})",
        )
        for q in QUERIES
        for n in names
    }
    lines += _table("Throughput", "", names, reference, "req/s (median ms)", throughput)
    lines += _table(
        "CPU time per answered request (ms; server: the server process and its workers; in brackets: the server's "
        "own process alone, i.e. modgraph's web process without its workers, then the client: the benchmark)",
        "The per-request cost itself, far less sensitive to the machine's load than the rates above; the ratio "
        "column is modgraph's CPU over the reference's.",
        names,
        reference,
        "server (own process; client)",
        cpu,
    )
    lines += ["", "Per-round req/s:", ""]
    for query in QUERIES:
        per = "; ".join(f"{n} " + " / ".join(f"{c['rps']:.0f}" for c in cells[(query, n)]) for n in names)
        lines.append(f"* {query}: {per}")
    return "\n".join(lines) + "\n"


def _table(title: str, note: str, names: list[str], reference: str | None, unit: str, values: dict) -> list[str]:
    """A markdown table: a row per query, a column per system (``values[(query, name)]`` = (number, text)), and
    each modgraph column's ratio to ``reference``."""
    ratios = [n for n in names if n.startswith("modgraph") and reference]
    lines = ["", f"## {title}", "", *([note, ""] if note else [])]
    lines.append(
        "| query | "
        + " | ".join(f"{n} {unit}" for n in names + [])
        + "".join(f" | {n} / {reference}" for n in ratios)
        + " |"
    )
    lines.append("|---|" + "---|" * (len(names) + len(ratios)))
    for query in QUERIES:
        row = [query, *(values[(query, n)][1] for n in names)]
        row += [f"{values[(query, n)][0] / values[(query, reference)][0]:.2f}" for n in ratios]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True, help="a store with a published build (modgraph build)")
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--clients", default="1,8", help="client identities per modgraph column, comma-separated")
    ap.add_argument(
        "--texts",
        default="repeated,distinct",
        help="modgraph columns: the same text every request (answered from the answer cache after the first) and/or "
        "a new text every request (a counter in a comment line: measures the workers)",
    )
    ap.add_argument(
        "--systems", default="modgraph,oxigraph", help="of modgraph, oxigraph, rdflib-endpoint, python-floor"
    )
    ap.add_argument("--baseline", type=Path, help="another modgraph checkout, measured as modgraph-before")
    ap.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "SCALE.md")
    args = ap.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="modgraph-scale-"))
    t0 = time.perf_counter()
    nquads, quads = scaled_build(args.store, workdir / "store", args.scale, workdir)
    print(f"×{args.scale} build: {quads} quads in {time.perf_counter() - t0:.1f} s", flush=True)
    systems = args.systems.split(",")
    candidates = [
        *([modgraph_server(workdir / "store")] if "modgraph" in systems else []),
        *([baseline_server(args.baseline, workdir / "store")] if args.baseline else []),
        *([oxigraph_server(nquads, workdir, union=False)] if "oxigraph" in systems else []),
        *([rdflib_endpoint_server(nquads)] if "rdflib-endpoint" in systems else []),
        *([python_floor_server(workdir / "store")] if "python-floor" in systems else []),
    ]
    servers = [s for s in candidates if not isinstance(s, str)]
    for reason in (s for s in candidates if isinstance(s, str)):
        print("skipped:", reason)
    columns = targets(servers, [int(k) for k in args.clients.split(",")], args.texts.split(","))
    load: list[float] = []
    with contextlib.ExitStack() as stack:
        for server in servers:
            stack.enter_context(running(server, workdir))
        checked = asyncio.run(answers(servers))
        load.append(os.getloadavg()[0])
        cells = asyncio.run(measure(columns, args, load))
    command = "python benchmarks/scale_bench.py " + " ".join(sys.argv[1:])
    args.output.write_text(report(cells, columns, checked, args, quads, command, load), encoding="utf-8")


if __name__ == "__main__":
    main()
