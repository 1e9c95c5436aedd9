"""Dependency-graph endpoints (``/deps/...``) and the interactive page (``/deps``).

Every analysis answers JSON with IRIs and labels; every analysis that yields a set of nodes can instead be
exported (``format=graphml|gexf|dot|cytoscape|turtle|trig``) as the subgraph it describes. The projection
is built by SPARQL from the published store and cached per build (``graph.dependencies``); the analyses are
``graph.dependency_analysis``. Semantics: ``graph/DEPENDENCIES.md``.

Wiring (in ``api/app.py:create_app``)::

    from modgraph.web import deps as dependencies
    app.include_router(dependencies.router)

The service reads ``app.state.resources.settings`` (or ``app.state.settings``, else the environment).
"""

from __future__ import annotations

import threading
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import networkx as nx
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from modgraph.deps import analysis as da
from modgraph.deps import export as gx
from modgraph.deps.projection import (
    PRESET_DESCRIPTIONS,
    PRESETS,
    RELATIONS,
    DependencyService,
    Projection,
    UnknownRelation,
    edge_json,
    node_json,
)
from modgraph.settings import Settings
from modgraph.store.builds import StoreError

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(prefix="/deps", tags=["Dependencies"])

MAX_NODES = 5000
_service_lock = threading.Lock()


class ExportFormat(str, Enum):
    json = "json"
    graphml = "graphml"
    gexf = "gexf"
    dot = "dot"
    cytoscape = "cytoscape"
    turtle = "turtle"
    trig = "trig"


class Direction(str, Enum):
    upstream = "upstream"
    downstream = "downstream"


class Measure(str, Enum):
    degree = "degree"
    in_degree = "in-degree"
    out_degree = "out-degree"
    betweenness = "betweenness"


def get_service(request: Request) -> DependencyService:
    state = request.app.state
    with _service_lock:
        svc = getattr(state, "deps_service", None)
        if svc is None:
            settings = getattr(getattr(state, "resources", None), "settings", None) or getattr(state, "settings", None)
            svc = state.deps_service = DependencyService(settings or Settings.load())
    return svc


def _error(status: int, code: str, message: str) -> HTTPException:
    return HTTPException(status, detail={"error": code, "message": message})


class Scope:
    """The common filter parameters: which relations, documents, programmes and node kinds."""

    def __init__(
        self,
        relations: Annotated[str, Query(description="Comma-separated preset names and/or relation keys. Presets: "
                                        + "; ".join(f"`{k}`: {v}" for k, v in PRESET_DESCRIPTIONS.items())
                                        + ". Relation keys: " + ", ".join(f"`{k}`" for k in RELATIONS))] = "all",
        document: Annotated[list[str] | None, Query(description="Keep only edges stated in these source documents "
                                                    "(document ids, e.g. `zov-2017`); repeatable")] = None,
        programme: Annotated[list[str] | None, Query(description="Keep only edges with at least one end in one of these "
                                                     "programmes (programme IRIs); repeatable")] = None,
        kind: Annotated[list[str] | None, Query(description="Keep only nodes of these kinds (measure, field, goal, "
                                                "programme, organisation, decision, fund, document, place …); repeatable")] = None,
    ):
        self.relations, self.documents, self.programmes, self.kinds = relations, document, programme, kind

    def key(self) -> tuple:
        return (self.relations, tuple(self.documents or ()), tuple(self.programmes or ()), tuple(self.kinds or ()))


class Context:
    def __init__(self, projection: Projection, view: nx.MultiDiGraph, scope: Scope):
        self.projection, self.view, self.scope = projection, view, scope

    def node(self, iri: str, **extra) -> dict:
        g = self.view if iri in self.view else self.projection.graph
        if iri not in g:
            return {"iri": iri, "label": iri, **extra}
        return {**node_json(g, iri), **extra}

    def require(self, iri: str, name: str = "iri") -> str:
        if iri not in self.view:
            where = "in the projection" if iri in self.projection.graph else "at all"
            hint = " with these filters" if iri in self.projection.graph else ""
            raise _error(404, "unknown-node", f"{name}: {iri} has no edge{hint} ({'not ' if where == 'at all' else ''}"
                         f"known {where})")
        return iri


_view_cache: dict[tuple, nx.MultiDiGraph] = {}
_analysis_cache: dict[tuple, Any] = {}


