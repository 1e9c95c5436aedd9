"""Shapes graph → compiled shapes: targets as SPARQL, paths as SPARQL property paths, constraints as parameters.

Everything that depends only on the shapes (and the ontology's subclassing) is done here, once: every
shape reachable from a shape with a target is read into a :class:`Shape`, its path rendered as a SPARQL
property path, its SPARQL targets and SPARQL constraints given their prefixes. ``run.py`` then executes
the compiled shapes against a store.

Why this module is long: it reads every SHACL Core constraint component (about thirty parameters with
their own rules), the four path forms, the four target kinds plus SPARQL targets, and the prefix
declarations of SPARQL-based targets and constraints; splitting it would scatter one reading of one
vocabulary across files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node


class ShapesError(ValueError):
    """The shapes graph cannot be compiled (the message names the shape and the reason)."""


#: constraint parameters whose value is one term (or a list, for sh:in / sh:languageIn / sh:ignoredProperties)
_SINGLE = {
    SH["class"]: "ClassConstraintComponent",
    SH.datatype: "DatatypeConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent",
    SH.minCount: "MinCountConstraintComponent",
    SH.maxCount: "MaxCountConstraintComponent",
    SH.minExclusive: "MinExclusiveConstraintComponent",
    SH.minInclusive: "MinInclusiveConstraintComponent",
    SH.maxExclusive: "MaxExclusiveConstraintComponent",
    SH.maxInclusive: "MaxInclusiveConstraintComponent",
    SH.minLength: "MinLengthConstraintComponent",
    SH.maxLength: "MaxLengthConstraintComponent",
    SH.languageIn: "LanguageInConstraintComponent",
    SH.uniqueLang: "UniqueLangConstraintComponent",
    SH.equals: "EqualsConstraintComponent",
    SH.disjoint: "DisjointConstraintComponent",
    SH.lessThan: "LessThanConstraintComponent",
    SH.lessThanOrEquals: "LessThanOrEqualsConstraintComponent",
    SH["not"]: "NotConstraintComponent",
    SH["and"]: "AndConstraintComponent",
    SH["or"]: "OrConstraintComponent",
    SH.xone: "XoneConstraintComponent",
    SH.node: "NodeConstraintComponent",
    SH.hasValue: "HasValueConstraintComponent",
    SH["in"]: "InConstraintComponent",
}
_LISTS = {SH["in"], SH.languageIn, SH["and"], SH["or"], SH.xone}
_SHAPE_PARAMS = {SH["not"], SH.node}
_PATHS = {
    SH.zeroOrMorePath: "*",
    SH.oneOrMorePath: "+",
    SH.zeroOrOnePath: "?",
}


@dataclass
class Constraint:
    """One constraint of a shape: its component's local name and its parameters (terms, shapes, lists)."""

    component: str
    value: Any  # the parameter: a term, a list of terms, a Shape, a list of Shapes, or a SparqlConstraint
    extra: dict[str, Any] = field(default_factory=dict)  # further parameters (sh:flags, qualified counts …)


@dataclass
class SparqlQuery:
    """A SPARQL SELECT of a target or a constraint, with the prefixes its ``sh:prefixes`` declare."""

    node: Node
    select: str
    prefixes: dict[str, str]
    messages: list[Literal] = field(default_factory=list)
    deactivated: bool = False


@dataclass
class Component:
    """A SPARQL-based constraint component (``sh:ConstraintComponent`` with ``sh:parameter``s and validators)."""

    node: Node
    parameters: list[tuple[URIRef, bool]]  # (parameter path, optional)
    validator: SparqlQuery | None  # sh:validator (an ASK)
    node_validator: SparqlQuery | None
    property_validator: SparqlQuery | None
    messages: list[Literal]


@dataclass(eq=False)
class Shape:
    """A node or property shape, compiled."""

    node: Node
    path: Node | None  # the sh:path node in the shapes graph (None for a node shape)
    sparql_path: str | None  # the path as a SPARQL property path
    severity: URIRef
    messages: list[Literal]
    deactivated: bool
    class_targets: list[URIRef] = field(default_factory=list)  # sh:targetClass and implicit class targets
    node_targets: list[Node] = field(default_factory=list)
    subjects_of: list[URIRef] = field(default_factory=list)
    objects_of: list[URIRef] = field(default_factory=list)
    sparql_targets: list[SparqlQuery] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)  # sh:property

    @property
    def is_property(self) -> bool:
        return self.path is not None

    @property
    def has_target(self) -> bool:
        return bool(
            self.class_targets or self.node_targets or self.subjects_of or self.objects_of or self.sparql_targets
        )


