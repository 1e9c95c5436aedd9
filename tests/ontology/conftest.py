"""Shared fixtures: the ontology, the shapes, the mapped real data, and a pyshacl runner."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from modgraph.settings import Settings

SHAPES_NS = "https://w3id.org/modgraph/shapes#"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.load()


@pytest.fixture(scope="session")
def ontology(settings) -> Graph:
    """modgraph.ttl and schemes.ttl together."""
    g = Graph()
    g.parse(settings.ontology_dir / "modgraph.ttl")
    g.parse(settings.ontology_dir / "schemes.ttl")
    return g


@pytest.fixture(scope="session")
def shapes(settings) -> Graph:
    g = Graph()
    for path in sorted(settings.shapes_dir.glob("*.ttl")):
        g.parse(path)
    return g


@pytest.fixture(scope="session")
def node_shapes(shapes) -> list[URIRef]:
    return sorted(s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))


@pytest.fixture(scope="session")
def real_graphs(settings) -> dict[str, Graph]:
    from modgraph.pipeline.mapping import map_records
    from modgraph.pipeline.records import load_records

    rs = load_records(settings.records_dir, settings.corpus_dir)
    return map_records(rs, settings.base_iri)


@pytest.fixture(scope="session")
def real_data(real_graphs) -> Graph:
    g = Graph()
    for part in real_graphs.values():
        g += part
    return g


@pytest.fixture(scope="session")
def validate(shapes, ontology):
    from pyshacl import validate as _validate

    def run(data: Graph) -> Graph:
        _conforms, report, _text = _validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True, allow_warnings=True
        )
        return report

    return run
