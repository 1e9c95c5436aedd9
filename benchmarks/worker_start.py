"""Start-up time of a query worker: with the empty ``__main__`` the pool gives ``spawn``, and with the
``modgraph`` console script as ``__main__`` (what ``spawn`` re-imported before).

    python benchmarks/worker_start.py [--rounds 5]

Prints the median seconds from ``Process.start()`` to the worker's "ready" message, for both.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import time
import types

from modgraph.web import workers


@contextlib.contextmanager
def script_main(path: str):
    """``__main__`` as it is under the console script: a module with that file."""
    saved = sys.modules["__main__"]
    main = types.ModuleType("__main__")
    main.__file__ = path
    sys.modules["__main__"] = main
    try:
        yield
    finally:
        sys.modules["__main__"] = saved


def start_seconds() -> float:
    started = time.monotonic()
    worker = workers.Worker()
    seconds = time.monotonic() - started
    worker.kill()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    script = shutil.which("modgraph") or sys.exit("the modgraph console script is not on PATH")
    empty, with_cli = [], []
    for _ in range(args.rounds):  # interleaved: the machine is noisy
        empty.append(start_seconds())
        with script_main(script):
            original = workers._empty_main
            workers._empty_main = contextlib.nullcontext  # let spawn see the script
            try:
                with_cli.append(start_seconds())
            finally:
                workers._empty_main = original
    print(f"empty __main__:   median {statistics.median(empty):.2f} s  {[round(s, 2) for s in empty]}")
    print(f"script __main__:  median {statistics.median(with_cli):.2f} s  {[round(s, 2) for s in with_cli]}")


if __name__ == "__main__":
    main()
