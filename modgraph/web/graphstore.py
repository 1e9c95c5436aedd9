"""SPARQL 1.1 Graph Store HTTP Protocol, read side: GET/HEAD ``/rdf-graphs?graph=…`` and ``?default``."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from modgraph.web.errors import WebError
from modgraph.web.resources import Resources, resources
from modgraph.web.sparql import Dataset, answer_query

router = APIRouter(tags=["Graph Store Protocol"])

_DEFAULT_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _graph_query(graph: str) -> str:
    """The CONSTRUCT query of one named graph.

    :raises WebError: 400 when ``graph`` is not an IRI.
    """
    try:
        iri = ox.NamedNode(graph)
    except ValueError as exc:
        raise WebError(400, "bad-graph-iri", f"'graph' is not a valid absolute IRI: {exc}") from None
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }}"


@router.head("/rdf-graphs", include_in_schema=False)
@router.get(
    "/rdf-graphs",
    summary="Get one graph (indirect graph identification), or the default graph with ?default",
    responses={404: {"description": "No graph with that name"}, 406: {"description": "No acceptable RDF syntax"}},
)
async def get_graph(
    request: Request,
    res: Resources = Depends(resources),
    graph: str | None = Query(None, description="IRI of a named graph"),
    default: str | None = Query(
        None, description="Present (empty) to get the default graph (union of the data graphs)"
    ),
) -> Response:
    if (graph is None) == (default is None):
        raise WebError(400, "bad-request", "give exactly one of ?graph=IRI or ?default")
    if graph is not None:
        if graph not in res.published().info.graphs:
            raise WebError(404, "no-such-graph", f"no graph named {graph}")
        text = _graph_query(graph)
    else:
        text = _DEFAULT_QUERY
    response = await answer_query(
        request, res, text, Dataset(), cacheable=True, format_param=request.query_params.get("format")
    )
    if request.method == "HEAD":
        return Response(status_code=response.status_code, headers=dict(response.headers))
    return response
