"""Every shape fires on its bad fixture and stays silent on the good one; the real data has no violations.

fixtures/good.ttl is one graph that uses every targeted class and satisfies every shape: validating it
gives no result at all. fixtures/bad/<Shape>.ru is a SPARQL Update that breaks good.ttl in one way; the
report on the broken graph must hold a result whose sh:sourceShape is mgsh:<Shape> (or one of its
property shapes), with the shape's severity. A shape without a bad fixture, or a fixture without a
shape, fails the test.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

FIXTURES = Path(__file__).parent / "fixtures"
SHAPES_NS = "https://w3id.org/modgraph/shapes#"
PREFIXES = """
PREFIX ex:     <https://w3id.org/modgraph/id/>
PREFIX c:      <https://w3id.org/modgraph/def/>
PREFIX mg:     <https://w3id.org/modgraph/def#>
PREFIX rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:   <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd:    <http://www.w3.org/2001/XMLSchema#>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX dct:    <http://purl.org/dc/terms/>
PREFIX prov:   <http://www.w3.org/ns/prov#>
PREFIX org:    <http://www.w3.org/ns/org#>
PREFIX foaf:   <http://xmlns.com/foaf/0.1/>
PREFIX time:   <http://www.w3.org/2006/time#>
PREFIX qb:     <http://purl.org/linked-data/cube#>
PREFIX schema: <http://schema.org/>
PREFIX cv:     <http://data.europa.eu/m8g/>
PREFIX eli:    <http://data.europa.eu/eli/ontology#>
PREFIX oa:     <http://www.w3.org/ns/oa#>
PREFIX cpsv:   <http://purl.org/vocab/cpsv#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure:   <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
"""


BAD = FIXTURES / "bad"


def source_node_shapes(report: Graph, shapes: Graph) -> dict[URIRef, set[URIRef]]:
    """Result severity sets per node shape (a property shape's result counts for its node shape)."""
    owner: dict = {}
    for ns, ps in shapes.subject_objects(SH.property):
        owner[ps] = ns
    out: dict[URIRef, set[URIRef]] = {}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        src = report.value(result, SH.sourceShape)
        node = owner.get(src, src)
        out.setdefault(node, set()).add(report.value(result, SH.resultSeverity))
    return out


def apply_update(fixture: str) -> Graph:
    """good.ttl changed by bad/<fixture>.ru. Run in Oxigraph: rdflib's SPARQL parser does not unescape
    local names such as ex:measure\\/m1 (SPARQL 1.1 PN_LOCAL_ESC)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(FIXTURES / "good.ttl"), format=ox.RdfFormat.TURTLE)
    store.update(PREFIXES + (BAD / f"{fixture}.ru").read_text(encoding="utf-8"))
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return Graph().parse(data=data.decode("utf-8"), format="nt")


@pytest.fixture(scope="module")
def good() -> Graph:
    return Graph().parse(FIXTURES / "good.ttl")


def _name(shape: URIRef) -> str:
    return str(shape).removeprefix(SHAPES_NS)


def test_every_node_shape_has_an_iri_in_the_shapes_namespace(shapes):
    blank = [s for s in shapes.subjects(RDF.type, SH.NodeShape) if not str(s).startswith(SHAPES_NS)]
    assert not blank


def test_every_shape_has_a_bad_fixture_and_every_fixture_a_shape(node_shapes):
    shapes_named = {_name(s) for s in node_shapes}
    fixtures = {p.stem for p in BAD.glob("*.ru")}
    assert not sorted(shapes_named - fixtures), "shapes without a bad fixture in tests/ontology/fixtures/bad/"
    assert not sorted(fixtures - shapes_named), "fixtures for shapes that do not exist"


def test_every_shape_has_messages_and_a_name(shapes, node_shapes):
    problems = []
    for ns in node_shapes:
        members = [ns, *shapes.objects(ns, SH.property)]
        members += [c for sp in shapes.objects(ns, SH.sparql) for c in [sp]]
        for shape in members:
            langs = {m.language for m in shapes.objects(shape, SH.message)}
            if not {"de", "en"} <= langs:
                problems.append(f"{_name(ns)}: {shape} lacks sh:message @de/@en")
        if shapes.value(ns, SH.name) is None:
            problems.append(f"{_name(ns)}: no sh:name")
    assert not problems, problems


def test_good_fixture_is_silent(good, validate):
    report = validate(good)
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    detail = [(str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage))) for r in results]
    assert not results, detail


@pytest.mark.parametrize("fixture", sorted(p.stem for p in BAD.glob("*.ru")))
def test_shape_fires_on_its_bad_fixture(fixture, good, shapes, validate):
    shape = URIRef(SHAPES_NS + fixture)
    data = apply_update(fixture)
    assert set(data) != set(good), "the update changed nothing"
    fired = source_node_shapes(validate(data), shapes)
    assert shape in fired, f"{fixture} did not fire; fired: {sorted(_name(s) for s in fired)}"
    severity = shapes.value(shape, SH.severity) or SH.Violation
    assert severity in fired[shape]


def test_real_data_has_no_violations(real_data, real_graphs, validate):
    assert "invest-2026" in real_graphs
    start = time.perf_counter()
    report = validate(real_data)
    elapsed = time.perf_counter() - start
    violations = [
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage)))
        for r in report.subjects(SH.resultSeverity, SH.Violation)
    ]
    assert not violations, violations
    assert elapsed < 60
