"""The project's licence (setting ``licence``) is the one every page, the catalogue page, the downloads
page and the VoID name: a project under another licence is never shown the default one."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi.testclient import TestClient
from rdflib import URIRef
from rdflib.namespace import DCTERMS

from modgraph.publish.catalog import LICENCE, dataset_iri
from modgraph.publish.void import void_graph
from modgraph.store.builds import StoreLocation
from modgraph.web.app import create_app

CC_BY = "http://dcat-ap.de/def/licenses/cc-by/4.0"


def test_pages_name_the_projects_licence(web_settings):
    with TestClient(create_app(web_settings.with_overrides(licence=CC_BY))) as client:
        for path in ("/", "/catalog", "/downloads"):
            page = client.get(path, headers={"Accept": "text/html"})
            assert page.status_code == 200, path
            assert CC_BY in page.text, path
            assert "Datenlizenz Deutschland" not in page.text, path
    with TestClient(create_app(web_settings)) as client:  # the default licence, by its name
        assert "Datenlizenz Deutschland – Namensnennung – 2.0" in client.get("/?lang=de").text


def test_void_states_the_given_licence(web_settings):
    build = StoreLocation(web_settings.store).require_current()
    store = ox.Store.read_only(str(build.store_path))
    ds = dataset_iri(build.info.base_iri)
    assert set(void_graph(build.info, {}, store, CC_BY).objects(ds, DCTERMS.license)) == {URIRef(CC_BY)}
    assert set(void_graph(build.info, {}, store).objects(ds, DCTERMS.license)) == {LICENCE}
