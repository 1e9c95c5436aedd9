"""`modgraph deps …` on the corpus build."""

from __future__ import annotations

import io
import json

import networkx as nx
from typer.testing import CliRunner

from modgraph.cli.main import app


def test_cli_closure_path_slip_and_export(corpus_build, tmp_path):
    settings, _, _ = corpus_build
    run = CliRunner().invoke
    store = ["--store", str(settings.store)]
    r = run(
        app, ["deps", *store, "-r", "funding", "-f", "json", "closure", "measure/invest-2026/vois-terminmanagement"]
    )
    assert r.exit_code == 0, r.output
    base = settings.base_iri + "id/"
    assert {x["iri"]: x["depth"] for x in json.loads(r.stdout)["closure"]}[base + "organisation/bund"] == 5
    r = run(
        app,
        [
            "deps",
            *store,
            "-r",
            "responsibility",
            "-f",
            "json",
            "path",
            "measure/zov-2017/6-5",
            "measure/invest-2026/vois-terminmanagement",
        ],
    )
    assert [[n["iri"].removeprefix(base) for n in p["nodes"]] for p in json.loads(r.stdout)["paths"]] == [
        ["measure/zov-2017/6-5", "organisation/performa-nord", "measure/invest-2026/vois-terminmanagement"]
    ]
    r = run(app, ["deps", *store, "-f", "json", "slip", "decision/invest-2026/senatsbeschluss-2026-02-17", "2"])
    assert r.exit_code == 0 and len(json.loads(r.stdout)["moved"]) == 7
    r = run(app, ["deps", *store, "-r", "dependency", "critical-path"])
    assert r.exit_code == 0 and "4382 days" in r.stdout
    out = tmp_path / "all.graphml"
    r = run(app, ["deps", *store, "-f", "graphml", "-o", str(out), "export"])
    assert r.exit_code == 0
    back = nx.read_graphml(io.BytesIO(out.read_bytes()), force_multigraph=True)
    assert back.number_of_nodes() > 300
    r = run(app, ["deps", *store, "closure", "measure/nope"])
    assert r.exit_code == 1
    r = run(app, ["deps", *store, "-r", "bogus", "cycles"])
    assert r.exit_code == 2
