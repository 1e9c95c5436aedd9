"""Partial builds of killed processes are removed by the next build — decided by their writing lock,
not by their age — and a partial build that a live process is writing is never touched."""

from __future__ import annotations

import os
import random
import signal
import subprocess

import pytest

from modgraph.store.builds import BuildInfo, StoreLocation
from modgraph.store.drafts import load_graphs, start_build
from tests.store.processes import assert_served_build_complete, partials, python, wait_for
from tests.store.tiny_project import write_tiny_project

EX = "http://example.org/"
DOC = EX + "graph/doc"

#: a child that starts a draft in the store given as argument, says so, and writes it until stdin closes
WRITER = """
import sys
from pathlib import Path
from modgraph.store.builds import StoreLocation
from modgraph.store.drafts import start_build
with start_build(StoreLocation(Path(sys.argv[1]))) as draft:
    print(draft.build.path, flush=True)
    sys.stdin.read()
"""


def _publish(location: StoreLocation) -> str:
    with start_build(location) as draft:
        load_graphs(
            draft,
            {DOC: f"<{EX}a> <{EX}b> <{EX}c> .\n".encode()},
            BuildInfo(id="", created="", base_iri=EX, data_graphs=[DOC]),
        )
        return draft.publish().id


def test_a_live_writers_partial_stays_a_killed_ones_goes(tmp_path):
    location = StoreLocation(tmp_path)
    _publish(location)
    writer = python("-c", WRITER, str(tmp_path))
    try:
        partial = writer.stdout.readline().strip()
        assert partial.endswith(".partial")
        _publish(location)  # a build and a publish meanwhile: the live writer's draft is not a leftover
        assert partials(location) == [os.path.basename(partial)]
        writer.send_signal(signal.SIGKILL)
        writer.wait(10)
        assert partials(location) == [os.path.basename(partial)]  # still on disk, nobody writes it
        with start_build(location):  # the next build removes it before it starts
            assert len(partials(location)) == 1 and os.path.basename(partial) not in partials(location)
    finally:
        writer.kill()
        writer.wait(10)
    assert partials(location) == []


@pytest.mark.slow
def test_a_build_killed_at_a_random_point_leaves_nothing_after_the_next_build(tmp_path):
    project = write_tiny_project(tmp_path / "project")
    location = StoreLocation(project / "data")
    rng = random.Random(20261201)
    build = ("-m", "modgraph", "--project", str(project), "build")
    killed_any = False
    for _ in range(3):
        killed = python(*build)
        try:
            wait_for(lambda: partials(location), 30, "the build to start its draft")
            try:
                killed.wait(rng.uniform(0, 1.5))  # kill it at a random point of writing its draft …
            except subprocess.TimeoutExpired:
                killed.send_signal(signal.SIGKILL)
                killed_any = True
            killed.wait(10)  # … unless it finished first (then it published a complete build)
        finally:
            killed.kill()
            killed.wait(10)
    assert killed_any, "no build was killed: the test tested nothing"
    done = python(*build)
    out, err = done.communicate(timeout=60)
    assert done.returncode == 0, err
    assert partials(location) == []
    assert_served_build_complete(location)
