"""Re-publishing a changed build on a SPARQL server: the switch by whole graphs (MOVE) against the switch by
deltas, side by side in one run, on the Oxigraph server and Virtuoso Open Source 7.

    nice -n 10 python benchmarks/backends_republish.py --store STORE [--store STORE2 …] [--out FILE.json]

``STORE`` is a store directory whose current build was made on top of its previous one (``build.json``'s
``previous``, both still in ``builds/``), e.g. a one-record change (``benchmarks/build_bench.py``'s
``change_one_record``, then ``modgraph build``). For each store, server and mode, a fresh server (``tests/servers/``):
the previous build published (the first publication: straight into the public graphs), then the current one
timed — ``move``: ``publish_remote(…, deltas=False)``, every changed graph uploaded whole and MOVEd (the behaviour
before deltas); ``delta``: the default, a changed graph whose served copy is the local previous build's switched by
its difference. Measured: the whole re-publication, and the switch request alone (wall seconds), the triples
uploaded, and that the server then holds the current build's counts. Results printed as Markdown and written to
``--out`` (JSON).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from http_bench import machine_facts  # noqa: E402

from modgraph.iris import UNION_GRAPH  # noqa: E402
from modgraph.store.builds import Build, StoreLocation  # noqa: E402
from modgraph.store.remote import SparqlClient, publish_remote, read_control  # noqa: E402
from modgraph.store.remote.publication import server_counts  # noqa: E402
from tests.servers.base import SparqlServer, client_for  # noqa: E402
from tests.servers.oxigraph_server import OxigraphServer  # noqa: E402
from tests.servers.virtuoso import VirtuosoServer  # noqa: E402

SERVERS: dict[str, Callable[[Path], SparqlServer]] = {"oxigraph-server": OxigraphServer, "virtuoso": VirtuosoServer}
MODES = ("delta", "move")


class Timing(SparqlClient):
    """modgraph's client, timing the switch request and counting the triples posted."""

    switch_seconds = 0.0
    posted = 0

    def update(self, text: str, *, once: bool = False) -> None:
        started = time.perf_counter()
        super().update(text, once=once)
        if "#generation>" in text and "INSERT DATA" in text:
            self.switch_seconds = time.perf_counter() - started

    def post_graph(self, graph, data, rdf_format=None) -> None:  # type: ignore[no-untyped-def]
        self.posted += data.count(b"\n")
        if rdf_format is None:
            super().post_graph(graph, data)
        else:
            super().post_graph(graph, data, rdf_format)


def builds(store: Path) -> tuple[Build, Build]:
    """The store's previous and current build."""
    current = StoreLocation(store).require_current()
    previous = current.info.previous
    if previous is None or not (current.path.parent / previous).is_dir():
        raise SystemExit(f"{store}: the current build's previous build is not in builds/")
    return Build(current.path.parent / previous), current


def republish(kind: str, mode: str, old: Build, new: Build, workdir: Path, chunk_bytes: int) -> dict:
    with SERVERS[kind](workdir).running() as server:
        client = Timing(client_for(server, timeout=3600).endpoints)
        started = time.perf_counter()
        publish_remote(client, old, chunk_bytes=chunk_bytes)
        first = time.perf_counter() - started
        client.posted, client.switch_seconds = 0, 0.0
        started = time.perf_counter()
        publish_remote(client, new, chunk_bytes=chunk_bytes, deltas=mode == "delta")
        seconds = time.perf_counter() - started
        control = read_control(client)
        counts = server_counts(client, sorted(new.info.graphs))
        correct = control is not None and control.build_id == new.id and counts == new.info.graphs
        union = server_counts(client, [UNION_GRAPH])[UNION_GRAPH]
        client.close()
    return {
        "server": kind,
        "mode": mode,
        "first_seconds": first,
        "seconds": seconds,
        "switch_seconds": client.switch_seconds,
        "uploaded_triples": client.posted,
        "served_correctly": correct,
        "union_triples": union,
    }


def report(runs: list[dict]) -> str:
    out = [
        "| store | triples | server | mode | re-publication s | switch request s | triples uploaded | served correctly |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        out.append(
            f"| {r['store']} | {r['triples']:,} | {r['server']} | {r['mode']} | {r['seconds']:.1f} | "
            f"{r['switch_seconds']:.1f} | {r['uploaded_triples']:,} | {'yes' if r['served_correctly'] else 'NO'} |"
        )
    out.append("")
    for store in dict.fromkeys(r["store"] for r in runs):
        for kind in SERVERS:
            pair = {r["mode"]: r for r in runs if r["store"] == store and r["server"] == kind}
            if set(pair) == set(MODES):
                ratio = pair["move"]["seconds"] / pair["delta"]["seconds"]
                out.append(f"- {store}, {kind}: delta re-publication {ratio:.1f}× faster than move")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, action="append", required=True)
    ap.add_argument("--servers", default=",".join(SERVERS))
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--chunk-bytes", type=int, default=4 * 2**20)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    runs: list[dict] = []
    for store in args.store:
        old, new = builds(store)
        for mode in args.modes.split(","):
            for kind in args.servers.split(","):
                with tempfile.TemporaryDirectory(prefix="republish-") as tmp:
                    row = republish(kind, mode, old, new, Path(tmp), args.chunk_bytes)
                row |= {"store": str(store), "triples": new.info.triples}
                print(json.dumps(row), flush=True)
                runs.append(row)
                if args.out:
                    args.out.write_text(json.dumps({"machine": machine_facts(), "runs": runs}, indent=2))
    print(report(runs))


if __name__ == "__main__":
    main()
