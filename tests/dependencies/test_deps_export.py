"""Every export parses back (networkx; rdflib for RDF) to the same nodes and edges."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDFS

from modgraph.deps import export as gx
from tests.dependencies.synthetic import graph, iri, schedule


def sample() -> nx.MultiDiGraph:
    g = schedule()
    # parallel edges of two documents, a reversed relation, awkward labels, list attributes
    g.add_edge(
        iri("b"),
        iri("a"),
        key="depends-on|doc-b",
        relation="depends-on",
        predicate="https://example.org/def#depends-on",
        document="doc-b",
        symmetric=False,
        reversed=False,
    )
    g.add_edge(
        iri("c"),
        iri("d"),
        key="reused-by|doc-a",
        relation="reused-by",
        predicate="https://example.org/def#reusedBy",
        document="doc-a",
        reversed=True,
    )
    g.nodes[iri("a")]["label"] = 'Maßnahme „A“ with "quotes" & <xml> \\ back'
    g.nodes[iri("a")]["documents"] = ("doc-a", "doc-b")
    g.nodes[iri("a")]["notation"] = "3.2"
    return g


def edge_set(g):
    return sorted((u, v, k) for u, v, k in g.edges(keys=True))


@pytest.fixture
def g():
    return sample()


def test_graphml_round_trip(g):
    back = nx.read_graphml(io.BytesIO(gx.to_graphml(g)), force_multigraph=True)
    assert set(back.nodes) == set(g.nodes)
    assert edge_set(back) == edge_set(g)
    assert back.nodes[iri("a")]["label"] == g.nodes[iri("a")]["label"]
    assert back.nodes[iri("a")]["documents"] == "doc-a doc-b"
    assert back.edges[iri("b"), iri("a"), "depends-on|doc-b"]["document"] == "doc-b"


def test_gexf_round_trip(g):
    back = nx.read_gexf(io.BytesIO(gx.to_gexf(g)))
    assert set(back.nodes) == set(g.nodes)
    assert sorted((u, v, d["id"]) for u, v, d in back.edges(data=True)) == edge_set(g)
    assert back.nodes[iri("a")]["label"] == g.nodes[iri("a")]["label"]
    assert back.edges[iri("b"), iri("a"), "depends-on|doc-b"]["relation"] == "depends-on"


def test_dot_round_trip(g):
    pytest.importorskip("pydot")
    text = gx.to_dot(g).decode("utf-8")
    back = nx.nx_pydot.from_pydot(__import__("pydot").graph_from_dot_data(text)[0])

    # pydot keeps the quotes of quoted ids
    def unq(s: str) -> str:
        return s[1:-1].replace('\\"', '"').replace("\\\\", "\\") if s.startswith('"') else s

    assert {unq(n) for n in back.nodes} == set(g.nodes)
    assert sorted((unq(u), unq(v), unq(k)) for u, v, k in back.edges(keys=True)) == edge_set(g)
    assert unq(back.nodes[iri("a")]["label"]) == g.nodes[iri("a")]["label"]


def _q(s):
    return '"' + s + '"'


def test_cytoscape_round_trip(g):
    data = json.loads(gx.to_cytoscape(g))
    assert len(data["elements"]["nodes"]) == g.number_of_nodes()
    assert len(data["elements"]["edges"]) == g.number_of_edges()
    back = nx.cytoscape_graph(data)
    assert back.is_multigraph() and back.is_directed()
    assert set(back.nodes) == set(g.nodes)
    assert edge_set(back) == edge_set(g)
    assert back.nodes[iri("a")]["label"] == g.nodes[iri("a")]["label"]
    assert back.nodes[iri("a")]["documents"] == ["doc-a", "doc-b"]


def test_turtle_round_trip(g):
    back = Graph().parse(data=gx.to_turtle(g).decode("utf-8"), format="turtle")
    triples = {(str(s), str(p), str(o)) for s, p, o in back if p != RDFS.label and "notation" not in str(p)}
    expected = set()
    for u, v, d in g.edges(data=True):
        s, o = (v, u) if d.get("reversed") else (u, v)
        expected.add((s, d["predicate"], o))
    assert triples == expected
    # the reversed edge c → d (reused-by) is written as the triple it came from: d reusedBy c
    assert (iri("d"), "https://example.org/def#reusedBy", iri("c")) in triples
    assert {str(s) for s in back.subjects(RDFS.label, None)} == set(g.nodes)
    assert str(back.value(URIRef(iri("a")), RDFS.label)) == g.nodes[iri("a")]["label"]


def test_trig_keeps_documents():
    g = graph([("m1", "responsible-body", "body", "doc-1"), ("m1", "responsible-body", "body", "doc-2")])
    for _u, _v, _k, d in g.edges(keys=True, data=True):
        d["graph"] = f"https://example.org/graph/{d['document']}"
    ds = Dataset()
    ds.parse(data=gx.to_trig(g).decode("utf-8"), format="trig")
    graphs = {str(c.identifier) for c in ds.contexts() if len(c) and "graph/" in str(c.identifier)}
    assert graphs == {"https://example.org/graph/doc-1", "https://example.org/graph/doc-2"}


def test_export_dispatch_and_unknown(g):
    data, media = gx.export(g, "graphml")
    assert media == "application/graphml+xml" and data.startswith(b"<?xml")
    with pytest.raises(ValueError):
        gx.export(g, "png")
