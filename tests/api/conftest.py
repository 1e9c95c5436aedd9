from __future__ import annotations

from pathlib import Path

import pytest

from modgraph.settings import Settings
from tests.missing import missing

W3C_REPORT: list[str] = []


@pytest.fixture(scope="session")
def external() -> Path:
    return Settings.load().external


@pytest.fixture(scope="session")
def sparql11(external: Path) -> Path:
    root = external / "sparql11-tests" / "sparql11"
    if not root.is_dir():
        missing(f"the W3C SPARQL 1.1 suites are not at {root} (set MODGRAPH_EXTERNAL)")
    return root


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if W3C_REPORT:
        terminalreporter.section("W3C SPARQL 1.1 conformance over HTTP")
        for line in W3C_REPORT:
            terminalreporter.write_line(line)
