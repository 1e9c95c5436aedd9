"""Dates over a dependency projection: the critical path and the impact of a slip (pure functions).

Conventions of the graphs as in ``modgraph.deps.analysis``; node attributes used: ``start``, ``end`` (ISO dates),
edge attribute ``relation``.

Critical path and slip impact work on the *precedence graph*: for each edge ``u → v`` whose relation is
a precedence relation (``modgraph.relations.PRECEDENCE``: depends-on, successor-of, based-on,
implements-decision, reused-by, supersedes), ``v`` must be finished before ``u`` (v precedes u).

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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import networkx as nx

from modgraph.deps.analysis import AnalysisError, CycleError, require_nodes
from modgraph.relations import PRECEDENCE


def parse_day(value) -> date | None:
    """The day of an ISO date or date-time text (None for none).

    >>> parse_day("2027-12-31"), parse_day(None)
    (datetime.date(2027, 12, 31), None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def add_months(d: date, months: int) -> date:
    """Calendar months, the day clamped to the month's length.

    >>> add_months(date(2027, 1, 31), 1), add_months(date(2026, 11, 15), 3)
    (datetime.date(2027, 2, 28), datetime.date(2027, 2, 15))
    """
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def precedence_graph(g: nx.DiGraph, relations: Iterable[str] = PRECEDENCE) -> nx.DiGraph:
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


def critical_path(g: nx.DiGraph, relations: Iterable[str] = PRECEDENCE) -> CriticalPath | None:
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
    known: dict[str, date] = {n: day for n in dated if (day := end[n]) is not None}  # the dated nodes' ends
    s0: dict[str, date] = {n: start[n] or known[n] for n in dated}

    def better(c, d):
        return d is None or (c[0], c[1]) > (d[0], d[1]) or ((c[0], c[1]) == (d[0], d[1]) and c[2] < d[2])

    best: dict[str, tuple[int, int, list[str]]] = {}  # best chain ending at v (v alone allowed)
    chain: dict[str, tuple[int, int, list[str]]] = {}  # best chain of at least one edge ending at v
    for v in nx.lexicographical_topological_sort(bridged):
        cand = None
        for u in bridged.predecessors(v):
            su, nu, pu = best[u]
            c = (su + (known[v] - known[u]).days, nu + 1, pu + [v])
            if better(c, cand):
                cand = c
        alone = ((known[v] - s0[v]).days, 1, [v])
        if cand is not None:
            chain[v] = cand
        best[v] = cand if cand is not None and better(cand, alone) else alone
    span, _, nodes = sorted(chain.values(), key=lambda b: (-b[0], -b[1], b[2]))[0]
    steps = []
    for u, v in zip(nodes, nodes[1:], strict=False):
        steps.append(
            {"prerequisite": u, "dependent": v, "via": bridged[u][v]["via"], "gap_days": (s0[v] - known[u]).days}
        )
    return CriticalPath(nodes, span, s0[nodes[0]], known[nodes[-1]], steps)


@dataclass
class Impact:
    node: str
    shift_days: int
    dated: bool
    old_end: date | None
    new_end: date | None
    driver: str | None  # the moved prerequisite that determines the shift
    slack_days: int | None  # slack towards the driver (None: undated on either side)
    depth: int


def slip_impact(
    g: nx.DiGraph, n: str, months: int, relations: Iterable[str] = PRECEDENCE
) -> tuple[list[Impact], list[Impact]]:
    """Which successors move if n ends ``months`` later. → (moved, absorbed), see the module docstring.

    moved: shift > 0, sorted by shift (desc), then depth, then IRI; the slipping node itself comes first.
    absorbed: successors reached whose slack absorbs every incoming shift (shift 0).
    """
    require_nodes(g, n)
    if months < 0:
        raise AnalysisError("months must be >= 0")
    p = precedence_graph(g, relations)
    if n not in p:
        d = g.nodes[n]
        e = parse_day(d.get("end"))
        days = (add_months(e, months) - e).days if e else months * 30
        return [Impact(n, days, e is not None, e, e + timedelta(days=days) if e else None, None, None, 0)], []
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
            anchor, end_u = start[v] or end[v], end[u]
            slack = (anchor - end_u).days if (anchor and end_u) else None
            pushed = max(0, shift[u] - max(0, slack or 0))
            if pushed > best[0] or best[1] is None:
                best = (pushed, u, slack)
        shift[v] = best[0]
        ev = end[v]
        info[v] = Impact(
            v, best[0], ev is not None, ev, ev + timedelta(days=best[0]) if ev else None, best[1], best[2], depth[v]
        )
    ordered = sorted(info.values(), key=lambda i: (i.node != n, -i.shift_days, i.depth, i.node))
    moved = [i for i in ordered if i.shift_days > 0 or i.node == n]
    absorbed = [i for i in ordered if i.shift_days == 0 and i.node != n]
    return moved, absorbed
