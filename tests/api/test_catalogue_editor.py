"""The query catalogue as REST endpoints, safe parameter binding, and the editor page."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from modgraph.settings import PACKAGE_DIR, Settings
from modgraph.web.app import create_app
from modgraph.web.catalogue import CatalogueError, read_catalogue, read_query

from .builds import publish_build, turtle

EX = "http://example.org/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DATA = {
    EX + "g/a": turtle(f'<{EX}p1> a <{EX}Programme> ; <{RDFS}label> "Digitales Bremen"@de, "Digital Bremen"@en .'),
    EX + "g/b": turtle(f"<{EX}p2> a <{EX}Programme>, <{EX}Measure> ."),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    publish_build(root, DATA, list(DATA))
    with TestClient(create_app(Settings.load(store=root, query_workers=1))) as c:
        yield c


def test_every_catalogue_query_parses_and_runs(client):
    listed = client.get("/queries").json()
    assert {q["name"] for q in listed} >= {"triples-per-graph", "classes", "labelled-resources"}
    for q in listed:
        r = client.get(f"/queries/{q['name']}")
        assert r.status_code == 200, (q["name"], r.text)


def test_typed_parameters_bind_as_rdf_terms(client):
    r = client.get("/queries/triples-per-graph", params={"graph": EX + "g/b"})
    rows = r.json()["results"]["bindings"]
    assert [(b["graph"]["value"], b["triples"]["value"]) for b in rows] == [(EX + "g/b", "2")]
    r = client.get("/queries/labelled-resources", params={"lang": "en", "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert list(csv.DictReader(io.StringIO(r.text))) == [{"resource": EX + "p1", "label": "Digital Bremen"}]
    r = client.get("/queries/classes", params={"namespace": EX}, headers={"accept": "text/csv"})
    counts = {row["class"]: row["instances"] for row in csv.DictReader(io.StringIO(r.text))}
    assert counts == {EX + "Programme": "2", EX + "Measure": "1"}


def test_injection_attempts_stay_values(client):
    evil = '"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER("'
    r = client.get("/queries/labelled-resources", params={"lang": evil})
    assert r.status_code == 200 and r.json()["results"]["bindings"] == []
    r = client.get("/queries/triples-per-graph", params={"graph": "http://x/> } ?s ?p ?o {<http://y"})
    assert r.status_code == 400 and r.json()["error"] == "bad-parameter"


def test_catalogue_endpoints_are_in_openapi(client):
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/queries/triples-per-graph"]["get"]
    assert {p["name"] for p in op["parameters"]} == {"graph", "format", "limit", "offset"}
    assert op["summary"] == "Triples per graph"


def test_header_format_errors_are_reported(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# param: x float 1 nope\nSELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(CatalogueError):
        read_query(bad)
    update = tmp_path / "upd.rq"
    update.write_text("# title: no\nDELETE WHERE { ?s ?p ?o }")
    with pytest.raises(CatalogueError):
        read_query(update)


def test_the_repository_catalogue_reads():
    assert len(read_catalogue(PACKAGE_DIR / "queries")) >= 3


def test_editor_page_is_local(client):
    r = client.get("/editor")
    assert r.status_code == 200 and "Triples per graph" in r.text
    assert "cdn" not in r.text.lower() and "unpkg" not in r.text.lower()
    vendor = PACKAGE_DIR / "web" / "static" / "vendor" / "yasgui" / "yasgui.min.js"
    if vendor.is_file():  # built by scripts/build-assets.sh
        assert "/static/vendor/yasgui/yasgui.min.js" in r.text
        assert client.get("/static/vendor/yasgui/yasgui.min.js").status_code == 200
    browser = client.get(
        "/sparql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, follow_redirects=False
    )
    assert browser.status_code == 303 and browser.headers["location"] == "/editor"


def test_a_parameter_may_not_take_a_page_parameters_name(tmp_path):
    clash = tmp_path / "clash.rq"
    clash.write_text("# param: limit integer 10 how many\nSELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(CatalogueError, match="limit"):
        read_query(clash)
