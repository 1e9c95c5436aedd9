"""Dependency-graph endpoints (``/deps/...``) and the interactive page (``/deps``).

Every analysis answers the dict of its serializer in ``modgraph.deps.results`` as JSON (the same dict
``modgraph deps … --format json`` prints); every analysis that yields a set of nodes can instead be exported
(``format=graphml|gexf|dot|cytoscape|turtle|trig``) as the subgraph it describes. Errors answer the app's
error body ``{"error": code, "message": …}`` (``ApiError``). Every analysis runs in the query worker pool,
under the query time and memory limits and stopped when its client goes (``modgraph.web.deps_jobs``); each
worker reads the projection the build wrote (``modgraph.deps.stored``) once per build and keeps it, with the views of
the questions and their costly analyses.
Semantics: ``modgraph/deps/README.md``.

Why this module is long: it declares every ``/deps`` endpoint with its typed, documented parameters (the OpenAPI
page is generated from them); each endpoint is a few lines, the rest is parameter documentation.
"""

from __future__ import annotations

import asyncio
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from modgraph.deps import export as gx
from modgraph.deps.results import GRAPH_PAGE
from modgraph.relations import PRESET_DESCRIPTIONS, RELATIONS
from modgraph.web.deps_jobs import DepsJob, DepsOutcome, run_deps_task
from modgraph.web.http import ApiError
from modgraph.web.page_context import Lang
from modgraph.web.pooled import run_for
from modgraph.web.remote import remote_projection
from modgraph.web.resources import get_templates, resources
from modgraph.web.responses import POOL_STATUSES, responses
from modgraph.web.ui import page_values, script_strings, ui_lang

router = APIRouter(prefix="/deps", tags=["Dependencies"])

MAX_NODES = 5000
#: what the analyses answer: JSON, or an export of the subgraph (``format=``)
ANSWERS = ["application/json", *(media for media, _ in gx.FORMATS.values())]


class ExportFormat(StrEnum):
    json = "json"
    graphml = "graphml"
    gexf = "gexf"
    dot = "dot"
    cytoscape = "cytoscape"
    turtle = "turtle"
    trig = "trig"


class Direction(StrEnum):
    upstream = "upstream"
    downstream = "downstream"


class Measure(StrEnum):
    degree = "degree"
    in_degree = "in-degree"
    out_degree = "out-degree"
    betweenness = "betweenness"


class Scope:
    """The common filter parameters: which relations, documents, programmes and node kinds."""

    def __init__(
        self,
        relations: Annotated[
            str,
            Query(
                description="Comma-separated preset names and/or relation keys. Presets: "
                + "; ".join(f"`{k}`: {v}" for k, v in PRESET_DESCRIPTIONS.items())
                + ". Relation keys: "
                + ", ".join(f"`{k}`" for k in RELATIONS)
            ),
        ] = "all",
        document: Annotated[
            list[str] | None,
            Query(
                description="Keep only edges stated in these source documents "
                "(document ids, e.g. `zov-2017`); repeatable"
            ),
        ] = None,
        programme: Annotated[
            list[str] | None,
            Query(
                description="Keep only edges with at least one end in one of these "
                "programmes (programme IRIs); repeatable"
            ),
        ] = None,
        kind: Annotated[
            list[str] | None,
            Query(
                description="Keep only nodes of these kinds (measure, field, goal, "
                "programme, organisation, decision, fund, document, place …); repeatable"
            ),
        ] = None,
    ):
        self.relations, self.documents, self.programmes, self.kinds = relations, document, programme, kind


class Question:
    """The request, and the scope of the question (None: the whole published projection), to run in the pool."""

    def __init__(self, request: Request, scope: Scope | None):
        self.request, self.scope = request, scope

    def job_scope(self) -> tuple | None:
        if self.scope is None:
            return None
        s = self.scope
        return (s.relations, *(tuple(v) if v is not None else None for v in (s.documents, s.programmes, s.kinds)))


