"""The dependency projection written at publication time (``modgraph.deps.stored``): a build and an update
write it, it is the projection made from the store (same nodes, edges, attributes and order), the worker's
service reads it instead of querying the store, and a build without it (or with a stale one) is projected
from its store as before."""

from __future__ import annotations

import pickle
import shutil

import networkx as nx
import pytest

from modgraph.deps import results
from modgraph.deps import stored as st
from modgraph.deps.projection import project_store
from modgraph.pipeline.update import update_graph
from modgraph.settings import Settings
from modgraph.store.builds import Build, StoreLocation
from tests.api.builds import publish_build, turtle

MG = "https://w3id.org/modgraph/def#"
ID = "https://w3id.org/modgraph/id/"
DOC = "https://w3id.org/modgraph/graph/doc"


def _as_lists(g: nx.MultiDiGraph) -> tuple[list, list]:
    return list(g.nodes(data=True)), list(g.edges(keys=True, data=True))


def test_the_build_writes_the_projection_of_its_store(corpus_build):
    _, build, _ = corpus_build
    path = st.projection_path(build.path)
    assert path.is_file()
    stored = st.read_projection(build.path, build.info)
    assert stored is not None
    fresh = project_store(build.open_read_only(), build.info)
    assert _as_lists(stored.graph) == _as_lists(fresh.graph)  # same nodes, edges, attributes, in the same order
    assert stored.graph.number_of_edges() > 1000
    assert stored.linked == fresh.linked and stored.build_id == build.info.id
    # the same answers from both, for an analysis over the whole projection and one over a view
    assert results.relations_overview(stored).body == results.relations_overview(fresh).body
    assert results.search(stored, "Finanzen", 10, None).body == results.search(fresh, "Finanzen", 10, None).body


def test_edges_share_their_attribute_dicts(corpus_build):
    _, build, _ = corpus_build
    g = st.read_projection(build.path, build.info).graph
    dicts = {id(d) for *_, d in g.edges(keys=True, data=True)}
    assert len(dicts) < g.number_of_edges() / 10
    u, v, k = next(iter(g.edges(keys=True)))
    assert g._adj[u][v][k] is g._pred[v][u][k]


def test_the_service_reads_the_file_and_not_the_store(corpus_build, monkeypatch):
    settings, build, _ = corpus_build

    def no_sparql(*args, **kwargs):
        raise AssertionError("the projection was made from the store although the build has its file")

    monkeypatch.setattr(st, "project", no_sparql)
    service = st.DependencyService(settings)
    assert (
        service.projection().graph.number_of_edges()
        == st.read_projection(build.path, build.info).graph.number_of_edges()
    )


def test_a_build_without_the_file_or_with_another_builds_file_is_projected_from_its_store(corpus_build, tmp_path):
    _, build, _ = corpus_build
    copy = tmp_path / build.path.name
    shutil.copytree(build.path, copy)
    expected = _as_lists(project_store(build.open_read_only(), build.info).graph)
    path = st.projection_path(copy)
    payload = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps({**payload, "build": "another-build"}))
    assert st.read_projection(copy, build.info) is None
    path.write_bytes(b"not a pickle")
    assert st.read_projection(copy, build.info) is None
    path.unlink()
    assert st.read_projection(copy, build.info) is None
    assert _as_lists(st.build_projection(Build(copy)).graph) == expected  # projected from the copy's store


@pytest.fixture
def small_store(tmp_path) -> Settings:
    a, b = f"<{ID}measure/doc/a>", f"<{ID}measure/doc/b>"
    publish_build(tmp_path, {DOC: turtle(f"{a} <{MG}dependsOn> {b} .")}, [DOC])
    return Settings.load(store=tmp_path)


def test_an_update_writes_the_projection_of_the_new_build(small_store):
    settings = small_store
    info = update_graph(
        settings, f"INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}measure/doc/b> <{MG}dependsOn> <{ID}measure/doc/c> }} }}"
    )
    build = StoreLocation(settings.store).require_current()
    assert build.id == info.id
    stored = st.read_projection(build.path, build.info)
    assert stored is not None
    edges = {(u.rsplit("/", 1)[-1], v.rsplit("/", 1)[-1], d["relation"]) for u, v, d in stored.graph.edges(data=True)}
    assert edges == {("a", "b", "depends-on"), ("b", "c", "depends-on")}
    service = st.DependencyService(settings)
    assert service.projection().graph.number_of_edges() == 2
