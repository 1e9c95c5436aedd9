"""Statement-level provenance: what it costs (triples, mapping, build, pyshacl reference validation).

    nice python benchmarks/provenance_bench.py BEFORE AFTER [--rounds 3] [--output benchmarks/PROVENANCE.md]

BEFORE and AFTER are two checkouts (project folders with ``records/``, ``corpus/``, ``modgraph.toml``, e.g. a
worktree of ``main`` and this branch). Per round, interleaved (before, after, before, after …), each in a fresh
child process whose ``PYTHONPATH`` is that checkout:

- **map**: ``load_records`` + ``document_mapper`` of every document (the mapping alone is timed) and the triples
  of the document graphs;
- **build**: ``build_graph(full=True)`` into an empty store (the real build, compiled validation), wall time;
- **pyshacl**: the reference validator on the union of the data graphs (``validate(..., validator="pyshacl")``).

Each is measured as wall time and as CPU time (``time.process_time`` of the measured part; for the build also the
child's CPU with its own children, from ``getrusage``): on a shared machine the wall time follows the load of the
moment, the CPU time much less. The report gives the medians, the ratio of the medians and the median of the
rounds' ratios (each round's before and after run one after the other).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(kind: str, project: Path) -> dict:
    from modgraph.pipeline.mapping import document_mapper
    from modgraph.pipeline.records import load_records
    from modgraph.settings import Settings

    settings = Settings.load(project)
    if kind == "map":
        rs = load_records(settings.records_dir, settings.corpus_dir)
        t0, c0 = time.perf_counter(), time.process_time()
        triples = {rf.document.id: len(document_mapper(rf, settings.base_iri).triples) for rf in rs.documents}
        return {"seconds": time.perf_counter() - t0, "own_cpu": time.process_time() - c0, "triples": triples}
    if kind == "build":
        from modgraph.pipeline.build import build_graph

        with tempfile.TemporaryDirectory() as tmp:
            t0, c0 = time.perf_counter(), time.process_time()
            built, _ = build_graph(settings.with_overrides(store=Path(tmp) / "store"), full=True)
            return {
                "seconds": time.perf_counter() - t0,
                "own_cpu": time.process_time() - c0,
                "triples": built.info.triples,
            }
    from modgraph.pipeline.build import compile_graphs  # pyshacl: the reference validation of the union
    from modgraph.pipeline.validation import validate

    compiled = compile_graphs(settings.with_overrides(validator="compiled"))
    union = compiled.union()
    t0, c0 = time.perf_counter(), time.process_time()
    report = validate(union, compiled.graphs["shapes"], compiled.graphs["ontology"], validator="pyshacl")
    return {
        "seconds": time.perf_counter() - t0,
        "own_cpu": time.process_time() - c0,
        "results": len(report.results),
        "union": len(union),
    }


def run_child(kind: str, checkout: Path) -> dict:
    """One child; → its result, with ``cpu``: the CPU seconds (user + system) of the child and its own children,
    which a shared machine's load inflates far less than the wall time."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(checkout)],
        env=env,
        cwd=checkout,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(out.strip().splitlines()[-1])
    result["cpu"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("before", type=Path, nargs="?")
    ap.add_argument("after", type=Path, nargs="?")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--kinds", default="map,build,pyshacl")
    ap.add_argument("--child", nargs=2)
    ap.add_argument("--output", type=Path)
    ap.add_argument("--from-log", type=Path, help="make the report from the lines an earlier run printed")
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return
    rows: dict[str, dict[str, list[dict]]] = {}
    if args.from_log:
        for line in args.from_log.read_text().splitlines():
            parts = line.split(" ", 2)
            if len(parts) == 3 and parts[1] in ("before", "after"):
                rows.setdefault(parts[0], {}).setdefault(parts[1], []).append(json.loads(parts[2]))
        args.rounds = len(rows["map"]["before"]) if "map" in rows else len(next(iter(rows.values()))["before"])
    for _ in range(0 if args.from_log else args.rounds):
        for kind in args.kinds.split(","):
            for name, checkout in (("before", args.before), ("after", args.after)):
                result = run_child(kind, checkout.resolve())
                rows.setdefault(kind, {}).setdefault(name, []).append(result)
                print(kind, name, json.dumps(result), flush=True)
    lines = [
        "| what | before | after | after / before | median of the rounds' ratios |",
        "|---|---|---|---|---|",
    ]
    if "map" in rows:
        b, a = rows["map"]["before"][0]["triples"], rows["map"]["after"][0]["triples"]
        for doc in sorted(b):
            lines.append(f"| triples, {doc} | {b[doc]} | {a[doc]} | {a[doc] / b[doc]:.3f} | |")
        tb, ta = sum(b.values()), sum(a.values())
        lines.append(f"| triples, all document graphs | {tb} | {ta} | {ta / tb:.3f} | |")
    measures = (
        ("map", "seconds", "mapping, wall s"),
        ("map", "own_cpu", "mapping, CPU s"),
        ("build", "seconds", "full build, wall s"),
        ("build", "own_cpu", "full build, CPU s of its process"),
        ("build", "cpu", "full build child, CPU s (with its own children)"),
        ("pyshacl", "seconds", "pyshacl reference, wall s"),
        ("pyshacl", "own_cpu", "pyshacl reference, CPU s"),
    )
    for kind, key, label in measures:
        if kind in rows and key in rows[kind]["before"][0]:
            mb = statistics.median(r[key] for r in rows[kind]["before"])
            ma = statistics.median(r[key] for r in rows[kind]["after"])
            paired = statistics.median(
                a[key] / b[key] for b, a in zip(rows[kind]["before"], rows[kind]["after"], strict=True)
            )
            lines.append(f"| {label} (median of {args.rounds}) | {mb:.2f} | {ma:.2f} | {ma / mb:.2f} | {paired:.2f} |")
    if "build" in rows:
        lines.append(
            f"| triples of the build | {rows['build']['before'][0]['triples']} | {rows['build']['after'][0]['triples']} | | |"
        )
    table = "\n".join(lines)
    print(table)
    if args.output:
        args.output.write_text(table + "\n")


if __name__ == "__main__":
    main()
