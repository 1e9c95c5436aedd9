"""The app answers what its OpenAPI document says: schemathesis (its Python API) over every operation of
the app's own ``/openapi.json``, against a real server on the corpus build.

Fixed seed, a few examples per operation and generation mode (valid and invalid parameters), every
answer checked by the checks below; the test asserts that none fails and prints the counts. Nothing
destructive is called: the update endpoint is only mounted with a write token, which these settings
do not have (and it is excluded by path as well). Redirects are not followed, so that the 303 of
``/id/…`` and of ``/sparql`` for browsers is checked as the answer it is.

``response_schema_conformance`` validates JSON answers (the ``Error`` envelope, ``/queries``); HTML
pages and RDF or SPARQL-results bodies are declared by media type only, so for them the check has
nothing to validate and passes — ``content_type_conformance`` is what checks them.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace

import pytest
import requests

schemathesis = pytest.importorskip("schemathesis", minversion="4")

from hypothesis import HealthCheck, Phase, given, seed  # noqa: E402  (after the importorskip)
from hypothesis import settings as hypothesis_settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.errors import FailureGroup  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.server import live_server  # noqa: E402

SEED = 20261201
EXAMPLES = 3  # per operation and generation mode
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
)
TIME_LIMIT = 150  # seconds for the whole run: a bound, not the expectation (about a minute on 2 cores)


def _run_operation(operation, mode, url: str, session: requests.Session, failures: Counter, examples: list) -> int:
    """Run the examples of one operation in one mode; count the failures by check. Returns the cases run."""
    ran = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @seed(SEED)
    @hypothesis_settings(
        max_examples=EXAMPLES,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case) -> None:
        nonlocal ran
        ran += 1
        response = case.call(base_url=url, session=session, timeout=30, allow_redirects=False)
        for check in CHECKS:
            try:
                case.validate_response(response, checks=[check])
            except FailureGroup as group:
                failures[check.__name__] += 1
                if len(examples) < 20:
                    examples.append(
                        f"{operation.label} {mode.value} {check.__name__}: {group.exceptions[0].title}"
                        f" — {response.status_code} for {case.as_curl_command(base_url=url)}"
                    )

    try:
        run()
    except Exception as exc:  # Unsatisfiable: an operation without parameters has no invalid variant
        if type(exc).__name__ != "Unsatisfiable":
            raise
    return ran


@pytest.mark.slow
def test_every_operation_answers_what_openapi_declares(corpus_build):
    settings, _, _ = corpus_build
    settings = replace(settings, query_workers=2, write_token=None)
    started = time.monotonic()
    with live_server(settings) as url:
        schema = schemathesis.openapi.from_url(url + "/openapi.json").exclude(path_regex="^/update")
        failures: Counter = Counter()
        examples: list[str] = []
        cases = operations = 0
        with requests.Session() as session:
            for result in schema.get_all_operations():
                operation = result.ok()
                operations += 1
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                    cases += _run_operation(operation, mode, url, session, failures, examples)
                    assert time.monotonic() - started < TIME_LIMIT, f"stopped after {cases} cases: too slow"
    print(
        f"schemathesis: {cases} cases over {operations} operations in {time.monotonic() - started:.0f} s; "
        f"failures by check: {dict(failures) or 'none'}"
    )
    assert operations > 40 and cases > 150
    assert not failures, f"{dict(failures)} in {cases} cases:\n" + "\n".join(examples)


@pytest.fixture(scope="module")
def client(corpus_build):
    from fastapi.testclient import TestClient

    from modgraph.web.app import create_app

    with TestClient(create_app(replace(corpus_build[0], query_workers=1))) as c:
        yield c


ASK = "ASK { ?s ?p ?o }"
GRAPH = "https://w3id.org/modgraph/graph/ontology"


@pytest.mark.parametrize(
    "path,params,parameter",
    [
        ("/sparql", {"query": ASK, "named-graph-uri": "}"}, "named-graph-uri"),
        ("/sparql", {"query": ASK, "default-graph-uri": "graph/relative"}, "default-graph-uri"),
        ("/sparql", {"query": "not even SPARQL", "default-graph-uri": "\x9a"}, "default-graph-uri"),
        ("/rdf-graphs", {"graph": "relative/graph"}, "graph"),
        ("/rdf-graphs", {"graph": GRAPH, "format": "nonsense"}, "format"),
        ("/queries/triples-per-graph", {"graph": "not an iri"}, "graph"),
        ("/queries/triples-per-graph", {"format": "turtle"}, "format"),  # SELECT: no RDF syntax
        ("/queries/status-on-date", {"on": "2017-13-45"}, "on"),
        ("/queries/shared-organisations", {"min_documents": "two"}, "min_documents"),
        ("/queries/same-topic-measures", {"cross_document": "maybe"}, "cross_document"),
        ("/deps/closure", {"iri": "x", "limit": "0"}, "limit"),
        ("/def", {"format": "csv"}, "format"),
        ("/class/", {"page": "0"}, "page"),
        ("/class/", {"page": "99999999999999999999"}, "page"),
        ("/", {"lang": "fr"}, "lang"),
        ("/void", {"format": "text/csv"}, "format"),
    ],
)
def test_malformed_parameters_are_400_naming_the_parameter(client, path, params, parameter):
    r = client.get(path, params=params)
    assert r.status_code == 400, (path, params, r.status_code, r.text[:300])
    body = r.json()
    assert body["error"] in ("bad-request", "bad-parameter") and parameter in body["message"], body


def test_post_dataset_iris_are_checked_as_well(client):
    r = client.post("/sparql", data={"query": ASK, "named-graph-uri": "x y"})
    assert r.status_code == 400 and "named-graph-uri" in r.json()["message"]
    ok = client.post("/sparql", data={"query": ASK, "named-graph-uri": GRAPH})
    assert ok.status_code == 200
