"""Unit tests: content negotiation and the lexical analysis of SPARQL text."""

from modgraph.media import GRAPH_FORMATS, PAGE_FORMATS, RESULT_FORMATS, negotiate
from modgraph.web.sparql_text import QueryForm, analyse


def test_negotiation():
    assert negotiate(None, RESULT_FORMATS).media_type == "application/sparql-results+json"
    assert negotiate("text/*;q=0.5, application/sparql-results+xml;q=0.4", RESULT_FORMATS).media_type == "text/csv"
    assert negotiate("application/json", GRAPH_FORMATS).media_type == "application/ld+json"
    assert negotiate("application/xml", GRAPH_FORMATS).media_type == "application/rdf+xml"
    assert negotiate("text/turtle;q=0", GRAPH_FORMATS + ()) is None
    assert negotiate("*/*;q=0.1, text/turtle;q=0", GRAPH_FORMATS).media_type == "application/n-triples"
    assert negotiate("image/png", RESULT_FORMATS) is None
    assert negotiate("*/*", GRAPH_FORMATS).media_type == "text/turtle"  # curl's default: the route's first format
    # the most specific range decides a type's q, ties go to the client's order, then the server's
    assert negotiate("text/*;q=0.9, text/html;q=0.1", PAGE_FORMATS).media_type == "text/turtle"
    assert negotiate("application/ld+json, text/turtle", GRAPH_FORMATS).media_type == "application/ld+json"
    assert (
        negotiate("application/rdf+xml;q=0.5, application/ld+json;q=0.5", GRAPH_FORMATS).media_type
        == "application/rdf+xml"
    )
    # ?format= wins over Accept, and only names offered formats
    assert negotiate("text/html", PAGE_FORMATS, format_param="turtle").media_type == "text/turtle"
    assert negotiate("text/html", GRAPH_FORMATS, format_param="html") is None


def test_analyse():
    shape = analyse(
        'PREFIX s: <http://svc/> # ASK\nselect * FROM <g> { ?s ?p "SERVICE <http://x/>" . SERVICE s:q { } }'
    )
    assert shape.form is QueryForm.SELECT and shape.has_dataset_clause
    assert shape.prefixes == {"s": "http://svc/"}
    assert analyse("BASE <http://b/> PREFIX : <http://a/> construct { } where { }").form is QueryForm.CONSTRUCT
    for update in (
        "INSERT DATA { }",
        "prefix : <x:> DELETE WHERE { }",
        "LOAD <http://x>",
        "CLEAR ALL",
        "DROP GRAPH <g>",
    ):
        assert analyse(update).form is QueryForm.UPDATE
    assert analyse("SELECT ?from WHERE { ?s :from ?from }").has_dataset_clause is False
