"""Shared fixtures of the validator tests: the shapes and ontology graphs, a comparison key, the W3C count."""

from __future__ import annotations

import pytest
from rdflib import Graph

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


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if W3C_SHACL_REPORT:
        terminalreporter.section("W3C SHACL test suite through the compiled validator")
        for line in W3C_SHACL_REPORT:
            terminalreporter.write_line(line)
