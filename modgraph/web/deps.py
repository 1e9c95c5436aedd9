"""Dependency-graph endpoints (``/deps/...``) and the interactive page (``/deps``).

Every analysis answers the dict of its serializer in ``modgraph.deps.results`` as JSON (the same dict
``modgraph deps … --format json`` prints); every analysis that yields a set of nodes can instead be exported
(``format=graphml|gexf|dot|cytoscape|turtle|trig``) as the subgraph it describes. Errors answer the app's
error body ``{"error": code, "message": …}`` (``ApiError``). The projection is built by SPARQL from the
published store and cached per build, with the views of the questions and their costly analyses, by the
``DependencyService`` that ``create_app`` puts into ``app.state.deps_service``.
Semantics: ``modgraph/deps/README.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from modgraph.deps import analysis as da
from modgraph.deps import export as gx
from modgraph.deps import results
from modgraph.deps.projection import DependencyService, Projection
from modgraph.deps.results import Result, Selection, UnknownNode
from modgraph.relations import PRESET_DESCRIPTIONS, RELATIONS, UnknownRelation
from modgraph.store.builds import StoreError
from modgraph.web.http import ApiError
from modgraph.web.responses import responses

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
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


def deps_service(request: Request) -> DependencyService:
    """The application's dependency service (set by ``create_app``)."""
    return request.app.state.deps_service


Service = Annotated[DependencyService, Depends(deps_service)]


@contextmanager
def api_errors() -> Iterator[None]:
    """Answer the errors of the dependency layer as ``ApiError``.

    :raises ApiError: 503 no build, 400 bad parameter, 404 unknown node, 409 cycle.
    """
    try:
        yield
    except StoreError as exc:
        raise ApiError(503, "no-build", str(exc)) from None
    except UnknownRelation as exc:
        raise ApiError(400, "bad-parameter", str(exc)) from None
    except UnknownNode as exc:
        raise ApiError(404, "unknown-node", str(exc)) from None
    except da.CycleError as exc:
        raise ApiError(409, "cycle", str(exc)) from None
    except da.AnalysisError as exc:
        raise ApiError(400, "bad-parameter", str(exc)) from None


def published(svc: Service) -> Projection:
    """The projection of the published build.

    :raises ApiError: 503 when nothing is published.
    """
    with api_errors():
        return svc.projection()


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


def selection(scope: Annotated[Scope, Depends()], svc: Service) -> Selection:
    """The question's view of the published projection (the service keeps views and their analyses per build).

    :raises ApiError: 503 when nothing is published, 400 for an unknown relation or preset.
    """
    with api_errors():
        return Selection(*svc.view(scope.relations, scope.documents, scope.programmes, scope.kinds))


Sel = Annotated[Selection, Depends(selection)]
Fmt = Annotated[
    ExportFormat,
    Query(
        alias="format",
        description="`json` (default) or an export of the result's "
        "subgraph: graphml, gexf, dot, cytoscape (Cytoscape.js JSON), turtle, trig",
    ),
]


def answer(compute, fmt: ExportFormat = ExportFormat.json) -> Response:
    """Run a serializer (``compute() -> Result``) and answer its body as JSON, or its subgraph as an export.

    :raises ApiError: an error of the analysis, or an export of a result without a graph.
    """
    with api_errors():
        result: Result = compute()
    if fmt == ExportFormat.json:
        return JSONResponse(result.body)
    if result.graph is None:
        raise ApiError(400, "bad-parameter", "this result has no graph to export; use format=json")
    data, media = gx.export(result.graph, fmt.value)
    ext = gx.FORMATS[fmt.value][1]
    return Response(data, media_type=media, headers={"Content-Disposition": f'inline; filename="{result.name}.{ext}"'})


# ---------------------------------------------------------------------------------------------- meta


@router.get(
    "/relations",
    responses=responses(["application/json"], 503),
    summary="Relation types, presets, documents, programmes and node kinds of the projection",
)
def relations(projection: Annotated[Projection, Depends(published)]) -> Response:
    return answer(lambda: results.relations_overview(projection))


@router.get(
    "/search",
    responses=responses(["application/json"], 400, 503),
    summary="Find nodes by part of their label, English label, notation or IRI",
)
def search(
    projection: Annotated[Projection, Depends(published)],
    q: Annotated[str, Query(min_length=1, max_length=200, description="text to look for (case-insensitive)")],
    limit: Annotated[int, Query(ge=1, le=100, description="at most this many hits")] = 20,
    kind: Annotated[list[str] | None, Query(description="only these node kinds; repeatable")] = None,
) -> Response:
    return answer(lambda: results.search(projection, q, limit, kind))


@router.get(
    "/node",
    responses=responses(["application/json"], 400, 404, 503),
    summary="One node: attributes and its edges (in the filtered projection)",
)
def node(sel: Sel, iri: Annotated[str, Query(description="node IRI")]) -> Response:
    return answer(lambda: results.node_edges(sel, iri))


