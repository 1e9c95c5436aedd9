"""An accepted /update publishes a complete build: VoID, catalogue, sitemap and dumps describe the new data,
and the pages keep the SHACL warnings of the build it was made from. Real app, real uvicorn server, on a
copy of the corpus build."""

from __future__ import annotations

import gzip
import json
import shutil

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID

from modgraph.iris import catalog_iri, data_iri, graph_iri, page_url
from modgraph.publish.catalog import dataset_iri
from modgraph.store.builds import StoreLocation
from modgraph.web import page_context
from tests.api.server import live_server

TOKEN = "update-test-token"
AUTH = {"authorization": f"Bearer {TOKEN}", "content-type": "application/sparql-update"}
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"


@pytest.fixture(scope="module")
def settings(corpus_build, tmp_path_factory):
    """The corpus build, copied (store, build.json, downloads, validation.json), with updates enabled."""
    corpus_settings, _, _ = corpus_build
    root = tmp_path_factory.mktemp("update") / "store"
    shutil.copytree(corpus_settings.store, root, symlinks=True)
    return corpus_settings.with_overrides(store=root, write_token=TOKEN, query_workers=1, query_timeout=3.0)


@pytest.fixture(scope="module")
def client(settings):
    with live_server(settings) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def _current(settings) -> str:
    return StoreLocation(settings.store).require_current().id


def _void(client) -> Graph:
    r = client.get("/void", headers={"accept": "text/turtle"})
    assert r.status_code == 200, r.text
    return Graph().parse(data=r.text, format="turtle")


def _triples(void: Graph, subject: URIRef) -> int | None:
    value = void.value(subject, VOID.triples)
    return None if value is None else int(value)


def _catalogue(client) -> Graph:
    r = client.get("/catalog", headers={"accept": "text/turtle"})
    assert r.status_code == 200, r.text
    return Graph().parse(data=r.text, format="turtle")


def _described(catalogue: Graph, dataset: URIRef) -> str:
    """The English dct:description of a catalogue's dataset."""
    return next(str(o) for o in catalogue.objects(dataset, DCTERMS.description) if o.language == "en")


def _page_with_warnings(settings) -> tuple[str, str]:
    """A resource page that shows SHACL warnings, and the English text of one of them."""
    report = json.loads(StoreLocation(settings.store).require_current().validation_path.read_text(encoding="utf-8"))
    warning = next(r for r in report["results"] if r.get("message_en"))
    return page_context.local_path(warning["focus"], settings.base_iri), warning["message_en"]


def _has_warning(client, path: str, message: str) -> bool:
    html = client.get(path, headers={"accept": "text/html", "accept-language": "en"}, params={"lang": "en"}).text
    return 'class="warnings"' in html and message.split(":")[0] in html


