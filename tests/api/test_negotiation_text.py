"""Unit tests: content negotiation and the lexical analysis of SPARQL text."""

from modgraph.web.formats import GRAPH_FORMATS, RESULT_FORMATS, negotiate
from modgraph.web.sparql_text import QueryForm, analyse


def test_negotiation():
    assert negotiate(None, RESULT_FORMATS).media_type == "application/sparql-results+json"
    assert negotiate("text/*;q=0.5, application/sparql-results+xml;q=0.4", RESULT_FORMATS).media_type == "text/csv"
    assert negotiate("application/json", GRAPH_FORMATS).media_type == "application/ld+json"
    assert negotiate("application/xml", GRAPH_FORMATS).media_type == "application/rdf+xml"
    assert negotiate("text/turtle;q=0", GRAPH_FORMATS + ()) is None
    assert negotiate("*/*;q=0.1, text/turtle;q=0", GRAPH_FORMATS).media_type == "application/n-triples"
    assert negotiate("image/png", RESULT_FORMATS) is None


def test_analyse():
    shape = analyse('PREFIX s: <http://svc/> # ASK\nselect * FROM <g> { ?s ?p "SERVICE <http://x/>" . SERVICE s:q { } }')
    assert shape.form is QueryForm.SELECT and shape.has_dataset_clause
    assert shape.service_targets == ("http://svc/q",)
    assert shape.refused_services(("http://svc/q",)) == []
    assert analyse("BASE <http://b/> PREFIX : <http://a/> construct { } where { }").form is QueryForm.CONSTRUCT
    for update in ("INSERT DATA { }", "prefix : <x:> DELETE WHERE { }", "LOAD <http://x>", "CLEAR ALL", "DROP GRAPH <g>"):
        assert analyse(update).form is QueryForm.UPDATE
    assert analyse("SELECT ?from WHERE { ?s :from ?from }").has_dataset_clause is False