def context(scope: Annotated[Scope, Depends()], svc: Annotated[DependencyService, Depends(get_service)]) -> Context:
    try:
        projection = svc.projection()
    except StoreError as exc:
        raise _error(503, "no-build", str(exc))
    key = (projection.build_id,) + scope.key()
    view = _view_cache.get(key)
    if view is None:
        try:
            view = projection.view(scope.relations, scope.documents, scope.programmes, scope.kinds)
        except UnknownRelation as exc:
            raise _error(400, "bad-parameter", str(exc))
        if len(_view_cache) > 64:
            _view_cache.clear()
        _view_cache[key] = view
    return Context(projection, view, scope)


Ctx = Annotated[Context, Depends(context)]
Fmt = Annotated[ExportFormat, Query(alias="format", description="`json` (default) or an export of the result's "
                                    "subgraph: graphml, gexf, dot, cytoscape (Cytoscape.js JSON), turtle, trig")]


def _cached(ctx: Context, name: str, fn, *args):
    key = (ctx.projection.build_id, ctx.scope.key(), name, args)
    if key not in _analysis_cache:
        if len(_analysis_cache) > 256:
            _analysis_cache.clear()
        _analysis_cache[key] = fn(*args)
    return _analysis_cache[key]


def _subgraph(ctx: Context, nodes, node_extra: dict[str, dict] | None = None, edges=None) -> nx.MultiDiGraph:
    """The result as a graph: the given nodes with the view's edges among them (or exactly ``edges``)."""
    nodes = list(dict.fromkeys(nodes))
    if edges is None:
        sub = ctx.view.subgraph(nodes).copy()
    else:
        sub = nx.MultiDiGraph(**ctx.view.graph)
        for n in nodes:
            sub.add_node(n, **ctx.view.nodes[n])
        for u, v, k in edges:
            sub.add_edge(u, v, key=k, **ctx.view.edges[u, v, k])
    for n, extra in (node_extra or {}).items():
        if n in sub:
            sub.nodes[n].update(extra)
    return sub


def _respond(ctx: Context, fmt: ExportFormat, body: dict, sub: nx.MultiDiGraph | None, name: str) -> Response:
    if fmt != ExportFormat.json:
        if sub is None:
            raise _error(400, "bad-parameter", "this result has no graph to export; use format=json")
        data, media = gx.export(sub, fmt.value)
        ext = gx.FORMATS[fmt.value][1]
        return Response(data, media_type=media, headers={"Content-Disposition": f'inline; filename="{name}.{ext}"'})
    payload = {"build": ctx.projection.build_id, "relations": sorted(ctx.view.graph.get("relations", [])), **body}
    if sub is not None and "nodes" not in body:
        payload["nodes"] = [ctx.node(n, **{k: v for k, v in sub.nodes[n].items() if k in _EXTRA}) for n in sub]
    if sub is not None and "edges" not in body:
        payload["edges"] = [edge_json(u, v, k, d) for u, v, k, d in sub.edges(keys=True, data=True)]
    return JSONResponse(jsonable_encoder(payload))


_EXTRA = {"depth", "score", "shift_days", "new_end", "role"}


def _limit_by_depth(ctx: Context, depths: dict[str, int], limit: int) -> tuple[list[str], bool]:
    """At most ``limit`` nodes: nearest first, then highest degree, then IRI."""
    order = sorted(depths, key=lambda n: (depths[n], -ctx.view.degree(n), n))
    return order[:limit], len(order) > limit


# ---------------------------------------------------------------------------------------------- meta

@router.get("/relations", summary="Relation types, presets, documents, programmes and node kinds of the projection")
def relations(svc: Annotated[DependencyService, Depends(get_service)]) -> dict:
    try:
        p = svc.projection()
    except StoreError as exc:
        raise _error(503, "no-build", str(exc))
    g = p.graph
    counts: dict[str, int] = {}
    for _, _, d in g.edges(data=True):
        counts[d["relation"]] = counts.get(d["relation"], 0) + 1
    kinds: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    return {
        "build": p.build_id,
        "relations": [{"key": r.key, "predicate": r.predicate, "label": r.label, "groups": list(r.groups),
                       "symmetric": r.symmetric, "reversed": r.reverse, "precedence": r.precedence,
                       "edges": counts.get(r.key, 0)} for r in RELATIONS.values()],
        "presets": {k: {"relations": list(v), "description": PRESET_DESCRIPTIONS.get(k, "")} for k, v in PRESETS.items()},
        "documents": [{"id": d, "label": label} for d, label in p.documents.items()],
        "programmes": [{"iri": n, "label": label} for n, label in p.programmes()],
        "kinds": dict(sorted(kinds.items())),
        "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
    }


