"""Shared fixtures of the validator tests: the shapes and ontology graphs, a comparison key, the W3C count."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from modgraph.pipeline.shacl.compile import compile_shapes
from modgraph.pipeline.shacl.run import RawResult, Runner
from modgraph.pipeline.validation import Result, load_turtle_dir
from modgraph.settings import Settings

#: lines for the terminal summary (the W3C SHACL suite's pass count)
W3C_SHACL_REPORT: list[str] = []


@pytest.fixture(scope="session")
def shapes_graph() -> Graph:
    """The project's shapes; one object for both validators, so that blank-node shapes keep their ids."""
    return load_turtle_dir(Settings.load().shapes_dir)


@pytest.fixture(scope="session")
def ontology_graph() -> Graph:
    return load_turtle_dir(Settings.load().ontology_dir)


def key(r: Result) -> tuple:
    """Everything a result says, passages included."""
    passages = tuple((p.document, p.line, p.text) for p in r.passages)
    return (r.severity, r.focus, r.path, r.value, r.shape, r.constraint, r.message_en, r.message_de, passages)


def assert_candidates_miss_nothing(store: ox.Store, graphs: list[ox.NamedNode], shapes: Graph, ontology: Graph) -> None:
    """The validation through the candidate queries (``Runner.validate``) gives the results of evaluating every
    focus node of every shape, and the queries do prune: some shape's candidates are fewer than its focus nodes."""
    program = compile_shapes(shapes, ontology)
    bounded = Runner(store, graphs, program, ontology.subject_objects(RDF.type))
    via_candidates = bounded.validate()
    runner = Runner(store, graphs, program, ontology.subject_objects(RDF.type))
    every = [r for shape in program.shapes for r in runner.evaluate(shape, runner.focus_nodes(shape))]

    def rows(raw: list[RawResult]) -> Counter:
        return Counter((str(r.shape.node), r.component, str(r.focus), str(r.value), str(r.path)) for r in raw)

    assert rows(via_candidates) == rows(every)
    assert len(bounded.unbounded) < len(program.shapes) / 2, [str(s.node) for s in bounded.unbounded]
    pruned = [
        s for s in program.shapes if s not in bounded.unbounded and bounded.candidates[s] < len(runner.focus_nodes(s))
    ]
    assert pruned, "no candidate query left out a focus node"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if W3C_SHACL_REPORT:
        terminalreporter.section("W3C SHACL test suite through the compiled validator")
        for line in W3C_SHACL_REPORT:
            terminalreporter.write_line(line)