def selection(request: Request, scope: Annotated[Scope, Depends()]) -> Question:
    """The question about the view of the published projection its filters select."""
    return Question(request, scope)


def published(request: Request) -> Question:
    """The question about the whole published projection."""
    return Question(request, None)


Sel = Annotated[Question, Depends(selection)]
Whole = Annotated[Question, Depends(published)]
Fmt = Annotated[
    ExportFormat,
    Query(
        alias="format",
        description="`json` (default) or an export of the result's "
        "subgraph: graphml, gexf, dot, cytoscape (Cytoscape.js JSON), turtle, trig",
    ),
]


async def answer(
    question: Question, analysis: str, args: tuple = (), fmt: ExportFormat = ExportFormat.json
) -> Response:
    """Run the serializer ``modgraph.deps.results.<analysis>`` in a worker of the pool, under the query time
    and memory limits (stopped when the client goes), and answer its body as JSON or its subgraph as an export.

    :raises ApiError: an error of the analysis (503 no build, 400 bad parameter, 404 unknown node, 409 cycle),
        an export of a result without a graph, and the pool's errors (``modgraph.web.pooled.run_for``).
    """
    request = question.request
    settings = request.app.state.settings
    res = resources(request)
    remote = None
    if res.remote_reader is not None:  # a SPARQL server as the store: its graphs projected here (workers are offline)
        remote = await asyncio.to_thread(remote_projection, res.remote_reader, settings.store)
    export = None if fmt == ExportFormat.json else fmt.value
    job = DepsJob(settings, analysis, question.job_scope(), args, export, remote)
    outcome: DepsOutcome = await run_for(request, res.pool, run_deps_task, job)
    if outcome.error is not None:
        raise ApiError(*outcome.error)
    headers = {"Content-Disposition": f'inline; filename="{outcome.filename}"'} if outcome.filename else {}
    if outcome.next_offset is not None:  # a paged answer: the next page, as the body's next_offset says
        headers["Link"] = f'<{request.url.include_query_params(offset=outcome.next_offset)}>; rel="next"'
    return Response(outcome.body, media_type=outcome.media_type, headers=headers)


# ---------------------------------------------------------------------------------------------- meta


@router.get(
    "/relations",
    responses=responses(["application/json"], *POOL_STATUSES),
    summary="Relation types, presets, documents, programmes and node kinds of the projection",
)
async def relations(whole: Whole) -> Response:
    return await answer(whole, "relations_overview")


@router.get(
    "/search",
    responses=responses(["application/json"], 400, *POOL_STATUSES),
    summary="Find nodes by part of their label, English label, notation or IRI",
)
async def search(
    whole: Whole,
    q: Annotated[str, Query(min_length=1, max_length=200, description="text to look for (case-insensitive)")],
    limit: Annotated[int, Query(ge=1, le=100, description="at most this many hits")] = 20,
    kind: Annotated[list[str] | None, Query(description="only these node kinds; repeatable")] = None,
) -> Response:
    return await answer(whole, "search", (q, limit, kind))


@router.get(
    "/node",
    responses=responses(["application/json"], 400, 404, *POOL_STATUSES),
    summary="One node: attributes and its edges (in the filtered projection)",
)
async def node(sel: Sel, iri: Annotated[str, Query(description="node IRI")]) -> Response:
    return await answer(sel, "node_edges", (iri,))


@router.get(
    "/graph",
    responses=responses(ANSWERS, 400, *POOL_STATUSES),
    summary="The whole (filtered) projection, as JSON or an export",
)
async def whole_graph(
    sel: Sel,
    fmt: Fmt = ExportFormat.json,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=100000,
            description="JSON only: nodes per page (highest degree first, each with its outgoing edges); "
            "exports are never cut",
        ),
    ] = GRAPH_PAGE,
    offset: Annotated[
        int, Query(ge=0, description="JSON only: the page starting at this node (`next_offset` of the previous page)")
    ] = 0,
) -> Response:
    paged = fmt == ExportFormat.json
    return await answer(sel, "whole_graph", (limit, offset) if paged else (None, 0), fmt)