@router.get("/search", summary="Find nodes by part of their label, English label, notation or IRI")
def search(svc: Annotated[DependencyService, Depends(get_service)],
           q: Annotated[str, Query(min_length=1, max_length=200, description="text to look for (case-insensitive)")],
           limit: Annotated[int, Query(ge=1, le=100, description="at most this many hits")] = 20,
           kind: Annotated[list[str] | None, Query(description="only these node kinds; repeatable")] = None) -> dict:
    try:
        p = svc.projection()
    except StoreError as exc:
        raise _error(503, "no-build", str(exc))
    hits = p.search(q, limit=limit, kinds=kind)
    for h in hits:
        h["degree"] = p.graph.degree(h["iri"])
    return {"build": p.build_id, "q": q, "hits": hits}


@router.get("/node", summary="One node: attributes and its edges (in the filtered projection)")
def node(ctx: Ctx, iri: Annotated[str, Query(description="node IRI")]) -> dict:
    ctx.require(iri)
    g = ctx.view
    return {"build": ctx.projection.build_id, "node": ctx.node(iri),
            "out": [edge_json(u, v, k, d) for u, v, k, d in g.out_edges(iri, keys=True, data=True)],
            "in": [edge_json(u, v, k, d) for u, v, k, d in g.in_edges(iri, keys=True, data=True)]}


@router.get("/graph", summary="The whole (filtered) projection, as JSON or an export")
def whole_graph(ctx: Ctx, fmt: Fmt = ExportFormat.json,
                limit: Annotated[int, Query(ge=1, le=100000, description="JSON only: at most this many nodes "
                                            "(highest degree first); exports are never cut")] = 100000) -> Response:
    g = ctx.view
    if fmt == ExportFormat.json and g.number_of_nodes() > limit:
        keep = sorted(g, key=lambda n: (-g.degree(n), n))[:limit]
        return _respond(ctx, fmt, {"total_nodes": g.number_of_nodes(), "truncated": True}, _subgraph(ctx, keep), "graph")
    return _respond(ctx, fmt, {"total_nodes": g.number_of_nodes(), "truncated": False}, g, "graph")


# ---------------------------------------------------------------------------------------------- neighbourhood, closure

@router.get("/neighbourhood", summary="Nodes within `radius` edges of a node (either direction), for drawing")
def neighbourhood(ctx: Ctx, iri: Annotated[str, Query(description="node IRI")],
                  radius: Annotated[int, Query(ge=0, le=6, description="edges away from the node")] = 1,
                  limit: Annotated[int, Query(ge=1, le=MAX_NODES, description="at most this many nodes (nearest "
                                              "first, then by degree); the total is stated")] = 300,
                  fmt: Fmt = ExportFormat.json) -> Response:
    ctx.require(iri)
    depths = da.neighbourhood(ctx.view, iri, radius)
    keep, truncated = _limit_by_depth(ctx, depths, limit)
    sub = _subgraph(ctx, keep, {n: {"depth": depths[n]} for n in keep})
    return _respond(ctx, fmt, {"center": ctx.node(iri), "radius": radius, "total_nodes": len(depths),
                               "drawn_nodes": len(keep), "truncated": truncated}, sub, "neighbourhood")


@router.get("/closure", summary="Upstream (what the node needs) or downstream (what needs it) closure")
def closure(ctx: Ctx, iri: Annotated[str, Query(description="node IRI")],
            direction: Annotated[Direction, Query(description="`upstream`: follow edges (depends on, part of, funded by "
                                                  "…); `downstream`: against them (what is affected)")] = Direction.upstream,
            max_depth: Annotated[int | None, Query(ge=1, le=50, description="stop after this many steps")] = None,
            limit: Annotated[int, Query(ge=1, le=MAX_NODES, description="at most this many nodes in the answer "
                                        "(nearest first); the total is stated")] = 1000,
            fmt: Fmt = ExportFormat.json) -> Response:
    ctx.require(iri)
    depths = da.closure(ctx.view, iri, direction.value, max_depth)
    depths_all = {iri: 0, **depths}
    keep, truncated = _limit_by_depth(ctx, depths_all, limit + 1)
    sub = _subgraph(ctx, keep, {n: {"depth": depths_all[n]} for n in keep})
    return _respond(ctx, fmt, {"center": ctx.node(iri), "direction": direction.value, "total": len(depths),
                               "truncated": truncated,
                               "closure": [ctx.node(n, depth=depths[n]) for n in keep if n != iri]}, sub,
                    f"closure-{direction.value}")


# ---------------------------------------------------------------------------------------------- paths

