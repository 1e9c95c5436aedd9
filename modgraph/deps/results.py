"""The answers of the dependency analyses as plain dicts: one serializer per analysis, shared by the API
(``/deps/…`` answers the dict as JSON) and the CLI (``modgraph deps … --format json`` prints the same dict;
its table is rendered from it).

Every serializer takes a ``Selection`` (the projection and the filtered view of one question) and returns a
``Result``: ``body`` (JSON types only: str, int, float, bool, None, lists, dicts) and ``graph``, the subgraph
the result describes (for exports; ``None`` where there is none). Every body has the ``build`` it was computed
on. The bodies of the analyses over a view (``Selection.result``) also state the view's ``relations`` (keys) and
end with the ``nodes`` and ``edges`` of ``graph``; nodes are described by ``projection.node_json`` plus the
analysis' own figures (``depth``, ``score`` …).

Why this module is long: it is the one place where the JSON shape of every analysis is written (thirteen of
them); splitting it would put the shared shape rules (build, relations, nodes, edges) in several places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from modgraph.deps import analysis as da
from modgraph.deps import schedule
from modgraph.deps.projection import Projection, edge_json, node_json
from modgraph.iris import data_iri
from modgraph.relations import PRESET_DESCRIPTIONS, PRESETS, RELATIONS

#: node attributes of a result's subgraph that its ``nodes`` list repeats
NODE_FIGURES = ("depth", "score", "shift_days", "new_end", "role")


class UnknownNode(da.AnalysisError):
    """A node the question names has no edge in the filtered view."""

    def __init__(self, name: str, iri: str, known: bool):
        where = "with these filters (known in the projection)" if known else "(not known at all)"
        super().__init__(f"{name}: {iri} has no edge {where}")
        self.iri = iri


@dataclass
class Result:
    """One answer: the dict both API and CLI print, the subgraph to export, a file name stem for exports."""

    body: dict[str, Any]
    graph: nx.MultiDiGraph | None
    name: str


def node_iri(text: str, base: str) -> str:
    """A node given as a full IRI or as the part after ``{base}id/``.

    >>> node_iri("measure/zov-2017/3-2", "https://example.org/")
    'https://example.org/id/measure/zov-2017/3-2'
    >>> node_iri("https://example.org/id/x/y", "https://other.org/")
    'https://example.org/id/x/y'
    """
    if text.startswith(("http://", "https://")):
        return text
    return data_iri(base, *text.removeprefix("/").removeprefix("id/").split("/"))


class Selection:
    """The projection of one build and the view one question looks at."""

    def __init__(self, projection: Projection, view: nx.MultiDiGraph, cache: dict | None = None):
        """``cache`` (optional, owned by the caller) keeps the costly analyses of this view."""
        self.projection, self.view, self.cache = projection, view, cache

    @property
    def build_id(self) -> str:
        return self.projection.build_id

    def node(self, iri: str, **figures: Any) -> dict:
        """A node as JSON (from the view, else the whole projection, else just its IRI), with figures added."""
        g = self.view if iri in self.view else self.projection.graph
        if iri not in g:
            return {"iri": iri, "label": iri, **figures}
        return {**node_json(g, iri), **figures}

    def require(self, iri: str, name: str = "iri") -> str:
        """The IRI, if the node has an edge in the view.

        :raises UnknownNode: it has none (the message says whether it is known without the filters).
        """
        if iri not in self.view:
            raise UnknownNode(name, iri, iri in self.projection.graph)
        return iri

    def cached(self, name: str, fn: Callable, *args: Any) -> Any:
        """``fn(view, *args)``, remembered in the cache (if there is one) under (name, args)."""
        if self.cache is None:
            return fn(self.view, *args)
        key = (name, args)
        if key not in self.cache:
            self.cache[key] = fn(self.view, *args)
        return self.cache[key]

    def subgraph(
        self,
        nodes: Iterable[str],
        figures: dict[str, dict] | None = None,
        edges: Iterable[tuple[str, str, str]] | None = None,
    ) -> nx.MultiDiGraph:
        """The given nodes with the view's edges among them (or exactly ``edges``), figures added to nodes.

        Nodes and edges keep the view's order (``view.subgraph`` would iterate a set of the nodes when they are
        few: an order that changes with the process's hash seed, so the CLI and a web worker would differ).
        """
        nodes = list(dict.fromkeys(nodes))
        if edges is None:
            keep = set(nodes)
            sub = nx.MultiDiGraph(**self.view.graph)
            sub.add_nodes_from((n, d) for n, d in self.view.nodes(data=True) if n in keep)
            sub.add_edges_from(
                (u, v, k, d) for u, v, k, d in self.view.edges(keys=True, data=True) if u in keep and v in keep
            )
        else:
            sub = nx.MultiDiGraph(**self.view.graph)
            for n in nodes:
                sub.add_node(n, **self.view.nodes[n])
            for u, v, k in edges:
                sub.add_edge(u, v, key=k, **self.view.edges[u, v, k])
        for n, extra in (figures or {}).items():
            if n in sub:
                sub.nodes[n].update(extra)
        return sub

    def result(self, name: str, head: dict, sub: nx.MultiDiGraph | None) -> Result:
        """The body ``build, relations, **head, nodes, edges`` (nodes and edges of ``sub``, if any)."""
        body = {"build": self.build_id, "relations": sorted(self.view.graph.get("relations", [])), **head}
        if sub is not None:
            body["nodes"] = [self.node(n, **{k: v for k, v in sub.nodes[n].items() if k in NODE_FIGURES}) for n in sub]
            body["edges"] = [edge_json(u, v, k, d) for u, v, k, d in sub.edges(keys=True, data=True)]
        return Result(body, sub, name)

    def nearest(self, depths: dict[str, int], limit: int) -> tuple[list[str], bool]:
        """At most ``limit`` nodes: nearest first, then highest degree, then IRI. → (nodes, truncated)."""
        order = sorted(depths, key=lambda n: (depths[n], -self.view.degree(n), n))
        return order[:limit], len(order) > limit


def _day(d) -> str | None:
    return d.isoformat() if d else None


# ---------------------------------------------------------------------------------------------- meta


def relations_overview(p: Projection) -> Result:
    """Relation types (with edge counts), presets, documents, programmes and node kinds of the projection."""
    g = p.graph
    counts: dict[str, int] = {}
    for _, _, d in g.edges(data=True):
        counts[d["relation"]] = counts.get(d["relation"], 0) + 1
    kinds: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    return Result(
        {
            "build": p.build_id,
            "relations": [
                {
                    "key": r.key,
                    "predicate": r.iri,
                    "label": r.label,
                    "groups": list(r.groups),
                    "symmetric": r.symmetric,
                    "reversed": r.reverse,
                    "precedence": r.precedence,
                    "edges": counts.get(r.key, 0),
                }
                for r in RELATIONS.values()
            ],
            "presets": {
                k: {"relations": list(v), "description": PRESET_DESCRIPTIONS.get(k, "")} for k, v in PRESETS.items()
            },
            "documents": [{"id": d, "label": label} for d, label in p.documents.items()],
            "programmes": [{"iri": n, "label": label} for n, label in p.programmes()],
            "kinds": dict(sorted(kinds.items())),
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
        },
        None,
        "relations",
    )


def search(p: Projection, q: str, limit: int = 20, kinds: Iterable[str] | None = None) -> Result:
    """Nodes matching ``q`` (see ``Projection.search``), each with its degree in the whole projection."""
    hits = [{**h, "degree": p.graph.degree(h["iri"])} for h in p.search(q, limit=limit, kinds=kinds)]
    return Result(
        {"build": p.build_id, "q": q, "hits": hits}, p.graph.subgraph([h["iri"] for h in hits]).copy(), "search"
    )


def node_edges(sel: Selection, iri: str) -> Result:
    """One node with its outgoing and incoming edges in the view.

    :raises UnknownNode: the node has no edge in the view.
    """
    sel.require(iri)
    g = sel.view
    return Result(
        {
            "build": sel.build_id,
            "node": sel.node(iri),
            "out": [edge_json(u, v, k, d) for u, v, k, d in g.out_edges(iri, keys=True, data=True)],
            "in": [edge_json(u, v, k, d) for u, v, k, d in g.in_edges(iri, keys=True, data=True)],
        },
        sel.subgraph([iri, *g.successors(iri), *g.predecessors(iri)]),
        "node",
    )


#: nodes per page of ``/deps/graph`` (JSON) when the caller gives no limit
GRAPH_PAGE = 1000


def _by_degree(view: nx.MultiDiGraph) -> list[str]:
    return sorted(view, key=lambda n: (-view.degree(n), n))


def whole_graph(sel: Selection, limit: int | None = None, offset: int = 0) -> Result:
    """The whole view, or one page of it: the nodes ``offset … offset + limit`` in the order highest degree
    first (then IRI), each with its outgoing edges, so that every edge is on exactly one page (its target may be
    on another). ``next_offset`` is where the next page starts (None on the last); ``truncated`` says there is
    more than this page. ``limit`` None: every node (exports are never cut)."""
    g = sel.view
    order = sel.cached("by-degree", _by_degree)
    end = len(order) if limit is None else offset + limit
    page = order[offset:end]
    more = end < len(order)
    head = {
        "total_nodes": g.number_of_nodes(),
        "total_edges": g.number_of_edges(),
        "offset": offset,
        "next_offset": end if more else None,
        "truncated": more or offset > 0,
    }
    if offset == 0 and not more:
        return sel.result("graph", head, g)
    result = sel.result("graph", head, None)
    result.body["nodes"] = [sel.node(n) for n in page]
    result.body["edges"] = [edge_json(u, v, k, d) for n in page for u, v, k, d in g.out_edges(n, keys=True, data=True)]
    result.graph = sel.subgraph(page)
    return result


# ---------------------------------------------------------------------------------------------- neighbourhood, closure


def neighbourhood(sel: Selection, iri: str, radius: int = 1, limit: int = 300) -> Result:
    """Nodes within ``radius`` edges of the node (either direction), at most ``limit`` (nearest first).

    :raises UnknownNode: the node has no edge in the view.
    """
    sel.require(iri)
    depths = da.neighbourhood(sel.view, iri, radius)
    keep, truncated = sel.nearest(depths, limit)
    sub = sel.subgraph(keep, {n: {"depth": depths[n]} for n in keep})
    return sel.result(
        "neighbourhood",
        {
            "center": sel.node(iri),
            "radius": radius,
            "total_nodes": len(depths),
            "drawn_nodes": len(keep),
            "truncated": truncated,
        },
        sub,
    )


def closure(
    sel: Selection, iri: str, direction: str = "upstream", max_depth: int | None = None, limit: int = 1000
) -> Result:
    """Upstream or downstream closure of the node, at most ``limit`` nodes (nearest first).

    :raises UnknownNode: the node has no edge in the view.
    :raises AnalysisError: ``direction`` is neither upstream nor downstream.
    """
    sel.require(iri)
    depths = da.closure(sel.view, iri, direction, max_depth)
    depths_all = {iri: 0, **depths}
    keep, truncated = sel.nearest(depths_all, limit + 1)
    sub = sel.subgraph(keep, {n: {"depth": depths_all[n]} for n in keep})
    return sel.result(
        f"closure-{direction}",
        {
            "center": sel.node(iri),
            "direction": direction,
            "total": len(depths),
            "truncated": truncated,
            "closure": [sel.node(n, depth=depths[n]) for n in keep if n != iri],
        },
        sub,
    )


# ---------------------------------------------------------------------------------------------- paths


def paths(
    sel: Selection,
    source: str,
    target: str,
    directed: bool = False,
    all_paths: bool = False,
    cutoff: int = 4,
    limit: int = 20,
) -> Result:
    """The shortest paths (or all simple paths up to ``cutoff`` edges) between two nodes, with every step's edges.

    :raises UnknownNode: one of the nodes has no edge in the view.
    """
    sel.require(source, "from")
    sel.require(target, "to")
    if all_paths:
        found, truncated = da.simple_paths(sel.view, source, target, cutoff=cutoff, limit=limit, directed=directed)
    else:
        found = da.all_shortest_paths(sel.view, source, target, directed=directed, limit=limit + 1)
        truncated = len(found) > limit
        found = found[:limit]
    nodes: list[str] = []
    edges: list[tuple[str, str, str]] = []
    out: list[dict] = []
    for p in found:
        steps = da.path_edges(sel.view, p)
        out.append(
            {
                "nodes": [sel.node(n) for n in p],
                "length": len(p) - 1,
                "edges": [
                    {
                        **edge_json(
                            e["source"], e["target"], e["key"], sel.view.edges[e["source"], e["target"], e["key"]]
                        ),
                        "forward": e["forward"],
                    }
                    for e in steps
                ],
            }
        )
        nodes.extend(p)
        edges.extend((e["source"], e["target"], e["key"]) for e in steps)
    sub = sel.subgraph(nodes, edges=list(dict.fromkeys(edges)))
    return sel.result(
        "paths",
        {
            "from": sel.node(source),
            "to": sel.node(target),
            "directed": directed,
            "paths": out,
            "count": len(out),
            "truncated": truncated,
        },
        sub,
    )


# ---------------------------------------------------------------------------------------------- structure


def cycles(sel: Selection, limit: int = 100, max_length: int | None = 8, include_symmetric: bool = False) -> Result:
    """Directed cycles of the view (symmetric relations left out unless asked)."""
    found, truncated = sel.cached("cycles", da.cycles, limit, max_length, include_symmetric)
    sub = sel.subgraph([n for c in found for n in c])
    return sel.result(
        "cycles",
        {"cycles": [[sel.node(n) for n in c] for c in found], "count": len(found), "truncated": truncated},
        sub,
    )


def roots_leaves(sel: Selection, limit: int = 500) -> Result:
    """Roots (no outgoing edge) and leaves (no incoming edge), at most ``limit`` of each."""
    roots, leaves = da.roots_and_leaves(sel.view)
    roots, leaves, root_count, leaf_count = roots[:limit], leaves[:limit], len(roots), len(leaves)
    sub = sel.subgraph(
        roots + leaves, {**{n: {"role": "leaf"} for n in leaves}, **{n: {"role": "root"} for n in roots}}
    )
    return sel.result(
        "roots-leaves",
        {
            "roots": [sel.node(n) for n in roots],
            "leaves": [sel.node(n) for n in leaves],
            "root_count": root_count,
            "leaf_count": leaf_count,
        },
        sub,
    )


def components(sel: Selection, strong: bool = False, limit: int = 50, members: int = 50, offset: int = 0) -> Result:
    """Connected components, largest first: at most ``limit`` from ``offset`` on, each listing at most ``members``
    nodes. The JSON's nodes and edges are the listed members and the edges among them; an export has every member
    of the components shown. ``next_offset``: where the next page of components starts (None on the last)."""
    comps = sel.cached("components", da.components, strong)
    shown = comps[offset : offset + limit]
    more = offset + limit < len(comps)
    body = sel.result(
        "components",
        {
            "count": len(comps),
            "offset": offset,
            "next_offset": offset + limit if more else None,
            "components": [{"size": len(c), "members": [sel.node(n) for n in c[:members]]} for c in shown],
        },
        sel.subgraph([n for c in shown for n in c[:members]]),
    ).body
    return Result(body, sel.subgraph([n for c in shown for n in c]), "components")


def centrality(
    sel: Selection,
    measure: str = "betweenness",
    top: int = 20,
    directed: bool = False,
    rank_kinds: Iterable[str] | None = None,
) -> Result:
    """The ``top`` nodes by a centrality measure (only nodes of ``rank_kinds`` ranked, if given).

    :raises AnalysisError: an unknown measure.
    """
    scores = sel.cached("centrality", da.centrality, measure, directed)
    if rank_kinds:
        wanted = set(rank_kinds)
        scores = {n: s for n, s in scores.items() if sel.view.nodes[n].get("kind") in wanted}
    ranked = da.ranking(scores, top, sel.view)
    sub = sel.subgraph([n for n, _ in ranked], {n: {"score": s} for n, s in ranked})
    approximate = measure == "betweenness" and sel.view.number_of_nodes() > da.EXACT_BETWEENNESS_UP_TO
    return sel.result(
        f"centrality-{measure}",
        {
            "measure": measure,
            "directed": directed,
            "nodes_scored": len(scores),
            "approximate": approximate,
            "ranking": [sel.node(n, score=round(s, 6)) for n, s in ranked],
        },
        sub,
    )


# ---------------------------------------------------------------------------------------------- dates


def critical_path(sel: Selection) -> Result:
    """The longest dated chain of precedence relations (``critical_path: None`` if there is none).

    :raises CycleError: the precedence graph has a cycle.
    """
    cp = sel.cached("critical-path", schedule.critical_path)
    if cp is None:
        return sel.result(
            "critical-path",
            {"critical_path": None, "message": "no precedence edge between dated nodes"},
            sel.subgraph([]),
        )
    sub = sel.subgraph([*cp.nodes, *(n for s in cp.steps for n in s["via"])])
    return sel.result(
        "critical-path",
        {
            "critical_path": {
                "nodes": [sel.node(n) for n in cp.nodes],
                "span_days": cp.span_days,
                "start": _day(cp.start),
                "end": _day(cp.end),
                "steps": [
                    {
                        "prerequisite": sel.node(s["prerequisite"]),
                        "dependent": sel.node(s["dependent"]),
                        "via": [sel.node(n) for n in s["via"]],
                        "gap_days": s["gap_days"],
                    }
                    for s in cp.steps
                ],
            }
        },
        sub,
    )


def _impact(sel: Selection, i: schedule.Impact) -> dict:
    return sel.node(
        i.node,
        shift_days=i.shift_days,
        dated=i.dated,
        old_end=_day(i.old_end),
        new_end=_day(i.new_end),
        driver=i.driver,
        slack_days=i.slack_days,
        depth=i.depth,
    )


def slip(sel: Selection, iri: str, months: int = 3) -> Result:
    """Which dated successors move if the node ends ``months`` later, and by how much.

    :raises UnknownNode: the node has no edge in the view.
    :raises CycleError: the precedence graph below the node has a cycle.
    :raises AnalysisError: ``months`` is negative.
    """
    sel.require(iri)
    moved, absorbed = schedule.slip_impact(sel.view, iri, months)
    impacts = moved + absorbed
    sub = sel.subgraph(
        [i.node for i in impacts], {i.node: {"shift_days": i.shift_days, "new_end": _day(i.new_end)} for i in impacts}
    )
    return sel.result(
        "slip",
        {
            "node": sel.node(iri),
            "months": months,
            "moved": [_impact(sel, i) for i in moved],
            "absorbed": [_impact(sel, i) for i in absorbed],
        },
        sub,
    )
