"""The projection of the real corpus build, with answers read off the records (records/*.yaml).

Each expectation names the records it comes from; if a record changes, the test says which answer moved.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from modgraph.deps import analysis as da
from modgraph.deps import schedule as dates
from modgraph.deps.projection import project_store
from modgraph.web.app import create_app


@pytest.fixture(scope="module")
def proj(corpus_build):
    settings, build, _ = corpus_build
    return project_store(build.open_read_only(), build.info)


@pytest.fixture(scope="module")
def B(proj):
    return proj.base_iri + "id/"


def short(B, nodes):
    return sorted(n[len(B) :] for n in nodes)


def test_projection_covers_the_five_documents(proj):
    assert set(proj.documents) == {"abt4-news", "d6-2018", "invest-2026", "leipzig-2018", "zov-2017"}
    kinds = {d["kind"] for _, d in proj.graph.nodes(data=True)}
    assert {"programme", "field", "goal", "measure", "organisation", "decision", "fund", "document"} <= kinds
    assert "relation" not in kinds  # relation records are edges, not nodes
    # every edge knows its source document
    assert all(d["document"] in proj.documents or d["document"] is None for *_, d in proj.graph.edges(data=True))


def test_neighbourhood_of_leipzig_action_field_3(proj, B):
    # leipzig-2018.yaml: field hf-3 (programme move), goals z1, z2, z2-1, z2-2 (of: hf-3), measures hf-3/m1 … m11
    # (field: hf-3), relations hf-3 coordinated-with hf-5/6/7/8, hf-3 based-on hf-1 and based-on the strategic goal,
    # and the cross-document link leipzig-2018/link/hf-3-same-topic-zov-ef-3 (same-topic-as ZOV field 3)
    g = proj.view("all")
    hood = da.neighbourhood(g, B + "field/leipzig-2018/hf-3", 1)
    expected = (
        ["field/leipzig-2018/hf-3", "programme/leipzig-2018/move", "goal/leipzig-2018/strategisches-ziel"]
        + [f"field/leipzig-2018/hf-{i}" for i in (1, 5, 6, 7, 8)]
        + ["field/zov-2017/ef-3"]
        + [f"goal/leipzig-2018/hf-3/{z}" for z in ("z1", "z2", "z2-1", "z2-2")]
        + [f"measure/leipzig-2018/hf-3/m{i}" for i in range(1, 12)]
    )
    assert short(B, hood) == sorted(expected)
    assert len(hood) == 24
    out = sorted((k, v[len(B) :]) for _, v, k in g.out_edges(B + "field/leipzig-2018/hf-3", keys=True))
    assert out == [
        ("based-on|leipzig-2018", "field/leipzig-2018/hf-1"),
        ("based-on|leipzig-2018", "goal/leipzig-2018/strategisches-ziel"),
        *[("coordinated-with|leipzig-2018", f"field/leipzig-2018/hf-{i}") for i in (5, 6, 7, 8)],
        ("part-of|leipzig-2018", "programme/leipzig-2018/move"),
        ("same-topic-as|leipzig-2018", "field/zov-2017/ef-3"),
    ]


def test_how_leipzig_action_fields_hang_together(proj, B):
    # the relations between the ten fields (l. 173): all based on HF 1 („bildet den Gesamtrahmen“); HF 3 and HF 4
    # coordinated with HF 5–8 („stehen in enger Kooperation mit den personalbezogenen Handlungsfeldern 5 bis 8“); HF 2,
    # 9, 10 „beinhalten ebenfalls verwaltungsübergreifendes Handeln“ is a shared property, not a relation; HF 2 and HF 3 on the same topic as ZOV fields 1 and 3 (links stated in leipzig-2018.yaml)
    g = proj.view("dependency,cooperation", documents=["leipzig-2018"], kinds=["field"])
    edges = sorted((u.rsplit("/", 1)[1], d["relation"], v.rsplit("/", 1)[1]) for u, v, d in g.edges(data=True))
    expected = sorted(
        [(f"hf-{i}", "based-on", "hf-1") for i in range(2, 11)]
        + [(f"hf-{a}", "coordinated-with", f"hf-{b}") for a in (3, 4) for b in (5, 6, 7, 8)]
        + [("hf-2", "same-topic-as", "ef-1"), ("hf-3", "same-topic-as", "ef-3")]
    )
    assert edges == expected
    roots, leaves = da.roots_and_leaves(g)
    assert short(B, roots) == ["field/leipzig-2018/hf-1", "field/zov-2017/ef-1", "field/zov-2017/ef-3"]
    # nothing is based on or coordinated with HF 2, 3, 4, 9 and 10 (HF 5–8 are the objects of „enger Kooperation“)
    assert short(B, leaves) == [
        "field/leipzig-2018/hf-10",
        "field/leipzig-2018/hf-2",
        "field/leipzig-2018/hf-3",
        "field/leipzig-2018/hf-4",
        "field/leipzig-2018/hf-9",
    ]
    assert da.components(g) == [sorted(g.nodes)]


def test_path_between_documents_through_a_shared_body(proj, B):
    # zov-2017.yaml: measure 6.5 participants [performa-nord]; invest-2026.yaml: vois-terminmanagement participants
    # [performa-nord] (l. 11 „Verwaltungsprozessen bei Performa Nord“: who is responsible is not stated)
    g = proj.view("responsibility")
    a, b = B + "measure/zov-2017/6-5", B + "measure/invest-2026/vois-terminmanagement"
    assert da.all_shortest_paths(g, a, b) == [[a, B + "organisation/performa-nord", b]]
    steps = da.path_edges(g, da.shortest_path(g, a, b))
    assert [(s["relation"], s["document"], s["forward"]) for s in steps] == [
        ("participant", "zov-2017", True),
        ("participant", "invest-2026", False),
    ]
    assert da.shortest_path(g, a, b, directed=True) is None


def test_what_connects_the_2017_master_plan_to_the_2026_investments(proj, B):
    # zov-2017.yaml: masterplan-2017-18 part_of the ZOV programme, measure 4.1 (Terminmanagement) in that programme;
    # invest-2026.yaml: link vois-terminmanagement same-topic-as zov-2017/4-1
    g = proj.view("all")
    a, b = B + "programme/zov-2017/masterplan-2017-18", B + "measure/invest-2026/vois-terminmanagement"
    paths = da.all_shortest_paths(g, a, b)
    assert [[n[len(B) :] for n in p] for p in paths] == [
        [
            "programme/zov-2017/masterplan-2017-18",
            "programme/zov",
            "measure/zov-2017/4-1",
            "measure/invest-2026/vois-terminmanagement",
        ]
    ]
    assert [(e["relation"], e["document"], e["forward"]) for e in da.path_edges(g, paths[0])] == [
        ("part-of", "zov-2017", True),
        ("in-programme", "zov-2017", False),
        ("same-topic-as", "invest-2026", False),
    ]
    # without the topical links, the bodies and the Senate decisions connect them (five paths of four edges)
    g2 = proj.view("structure,responsibility,decisions,funding")
    assert len(da.all_shortest_paths(g2, a, b)) == 5 and len(da.shortest_path(g2, a, b)) == 5


def test_funding_upstream_of_an_investment_measure(proj, B):
    # invest-2026.yaml: vois-terminmanagement funded_by performa-nord-digitalisierung (recipient performa-nord) ←
    # investitionssofortprogramm (provider fhb) ← sondervermoegen-anteil-bremen (recipient fhb) ← Sondervermögen (provider bund)
    up = da.upstream(proj.view("funding"), B + "measure/invest-2026/vois-terminmanagement")
    assert {n[len(B) :]: d for n, d in up.items()} == {
        "fund/invest-2026/performa-nord-digitalisierung": 1,
        "organisation/performa-nord": 2,
        "fund/investitionssofortprogramm-bremen-2026-27": 2,
        "organisation/fhb": 3,
        "fund/invest-2026/sondervermoegen-anteil-bremen": 3,
        "fund/sondervermoegen-infrastruktur-klimaneutralitaet": 4,
        "organisation/bund": 5,
    }


def test_slip_of_the_2026_senate_decision(proj, B):
    # decision of 2026-02-17; the four measures and two funds implement it, each with period 2026–2027
    # (start 2026-01-01, end 2027-12-31): their slack to the decision is 2026-01-01 − 2026-02-17 = −47 days → 0,
    # so each moves by the full two months: 2026-02-17 → 2026-04-17 = 59 days; 2027-12-31 + 59 days = 2028-02-28
    moved, absorbed = dates.slip_impact(proj.view("all"), B + "decision/invest-2026/senatsbeschluss-2026-02-17", 2)
    assert [(i.node[len(B) :], i.shift_days, str(i.new_end)) for i in moved] == [
        ("decision/invest-2026/senatsbeschluss-2026-02-17", 59, "2026-04-17"),
        ("fund/invest-2026/fuersorge-gesamtkosten", 59, "2028-02-28"),
        ("fund/invest-2026/performa-nord-digitalisierung", 59, "2028-02-28"),
        ("measure/invest-2026/basis-bremen-pc-vis", 59, "2028-02-28"),
        ("measure/invest-2026/dienstunfallfuersorge", 59, "2028-02-28"),
        ("measure/invest-2026/freie-heilfuersorge", 59, "2028-02-28"),
        ("measure/invest-2026/vois-terminmanagement", 59, "2028-02-28"),
    ]
    assert all(i.slack_days == -47 for i in moved[1:]) and absorbed == []


def test_critical_path_and_cycles_of_the_dependency_preset(proj, B):
    g = proj.view("dependency")
    assert da.cycles(g) == ([], False)
    cp = dates.critical_path(g)
    # leipzig-2018.yaml: MoVe (period … 2022) based-on the IT and e-government strategy 2011–2015
    assert [n[len(B) :] for n in cp.nodes] == [
        "programme/leipzig-2018/it-egovernment-strategie-2011-2015",
        "programme/leipzig-2018/move",
    ]
    assert (str(cp.start), str(cp.end), cp.span_days) == ("2011-01-01", "2022-12-31", 4382)


def test_cycles_in_all_relations(proj, B):
    # stated loops: a measure contributes to its own goals (goal-of the measure), D6 and its partner ifib
    found, _ = da.cycles(proj.view("all"))
    assert [[n[len(B) :] for n in c] for c in found][:4] == [
        [f"goal/d6-2018/wirkung-{i}", "measure/d6-2018/d6"] for i in range(1, 5)
    ]
    assert len(found) == 7


def test_bodies_that_are_bottlenecks(proj, B):
    g = proj.view("responsibility")
    scores = {n: s for n, s in da.centrality(g, "betweenness").items() if g.nodes[n]["kind"] == "organisation"}
    assert [n[len(B) :] for n, _ in da.ranking(scores, 3, g)] == [
        "organisation/fhb",
        "organisation/senator-finanzen",
        "organisation/senat-bremen",
    ]


def test_api_answers_on_the_corpus(corpus_build, B):
    settings, _, _ = corpus_build
    settings = settings.with_overrides(
        query_timeout=60.0, query_workers=2
    )  # answers, not speed (see test_deps_same_answers)
    with TestClient(create_app(settings)) as c:  # the lifespan starts the worker pool the analyses run in
        r = c.get("/deps/neighbourhood", params={"iri": B + "field/leipzig-2018/hf-3", "radius": 1})
        assert r.status_code == 200 and r.json()["total_nodes"] == 24 and r.json()["drawn_nodes"] == 24
        r = c.get("/deps/neighbourhood", params={"iri": B + "field/leipzig-2018/hf-3", "radius": 1, "limit": 5})
        assert r.json()["drawn_nodes"] == 5 and r.json()["truncated"] and len(r.json()["nodes"]) == 5
        r = c.get(
            "/deps/path",
            params={
                "from": B + "measure/zov-2017/6-5",
                "to": B + "measure/invest-2026/vois-terminmanagement",
                "relations": "responsibility",
            },
        )
        body = r.json()
        assert [n["label"] for n in body["paths"][0]["nodes"]][1] == "Performa Nord"
        assert [e["document"] for e in body["paths"][0]["edges"]] == ["zov-2017", "invest-2026"]
        r = c.get("/deps/search", params={"q": "Organisation und E-Gov"})
        assert r.json()["hits"][0]["iri"] == B + "field/leipzig-2018/hf-3"
        r = c.get("/deps/critical-path", params={"relations": "dependency"})
        assert r.json()["critical_path"]["span_days"] == 4382
        r = c.get("/deps/slip", params={"iri": B + "decision/invest-2026/senatsbeschluss-2026-02-17", "months": 2})
        assert len(r.json()["moved"]) == 7
        r = c.get("/deps/centrality", params={"relations": "responsibility", "rank_kind": "organisation", "top": 1})
        assert r.json()["ranking"][0]["iri"] == B + "organisation/fhb"
        for path in ("/deps/cycles", "/deps/roots-leaves", "/deps/components", "/deps/relations"):
            assert c.get(path).status_code == 200, path
        assert c.get("/deps/closure", params={"iri": "https://nowhere/x"}).status_code == 404
        assert c.get("/deps/graph", params={"relations": "nonsense"}).status_code == 400
        r = c.get(
            "/deps/closure",
            params={"iri": B + "measure/invest-2026/vois-terminmanagement", "relations": "funding", "format": "turtle"},
        )
        assert r.headers["content-type"].startswith("text/turtle") and b"fundedBy" in r.content
        schema = c.get("/openapi.json").json()
        params = {p["name"]: p for p in schema["paths"]["/deps/slip"]["get"]["parameters"]}
        assert {"iri", "months", "relations", "document", "programme", "kind", "format"} <= set(params)
        assert all(p.get("description") for p in params.values())
        assert {
            "/deps/neighbourhood",
            "/deps/closure",
            "/deps/path",
            "/deps/cycles",
            "/deps/roots-leaves",
            "/deps/components",
            "/deps/centrality",
            "/deps/critical-path",
            "/deps/slip",
            "/deps/graph",
            "/deps/search",
        } <= set(schema["paths"])


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape", "turtle"])
def test_whole_projection_export_round_trips(corpus_build, proj, fmt):
    import io
    import json

    import networkx as nx
    from rdflib import Graph

    from modgraph.deps import export as gx

    g = proj.view("all")
    data, _ = gx.export(g, fmt)
    edges = sorted(g.edges(keys=True))
    if fmt == "graphml":
        back = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
        assert set(back) == set(g) and sorted(back.edges(keys=True)) == edges
    elif fmt == "gexf":
        back = nx.read_gexf(io.BytesIO(data))
        assert set(back) == set(g) and sorted((u, v, d["id"]) for u, v, d in back.edges(data=True)) == edges
    elif fmt == "cytoscape":
        back = nx.cytoscape_graph(json.loads(data))
        assert set(back) == set(g) and sorted(back.edges(keys=True)) == edges
    else:
        back = Graph().parse(data=data.decode("utf-8"), format="turtle")
        triples = {
            (str(s), str(p), str(o))
            for s, p, o in back
            if not str(p).startswith("http://www.w3.org/2000/01/rdf-schema#") and not str(p).endswith("#notation")
        }
        assert triples == {
            ((v, d["predicate"], u) if d["reversed"] else (u, d["predicate"], v)) for u, v, d in g.edges(data=True)
        }


def test_service_keeps_one_view_per_question(corpus_build):
    from modgraph.deps.stored import DependencyService
    from modgraph.relations import UnknownRelation

    settings, build, _ = corpus_build
    svc = DependencyService(settings)
    projection, funding, cache = svc.view("funding")
    assert projection.build_id == build.info.id and {d["relation"] for *_, d in funding.edges(data=True)} <= {
        "funded-by",
        "provider",
        "recipient",
    }
    again = svc.view("funding")
    assert again[1] is funding and again[2] is cache
    assert svc.view("funding", documents=["invest-2026"])[1] is not funding
    with pytest.raises(UnknownRelation):
        svc.view("nonsense")
