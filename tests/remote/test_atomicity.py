"""A publication on the server killed (SIGKILL) at random points while a reader queries in a loop: the reader
sees the complete old or the complete new build, never a mix, and the next publication succeeds."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest

from modgraph.iris import CONTROL_BUILD, CONTROL_GRAPH, STAGING_LOG_GRAPH, STAGING_PREFIX
from modgraph.store.builds import BuildInfo, StoreLocation
from modgraph.store.drafts import load_graphs, start_build
from modgraph.store.remote import SparqlClient, read_control
from modgraph.store.remote.publication import server_counts
from tests.remote.conftest import client_for
from tests.servers.oxigraph_server import OxigraphServer
from tests.store.processes import python

BASE = "https://example.org/atomic/"
GRAPHS = [f"{BASE}graph/g{i}" for i in range(6)]
TRIALS = 4  # each kills a publication at a random point inside it (six took 39 s on a loaded machine)


def _make_build(location: StoreLocation, tag: str, size: int) -> tuple[str, dict[str, int]]:
    """A local build whose every graph differs from the other build's (so every graph is moved at the switch)."""
    graphs = {
        iri: b"".join(f'<{BASE}id/{tag}/{i}/{n}> <{BASE}p> "{tag} {n}" .\n'.encode() for n in range(size + 37 * i))
        for i, iri in enumerate(GRAPHS)
    }
    with start_build(location) as draft:
        info = load_graphs(draft, graphs, BuildInfo(id="", created="", base_iri=BASE, data_graphs=GRAPHS))
        build = draft.publish()
    return str(build.path), info.graphs


READ = (
    f"SELECT ?id ?g (COUNT(?s) AS ?n) WHERE {{ GRAPH <{CONTROL_GRAPH}> {{ <{CONTROL_GRAPH}> <{CONTROL_BUILD}> ?id }} "
    f"VALUES ?g {{ {' '.join(f'<{g}>' for g in GRAPHS)} }} OPTIONAL {{ GRAPH ?g {{ ?s ?p ?o }} }} }} GROUP BY ?id ?g"
)


class Reader(threading.Thread):
    """Queries the served build id and every graph's count in one query, in a loop, and keeps what it saw."""

    def __init__(self, client: SparqlClient, expected: dict[str, dict[str, int]]):
        super().__init__(daemon=True)
        self.client, self.expected = client, expected
        self.seen: dict[str, int] = {}
        self.mixed: list[str] = []
        self.errors: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                rows = list(self.client.select(READ))
            except Exception as exc:  # the reader records, the test asserts
                self.errors.append(repr(exc))
                continue
            ids = {row["id"].value for row in rows}
            counts = {row["g"].value: int(row["n"].value) for row in rows}
            if len(ids) != 1:
                self.mixed.append(f"{len(ids)} builds named: {ids}")
                continue
            (build_id,) = ids
            if self.expected.get(build_id) != counts:
                self.mixed.append(f"build {build_id} served with counts {counts}")
            self.seen[build_id] = self.seen.get(build_id, 0) + 1


@pytest.mark.slow
def test_a_killed_publication_leaves_the_served_build_whole(tmp_path: Path) -> None:
    location = StoreLocation(tmp_path / "local")
    old_dir, old_counts = _make_build(location, "old", 300)
    new_dir, new_counts = _make_build(location, "new", 500)
    builds = {Path(old_dir).name: (old_dir, old_counts), Path(new_dir).name: (new_dir, new_counts)}
    rng = random.Random(11)
    with OxigraphServer(tmp_path / "server").running() as server:
        client = client_for(server)
        argv = [server.query_url, server.update_url, server.gsp_url, str(8 * 1024)]

        def publish(build_dir: str) -> float:
            started = time.monotonic()
            child = python("-m", "tests.remote.publish_child", build_dir, *argv)
            out, err = child.communicate(timeout=300)
            assert child.returncode == 0, err
            return time.monotonic() - started

        publish(old_dir)
        reader = Reader(client_for(server), {name: counts for name, (_, counts) in builds.items()})
        reader.start()
        try:
            duration = publish(new_dir)  # how long a whole publication takes here: the kills fall inside it
            killed_before_switch = 0
            for _ in range(TRIALS):
                served = read_control(client)
                assert served is not None
                target = next(name for name in builds if name != served.build_id)
                child = python("-m", "tests.remote.publish_child", builds[target][0], *argv)
                time.sleep(rng.uniform(0.05, duration * 0.95))
                child.kill()
                child.wait(30)
                now = read_control(client)
                assert now is not None and now.build_id in builds
                killed_before_switch += now.build_id == served.build_id
                assert server_counts(client, GRAPHS) == builds[now.build_id][1]
            time.sleep(0.5)
        finally:
            reader.stop.set()
            reader.join(30)
        assert not reader.mixed, reader.mixed[:5]
        assert not reader.errors, reader.errors[:5]
        assert sum(reader.seen.values()) > 20 and len(reader.seen) == 2, reader.seen
        print(f"\n{TRIALS} kills, {killed_before_switch} before the switch; reader saw {reader.seen}")
        # the next publication succeeds and leaves no staging graph behind
        served = read_control(client)
        assert served is not None
        target = next(name for name in builds if name != served.build_id)
        publish(builds[target][0])
        assert server_counts(client, GRAPHS) == builds[target][1]
        names = {row["g"].value for row in client.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
        assert not [g for g in names if g.startswith(STAGING_PREFIX) or g == STAGING_LOG_GRAPH], names
