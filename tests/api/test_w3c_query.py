"""The W3C SPARQL 1.1 query-evaluation tests, run through the HTTP endpoint of a real uvicorn server.

For each test: publish a fresh build holding its data (unless the test before had the same dataset: its build
is still served), send its query over HTTP with the Accept type of the expected result, parse the response and
compare. The same test is also run on pyoxigraph
directly; every test pyoxigraph passes directly must pass over HTTP.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from modgraph.settings import Settings
from modgraph.web.sparql_text import analyse

from . import w3c
from .builds import publish_build
from .conftest import W3C_REPORT
from .server import live_server

pytestmark = pytest.mark.slow

RESULT_PARSERS = {
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDFLIB_SYNTAX = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt"}


def _check(test: w3c.QueryTest, query: str, accept: str, body: bytes) -> bool:
    ordered = w3c.outer_order_by(test.query.read_text(encoding="utf-8"))
    if accept == "text/csv":
        return w3c.rows_match(
            w3c.csv_rows(body.decode("utf-8")), w3c.csv_rows(test.result.read_text(encoding="utf-8")), ordered
        )
    if accept in RDFLIB_SYNTAX:
        return w3c.graphs_isomorphic(body, RDFLIB_SYNTAX[accept], test.result)
    actual = w3c.solutions_from_ox(ox.parse_query_results(body, RESULT_PARSERS[accept]))
    return w3c.solutions_match(actual, w3c.expected_solutions(test.result), ordered)


def run_direct(test: w3c.QueryTest, query: str, accept: str) -> bool:
    """The same test on pyoxigraph itself, with the same dataset the endpoint uses."""
    store = ox.Store()
    for name, (data, fmt, base) in w3c.graphs_of(test).items():
        store.load(data, fmt, base_iri=base, to_graph=ox.NamedNode(name))
    params = w3c.dataset_params(test, analyse(query).has_dataset_clause)
    kwargs: dict = {}
    if params:
        kwargs["default_graph"] = [ox.NamedNode(v) for k, v in params if k == "default-graph-uri"]
        kwargs["named_graphs"] = [ox.NamedNode(v) for k, v in params if k == "named-graph-uri"]
    elif not analyse(query).has_dataset_clause:
        kwargs["default_graph"] = [ox.NamedNode(w3c.iri(d)) for d in test.data]
    try:
        results = store.query(query, **kwargs)
        if isinstance(results, ox.QueryTriples):
            fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML}[accept]
            return _check(test, query, accept, ox.serialize(list(results), format=fmt))
        fmt = RESULT_PARSERS.get(accept) or ox.QueryResultsFormat.CSV
        return _check(test, query, accept, results.serialize(format=fmt))
    except (SyntaxError, ValueError, RuntimeError, OSError):
        return False


def run_http(
    client: httpx.Client, root: Path, test: w3c.QueryTest, query: str, accept: str, served: list[tuple]
) -> tuple[bool, str]:
    """Publish the test's dataset (``served``: the key of the one served now, replaced) and ask the endpoint."""
    key = w3c.dataset_key(test)
    if served != [key]:
        publish_build(root, w3c.graphs_of(test), [w3c.iri(d) for d in test.data])
        served[:] = [key]
    return ask_endpoint(client, test, query, accept)


def ask_endpoint(client: httpx.Client, test: w3c.QueryTest, query: str, accept: str) -> tuple[bool, str]:
    """POST the test's query to ``/sparql`` (the dataset as protocol parameters) and check the answer."""
    params = w3c.dataset_params(test, analyse(query).has_dataset_clause)
    response = client.post(
        "/sparql",
        params=params,
        content=query.encode("utf-8"),
        headers={"content-type": "application/sparql-query", "accept": accept},
    )
    if response.status_code != 200:
        return False, f"HTTP {response.status_code}: {response.text[:200]}"
    served = response.headers["content-type"].split(";")[0]
    if served != accept:
        return False, f"asked for {accept}, got {served}"
    try:
        return _check(test, query, accept, response.content), "results differ"
    except Exception as exc:  # a response we cannot parse is a failure of the endpoint
        return False, f"unparseable response: {exc}"


def run_suite(
    tests: list[w3c.QueryTest], run: Callable[[w3c.QueryTest, str, str], tuple[bool, str]], column: str
) -> tuple[list[str], list[int], list[str], set[str]]:
    """Each test directly on pyoxigraph and by ``run(test, query, accept)``; → the table (one line per suite,
    the total of ``mf:QueryEvaluationTest``, the failures), the totals (tests, direct, ``column``), the tests
    that pass directly but fail by ``run``, and every test that fails by ``run`` (ids)."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tests, direct passes, passes by ``run``
    failures: list[str] = []
    regressions: list[str] = []
    failed: set[str] = set()
    for test in tests:
        query, accept = w3c.query_text(test), w3c.accept_for(test)
        direct = run_direct(test, query, accept)
        ok, reason = run(test, query, accept)
        key = test.suite if test.kind == "QueryEvaluationTest" else f"{test.suite} (CSVResultFormatTest)"
        counts = tally[key]
        counts[0] += 1
        counts[1] += direct
        counts[2] += ok
        if not ok:
            failed.add(test.id)
            failures.append(f"  {test.id} [{accept}] {'(also fails directly)' if not direct else ''} {reason}")
            if direct:
                regressions.append(test.id)
    total = [sum(c[i] for k, c in tally.items() if "CSV" not in k) for i in range(3)]
    lines = [f"{'suite':40} {'tests':>5} {'direct':>7} {column:>6}"]
    lines += [f"{suite:40} {n:5} {d:7} {h:6}" for suite, (n, d, h) in tally.items()]
    lines.append(f"{'total QueryEvaluationTest':40} {total[0]:5} {total[1]:7} {total[2]:6}")
    lines.append(f"failures ({column}):")
    return lines + failures, total, regressions, failed


def test_w3c_query_evaluation_over_http(sparql11: Path, tmp_path: Path) -> None:
    settings = Settings.load(store=tmp_path / "store", query_timeout=20, query_workers=2, max_rows=100_000)
    tests = [t for suite in w3c.QUERY_SUITES for t in w3c.load_suite(sparql11, suite)]
    assert len([t for t in tests if t.kind == "QueryEvaluationTest"]) == 226
    served: list[tuple] = []
    with live_server(settings) as url, httpx.Client(base_url=url, timeout=60) as client:
        lines, total, regressions, _ = run_suite(
            tests, lambda test, query, accept: run_http(client, settings.store, test, query, accept, served), "http"
        )
    W3C_REPORT.extend(lines)
    print("\n".join(W3C_REPORT))
    assert not regressions, f"pass directly but fail over HTTP: {regressions}"
    assert total[2] >= 215, f"only {total[2]} of 226 pass over HTTP"
