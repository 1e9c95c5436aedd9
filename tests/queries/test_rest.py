"""The catalogue queries as REST endpoints answer what the queries answer when run directly."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from modgraph.web.app import create_app
from tests.queries.catalogue_support import run


@pytest.fixture(scope="module")
def client(corpus_build):
    settings, _, _ = corpus_build
    with TestClient(create_app(settings)) as c:
        yield c


def test_a_parameter_named_like_a_python_keyword(client, corpus_build):
    # deadlines-in-period has a parameter called "from"
    response = client.get(
        "/queries/deadlines-in-period",
        params={"from": "2017-09-01", "until": "2017-12-31"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    direct = run(corpus_build, "deadlines-in-period", **{"from": "2017-09-01", "until": "2017-12-31"})
    assert len(rows) == len(direct) > 0
    assert [(r["of"]["value"], r["label"]["value"]) for r in rows] == [(d["of"], d["label"]) for d in direct]


def test_csv_and_a_bad_parameter(client):
    response = client.get("/queries/deadlines-in-period?from=2017-01-01&until=2018-12-31&format=csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(response.text)))[0][0]
    bad = client.get("/queries/deadlines-in-period?from=not-a-date")
    assert bad.status_code == 400
    assert "from" in bad.text


def _pairs(response) -> list[tuple[str, str]]:
    return [(b["resource"]["value"], b["label"]["value"]) for b in response.json()["results"]["bindings"]]


def test_paging_through_an_answer_gives_the_whole_answer_in_order(corpus_site):
    """``limit``/``offset`` on a catalogue endpoint (a real server): following ``rel="next"`` from the first page
    gives the unpaged answer row for row; the last page links nowhere; each page states its count."""
    whole = corpus_site.get("/queries/labelled-resources", params={"format": "json"})
    assert whole.status_code == 200 and "link" not in whole.headers
    expected = _pairs(whole)
    assert len(expected) > 1000, "too few rows to need several pages"
    got: list[tuple[str, str]] = []
    url: str | None = "/queries/labelled-resources?format=json&limit=700"
    pages = 0
    while url:
        page = corpus_site.get(url)
        assert page.status_code == 200, page.text
        rows = _pairs(page)
        assert int(page.headers["modgraph-result-count"]) == len(rows) <= 700
        got += rows
        pages += 1
        url = page.links.get("next", {}).get("url")
        assert (page.headers.get("modgraph-truncated") == "true") == bool(url)
    assert got == expected
    assert pages == -(-len(expected) // 700)


def test_a_page_beyond_the_end_and_bad_page_parameters(corpus_site):
    end = corpus_site.get("/queries/classes", params={"format": "json", "offset": 100000})
    assert end.status_code == 200 and _bindings(end) == [] and "link" not in end.headers
    for params in ({"limit": 0}, {"limit": 10**9}, {"offset": -1}, {"limit": "ten"}):
        bad = corpus_site.get("/queries/classes", params=params)
        assert bad.status_code == 400, (params, bad.text)
        assert next(iter(params)) in bad.json()["message"]


def _bindings(response) -> list:
    return response.json()["results"]["bindings"]
