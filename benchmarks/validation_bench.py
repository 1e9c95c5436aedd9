"""SHACL validation: the compiled validator against pyshacl, full shapes and Core-only, at several scales.

    nice .venv/bin/python benchmarks/validation_bench.py [--scales 1,10,40] [--repeat 3]
        [--once-above 10] [--output benchmarks/validation-results.md]

The corpus is built once and dumped as N-Quads; ``run.py``'s ``scaled(nquads, k)`` makes k copies with
their own IRIs. Each measurement runs in a fresh child process: it loads the scaled N-Quads into an
in-memory Oxigraph store (not timed) and times ``validate_store`` on the data graphs (the ontology and
shapes graphs of the dump are not data). The child reports wall time, its peak RSS (VmHWM) and its RSS
after loading, and a digest of the report (every result's severity, focus, path, value, shape,
constraint, messages and passages), so that each scale checks compiled = pyshacl.

"Core-only" drops the SPARQL-based parts of the shapes (``sh:sparql`` constraints, and the shapes with
an ``sh:SPARQLTarget``): pyshacl's cost without its SPARQL constraints. The variants are interleaved
within each round; above ``--once-above`` pyshacl runs once per variant (it takes minutes there).
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

VARIANTS = [("compiled", "full"), ("pyshacl", "full"), ("compiled", "core"), ("pyshacl", "core")]


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def core_only(shapes):
    """The shapes without their SPARQL-based parts."""
    from rdflib import Graph
    from rdflib.namespace import SH

    drop = set(shapes.subjects(SH.target, None))
    out = Graph()
    for s, p, o in shapes:
        if s in drop or p == SH.sparql:
            continue
        out.add((s, p, o))
    return out


def _job(path: str, validator: str, kind: str, queue) -> None:
    import pyoxigraph as ox

    from modgraph.pipeline.validation import load_turtle_dir, validate_store
    from modgraph.settings import Settings

    s = Settings.load()
    shapes = load_turtle_dir(s.shapes_dir)
    if kind == "core":
        shapes = core_only(shapes)
    ontology = load_turtle_dir(s.ontology_dir)
    store = ox.Store()
    store.load(path=path, format=ox.RdfFormat.N_QUADS)
    graphs = [g for g in store.named_graphs() if not g.value.endswith(("/graph/ontology", "/graph/shapes"))]
    loaded = _status_mb("VmRSS")
    t0 = time.perf_counter()
    report = validate_store(store, graphs, shapes, ontology, validator=validator)
    elapsed = time.perf_counter() - t0

    def shape_name(r) -> str:  # blank-node shapes: by their path, the same in both validators
        return r.shape if r.shape.startswith("http") else f"[{r.path}]"

    keys = sorted(
        repr(
            (
                r.severity,
                r.focus,
                r.path,
                r.value,
                shape_name(r),
                r.constraint,
                r.message_en,
                r.message_de,
                [(p.document, p.line, p.text) for p in r.passages],
            )
        )
        for r in report.results
    )
    queue.put(
        {
            "seconds": elapsed,
            "peak_mb": _status_mb("VmHWM"),
            "loaded_mb": loaded,
            "results": len(report.results),
            "digest": hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:16],
        }
    )


def main() -> None:
    from run import corpus_nquads, in_child, scaled

    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="1,10,40")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--once-above", type=int, default=10, help="scales above this run every variant once")
    ap.add_argument("--skip", default="", help="variants to leave out at the largest scale, e.g. pyshacl/full")
    ap.add_argument("--output", default=str(ROOT / "benchmarks" / "validation-results.md"))
    args = ap.parse_args()
    base = corpus_nquads()
    scales = [int(x) for x in args.scales.split(",")]
    rows: list[dict] = []
    with __import__("tempfile").TemporaryDirectory() as tmp:
        for k in scales:
            path = Path(tmp) / f"x{k}.nq"
            path.write_bytes(scaled(base, k))
            triples = sum(1 for _ in path.open("rb"))
            repeat = 1 if k > args.once_above else args.repeat
            runs: dict[tuple[str, str], list[dict]] = {v: [] for v in VARIANTS}
            for i in range(repeat):
                for validator, kind in VARIANTS:
                    if k == max(scales) and f"{validator}/{kind}" in args.skip.split(","):
                        continue
                    r = in_child(_job, str(path), validator, kind)
                    runs[(validator, kind)].append(r)
                    print(f"x{k} round {i + 1}: {validator}/{kind}: {r}", flush=True)
            for (validator, kind), rs in runs.items():
                if rs:
                    rows.append(
                        {
                            "scale": k,
                            "quads": triples,
                            "validator": validator,
                            "shapes": kind,
                            "runs": len(rs),
                            "median_s": statistics.median(r["seconds"] for r in rs),
                            "peak_mb": max(r["peak_mb"] for r in rs),
                            "loaded_mb": max(r["loaded_mb"] for r in rs),
                            "results": rs[0]["results"],
                            "digests": {r["digest"] for r in rs},
                        }
                    )
    write_report(Path(args.output), rows, args)


def write_report(path: Path, rows: list[dict], args) -> None:
    lines = [
        "## Results",
        "",
        f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"shared with other work (noisy); {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"Command: `nice .venv/bin/python benchmarks/validation_bench.py --scales {args.scales} "
        f"--repeat {args.repeat} --once-above {args.once_above}" + (f" --skip {args.skip}`" if args.skip else "`"),
        "",
        "| scale | quads | shapes | validator | runs | median s | peak RSS MB | RSS after load MB | results | "
        "pyshacl ÷ compiled | same report |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    by = {(r["scale"], r["shapes"], r["validator"]): r for r in rows}
    for r in rows:
        other = by.get((r["scale"], r["shapes"], "pyshacl" if r["validator"] == "compiled" else "compiled"))
        ratio = same = "–"
        if other is not None:
            comp, ref = (r, other) if r["validator"] == "compiled" else (other, r)
            ratio = f"{ref['median_s'] / comp['median_s']:.1f}×"
            same = "yes" if comp["digests"] == ref["digests"] and len(comp["digests"]) == 1 else "**no**"
        lines.append(
            f"| ×{r['scale']} | {r['quads']} | {r['shapes']} | {r['validator']} | {r['runs']} | {r['median_s']:.2f} | "
            f"{r['peak_mb']:.0f} | {r['loaded_mb']:.0f} | {r['results']} | {ratio} | {same} |"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
