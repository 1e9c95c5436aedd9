"""`modgraph deps … --format json` prints exactly what `/deps/…` answers, for every analysis (corpus build).

The API's workers read the projection file the build wrote (``modgraph.deps.stored``); the CLI runs on a copy of
the build without that file, so it projects the store by SPARQL as before: equal answers show that the stored
projection answers every analysis as the in-process one did. Paging of the whole-graph endpoints is checked here
too (every node and edge on exactly one page)."""

from __future__ import annotations

import json
import shutil

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from modgraph.cli.main import app as cli
from modgraph.deps.stored import projection_path
from modgraph.store.builds import StoreLocation
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


@pytest.fixture(scope="module")
def store_without_file(corpus_build, tmp_path_factory):
    """A copy of the corpus store whose build has no projection file (as a build made before it existed)."""
    settings, build, _ = corpus_build
    copy = tmp_path_factory.mktemp("no-projection-file") / "store"
    shutil.copytree(settings.store, copy, symlinks=True)
    current = StoreLocation(copy).require_current()
    projection_path(current.path).unlink()
    assert projection_path(build.path).is_file() and not projection_path(current.path).exists()
    return copy


@pytest.mark.parametrize("args, path, params", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_cli_json_is_the_api_json(corpus_build, api, store_without_file, args, path, params):
    settings, _, _ = corpus_build
    base = settings.base_iri + "id/"
    r = CliRunner().invoke(
        cli, ["--project", str(settings.project), "deps", "--store", str(store_without_file), "-f", "json", *args]
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


def _pages(api, path: str, params: dict | None) -> list:
    """Every page of a paged endpoint, following the Link header; each page's next_offset agrees with it."""
    pages, url, query = [], path, dict(params) or None
    while True:
        r = api.get(url, params=query)
        assert r.status_code == 200, r.text
        pages.append(r.json())
        following = r.json()["next_offset"]
        if following is None:
            assert "link" not in r.headers
            return pages
        assert r.headers["link"].endswith('>; rel="next"') and f"offset={following}" in r.headers["link"]
        url, query = r.headers["link"][1 : r.headers["link"].index(">")], None


def test_the_whole_graph_is_paged_and_every_node_and_edge_is_on_one_page(api):
    whole = api.get("/deps/graph", params={"limit": 100000}).json()
    assert whole["next_offset"] is None and not whole["truncated"]
    pages = _pages(api, "/deps/graph", {"limit": 100})
    assert len(pages) == -(-whole["total_nodes"] // 100) > 3
    nodes = [n["iri"] for p in pages for n in p["nodes"]]
    edges = [(e["source"], e["target"], e["key"]) for p in pages for e in p["edges"]]
    assert len(nodes) == len(set(nodes)) == whole["total_nodes"] == len(whole["nodes"])
    assert sorted(nodes) == sorted(n["iri"] for n in whole["nodes"])
    assert len(edges) == len(set(edges)) == whole["total_edges"]
    assert sorted(edges) == sorted((e["source"], e["target"], e["key"]) for e in whole["edges"])
    assert all(p["truncated"] for p in pages)
    first = pages[0]["nodes"]  # highest degree first
    degree = {n: 0 for n in nodes}
    for u, v, _ in edges:
        degree[u] += 1
        degree[v] += 1
    assert [degree[n["iri"]] for n in first] == sorted((degree[n["iri"]] for n in first), reverse=True)
    assert degree[first[0]["iri"]] == max(degree.values())


def test_the_default_page_of_the_whole_graph(api):
    from modgraph.deps.results import GRAPH_PAGE

    r = api.get("/deps/graph")
    body = r.json()
    assert len(body["nodes"]) == min(GRAPH_PAGE, body["total_nodes"])
    assert (body["next_offset"] is None) == (body["total_nodes"] <= GRAPH_PAGE)


def test_components_are_paged(api):
    whole = api.get("/deps/components", params={"limit": 1000, "members": 3}).json()
    assert whole["count"] > 4 and whole["next_offset"] is None
    pages = _pages(api, "/deps/components", {"limit": 2, "members": 3})
    assert [c for p in pages for c in p["components"]] == whole["components"]
    assert [p["offset"] for p in pages] == list(range(0, whole["count"], 2))
    assert all(len(p["nodes"]) <= 2 * 3 for p in pages)  # only the listed members, not whole components
