"""Which focus nodes of a shape may fail it: one SPARQL query per shape, evaluated by the engine.

For a shape with class, node, subjects-of or objects-of targets, :func:`candidate_query` writes one
``SELECT DISTINCT ?this`` that joins the targets with a filter ``may_fail(?this)``: a SPARQL expression
that is true for every focus node the shape's constraints could report (a superset: it may also be
true for nodes that conform, never false for one that does not). The engine evaluates it without
handing a row to Python except the candidates; ``run.py`` then evaluates the shape on those candidates
alone, as before, so the results are exactly those of evaluating every focus node. Set-based: the
cost of a shape follows its candidates (its results, mostly), not the number of its focus nodes.

Each constraint contributes a test; a test is *exact* (true exactly for the failing nodes) or only
*conservative*. Where a constraint cannot be bounded in SPARQL (SPARQL constraints, ``sh:closed``,
``sh:pattern``, a ``sh:not`` of a shape whose test is not exact …) its test is ``true``: every focus
node of the shape (with a value, for value tests) is a candidate, i.e. the shape costs what it did.
Errors in a test (a comparison of incomparable values, an unknown cast) make it true by ``COALESCE``.
Shapes with SPARQL targets or blank-node targets get no query (``None``): they are evaluated on all
their focus nodes.

Why this module is long: every SHACL Core component needs its own bound; one reading of one
vocabulary reads best in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import count

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from modgraph.pipeline.shacl.compile import Constraint, Shape

#: a test: (SPARQL boolean expression, exact?)
Test = tuple[str, bool]
_TRUE: Test = ("true", False)
_FALSE: Test = ("false", True)
_NUMERIC = {str(XSD[t]) for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte")}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
#: "any value may fail": a test of each value node that is not written in SPARQL
_ANY: Test = ("true", False)
_VALUE_TESTS = {"PatternConstraintComponent", "XoneConstraintComponent"}
#: the datatypes the engine casts to (its XPath constructor functions): a well-typed value survives the cast
_CASTS = {
    str(XSD[t])
    for t in "boolean float double decimal integer dateTime date time duration yearMonthDuration dayTimeDuration".split()
}
_RANGE_OPS = {
    "MinExclusiveConstraintComponent": ">",
    "MinInclusiveConstraintComponent": ">=",
    "MaxExclusiveConstraintComponent": "<",
    "MaxInclusiveConstraintComponent": "<=",
}


def _term(term: Node) -> str | None:
    """A shapes-graph term in SPARQL syntax, None for a blank node."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        if term.language:
            return f"{_string(str(term))}@{term.language}"
        return f"{_string(str(term))}^^<{term.datatype or XSD.string}>"
    return None


def _string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _or(tests: list[Test]) -> Test:
    tests = [t for t in tests if t != ("false", True)]
    if not tests:
        return _FALSE
    if any(t[0] == "true" for t in tests):
        return ("true", all(t[1] for t in tests))
    return ("(" + " || ".join(t[0] for t in tests) + ")", all(t[1] for t in tests))


def _and(tests: list[Test]) -> Test:
    if any(t == _FALSE for t in tests):
        return _FALSE
    known = [t for t in tests if t[0] != "true"]
    exact = all(t[1] for t in tests)
    if not known:
        return ("true", exact)
    return ("(" + " && ".join(t[0] for t in known) + ")", exact)


def _not(test: Test) -> Test:
    if not test[1]:
        return _TRUE
    return {"true": ("false", True), "false": ("true", True)}.get(test[0], (f"!{test[0]}", True))


def _ok(expr: str) -> str:
    """A failure test from a conformance test: errors count as failing (a candidate)."""
    return f"!COALESCE({expr}, false)"


