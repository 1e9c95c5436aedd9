"""The SPARQL 1.1 Service Description and the VoID description of the published build, as responses.

The service description is what ``GET /sparql`` without a query answers; the VoID description is
served at ``/void`` and ``/.well-known/void`` (routes in ``web/publication.py``).
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import Response

from modgraph.media import GRAPH_FORMATS, RESULT_FORMATS, Format
from modgraph.publish.void import void_graph
from modgraph.web.errors import acceptable
from modgraph.web.execution import serialize_triples
from modgraph.web.http import not_modified, not_modified_response, validators
from modgraph.web.resources import Published, Resources

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {"sd": SD, "void": VOID, "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "dct": "http://purl.org/dc/terms/"}

DEFAULT_GRAPH_NOTE = (
    "The default graph is the union of the source documents' graphs (build.json data_graphs); every graph, "
    "including the ontology and shapes graphs, is also available by name to GRAPH and named-graph-uri."
)


def _sd(term: str) -> ox.NamedNode:
    return ox.NamedNode(SD + term)


def _void(term: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + term)


def _count(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


def _format_iri(fmt: Format) -> ox.NamedNode:
    """The W3C IRI of a result format (pyoxigraph knows them)."""
    kind = ox.QueryResultsFormat if fmt in RESULT_FORMATS else ox.RdfFormat
    return ox.NamedNode(getattr(kind, fmt.oxigraph).iri)


def service_description(endpoint: str, published: Published, update_enabled: bool) -> list[ox.Triple]:
    service = ox.NamedNode(endpoint)
    dataset, default = ox.BlankNode(), ox.BlankNode()
    info = published.info
    t = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")),
        ox.Triple(service, RDFS_COMMENT, ox.Literal(DEFAULT_GRAPH_NOTE, language="en")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
        ox.Triple(default, _void("triples"), _count(sum(info.graphs.get(g, 0) for g in info.data_graphs))),
    ]
    if update_enabled:
        t.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    for fmt in RESULT_FORMATS + GRAPH_FORMATS:
        t.append(ox.Triple(service, _sd("resultFormat"), _format_iri(fmt)))
    for name, count in sorted(info.graphs.items()):
        named, graph = ox.BlankNode(), ox.BlankNode()
        t += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, _sd("name"), ox.NamedNode(name)),
            ox.Triple(named, _sd("graph"), graph),
            ox.Triple(graph, RDF_TYPE, _sd("Graph")),
            ox.Triple(graph, _void("triples"), _count(count)),
        ]
    return t


def void_description(published: Published) -> list[ox.Triple]:
    """The build's VoID, written by ``modgraph.publish`` with every build and update (``downloads/void.ttl``);
    for a build without publication files (one made by tests) it is made the same way on the fly."""
    path = published.build.downloads / "void.ttl"
    if path.is_file():
        return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    graph = void_graph(published.info, {}, published.build.open_read_only())
    data = graph.serialize(format="nt", encoding="utf-8")
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def _describe(request: Request, res: Resources, kind: str) -> Response:
    """The description (``sd`` or ``void``) in the negotiated RDF syntax, with validators.

    :raises WebError: 406 when no RDF syntax is acceptable, 503 when no build is published.
    """
    fmt = acceptable(request.headers.get("accept"), GRAPH_FORMATS, request.query_params.get("format"))
    published = res.published()
    etag = published.etag(kind, fmt.name, _base_url(request), str(res.settings.write_token is not None))
    headers = {**validators(etag, published.last_modified), "Vary": "Accept", "Cache-Control": "no-cache"}
    if not_modified(request, etag, published.last_modified):
        return not_modified_response(headers)
    if kind == "sd":
        triples = service_description(_base_url(request) + "/sparql", published, res.settings.write_token is not None)
    else:
        triples = void_description(published)
    body = serialize_triples(triples, fmt.oxigraph, {**PREFIXES, "dcat": "http://www.w3.org/ns/dcat#"})
    return Response(body, media_type=fmt.content_type, headers=headers)


async def service_description_response(request: Request, res: Resources) -> Response:
    return await _describe(request, res, "sd")


async def void_response(request: Request, res: Resources) -> Response:
    return await _describe(request, res, "void")