@router.get("/path", summary="Shortest path or all simple paths (bounded) between two nodes")
def path(ctx: Ctx,
         source: Annotated[str, Query(alias="from", description="IRI of the first node")],
         target: Annotated[str, Query(alias="to", description="IRI of the second node")],
         directed: Annotated[bool, Query(description="follow edges only in their direction (default: either "
                                         "direction, i.e. any connection)")] = False,
         all_paths: Annotated[bool, Query(alias="all", description="all simple paths up to `cutoff` edges instead "
                                          "of the shortest ones")] = False,
         cutoff: Annotated[int, Query(ge=1, le=8, description="longest path (edges) for all=true")] = 4,
         limit: Annotated[int, Query(ge=1, le=500, description="at most this many paths")] = 20,
         fmt: Fmt = ExportFormat.json) -> Response:
    ctx.require(source, "from")
    ctx.require(target, "to")
    if all_paths:
        paths, truncated = da.simple_paths(ctx.view, source, target, cutoff=cutoff, limit=limit, directed=directed)
    else:
        paths = da.all_shortest_paths(ctx.view, source, target, directed=directed, limit=limit + 1)
        truncated = len(paths) > limit
        paths = paths[:limit]
    nodes, edges = [], []
    out = []
    for p in paths:
        steps = da.path_edges(ctx.view, p)
        out.append({"nodes": [ctx.node(n) for n in p], "length": len(p) - 1, "edges": [
            {**edge_json(e["source"], e["target"], e["key"], ctx.view.edges[e["source"], e["target"], e["key"]]),
             "forward": e["forward"]} for e in steps]})
        nodes.extend(p)
        edges.extend((e["source"], e["target"], e["key"]) for e in steps)
    sub = _subgraph(ctx, nodes, edges=list(dict.fromkeys(edges)))
    return _respond(ctx, fmt, {"from": ctx.node(source), "to": ctx.node(target), "directed": directed,
                               "paths": out, "count": len(out), "truncated": truncated}, sub, "paths")


# ---------------------------------------------------------------------------------------------- structure

@router.get("/cycles", summary="Directed cycles (symmetric relations left out unless asked)")
def cycles(ctx: Ctx, limit: Annotated[int, Query(ge=1, le=1000, description="at most this many cycles")] = 100,
           max_length: Annotated[int | None, Query(ge=2, le=20, description="longest cycle to look for")] = 8,
           include_symmetric: Annotated[bool, Query(description="also cycles through symmetric relations")] = False,
           fmt: Fmt = ExportFormat.json) -> Response:
    found, truncated = _cached(ctx, "cycles", da.cycles, ctx.view, limit, max_length, include_symmetric)
    sub = _subgraph(ctx, [n for c in found for n in c])
    return _respond(ctx, fmt, {"cycles": [[ctx.node(n) for n in c] for c in found], "count": len(found),
                               "truncated": truncated}, sub, "cycles")


@router.get("/roots-leaves", summary="Roots (no outgoing edge: need nothing) and leaves (no incoming edge)")
def roots_leaves(ctx: Ctx, limit: Annotated[int, Query(ge=1, le=MAX_NODES, description="at most this many of each")] = 500,
                 fmt: Fmt = ExportFormat.json) -> Response:
    roots, leaves = da.roots_and_leaves(ctx.view)
    sub = _subgraph(ctx, roots[:limit] + leaves[:limit],
                    {**{n: {"role": "leaf"} for n in leaves[:limit]}, **{n: {"role": "root"} for n in roots[:limit]}})
    return _respond(ctx, fmt, {"roots": [ctx.node(n) for n in roots[:limit]], "leaves": [ctx.node(n) for n in leaves[:limit]],
                               "root_count": len(roots), "leaf_count": len(leaves)}, sub, "roots-leaves")


@router.get("/components", summary="Connected components (weak by default), largest first")
def components(ctx: Ctx, strong: Annotated[bool, Query(description="strongly connected components")] = False,
               limit: Annotated[int, Query(ge=1, le=1000, description="at most this many components")] = 50,
               members: Annotated[int, Query(ge=0, le=MAX_NODES, description="list at most this many members each")] = 50,
               fmt: Fmt = ExportFormat.json) -> Response:
    comps = _cached(ctx, "components", da.components, ctx.view, strong)
    shown = comps[:limit]
    sub = _subgraph(ctx, [n for c in shown for n in c])
    return _respond(ctx, fmt, {"count": len(comps), "components": [
        {"size": len(c), "members": [ctx.node(n) for n in c[:members]]} for c in shown]}, sub, "components")


