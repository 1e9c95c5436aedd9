"""No request escapes: SERVICE and LOAD, however written, reach nothing from the public endpoints.

One real server (``live_server``) on a small build, one loopback listener that records every
connection. Every probe (the bypasses found by the attacker's probe and a generated set of
variants, ``cases.py``) is sent by GET and POST to /sparql and by POST (direct and form) to /update
with the token; for every one the listener must have received nothing, and the answer must be a
normal result or a 4xx JSON error, never a 5xx. The controls prove the listener and the probes work:
the test process reaches the listener, and an unisolated pyoxigraph sends each bypass to it.
"""

from __future__ import annotations

import asyncio
import os
from types import SimpleNamespace

import httpx
import pyoxigraph as ox
import pytest

from modgraph.settings import Settings, SettingsError
from modgraph.store.builds import StoreLocation
from modgraph.web import sandbox
from modgraph.web.errors import WebError
from modgraph.web.sparql import MAX_NESTING
from modgraph.web.workers import WorkerPool

from ..api.builds import publish_build
from ..api.server import live_server, wait_until
from .cases import BYPASSES, DATA, fill, query_cases, update_cases
from .listener import Listener, loopback_listener

GRAPH = "http://x.example/graph"
TOKEN = "security-test-token"
UPDATE_HEADERS = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def listener():
    with loopback_listener() as server:
        yield server


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("store")
    publish_build(root, {GRAPH: (DATA.encode(), ox.RdfFormat.TURTLE, None)}, [GRAPH])
    return Settings.load(store=root, query_timeout=10.0, query_workers=2, max_query_length=20000, write_token=TOKEN)


@pytest.fixture(scope="module")
def server(settings):
    from modgraph.web.app import create_app

    app = create_app(settings)
    with live_server(settings, app) as url:
        yield SimpleNamespace(url=url, app=app)


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def assert_safe(response: httpx.Response, listener: Listener, before: int, case: str) -> None:
    """Nothing reached the listener; the answer is a result or a 4xx JSON error (never 5xx)."""
    assert listener.count == before, f"{case}: the listener was reached: {listener.connections[before:]}"
    status = response.status_code
    if status >= 300:
        assert 400 <= status < 500, f"{case}: {status} {response.text[:300]}"
        assert response.headers["content-type"].startswith("application/json"), case
        assert response.json()["error"], case


# ---- controls: the test can fail -------------------------------------------------------------------


def test_control_the_listener_is_reachable_from_the_test_process(listener):
    before = listener.count
    httpx.get(f"http://127.0.0.1:{listener.port}/control", timeout=5)
    assert listener.count == before + 1 and listener.connections[-1].startswith("GET /control")


@pytest.mark.parametrize("name", sorted(BYPASSES))
def test_control_an_unisolated_engine_sends_each_bypass(listener, name):
    store = ox.Store()
    store.load(DATA.encode(), ox.RdfFormat.TURTLE)
    before = listener.count
    list(store.query(fill(BYPASSES[name], listener.port)))  # the request forgery the isolation stops
    assert listener.count > before, f"{name} does not call the SERVICE: the probe proves nothing"


# ---- the workers are isolated -----------------------------------------------------------------------


def test_workers_run_in_their_own_network_namespace(server, client):
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    pool = server.app.state.resources.pool
    own = os.readlink("/proc/self/ns/net")

    def isolated() -> bool:  # a worker started just now may not have reached its first line yet
        pids = pool.pids()
        return len(pids) == pool.size and all(os.readlink(f"/proc/{pid}/ns/net") != own for pid in pids)

    wait_until(isolated, timeout=20, what="every worker in its own network namespace")


# ---- /sparql -------------------------------------------------------------------------------------------

QUERIES = query_cases()


@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
def test_no_query_reaches_the_listener(client, listener, method):
    answers = {}
    for name, template in QUERIES:
        text = fill(template, listener.port)
        before = listener.count
        if method == "GET":
            r = client.get("/sparql", params={"query": text})
        elif method == "POST-form":
            r = client.post("/sparql", data={"query": text})
        else:
            r = client.post("/sparql", content=text, headers={"content-type": "application/sparql-query"})
        assert_safe(r, listener, before, f"{method} {name}")
        answers[name] = r.status_code
    # a SERVICE the engine really calls fails for want of a network: 403 service-disabled
    for name in BYPASSES:
        assert answers[name] == 403, (name, answers[name])


def test_service_disabled_is_403_json(client, listener):
    r = client.get("/sparql", params={"query": fill(BYPASSES["true.SERVICE"], listener.port)})
    assert r.status_code == 403 and r.json()["error"] == "service-disabled", r.text


# ---- /update ---------------------------------------------------------------------------------------------


def current_build(settings: Settings) -> str:
    return StoreLocation(settings.store).require_current().id


@pytest.mark.parametrize("form", [False, True], ids=["direct", "form"])
def test_no_update_reaches_the_listener(client, listener, settings, form):
    for name, template in update_cases():
        text = fill(template, listener.port)
        before, build = listener.count, current_build(settings)
        if form:
            r = client.post("/update", data={"update": text}, headers=UPDATE_HEADERS)
        else:
            headers = {**UPDATE_HEADERS, "content-type": "application/sparql-update"}
            r = client.post("/update", content=text, headers=headers)
        assert_safe(r, listener, before, f"update {name}")
        if r.status_code != 200:
            assert current_build(settings) == build, f"{name}: a refused update published a build"
        if name in ("load", "load-into", "load-prefixed", "load-relative", "load-after-insert"):
            assert (r.status_code, r.json()["error"]) == (403, "load-disabled"), (name, r.text)
        if name in ("insert-where-service", "delete-where-service", "insert-where-true.SERVICE"):
            assert (r.status_code, r.json().get("error")) == (403, "service-disabled"), (name, r.text)


