"""Start-up cost of a query worker, from ``Process.start()`` to its "ready" message: wall time, and the CPU
time the worker spent (what every replacement of a killed worker costs the machine).

    python benchmarks/worker_start.py [--rounds 5] [--baseline /path/to/other/checkout]

Each sample starts one worker in a fresh interpreter (``--one``) so that nothing is cached between samples;
with ``--baseline`` the other checkout's code is measured too, interleaved with this one (the machine is noisy).
Prints the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one() -> dict[str, float]:
    """Start one worker in this interpreter; its wall time to ready and its CPU seconds."""
    from modgraph.web import workers

    started = time.monotonic()
    worker = workers.Worker()
    seconds = time.monotonic() - started
    worker.kill()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the worker (reaped by kill) and spawn's helper
    return {"wall": seconds, "cpu": usage.ru_utime + usage.ru_stime}


def sample(checkout: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--one"], env=env, cwd=checkout, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another modgraph checkout, measured as 'before'")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one()))
        return
    checkouts = {"this checkout": ROOT, **({"before": args.baseline} if args.baseline else {})}
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    for _ in range(args.rounds):
        for name, path in checkouts.items():
            samples[name].append(sample(path))
    for name, got in samples.items():
        wall = statistics.median(s["wall"] for s in got)
        cpu = statistics.median(s["cpu"] for s in got)
        print(f"{name}: wall median {wall:.2f} s, worker CPU median {cpu:.2f} s ({len(got)} starts)")


if __name__ == "__main__":
    main()
