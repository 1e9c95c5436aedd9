"""The graph's IRIs dereference: /id/… answers 303, the description answers every content type, no 404 or 500,
every RDF answer parses, every HTML page has the resource's label as its heading.

Checked for every form of IRI (each path kind under the base and each namespace of the ontology, crossed with
the classes its resources have) and a seeded random sample of each, not for all ~2000 IRIs (10 000 requests,
143 s): the IRIs of one form are served by the same route and the same code, so the sample shows what the
whole did, at an eighth of the time."""

from __future__ import annotations

import random
import re
import warnings
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from html import unescape

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from modgraph.iris import DEF
from modgraph.web.app import create_app
from modgraph.web.labels import fallback_label
from modgraph.web.page_context import local_path
from modgraph.web.pages import PAGE_SIZE

from .helpers import graph_iris

warnings.filterwarnings("ignore", category=DeprecationWarning)

RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: IRIs checked per form (all of a form with fewer); the seed makes a failure reproducible
SAMPLE_PER_FORM = 5
SAMPLE_SEED = 2026


def form_of(store: ox.Store, iri: str, base: str) -> tuple[str, tuple[str, ...]]:
    """The IRI's form: its first two path segments after the base (``id/measure``, ``def/status``, ``def`` the
    ontology itself; every ``graph/…`` is ``graph``) and the classes it has."""
    segments = iri.removeprefix(base).split("/")
    kind = "graph" if segments[0] == "graph" else "/".join(segments[:2])
    types = sorted({q.object.value for q in store.quads_for_pattern(ox.NamedNode(iri), RDF_TYPE, None, None)})
    return kind, tuple(types)


def sample_per_form(store: ox.Store, iris: list[str], base: str) -> dict[tuple[str, tuple[str, ...]], list[str]]:
    """Every form with up to ``SAMPLE_PER_FORM`` of its IRIs, drawn with ``SAMPLE_SEED``."""
    forms: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    for iri in iris:
        forms[form_of(store, iri, base)].append(iri)
    rng = random.Random(SAMPLE_SEED)
    return {form: sorted(rng.sample(members, min(SAMPLE_PER_FORM, len(members)))) for form, members in forms.items()}


@pytest.fixture(scope="module")
def client(corpus_build):
    settings, _, _ = corpus_build
    with TestClient(create_app(settings.with_overrides(query_workers=1))) as c:
        yield c


def labels(store, graphs, iri: str) -> set[str]:
    q = f"""SELECT ?l WHERE {{ <{iri}> ?p ?l FILTER(?p IN (<http://www.w3.org/2000/01/rdf-schema#label>,
            <http://www.w3.org/2004/02/skos/core#prefLabel>)) }}"""
    return {r["l"].value for r in store.query(q, default_graph=graphs)}


def check(client: TestClient, iri: str, base: str, expected: set[str]) -> list[str]:
    problems = []
    path = local_path(iri, base)
    if path is None:
        return [f"{iri}: no local path"]
    if path.startswith("/doc/"):
        r = client.get("/id/" + path[5:], follow_redirects=False)
        if r.status_code != 303 or r.headers["location"] != path:
            problems.append(f"{iri}: /id answered {r.status_code} {r.headers.get('location')}")
    for media in ["text/html", *RDF_TYPES]:
        r = client.get(path, headers={"Accept": media})
        if r.status_code != 200:
            problems.append(f"{iri} [{media}]: {r.status_code}")
            continue
        if media == "text/html":
            m = H1.search(r.text)
            heading = unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip() if m else None
            if heading not in expected:
                problems.append(f"{iri}: heading {heading!r} not in {sorted(expected)[:4]}")
        else:
            if not r.headers["content-type"].startswith(media):
                problems.append(f"{iri} [{media}]: content-type {r.headers['content-type']}")
            try:
                triples = list(ox.parse(r.content, format=RDF_TYPES[media], base_iri=iri))
            except (SyntaxError, ValueError) as exc:
                problems.append(f"{iri} [{media}]: does not parse: {exc}")
                continue
            if not triples:
                problems.append(f"{iri} [{media}]: empty")
    return problems


