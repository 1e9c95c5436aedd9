"""Analyses over a dependency projection: pure functions over networkx graphs (no store needed).

Conventions (see ``modgraph/deps/README.md``):

* An edge ``u → v`` reads "u needs / belongs to v" (u depends on v, u is part of v, u is funded by v,
  u's responsible body is v …). **Upstream** of n = what n needs: the nodes reachable along edges.
  **Downstream** of n = what needs n: the nodes reachable against the edges ("affected if n slips").
* Edges with ``symmetric=True`` (interdependent-with, coordinated-with, cooperates-with, same-topic-as)
  are traversed both ways by the closures; everything else only as stated.
* **Roots** have no outgoing edge (they need nothing: programmes, top bodies, funds at the source);
  **leaves** have no incoming edge (nothing needs them).
* Node attributes used: ``label``, ``kind``; edge attributes: ``relation``,
  ``symmetric``. Graphs may be ``MultiDiGraph`` or ``DiGraph``.

Critical path and slip impact are in ``modgraph.deps.schedule``.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable

import networkx as nx


class AnalysisError(ValueError):
    """An analysis cannot be answered (unknown node, a cycle where a DAG is needed …)."""


class CycleError(AnalysisError):
    def __init__(self, cycle: list[str]):
        super().__init__(f"the precedence graph has a cycle: {' → '.join(cycle)}")
        self.cycle = cycle


def require_nodes(g: nx.Graph, *nodes: str) -> None:
    """:raises AnalysisError: one of the nodes is not in the graph."""
    for n in nodes:
        if n not in g:
            raise AnalysisError(f"unknown node: {n}")


def _edge_dicts(g: nx.Graph, u: str, v: str) -> list[dict]:
    data = g.get_edge_data(u, v) or {}
    return list(data.values()) if g.is_multigraph() else [data]


# ---------------------------------------------------------------------------------------------- closures


def _neighbours(g: nx.DiGraph, n: str, forward: bool) -> Iterable[str]:
    """Successors (forward) or predecessors, plus symmetric edges in the other direction."""
    if forward:
        yield from g.successors(n)
        for p in g.predecessors(n):
            if any(d.get("symmetric") for d in _edge_dicts(g, p, n)):
                yield p
    else:
        yield from g.predecessors(n)
        for s in g.successors(n):
            if any(d.get("symmetric") for d in _edge_dicts(g, n, s)):
                yield s


def closure(g: nx.DiGraph, n: str, direction: str = "upstream", max_depth: int | None = None) -> dict[str, int]:
    """Nodes reachable from n (not n itself) with their distance: upstream = along edges, downstream = against."""
    require_nodes(g, n)
    if direction not in ("upstream", "downstream"):
        raise AnalysisError(f"direction must be upstream or downstream, not {direction!r}")
    forward = direction == "upstream"
    depth = {n: 0}
    queue = deque([n])
    while queue:
        x = queue.popleft()
        if max_depth is not None and depth[x] >= max_depth:
            continue
        for y in _neighbours(g, x, forward):
            if y not in depth:
                depth[y] = depth[x] + 1
                queue.append(y)
    del depth[n]
    return depth


def upstream(g, n, max_depth=None) -> dict[str, int]:
    return closure(g, n, "upstream", max_depth)


def downstream(g, n, max_depth=None) -> dict[str, int]:
    return closure(g, n, "downstream", max_depth)


def neighbourhood(g: nx.DiGraph, n: str, radius: int = 1) -> dict[str, int]:
    """Nodes within ``radius`` edges of n in either direction, with their distance (n itself at 0)."""
    require_nodes(g, n)
    return dict(nx.single_source_shortest_path_length(g.to_undirected(as_view=True), n, cutoff=radius))


def closure_subgraph(g: nx.DiGraph, nodes: Iterable[str]) -> nx.DiGraph:
    return g.subgraph(set(nodes)).copy()


# ---------------------------------------------------------------------------------------------- paths


def _walk_graph(g: nx.DiGraph, directed: bool):
    return g if directed else g.to_undirected(as_view=True)


def shortest_path(g: nx.DiGraph, a: str, b: str, directed: bool = False) -> list[str] | None:
    """One shortest path a … b (fewest edges), or None. Undirected by default (connections, not dependencies).

    Among several shortest paths the networkx BFS order decides; use ``all_shortest_paths`` for all of them.
    """
    require_nodes(g, a, b)
    try:
        return nx.shortest_path(_walk_graph(g, directed), a, b)
    except nx.NetworkXNoPath:
        return None


def all_shortest_paths(g: nx.DiGraph, a: str, b: str, directed: bool = False, limit: int = 100) -> list[list[str]]:
    require_nodes(g, a, b)
    try:
        paths = nx.all_shortest_paths(_walk_graph(g, directed), a, b)
        return sorted(itertools.islice(paths, limit))
    except nx.NetworkXNoPath:
        return []


def simple_paths(
    g: nx.DiGraph, a: str, b: str, cutoff: int = 4, limit: int = 100, directed: bool = False
) -> tuple[list[list[str]], bool]:
    """All simple paths a … b of at most ``cutoff`` edges; at most ``limit`` (shortest first). → (paths, truncated)."""
    require_nodes(g, a, b)
    if a == b:
        return [[a]], False
    walk = _walk_graph(g, directed)
    if not directed:
        walk = nx.Graph(walk)  # collapse parallel edges: a path is a sequence of nodes
    elif walk.is_multigraph():
        walk = nx.DiGraph(walk)
    found = list(itertools.islice(nx.all_simple_paths(walk, a, b, cutoff=cutoff), limit + 1))
    truncated = len(found) > limit
    found = sorted(found[:limit], key=lambda p: (len(p), p))
    return found, truncated


def path_edges(g: nx.DiGraph, path: list[str]) -> list[dict]:
    """The edges along a path of nodes, in either direction, with their relation and document."""
    out = []
    for u, v in zip(path, path[1:], strict=False):
        for s, t in ((u, v), (v, u)):
            if g.has_edge(s, t):
                for k, d in g[s][t].items() if g.is_multigraph() else [(None, g[s][t])]:
                    out.append(
                        {
                            "source": s,
                            "target": t,
                            "key": k,
                            "relation": d.get("relation"),
                            "document": d.get("document"),
                            "forward": s == u,
                        }
                    )
    return out


# ---------------------------------------------------------------------------------------------- structure


def cycles(
    g: nx.DiGraph, limit: int = 100, length_bound: int | None = None, include_symmetric: bool = False
) -> tuple[list[list[str]], bool]:
    """Directed cycles as stated (each rotated to start at its smallest IRI; sorted by length, then IRIs).

    Edges of symmetric relations are left out unless ``include_symmetric`` (they would make every pair a
    2-cycle if both directions were stated). → (cycles, truncated).
    """
    h = nx.DiGraph()
    h.add_nodes_from(g)
    for u, v, d in g.edges(data=True):
        if include_symmetric or not d.get("symmetric"):
            h.add_edge(u, v)
    found = []
    for c in nx.simple_cycles(h, length_bound=length_bound):
        i = c.index(min(c))
        found.append(c[i:] + c[:i])
        if len(found) > limit:
            break
    truncated = len(found) > limit
    return sorted(found, key=lambda c: (len(c), c))[:limit], truncated


def roots_and_leaves(g: nx.DiGraph) -> tuple[list[str], list[str]]:
    """roots: no outgoing edge (need nothing); leaves: no incoming edge (nothing needs them). Sorted IRIs.

    A node without any edge is both.
    """
    roots = sorted(n for n in g if g.out_degree(n) == 0)
    leaves = sorted(n for n in g if g.in_degree(n) == 0)
    return roots, leaves


def components(g: nx.DiGraph, strong: bool = False) -> list[list[str]]:
    """Weakly (default) or strongly connected components, largest first, each sorted; ties by first IRI."""
    comps = nx.strongly_connected_components(g) if strong else nx.weakly_connected_components(g)
    return sorted((sorted(c) for c in comps), key=lambda c: (-len(c), c))


# ---------------------------------------------------------------------------------------------- centrality


def simple_undirected(g: nx.Graph) -> nx.Graph:
    h = nx.Graph()
    h.add_nodes_from(g)
    h.add_edges_from((u, v) for u, v in g.edges() if u != v)
    return h


def simple_directed(g: nx.Graph) -> nx.DiGraph:
    h = nx.DiGraph()
    h.add_nodes_from(g)
    h.add_edges_from((u, v) for u, v in g.edges() if u != v)
    return h


CENTRALITY_MEASURES = ("degree", "in-degree", "out-degree", "betweenness")
EXACT_BETWEENNESS_UP_TO = 1500
BETWEENNESS_PIVOTS = 200


def centrality(g: nx.DiGraph, measure: str = "betweenness", directed: bool = False) -> dict[str, float]:
    """Centrality of every node, on the graph with parallel edges collapsed.

    degree / in-degree / out-degree: number of distinct neighbours (predecessors / successors); not normalised.
    betweenness: networkx ``betweenness_centrality`` (normalised), undirected unless ``directed``; exact up to
    1500 nodes, above that estimated from 200 pivot nodes (seed 0; ~10 s at 4000 nodes / 8000 edges).
    """
    if measure == "degree":
        h = simple_undirected(g)
        return {n: float(h.degree(n)) for n in h}
    if measure == "in-degree":
        h = simple_directed(g)
        return {n: float(h.in_degree(n)) for n in h}
    if measure == "out-degree":
        h = simple_directed(g)
        return {n: float(h.out_degree(n)) for n in h}
    if measure == "betweenness":
        h = simple_directed(g) if directed else simple_undirected(g)
        k = None if h.number_of_nodes() <= EXACT_BETWEENNESS_UP_TO else BETWEENNESS_PIVOTS
        return nx.betweenness_centrality(h, k=k, seed=0 if k else None, normalized=True)
    raise AnalysisError(f"unknown centrality measure {measure!r}: use {', '.join(CENTRALITY_MEASURES)}")


def ranking(scores: dict[str, float], top: int = 20, g: nx.Graph | None = None) -> list[tuple[str, float]]:
    """Highest first; ties by label (if g given) then IRI."""

    def label(n):
        return g.nodes[n].get("label", n).lower() if g is not None and n in g else n

    return sorted(scores.items(), key=lambda x: (-x[1], label(x[0]), x[0]))[:top]
