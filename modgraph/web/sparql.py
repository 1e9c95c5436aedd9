"""The SPARQL 1.1 Protocol endpoint (query operation) with content negotiation and guardrails.

Order of the checks for every query: length (413) → bracket nesting (400 ``too-deep``) → update
refused (403) → content negotiation (406) → revalidation (304) → evaluation in a killable worker
without network (400 syntax error as one sentence with line, column and hint, made by
``modgraph.web.sparql_errors``; 403 ``service-disabled`` for a SERVICE call the engine could not make,
504 time limit, 503 no free worker or no network isolation).

Queries (``GET /sparql?query=…`` and every ``POST /sparql``) are answered by ``SparqlFastPath``, an ASGI
middleware in front of FastAPI's router: the same functions as the routes below, without the routing over every
route of the application, the dependency injection (which runs the synchronous ``resources`` dependency in a
thread) and the per-route exception wrappers — a cheap query's cost in the web process is mostly such plumbing
(``benchmarks/SCALE.md``). The routes stay: they declare the endpoint in OpenAPI, and answer what the middleware
passes on (the service description, and any path or method but these).

Why this module is long: it is the one place where the protocol's parameters, content negotiation, the
answer cache and the worker pool meet for a query; split, each part would need the others' request state.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from modgraph.media import FORMATS_BY_KIND, GRAPH_FORMATS, HTML, RESULT_FORMATS, Kind, negotiate
from modgraph.web.answers import AnswerKey
from modgraph.web.description import service_description_response
from modgraph.web.errors import WebError, acceptable, error_response
from modgraph.web.execution import DEFAULT_GRAPH, QueryJob
from modgraph.web.http import failed_outcome_error, not_modified, not_modified_response, outcome_response, validators
from modgraph.web.pooled import run_for
from modgraph.web.remote import remote_outcome
from modgraph.web.resources import Published, Resources, resources
from modgraph.web.responses import QUERY_FORMATS, QUERY_STATUSES, responses
from modgraph.web.sandbox import checked
from modgraph.web.sparql_errors import syntax_error
from modgraph.web.sparql_text import QueryForm, QueryShape, analyse
from modgraph.web.workers import run_query_task

router = APIRouter(tags=["SPARQL"])

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
BYTES_PER_CHAR = 12  # a percent-encoded 4-byte UTF-8 character
#: deepest bracket nesting accepted: pyoxigraph's recursive parser overflows the worker's stack (and the
#: worker dies of SIGSEGV) from about 2,200 nested groups on; real queries stay far below this
MAX_NESTING = 256


@dataclass
class Dataset:
    """The RDF dataset named by the protocol (default-graph-uri / named-graph-uri)."""

    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)

    @property
    def given(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)

    def key(self) -> str:
        return " ".join(self.default_graphs) + "|" + " ".join(self.named_graphs)


@dataclass(frozen=True)
class Page:
    """Which rows of an answer to send: ``size`` rows after the first ``offset``. ``paged`` when the client asked
    for pages (``limit``/``offset`` of a catalogue endpoint), so that the answer links to the next one.

    >>> Page(10000).offset, Page(100, 200, paged=True).size
    (0, 100)
    """

    size: int
    offset: int = 0
    paged: bool = False


@dataclass
class SparqlRequest:
    query: str | None = None
    update: str | None = None
    dataset: Dataset = field(default_factory=Dataset)


def _single(values: list[str], name: str) -> str | None:
    """The one value of a parameter (None if absent).

    :raises WebError: 400 when the parameter is repeated.
    """
    if len(values) > 1:
        raise WebError(400, "bad-request", f"the '{name}' parameter must be given once, not {len(values)} times")
    return values[0] if values else None


def absolute_iri(value: str, name: str) -> str:
    """The value of the IRI parameter ``name``, checked by the engine's own IRI parser (pyoxigraph's ``NamedNode``).

    :raises WebError: 400 ``bad-parameter`` naming the parameter, for a relative or an invalid IRI.
    """
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        raise WebError(
            400, "bad-parameter", f"'{name}' must be an absolute IRI, not {value!r} ({exc})", parameter=name
        ) from None
    return value


def _iris(params: dict[str, list[str]], name: str) -> list[str]:
    return [absolute_iri(v, name) for v in params.get(name, [])]


def _from_params(params: dict[str, list[str]]) -> SparqlRequest:
    """The protocol request the parameters describe.

    :raises WebError: 400 for a repeated parameter, for both ``query`` and ``update``, or for a graph
        parameter that is not an absolute IRI.
    """
    req = SparqlRequest(
        query=_single(params.get("query", []), "query"),
        update=_single(params.get("update", []), "update"),
        dataset=Dataset(_iris(params, "default-graph-uri"), _iris(params, "named-graph-uri")),
    )
    if req.query is not None and req.update is not None:
        raise WebError(400, "bad-request", "a request carries either 'query' or 'update', not both")
    return req


def _url_params(request: Request) -> dict[str, list[str]]:
    if not request.scope.get("query_string"):  # no parameters in the URL (every POST of a client like httpx)
        return {}
    return {key: request.query_params.getlist(key) for key in request.query_params.keys()}


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, read at most to ``limit`` bytes.

    :raises WebError: 413 when the body (declared or read) is longer.
    """
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise WebError(413, "too-large", f"the request body exceeds {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise WebError(413, "too-large", f"the request body exceeds {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    """:raises WebError: 400 when the body is not UTF-8."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WebError(400, "bad-request", f"the request body is not UTF-8 (byte {exc.start})") from None


def _content_type(header: str) -> tuple[str, str]:
    """The media type of a Content-Type header and its charset (lower case; ``utf-8`` when it names none).

    >>> _content_type("application/x-www-form-urlencoded; charset=UTF-8"), _content_type("")
    (('application/x-www-form-urlencoded', 'utf-8'), ('', 'utf-8'))
    """
    if len(header) <= CONTENT_TYPE_CACHE_LENGTH:
        return _parsed_content_type(header)
    return _parse_content_type(header)


#: the longest Content-Type header whose reading is kept (clients send the same few again and again)
CONTENT_TYPE_CACHE_LENGTH = 256


@lru_cache(maxsize=128)
def _parsed_content_type(header: str) -> tuple[str, str]:
    return _parse_content_type(header)


def _parse_content_type(header: str) -> tuple[str, str]:
    media_type, _, params = header.partition(";")
    charset = parse_qs(params.replace(";", "&").replace(" ", "")).get("charset", ["utf-8"])[0].lower()
    return media_type.strip().lower(), charset


async def parse_post(request: Request, max_query_length: int) -> SparqlRequest:
    """A POSTed protocol request: form-encoded, or the query/update directly in the body.

    :raises WebError: 415 for another charset or media type, 413 for a body too long, 400 for a malformed request.
    """
    media_type, charset = _content_type(request.headers.get("content-type", ""))
    if charset not in ("utf-8", "utf8"):
        raise WebError(415, "unsupported-charset", f"requests must be UTF-8, not {charset}")
    limit = max_query_length * BYTES_PER_CHAR + 8192
    url = _url_params(request)
    if media_type == FORM:
        form = parse_qs(_decode(await _read_body(request, limit)), keep_blank_values=True)
        merged = {k: url.get(k, []) + form.get(k, []) for k in set(url) | set(form)}
        return _from_params(merged)
    if media_type in (SPARQL_QUERY, SPARQL_UPDATE):
        if "query" in url or "update" in url:
            raise WebError(400, "bad-request", f"with {media_type} the operation is the body, not a URL parameter")
        text = _decode(await _read_body(request, limit))
        req = _from_params(url)
        if media_type == SPARQL_QUERY:
            req.query = text
        else:
            req.update = text
        return req
    raise WebError(
        415,
        "unsupported-media-type",
        f"POST a query as {FORM} or {SPARQL_QUERY} (got {media_type or 'no Content-Type'})",
    )


def refuse_update() -> WebError:
    return WebError(
        403, "read-only", "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP …) is refused"
    )


def check_query_text(text: str, resources_: Resources, what: str = "query") -> QueryShape:
    """The guardrails that need no parsing: the length of the query or update, and how deeply it nests; the
    text's shape (``sparql_text.analyse``, tokenised once for both) for the caller.

    :raises WebError: 413 for a text longer than ``max_query_length``, 400 ``too-deep`` for brackets
        nested deeper than ``MAX_NESTING``.
    """
    settings = resources_.settings
    if len(text) > settings.max_query_length:
        raise WebError(
            413,
            "query-too-long",
            f"the {what} has {len(text)} characters; at most {settings.max_query_length} are accepted",
        )
    shape = analyse(text)
    if shape.depth > MAX_NESTING:
        raise WebError(
            400,
            "too-deep",
            f"the {what} nests brackets {shape.depth} levels deep; at most {MAX_NESTING} are accepted",
            limit=MAX_NESTING,
        )
    return shape


def _default_graph(dataset: Dataset, has_from: bool, published: Published) -> tuple[tuple | None, tuple | None]:
    """Protocol parameters win; else the query's FROM; else the union of the data graphs."""
    if dataset.given:
        return tuple(dataset.default_graphs), tuple(dataset.named_graphs)
    if has_from:
        return None, None
    if published.info.union_in_default_graph:
        return (DEFAULT_GRAPH,), None
    return (DEFAULT_GRAPH, *published.info.data_graphs), None


async def answer_query(
    request: Request,
    res: Resources,
    text: str,
    dataset: Dataset,
    cacheable: bool,
    format_param: str | None = None,
    published: Published | None = None,
    page: Page | None = None,
) -> Response:
    """Run one SPARQL query through every guardrail and answer it in the negotiated format.

    The format is negotiated from the Accept header, or given by ``format_param`` (``?format=``). The query
    runs on ``published`` (a kept release, ``modgraph.web.releases``), by default on the current build. With a
    ``page`` only its rows are answered, and a ``Link: rel="next"`` header points to the next page when there is one.

    :raises WebError: 413, 403, 406, 400 (syntax), 500, 503 and 504 as listed in the module docstring.
    """
    accept = request.headers.get("accept")
    shape = check_query_text(text, res)
    if shape.form is QueryForm.UPDATE:
        raise refuse_update()
    wanted_kind = Kind.GRAPH if shape.form.returns_graph else Kind.SOLUTIONS
    fmt = acceptable(accept, FORMATS_BY_KIND[wanted_kind], format_param)
    # the form the lexical analysis saw may be wrong: have a format of the other kind ready as well
    result_fmt = (
        fmt if wanted_kind is Kind.SOLUTIONS else (negotiate(accept, RESULT_FORMATS, format_param) or RESULT_FORMATS[0])
    )
    graph_fmt = (
        fmt if wanted_kind is Kind.GRAPH else (negotiate(accept, GRAPH_FORMATS, format_param) or GRAPH_FORMATS[0])
    )
    current = published is None  # the current build's answers are kept (modgraph.web.answers), a release's not
    if published is None:
        published = res.published() if res.remote is None else await asyncio.to_thread(res.published)
    page = page or Page(res.settings.max_rows)
    etag = published.etag("sparql", text, fmt.name, dataset.key(), str(page.size), str(page.offset))
    headers = {**validators(etag, published.last_modified), "Vary": "Accept", "Cache-Control": "no-cache"}
    if cacheable and not_modified(request, etag, published.last_modified):
        return not_modified_response(headers)
    default_graph, named_graphs = _default_graph(dataset, shape.has_dataset_clause, published)
    job = QueryJob(
        query=text,
        store_path=published.store_path,
        build_id=published.info.id,
        result_format=result_fmt.oxigraph,
        graph_format=graph_fmt.oxigraph,
        max_rows=page.size,
        offset=page.offset,
        default_graph=default_graph,
        named_graphs=named_graphs,
        prefixes=shape.prefixes,
        base_iri=endpoint_iri(request),
    )
    if res.remote_endpoint is not None:  # a SPARQL server as the store: checked here, evaluated there
        graphs = sorted(published.info.graphs)
        outcome = await remote_outcome(request, res.pool, res.remote_endpoint, job, graphs, wanted_kind)
    else:
        outcome = await _cached_or_run(request, res, job, text, headers if current else None)
    if outcome.status == "syntax":
        raise syntax_error(outcome.message, text)
    if outcome.status != "ok":
        raise failed_outcome_error(outcome)
    served = result_fmt if outcome.kind is Kind.SOLUTIONS else graph_fmt
    assert outcome.kind is not None  # an "ok" outcome says what it holds
    if served is not fmt:  # the query's form was only known after parsing
        acceptable(accept, FORMATS_BY_KIND[outcome.kind], format_param)
    if outcome.truncated and page.paged:
        headers["Link"] = f'<{request.url.include_query_params(offset=page.offset + page.size)}>; rel="next"'
    return outcome_response(outcome, served, headers, page.size)


def endpoint_iri(request: Request) -> str:
    """The endpoint's own URL (``…/sparql``), the base of a query's relative IRIs: the request's base URL, kept
    by what Starlette's ``base_url`` reads of the request (scheme, server, root path, ``Host`` header)."""
    scope = request.scope
    server = scope.get("server")
    host = request.headers.get("host")
    key = (
        scope.get("scheme", "http"),
        None if server is None else tuple(server),
        scope.get("app_root_path", scope.get("root_path", "")),
        host,
    )
    iri = _ENDPOINT_IRIS.get(key)
    if iri is None:
        iri = str(request.base_url).rstrip("/") + "/sparql"
        if host is None or len(host) <= ENDPOINT_IRIS_HOST:
            if len(_ENDPOINT_IRIS) >= ENDPOINT_IRIS_KEPT:  # the Host header is the client's: bounded
                _ENDPOINT_IRIS.clear()
            _ENDPOINT_IRIS[key] = iri
    return iri


#: the endpoint URLs kept (by the parts of a request they are made of), at most, and the longest Host header kept
ENDPOINT_IRIS_KEPT, ENDPOINT_IRIS_HOST = 64, 256
_ENDPOINT_IRIS: dict[tuple, str] = {}


async def _cached_or_run(request: Request, res: Resources, job: QueryJob, text: str, headers: dict | None):
    """The kept answer of the job's text on its build, or the job run in a worker (and its answer kept); with
    ``headers`` None (not the current build) the cache is not consulted. ``Modgraph-Cache`` says which it was."""
    if headers is None or not res.answers.max_bytes:
        return await run_job(request, res, job)
    key = AnswerKey(
        job.build_id,
        job.store_path,
        text,
        job.default_graph,
        job.named_graphs,
        job.result_format,
        job.graph_format,
        job.max_rows,
        job.base_iri,
        job.offset,
    )
    outcome = res.answers.get(key)
    headers["Modgraph-Cache"] = "miss" if outcome is None else "hit"
    if outcome is None:
        outcome = await run_job(request, res, job)
        res.answers.put(key, outcome)
    return outcome


async def run_job(request: Request, res: Resources, job: QueryJob):
    """The outcome of the job, run in a worker of the pool for the request's client (stopped if it goes).

    :raises WebError: as ``modgraph.web.pooled.run_for`` (504, 429, 503, 507, 499), and 503 when the worker
        has no network isolation (``modgraph.web.sandbox.checked``).
    """
    return checked(await run_for(request, res.pool, run_query_task, job))


async def _dispatch(request: Request, res: Resources, req: SparqlRequest, cacheable: bool) -> Response:
    """The answer to a query, or the service description when there is none.

    :raises WebError: 403 for an update, and whatever ``answer_query`` raises.
    """
    if req.update is not None:
        raise refuse_update()
    if req.query is None:
        return await service_description_response(request, res)
    return await answer_query(request, res, req.query, req.dataset, cacheable)


_DESCRIPTION_OR_EDITOR = (*GRAPH_FORMATS, HTML)  # what GET /sparql without a query offers
_QUERY_DOC = "The SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE). Without it: the service description."


@router.get(
    "/sparql",
    summary="SPARQL query by GET (or the service description without a query)",
    response_class=Response,
    responses=responses(QUERY_FORMATS, 303, 403, 413, *QUERY_STATUSES),
)
async def sparql_get(
    request: Request,
    res: Resources = Depends(resources),
    query: str | None = Query(None, description=_QUERY_DOC),
    default_graph_uri: list[str] = Query(
        [], alias="default-graph-uri", description="Graphs merged into the default graph"
    ),
    named_graph_uri: list[str] = Query([], alias="named-graph-uri", description="Graphs available to GRAPH"),
) -> Response:
    if "query" not in request.query_params and negotiate(request.headers.get("accept"), _DESCRIPTION_OR_EDITOR) is HTML:
        return RedirectResponse("/editor", status_code=303)  # a browser: the editor instead of the description
    return await _answer_get(request, res)


@router.post(
    "/sparql",
    summary="SPARQL query by POST (form-encoded `query=` or an application/sparql-query body)",
    response_class=Response,
    responses=responses(QUERY_FORMATS, 403, 413, 415, *QUERY_STATUSES[1:]),
    openapi_extra={
        "requestBody": {
            "content": {
                FORM: {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "query": {"type": "string"},
                            "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                            "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                        },
                    }
                },
                SPARQL_QUERY: {"schema": {"type": "string"}},
            }
        }
    },
)
async def sparql_post(request: Request, res: Resources = Depends(resources)) -> Response:
    return await _answer_post(request, res)