@pytest.mark.slow
def test_every_form_of_iri_dereferences(client, corpus_build):
    """A sample of every form of IRI (the module's docstring): all forms are present, and each checked IRI
    answers as the module says."""
    settings, build, _ = corpus_build
    info = build.info
    base = info.base_iri
    store = ox.Store.read_only(str(build.store_path))
    all_iris = graph_iris(build, base)
    assert len(all_iris) > 100
    forms = sample_per_form(store, all_iris, base)
    kinds = {kind for kind, _ in forms}
    assert {"graph", "id/measure", "id/passage", "id/organisation", "def", "def/status"} <= kinds, sorted(kinds)
    assert len(forms) > 40, "the corpus has some 50 forms of IRI"
    iris = sorted({iri for members in forms.values() for iri in members})
    assert len(iris) < len(all_iris) / 4
    graphs = [ox.NamedNode(g) for g in info.graphs]
    expected = {}
    for iri in iris:
        exp = labels(store, graphs, iri) | {fallback_label(iri)}
        if iri.startswith(base + "graph/"):
            doc = next((d for d in info.documents.values() if d["graph"] == iri), None)
            exp |= {doc["label"]} if doc else set()
        if iri == DEF:
            exp |= {"modgraph-Ontologie", "modgraph ontology"}
        expected[iri] = exp

    def run(chunk: list[str]) -> list[str]:
        return [p for iri in chunk for p in check(client, iri, base, expected[iri])]

    chunks = [iris[i::2] for i in range(2)]
    with ThreadPoolExecutor(2) as pool:
        problems = [p for result in pool.map(run, chunks) for p in result]
    assert not problems, f"{len(problems)} problems (seed {SAMPLE_SEED}), e.g.:\n" + "\n".join(problems[:30])


def test_conneg_details(client, corpus_build):
    _, build, _ = corpus_build
    c = client
    measure = next(i for i in graph_iris(build, build.info.base_iri) if "/id/measure/" in i)
    path = local_path(measure, build.info.base_iri)
    r = c.get(path + "?format=ttl", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert 'rel="alternate"; type="application/ld+json"' in r.headers["link"]
    assert "Accept" in r.headers["vary"]
    refused = c.get(path, headers={"Accept": "image/png"})
    assert refused.status_code == 406 and "text/turtle" in refused.json()["offered"]
    r = c.get("/id/" + path[5:] + "?format=nt", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("?format=nt")
    missing = c.get("/doc/measure/does-not-exist")
    assert missing.status_code == 404 and missing.json()["error"] == "not-found"
    page = c.get("/doc/measure/does-not-exist", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Nicht gefunden" in page.text and "/id/measure/does-not-exist" in page.text
    assert c.get("/doc/measure/%3Cbad%3E").status_code == 404


def test_publication_routes(client, corpus_build):
    _, build, _ = corpus_build
    c = client
    for path, media in [
        ("/catalog", "text/turtle"),
        ("/catalog", "application/rdf+xml"),
        ("/catalog", "application/ld+json"),
    ]:
        r = c.get(path, headers={"Accept": media})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media)
        assert "dcat-ap.de/def/dcatde/3.0" in r.headers["content-profile"]
    r = c.get("/catalog.ttl?profile=dcat-ap-de-2.0")
    assert "2.0" in r.headers["content-profile"] and "nonNegativeInteger" not in r.text
    assert c.get("/catalog", headers={"Accept": "text/html"}).status_code == 200
    r = c.get("/downloads/")
    assert r.status_code == 200 and "modgraph.jsonld.gz" in r.text
    r = c.get("/downloads/modgraph.nq.gz")
    assert r.status_code == 200 and r.content[:2] == b"\x1f\x8b"
    assert c.get("/downloads/..%2Fbuild.json").status_code == 404
    r = c.get("/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "void:triples" in r.text
    r = c.get("/void", headers={"Accept": "*/*"})  # curl's default
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert c.get("/void", headers={"Accept": "application/ld+json"}).json()
    assert "Sitemap:" in c.get("/robots.txt").text
    r = c.get("/sitemap.xml")
    assert r.status_code == 200 and "/doc/measure/" in r.text
    r = c.get("/class/mg:Measure")
    assert r.status_code == 200
    total = int(
        ox.Store.read_only(str(build.store_path))
        .query("SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a <https://w3id.org/modgraph/def#Measure> } }")
        .__next__()["n"]
        .value
    )
    if total > PAGE_SIZE:
        assert 'rel="next"' in r.headers["link"]
        assert c.get("/class/mg:Measure?page=2").status_code == 200
    assert c.get("/def", headers={"Accept": "text/html"}).status_code == 200
    assert c.get("/", headers={"Accept": "text/html"}).status_code == 200
    assert "English" in c.get("/").text and 'lang="en"' in c.get("/?lang=en").text
