"""A changed build re-published on each real server (the Oxigraph server and Virtuoso 7): a graph the served
build also has, and whose served copy is the local one (same checksum), is switched by its difference (the
triples to remove and to add staged, applied in the one switch request); the server then holds exactly the new
build's graphs. Without the served build at hand the graph is moved whole; a delta the server misapplies is
replaced whole before the flag is cleared."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from modgraph.iris import STAGING_LOG_GRAPH, UNION_GRAPH
from modgraph.store.builds import Build, BuildInfo, StoreLocation
from modgraph.store.drafts import load_graphs, start_build
from modgraph.store.remote import SparqlClient, publish_remote, read_control
from modgraph.store.remote.publication import minus_graph, server_counts, staging_graphs
from tests.remote.conftest import canonical
from tests.servers.base import SparqlServer, client_for
from tests.servers.oxigraph_server import OxigraphServer
from tests.servers.virtuoso import VirtuosoServer

BASE = "https://example.org/deltas/"
PLAIN = [f"{BASE}graph/plain{i}" for i in range(3)]
BLANK = f"{BASE}graph/lists"
SERVERS: dict[str, Callable[[Path], SparqlServer]] = {"oxigraph": OxigraphServer, "virtuoso": VirtuosoServer}


def _graphs(removed: range, added: range, list_tag: str) -> dict[str, bytes]:
    """Three plain graphs (the first differs between builds by ``removed``/``added``, the others do not) with
    literals of several kinds, and one with blank nodes."""

    def plain(i: int, ns: list[int]) -> bytes:
        return b"".join(
            f'<{BASE}id/{i}/{n}> <{BASE}p> "text {n} ü"@de .\n<{BASE}id/{i}/{n}> <{BASE}n> "{n}"^^'
            f"<http://www.w3.org/2001/XMLSchema#integer> .\n".encode()
            for n in ns
        )

    first = [n for n in range(400) if n not in removed] + list(added)
    graphs = {PLAIN[0]: plain(0, first), PLAIN[1]: plain(1, list(range(300))), PLAIN[2]: plain(2, list(range(50)))}
    graphs[BLANK] = f'<{BASE}s> <{BASE}list> _:a .\n_:a <{BASE}first> "{list_tag}" .\n_:a <{BASE}rest> _:b .\n'.encode()
    graphs[BLANK] += f'_:b <{BASE}first> "two" .\n'.encode()
    return graphs


def _build(location: StoreLocation, graphs: dict[str, bytes]) -> Build:
    with start_build(location) as draft:
        load_graphs(draft, graphs, BuildInfo(id="", created="", base_iri=BASE, data_graphs=PLAIN))
        return draft.publish()


def _on_server(client: SparqlClient, graph: str) -> set:
    data = client.get_graph(graph)
    assert data is not None, graph
    return canonical(data)


def _assert_serves(client: SparqlClient, build: Build) -> None:
    """The server serves ``build``: its id, every graph isomorphic to the local one, the union's count, no
    staging graph left."""
    control = read_control(client)
    assert control is not None and control.build_id == build.id
    local = build.open_read_only()
    dumps = {g: local.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g)) or b"" for g in build.info.graphs}
    for graph, ours in dumps.items():
        assert _on_server(client, graph) == canonical(ours), graph
    union = {line for g in PLAIN for line in dumps[g].splitlines()}
    assert server_counts(client, [UNION_GRAPH])[UNION_GRAPH] == len(union)
    staged = list(staging_graphs(build.id, [*build.info.graphs, UNION_GRAPH]).values())
    left = {
        g: n for g, n in server_counts(client, [STAGING_LOG_GRAPH, *staged, *map(minus_graph, staged)]).items() if n
    }
    assert not left, left


def _targets(switch: str, operation: str) -> set[str]:
    """The graphs the switch request's ``operation`` (ADD, MOVE) operations go to."""
    ops = switch.split(" ;\n")
    return {op.rsplit("<", 1)[1].rstrip(">") for op in ops if op.startswith(f"{operation} SILENT GRAPH")}


class Recording(SparqlClient):
    """modgraph's client, keeping every update request it sent; ``strip`` removes operations containing it from
    the switch request (a server that misapplies them, as far as the result goes)."""

    strip: str | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.updates: list[str] = []

    def update(self, text: str, *, once: bool = False) -> None:
        if self.strip is not None and "#generation>" in text:
            text = " ;\n".join(op for op in text.split(" ;\n") if self.strip not in op)
        self.updates.append(text)
        super().update(text, once=once)

    def switch(self) -> str:
        """The last switch request sent."""
        return next(u for u in reversed(self.updates) if "#generation>" in u and "INSERT DATA" in u)


@pytest.fixture(scope="module", params=sorted(SERVERS))
def server(request, tmp_path_factory) -> Iterator[SparqlServer]:
    with SERVERS[request.param](tmp_path_factory.mktemp(request.param)).running() as running:
        yield running


def _client(server: SparqlServer) -> Recording:
    return Recording(client_for(server).endpoints)


def test_a_changed_graph_is_switched_by_its_delta(server: SparqlServer, tmp_path: Path) -> None:
    location = StoreLocation(tmp_path / "local")
    first = _build(location, _graphs(range(0), range(0), "one"))
    second = _build(location, _graphs(range(10, 13), range(500, 504), "uno"))
    client = _client(server)
    publish_remote(client, first, chunk_bytes=4096)
    _assert_serves(client, first)
    publish_remote(client, second, chunk_bytes=4096)
    switch = client.switch()
    _assert_serves(client, second)
    # the changed plain graph and the union by their deltas; the graph with blank nodes whole; the rest stays
    assert _targets(switch, "ADD") == {PLAIN[0], UNION_GRAPH}
    assert _targets(switch, "MOVE") == {BLANK}
    publish_remote(client, first, chunk_bytes=4096)  # back again (a rollback), by the deltas the other way
    assert _targets(client.switch(), "ADD") == {PLAIN[0], UNION_GRAPH}
    _assert_serves(client, first)


def test_without_the_served_build_at_hand_a_changed_graph_moves_whole(server: SparqlServer, tmp_path: Path) -> None:
    first = _build(StoreLocation(tmp_path / "here"), _graphs(range(0), range(0), "one"))
    second = _build(StoreLocation(tmp_path / "elsewhere"), _graphs(range(5, 9), range(600, 602), "one"))
    client = _client(server)
    publish_remote(client, first, chunk_bytes=4096)
    publish_remote(client, second, chunk_bytes=4096)
    assert not _targets(client.switch(), "ADD")
    assert _targets(client.switch(), "MOVE") == {PLAIN[0], UNION_GRAPH, BLANK}
    _assert_serves(client, second)


def test_a_delta_the_server_misapplies_is_replaced_whole_before_readers_see_it(
    server: SparqlServer, tmp_path: Path
) -> None:
    location = StoreLocation(tmp_path / "local")
    first = _build(location, _graphs(range(0), range(0), "one"))
    second = _build(location, _graphs(range(20, 30), range(0), "one"))  # triples removed only
    client = _client(server)
    publish_remote(client, first, chunk_bytes=4096)
    client.strip = "/minus> { ?s ?p ?o }"  # the switch request loses its deletions
    publish_remote(client, second, chunk_bytes=4096)
    assert "/minus>" not in client.switch().split("DROP SILENT GRAPH", 1)[0]
    _assert_serves(client, second)
    flag = [u for u in client.updates if "DROP SILENT GRAPH <" + PLAIN[0] + ">" in u]
    assert flag, "the misapplied graph was replaced whole"