@pytest.mark.parametrize("iri", ["file:///etc/passwd", "file:///nonexistent.ttl", "ftp://127.0.0.1/x.ttl"])
def test_load_of_another_scheme_is_4xx_json(client, settings, iri):
    build = current_build(settings)
    headers = {**UPDATE_HEADERS, "content-type": "application/sparql-update"}
    r = client.post("/update", content=f"LOAD <{iri}>", headers=headers)
    assert 400 <= r.status_code < 500 and r.json()["error"], r.text
    assert current_build(settings) == build
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200  # the worker lives on


# ---- nesting ----------------------------------------------------------------------------------------------


def test_deep_nesting_is_400_too_deep_and_the_workers_live_on(client, server, listener):
    deep = "SELECT * WHERE { " + "{" * 3000 + "}" * 3000 + " }"
    hidden = "PREFIX x: <http://x.example/> SELECT * WHERE { ?s x:a\\# ?o . " + "{" * 3000 + "}" * 3000 + " }"
    pids = set(server.app.state.resources.pool.pids())
    for text in (deep, hidden):
        for r in (
            client.get("/sparql", params={"query": text}),
            client.post("/sparql", content=text, headers={"content-type": "application/sparql-query"}),
        ):
            assert r.status_code == 400 and r.json()["error"] == "too-deep", r.text[:200]
    update = "INSERT { ?s ?p ?o } WHERE { " + "{" * 3000 + "}" * 3000 + " }"
    r = client.post("/update", content=update, headers={**UPDATE_HEADERS, "content-type": "application/sparql-update"})
    assert r.status_code == 400 and r.json()["error"] == "too-deep"
    assert set(server.app.state.resources.pool.pids()) == pids  # no worker crashed


def test_nesting_at_the_bound_runs(client):
    depth = MAX_NESTING - 1  # the WHERE group itself is one level
    text = "SELECT * WHERE { " + "{" * depth + "}" * depth + " }"
    assert client.get("/sparql", params={"query": text}).status_code == 200


# ---- fail closed ------------------------------------------------------------------------------------------


def _refused() -> None:
    """An isolation that fails, as on a kernel without user namespaces (picklable: workers are spawned)."""
    raise sandbox.IsolationUnavailable("unshare(CLONE_NEWUSER|CLONE_NEWNET): Operation not permitted")


def _ran(payload, cache):  # a task that must never run in an unisolated worker
    return ("ran", payload)


def test_a_worker_without_isolation_runs_nothing_and_answers_503():
    """Real spawned workers whose isolation fails: they start, run no task, and the answer is 503 JSON."""

    async def scenario():
        pool = WorkerPool(1, timeout=20.0, isolate=_refused)
        await pool.start()
        try:
            answer = await pool.run(_ran, "payload")
        finally:
            await pool.stop()
        return answer

    answer = asyncio.run(scenario())
    assert isinstance(answer, sandbox.Unisolated) and "Operation not permitted" in answer.message
    with pytest.raises(WebError) as raised:
        sandbox.checked(answer)
    assert raised.value.status == 503 and raised.value.code == "isolation-unavailable"
    assert raised.value.message.startswith("network isolation unavailable: ")


def test_isolation_self_check_fails_outside_a_namespace():
    with pytest.raises(sandbox.IsolationUnavailable):
        sandbox.check_isolated()  # the test process has the host's network


# ---- settings and other parsers ---------------------------------------------------------------------------


def test_the_allowlist_setting_is_gone(tmp_path):
    with pytest.raises(SettingsError, match="federation is switched off"):
        Settings.load(tmp_path, environ={"MODGRAPH_SERVICE_ALLOWLIST": "http://example.org/sparql"})
    (tmp_path / "modgraph.toml").write_text('service_allowlist = ["http://example.org/sparql"]\n')
    with pytest.raises(SettingsError, match="federation is switched off"):
        Settings.load(tmp_path, environ={})


def test_pyoxigraph_parsers_fetch_no_remote_documents(listener):
    # nothing in the app parses client-supplied RDF outside the isolated workers; this checks that the
    # parsers themselves do not fetch JSON-LD contexts or XML external entities either
    base = f"http://127.0.0.1:{listener.port}"
    jsonld = f'{{"@context": "{base}/context.jsonld", "@id": "http://x/a", "name": "b"}}'
    imported = f'{{"@context": {{"@import": "{base}/import.jsonld"}}, "@id": "http://x/a"}}'
    rdfxml = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "{base}/entity">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="http://x/a"><rdf:value>&e;</rdf:value></rdf:Description></rdf:RDF>'
    )
    before = listener.count
    for data, fmt in ((jsonld, ox.RdfFormat.JSON_LD), (imported, ox.RdfFormat.JSON_LD), (rdfxml, ox.RdfFormat.RDF_XML)):
        try:
            list(ox.parse(data.encode(), format=fmt))
        except (SyntaxError, ValueError, OSError):
            pass
    assert listener.count == before
