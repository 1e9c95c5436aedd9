"""SPARQL 1.1 Graph Store HTTP Protocol, read side: GET/HEAD ``/rdf-graphs?graph=…`` and ``?default``."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from modgraph.media import GRAPH_FORMATS
from modgraph.web.errors import WebError
from modgraph.web.resources import Resources, resources
from modgraph.web.responses import QUERY_STATUSES, responses
from modgraph.web.sparql import Dataset, absolute_iri, answer_query

router = APIRouter(tags=["Graph Store Protocol"])

_DEFAULT_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _graph_query(graph: str) -> str:
    """The CONSTRUCT query of one named graph (an IRI checked by ``absolute_iri``)."""
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"


@router.head("/rdf-graphs", include_in_schema=False)
@router.get(
    "/rdf-graphs",
    summary="Get one graph (indirect graph identification), or the default graph with ?default",
    response_class=Response,
    responses=responses(GRAPH_FORMATS, 404, *QUERY_STATUSES),
)
async def get_graph(
    request: Request,
    res: Resources = Depends(resources),
    graph: str | None = Query(None, description="IRI of a named graph"),
    default: str | None = Query(
        None, description="Present (empty) to get the default graph (union of the data graphs)"
    ),
    format: str | None = Query(
        None, description="An RDF syntax by name (" + ", ".join(f.name for f in GRAPH_FORMATS) + "); else by Accept"
    ),
) -> Response:
    if (graph is None) == (default is None):
        raise WebError(400, "bad-request", "give exactly one of ?graph=IRI or ?default")
    if graph is not None:
        absolute_iri(graph, "graph")
        if graph not in res.published().info.graphs:
            raise WebError(404, "no-such-graph", f"no graph named {graph}")
        text = _graph_query(graph)
    else:
        text = _DEFAULT_QUERY
    response = await answer_query(request, res, text, Dataset(), cacheable=True, format_param=format)
    if request.method == "HEAD":
        return Response(status_code=response.status_code, headers=dict(response.headers))
    return response
