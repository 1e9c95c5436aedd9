"""Which focus nodes a change of the data can affect: what each shape reads, and from where.

A shape evaluated on a focus node reads triples only along its paths: the triples of the nodes its paths
reach (a step ``p`` from ``x`` reads ``x p ?``, a step ``^p`` reads ``? p x``), and at the value nodes what
its value tests read (``rdf:type`` for ``sh:class``, the other predicate of ``sh:equals`` …). :func:`reach`
bounds this for a program: the longest chain of steps from a focus node to a node whose triples are read
(``depth``), and the predicates read forwards and backwards. A changed triple ``s p o`` can then matter only
to a focus node from which ``s`` (``p`` read forwards) or ``o`` (``p`` read backwards) is reachable in at most
``depth`` steps over those predicates: :func:`affected` walks those steps backwards from the changed triples
on the store, so an incremental build re-validates those nodes alone and keeps every other result.

A shape whose reading cannot be bounded this way (a SPARQL constraint or target, a ``*`` or ``+`` path, a
shape that refers to itself) is *unbounded*: it is evaluated on all its focus nodes, its earlier results
replaced. A change of ``rdfs:subClassOf`` (which every ``sh:class`` test reads) affects every node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from modgraph.pipeline.shacl.compile import Program, Shape

_TOKEN = re.compile(r"<[^<>]*>|[()/|^*+?]")
_TYPE = str(RDF.type)
#: components whose parameter is a shape (or a list of shapes) evaluated on the value nodes
_NESTED = {"NodeConstraintComponent", "NotConstraintComponent", "QualifiedMinCountConstraintComponent"}
_NESTED |= {"QualifiedMaxCountConstraintComponent", "AndConstraintComponent", "OrConstraintComponent"}
_NESTED |= {"XoneConstraintComponent"}
_PAIRS = {"EqualsConstraintComponent", "DisjointConstraintComponent", "LessThanConstraintComponent"}
_PAIRS |= {"LessThanOrEqualsConstraintComponent"}
#: nodes asked about per query of the backward walk
_BATCH = 400


@dataclass
class Reach:
    """What shapes read: the triples of each predicate read forwards (``s p ?`` from ``s``) and backwards
    (``? p o`` from ``o``) at nodes up to that many steps from a focus node; ``depth`` the most steps (None:
    unbounded); ``every_predicate``: at up to that many steps every triple of a node is read forwards
    (``sh:closed``), ``every_backward`` backwards (a passage's owner: any node that links to the focus)."""

    depth: int | None = 0
    forward: dict[str, int] = field(default_factory=dict)
    backward: dict[str, int] = field(default_factory=dict)
    every_predicate: int | None = None
    every_backward: int | None = None

    def read(self, offset: int, forward: Iterable[str] = (), backward: Iterable[str] = ()) -> None:
        for preds, into in ((forward, self.forward), (backward, self.backward)):
            for p in preds:
                into[p] = max(into.get(p, 0), offset)
        if self.depth is not None:
            self.depth = max(self.depth, offset)

    def add(self, other: Reach, offset: int) -> None:
        """Merge what ``other`` reads from nodes ``offset`` steps away."""
        depth = self.depth
        for into, preds in ((self.forward, other.forward), (self.backward, other.backward)):
            for p, k in preds.items():
                into[p] = max(into.get(p, 0), offset + k)
        if other.every_predicate is not None:
            self.every_predicate = max(self.every_predicate or 0, offset + other.every_predicate)
        if other.every_backward is not None:
            self.every_backward = max(self.every_backward or 0, offset + other.every_backward)
        self.depth = None if depth is None or other.depth is None else max(depth, offset + other.depth)


def path_steps(sparql_path: str) -> tuple[int | None, set[str], set[str]]:
    """(the longest number of steps, predicates stepped forwards, backwards) of a path as ``render_path``
    writes it; None steps for ``*`` or ``+``."""
    tokens = _TOKEN.findall(sparql_path)
    pos = 0

    def alternative(inverse: bool) -> tuple[int | None, set[str], set[str]]:
        nonlocal pos
        n, fwd, bwd = sequence(inverse)
        while pos < len(tokens) and tokens[pos] == "|":
            pos += 1
            m, f, b = sequence(inverse)
            n = None if n is None or m is None else max(n, m)
            fwd, bwd = fwd | f, bwd | b
        return n, fwd, bwd

    def sequence(inverse: bool) -> tuple[int | None, set[str], set[str]]:
        nonlocal pos
        n, fwd, bwd = unary(inverse)
        while pos < len(tokens) and tokens[pos] == "/":
            pos += 1
            m, f, b = unary(inverse)
            n = None if n is None or m is None else n + m
            fwd, bwd = fwd | f, bwd | b
        return n, fwd, bwd

    def unary(inverse: bool) -> tuple[int | None, set[str], set[str]]:
        nonlocal pos
        token = tokens[pos]
        pos += 1
        result: tuple[int | None, set[str], set[str]]
        if token == "^":
            return unary(not inverse)
        if token == "(":
            result = alternative(inverse)
            pos += 1  # ")"
        else:
            pred = {token[1:-1]}
            result = (1, set(), pred) if inverse else (1, pred, set())
        if pos < len(tokens) and tokens[pos] in "*+?":
            if tokens[pos] != "?":
                result = (None, *result[1:])
            pos += 1
        return result

    return alternative(False)


def reach(shape: Shape, by_node: dict[Any, Shape], stack: tuple[Shape, ...] = ()) -> Reach:
    """What evaluating ``shape`` on a node reads (its targets not included); ``by_node``: the program's shapes."""
    out = Reach()
    if shape.deactivated:
        return out
    if shape in stack:
        return Reach(depth=None)
    stack = (*stack, shape)
    steps = 0
    if shape.sparql_path is not None:
        n, fwd, bwd = path_steps(shape.sparql_path)
        if n is None:
            return Reach(None)
        steps = n
        out.read(max(n - 1, 0), fwd, bwd)  # a step of the path may be taken from any node before the last
    for c in shape.constraints:
        name = c.component
        if name == "SPARQLConstraintComponent" or "parameters" in c.extra:
            out.depth = None
        elif name == "ClassConstraintComponent":
            out.read(steps, [_TYPE])
        elif name in _PAIRS:
            out.read(0, [str(c.value)])
        elif name == "ClosedConstraintComponent":
            out.add(Reach(steps, every_predicate=0), steps)
        elif name in _NESTED:
            nested = c.value if isinstance(c.value, list) else [c.value]
            nested += [by_node[s] for s in c.extra.get("siblings", ())]
            for inner in nested:
                out.add(reach(inner, by_node, stack), steps)
    for prop in shape.properties:
        out.add(reach(prop, by_node, stack), steps)
    return out


def target_reach(shape: Shape, by_node: dict[Any, Shape]) -> Reach | None:
    """What finding ``shape``'s focus nodes and evaluating it reads; None if unbounded."""
    if shape.sparql_targets:
        return None
    out = reach(shape, by_node)
    if out.depth is None:
        return None
    out.read(0, [_TYPE] if shape.class_targets else [], [])
    out.read(0, [str(p) for p in shape.subjects_of], [str(p) for p in shape.objects_of])
    return out


def seeds(changes: Iterable[Any], read: Reach) -> dict[Any, int] | None:
    """The nodes whose read triples changed, each with the most steps from a focus node at which it is read
    (``changes``: pyoxigraph triples added to or removed from the union); None if a change affects every
    node (a subclass edge)."""
    out: dict[Any, int] = {}

    def seed(node: Any, steps: int) -> None:
        out[node] = max(out.get(node, 0), steps)

    for t in changes:
        p = t.predicate.value
        if p == str(RDFS.subClassOf):
            return None
        if read.every_predicate is not None:
            seed(t.subject, read.every_predicate)
        if read.every_backward is not None:
            seed(t.object, read.every_backward)
        if p in read.forward:
            seed(t.subject, read.forward[p])
        if p in read.backward:
            seed(t.object, read.backward[p])
    return out


def affected(store: ox.Store, graphs: Any, start: dict[Any, int], read: Reach) -> set[Any]:
    """The nodes of ``start`` and every node that reaches one of them in at most as many steps as it names, over
    the predicates ``read`` names, on the store's union (``graphs``: the default graph or the data graphs)."""
    left = {n: k for n, k in start.items() if not isinstance(n, ox.Literal)}  # node -> steps still to walk back
    forward = " ".join(f"<{p}>" for p in sorted(read.forward))
    backward = " ".join(f"<{p}>" for p in sorted(read.backward))
    parts = [f"{{ VALUES ?p {{ {forward} }} ?m ?p ?n }}"] if forward and read.every_predicate is None else []
    parts += ["{ ?m ?p ?n }"] if read.every_predicate is not None else []
    parts += [f"{{ VALUES ?p {{ {backward} }} ?n ?p ?m }}"] if backward and read.every_backward is None else []
    parts += ["{ ?n ?p ?m }"] if read.every_backward is not None else []
    if not parts:
        return set(left)
    for k in range(max(left.values(), default=0), 0, -1):
        frontier = sorted((n for n, steps in left.items() if steps == k), key=str)
        new: set[Any] = set()
        named = [n for n in frontier if isinstance(n, ox.NamedNode)]
        for i in range(0, len(named), _BATCH):
            chunk = " ".join(str(n) for n in named[i : i + _BATCH])
            query = f"SELECT DISTINCT ?m WHERE {{ VALUES ?n {{ {chunk} }} {' UNION '.join(parts)} }}"
            new.update(row[0] for row in _select(store, query, graphs))
        for n in frontier:
            if isinstance(n, ox.BlankNode):  # cannot be named in a query: substituted
                query = f"SELECT DISTINCT ?m WHERE {{ {' UNION '.join(parts)} }}"
                new.update(row[0] for row in _select(store, query, graphs, substitutions={ox.Variable("n"): n}))
        for m in new:
            if not isinstance(m, ox.Literal) and left.get(m, -1) < k - 1:
                left[m] = k - 1
    return set(left)


def _select(store: ox.Store, query: str, graphs: Any, **kw: Any) -> Sequence[Any]:
    solutions = store.query(query, default_graph=graphs, **kw)
    assert isinstance(solutions, ox.QuerySolutions)
    return list(solutions)


def plan_focus(program: Program, extra: Reach) -> tuple[Reach, list[Shape]] | None:
    """What the program's bounded shapes and ``extra`` (what the report reads beside the shapes: the passages)
    read, and the shapes to evaluate on all their focus nodes (SPARQL targets, unbounded reading, targets that
    may be literals). None if one of those cannot be told apart in a report (a blank-node shape, or one with
    shapes inside it): then every node is validated."""
    read = Reach()
    read.add(extra, 0)
    whole = []
    for shape in program.shapes:
        bounded = None if shape.objects_of else target_reach(shape, program.by_node)
        if bounded is None:
            nested = shape.properties or any(c.component in _NESTED for c in shape.constraints)
            if not isinstance(shape.node, URIRef) or nested:
                return None
            whole.append(shape)
        else:
            read.add(bounded, 0)
    return read, whole
