"""A validation focused on what changed (``validate_store(..., changes=...)`` + ``carry_over``) gives the report of
a full validation of the changed data, and validates only a few focus nodes.

Each case changes a copy of the corpus build's store (a named graph and the union default graph alike, as a
build's draft holds them), validates the copy focused on the changed triples with the first report carried
over, and compares with a full validation of the copy: every result, message and passage.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from modgraph.pipeline.validation import ValidationReport, carry_over, validate_store
from modgraph.store.changes import changed_triples
from tests.validation.conftest import key

PREFIXES = """
PREFIX mg: <https://w3id.org/modgraph/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


@pytest.fixture(scope="module")
def before(corpus_build, shapes_graph, ontology_graph):
    """An in-memory copy of the corpus build's store, its data graphs and its full report."""
    _s, build, _compiled = corpus_build
    store = ox.Store()
    store.extend(list(build.open_read_only()))
    graphs = [ox.NamedNode(g) for g in build.info.data_graphs]
    report = validate_store(store, graphs, shapes_graph, ontology_graph, union_in_default_graph=True)
    return store, graphs, report


def _changed(store: ox.Store, update: str) -> ox.Store:
    after = ox.Store()
    after.extend(list(store))
    after.update(PREFIXES + update)
    return after


def _one(store: ox.Store, query: str) -> list[ox.NamedNode]:
    rows = store.query(PREFIXES + query)
    assert isinstance(rows, ox.QuerySolutions)
    return [row[0] for row in rows]


def _focused(before, after: ox.Store, shapes, ontology) -> tuple[ValidationReport, ValidationReport, set]:
    store, graphs, first = before
    changes = changed_triples(store, after, [g.value for g in graphs])
    assert changes, "the case changes the data"
    focused = validate_store(after, graphs, shapes, ontology, changes=changes, union_in_default_graph=True)
    assert focused.revalidated is not None
    report = carry_over(focused, first.to_json(), after)
    full = validate_store(after, graphs, shapes, ontology, union_in_default_graph=True)
    return report, full, focused.revalidated


def _assert_same(report: ValidationReport, full: ValidationReport) -> None:
    ours, theirs = Counter(map(key, report.results)), Counter(map(key, full.results))
    assert ours == theirs, {"only focused": list(ours - theirs)[:3], "only full": list(theirs - ours)[:3]}
    assert report.conforms == full.conforms


def _subjects(store: ox.Store) -> int:
    return len(_one(store, "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"))


def test_a_label_change_revalidates_the_node_alone(before, shapes_graph, ontology_graph):
    store, _graphs, _first = before
    measure = _one(store, "SELECT ?m WHERE { GRAPH ?g { ?m a mg:Measure ; rdfs:label ?l } } ORDER BY ?m LIMIT 1")[0]
    after = _changed(
        store,
        f"""DELETE {{ GRAPH ?g {{ {measure} rdfs:label ?l }} {measure} rdfs:label ?l }}
        INSERT {{ GRAPH ?g {{ {measure} rdfs:label "X"@de }} {measure} rdfs:label "X"@de }}
        WHERE {{ GRAPH ?g {{ {measure} rdfs:label ?l }} }}""",
    )
    report, full, revalidated = _focused(before, after, shapes_graph, ontology_graph)
    _assert_same(report, full)
    assert revalidated == {measure.value}  # a label is read from its own node only
    assert any(r.severity == "Warning" and r.message_en for r in report.results)


