"""Small synthetic graphs with known answers (shared by the analysis and export tests)."""

from __future__ import annotations

import networkx as nx

BASE = "https://example.org/"


def iri(name: str) -> str:
    return f"{BASE}id/measure/{name}"


def graph(edges, dates=None, labels=None) -> nx.MultiDiGraph:
    """edges: (source, relation, target[, document]); names are turned into IRIs."""
    g = nx.MultiDiGraph()
    for e in edges:
        s, rel, t = e[:3]
        doc = e[3] if len(e) > 3 else "doc-a"
        for n in (s, t):
            if iri(n) not in g:
                g.add_node(iri(n), label=(labels or {}).get(n, n.upper()), kind="measure", path=f"/id/measure/{n}")
        g.add_edge(
            iri(s),
            iri(t),
            key=f"{rel}|{doc}",
            relation=rel,
            predicate=f"https://example.org/def#{rel}",
            document=doc,
            symmetric=rel in {"interdependent-with", "coordinated-with"},
            reversed=False,
        )
    for n, (start, end) in (dates or {}).items():
        if start:
            g.nodes[iri(n)]["start"] = start
        if end:
            g.nodes[iri(n)]["end"] = end
    return g


#: a → b means "a depends on b". Precedence: A → B → C → E and A → D → E.
SCHEDULE_EDGES = [
    ("b", "depends-on", "a"),
    ("c", "depends-on", "b"),
    ("d", "depends-on", "a"),
    ("e", "depends-on", "c"),
    ("e", "depends-on", "d"),
]
SCHEDULE_DATES = {
    "a": ("2026-01-01", "2026-03-31"),
    "b": ("2026-04-01", "2026-06-30"),
    "c": ("2026-07-01", "2026-09-30"),
    "d": ("2026-05-01", "2026-06-30"),
    "e": ("2026-10-01", "2026-12-31"),
}


def schedule() -> nx.MultiDiGraph:
    return graph(SCHEDULE_EDGES, SCHEDULE_DATES)
