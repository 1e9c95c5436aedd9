"""Catalogue queries and the first dependency request at ×N the corpus: the previous texts against the current ones.

    python benchmarks/queries_bench.py --store STORE [--scales 1,40] [--deps-scales 1,10,40] [--rounds 3]

``STORE`` holds a published build of the corpus (``modgraph build --store STORE``). Each ×N store is that build's
N-Quads dump replicated N times (``benchmarks/scale_bench.py``'s ``scaled_build``, which also writes the
dependency projection file as a real build does). Measured in one run, interleaved (the machine is shared):

- every catalogue query, previous text (``tests/queries/previous/<name>.rq``, or the current text where it was not
  rewritten) and current text, run directly on the store and through ``/queries/<name>`` on two live servers
  (one serving the previous catalogue, one the current); medians over ``--rounds``;
- the first ``/deps`` request after a build (a fresh server, one worker, so the first request is a cold one):
  without the projection file (the worker projects the store by SPARQL, as before) and with it; then the first
  ``/deps/graph`` page and the first betweenness on the same worker.

Parameters: the catalogue defaults; IRIs of the data under ``id/`` are moved to the first copy (``id/c0/``) at
×N > 1, so that a query about one thing asks about one thing at every scale.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from http_bench import machine_facts  # noqa: E402
from scale_bench import scaled_build  # noqa: E402

from modgraph.deps.stored import projection_path, write_projection  # noqa: E402
from modgraph.settings import PACKAGE_DIR, Settings  # noqa: E402
from modgraph.store.builds import StoreLocation  # noqa: E402
from modgraph.store.reading import query_data  # noqa: E402
from modgraph.web.catalogue import CatalogueQuery, read_query  # noqa: E402
from tests.api.server import live_server  # noqa: E402

CURRENT = PACKAGE_DIR / "queries"
PREVIOUS = ROOT / "tests" / "queries" / "previous"
DATA = "https://w3id.org/modgraph/id/"
TIMEOUT = 5.0  # the endpoint's default query time limit


def values(query: CatalogueQuery, scale: int) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for p in query.params:
        v = p.default
        if scale > 1 and v and v.startswith(DATA):
            v = DATA + "c0/" + v[len(DATA) :]
        out[p.name] = v
    return out


def catalogue_dir(workdir: Path) -> Path:
    """The previous catalogue: the current files, the rewritten ones replaced by their previous texts."""
    target = workdir / "previous-catalogue"
    target.mkdir(exist_ok=True)
    for path in CURRENT.glob("*.rq"):
        shutil.copy(PREVIOUS / path.name if (PREVIOUS / path.name).exists() else path, target / path.name)
    return target


def direct(store, info, text: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    rows = sum(1 for _ in query_data(store, info, text))
    return time.perf_counter() - t0, rows


def fetch(url: str, timeout: float = 300) -> tuple[float, int, int]:
    """(seconds, status, body bytes) of one GET."""
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            body, status = r.read(), r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    return time.perf_counter() - t0, status, len(body)


def catalogue(stores: dict[int, Path], rounds: int, workdir: Path) -> list[dict]:
    """Every query × scale × version, direct and over HTTP, interleaved over the rounds."""
    previous = catalogue_dir(workdir)
    rows: list[dict] = []
    names = sorted(p.stem for p in CURRENT.glob("*.rq"))
    for scale, root in stores.items():
        build = StoreLocation(root).require_current()
        store, info = build.open_read_only(), build.info
        settings = Settings.load(store=root).with_overrides(answer_cache=0)  # every HTTP request runs its query
        with live_server(settings) as new_url, live_server(settings.with_overrides(queries_dir=previous)) as old_url:
            cells: dict[tuple, list] = {}
            for _ in range(rounds):
                for name in names:
                    for version, folder, base in (("previous", previous, old_url), ("current", CURRENT, new_url)):
                        query = read_query(folder / f"{name}.rq")
                        given = values(query, scale)
                        seconds, count = direct(store, info, query.bound(given))
                        url = f"{base}/queries/{name}?format=json&" + urllib.parse.urlencode(
                            {k: v for k, v in given.items() if v is not None}
                        )
                        http_s, status, size = fetch(url)
                        cells.setdefault((name, version), []).append((seconds, count, http_s, status, size))
                        print(scale, name, version, f"{seconds:.3f}", count, f"{http_s:.3f}", status, flush=True)
            for name in names:
                row = {"scale": scale, "query": name, "rewritten": (PREVIOUS / f"{name}.rq").exists()}
                for version in ("previous", "current"):
                    got = cells[(name, version)]
                    row[version] = {
                        "direct": statistics.median(c[0] for c in got),
                        "rows": got[0][1],
                        "http": statistics.median(c[2] for c in got),
                        "statuses": sorted({c[3] for c in got}),
                    }
                rows.append(row)
        del store
    return rows


def first_deps(stores: dict[int, Path], rounds: int) -> list[dict]:
    """The first /deps request on a fresh server, without and with the projection file, interleaved."""
    cells: dict[tuple, list] = {}
    for _ in range(rounds):
        for scale, root in stores.items():
            build = StoreLocation(root).require_current()
            path = projection_path(build.path)
            aside = path.with_name(path.name + ".aside")
            for variant in ("store", "file"):
                if variant == "store":
                    path.rename(aside)
                try:
                    # one worker: the requests after the first meet the worker that has the projection;
                    # a long time limit: without the file the first request projects the store
                    settings = Settings.load(store=root).with_overrides(query_workers=1, query_timeout=600.0)
                    with live_server(settings) as url:
                        fetch(f"{url}/sparql?query=ASK%7B%7D")  # the worker is up (and not part of the figure)
                        first = fetch(f"{url}/deps/relations")
                        page = fetch(f"{url}/deps/graph")
                        betweenness = fetch(f"{url}/deps/centrality?measure=betweenness")
                finally:
                    if variant == "store":
                        aside.rename(path)
                cells.setdefault((scale, variant), []).append((first, page, betweenness))
                print("deps", scale, variant, first, page, betweenness, flush=True)
    out = []
    for (scale, variant), got in cells.items():
        out.append(
            {
                "scale": scale,
                "variant": variant,
                "first": statistics.median(g[0][0] for g in got),
                "first_status": sorted({g[0][1] for g in got}),
                "page": statistics.median(g[1][0] for g in got),
                "page_bytes": got[0][1][2],
                "betweenness": statistics.median(g[2][0] for g in got),
            }
        )
    return out


def projection_files(stores: dict[int, Path]) -> list[dict]:
    """How long writing the projection file takes at each scale (as the build does it), and its size."""
    out = []
    for scale, root in stores.items():
        build = StoreLocation(root).require_current()
        t0 = time.perf_counter()
        path = write_projection(build, build.open_read_only(), build.info)
        out.append({"scale": scale, "write": time.perf_counter() - t0, "bytes": path.stat().st_size})
    return out


def report(queries: list[dict], deps: list[dict], files: list[dict], args, command: str) -> str:
    lines = [
        "# Catalogue queries and the first dependency request at ×N the corpus",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine_facts()}; shared with other work while it ran (compare ratios, not absolute times).  ",
        f"Medians over {args.rounds} interleaved rounds. Direct: `query_data` on the store, rows read in Python. "
        f"HTTP: `GET /queries/<name>?format=json` on a live server (6 workers, the default {TIMEOUT:g} s limit: "
        "504 = stopped at the limit); the previous texts on a second server at the same time.",
        "",
        "| ×N | query | rows | previous direct s | current direct s | ratio | previous HTTP s | current HTTP s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in queries:
        old, new = r["previous"], r["current"]
        ratio = old["direct"] / new["direct"] if new["direct"] else float("nan")

        def http(cell):
            return f"{cell['http']:.3f}" + (
                "" if cell["statuses"] == [200] else f" ({'/'.join(map(str, cell['statuses']))})"
            )

        name = r["query"] + (" (rewritten)" if r["rewritten"] else "")
        lines.append(
            f"| {r['scale']} | {name} | {new['rows']} | {old['direct']:.3f} | {new['direct']:.3f} | {ratio:.1f} | "
            f"{http(old)} | {http(new)} |"
        )
    lines += [
        "",
        "## The first `/deps` request after a build",
        "",
        "A fresh server with one worker per cell: `/deps/relations` first (the worker gets the projection), then the "
        "first `/deps/graph` (default page) and the first betweenness on that worker. *store*: the build has no "
        "projection file, the worker projects the store by SPARQL (as before); *file*: it reads the file the build "
        "wrote.",
        "",
        "| ×N | projection from | first request s | first /deps/graph s (bytes) | first betweenness s |",
        "|---|---|---|---|---|",
    ]
    for d in sorted(deps, key=lambda d: (d["scale"], d["variant"] != "store")):
        status = "" if d["first_status"] == [200] else f" ({d['first_status']})"
        lines.append(
            f"| {d['scale']} | {d['variant']} | {d['first']:.3f}{status} | {d['page']:.3f} ({d['page_bytes']}) | "
            f"{d['betweenness']:.3f} |"
        )
    lines += ["", "| ×N | writing the projection file at publication s | file bytes |", "|---|---|---|"]
    lines += [f"| {f['scale']} | {f['write']:.2f} | {f['bytes']} |" for f in files]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True, help="a store with a published corpus build")
    ap.add_argument("--scales", default="1,40", help="scales for the catalogue queries")
    ap.add_argument("--deps-scales", default="1,10,40", help="scales for the first /deps request")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--deps-rounds", type=int, default=2)
    ap.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "QUERIES.md")
    args = ap.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="modgraph-queries-"))
    try:
        stores: dict[int, Path] = {}
        for k in sorted({int(x) for x in (args.scales + "," + args.deps_scales).split(",") if x}):
            t0 = time.perf_counter()
            stores[k] = workdir / f"x{k}" / "store"
            _, quads = scaled_build(args.store, stores[k], k, workdir)
            print(f"×{k}: {quads} quads in {time.perf_counter() - t0:.1f} s", flush=True)
        queries = catalogue({k: stores[k] for k in map(int, args.scales.split(","))}, args.rounds, workdir)
        deps_stores = {k: stores[k] for k in map(int, args.deps_scales.split(","))}
        deps = first_deps(deps_stores, args.deps_rounds)
        files = projection_files(deps_stores)
        command = "python benchmarks/queries_bench.py " + " ".join(sys.argv[1:])
        args.output.write_text(report(queries, deps, files, args, command), encoding="utf-8")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
