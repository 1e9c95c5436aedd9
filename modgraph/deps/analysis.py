"""Analyses over a dependency projection: pure functions over networkx graphs (no store needed).

Conventions (see ``graph/DEPENDENCIES.md``):

* An edge ``u → v`` reads "u needs / belongs to v" (u depends on v, u is part of v, u is funded by v,
  u's responsible body is v …). **Upstream** of n = what n needs: the nodes reachable along edges.
  **Downstream** of n = what needs n: the nodes reachable against the edges ("affected if n slips").
* Edges with ``symmetric=True`` (interdependent-with, coordinated-with, cooperates-with, same-topic-as)
  are traversed both ways by the closures; everything else only as stated.
* **Roots** have no outgoing edge (they need nothing: programmes, top bodies, funds at the source);
  **leaves** have no incoming edge (nothing needs them).
* Node attributes used: ``label``, ``start``, ``end`` (ISO dates); edge attributes: ``relation``,
  ``symmetric``. Graphs may be ``MultiDiGraph`` or ``DiGraph``.

Critical path and slip impact work on the *precedence graph*: for each edge ``u → v`` whose relation is
a precedence relation (depends-on, successor-of, based-on, implements-decision, reused-by, supersedes),
``v`` must be finished before ``u`` (v precedes u).

* Dates: ``end`` is the latest possible day of the node's latest milestone due date (else of its period end,
  else of a decision's date); ``start`` is the earliest possible day of its period beginning (else a
  decision's date). A year-precision "2027" thus ends 2027-12-31 and a year-precision start "2026" begins
  2026-01-01 (the widest reading: the least slack is assumed for successors' starts, the most for ends).
* **Critical path**: the chain of precedence edges, through dated nodes, with the longest calendar span
  ``end(last) − start(first)`` (``start`` falls back to ``end`` for nodes without a start). A chain may pass
  through undated nodes; they are bridged (listed in the edge's ``via``) and have no dates of their own.
  Ties: more nodes, then the lexicographically smaller list of IRIs. The gap of each step is
  ``start(dependent) − end(prerequisite)`` in days (negative: the dependent starts before its prerequisite
  ends, a scheduling conflict stated by the sources).
* **Slip impact** of "n slips by N months": n's end moves by N calendar months (``shift(n)`` in days; an
  undated n moves by N × 30 days). A successor v (dependent) of a moved prerequisite u has slack
  ``start(v) − end(u)`` if v has a start (finish-to-start), else ``end(v) − end(u)`` (finish-to-finish);
  negative slack counts as 0, a missing date on either side gives slack 0. v moves by
  ``max over moved u of max(0, shift(u) − slack(u, v))`` and passes its shift on in topological order.
  Undated nodes pass the shift through unchanged (reported with ``dated: false``). Successors whose slack
  absorbs the shift are listed as ``absorbed``.
"""

from __future__ import annotations

import calendar
import itertools
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable

import networkx as nx

from modgraph.relations import PRECEDENCE

#: relations whose target precedes their source (see module docstring)
PRECEDENCE_RELATIONS = PRECEDENCE


class AnalysisError(ValueError):
    """An analysis cannot be answered (unknown node, a cycle where a DAG is needed …)."""


class CycleError(AnalysisError):
    def __init__(self, cycle: list[str]):
        super().__init__(f"the precedence graph has a cycle: {' → '.join(cycle)}")
        self.cycle = cycle


def _require(g: nx.Graph, *nodes: str) -> None:
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
    _require(g, n)
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
    _require(g, n)
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
    _require(g, a, b)
    try:
        return nx.shortest_path(_walk_graph(g, directed), a, b)
    except nx.NetworkXNoPath:
        return None


def all_shortest_paths(g: nx.DiGraph, a: str, b: str, directed: bool = False, limit: int = 100) -> list[list[str]]:
    _require(g, a, b)
    try:
        paths = nx.all_shortest_paths(_walk_graph(g, directed), a, b)
        return sorted(itertools.islice(paths, limit))
    except nx.NetworkXNoPath:
        return []


