"""modgraph benchmarks: the engines we use against the alternatives, side by side, in one run.

    .venv/bin/python benchmarks/run.py [--scales 1,10,50] [--repeat 5] [--output benchmarks/RESULTS.md]

Measured on the real corpus graph, and on copies of it scaled up k times (each copy's IRIs get a
suffix, so the shape of the data stays that of the corpus). Each measurement runs in a fresh child
process, so peak memory (ru_maxrss) belongs to that measurement alone.

- load: pyoxigraph (in memory, on disk with bulk_load) against rdflib (Dataset.parse)
- query: the same SPARQL queries on pyoxigraph and on rdflib (median of --repeat runs)
- SHACL: pyshacl over the corpus graph with modgraph's shapes
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = {
    "count triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "measures with labels": """
        PREFIX mg: <https://w3id.org/modgraph/def#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?m ?l WHERE { ?m a mg:Measure ; rdfs:label ?l FILTER(lang(?l) = "de") } ORDER BY ?l""",
    "provenance join": """
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?s ?exact WHERE { ?s prov:wasDerivedFrom ?p . ?p oa:hasSelector ?q . ?q oa:exact ?exact }""",
    "classes per graph": "SELECT ?g ?c (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?g ?c",
    "property path": """
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?a ?b WHERE { ?a dct:isPartOf+ ?b }""",
}


def corpus_nquads() -> bytes:
    import pyoxigraph as ox

    from modgraph.pipeline.build import compile_graphs
    from modgraph.settings import Settings

    s = Settings.load()
    compiled = compile_graphs(s)
    store = ox.Store()
    for name, g in compiled.graphs.items():
        store.load(
            g.serialize(format="nt", encoding="utf-8"),
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(f"{s.base_iri}graph/{name}"),
        )
    return store.dump(format=ox.RdfFormat.N_QUADS)


def scaled(nquads: bytes, k: int) -> bytes:
    if k == 1:
        return nquads
    text = nquads.decode("utf-8")
    return "".join(
        text.replace("https://w3id.org/modgraph/id/", f"https://w3id.org/modgraph/id/c{i}/") for i in range(k)
    ).encode("utf-8")


def _peak_mb() -> float:
    """This process's own peak RSS (VmHWM; unlike ru_maxrss it is not inherited across fork/exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _job(kind: str, data: bytes, repeat: int, queue) -> None:
    import pyoxigraph as ox

    result: dict = {}
    t0 = time.perf_counter()
    if kind == "oxigraph-memory":
        store = ox.Store()
        store.load(data, format=ox.RdfFormat.N_QUADS)
    elif kind == "oxigraph-disk":
        tmp = tempfile.mkdtemp()
        store = ox.Store(tmp)
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        store.flush()
    else:
        from rdflib import Dataset

        store = Dataset()
        store.parse(data=data, format="nquads")
    result["load_s"] = time.perf_counter() - t0
    timings = {}
    for name, q in QUERIES.items():
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            if kind.startswith("oxigraph"):
                rows = list(store.query(q, use_default_graph_as_union=True))
            else:
                store.default_union = True
                rows = list(store.query(q))
            runs.append(time.perf_counter() - t)
        timings[name] = {"median_ms": statistics.median(runs) * 1000, "rows": len(rows)}
    result["queries"] = timings
    result["peak_mb"] = _peak_mb()
    queue.put(result)


def _shacl_job(queue) -> None:
    from modgraph.pipeline.build import compile_graphs
    from modgraph.settings import Settings

    t0 = time.perf_counter()
    compiled = compile_graphs(Settings.load())
    queue.put(
        {
            "compile_and_validate_s": time.perf_counter() - t0,
            "peak_mb": _peak_mb(),
            "results": len(compiled.report.results),
        }
    )


def in_child(target, *args) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, queue))
    p.start()
    result = queue.get()
    p.join()
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="1,10,50")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--output", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    args = ap.parse_args()
    base = corpus_nquads()
    scales = [int(x) for x in args.scales.split(",")]
    rows = []
    for k in scales:
        data = scaled(base, k)
        quads = data.count(b"\n")
        for kind in ("oxigraph-memory", "oxigraph-disk", "rdflib"):
            r = in_child(_job, kind, data, args.repeat)
            rows.append({"scale": k, "quads": quads, "engine": kind, **r})
            print(json.dumps(rows[-1]), flush=True)
    shacl = in_child(_shacl_job)
    print(json.dumps(shacl), flush=True)
    write_report(Path(args.output), rows, shacl, args)


def write_report(path: Path, rows: list[dict], shacl: dict, args) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Command: `.venv/bin/python benchmarks/run.py --scales {args.scales} --repeat {args.repeat}`  ",
        f"Machine: {platform.machine()}, {mp.cpu_count()} cores, Python {platform.python_version()}; "
        f"each cell measured in a fresh process.",
        "",
        "## Loading",
        "",
        "| scale | quads | engine | load (s) | quads/s | peak RSS (MB) |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| ×{r['scale']} | {r['quads']} | {r['engine']} | {r['load_s']:.2f} | {r['quads'] / r['load_s']:,.0f} | {r['peak_mb']:.0f} |"
        )
    lines += ["", "## Queries (median ms; default graph = union of all graphs)", ""]
    names = list(QUERIES)
    lines.append("| scale | engine | " + " | ".join(names) + " |")
    lines.append("|---|---|" + "---|" * len(names))
    for r in rows:
        cells = [f"{r['queries'][n]['median_ms']:.1f} ({r['queries'][n]['rows']} rows)" for n in names]
        lines.append(f"| ×{r['scale']} | {r['engine']} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Build checks",
        "",
        f"Records → RDF → SHACL (pyshacl) on the corpus: {shacl['compile_and_validate_s']:.1f} s, "
        f"peak RSS {shacl['peak_mb']:.0f} MB, {shacl['results']} SHACL results.",
        "",
        "## Over HTTP",
        "",
        "The SPARQL endpoint against rdflib-endpoint and the Oxigraph server: [HTTP.md](HTTP.md) "
        "(`benchmarks/http_bench.py`).",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
