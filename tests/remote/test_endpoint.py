"""``modgraph serve`` with a SPARQL server as the store: the public endpoint, the catalogue's REST endpoints and
the pages over a real (network-isolated) Oxigraph server holding the corpus, next to the same app over the
embedded store; and the refusal to serve from a server that federates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from modgraph.store.remote import read_control
from modgraph.store.remote.probe import FederationEnabled, require_no_federation, server_federates
from modgraph.web.app import create_app
from tests.api.server import live_server
from tests.remote.conftest import RemoteCorpus, client_for
from tests.servers.oxigraph_server import OxigraphServer

CATALOGUE_CALLS = [
    ("shared-organisations", {}),
    ("programme-structure", {}),
    ("triples-per-graph", {}),
    ("status-on-date", {}),
    ("budget-plan-actual", {}),
]


@pytest.fixture(scope="module")
def apps(remote_corpus: RemoteCorpus, corpus_build) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    """(remote-backed app, embedded app), both in real uvicorn servers."""
    embedded_settings = corpus_build[0]
    with (
        live_server(remote_corpus.settings.with_overrides(max_rows=50, query_timeout=2)) as remote_url,
        live_server(embedded_settings.with_overrides(max_rows=50, query_timeout=2)) as embedded_url,
        httpx.Client(base_url=remote_url, timeout=30) as remote,
        httpx.Client(base_url=embedded_url, timeout=30) as embedded,
    ):
        yield remote, embedded


def _rows(response: httpx.Response) -> list:
    assert response.status_code == 200, response.text[:300]
    bindings = response.json()["results"]["bindings"]
    return sorted(
        sorted((k, v["value"], v.get("datatype", ""), v.get("xml:lang", "")) for k, v in b.items()) for b in bindings
    )


@pytest.mark.parametrize(("name", "params"), CATALOGUE_CALLS)
def test_catalogue_endpoints_answer_as_on_the_embedded_store(apps, name: str, params: dict) -> None:
    remote, embedded = apps
    accept = {"accept": "application/sparql-results+json"}
    theirs = remote.get(f"/queries/{name}", params=params, headers=accept)
    ours = embedded.get(f"/queries/{name}", params=params, headers=accept)
    if name == "shared-organisations":  # GROUP_CONCAT's order is not defined: compare the rows' sizes
        assert len(_rows(theirs)) == len(_rows(ours)) > 0
    else:
        assert _rows(theirs) == _rows(ours)
    assert theirs.headers.get("modgraph-result-count") == ours.headers.get("modgraph-result-count")


def test_the_dataset_is_the_builds_never_the_control_graph(apps, remote_corpus: RemoteCorpus) -> None:
    remote, embedded = apps
    query = {"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"}
    accept = {"accept": "application/sparql-results+json"}
    graphs = [
        b["g"]["value"] for b in remote.get("/sparql", params=query, headers=accept).json()["results"]["bindings"]
    ]
    assert graphs == sorted(remote_corpus.build.info.graphs)
    count = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    assert _rows(remote.get("/sparql", params=count, headers=accept)) == _rows(
        embedded.get("/sparql", params=count, headers=accept)
    )


def test_row_cap_and_formats(apps) -> None:
    remote, _ = apps
    response = remote.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["modgraph-truncated"] == "true"
    assert len(response.text.strip().splitlines()) == 51  # the header and max_rows rows
    graph = remote.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 7"}, headers={"accept": "text/turtle"}
    )
    assert graph.status_code == 200 and graph.headers["content-type"].startswith("text/turtle")
    assert graph.headers["modgraph-result-count"] == "7"


def test_updates_never_reach_the_server(apps, remote_corpus: RemoteCorpus) -> None:
    remote, _ = apps
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = next(iter(remote_corpus.client.select(count)))["n"].value
    insert = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    assert remote.post("/sparql", data={"query": insert}).status_code == 403  # refused before parsing
    assert remote.post("/sparql", data={"update": insert}).status_code == 403
    # a text the lexical check takes for a SELECT, which pyoxigraph does not parse as a query: never sent
    sneaky = "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    response = remote.post("/sparql", data={"query": sneaky})
    assert response.status_code == 400 and response.json()["error"] == "syntax-error"
    assert next(iter(remote_corpus.client.select(count)))["n"].value == before


def test_the_update_endpoint_refuses_on_a_server_store(remote_corpus: RemoteCorpus) -> None:
    settings = remote_corpus.settings.with_overrides(write_token="t0ken")
    with live_server(settings) as url:
        response = httpx.post(
            f"{url}/update",
            content=b"INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }",
            headers={"authorization": "Bearer t0ken", "content-type": "application/sparql-update"},
        )
    assert response.status_code == 409 and "modgraph build" in response.json()["message"]
    assert read_control(remote_corpus.client).build_id == remote_corpus.build.info.id  # type: ignore[union-attr]


def test_a_long_query_is_stopped_at_the_time_limit(apps) -> None:
    remote, _ = apps
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response = remote.get("/sparql", params={"query": heavy})
    assert response.status_code == 504 and response.json()["error"] == "timeout"
    # the server (started with --timeout-s 3) stops it too, and goes on answering
    assert remote.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200


def test_a_syntax_error_is_explained_as_on_the_embedded_store(apps) -> None:
    remote, embedded = apps
    bad = {"query": "SELECT * WHERE { ?s skos:prefLabel ?o }"}
    theirs, ours = remote.get("/sparql", params=bad).json(), embedded.get("/sparql", params=bad).json()
    assert theirs == ours and theirs["error"] == "syntax-error"


def test_pages_read_through_the_server(apps) -> None:
    remote, embedded = apps
    for path in ("/doc/measure/zov-2017/3-2", "/doc/organisation/dataport"):
        theirs = remote.get(path, headers={"accept": "text/turtle"})
        ours = embedded.get(path, headers={"accept": "text/turtle"})
        assert theirs.status_code == ours.status_code == 200
        assert len(theirs.text) == len(ours.text)
    html = remote.get("/doc/measure/zov-2017/3-2", headers={"accept": "text/html"})
    assert html.status_code == 200 and "<html" in html.text


def test_a_server_that_federates_is_refused(tmp_path: Path, remote_corpus: RemoteCorpus) -> None:
    assert not server_federates(remote_corpus.client)  # the isolated one
    with OxigraphServer(tmp_path).running() as server:  # the same program with network
        client = client_for(server)
        assert server_federates(client)
        with pytest.raises(FederationEnabled, match="makes SERVICE requests"):
            require_no_federation(client)
        settings = remote_corpus.settings.with_overrides(
            store_url=server.base_url,
            store_query_url=server.query_url,
            store_update_url=server.update_url,
            store_gsp_url=server.gsp_url,
        )
        with pytest.raises(RuntimeError, match="did not start"), live_server(settings, create_app(settings)):
            pass