@dataclass
class Program:
    """The compiled shapes: the shapes with targets (validated), every shape by node, the subclass edges."""

    shapes: list[Shape]
    by_node: dict[Node, Shape]
    subclass_edges: set[tuple[Node, Node]]  # (sub, super) from the ontology (the data's own are read at run time)


def sparql_term(term: Node) -> str:
    """A term in SPARQL syntax. :raises ShapesError: a blank node (it cannot be named in a query)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise ShapesError(f"a blank node cannot be used in a SPARQL query: {term!r}")


def _items(g: Graph, head: Node) -> list[Node]:
    if head == RDF.nil:
        return []
    if g.value(head, RDF.first) is None:
        raise ShapesError(f"not an RDF list: {head!r}")
    return list(Collection(g, head))


def render_path(g: Graph, path: Node) -> str:
    """The SHACL path at ``path`` as a SPARQL property path.

    :raises ShapesError: the node is not a well-formed SHACL path
    """
    if isinstance(path, URIRef):
        return f"<{path}>"
    if isinstance(path, Literal):
        raise ShapesError(f"a literal is not a path: {path!r}")
    alt = g.value(path, SH.alternativePath)
    members, joiner = (path, "/") if alt is None else (alt, "|")
    if alt is not None or g.value(path, RDF.first) is not None:
        parts = [render_path(g, p) for p in _items(g, members)]
        if len(parts) < 2:
            kind = "a sequence" if alt is None else "an alternative"
            raise ShapesError(f"{kind} path needs at least two members: {path!r}")
        return "(" + joiner.join(parts) + ")"
    inv = g.value(path, SH.inversePath)
    if inv is not None:
        return "^" + render_path(g, inv)
    for pred, op in _PATHS.items():
        inner = g.value(path, pred)
        if inner is not None:
            return "(" + render_path(g, inner) + ")" + op
    raise ShapesError(f"not a SHACL path: {path!r}")


def copy_path(g: Graph, path: Node, out: Graph) -> Node:
    """The path at ``path`` written into ``out`` with fresh blank nodes, only the triples that make it a path."""
    if isinstance(path, URIRef):
        return path
    node = BNode()
    alt = g.value(path, SH.alternativePath)
    if alt is None and g.value(path, RDF.first) is not None:
        Collection(out, node, [copy_path(g, p, out) for p in _items(g, path)])
        return node
    if alt is not None:
        head = BNode()
        Collection(out, head, [copy_path(g, p, out) for p in _items(g, alt)])
        out.add((node, SH.alternativePath, head))
        return node
    for pred in (SH.inversePath, *_PATHS):
        inner = g.value(path, pred)
        if inner is not None:
            out.add((node, pred, copy_path(g, inner, out)))
            return node
    raise ShapesError(f"not a SHACL path: {path!r}")


def _prefixes(g: Graph, node: Node) -> dict[str, str]:
    """The prefixes declared by the ``sh:prefixes`` of ``node``, following ``owl:imports``."""
    out: dict[str, str] = {}
    todo, seen = list(g.objects(node, SH.prefixes)), set()
    while todo:
        owner = todo.pop()
        if owner in seen:
            continue
        seen.add(owner)
        todo += list(g.objects(owner, OWL.imports))
        for decl in g.objects(owner, SH.declare):
            prefix, ns = g.value(decl, SH.prefix), g.value(decl, SH.namespace)
            if prefix is None or ns is None:
                raise ShapesError(f"sh:declare without sh:prefix and sh:namespace on {owner!r}")
            out[str(prefix)] = str(ns)
    return out


#: what a SPARQL query with pre-bound variables may not contain (SHACL 5.3.1)
_UNSUPPORTED = [
    (re.compile(r"\bMINUS\b", re.IGNORECASE), "MINUS"),
    (re.compile(r"\bSERVICE\b", re.IGNORECASE), "SERVICE"),
    (re.compile(r"\bVALUES\b", re.IGNORECASE), "VALUES"),
    (re.compile(r"\b[Aa][Ss]\s+[?$](this|currentShape|shapesGraph)\b"), "AS of a pre-bound variable"),
]


def _check_prebinding(node: Node, select: str) -> None:
    """:raises ShapesError: the query uses what pre-binding forbids (MINUS, SERVICE, VALUES, a subquery …)"""
    body = re.sub(r'"(?:[^"\\\n]|\\.)*"|<[^<>\s]*>|#[^\n]*', "", select)  # without strings, IRIs, comments
    for pattern, what in _UNSUPPORTED:
        if pattern.search(body):
            raise ShapesError(f"{node}: a SPARQL query with pre-bound variables may not use {what}")
    for inner in list(re.finditer(r"\bSELECT\b", body, re.IGNORECASE))[1:]:
        projection = re.split(r"\bWHERE\b|\{", body[inner.end() :], maxsplit=1, flags=re.IGNORECASE)[0]
        if not re.search(r"[?$]this\b", projection):
            raise ShapesError(f"{node}: a subquery must project the pre-bound $this")


def _true(g: Graph, node: Node, pred: URIRef) -> bool:
    """The parameter is the literal ``true`` (``"1"^^xsd:boolean`` is not, as the W3C suite expects)."""
    value = g.value(node, pred)
    return isinstance(value, Literal) and value.datatype == XSD.boolean and str(value) == "true"


def _sparql(g: Graph, node: Node, prebound: bool = True) -> SparqlQuery:
    select = g.value(node, SH.select)
    if select is None:
        raise ShapesError(f"a SPARQL target or constraint without sh:select: {node!r}")
    if prebound:
        _check_prebinding(node, str(select))
    return SparqlQuery(
        node=node,
        select=str(select),
        prefixes=_prefixes(g, node),
        messages=[m for m in g.objects(node, SH.message) if isinstance(m, Literal)],
        deactivated=_true(g, node, SH.deactivated),
    )


class _Compiler:
    def __init__(self, g: Graph):
        self.g = g
        self.classes = set(g.subjects(RDF.type, RDFS.Class))
        self.by_node: dict[Node, Shape] = {}
        self.components = [self._component(c) for c in sorted(set(g.subjects(SH.parameter, None)), key=str)]

    def _component(self, node: Node) -> Component:
        g = self.g
        params = []
        for param in g.objects(node, SH.parameter):
            path = g.value(param, SH.path)
            if not isinstance(path, URIRef):
                raise ShapesError(f"{node}: a parameter's sh:path must be an IRI")
            params.append((path, _true(g, param, SH.optional)))

        def validator(pred: URIRef) -> SparqlQuery | None:
            v = g.value(node, pred)
            if v is None:
                return None
            query = g.value(v, SH.ask) or g.value(v, SH.select)
            if query is None:
                raise ShapesError(f"{node}: a validator without sh:ask or sh:select")
            _check_prebinding(v, str(query))
            return SparqlQuery(
                v, str(query), _prefixes(g, v), [m for m in g.objects(v, SH.message) if isinstance(m, Literal)]
            )

        return Component(
            node,
            sorted(params, key=str),
            validator(SH.validator),
            validator(SH.nodeValidator),
            validator(SH.propertyValidator),
            [m for m in g.objects(node, SH.message) if isinstance(m, Literal)],
        )

    def shape(self, node: Node) -> Shape:
        if node in self.by_node:
            return self.by_node[node]
        g = self.g
        path = g.value(node, SH.path)
        shape = Shape(
            node=node,
            path=path,
            sparql_path=None if path is None else render_path(g, path),
            severity=g.value(node, SH.severity) or SH.Violation,  # type: ignore[arg-type]
            messages=[m for m in g.objects(node, SH.message) if isinstance(m, Literal)],
            deactivated=_true(g, node, SH.deactivated),
        )
        self.by_node[node] = shape  # before the constraints: shapes may refer to themselves
        shape.class_targets = [c for c in g.objects(node, SH.targetClass) if isinstance(c, URIRef)]
        if node in self.classes and isinstance(node, URIRef):
            shape.class_targets.append(node)
        shape.node_targets = list(g.objects(node, SH.targetNode))
        shape.subjects_of = [p for p in g.objects(node, SH.targetSubjectsOf) if isinstance(p, URIRef)]
        shape.objects_of = [p for p in g.objects(node, SH.targetObjectsOf) if isinstance(p, URIRef)]
        for target in g.objects(node, SH.target):
            if (target, RDF.type, SH.SPARQLTarget) in g:
                shape.sparql_targets.append(_sparql(g, target, prebound=False))
            else:
                raise ShapesError(f"{node}: unsupported sh:target {target!r} (only sh:SPARQLTarget)")
        shape.constraints = list(self._constraints(node))
        shape.properties = [self.shape(p) for p in g.objects(node, SH.property)]
        return shape

    def _constraints(self, node: Node) -> Iterator[Constraint]:
        g = self.g
        for pred, component in _SINGLE.items():
            for value in g.objects(node, pred):
                if pred in _LISTS:
                    items = _items(g, value)
                    if pred in {SH["and"], SH["or"], SH.xone}:
                        yield Constraint(component, [self.shape(s) for s in items])
                    else:
                        yield Constraint(component, items)
                elif pred in _SHAPE_PARAMS:
                    yield Constraint(component, self.shape(value))
                elif pred == SH.uniqueLang:
                    if _true(g, node, SH.uniqueLang):
                        yield Constraint(component, True)
                else:
                    yield Constraint(component, value)
        for pattern in g.objects(node, SH.pattern):
            flags = g.value(node, SH.flags)
            try:
                regex = re.compile(str(pattern), _flags(str(flags or "")))
            except re.error as exc:
                raise ShapesError(f"{node}: sh:pattern {str(pattern)!r} is not a regular expression: {exc}") from exc
            yield Constraint("PatternConstraintComponent", regex)
        qvs = g.value(node, SH.qualifiedValueShape)
        if qvs is not None:
            extra = {
                "min": g.value(node, SH.qualifiedMinCount),
                "max": g.value(node, SH.qualifiedMaxCount),
                "disjoint": _true(g, node, SH.qualifiedValueShapesDisjoint),
                "siblings": self._siblings(node, qvs),
            }
            inner = self.shape(qvs)
            if extra["min"] is not None:
                yield Constraint("QualifiedMinCountConstraintComponent", inner, extra)
            if extra["max"] is not None:
                yield Constraint("QualifiedMaxCountConstraintComponent", inner, extra)
        if _true(g, node, SH.closed):
            allowed = {
                p for ps in g.objects(node, SH.property) for p in g.objects(ps, SH.path) if isinstance(p, URIRef)
            }
            ignored = {i for head in g.objects(node, SH.ignoredProperties) for i in _items(g, head)}
            yield Constraint("ClosedConstraintComponent", allowed | ignored)
        for sparql in g.objects(node, SH.sparql):
            yield Constraint("SPARQLConstraintComponent", _sparql(g, sparql))
        is_property = g.value(node, SH.path) is not None
        for comp in self.components:
            values = {path: g.value(node, path) for path, _optional in comp.parameters}
            if any(values[path] is None for path, optional in comp.parameters if not optional):
                continue
            chosen = (comp.property_validator if is_property else comp.node_validator) or comp.validator
            if chosen is not None:
                bound = {
                    str(path).rsplit("#", 1)[-1].rsplit("/", 1)[-1]: v for path, v in values.items() if v is not None
                }
                yield Constraint(str(comp.node), chosen, {"parameters": bound, "messages": comp.messages})

    def _siblings(self, node: Node, qvs: Node) -> list[Node]:
        """Sibling qualified value shapes (for sh:qualifiedValueShapesDisjoint): those of the parents' other properties."""
        if not _true(self.g, node, SH.qualifiedValueShapesDisjoint):
            return []
        out = []
        for parent in self.g.subjects(SH.property, node):
            for other in self.g.objects(parent, SH.property):
                for sib in self.g.objects(other, SH.qualifiedValueShape):
                    if sib != qvs:
                        out.append(sib)
        return out


def _flags(flags: str) -> int:
    out = 0
    for f in flags:
        out |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE, "q": 0}.get(f, 0)
    return out


def compile_shapes(shapes: Graph, ontology: Graph | None = None) -> Program:
    """Compile every shape with a target (and the shapes they refer to).

    A shape is any subject of a target predicate, an ``sh:NodeShape``/``sh:PropertyShape``, or an
    ``rdfs:Class`` that is also a shape (implicit class target).

    :raises ShapesError: a path, list, pattern or SPARQL target is malformed or unsupported
    """
    ontology = ontology if ontology is not None else Graph()
    compiler = _Compiler(shapes)
    candidates: set[Node] = set()
    for pred in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
        candidates |= set(shapes.subjects(pred, None))
    for kind in (SH.NodeShape, SH.PropertyShape):
        candidates |= {s for s in shapes.subjects(RDF.type, kind) if s in compiler.classes}
    top = [compiler.shape(n) for n in sorted(candidates, key=lambda n: (isinstance(n, BNode), str(n)))]
    edges = set(ontology.subject_objects(RDFS.subClassOf))
    return Program([s for s in top if s.has_target], compiler.by_node, edges)
