"""The shared resources are created by create_app and reach routes through Depends, so a test can
replace them with ``app.dependency_overrides``."""

from __future__ import annotations

from fastapi.testclient import TestClient

from modgraph.store.builds import StoreLocation
from modgraph.store.reading import CurrentReader
from modgraph.web.app import create_app
from modgraph.web.resources import get_reader, get_settings


def test_create_app_makes_the_resources(web_settings):
    app = create_app(web_settings)
    assert app.state.settings is web_settings and app.state.resources.settings is web_settings
    assert isinstance(app.state.reader, CurrentReader)
    assert app.state.catalogue  # the dependency analyses run in the workers (web/deps_jobs.py), not here


def test_overriding_the_settings_dependency(web_settings):
    app = create_app(web_settings)
    with TestClient(app) as client:
        assert "at most 17 rows" in client.get("/editor?lang=en").text
        app.dependency_overrides[get_settings] = lambda: web_settings.with_overrides(max_rows=4242)
        assert "at most 4242 rows" in client.get("/editor?lang=en").text
        app.dependency_overrides.clear()
        assert "at most 17 rows" in client.get("/editor?lang=en").text


def test_overriding_the_build_reader(web_settings, tmp_path):
    app = create_app(web_settings)
    with TestClient(app) as client:
        assert client.get("/", headers={"accept": "text/html"}).status_code == 200
        app.dependency_overrides[get_reader] = lambda: CurrentReader(StoreLocation(tmp_path / "empty"))
        r = client.get("/", headers={"accept": "text/html"})
        assert r.status_code == 503 and "modgraph build" in r.text
        assert client.get("/").json()["error"] == "no-build"
