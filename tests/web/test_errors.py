"""One error envelope for every failure, as JSON for machines and as an HTML page for browsers; the
OpenAPI document declares the 400 the app answers instead of FastAPI's 422."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from modgraph.web.app import create_app
from modgraph.web.errors import WebError
from modgraph.web.http import ApiError

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def client(web_settings):
    with TestClient(create_app(web_settings)) as c:
        yield c


def test_the_old_name_is_the_one_error_type():
    assert ApiError is WebError
    assert WebError(400, "bad", "no", line=3, column=None).body == {"error": "bad", "message": "no", "line": 3}


def test_validation_errors_are_400_with_the_envelope(client):
    r = client.get("/class/", params={"page": "not-a-number"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "bad-request" and "page" in body["message"]


@pytest.mark.parametrize(
    "method,path,status,code",
    [
        ("GET", "/no/such/page", 404, "not-found"),
        ("DELETE", "/sparql", 405, "method-not-allowed"),
        ("GET", "/static/no-such-file.css", 404, "not-found"),
    ],
)
def test_starlette_errors_get_the_envelope(client, method, path, status, code):
    r = client.request(method, path)
    assert r.status_code == status and r.headers["content-type"].startswith("application/json")
    assert r.json()["error"] == code and r.json()["message"]


def test_browsers_get_the_error_page_and_scripts_json(client):
    page = client.get("/sparql", params={"query": "SELECT * WHERE {"}, headers={"accept": BROWSER})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert "syntax-error" in page.text and "<h1>Fehler 400</h1>" in page.text
    english = client.get("/no/such/page", headers={"accept": BROWSER, "accept-language": "en"})
    assert english.status_code == 404 and "<h1>Not found</h1>" in english.text
    for accept in (None, "*/*", "application/json"):
        r = client.get("/no/such/page", headers={"accept": accept} if accept else {})
        assert r.json()["error"] == "not-found", accept


def test_406_lists_the_offered_media_types(client):
    r = client.get("/void", headers={"accept": "image/png"})
    assert r.status_code == 406
    assert r.json()["offered"] == ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
    assert client.get("/void", headers={"accept": "*/*"}).status_code == 200


def test_openapi_declares_400_not_422(client):
    spec = client.get("/openapi.json").json()
    statuses = {status for item in spec["paths"].values() for op in item.values() for status in op["responses"]}
    assert "422" not in statuses and "HTTPValidationError" not in spec["components"]["schemas"]
    bad = spec["paths"]["/class/"]["get"]["responses"]["400"]
    assert bad["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert spec["components"]["schemas"]["Error"]["required"] == ["error", "message"]