@router.get(
    "/graph", responses=responses(ANSWERS, 400, 503), summary="The whole (filtered) projection, as JSON or an export"
)
def whole_graph(
    sel: Sel,
    fmt: Fmt = ExportFormat.json,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=100000,
            description="JSON only: at most this many nodes (highest degree first); exports are never cut",
        ),
    ] = 100000,
) -> Response:
    return answer(lambda: results.whole_graph(sel, limit if fmt == ExportFormat.json else None), fmt)


# ---------------------------------------------------------------------------------------------- neighbourhood, closure


@router.get(
    "/neighbourhood",
    responses=responses(ANSWERS, 400, 404, 503),
    summary="Nodes within `radius` edges of a node (either direction), for drawing",
)
def neighbourhood(
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
    return answer(lambda: results.neighbourhood(sel, iri, radius, limit), fmt)


@router.get(
    "/closure",
    responses=responses(ANSWERS, 400, 404, 503),
    summary="Upstream (what the node needs) or downstream (what needs it) closure",
)
def closure(
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
    return answer(lambda: results.closure(sel, iri, direction.value, max_depth, limit), fmt)


# ---------------------------------------------------------------------------------------------- paths


@router.get(
    "/path",
    responses=responses(ANSWERS, 400, 404, 503),
    summary="Shortest path or all simple paths (bounded) between two nodes",
)
def path(
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
    return answer(lambda: results.paths(sel, source, target, directed, all_paths, cutoff, limit), fmt)


# ---------------------------------------------------------------------------------------------- structure


@router.get(
    "/cycles",
    responses=responses(ANSWERS, 400, 503),
    summary="Directed cycles (symmetric relations left out unless asked)",
)
def cycles(
    sel: Sel,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many cycles")] = 100,
    max_length: Annotated[int | None, Query(ge=2, le=20, description="longest cycle to look for")] = 8,
    include_symmetric: Annotated[bool, Query(description="also cycles through symmetric relations")] = False,
    fmt: Fmt = ExportFormat.json,
) -> Response:
    return answer(lambda: results.cycles(sel, limit, max_length, include_symmetric), fmt)


@router.get(
    "/roots-leaves",
    responses=responses(ANSWERS, 400, 503),
    summary="Roots (no outgoing edge: need nothing) and leaves (no incoming edge)",
)
def roots_leaves(
    sel: Sel,
    limit: Annotated[int, Query(ge=1, le=MAX_NODES, description="at most this many of each")] = 500,
    fmt: Fmt = ExportFormat.json,
) -> Response:
    return answer(lambda: results.roots_leaves(sel, limit), fmt)


@router.get(
    "/components",
    responses=responses(ANSWERS, 400, 503),
    summary="Connected components (weak by default), largest first",
)
def components(
    sel: Sel,
    strong: Annotated[bool, Query(description="strongly connected components")] = False,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many components")] = 50,
    members: Annotated[int, Query(ge=0, le=MAX_NODES, description="list at most this many members each")] = 50,
    fmt: Fmt = ExportFormat.json,
) -> Response:
    return answer(lambda: results.components(sel, strong, limit, members), fmt)


@router.get(
    "/centrality", responses=responses(ANSWERS, 400, 503), summary="Degree or betweenness ranking (bottlenecks)"
)
def centrality(
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
    return answer(lambda: results.centrality(sel, measure.value, top, directed, kind), fmt)


# ---------------------------------------------------------------------------------------------- dates


@router.get(
    "/critical-path",
    responses=responses(ANSWERS, 400, 409, 503),
    summary="The longest dated chain of precedence relations (see DEPENDENCIES.md)",
)
def critical_path(sel: Sel, fmt: Fmt = ExportFormat.json) -> Response:
    return answer(lambda: results.critical_path(sel), fmt)


@router.get(
    "/slip",
    responses=responses(ANSWERS, 400, 404, 409, 503),
    summary='Impact of "this node slips by N months": which dated successors move, by how much',
)
def slip(
    sel: Sel,
    iri: Annotated[str, Query(description="the node that slips")],
    months: Annotated[int, Query(ge=0, le=240, description="how many calendar months later it ends")] = 3,
    fmt: Fmt = ExportFormat.json,
) -> Response:
    return answer(lambda: results.slip(sel, iri, months), fmt)


# ---------------------------------------------------------------------------------------------- the page


@router.get("", response_class=HTMLResponse, include_in_schema=False)
@router.get("/", response_class=HTMLResponse, summary="The interactive dependency explorer (HTML)")
def page(request: Request):
    root = request.scope.get("root_path", "").rstrip("/")
    return TEMPLATES.TemplateResponse(
        request,
        "deps.html",
        {"presets": PRESET_DESCRIPTIONS, "relations": RELATIONS, "api": f"{root}/deps", "root": root},
    )
