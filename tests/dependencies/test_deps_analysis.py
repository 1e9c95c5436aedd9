"""Analyses on small synthetic graphs with answers worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from modgraph.deps import analysis as da
from modgraph.deps import schedule as dates
from tests.dependencies.synthetic import graph, iri, schedule


def names(nodes):
    return [n.rsplit("/", 1)[-1] for n in nodes]


def test_closures_follow_direction_and_symmetric_edges():
    g = schedule()
    assert {names([n])[0]: d for n, d in da.upstream(g, iri("e")).items()} == {"c": 1, "d": 1, "b": 2, "a": 2}
    assert {names([n])[0]: d for n, d in da.downstream(g, iri("a")).items()} == {"b": 1, "d": 1, "c": 2, "e": 2}
    assert {names([n])[0] for n in da.upstream(g, iri("e"), max_depth=1)} == {"c", "d"}
    assert da.upstream(g, iri("a")) == {}
    # a symmetric relation stated once (s → e) is followed both ways
    g2 = graph([("c", "depends-on", "b"), ("s", "interdependent-with", "c")])
    assert set(names(da.upstream(g2, iri("c")))) == {"b", "s"}
    assert set(names(da.downstream(g2, iri("c")))) == {"s"}
    with pytest.raises(da.AnalysisError):
        da.upstream(g, iri("nope"))


def test_neighbourhood_ignores_direction():
    g = schedule()
    assert {names([n])[0]: d for n, d in da.neighbourhood(g, iri("b"), 1).items()} == {"b": 0, "a": 1, "c": 1}
    assert {names([n])[0]: d for n, d in da.neighbourhood(g, iri("b"), 2).items()} == {
        "b": 0,
        "a": 1,
        "c": 1,
        "d": 2,
        "e": 2,
    }


def shared_body():
    # two measures of different documents meet at a shared body; the long way round via the programme
    return graph(
        [
            ("m1", "responsible-body", "body", "doc-1"),
            ("m2", "responsible-body", "body", "doc-2"),
            ("m1", "part-of", "f1", "doc-1"),
            ("m2", "part-of", "f2", "doc-2"),
            ("f1", "part-of", "prog", "doc-1"),
            ("f2", "part-of", "prog", "doc-2"),
        ]
    )


def test_paths():
    g = shared_body()
    assert names(da.shortest_path(g, iri("m1"), iri("m2"))) == ["m1", "body", "m2"]
    assert da.shortest_path(g, iri("m1"), iri("m2"), directed=True) is None
    assert names(da.shortest_path(g, iri("m1"), iri("prog"), directed=True)) == ["m1", "f1", "prog"]
    paths, truncated = da.simple_paths(g, iri("m1"), iri("m2"), cutoff=4)
    assert [names(p) for p in paths] == [["m1", "body", "m2"], ["m1", "f1", "prog", "f2", "m2"]]
    assert not truncated
    paths, _ = da.simple_paths(g, iri("m1"), iri("m2"), cutoff=3)
    assert [names(p) for p in paths] == [["m1", "body", "m2"]]
    paths, truncated = da.simple_paths(g, iri("m1"), iri("m2"), cutoff=4, limit=1)
    assert len(paths) == 1 and truncated
    edges = da.path_edges(g, [iri("m1"), iri("body"), iri("m2")])
    assert [(e["relation"], e["document"], e["forward"]) for e in edges] == [
        ("responsible-body", "doc-1", True),
        ("responsible-body", "doc-2", False),
    ]


def test_cycles():
    g = graph(
        [
            ("x", "depends-on", "y"),
            ("y", "depends-on", "z"),
            ("z", "depends-on", "x"),
            ("y", "depends-on", "w"),
            ("w", "depends-on", "y"),
            ("z", "coordinated-with", "q"),
            ("q", "coordinated-with", "z"),
            ("w", "depends-on", "v"),
        ]
    )
    cycles, truncated = da.cycles(g)
    assert [names(c) for c in cycles] == [["w", "y"], ["x", "y", "z"]] and not truncated
    cycles, _ = da.cycles(g, include_symmetric=True)
    assert [names(c) for c in cycles] == [["q", "z"], ["w", "y"], ["x", "y", "z"]]
    assert da.cycles(schedule()) == ([], False)
    assert [names(c) for c in da.cycles(g, limit=1)[0]] == [["w", "y"]] and da.cycles(g, limit=1)[1]


def test_roots_leaves_components():
    g = schedule()
    roots, leaves = da.roots_and_leaves(g)
    assert names(roots) == ["a"] and names(leaves) == ["e"]
    g.add_edge(iri("p"), iri("q"), key="part-of|doc-a", relation="part-of")
    comps = da.components(g)
    assert [names(c) for c in comps] == [["a", "b", "c", "d", "e"], ["p", "q"]]
    g.add_edge(iri("a"), iri("e"), key="depends-on|doc-a", relation="depends-on")
    assert [names(c) for c in da.components(g, strong=True)][0] == ["a", "b", "c", "d", "e"]


def test_centrality_exact_values():
    # path a – b – c – d (plus a parallel edge b → c from a second document that must not count twice)
    g = graph(
        [
            ("a", "depends-on", "b"),
            ("b", "depends-on", "c"),
            ("b", "depends-on", "c", "doc-b"),
            ("c", "depends-on", "d"),
        ]
    )
    bc = da.centrality(g, "betweenness")
    assert {names([n])[0]: round(v, 6) for n, v in bc.items()} == {
        "a": 0.0,
        "b": round(2 / 3, 6),
        "c": round(2 / 3, 6),
        "d": 0.0,
    }
    deg = da.centrality(g, "degree")
    assert {names([n])[0]: v for n, v in deg.items()} == {"a": 1, "b": 2, "c": 2, "d": 1}
    assert {names([n])[0]: v for n, v in da.centrality(g, "in-degree").items()} == {"a": 0, "b": 1, "c": 1, "d": 1}
    # star: a hub between four measures is the bottleneck with betweenness 1
    star = graph([(f"m{i}", "responsible-body", "hub") for i in range(4)])
    top = da.ranking(da.centrality(star, "betweenness"), top=2, g=star)
    assert [(names([n])[0], v) for n, v in top] == [("hub", 1.0), ("m0", 0.0)]
    # directed betweenness on the chain: b and c lie on a→c, a→d, b→d / a→d, b→d, a→c …
    dbc = da.centrality(g, "betweenness", directed=True)
    assert {names([n])[0]: round(v, 6) for n, v in dbc.items()} == {
        "a": 0.0,
        "b": round(2 / 6, 6),
        "c": round(2 / 6, 6),
        "d": 0.0,
    }
    with pytest.raises(da.AnalysisError):
        da.centrality(g, "pagerank")


def test_critical_path():
    cp = dates.critical_path(schedule())
    # both A-B-C-E and A-D-E span 2026-01-01 … 2026-12-31 (364 days); the longer chain wins the tie
    assert names(cp.nodes) == ["a", "b", "c", "e"]
    assert cp.span_days == 364 and cp.start == date(2026, 1, 1) and cp.end == date(2026, 12, 31)
    assert [s["gap_days"] for s in cp.steps] == [1, 1, 1]


def test_critical_path_prefers_longest_span_and_bridges_undated_nodes():
    # chain p ← u(undated) ← q spans 2025-01-01 … 2027-06-30; a parallel short chain x ← y spans less
    g = graph(
        [("u", "depends-on", "p"), ("q", "depends-on", "u"), ("y", "depends-on", "x")],
        {
            "p": ("2025-01-01", "2025-12-31"),
            "q": (None, "2027-06-30"),
            "x": ("2026-01-01", "2026-02-01"),
            "y": ("2026-03-01", "2030-01-01"),
        },
    )
    cp = dates.critical_path(g)
    assert names(cp.nodes) == ["x", "y"] and cp.span_days == (date(2030, 1, 1) - date(2026, 1, 1)).days
    g.nodes[iri("y")]["end"] = "2026-04-01"
    cp = dates.critical_path(g)
    assert names(cp.nodes) == ["p", "q"]
    assert names(cp.steps[0]["via"]) == ["u"]
    assert cp.steps[0]["gap_days"] == (date(2027, 6, 30) - date(2025, 12, 31)).days  # q has no start: its end
    assert cp.span_days == (date(2027, 6, 30) - date(2025, 1, 1)).days


def test_critical_path_needs_a_dag_and_dated_edges():
    g = graph(
        [("a", "depends-on", "b"), ("b", "depends-on", "a")], {"a": (None, "2026-01-01"), "b": (None, "2026-02-01")}
    )
    with pytest.raises(da.CycleError):
        dates.critical_path(g)
    assert dates.critical_path(graph([("a", "depends-on", "b")])) is None
    # non-precedence relations are ignored
    g = graph([("a", "part-of", "b")], {"a": (None, "2026-01-01"), "b": (None, "2026-02-01")})
    assert dates.critical_path(g) is None


def test_slip_impact_uses_slack():
    g = schedule()
    moved, absorbed = dates.slip_impact(g, iri("a"), 2)
    # A ends 2026-03-31 → 2026-05-31: 61 days; B (slack 1) 60; C (slack 1 to B) 59; E via C 58; D (slack 31) 30
    assert [(names([i.node])[0], i.shift_days) for i in moved] == [
        ("a", 61),
        ("b", 60),
        ("c", 59),
        ("e", 58),
        ("d", 30),
    ]
    e = next(i for i in moved if i.node == iri("e"))
    assert names([e.driver]) == ["c"] and e.slack_days == 1 and e.new_end == date(2027, 2, 27)
    assert absorbed == []
    moved, absorbed = dates.slip_impact(g, iri("d"), 3)
    # D ends 2026-06-30 → 2026-09-30 (92 days); E starts 2026-10-01: slack 93 absorbs it
    assert [(names([i.node])[0], i.shift_days) for i in moved] == [("d", 92)]
    assert [(names([i.node])[0], i.shift_days, i.slack_days) for i in absorbed] == [("e", 0, 93)]
    moved, _ = dates.slip_impact(g, iri("e"), 1)
    assert [(names([i.node])[0], i.shift_days) for i in moved] == [("e", 31)]


def test_slip_impact_through_undated_and_finish_to_finish():
    # b (no start: finish-to-finish, end 2026-05-15) after a (end 2026-03-31): slack 45;
    # u undated passes the shift on; w ends 2026-04-30 with slack 30 to a but 0 via u
    g = graph(
        [("b", "depends-on", "a"), ("u", "depends-on", "a"), ("w", "depends-on", "u")],
        {"a": (None, "2026-03-31"), "b": (None, "2026-05-15"), "w": (None, "2026-04-30")},
    )
    moved, absorbed = dates.slip_impact(g, iri("a"), 2)
    assert [(names([i.node])[0], i.shift_days, i.dated) for i in moved] == [
        ("a", 61, True),
        ("u", 61, False),
        ("w", 61, True),
        ("b", 16, True),
    ]
    assert absorbed == []


def test_add_months_clamps():
    assert dates.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert dates.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert dates.add_months(date(2026, 3, 31), 2) == date(2026, 5, 31)