@router.get("/centrality", summary="Degree or betweenness ranking (bottlenecks)")
def centrality(ctx: Ctx, measure: Annotated[Measure, Query(description="degree (distinct neighbours), in-degree, "
                                                           "out-degree, or betweenness (normalised)")] = Measure.betweenness,
               top: Annotated[int, Query(ge=1, le=MAX_NODES, description="the top N nodes")] = 20,
               directed: Annotated[bool, Query(description="betweenness along edge directions only")] = False,
               kind: Annotated[list[str] | None, Query(alias="rank_kind", description="rank only nodes of these kinds "
                                                       "(all nodes still count as paths); repeatable")] = None,
               fmt: Fmt = ExportFormat.json) -> Response:
    scores = _cached(ctx, "centrality", da.centrality, ctx.view, measure.value, directed)
    if kind:
        scores = {n: s for n, s in scores.items() if ctx.view.nodes[n].get("kind") in set(kind)}
    ranked = da.ranking(scores, top, ctx.view)
    sub = _subgraph(ctx, [n for n, _ in ranked], {n: {"score": s} for n, s in ranked})
    approximate = measure == Measure.betweenness and ctx.view.number_of_nodes() > da.EXACT_BETWEENNESS_UP_TO
    return _respond(ctx, fmt, {"measure": measure.value, "directed": directed, "nodes_scored": len(scores),
                               "approximate": approximate,
                               "ranking": [ctx.node(n, score=round(s, 6)) for n, s in ranked]}, sub,
                    f"centrality-{measure.value}")


# ---------------------------------------------------------------------------------------------- dates

@router.get("/critical-path", summary="The longest dated chain of precedence relations (see DEPENDENCIES.md)")
def critical_path(ctx: Ctx, fmt: Fmt = ExportFormat.json) -> Response:
    try:
        cp = _cached(ctx, "critical-path", da.critical_path, ctx.view)
    except da.CycleError as exc:
        raise _error(409, "cycle", str(exc))
    if cp is None:
        return _respond(ctx, fmt, {"critical_path": None, "message": "no precedence edge between dated nodes"},
                        _subgraph(ctx, []), "critical-path")
    nodes = list(cp.nodes)
    for s in cp.steps:
        nodes.extend(s["via"])
    sub = _subgraph(ctx, nodes)
    return _respond(ctx, fmt, {"critical_path": {
        "nodes": [ctx.node(n) for n in cp.nodes], "span_days": cp.span_days,
        "start": cp.start.isoformat() if cp.start else None, "end": cp.end.isoformat() if cp.end else None,
        "steps": [{"prerequisite": ctx.node(s["prerequisite"]), "dependent": ctx.node(s["dependent"]),
                   "via": [ctx.node(n) for n in s["via"]], "gap_days": s["gap_days"]} for s in cp.steps]}},
        sub, "critical-path")


def _impact_json(ctx: Context, i: da.Impact) -> dict:
    return ctx.node(i.node, shift_days=i.shift_days, dated=i.dated,
                    old_end=i.old_end.isoformat() if i.old_end else None,
                    new_end=i.new_end.isoformat() if i.new_end else None,
                    driver=i.driver, slack_days=i.slack_days, depth=i.depth)


@router.get("/slip", summary="Impact of \"this node slips by N months\": which dated successors move, by how much")
def slip(ctx: Ctx, iri: Annotated[str, Query(description="the node that slips")],
         months: Annotated[int, Query(ge=0, le=240, description="how many calendar months later it ends")] = 3,
         fmt: Fmt = ExportFormat.json) -> Response:
    ctx.require(iri)
    try:
        moved, absorbed = da.slip_impact(ctx.view, iri, months)
    except da.CycleError as exc:
        raise _error(409, "cycle", str(exc))
    sub = _subgraph(ctx, [i.node for i in moved + absorbed],
                    {i.node: {"shift_days": i.shift_days, "new_end": i.new_end.isoformat() if i.new_end else None} for i in moved + absorbed})
    return _respond(ctx, fmt, {"node": ctx.node(iri), "months": months,
                               "moved": [_impact_json(ctx, i) for i in moved],
                               "absorbed": [_impact_json(ctx, i) for i in absorbed]}, sub, "slip")


# ---------------------------------------------------------------------------------------------- the page

@router.get("", response_class=HTMLResponse, include_in_schema=False)
@router.get("/", response_class=HTMLResponse, summary="The interactive dependency explorer (HTML)")
def page(request: Request):
    root = request.scope.get("root_path", "").rstrip("/")
    return TEMPLATES.TemplateResponse(request, "deps.html", {"presets": PRESET_DESCRIPTIONS, "relations": RELATIONS,
                                                             "api": f"{root}/deps", "root": root})