async def _answer_get(request: Request, res: Resources) -> Response:
    """:raises WebError: as ``_dispatch``."""
    return await _dispatch(request, res, _from_params(_url_params(request)), cacheable=True)


async def _answer_post(request: Request, res: Resources) -> Response:
    """:raises WebError: as ``parse_post`` and ``_dispatch``; 400 for a POST with neither query nor update."""
    req = await parse_post(request, res.settings.max_query_length)
    if req.query is None and req.update is None:
        raise WebError(400, "bad-request", "POST needs a 'query' (form field or application/sparql-query body)")
    return await _dispatch(request, res, req, cacheable=False)


class SparqlFastPath:
    """ASGI middleware: SPARQL queries on ``/sparql`` answered by the routes' own functions, without FastAPI's
    routing and dependency injection (see the module docstring). Everything else goes on to ``app``.

    The resources are the ones a route would get from ``resources``; when a test replaces that dependency
    (``dependency_overrides``), the request goes on to the routes, whose dependency injection honours the
    replacement. Errors are answered as the application's ``WebError`` handler answers them; other exceptions
    propagate to the server-error middleware as they do from a route.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        if scope["type"] != "http" or scope["path"] != "/sparql" or method not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        if (method == "GET" and "query" not in request.query_params) or resources in request.app.dependency_overrides:
            await self.app(scope, receive, send)  # the description, the editor for a browser; a test's resources
            return
        try:
            res = resources(request)
            response = await (_answer_get if method == "GET" else _answer_post)(request, res)
        except WebError as exc:
            response = error_response(request, exc)
        await response(scope, receive, send)
