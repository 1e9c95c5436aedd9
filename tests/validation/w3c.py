"""The W3C SHACL test suite (data-shapes-test-suite) run through the compiled validator.

Every test reachable from ``tests/manifest.ttl`` (``mf:include`` is repeated triples) is an
``sht:Validate`` with a data graph and a shapes graph (often the test file itself) and either an
expected ``sh:ValidationReport`` or ``sht:Failure`` (the validator must raise an error). A test passes
when the normalised actual report is isomorphic to the normalised expected one, the suite's "full"
compliance: only the result predicates below, report and results as blank nodes, each result with its
own copy of its path, and ``sh:resultMessage`` only where the expected report has the same literal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from modgraph.pipeline.shacl.compile import compile_shapes, copy_path
from modgraph.pipeline.shacl.run import RawResult, Runner
from modgraph.store.terms import to_rdflib

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
_KEEP = (SH.focusNode, SH.resultSeverity, SH.sourceConstraintComponent, SH.sourceShape, SH.value)


@dataclass
class W3CTest:
    name: str  # the test's IRI relative to the suite's tests/ folder
    file: Path
    data: Path
    shapes: Path
    expected: Node  # the mf:result node in ``graph`` (sht:Failure or a report)
    graph: Graph  # the parsed test file


def _parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle", publicID=path.as_uri())


def collect(root: Path) -> list[W3CTest]:
    """Every test reachable from ``root/manifest.ttl``."""
    out: list[W3CTest] = []
    todo, seen = [root / "manifest.ttl"], set()
    while todo:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        g = _parse(path)
        for inc in g.objects(None, MF.include):
            todo.append(Path(str(inc).removeprefix("file://")))
        for head in g.objects(None, MF.entries):
            for entry in Collection(g, head):
                action = g.value(entry, MF.action)
                data, shapes = g.value(action, SHT.dataGraph), g.value(action, SHT.shapesGraph)
                out.append(
                    W3CTest(
                        name=str(entry).removeprefix(root.as_uri() + "/"),
                        file=path,
                        data=Path(str(data).removeprefix("file://")),
                        shapes=Path(str(shapes).removeprefix("file://")),
                        expected=g.value(entry, MF.result),  # type: ignore[arg-type]
                        graph=g,
                    )
                )
    return sorted(out, key=lambda t: t.name)


def _clone(src: Graph, node: Node, out: Graph) -> Node:
    """A copy of the (blank-node) structure at ``node`` with fresh blank nodes."""
    if not isinstance(node, BNode):
        return node
    copy = BNode()
    for p, o in src.predicate_objects(node):
        out.add((copy, p, _clone(src, o, out)))
    return copy


def _normalise(report: Graph, top: Node, messages: set[Literal]) -> Graph:
    out = Graph()
    node = BNode()
    out.add((node, RDF.type, SH.ValidationReport))
    out.add((node, SH.conforms, Literal(bool(report.value(top, SH.conforms).toPython()))))  # type: ignore[union-attr]
    for result in report.objects(top, SH.result):
        r = BNode()
        out.add((node, SH.result, r))
        out.add((r, RDF.type, SH.ValidationResult))
        for pred in _KEEP:
            for o in report.objects(result, pred):
                out.add((r, pred, o))
        for path in report.objects(result, SH.resultPath):
            out.add((r, SH.resultPath, _clone(report, path, out)))
        for m in report.objects(result, SH.resultMessage):
            if m in messages:
                out.add((r, SH.resultMessage, m))
    return out


def actual_report(test: W3CTest) -> Graph:
    """The compiled validator's report on the test's data, as a W3C report graph.

    :raises Exception: whatever the compiler or the runner raises on bad shapes (an expected failure)
    """
    store = ox.Store()
    name = ox.NamedNode(test.data.as_uri())
    store.load(path=str(test.data), format=ox.RdfFormat.TURTLE, base_iri=test.data.as_uri(), to_graph=name)
    shapes = _parse(test.shapes)
    program = compile_shapes(shapes, Graph())
    runner = Runner(store, [name], program)
    raw: list[RawResult] = runner.validate()
    g = Graph()
    top = BNode()
    g.add((top, RDF.type, SH.ValidationReport))
    g.add((top, SH.conforms, Literal(not raw)))
    for r in raw:
        node = BNode()
        g.add((top, SH.result, node))
        g.add((node, SH.focusNode, to_rdflib(r.focus)))
        g.add((node, SH.resultSeverity, r.shape.severity))
        g.add((node, SH.sourceShape, r.shape.node))
        g.add((node, SH.sourceConstraintComponent, URIRef(r.component) if ":" in r.component else SH[r.component]))
        if r.value is not None:
            g.add((node, SH.value, to_rdflib(r.value)))
        if r.path is not None:
            g.add((node, SH.resultPath, copy_path(shapes, r.path, g)))
        for m in r.messages or r.shape.messages:
            g.add((node, SH.resultMessage, m))
    return g


def run(test: W3CTest) -> tuple[bool, str]:
    """(passed, why not)."""
    if test.expected == SHT.Failure:
        try:
            actual_report(test)
        except Exception:  # noqa: BLE001 - any error is the expected outcome
            return True, ""
        return False, "no error raised"
    try:
        actual = actual_report(test)
    except Exception as exc:  # noqa: BLE001 - reported as the test's failure reason
        return False, f"{type(exc).__name__}: {exc}"
    messages = set(test.graph.objects(None, SH.resultMessage))
    expected = _normalise(test.graph, test.expected, messages)
    top = actual.value(None, RDF.type, SH.ValidationReport)
    got = _normalise(actual, top, messages)
    if isomorphic(expected, got):
        return True, ""
    n_exp = len(list(expected.objects(None, SH.result)))
    n_got = len(list(got.objects(None, SH.result)))
    return False, f"report differs: {n_got} results, {n_exp} expected"


def suite_root(external: Path) -> Path:
    return external / "shacl-tests" / "tests"
