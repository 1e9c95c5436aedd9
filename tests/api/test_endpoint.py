"""The SPARQL endpoint over a real uvicorn server: formats, errors, guardrails, caching, update, clients."""

from __future__ import annotations

import concurrent.futures
import time

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from modgraph.settings import Settings
from modgraph.web.app import create_app

from .builds import publish_build, turtle
from .server import live_server, wait_until

EX = "http://example.org/"
DOC_A, DOC_B, ONTOLOGY = EX + "graph/doc-a", EX + "graph/doc-b", EX + "graph/ontology"
DATA = {
    DOC_A: turtle(f'<{EX}p1> a <{EX}Programme> ; <{EX}name> "Digitales Bremen"@de ; <{EX}budget> 12.5 .'),
    DOC_B: turtle(f'<{EX}p2> a <{EX}Programme> ; <{EX}name> "Moderne Verwaltung"@de ; <{EX}budget> 3 .'),
    ONTOLOGY: turtle(f"<{EX}Programme> a <http://www.w3.org/2002/07/owl#Class> ."),
}
SELECT = f"SELECT ?p ?name WHERE {{ ?p a <{EX}Programme> ; <{EX}name> ?name }} ORDER BY ?p"
CONSTRUCT = f"CONSTRUCT {{ ?p a <{EX}Programme> }} WHERE {{ ?p a <{EX}Programme> }}"
# 30^7 ≈ 2·10^10 solutions: far beyond any time limit, and it needs no data at all
EXPENSIVE = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?v{i} {{ {' '.join(str(k) for k in range(30))} }}" for i in range(7))
    + " }"
)
TOKEN = "s3cret-test-token"


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("store")
    publish_build(root, DATA, [DOC_A, DOC_B])
    return Settings.load(
        store=root, query_timeout=2.0, query_workers=2, max_rows=3, max_query_length=2000, write_token=TOKEN
    )


@pytest.fixture(scope="module")
def app(settings: Settings):
    return create_app(settings)


@pytest.fixture(scope="module")
def server(settings: Settings, app):
    with live_server(settings, app) as url:
        yield url


@pytest.fixture()
def client(server: str):
    with httpx.Client(base_url=server, timeout=30) as c:
        yield c


def get(client: httpx.Client, query: str, accept: str | None = None, **params) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    return client.get("/sparql", params={"query": query, **params}, headers=headers)


# ---- protocol: the three ways to send a query ---------------------------------------------------------


def test_query_by_get_post_form_and_post_direct_agree(client):
    by_get = get(client, SELECT, "application/sparql-results+json")
    by_form = client.post("/sparql", data={"query": SELECT}, headers={"accept": "application/sparql-results+json"})
    by_body = client.post(
        "/sparql",
        content=SELECT,
        headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+json"},
    )
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert by_get.json() == by_form.json() == by_body.json()
    names = [b["name"]["value"] for b in by_get.json()["results"]["bindings"]]
    assert names == ["Digitales Bremen", "Moderne Verwaltung"]


