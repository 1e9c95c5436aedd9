"""Per-request cost at ×10 the corpus: modgraph's endpoint vs the Oxigraph server vs rdflib-endpoint.

    python benchmarks/scale_bench.py --store /tmp/pool-bench/store [--scale 10] [--seconds 8] [--rounds 2]

The published build's N-Quads dump is replicated ``--scale`` times by renaming the data IRI prefix
(``benchmarks/run.py``'s ``scaled``); modgraph gets a build of it (same build info, its data graphs as the
default graph), the peers the N-Quads file (``benchmarks/http_bench.py`` starts all three). All three servers run
at once; the cells (query × system, concurrency ``--concurrency``, each at most ``--seconds``) are interleaved
over ``--rounds`` rounds and the medians written to ``--output``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_bench import (  # noqa: E402
    ROOT,
    machine_facts,
    modgraph_server,
    oxigraph_server,
    rdflib_endpoint_server,
    run_cell,
    running,
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
    """A published build of the source build's dump ×``scale`` at ``target``, and the N-Quads file of it."""
    location = StoreLocation(source)
    info = location.current().info
    nquads = scaled(gzip.decompress((location.current().path / "downloads" / "modgraph.nq.gz").read_bytes()), scale)
    path = workdir / f"modgraph-x{scale}.nq"
    path.write_bytes(nquads)
    with start_build(StoreLocation(target)) as draft:
        store = ox.Store(str(draft.build.store_path))
        store.bulk_load(nquads, ox.RdfFormat.N_QUADS)
        counts = graph_counts(store)
        if info.union_in_default_graph:  # as a real build: the default graph is the union of the data graphs
            materialise_union(store, info.data_graphs)
        store.flush()
        del store
        draft.write_info(replace(info, graphs=counts))
        # as write_downloads does for a real build (the dumps and the catalogue are not needed here)
        write_projection(draft.build, ox.Store.read_only(str(draft.build.store_path)), draft.build.info)
        draft.publish()
    return path, nquads.count(b"\n")


async def measure(servers: list, args) -> dict[tuple[str, str], list[dict]]:
    cells: dict[tuple[str, str], list[dict]] = {}
    for _ in range(args.rounds):
        for name, query in QUERIES.items():
            for server in servers:  # interleaved: the machine is noisy
                cell = await run_cell(server.endpoint, query, args.concurrency, 100000, args.seconds, 30.0)
                cells.setdefault((name, server.name), []).append(cell)
                print(name, server.name, round(cell["rps"], 1), cell["failures"], flush=True)
    return cells


def report(cells, servers, args, quads: int, command: str) -> str:
    names = [s.name for s in servers]
    lines = [
        f"# Per-request cost at ×{args.scale} the corpus ({quads} quads)",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine_facts()}; the client (one asyncio process) and the three servers share the cores, "
        "and other work ran on the machine meanwhile: compare ratios, not absolute rates.  ",
        f"Concurrency {args.concurrency}; each cell at most {args.seconds:g} s; {args.rounds} rounds interleaving "
        "the systems; medians over the rounds. modgraph at its defaults (6 workers, 3 queries per client at once).",
        "",
        "| query | " + " | ".join(f"{n} req/s (median ms)" for n in names) + " | modgraph / oxigraph |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    for query in QUERIES:
        rates = {}
        row = [query]
        for n in names:
            runs = cells[(query, n)]
            rates[n] = statistics.median(c["rps"] for c in runs)
            med = statistics.median(c["median_ms"] or 0 for c in runs)
            fails = sum(sum(c["failures"].values()) for c in runs)
            row.append(f"{rates[n]:.0f} ({med:.1f})" + (f", {fails} failed" if fails else ""))
        ratio = rates["modgraph"] / rates["oxigraph"] if rates.get("oxigraph") else float("nan")
        row.append(f"{ratio:.2f}")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True, help="a store with a published build (modgraph build)")
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "SCALE.md")
    args = ap.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="modgraph-scale-"))
    t0 = time.perf_counter()
    nquads, quads = scaled_build(args.store, workdir / "store", args.scale, workdir)
    print(f"×{args.scale} build: {quads} quads in {time.perf_counter() - t0:.1f} s", flush=True)
    candidates = [
        modgraph_server(workdir / "store"),
        oxigraph_server(nquads, workdir),
        rdflib_endpoint_server(nquads),
    ]
    servers = [s for s in candidates if not isinstance(s, str)]
    for reason in (s for s in candidates if isinstance(s, str)):
        print("skipped:", reason)
    with contextlib.ExitStack() as stack:
        for server in servers:
            stack.enter_context(running(server, workdir))
        cells = asyncio.run(measure(servers, args))
    command = "python benchmarks/scale_bench.py " + " ".join(sys.argv[1:])
    args.output.write_text(report(cells, servers, args, quads, command), encoding="utf-8")


if __name__ == "__main__":
    main()
