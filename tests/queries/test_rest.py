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
