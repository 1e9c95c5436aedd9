"""The corpus published on a real Oxigraph server: graphs, counts, control graph, and the same answers as the
embedded store for every catalogue query and for the dependency projection."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from modgraph.deps.projection import project_store
from modgraph.iris import CONTROL_GRAPH, STAGING_LOG_GRAPH, STAGING_PREFIX, UNION_GRAPH
from modgraph.settings import PACKAGE_DIR
from modgraph.store.reading import query_data, serialize_build
from modgraph.store.remote import RemotePublishError, RemoteReader, SparqlClient, publish_remote, read_control
from modgraph.store.remote.publication import server_counts
from modgraph.web.catalogue import read_query
from tests.remote.conftest import RemoteCorpus, canonical, client_for
from tests.servers.oxigraph_server import OxigraphServer

QUERIES = sorted((PACKAGE_DIR / "queries").glob("*.rq"))


def _plain(term, concatenated: bool) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:"  # labels differ between stores: a blank node is compared as "some blank node"
    if isinstance(term, ox.Literal):
        value = term.value
        if concatenated:  # GROUP_CONCAT joins in no defined order (SPARQL 1.1 §18.5.1.7): compare the parts
            value = " ".join(sorted(re.split(r"\s+\|\s+|\s+", value)))
        return f"{value}|{term.language or term.datatype.value}"
    return term.value


def _rows(result, text: str = "") -> Counter:
    if isinstance(result, ox.QueryBoolean):
        return Counter([bool(result)])
    names = [v.value for v in result.variables]
    concatenated = "GROUP_CONCAT" in text.upper()
    return Counter(tuple(_plain(row[n], concatenated) for n in names) for row in result)


def _all_graph_names(client: SparqlClient) -> set[str]:
    rows = client.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {row["g"].value for row in rows}


def test_the_corpus_is_on_the_server_with_its_counts(remote_corpus: RemoteCorpus) -> None:
    info = remote_corpus.build.info
    control = read_control(remote_corpus.client)
    assert control is not None and control.build_id == info.id
    assert control.info.graphs == info.graphs and control.info.data_graphs == info.data_graphs
    assert server_counts(remote_corpus.client, sorted(info.graphs)) == info.graphs
    # nothing else than the build's graphs, their union and the control graph: no staging graph
    assert _all_graph_names(remote_corpus.client) == set(info.graphs) | {CONTROL_GRAPH, UNION_GRAPH}


@pytest.mark.parametrize("name", ["zov-2017", "ontology", "shapes"])
def test_each_graph_is_the_same_graph_on_the_server(remote_corpus: RemoteCorpus, name: str) -> None:
    """Also the graphs with blank nodes (SHACL lists in the shapes): isomorphic, not just of equal size."""
    _, info, store = RemoteReader(remote_corpus.settings, remote_corpus.client).get()
    local = remote_corpus.build.open_read_only()
    theirs = serialize_build(store, info, ox.RdfFormat.N_TRIPLES, name)
    ours = serialize_build(local, remote_corpus.build.info, ox.RdfFormat.N_TRIPLES, name)
    assert theirs and ours
    assert canonical(theirs) == canonical(ours)


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_every_catalogue_query_gives_the_same_answer(remote_corpus: RemoteCorpus, path: Path) -> None:
    query = read_query(path)
    text = query.bound({p.name: p.default for p in query.params})
    local = remote_corpus.build.open_read_only()
    embedded = _rows(query_data(local, remote_corpus.build.info, text), text)
    reader = RemoteReader(remote_corpus.settings, remote_corpus.client)
    _, info, store = reader.get()
    remote = _rows(query_data(store, info, text), text)
    assert remote == embedded
    assert sum(embedded.values()) > 0 or path.stem in {"source-gaps"}, "a catalogue query answers something"


def test_the_dependency_projection_is_the_same(remote_corpus: RemoteCorpus) -> None:
    local = project_store(remote_corpus.build.open_read_only(), remote_corpus.build.info)
    _, info, store = RemoteReader(remote_corpus.settings, remote_corpus.client).get()
    remote = project_store(store, info)
    assert local.graph.number_of_edges() > 100
    assert dict(remote.graph.nodes(data=True)) == dict(local.graph.nodes(data=True))
    assert sorted(remote.graph.edges(keys=True, data=True), key=repr) == sorted(
        local.graph.edges(keys=True, data=True), key=repr
    )


class DroppingClient(SparqlClient):
    """A client that loses the second upload request (as a proxy that drops a request body might)."""

    posts = 0

    def post_graph(self, graph: str, data: bytes, rdf_format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> None:
        DroppingClient.posts += 1
        if DroppingClient.posts != 2:
            super().post_graph(graph, data, rdf_format)


def test_a_count_that_differs_on_the_server_publishes_nothing(corpus_build, tmp_path: Path) -> None:
    _, build, _ = corpus_build
    with OxigraphServer(tmp_path).running() as server:
        client = client_for(server)
        with pytest.raises(RemotePublishError, match="other triple counts"):
            publish_remote(
                DroppingClient(client.endpoints), build, chunk_bytes=64 * 1024
            )  # nothing was served before: nothing is now
        assert read_control(client) is None
        assert _all_graph_names(client) == set(), "the staging graphs and their log are dropped"
        control = publish_remote(client, build)  # the next build succeeds
        assert control.build_id == build.info.id
        assert server_counts(client, sorted(build.info.graphs)) == build.info.graphs
        assert not [g for g in _all_graph_names(client) if g.startswith(STAGING_PREFIX) or g == STAGING_LOG_GRAPH]