def simple_paths(g: nx.DiGraph, a: str, b: str, cutoff: int = 4, limit: int = 100,
                 directed: bool = False) -> tuple[list[list[str]], bool]:
    """All simple paths a … b of at most ``cutoff`` edges; at most ``limit`` (shortest first). → (paths, truncated)."""
    _require(g, a, b)
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
    for u, v in zip(path, path[1:]):
        for s, t in ((u, v), (v, u)):
            if g.has_edge(s, t):
                for k, d in (g[s][t].items() if g.is_multigraph() else [(None, g[s][t])]):
                    out.append({"source": s, "target": t, "key": k, "relation": d.get("relation"),
                                "document": d.get("document"), "forward": s == u})
    return out


# ---------------------------------------------------------------------------------------------- structure

def cycles(g: nx.DiGraph, limit: int = 100, length_bound: int | None = None,
           include_symmetric: bool = False) -> tuple[list[list[str]], bool]:
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
        return (g.nodes[n].get("label", n).lower() if g is not None and n in g else n)
    return sorted(scores.items(), key=lambda x: (-x[1], label(x[0]), x[0]))[:top]


# ---------------------------------------------------------------------------------------------- dates

def parse_day(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def add_months(d: date, months: int) -> date:
    """Calendar months, the day clamped to the month's length (2027-01-31 + 1 = 2027-02-28)."""
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def precedence_graph(g: nx.DiGraph, relations: Iterable[str] = PRECEDENCE_RELATIONS) -> nx.DiGraph:
    """DiGraph prerequisite → dependent for each precedence edge (dependent → prerequisite in g).

    Each edge keeps the set of relations behind it (``relations``).
    """
    rels = set(relations)
    p = nx.DiGraph()
    for n, d in g.nodes(data=True):
        p.add_node(n, **d)
    for u, v, d in g.edges(data=True):
        if d.get("relation") in rels:
            if p.has_edge(v, u):
                p[v][u]["relations"].add(d["relation"])
            else:
                p.add_edge(v, u, relations={d["relation"]})
    p.remove_nodes_from([n for n in list(p) if p.degree(n) == 0])
    return p


def _check_dag(p: nx.DiGraph) -> None:
    try:
        cycle = nx.find_cycle(p)
    except nx.NetworkXNoCycle:
        return
    nodes = [u for u, _ in cycle]
    raise CycleError(nodes + [nodes[0]])


@dataclass
class CriticalPath:
    nodes: list[str]
    span_days: int
    start: date | None
    end: date | None
    steps: list[dict] = field(default_factory=list)  # prerequisite, dependent, via, gap_days


def critical_path(g: nx.DiGraph, relations: Iterable[str] = PRECEDENCE_RELATIONS) -> CriticalPath | None:
    """The longest dated chain of precedence (see module docstring). None if no dated node has a precedence edge."""
    p = precedence_graph(g, relations)
    _check_dag(p)
    end = {n: parse_day(p.nodes[n].get("end")) for n in p}
    start = {n: parse_day(p.nodes[n].get("start")) for n in p}
    dated = [n for n in p if end[n] is not None]
    # bridge undated nodes: dated a → dated b if a path a → … → b runs through undated nodes only
    bridged = nx.DiGraph()
    bridged.add_nodes_from(dated)
    for a in dated:
        stack = [(s, [s]) for s in p.successors(a)]
        seen = set()
        while stack:
            x, trail = stack.pop()
            if end[x] is not None:
                via = trail[:-1]
                if not bridged.has_edge(a, x) or len(via) < len(bridged[a][x]["via"]):
                    bridged.add_edge(a, x, via=via)
                continue
            if x in seen:
                continue
            seen.add(x)
            stack.extend((s, trail + [s]) for s in p.successors(x))
    if bridged.number_of_edges() == 0:
        return None
    s0 = {n: start[n] or end[n] for n in dated}
    def better(c, d):
        return d is None or (c[0], c[1]) > (d[0], d[1]) or ((c[0], c[1]) == (d[0], d[1]) and c[2] < d[2])

    best: dict[str, tuple[int, int, list[str]]] = {}   # best chain ending at v (v alone allowed)
    chain: dict[str, tuple[int, int, list[str]]] = {}  # best chain of at least one edge ending at v
    for v in nx.lexicographical_topological_sort(bridged):
        cand = None
        for u in bridged.predecessors(v):
            su, nu, pu = best[u]
            c = (su + (end[v] - end[u]).days, nu + 1, pu + [v])
            if better(c, cand):
                cand = c
        alone = ((end[v] - s0[v]).days, 1, [v])
        if cand is not None:
            chain[v] = cand
        best[v] = cand if cand is not None and better(cand, alone) else alone
    span, _, nodes = sorted(chain.values(), key=lambda b: (-b[0], -b[1], b[2]))[0]
    steps = []
    for u, v in zip(nodes, nodes[1:]):
        steps.append({"prerequisite": u, "dependent": v, "via": bridged[u][v]["via"],
                      "gap_days": (s0[v] - end[u]).days})
    return CriticalPath(nodes, span, s0[nodes[0]], end[nodes[-1]], steps)


@dataclass
class Impact:
    node: str
    shift_days: int
    dated: bool
    old_end: date | None
    new_end: date | None
    driver: str | None        # the moved prerequisite that determines the shift
    slack_days: int | None    # slack towards the driver (None: undated on either side)
    depth: int


def slip_impact(g: nx.DiGraph, n: str, months: int,
                relations: Iterable[str] = PRECEDENCE_RELATIONS) -> tuple[list[Impact], list[Impact]]:
    """Which successors move if n ends ``months`` later. → (moved, absorbed), see the module docstring.

    moved: shift > 0, sorted by shift (desc), then depth, then IRI; the slipping node itself comes first.
    absorbed: successors reached whose slack absorbs every incoming shift (shift 0).
    """
    _require(g, n)
    if months < 0:
        raise AnalysisError("months must be >= 0")
    p = precedence_graph(g, relations)
    if n not in p:
        d = g.nodes[n]
        e = parse_day(d.get("end"))
        shift = (add_months(e, months) - e).days if e else months * 30
        return [Impact(n, shift, e is not None, e, e + timedelta(days=shift) if e else None, None, None, 0)], []
    reach = nx.descendants(p, n) | {n}
    sub = p.subgraph(reach)
    _check_dag(sub)
    end = {x: parse_day(p.nodes[x].get("end")) for x in reach}
    start = {x: parse_day(p.nodes[x].get("start")) for x in reach}
    depth = nx.single_source_shortest_path_length(sub, n)
    shift: dict[str, int] = {}
    info: dict[str, Impact] = {}
    e = end[n]
    shift[n] = (add_months(e, months) - e).days if e else months * 30
    info[n] = Impact(n, shift[n], e is not None, e, e + timedelta(days=shift[n]) if e else None, None, None, 0)
    for v in nx.lexicographical_topological_sort(sub):
        if v == n:
            continue
        best: tuple[int, str | None, int | None] = (0, None, None)
        for u in sorted(sub.predecessors(v)):
            if shift.get(u, 0) <= 0:
                continue
            anchor = start[v] or end[v]
            slack = (anchor - end[u]).days if (anchor and end[u]) else None
            moved = max(0, shift[u] - max(0, slack or 0))
            if moved > best[0] or best[1] is None:
                best = (moved, u, slack)
        shift[v] = best[0]
        ev = end[v]
        info[v] = Impact(v, best[0], ev is not None, ev, ev + timedelta(days=best[0]) if ev else None,
                         best[1], best[2], depth[v])
    ordered = sorted(info.values(), key=lambda i: (i.node != n, -i.shift_days, i.depth, i.node))
    moved = [i for i in ordered if i.shift_days > 0 or i.node == n]
    absorbed = [i for i in ordered if i.shift_days == 0 and i.node != n]
    return moved, absorbed
