"""How long the difference of two releases takes: ``release_patch`` (both releases read as N-Quads lines, the
graphs with blank nodes canonicalised, the differing lines parsed) against reading both as sets of quads and
canonicalising the whole dataset (``release_quads``), on the two newest releases of a store.

    nice -n 10 .venv/bin/python benchmarks/releases_bench.py --store DIR [--runs 5]

Prints the median seconds of each and their ratio (results: benchmarks/RELEASES.md).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from modgraph.store.builds import StoreLocation
from modgraph.store.patch import diff, release_quads
from modgraph.store.releases import release_patch, releases


def _median(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    old, new = releases(StoreLocation(args.store))[-2:]
    lines = _median(lambda: release_patch(old, new), args.runs)
    quads = _median(
        lambda: diff(release_quads(old.build.open_read_only()), release_quads(new.build.open_read_only())), args.runs
    )
    patch = release_patch(old, new)
    print(f"releases {old.version} → {new.version}: {len(patch.deleted)} deleted, {len(patch.added)} added quads")
    print(f"release_patch (lines): median {lines:.2f} s; as quad sets: median {quads:.2f} s; ratio {quads / lines:.2f}")


if __name__ == "__main__":
    main()
