"""`modgraph deps … --format json` prints exactly what `/deps/…` answers, for every analysis (corpus build)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from modgraph.cli.main import app as cli
from modgraph.web.app import create_app
from modgraph.web.deps import router

VOIS = "measure/invest-2026/vois-terminmanagement"
SENATE = "decision/invest-2026/senatsbeschluss-2026-02-17"
HF3 = "field/leipzig-2018/hf-3"

#: (CLI arguments after `deps`, API path, API parameters with node ids that get the base prefixed)
CASES = [
    (["relations"], "/deps/relations", {}),
    (["search", "Organisation"], "/deps/search", {"q": "Organisation"}),
    (["-r", "structure", "node", HF3], "/deps/node", {"relations": "structure", "iri": HF3}),
    (
        ["neighbourhood", HF3, "--radius", "2", "--limit", "40"],
        "/deps/neighbourhood",
        {"iri": HF3, "radius": 2, "limit": 40},
    ),
    (["-r", "funding", "closure", VOIS], "/deps/closure", {"relations": "funding", "iri": VOIS}),
    (
        ["-r", "structure", "closure", HF3, "--direction", "downstream", "--max-depth", "1"],
        "/deps/closure",
        {"relations": "structure", "iri": HF3, "direction": "downstream", "max_depth": 1},
    ),
    (
        ["-r", "responsibility", "path", "measure/zov-2017/6-5", VOIS],
        "/deps/path",
        {"relations": "responsibility", "from": "measure/zov-2017/6-5", "to": VOIS},
    ),
    (
        ["-r", "responsibility", "path", "measure/zov-2017/6-5", VOIS, "--all", "--cutoff", "3", "--limit", "5"],
        "/deps/path",
        {
            "relations": "responsibility",
            "from": "measure/zov-2017/6-5",
            "to": VOIS,
            "all": "true",
            "cutoff": 3,
            "limit": 5,
        },
    ),
    (["cycles"], "/deps/cycles", {}),
    (["-d", "zov-2017", "roots-leaves", "--limit", "10"], "/deps/roots-leaves", {"document": "zov-2017", "limit": 10}),
    (["components", "--limit", "3", "--members", "4"], "/deps/components", {"limit": 3, "members": 4}),
    (
        ["-r", "responsibility", "centrality", "--rank-kind", "organisation", "--top", "5"],
        "/deps/centrality",
        {"relations": "responsibility", "rank_kind": "organisation", "top": 5},
    ),
    (["centrality", "--measure", "in-degree"], "/deps/centrality", {"measure": "in-degree"}),
    (["-r", "dependency", "critical-path"], "/deps/critical-path", {"relations": "dependency"}),
    (["-r", "funding", "critical-path"], "/deps/critical-path", {"relations": "funding"}),
    (["slip", SENATE, "2"], "/deps/slip", {"iri": SENATE, "months": 2}),
    (["-r", "lineage", "export"], "/deps/graph", {"relations": "lineage"}),
]
NODE_PARAMETERS = {"iri", "from", "to"}


@pytest.fixture(scope="module")
def api(corpus_build):
    settings, _, _ = corpus_build
    # a worker's first /deps request builds the projection inside the time limit; on a 2-core CI machine
    # busy with the rest of the test run that can pass 5 s, and this test compares answers, not speed
    settings = settings.with_overrides(query_timeout=60.0, query_workers=2)
    with TestClient(create_app(settings)) as client:  # the lifespan starts the worker pool the analyses run in
        yield client


@pytest.mark.parametrize("args, path, params", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_cli_json_is_the_api_json(corpus_build, api, args, path, params):
    settings, _, _ = corpus_build
    base = settings.base_iri + "id/"
    r = CliRunner().invoke(
        cli, ["--project", str(settings.project), "deps", "--store", str(settings.store), "-f", "json", *args]
    )
    assert r.exit_code == 0, r.output
    answer = api.get(path, params={k: base + v if k in NODE_PARAMETERS else v for k, v in params.items()})
    assert answer.status_code == 200, answer.text
    assert json.loads(r.stdout) == answer.json()
    assert answer.json()["build"]


def test_every_analysis_endpoint_is_compared():
    json_routes = {route.path for route in router.routes if route.path not in ("/deps", "/deps/")}
    assert json_routes == {path for _, path, _ in CASES}


def test_errors_use_the_app_error_body(api):
    r = api.get("/deps/closure", params={"iri": "https://nowhere/x"})
    assert r.status_code == 404 and r.json()["error"] == "unknown-node" and "nowhere" in r.json()["message"]
    r = api.get("/deps/graph", params={"relations": "nonsense"})
    assert r.status_code == 400 and r.json()["error"] == "bad-parameter" and "nonsense" in r.json()["message"]
