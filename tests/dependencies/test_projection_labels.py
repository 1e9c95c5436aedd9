"""The projection's node labels (issue 15: one scan of the label triples instead of a UNION with four OPTIONALs)
equal what the previous query (``previous/label-query.rq``) chose, on the corpus and on a store made to have
every case (several labels, German and English ones, notations with and without a label, ``de-DE``)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from modgraph.deps import attributes, projection

PREVIOUS = (Path(__file__).parent / "previous" / "label-query.rq").read_text(encoding="utf-8")


def _previous_labels(store: ox.Store, nodes) -> dict[str, dict]:
    """The old query's attributes, chosen as the old code chose them (smallest string of each variable)."""
    labels: dict[str, dict] = {}
    for row in store.query(PREVIOUS, use_default_graph_as_union=True):
        n = row["n"].value
        if n not in nodes:
            continue
        cur = labels.setdefault(n, {})
        for var in ("pref", "de", "any", "en", "notation"):
            val = None if row[var] is None else row[var].value
            if val is not None and (var not in cur or val < cur[var]):
                cur[var] = val
    return labels


def _labels(store: ox.Store, nodes) -> dict[str, dict]:
    return attributes._labels(store.query(attributes.LABEL_QUERY, use_default_graph_as_union=True), nodes)


def test_the_labels_of_every_node_of_the_corpus_projection_are_the_previous_querys(corpus_build):
    _, build, _ = corpus_build
    store = build.open_read_only()
    nodes = set(projection.project_store(store, build.info).graph)
    assert len(nodes) > 500
    got = _labels(store, nodes)
    assert got == _previous_labels(store, nodes)
    assert sum("en" in v for v in got.values()) > 10 and sum("notation" in v for v in got.values()) > 10


def test_every_case_of_the_label_choice_is_the_previous_querys():
    ex = "http://example.org/"
    rdfs, skos = "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2004/02/skos/core#"
    data = f"""
    <{ex}a> <{rdfs}label> "b"@de, "a"@de, "z", "c"@en ; <{skos}prefLabel> "p"@de, "o"@de, "e"@en ; <{skos}notation> "2", "1" .
    <{ex}b> <{skos}notation> "only a notation" .
    <{ex}c> <{skos}prefLabel> "de-DE"@de-DE ; <{rdfs}label> "x"@fr .
    <{ex}d> <{rdfs}label> "plain" ; <{skos}notation> "4.1" .
    <{ex}e> <{skos}prefLabel> "english"@en .
    """
    store = ox.Store()
    store.load(data.encode(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ex + "g"))
    nodes = {ex + c for c in "abcdef"}
    got = _labels(store, nodes)
    assert got == _previous_labels(store, nodes)
    assert got[ex + "a"] == {"pref": "o", "de": "a", "any": "a", "en": "c", "notation": "1"}
    assert ex + "b" not in got  # a notation alone does not label a node
    assert got[ex + "c"] == {"any": "x"}