# ---------------------------------------------------------------------------------------------- neighbourhood, closure


@router.get(
    "/neighbourhood",
    responses=responses(ANSWERS, 400, 404, *POOL_STATUSES),
    summary="Nodes within `radius` edges of a node (either direction), for drawing",
)
async def neighbourhood(
    sel: Sel,
    iri: Annotated[str, Query(description="node IRI")],
    radius: Annotated[int, Query(ge=0, le=6, description="edges away from the node")] = 1,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_NODES,
            description="at most this many nodes (nearest first, then by degree); the total is stated",
        ),
    ] = 300,
    fmt: Fmt = ExportFormat.json,
) -> Response:
    return await answer(sel, "neighbourhood", (iri, radius, limit), fmt)


@router.get(
    "/closure",
    responses=responses(ANSWERS, 400, 404, *POOL_STATUSES),
    summary="Upstream (what the node needs) or downstream (what needs it) closure",
)
async def closure(
    sel: Sel,
    iri: Annotated[str, Query(description="node IRI")],
    direction: Annotated[
        Direction,
        Query(
            description="`upstream`: follow edges (depends on, part of, funded by "
            "…); `downstream`: against them (what is affected)"
        ),
    ] = Direction.upstream,
    max_depth: Annotated[int | None, Query(ge=1, le=50, description="stop after this many steps")] = None,
    limit: Annotated[
        int,
        Query(
            ge=1, le=MAX_NODES, description="at most this many nodes in the answer (nearest first); the total is stated"
        ),
    ] = 1000,
    fmt: Fmt = ExportFormat.json,
) -> Response:
    return await answer(sel, "closure", (iri, direction.value, max_depth, limit), fmt)


# ---------------------------------------------------------------------------------------------- paths


@router.get(
    "/path",
    responses=responses(ANSWERS, 400, 404, *POOL_STATUSES),
    summary="Shortest path or all simple paths (bounded) between two nodes",
)
async def path(
    sel: Sel,
    source: Annotated[str, Query(alias="from", description="IRI of the first node")],
    target: Annotated[str, Query(alias="to", description="IRI of the second node")],
    directed: Annotated[
        bool, Query(description="follow edges only in their direction (default: either direction, i.e. any connection)")
    ] = False,
    all_paths: Annotated[
        bool, Query(alias="all", description="all simple paths up to `cutoff` edges instead of the shortest ones")
    ] = False,
    cutoff: Annotated[int, Query(ge=1, le=8, description="longest path (edges) for all=true")] = 4,
    limit: Annotated[int, Query(ge=1, le=500, description="at most this many paths")] = 20,
    fmt: Fmt = ExportFormat.json,
) -> Response:
    return await answer(sel, "paths", (source, target, directed, all_paths, cutoff, limit), fmt)


# ---------------------------------------------------------------------------------------------- structure


@router.get(
    "/cycles",
    responses=responses(ANSWERS, 400, *POOL_STATUSES),
    summary="Directed cycles (symmetric relations left out unless asked)",
)
async def cycles(
    sel: Sel,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many cycles")] = 100,
    max_length: Annotated[int | None, Query(ge=2, le=20, description="longest cycle to look for")] = 8,
    include_symmetric: Annotated[bool, Query(description="also cycles through symmetric relations")] = False,
    fmt: Fmt = ExportFormat.json,
) -> Response:
    return await answer(sel, "cycles", (limit, max_length, include_symmetric), fmt)


@router.get(
    "/roots-leaves",
    responses=responses(ANSWERS, 400, *POOL_STATUSES),
    summary="Roots (no outgoing edge: need nothing) and leaves (no incoming edge)",
)
async def roots_leaves(
    sel: Sel,
    limit: Annotated[int, Query(ge=1, le=MAX_NODES, description="at most this many of each")] = 500,
    fmt: Fmt = ExportFormat.json,
) -> Response:
    return await answer(sel, "roots_leaves", (limit,), fmt)