@dataclass
class Bounds:
    """Writes the may-fail tests of shapes; ``subclasses(c)`` is every class whose instances are instances of
    ``c`` (``c`` included), as the runner reads the subclassing."""

    subclasses: Callable[[Node], set[Node]]

    def __post_init__(self) -> None:
        self._names = count()
        self._stack: list[Shape] = []

    def var(self) -> str:
        return f"?_c{next(self._names)}"

    def shape(self, shape: Shape, x: str) -> Test:
        """May ``x`` fail ``shape`` (as a focus node)?"""
        if shape.deactivated:
            return _FALSE
        if shape in self._stack:  # a shape that refers to itself: not bounded
            return _TRUE
        self._stack.append(shape)
        try:
            tests = [self._constraint(shape, c, x) for c in shape.constraints]
            if shape.path is None:
                tests += [self.shape(p, x) for p in shape.properties]
            elif shape.properties:
                v = self.var()
                nested = _or([self.shape(p, v) for p in shape.properties])
                tests.append(self._exists(shape, x, v, nested))
            return _or(tests)
        finally:
            self._stack.pop()

    def _exists(self, shape: Shape, x: str, v: str, test: Test) -> Test:
        """Some value node ``v`` of ``x`` passes ``test`` (for a node shape ``v`` is ``x`` itself: the test as it is)."""
        if test == _FALSE or shape.sparql_path is None:
            return test
        body = f"{x} {shape.sparql_path} {v} ."
        if test[0] != "true":
            body += f" FILTER({test[0]})"
        return (f"EXISTS {{ {body} }}", test[1])

    def _value_var(self, shape: Shape, x: str) -> str:
        """The variable of a value node: ``x`` itself for a node shape."""
        return x if shape.sparql_path is None else self.var()

    def _values(self, shape: Shape, x: str, n: int) -> str:
        """``x`` has at least ``n`` (1 or 2) distinct value nodes."""
        if shape.sparql_path is None:
            return "true" if n <= 1 else "false"
        a, b = self.var(), self.var()
        if n <= 1:
            return f"EXISTS {{ {x} {shape.sparql_path} {a} }}"
        return f"EXISTS {{ {x} {shape.sparql_path} {a} . {x} {shape.sparql_path} {b} . FILTER(!sameTerm({a}, {b})) }}"

    def _constraint(self, shape: Shape, c: Constraint, x: str) -> Test:
        name = c.component
        if name in {"MinCountConstraintComponent", "MaxCountConstraintComponent"}:
            n = int(c.value)
            if name.startswith("Min"):
                return _FALSE if n <= 0 else (f"!{self._values(shape, x, n)}", True) if n <= 2 else _TRUE
            return (self._values(shape, x, n + 1), True) if n <= 1 else _TRUE
        if name == "HasValueConstraintComponent":
            wanted = _term(c.value)
            if wanted is None:
                return _TRUE
            if shape.sparql_path is None:
                return (f"!sameTerm({x}, {wanted})", True)
            return (f"NOT EXISTS {{ {x} {shape.sparql_path} {wanted} }}", True)
        if name == "UniqueLangConstraintComponent":
            if shape.sparql_path is None:
                return _FALSE
            a, b = self.var(), self.var()
            same = f'!sameTerm({a}, {b}) && LANG({a}) != "" && LCASE(LANG({a})) = LCASE(LANG({b}))'
            return (f"EXISTS {{ {x} {shape.sparql_path} {a} . {x} {shape.sparql_path} {b} . FILTER({same}) }}", True)
        if name == "DisjointConstraintComponent" and shape.sparql_path is not None:
            v = self.var()
            return (f"EXISTS {{ {x} {shape.sparql_path} {v} . {x} <{c.value}> {v} }}", True)
        if name in {"LessThanConstraintComponent", "LessThanOrEqualsConstraintComponent"}:
            if shape.sparql_path is None:
                return _TRUE
            v, o = self.var(), self.var()
            op = "<" if name == "LessThanConstraintComponent" else "<="
            return (
                f"EXISTS {{ {x} {shape.sparql_path} {v} . {x} <{c.value}> {o} . FILTER({_ok(f'{v} {op} {o}')}) }}",
                False,
            )
        if name == "QualifiedMinCountConstraintComponent":
            n = int(c.extra["min"])
            if n <= 0:
                return _FALSE
            if n > 1 or c.extra["siblings"] or shape.sparql_path is None:
                return _TRUE
            # a value outside the inner shape's bound conforms to it for sure: fails only if there is none
            v = self.var()
            inner = self.shape(c.value, v)[0]
            if inner == "true":
                return _TRUE
            sure = "" if inner == "false" else f" FILTER(!({inner}))"
            return (f"NOT EXISTS {{ {x} {shape.sparql_path} {v} .{sure} }}", False)
        v = self._value_var(shape, x)
        test = self._value(c, v)
        if test is None:
            return _TRUE
        return self._exists(shape, x, v, test)

    def _value(self, c: Constraint, v: str) -> Test | None:
        """May the value node ``v`` fail ``c`` (a test of the value alone)? None: not a value test."""
        name = c.component
        if name == "ClassConstraintComponent":
            classes = " ".join(t for t in (_term(k) for k in sorted(self.subclasses(c.value), key=str)) if t)
            t = self.var()
            return (f"NOT EXISTS {{ {v} <{RDF.type}> {t} . VALUES {t} {{ {classes} }} }}", False)
        if name == "DatatypeConstraintComponent":
            return _datatype(str(c.value), v)
        if name == "NodeKindConstraintComponent":
            kind = _NODE_KINDS.get(c.value)
            return (f"!{kind.format(v=v)}", True) if kind else _ANY
        if name == "InConstraintComponent":
            terms = [_term(t) for t in c.value]
            if any(t is None for t in terms):
                return _ANY
            if not terms:
                return ("true", True)
            return ("!(" + " || ".join(f"sameTerm({v}, {t})" for t in terms) + ")", True)
        if name in _RANGE_OPS:
            bound = c.value
            if not (isinstance(bound, Literal) and str(bound.datatype) in _NUMERIC):
                return _ANY
            return (_ok(f"isNumeric({v}) && {v} {_RANGE_OPS[name]} {_term(bound)}"), False)
        if name in {"MinLengthConstraintComponent", "MaxLengthConstraintComponent"}:
            op = ">=" if name.startswith("Min") else "<="
            return (_ok(f"!isBlank({v}) && STRLEN(STR({v})) {op} {int(c.value)}"), False)
        if name == "LanguageInConstraintComponent":
            ranges = " || ".join(f"langMatches(LANG({v}), {_string(str(r))})" for r in c.value) or "false"
            return (_ok(f"isLiteral({v}) && ({ranges})"), False)
        if name == "NodeConstraintComponent":
            return self.shape(c.value, v)
        if name == "NotConstraintComponent":
            return _not(self.shape(c.value, v))
        if name == "AndConstraintComponent":
            return _or([self.shape(s, v) for s in c.value])
        if name == "OrConstraintComponent":
            return _and([self.shape(s, v) for s in c.value])
        if name in _VALUE_TESTS:  # a test of each value that SPARQL does not bound: any value may fail
            return _ANY
        return None  # equals, closed, qualified max, SPARQL …: not a test of the values alone