def test_a_changed_reference_to_another_documents_node_revalidates_the_referring_node(
    before, shapes_graph, ontology_graph
):
    """A status assertion of one document pointed at a passage of another: the sh:class test of its subject
    fails; the result appears in the focused report as in the full one."""
    store, _graphs, first = before
    rows = store.query(
        PREFIXES + "SELECT ?a ?g ?m WHERE { GRAPH ?g { ?a a mg:StatusAssertion ; mg:statusOf ?m } } ORDER BY ?a LIMIT 1"
    )
    assert isinstance(rows, ox.QuerySolutions)
    assertion, graph, target = next(iter(rows))
    other = _one(
        store,
        f"SELECT ?p WHERE {{ GRAPH ?h {{ ?x prov:wasDerivedFrom ?p }} FILTER(?h != {graph}) }} ORDER BY ?p LIMIT 1",
    )[0]
    after = _changed(
        store,
        f"""DELETE DATA {{ GRAPH {graph} {{ {assertion} mg:statusOf {target} }} {assertion} mg:statusOf {target} }} ;
        INSERT DATA {{ GRAPH {graph} {{ {assertion} mg:statusOf {other} }} {assertion} mg:statusOf {other} }}""",
    )
    report, full, revalidated = _focused(before, after, shapes_graph, ontology_graph)
    _assert_same(report, full)
    assert assertion.value in revalidated
    assert any(r.focus == assertion.value for r in full.results if key(r) not in set(map(key, first.results)))
    assert len(revalidated) < _subjects(store) / 100


def test_a_registry_change_revalidates_the_nodes_of_every_document_that_refer_to_it(
    before, shapes_graph, ontology_graph
):
    """A shared body of the registry renamed and its types removed (the registry names it, the documents that
    declare it type it): every node whose sh:class test reads those types, in any document, is validated again,
    and the new results are those of a full validation."""
    store, _graphs, first = before
    registry = "<https://w3id.org/modgraph/graph/registry>"
    body = _one(
        store,
        f"SELECT ?b WHERE {{ GRAPH {registry} {{ ?b ?l ?name }} ?m ?p ?b . ?b a ?t }} "
        "GROUP BY ?b ORDER BY DESC(COUNT(DISTINCT ?m)) ?b LIMIT 1",
    )[0]
    after = _changed(
        store,
        f"""DELETE {{ GRAPH {registry} {{ {body} ?l ?name }} {body} ?l ?name }}
        INSERT {{ GRAPH {registry} {{ {body} ?l "X" }} {body} ?l "X" }}
        WHERE {{ GRAPH {registry} {{ {body} ?l ?name }} }} ;
        DELETE {{ GRAPH ?g {{ {body} a ?t }} {body} a ?t }} WHERE {{ GRAPH ?g {{ {body} a ?t }} }}""",
    )
    report, full, revalidated = _focused(before, after, shapes_graph, ontology_graph)
    _assert_same(report, full)
    referring = {m.value for m in _one(store, f"SELECT DISTINCT ?m WHERE {{ ?m ?p {body} }}")}
    again = referring & revalidated  # those whose links to it a shape reads (not every link is)
    assert len(again) > 5
    assert len({n.split("/id/", 1)[1].split("/")[1] for n in again}) > 1, "nodes of several documents"
    assert Counter(map(key, full.results)) != Counter(map(key, first.results)), "the change makes new results"
    assert len(revalidated) < _subjects(store) / 10


def test_a_passage_change_revalidates_the_nodes_that_show_it(before, shapes_graph, ontology_graph):
    """The line of a passage changed: the results of the nodes derived from it, and of the nodes that show
    their owner's passages, carry the new line."""
    store, _graphs, first = before
    with_passage = {r.focus: r for r in first.results if r.passages}
    focus = sorted(with_passage)[0]
    passage = _one(store, f"SELECT ?p WHERE {{ <{focus}> prov:wasDerivedFrom ?p }} ORDER BY ?p LIMIT 1")
    if not passage:  # the focus node shows its owner's passages
        passage = _one(store, f"SELECT ?p WHERE {{ ?o ?l <{focus}> . ?o prov:wasDerivedFrom ?p }} ORDER BY ?p LIMIT 1")
    p = passage[0]
    after = _changed(
        store,
        f"""DELETE {{ GRAPH ?g {{ {p} mg:line ?n }} {p} mg:line ?n }}
        INSERT {{ GRAPH ?g {{ {p} mg:line 99999 }} {p} mg:line 99999 }} WHERE {{ GRAPH ?g {{ {p} mg:line ?n }} }}""",
    )
    report, full, revalidated = _focused(before, after, shapes_graph, ontology_graph)
    _assert_same(report, full)
    assert focus in revalidated
    assert any(passage.line == 99999 for r in report.results for passage in r.passages)
