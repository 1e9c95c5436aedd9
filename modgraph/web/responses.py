"""The responses the routes declare in OpenAPI: one table of statuses, and success content built from
the formats of ``modgraph.media``.

A route declares what it can really answer::

    @router.get("/void", response_class=Response, responses=responses(GRAPH_FORMATS, 304, 406, 503))

Every error status carries the error envelope (``Error``): JSON, or the HTML error page for a client
that prefers HTML (``web/errors.py``). 303 and 304 have no body.

>>> sorted(responses(GRAPH_FORMATS, 304, 406)[200]["content"])
['application/ld+json', 'application/n-triples', 'application/rdf+xml', 'text/turtle']
>>> sorted(responses(None, 400)[400]["content"]), "content" in responses(None, 304)[304]
(['application/json', 'text/html'], False)
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Query

from modgraph.media import GRAPH_FORMATS, HTML, JSON, RESULT_FORMATS, Format

ERROR_REF = {"$ref": "#/components/schemas/Error"}
#: an error answer: the JSON envelope, or the HTML error page for browsers
ERROR_CONTENT = {JSON.media_type: {"schema": ERROR_REF}, HTML.media_type: {"schema": {"type": "string"}}}

#: every status a route may declare, and what it means
STATUS: dict[int, str] = {
    303: "See Other: the description of the resource, or the editor for a browser",
    304: "Not modified since the validators given (If-None-Match, If-Modified-Since)",
    400: "Bad request: a parameter is missing or malformed, or the query has a syntax error (line, column)",
    401: "No bearer token",
    403: "Refused: SPARQL Update at the read-only endpoint, SERVICE or LOAD (the workers have no outbound network), or a wrong token",
    404: "Not found",
    406: "None of the offered media types is acceptable (the answer lists them in `offered`)",
    409: "Conflict: a cycle in the analysed graph, or the build changed meanwhile",
    413: "The query or the request body is too long",
    415: "Unsupported media type or charset of the request body",
    429: "Too many queries of this client at once (see Retry-After)",
    499: "The client went away before the answer (its job was stopped)",
    503: "No build has been published, no query worker became free, or the workers have no network isolation",
    504: "The query was stopped at the time limit",
    507: "The query needed more memory than a worker may use",
}

#: what a SPARQL query may answer: results of SELECT/ASK or a graph of CONSTRUCT/DESCRIBE
QUERY_FORMATS: tuple[Format, ...] = RESULT_FORMATS + GRAPH_FORMATS
#: the statuses of every answer computed in the worker pool (time, memory and per-client limits)
POOL_STATUSES = (429, 499, 503, 504, 507)
#: the statuses of every answer that runs a query in the worker pool
QUERY_STATUSES = (304, 400, 406, *POOL_STATUSES)


def content(formats: Sequence[Format | str], schema: dict | None = None) -> dict:
    """OpenAPI ``content`` for these formats (or media types), each with ``schema`` if given."""
    types = [f if isinstance(f, str) else f.media_type for f in formats]
    return {t: ({"schema": schema} if schema else {}) for t in dict.fromkeys(types)}


def responses(
    ok: Sequence[Format | str] | None,
    *statuses: int,
    ok_description: str = "OK, in the negotiated format",
    ok_schema: dict | None = None,
) -> dict[int | str, dict]:
    """The ``responses=`` of a route: 200 in the formats ``ok`` (None: FastAPI's own 200), and ``statuses``."""
    out: dict[int | str, dict] = {}
    if ok is not None:
        out[200] = {"description": ok_description, "content": content(ok, ok_schema)}
    for status in statuses:
        out[status] = {"description": STATUS[status]}
        if status >= 400:
            out[status]["content"] = ERROR_CONTENT
    return out


def format_query(formats: Sequence[Format]):
    """The ``?format=`` parameter of a route that negotiates among ``formats`` (400 for another value)."""
    return Query(
        None,
        description="The format by short name ("
        + ", ".join(f.name for f in formats)
        + ") or media type; wins over the Accept header (another value: 400)",
    )
