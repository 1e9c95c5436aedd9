"""Helpers for tests that run builds in other processes and kill them: starting them, waiting for a
condition with a deadline, and checking that the served build is complete."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from modgraph.store.builds import PARTIAL, StoreLocation
from modgraph.store.drafts import graph_counts

REPO = Path(__file__).resolve().parents[2]


def python(*args: str) -> subprocess.Popen:
    """A child ``python *args`` with this repository's ``modgraph`` importable (pipes on stdin, stdout, stderr)."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail the test after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.01)


def partials(location: StoreLocation) -> list[str]:
    """The names of the ``.partial`` directories in the store."""
    if not location.builds_dir.is_dir():
        return []
    return sorted(p.name for p in location.builds_dir.iterdir() if p.name.endswith(PARTIAL))


def assert_served_build_complete(location: StoreLocation) -> None:
    """``current`` is a complete build: every file is there and build.json's counts are the store's."""
    build = location.require_current()
    for part in (build.info_path, build.store_path, build.validation_path, build.downloads / "manifest.json"):
        assert part.exists(), part
    assert graph_counts(build.open_read_only()) == build.info.graphs
