"""The store's default graph is the union of the data graphs, materialised by the build; it stays right
after an update and stays out of dumps and exports."""

from __future__ import annotations

import pyoxigraph as ox

from modgraph.pipeline.build import build_graph
from modgraph.pipeline.update import update_graph
from modgraph.store.builds import StoreLocation
from modgraph.store.default_graph import named_graphs_dump
from modgraph.store.reading import query_data

VOIS = "https://w3id.org/modgraph/id/measure/invest-2026/vois-terminmanagement"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _labels(settings) -> set[str]:
    build = StoreLocation(settings.store).require_current()
    rows = query_data(build.open_read_only(), build.info, f"SELECT ?l WHERE {{ <{VOIS}> <{LABEL}> ?l }}")
    return {row["l"].value for row in rows}


def test_default_graph_is_the_union_and_is_left_out_of_dumps(records_copy):
    settings, _ = records_copy
    build, compiled = build_graph(settings)
    info = build.info
    assert info.union_in_default_graph
    store = build.open_read_only()
    default = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    union = {
        (q.subject, q.predicate, q.object)
        for g in info.data_graphs
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))
    }
    assert default == union and len(default) == len(compiled.union())
    dumped = ox.Store()
    dumped.load(named_graphs_dump(store, ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    assert list(dumped.quads_for_pattern(None, None, None, ox.DefaultGraph())) == []
    assert len(dumped) == sum(info.graphs.values())


def test_an_update_keeps_the_default_graph_the_union(records_copy):
    settings, _ = records_copy
    build_graph(settings)
    before = _labels(settings)
    graph = f"{settings.base_iri}graph/invest-2026"
    info = update_graph(
        settings,
        f"""
        DELETE WHERE {{ GRAPH <{graph}> {{ <{VOIS}> <{LABEL}> ?l }} }} ;
        INSERT DATA {{ GRAPH <{graph}> {{ <{VOIS}> <{LABEL}> "VOIS (geändert)"@de }} }}""",
    )
    assert StoreLocation(settings.store).require_current().info.id == info.id
    after = _labels(settings)
    assert "VOIS (geändert)" in after
    # the deleted labels are gone from the default graph too, unless another document states them
    assert after == {"VOIS (geändert)"} | (before & _labels_elsewhere(settings, graph))
    assert StoreLocation(settings.store).require_current().info.union_in_default_graph


def _labels_elsewhere(settings, except_graph: str) -> set[str]:
    build = StoreLocation(settings.store).require_current()
    others = " ".join(f"<{g}>" for g in build.info.data_graphs if g != except_graph)
    rows = build.open_read_only().query(
        f"SELECT ?l WHERE {{ GRAPH ?g {{ <{VOIS}> <{LABEL}> ?l }} VALUES ?g {{ {others} }} }}"
    )
    return {row["l"].value for row in rows}
