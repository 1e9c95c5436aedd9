"""The ASGI fast path of /sparql (``SparqlFastPath``) answers as the routes would, over a real uvicorn server."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from modgraph.settings import Settings
from modgraph.web.app import create_app
from modgraph.web.resources import Resources, resources

from .builds import publish_build, turtle
from .server import live_server

EX = "http://example.org/"
DATA = {EX + "graph/a": turtle(f"<{EX}p1> a <{EX}Programme> . <{EX}p2> a <{EX}Programme> .")}
SELECT = f"SELECT ?p WHERE {{ ?p a <{EX}Programme> }} ORDER BY ?p"
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root: Path = tmp_path_factory.mktemp("store")
    publish_build(root, DATA, [EX + "graph/a"])
    app = create_app(Settings.load(store=root, query_workers=1))
    with live_server(app.state.settings, app) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield app, client


def test_a_replaced_resources_dependency_is_honoured(served):
    # the fast path cannot resolve a replacement's own dependencies: such requests go on to the routes
    app, client = served
    r = client.post("/sparql", data={"query": SELECT}, headers={"accept": JSON})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 2
    original = app.state.resources
    app.dependency_overrides[resources] = lambda: Resources(original.settings.with_overrides(max_rows=1), original.pool)
    try:
        for r in (
            client.post("/sparql", data={"query": SELECT}, headers={"accept": JSON}),
            client.get("/sparql", params={"query": SELECT}, headers={"accept": JSON}),
        ):
            assert r.status_code == 200 and r.headers["modgraph-truncated"] == "true", r.text
            assert len(r.json()["results"]["bindings"]) == 1
    finally:
        app.dependency_overrides.clear()


def test_errors_are_answered_as_the_application_answers_them(served):
    _, client = served
    r = client.post("/sparql", content="query=x", headers={"content-type": "text/plain"})
    assert r.status_code == 415 and r.json()["error"] == "unsupported-media-type"
    accept = "text/html, application/sparql-results+json;q=0.9"  # a browser's: results as JSON, errors as HTML
    r = client.get("/sparql", params={"query": "SELECT * WHERE {"}, headers={"accept": accept})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html") and "syntax-error" in r.text
    r = client.get("/sparql", params={"query": SELECT}, headers={"origin": "https://x.example"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"


def test_what_is_not_a_query_goes_on_to_the_routes(served):
    _, client = served
    assert client.get("/sparql", headers={"accept": "text/turtle"}).text.count("sparql-service-description") >= 1
    assert client.get("/sparql", headers={"accept": "text/html"}).status_code == 303  # the editor
    assert client.put("/sparql", data={"query": SELECT}).status_code == 405