def _datatype(datatype: str, v: str) -> Test:
    """May ``v`` fail ``sh:datatype``? Well-typed values of a castable type are those the cast gives back unchanged."""
    literal = f'isLiteral({v}) && LANG({v}) = ""'
    if datatype == str(RDFS.Literal):
        return (f"!isLiteral({v})", True)
    if datatype == str(RDF.langString):
        return (_ok(f'isLiteral({v}) && LANG({v}) != ""'), True)
    if datatype == str(XSD.string):
        return (_ok(f"{literal} && DATATYPE({v}) = <{XSD.string}>"), True)
    if datatype == str(RDFS.Datatype):
        return _TRUE
    if datatype not in _CASTS:
        return _ANY
    return (_ok(f"{literal} && DATATYPE({v}) = <{datatype}> && STR(<{datatype}>(STR({v}))) = STR({v})"), False)


def candidate_query(shape: Shape, bounds: Bounds, ontology_instances: Callable[[Node], set[Node]]) -> str | None:
    """``SELECT DISTINCT ?this`` of the focus nodes of ``shape`` that may fail it; None where the targets
    cannot be written as a query (SPARQL targets, blank-node or literal targets).

    ``ontology_instances(c)``: the nodes typed ``c`` (or a subclass) by the ontology, which are not in the data.
    """
    if shape.sparql_targets or any(not isinstance(n, URIRef) for n in shape.node_targets):
        return None  # a literal target would come back from the engine in its canonical form
    test = bounds.shape(shape, "?this")
    if test == _FALSE:
        return "SELECT ?this WHERE { FILTER(false) }"
    targets = []
    for cls in shape.class_targets:
        classes = " ".join(t for t in (_term(k) for k in sorted(bounds.subclasses(cls), key=str)) if t)
        t = bounds.var()
        targets.append(f"{{ ?this <{RDF.type}> {t} . VALUES {t} {{ {classes} }} }}")
        extra = [_term(n) for n in ontology_instances(cls) if not isinstance(n, BNode)]
        if extra:
            targets.append("{ VALUES ?this { " + " ".join(t for t in extra if t) + " } }")
    if shape.node_targets:
        targets.append("{ VALUES ?this { " + " ".join(t for t in (_term(n) for n in shape.node_targets) if t) + " } }")
    for pred in shape.subjects_of:
        targets.append(f"{{ ?this <{pred}> {bounds.var()} }}")
    for pred in shape.objects_of:
        targets.append(f"{{ {bounds.var()} <{pred}> ?this }}")
    if not targets:
        return "SELECT ?this WHERE { FILTER(false) }"
    where = " UNION ".join(targets)
    if test[0] != "true":
        where += f" FILTER({test[0]})"
    return f"SELECT DISTINCT ?this WHERE {{ {where} }}"
