"""``POST /editor/terms`` (what the editor's result table asks) over a real uvicorn server on a small build: labels
in the asked language, CURIEs from the project's prefix table, links to this server's pages; bad bodies are 400."""

from __future__ import annotations

import pytest
import requests

from modgraph.web.app import create_app
from modgraph.web.editor import MAX_TERMS
from tests.browser import serving
from tests.web.conftest import BASE

PROGRAMME = f"{BASE}id/programme/p1"
PROGRAMME_CLASS = "https://w3id.org/modgraph/def#Programme"


@pytest.fixture(scope="module")
def server(web_settings):
    with serving(create_app(web_settings)) as live:
        yield live


def test_terms_give_label_curie_and_local_link(server):
    iris = [PROGRAMME, PROGRAMME_CLASS, "http://example.org/elsewhere", PROGRAMME]
    r = requests.post(f"{server.url}/editor/terms?lang=de", json={"iris": iris}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    terms = r.json()["terms"]
    assert list(terms) == iris[:3]  # each once, in the order asked
    assert terms[PROGRAMME] == {
        "label": "Digitales Bremen",
        "curie": PROGRAMME,  # no prefix of the project's table fits a data IRI
        "href": "/doc/programme/p1",
        "local": True,
    }
    assert terms[PROGRAMME_CLASS]["curie"] == "mg:Programme" and terms[PROGRAMME_CLASS]["href"] == "/def#Programme"
    assert terms["http://example.org/elsewhere"] == {
        "label": None,
        "curie": "http://example.org/elsewhere",
        "href": "http://example.org/elsewhere",
        "local": False,
    }


@pytest.mark.parametrize(
    "body",
    [
        {"iris": "not a list"},
        {"iris": ["not an iri"]},
        {"iris": [""]},
        {"iris": [f"http://example.org/{i}" for i in range(MAX_TERMS + 1)]},
        {},
    ],
    ids=["not-a-list", "not-an-iri", "empty", "too-many", "missing"],
)
def test_bad_bodies_are_400_with_the_error_envelope(server, body):
    r = requests.post(f"{server.url}/editor/terms", json=body, timeout=30)
    assert r.status_code == 400, r.text
    assert r.json()["error"] in ("bad-request", "bad-parameter") and r.json()["message"]