def test_an_update_publishes_every_publication_file_of_the_new_data(client, settings):
    base = settings.base_iri
    dataset = dataset_iri(base)
    document, new_graph = graph_iri(base, "invest-2026"), graph_iri(base, "notes-update-test")
    thing = data_iri(base, "measure", "invest-2026", "update-test")
    page, warning = _page_with_warnings(settings)
    assert _has_warning(client, page, warning)
    before = _void(client)
    total, in_document = _triples(before, dataset), _triples(before, URIRef(document))
    assert _triples(before, URIRef(new_graph)) is None

    r = client.post(
        "/update",
        headers=AUTH,
        content=f"""INSERT DATA {{
        GRAPH <{document}> {{ <{thing}> <{LABEL}> "Testmaßnahme"@de , "Test measure"@en }}
        GRAPH <{new_graph}> {{ <{thing}> <{COMMENT}> "added by an update" }} }}""",
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body == {"status": "ok", "build": _current(settings), "triples": total + 3}

    void = _void(client)
    assert _triples(void, dataset) == total + 3
    assert _triples(void, URIRef(document)) == in_document + 2
    assert _triples(void, URIRef(new_graph)) == 1

    catalogue = _catalogue(client)
    assert (URIRef(catalog_iri(base)), DCAT.dataset, dataset) in catalogue
    assert f"build {body['build']} ({total + 3} triples)" in _described(catalogue, dataset)
    assert f": {in_document + 2} triples in the named graph {document}" in _described(
        catalogue, dataset_iri(base, "invest-2026")
    )

    assert client.get("/downloads/").status_code == 200
    dump = client.get("/downloads/modgraph.nq.gz")
    assert dump.status_code == 200
    quads = list(ox.parse(gzip.decompress(dump.content), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == total + 3
    assert (
        ox.Quad(ox.NamedNode(thing), ox.NamedNode(COMMENT), ox.Literal("added by an update"), ox.NamedNode(new_graph))
        in quads
    )
    distribution = URIRef(catalog_iri(base, "distribution-modgraph-nq-gz"))
    assert int(catalogue.value(distribution, DCAT.byteSize)) == len(dump.content)
    document_dump = client.get("/downloads/invest-2026.ttl.gz")
    assert document_dump.status_code == 200 and "Testmaßnahme" in gzip.decompress(document_dump.content).decode()

    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200 and f"<loc>{page_url(thing, base)}</loc>" in sitemap.text
    assert _has_warning(client, page, warning)  # validation.json was carried over


def test_an_update_on_a_replaced_build_is_refused_with_409(client, settings):
    base = settings.base_iri
    document = graph_iri(base, "invest-2026")
    old = _current(settings)
    first = client.post(
        "/update",
        headers=AUTH,
        content=f'INSERT DATA {{ GRAPH <{document}> {{ <{base}id/x/kept> <{LABEL}> "kept" }} }}',
    )
    assert first.status_code == 200, first.text
    newer = first.json()["build"]
    late = client.post(
        "/update",
        headers={**AUTH, "Modgraph-Base-Build": old},
        content=f'INSERT DATA {{ GRAPH <{document}> {{ <{base}id/x/late> <{LABEL}> "late" }} }}',
    )
    assert late.status_code == 409, late.text
    assert late.json()["error"] == "conflict" and old in late.json()["message"] and newer in late.json()["message"]
    assert _current(settings) == newer
    ask = "ASK {{ <{base}id/x/{name}> <{LABEL}> ?l }}"
    answers = [
        client.get(
            "/sparql",
            params={"query": ask.format(base=base, name=n, LABEL=LABEL)},
            headers={"accept": "application/sparql-results+json"},
        ).json()["boolean"]
        for n in ("kept", "late")
    ]
    assert answers == [True, False]


def test_failed_updates_answer_json_and_change_nothing(client, settings, monkeypatch):
    before = _current(settings)
    assert (
        client.post("/update", content="CLEAR ALL", headers={"content-type": "application/sparql-update"}).status_code
        == 401
    )
    wrong = client.post("/update", content="CLEAR ALL", headers={**AUTH, "authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.json()["error"] == "forbidden"
    bad = client.post("/update", headers=AUTH, content="INSERT DATA { <a")
    assert bad.status_code == 400 and bad.json()["error"] == "syntax-error"
    assert bad.json()["message"].startswith("Syntax error at line 1, column ") and bad.json()["line"] == 1
    monkeypatch.setattr("modgraph.web.update.PUBLICATION_ALLOWANCE", 0.0)
    expensive = (
        "INSERT { <http://example.org/n> <http://example.org/count> ?n } WHERE { SELECT (COUNT(*) AS ?n) WHERE { "
        + " ".join(f"VALUES ?v{i} {{ {' '.join(str(k) for k in range(30))} }}" for i in range(7))
        + " } }"
    )
    slow = client.post("/update", headers=AUTH, content=expensive)
    assert slow.status_code == 504 and slow.json()["error"] == "timeout"
    assert _current(settings) == before
