"""The pages a person opens, at ×N the corpus: home, a linked-data page, a class table, search, the dependency
explorer's first request — the first request on a fresh server and the median of the requests after it.

    python benchmarks/pages_bench.py --build 1=STORE1 --build 40=STORE40 [--rounds 7] [--output FILE]

Each ``STORE`` is the store directory of a real build (``modgraph build``; a synthetic project made with
``benchmarks/synthetic.py --scale N`` for ×N), so that it holds what a published build holds: the search
index with its overview, the dependency projection file, the downloads. (``scale_bench.scaled_build``
replicates the N-Quads only and has none of these: the pages would fall back to querying the store.)

Per build: a fresh server (``tests.api.server.live_server``, the app as ``modgraph serve`` makes it, the answer
cache off so that every request runs its queries), one ``ASK {}`` so that a query worker is up, then every page
once (*first*: what the first visitor after a build or restart waits), then ``--rounds`` rounds over all pages
(*median*, *max*). The data IRIs are those of the first copy, which every ×N build has.

Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from http_bench import machine_facts  # noqa: E402
from queries_bench import fetch  # noqa: E402

from modgraph.settings import Settings  # noqa: E402
from tests.api.server import live_server  # noqa: E402

#: (what, path): the pages, in the order a visitor might open them
PAGES = [
    ("home", "/"),
    ("linked-data page (HTML)", "/doc/measure/zov-2017/3-2"),
    ("linked-data page (Turtle)", "/doc/measure/zov-2017/3-2?format=ttl"),
    ("programme page", "/doc/programme/zov-2017/masterplan-2017-18"),
    ("class table (measures)", "/class/mg:Measure"),
    ("search (HTML)", "/search?q=Digitalisierung"),
    ("search (JSON, facet)", "/search?q=Verwaltung&kind=https%3A%2F%2Fw3id.org%2Fmodgraph%2Fdef%23Measure&format=json"),
    ("deps: relations (first deps request)", "/deps/relations"),
    (
        "deps: neighbourhood",
        "/deps/neighbourhood?iri=https%3A%2F%2Fw3id.org%2Fmodgraph%2Fid%2Fmeasure%2Fzov-2017%2F3-2",
    ),
    ("deps: graph (default page)", "/deps/graph"),
    ("catalogue: labelled-resources, 100 rows", "/queries/labelled-resources?format=json&limit=100"),
    ("VoID", "/void"),
]


def measure(scale: int, store: Path, rounds: int) -> list[dict]:
    settings = Settings.load(store=store).with_overrides(answer_cache=0)
    cells: dict[str, list[tuple[float, int, int]]] = {}
    with live_server(settings) as url:
        fetch(f"{url}/sparql?query=ASK%7B%7D")  # a worker is up (not part of the figures)
        for _ in range(rounds + 1):
            for what, path in PAGES:
                cells.setdefault(what, []).append(fetch(url + path))
        print(scale, "done", flush=True)
    rows = []
    for what, path in PAGES:
        first, *rest = cells[what]
        rows.append(
            {
                "scale": scale,
                "page": what,
                "path": path,
                "first": first[0],
                "median": statistics.median(c[0] for c in rest),
                "max": max(c[0] for c in rest),
                "statuses": sorted({c[1] for c in cells[what]}),
                "bytes": first[2],
            }
        )
    return rows


def report(rows: list[dict], builds: dict[int, Path], args, command: str) -> str:
    scales = sorted(builds)
    lines = [
        "| page | path | "
        + " | ".join(f"×{s} first ms | ×{s} median ms (max) | ×{s} status, KB" for s in scales)
        + " |",
        "|---|---|" + "---|---|---|" * len(scales),
    ]
    by = {(r["scale"], r["page"]): r for r in rows}
    for what, path in PAGES:
        cells = []
        for s in scales:
            r = by[(s, what)]
            cells += [
                f"{r['first'] * 1000:.0f}",
                f"{r['median'] * 1000:.0f} ({r['max'] * 1000:.0f})",
                f"{','.join(map(str, r['statuses']))}, {r['bytes'] / 1024:.0f}",
            ]
        lines.append(f"| {what} | `{path}` | " + " | ".join(cells) + " |")
    head = [
        f"Command: `{command}`",
        "",
        machine_facts(),
        "",
        f"Rounds after the first request: {args.rounds}; load average at the end: "
        + " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "",
    ]
    return "\n".join(head + lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", action="append", required=True, help="SCALE=STORE_DIR (repeatable)")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--output", type=Path, default=None)
    args = ap.parse_args()
    builds = {int(k): Path(v) for k, v in (b.split("=", 1) for b in args.build)}
    rows = []
    for scale, store in sorted(builds.items()):
        rows += measure(scale, store, args.rounds)
    text = report(rows, builds, args, "python benchmarks/pages_bench.py " + " ".join(sys.argv[1:]))
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
