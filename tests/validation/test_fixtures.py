"""The compiled validator and pyshacl agree on every shape's bad fixture (tests/ontology/fixtures/bad).

pyshacl takes about 0.4 s per fixture, so the 53 fixtures are validated together: each broken copy of
good.ttl gets IRIs of its own (``…/id/`` → ``…/id/fixture-<Shape>/``), and the union is validated once
by each validator. Each copy's results then are that fixture's results.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from modgraph.pipeline.validation import validate
from tests.ontology.test_shapes import BAD, SHAPES_NS, apply_update
from tests.validation.conftest import assert_candidates_miss_nothing, key

ID = "https://w3id.org/modgraph/id/"
FIXTURES = sorted(p.stem for p in BAD.glob("*.ru"))


def _moved(g: Graph, fixture: str) -> Graph:
    def move(term):
        if isinstance(term, URIRef) and str(term).startswith(ID):
            return URIRef(ID + f"fixture-{fixture}/" + str(term)[len(ID) :])
        return term

    out = Graph()
    for s, p, o in g:
        out.add((move(s), p, move(o)))
    return out


@pytest.fixture(scope="module")
def all_fixtures() -> Graph:
    union = Graph()
    for fixture in FIXTURES:
        union += _moved(apply_update(fixture), fixture)
    return union


@pytest.fixture(scope="module")
def both(all_fixtures, shapes_graph, ontology_graph):
    compiled = validate(all_fixtures, shapes_graph, ontology_graph)
    reference = validate(all_fixtures, shapes_graph, ontology_graph, validator="pyshacl")
    return compiled, reference


def test_there_is_a_fixture_per_shape():
    assert len(FIXTURES) >= 50


def test_same_report_as_pyshacl_on_all_bad_fixtures(both):
    compiled, reference = both
    ours, theirs = Counter(map(key, compiled.results)), Counter(map(key, reference.results))
    assert ours == theirs, {"only compiled": list(ours - theirs)[:5], "only pyshacl": list(theirs - ours)[:5]}


def test_every_fixture_fires_its_shape_in_the_compiled_report(both, shapes_graph):
    """Not vacuous: each copy really is broken, and the compiled validator finds the break."""
    from rdflib.namespace import SH

    compiled, _ = both
    owner = {str(ps): str(ns) for ns, ps in shapes_graph.subject_objects(SH.property)}
    fired: dict[str, set[str]] = {}
    for r in compiled.results:
        if r.focus.startswith(ID + "fixture-"):
            fixture = r.focus[len(ID + "fixture-") :].split("/", 1)[0]
            fired.setdefault(fixture, set()).add(owner.get(r.shape, r.shape))
    missing = [f for f in FIXTURES if SHAPES_NS + f not in fired.get(f, set())]
    assert not missing, missing


def test_the_candidate_queries_miss_no_result_on_the_bad_fixtures(all_fixtures, shapes_graph, ontology_graph):
    store = ox.Store()
    name = ox.NamedNode("urn:x-modgraph:fixtures")
    store.load(all_fixtures.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=name)
    assert_candidates_miss_nothing(store, [name], shapes_graph, ontology_graph)