def test_default_graph_is_union_of_data_graphs_only(client):
    r = get(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "6"  # the ontology graph is not in the union
    r = get(client, f"ASK {{ GRAPH <{ONTOLOGY}> {{ ?c a ?t }} }}", "application/sparql-results+json")
    assert r.json()["boolean"] is True  # … but addressable by name


def test_default_graph_uri_and_named_graph_uri_are_honoured(client):
    q = "SELECT ?p WHERE { ?p ?x ?y } "
    r = get(client, q, "text/csv", **{"default-graph-uri": DOC_B})
    assert {line for line in r.text.splitlines()[1:]} == {f"{EX}p2"}
    r = client.get(
        "/sparql",
        params=[
            ("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
            ("named-graph-uri", DOC_A),
            ("named-graph-uri", ONTOLOGY),
        ],
        headers={"accept": "text/csv"},
    )
    assert set(r.text.splitlines()[1:]) == {DOC_A, ONTOLOGY}


# ---- content negotiation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
def test_select_formats_parse_back(client, accept, fmt):
    r = get(client, SELECT, accept)
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    rows = list(ox.parse_query_results(r.content, fmt))
    assert [str(row["name"]) for row in rows] == ['"Digitales Bremen"@de', '"Moderne Verwaltung"@de']


def test_csv(client):
    r = get(client, SELECT, "text/csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines() == ["p,name", f"{EX}p1,Digitales Bremen", f"{EX}p2,Moderne Verwaltung"]


@pytest.mark.parametrize(
    "accept",
    ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"],
)
def test_ask_formats(client, accept):
    r = get(client, f"ASK {{ <{EX}p1> ?p ?o }}", accept)
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert "true" in r.text.lower()


@pytest.mark.parametrize(
    "accept,syntax",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_and_describe_formats(client, accept, syntax):
    for query in (CONSTRUCT, f"DESCRIBE <{EX}p1>"):
        r = get(client, query, accept)
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        g = rdflib.Graph().parse(data=r.content, format=syntax)
        assert (rdflib.URIRef(EX + "p1"), rdflib.RDF.type, rdflib.URIRef(EX + "Programme")) in g


def test_q_values_choose_the_preferred_format(client):
    r = get(client, SELECT, "application/sparql-results+xml;q=0.5, text/csv;q=0.9, */*;q=0.1")
    assert r.headers["content-type"].startswith("text/csv")
    r = get(client, CONSTRUCT, "text/turtle;q=0.2, application/n-triples")
    assert r.headers["content-type"].startswith("application/n-triples")
    r = get(client, SELECT)  # no Accept: JSON
    assert r.headers["content-type"].startswith("application/sparql-results+json")


def test_406_for_what_cannot_be_served(client):
    for query, accept in ((SELECT, "text/turtle"), (CONSTRUCT, "text/csv"), (SELECT, "image/png")):
        r = get(client, query, accept)
        assert r.status_code == 406, (query, accept)
        assert r.json()["offered"]


# ---- errors and guardrails -----------------------------------------------------------------------------


def test_syntax_error_is_400_with_position_and_no_trace(client):
    r = get(client, "SELECT * WHERE {\n  ?s ?p \n}")
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "syntax-error" and body["line"] == 3 and body["column"] >= 1
    assert "Traceback" not in r.text and 'File "' not in r.text


def test_query_too_long_is_413(client):
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 3000
    assert get(client, long_query).status_code == 413
    r = client.post("/sparql", content=long_query, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413


def test_result_rows_are_capped_and_the_truncation_stated(client):
    r = get(client, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert len(r.json()["results"]["bindings"]) == 3
    assert r.headers["Modgraph-Truncated"] == "true" and r.headers["Modgraph-Max-Rows"] == "3"
    assert "truncated" in r.headers["Warning"]
    r = get(client, SELECT, "application/sparql-results+json")
    assert "Modgraph-Truncated" not in r.headers


def test_update_is_refused_on_the_query_endpoint(client):
    update = f"INSERT DATA {{ <{EX}x> <{EX}y> <{EX}z> }}"
    assert client.post("/sparql", data={"update": update}).status_code == 403
    assert (
        client.post("/sparql", content=update, headers={"content-type": "application/sparql-update"}).status_code == 403
    )
    for text in (update, "CLEAR ALL", "DROP GRAPH <http://example.org/g>", "LOAD <http://example.org/data.ttl>"):
        assert get(client, text).status_code == 403, text


def test_service_is_disabled(client):
    # the workers have no network: the engine's own attempt fails, and that is answered 403
    for query in (
        "SELECT * WHERE { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }",
        "PREFIX e: <http://evil.example/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
        "SELECT * WHERE { VALUES ?e { <http://example.org/endpoint> } SERVICE ?e { ?s ?p ?o } }",
    ):
        r = get(client, query)
        assert r.status_code == 403 and r.json()["error"] == "service-disabled", (query, r.text)
    # SILENT: the failed call gives the one empty solution, as the recommendation says
    silent = get(client, "SELECT * WHERE { SERVICE SILENT <http://dbpedia.org/sparql> { ?s ?p ?o } }")
    assert silent.status_code == 200 and len(silent.json()["results"]["bindings"]) == 1
    # the word inside a literal is no SERVICE call
    assert get(client, 'SELECT * WHERE { BIND("SERVICE <http://x/>" AS ?s) }').status_code == 200


def test_timeout_stops_the_query_and_the_server_keeps_answering(client, server, app):
    pool = app.state.resources.pool
    wait_until(lambda: pool.idle == pool.size, what="both workers idle")
    killed_before = pool.killed

    def expensive():
        started = time.monotonic()
        with httpx.Client(base_url=server, timeout=60) as c:
            response = get(c, EXPENSIVE)
        return response, time.monotonic() - started

    with concurrent.futures.ThreadPoolExecutor(1) as threads:
        future = threads.submit(expensive)
        wait_until(lambda: pool.idle == pool.size - 1, what="the expensive query's start")
        started = time.monotonic()
        cheap = get(client, SELECT, "application/sparql-results+json")
        cheap_seconds = time.monotonic() - started
        slow, slow_seconds = future.result()
    assert cheap.status_code == 200 and cheap_seconds < 1.5  # answered while the other one runs
    assert slow.status_code == 504 and slow.json()["error"] == "timeout"
    assert 1.5 <= slow_seconds < 10  # limit is 2 s: stopped, not left running
    assert pool.killed == killed_before + 1
    wait_until(lambda: pool.idle == pool.size, what="the killed worker's replacement")  # both slots serve again
    answers = [get(client, SELECT).status_code for _ in range(4)]
    assert answers == [200] * 4


def test_etag_and_last_modified_revalidation(client):
    r = get(client, SELECT, "text/csv")
    etag, modified = r.headers["ETag"], r.headers["Last-Modified"]
    assert get(client, SELECT, "text/csv").headers["ETag"] == etag
    r304 = client.get("/sparql", params={"query": SELECT}, headers={"accept": "text/csv", "if-none-match": etag})
    assert r304.status_code == 304 and r304.content == b""
    r304 = client.get(
        "/sparql", params={"query": SELECT}, headers={"accept": "text/csv", "if-modified-since": modified}
    )
    assert r304.status_code == 304
    other = client.get(
        "/sparql", params={"query": SELECT}, headers={"accept": "text/tab-separated-values", "if-none-match": etag}
    )
    assert other.status_code == 200  # another representation, another validator


def test_cors(client):
    r = client.options("/sparql", headers={"origin": "https://yasgui.example", "access-control-request-method": "POST"})
    assert r.headers["access-control-allow-origin"] in ("*", "https://yasgui.example")
    r = client.get("/sparql", params={"query": SELECT}, headers={"origin": "https://x.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "ETag" in r.headers["access-control-expose-headers"]


# ---- descriptions and graph store ----------------------------------------------------------------------


def test_service_description(client):
    r = client.get("/sparql", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.content, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(g.subjects(rdflib.RDF.type, sd.Service))
    assert str(g.value(service, sd.endpoint)).endswith("/sparql")
    assert {str(n) for n in g.objects(None, sd.name)} == {DOC_A, DOC_B, ONTOLOGY}
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in g


def test_void(client):
    for path in ("/void", "/.well-known/void"):  # curl's default Accept gets the first RDF syntax, Turtle
        r = client.get(path, headers={"accept": "*/*"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle"), path
    r = client.get("/.well-known/void", headers={"accept": "application/n-triples"})
    g = rdflib.Graph().parse(data=r.content, format="nt")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = next(g.subjects(void.sparqlEndpoint, None))
    assert int(g.value(dataset, void.triples)) == 7
    assert int(g.value(rdflib.URIRef(ONTOLOGY), void.triples)) == 1


def test_graph_store_get(client):
    r = client.get("/rdf-graphs", params={"graph": ONTOLOGY}, headers={"accept": "application/n-triples"})
    assert r.status_code == 200 and len(rdflib.Graph().parse(data=r.content, format="nt")) == 1
    r = client.get("/rdf-graphs?default", headers={"accept": "text/turtle"})
    g = rdflib.Graph().parse(data=r.content, format="turtle")
    assert len(g) == 3 and r.headers["Modgraph-Truncated"] == "true"  # 6 triples, cap 3
    assert client.get("/rdf-graphs", params={"graph": EX + "nope"}).status_code == 404
    assert client.get("/rdf-graphs", params={"graph": ONTOLOGY}, headers={"accept": "text/csv"}).status_code == 406
    assert client.head("/rdf-graphs", params={"graph": ONTOLOGY}).status_code == 200


def test_openapi_documents_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/sparql", "/rdf-graphs", "/.well-known/void", "/update"):
        assert path in paths, path


# ---- real clients --------------------------------------------------------------------------------------


def test_sparqlwrapper(server):
    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(SELECT)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == ["Digitales Bremen", "Moderne Verwaltung"]
    sw.setMethod("POST")
    sw.setReturnFormat(CSV)
    assert b"Moderne Verwaltung" in sw.query().convert()
    sw.setQuery(CONSTRUCT)
    sw.setReturnFormat(TURTLE)
    assert len(rdflib.Graph().parse(data=sw.query().convert(), format="turtle")) == 2
    sw.setQuery("SELECT * WHERE { ?s ")
    sw.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        sw.query()


def test_rdflib_sparqlstore(server):
    graph = rdflib.Graph(store=SPARQLStore(server + "/sparql"))
    rows = list(graph.query(SELECT))
    assert [str(r.name) for r in rows] == ["Digitales Bremen", "Moderne Verwaltung"]
    assert (rdflib.URIRef(EX + "p1"), rdflib.RDF.type, rdflib.URIRef(EX + "Programme")) in graph
    assert graph.query(f"ASK {{ <{EX}p2> ?p ?o }}").askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert len(constructed) == 2


# ---- update behind the token ---------------------------------------------------------------------------


def test_update_requires_the_token_and_publishes_a_new_build(client, settings):
    update = f"INSERT DATA {{ GRAPH <{EX}graph/new> {{ <{EX}p3> a <{EX}Programme> }} }}"
    headers = {"content-type": "application/sparql-update"}
    assert client.post("/update", content=update, headers=headers).status_code == 401
    assert (
        client.post("/update", content=update, headers={**headers, "authorization": "Bearer wrong"}).status_code == 403
    )
    before = get(client, f"ASK {{ <{EX}p3> a <{EX}Programme> }}").json()["boolean"]
    table = {"iri": f"{EX}Programme", "format": "json"}
    listed = [r["iri"] for r in client.get("/class/", params=table).json()["rows"]]  # the table is kept per build
    r = client.post("/update", content=update, headers={**headers, "authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    after = get(client, f"ASK {{ <{EX}p3> a <{EX}Programme> }}").json()["boolean"]
    assert (before, after) == (False, True)
    relisted = [r["iri"] for r in client.get("/class/", params=table).json()["rows"]]
    assert f"{EX}p3" not in listed and sorted(relisted) == sorted([*listed, f"{EX}p3"])
    bad = client.post("/update", content="INSERT DATA { <a", headers={**headers, "authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 400 and bad.json()["error"] == "syntax-error"


def test_no_update_endpoint_without_a_token(tmp_path):
    from fastapi.testclient import TestClient

    from modgraph.web.app import create_app

    publish_build(tmp_path, DATA, [DOC_A])
    with TestClient(create_app(Settings.load(store=tmp_path, query_workers=1))) as c:
        assert c.post(
            "/update", content="CLEAR ALL", headers={"content-type": "application/sparql-update"}
        ).status_code in (404, 405)
        assert "/update" not in c.get("/openapi.json").json()["paths"]