@router.get(
    "/components",
    responses=responses(ANSWERS, 400, *POOL_STATUSES),
    summary="Connected components (weak by default), largest first",
)
async def components(
    sel: Sel,
    strong: Annotated[bool, Query(description="strongly connected components")] = False,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many components")] = 50,
    members: Annotated[int, Query(ge=0, le=MAX_NODES, description="list at most this many members each")] = 50,
    offset: Annotated[int, Query(ge=0, description="the page starting at this component (`next_offset`)")] = 0,
    fmt: Fmt = ExportFormat.json,
) -> Response:
    return await answer(sel, "components", (strong, limit, members, offset), fmt)


@router.get(
    "/centrality",
    responses=responses(ANSWERS, 400, *POOL_STATUSES),
    summary="Degree or betweenness ranking (bottlenecks)",
)
async def centrality(
    sel: Sel,
    measure: Annotated[
        Measure, Query(description="degree (distinct neighbours), in-degree, out-degree, or betweenness (normalised)")
    ] = Measure.betweenness,
    top: Annotated[int, Query(ge=1, le=MAX_NODES, description="the top N nodes")] = 20,
    directed: Annotated[bool, Query(description="betweenness along edge directions only")] = False,
    kind: Annotated[
        list[str] | None,
        Query(
            alias="rank_kind", description="rank only nodes of these kinds (all nodes still count as paths); repeatable"
        ),
    ] = None,
    fmt: Fmt = ExportFormat.json,
) -> Response:
    return await answer(sel, "centrality", (measure.value, top, directed, kind), fmt)


# ---------------------------------------------------------------------------------------------- dates


@router.get(
    "/critical-path",
    responses=responses(ANSWERS, 400, 409, *POOL_STATUSES),
    summary="The longest dated chain of precedence relations (see DEPENDENCIES.md)",
)
async def critical_path(sel: Sel, fmt: Fmt = ExportFormat.json) -> Response:
    return await answer(sel, "critical_path", (), fmt)


@router.get(
    "/slip",
    responses=responses(ANSWERS, 400, 404, 409, *POOL_STATUSES),
    summary='Impact of "this node slips by N months": which dated successors move, by how much',
)
async def slip(
    sel: Sel,
    iri: Annotated[str, Query(description="the node that slips")],
    months: Annotated[int, Query(ge=0, le=240, description="how many calendar months later it ends")] = 3,
    fmt: Fmt = ExportFormat.json,
) -> Response:
    return await answer(sel, "slip", (iri, months), fmt)


# ---------------------------------------------------------------------------------------------- the page


#: the analyses the page offers (``static/deps.js`` draws each; the labels are ``explorer_mode_*`` in ui.json)
PAGE_MODES = ("neighbourhood", "upstream", "downstream", "path", "critical-path", "slip", "centrality")


@router.get("", response_class=HTMLResponse, include_in_schema=False)
@router.get("/", response_class=HTMLResponse, summary="The interactive dependency explorer (HTML)")
def page(
    request: Request,
    templates: Jinja2Templates = Depends(get_templates),
    lang: Lang | None = Query(None, description="Language of the page (default: by Accept-Language, else de)"),
):
    """The explorer in the site's frame; its strings (``explorer_*``, ``kind_*``) go to the script as JSON."""
    language = ui_lang(request)
    values = page_values(request, language)
    root = values["root"].rstrip("/")
    script = {
        "lang": language,
        "api": f"{root}/deps",
        "root": root,
        "strings": script_strings(language, "explorer_"),
        "kinds": script_strings(language, "kind_"),
        "exports": [f.value for f in ExportFormat if f != ExportFormat.json],
    }
    return templates.TemplateResponse(
        request,
        "deps.html",
        {
            **values,
            "title": values["t"]["deps"],
            "presets": PRESET_DESCRIPTIONS,
            "modes": PAGE_MODES,
            "measures": [m.value for m in Measure],
            "page_config": script,
        },
    )
