"""The compiled validator and pyshacl give the same report on the real corpus, read from the build's store."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF, SH

from modgraph.pipeline.validation import validate, validate_store
from tests.validation.conftest import assert_candidates_miss_nothing, key


@pytest.fixture(scope="module")
def reference(corpus_build, shapes_graph, ontology_graph):
    """pyshacl's report on the corpus (run once)."""
    _s, _build, compiled = corpus_build
    return validate(compiled.union(), shapes_graph, ontology_graph, validator="pyshacl")


@pytest.fixture(scope="module")
def on_store(corpus_build, shapes_graph, ontology_graph):
    """The compiled validator on the on-disk store of the build (which holds the ontology and shapes graphs too)."""
    _s, build, _compiled = corpus_build
    store = build.open_read_only()
    graphs = [ox.NamedNode(g) for g in build.info.data_graphs]
    return store, graphs, validate_store(store, graphs, shapes_graph, ontology_graph)


def test_same_results_and_messages_and_passages_as_pyshacl(reference, on_store):
    _store, _graphs, report = on_store
    assert len(report.results) > 100  # the corpus has warnings and infos (README: 175 warnings, 68 infos)
    ours, theirs = Counter(map(key, report.results)), Counter(map(key, reference.results))
    assert ours == theirs, {"only compiled": list(ours - theirs)[:5], "only pyshacl": list(theirs - ours)[:5]}
    assert report.conforms == reference.conforms
    assert all(r.message_en and r.message_de for r in report.results)
    with_passages = [r for r in report.results if r.passages]
    assert len(with_passages) > len(report.results) / 2


def test_the_build_published_the_compiled_report(corpus_build, on_store):
    """The build's report equals the one above; its own shapes graph gave property shapes other blank-node ids."""
    _s, _build, compiled = corpus_build
    _store, _graphs, report = on_store

    def named(r):
        k = key(r)
        return k[:4] + ((k[4] if k[4].startswith("https://") else "(property shape)"),) + k[5:]

    assert Counter(map(named, compiled.report.results)) == Counter(map(named, report.results))


def test_report_graph_is_a_w3c_validation_report(on_store):
    _store, _graphs, report = on_store
    g = report.graph
    top = g.value(None, RDF.type, SH.ValidationReport)
    assert top is not None
    assert g.value(top, SH.conforms).toPython() is report.conforms
    results = list(g.objects(top, SH.result))
    assert len(results) == len(report.results)
    for r in results:
        assert (r, RDF.type, SH.ValidationResult) in g
        for pred in (SH.focusNode, SH.resultSeverity, SH.sourceShape, SH.sourceConstraintComponent):
            assert g.value(r, pred) is not None, pred
    assert "sh:ValidationReport" in report.to_turtle()


def test_focus_graphs_validate_only_their_subjects(on_store, shapes_graph, ontology_graph):
    store, graphs, full = on_store
    document = next(g for g in graphs if g.value.endswith("/d6-2018"))
    subjects = {row[0].value for row in store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH {document} {{ ?s ?p ?o }} }}")}
    part = validate_store(store, graphs, shapes_graph, ontology_graph, focus_graphs=[document])
    expected = [key(r) for r in full.results if r.focus in subjects]
    assert expected, "the document has results of its own"
    assert len(expected) < len(full.results)
    assert sorted(map(key, part.results)) == sorted(expected)


def test_reading_the_union_default_graph_gives_the_same_report(on_store, shapes_graph, ontology_graph):
    """A build's draft has the union of its data graphs as its default graph: the validator reads that instead
    of the list of graphs (one probe per graph at every lookup) — with the same results and passages."""
    store, graphs, listed = on_store
    union = validate_store(store, graphs, shapes_graph, ontology_graph, union_in_default_graph=True)
    assert sorted(map(key, union.results)) == sorted(map(key, listed.results))
    assert [r.passages for r in union.results] == [r.passages for r in listed.results]


def test_an_unknown_validator_is_refused(on_store, shapes_graph, ontology_graph):
    store, graphs, _ = on_store
    with pytest.raises(ValueError, match="unknown validator"):
        validate_store(store, graphs, shapes_graph, ontology_graph, validator="jena")
    with pytest.raises(ValueError, match="at least one data graph"):
        validate_store(store, [], shapes_graph, ontology_graph)


def test_the_candidate_queries_miss_no_result_on_the_corpus(on_store, shapes_graph, ontology_graph):
    store, graphs, _report = on_store
    assert_candidates_miss_nothing(store, graphs, shapes_graph, ontology_graph)
