"""Exports of a projection or of any analysis result (a networkx graph) to GraphML, GEXF, DOT,
Cytoscape.js JSON and RDF (Turtle; TriG keeps each edge in its source document's named graph).

Attribute values are made scalar for the XML formats: tuples/lists/sets become space-separated strings,
``None`` is left out, dates become ISO strings. Edge keys (``"{relation}|{document}"``) are kept as edge ids.
The RDF export writes each edge as the triple it came from (``reversed`` edges turned back), plus
``rdfs:label`` and (where known) ``skos:notation`` of every node.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from modgraph.iris import PREFIXES

FORMATS = {
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "dot": ("text/vnd.graphviz", "dot"),
    "cytoscape": ("application/json", "cyjs"),
    "turtle": ("text/turtle", "ttl"),
    "trig": ("application/trig", "trig"),
}
LIST_SEPARATOR = " "


def _scalar(value):
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return LIST_SEPARATOR.join(str(v) for v in items)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def scalar_copy(g: nx.Graph) -> nx.Graph:
    """A copy whose graph, node and edge attributes are all scalars (no None)."""
    h = g.__class__()
    h.graph.update({k: s for k, v in g.graph.items() if (s := _scalar(v)) is not None})
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: s for k, v in d.items() if (s := _scalar(v)) is not None})
    if g.is_multigraph():
        for u, v, k, d in g.edges(keys=True, data=True):
            h.add_edge(u, v, key=k, **{a: s for a, x in d.items() if (s := _scalar(x)) is not None})
    else:
        for u, v, d in g.edges(data=True):
            h.add_edge(u, v, **{a: s for a, x in d.items() if (s := _scalar(x)) is not None})
    return h


def to_graphml(g: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(scalar_copy(g), buf, encoding="utf-8")
    return buf.getvalue()


def to_gexf(g: nx.Graph) -> bytes:
    h = scalar_copy(g)
    # GEXF: the "label" node attribute becomes the node label; an "id" edge attribute becomes the edge id
    if h.is_multigraph():
        for _u, _v, k, d in h.edges(keys=True, data=True):
            d["id"] = str(k)
    buf = io.BytesIO()
    nx.write_gexf(h, buf, encoding="utf-8")
    return buf.getvalue()


def _dot_id(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_name(text: str) -> str:
    return text if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text) else _dot_id(text)


def to_dot(g: nx.Graph, name: str = "modgraph") -> bytes:
    """Graphviz DOT, written directly (no pydot/pygraphviz needed). Every attribute is quoted."""
    kind = "digraph" if g.is_directed() else "graph"
    arrow = "->" if g.is_directed() else "--"
    lines = [f"{'strict ' if not g.is_multigraph() else ''}{kind} {_dot_id(name)} {{"]
    for k, v in g.graph.items():
        s = _scalar(v)
        if s is not None and k not in ("node", "edge", "graph", "name"):
            lines.append(f"  {_dot_name(k)}={_dot_id(s)};")
    for n, d in g.nodes(data=True):
        attrs = ", ".join(f"{_dot_name(k)}={_dot_id(s)}" for k, v in d.items() if (s := _scalar(v)) is not None)
        lines.append(f"  {_dot_id(n)} [{attrs}];" if attrs else f"  {_dot_id(n)};")
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else ((u, v, None, d) for u, v, d in g.edges(data=True))
    for u, v, k, d in edges:
        items = ([("key", k)] if k is not None else []) + list(d.items())
        attrs = ", ".join(f"{_dot_name(a)}={_dot_id(s)}" for a, x in items if (s := _scalar(x)) is not None)
        lines.append(f"  {_dot_id(u)} {arrow} {_dot_id(v)} [{attrs}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def cytoscape_elements(g: nx.Graph) -> dict:
    """Cytoscape.js JSON (the shape of ``networkx.cytoscape_data``): nodes with id/label/kind, edges with
    id/source/target/relation/document. Parsed back by ``networkx.cytoscape_graph``."""
    nodes = []
    for n, d in g.nodes(data=True):
        data = {k: (list(v) if isinstance(v, (tuple, set, frozenset)) else v) for k, v in d.items() if v is not None}
        data = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}
        data.update({"id": n, "value": n, "name": d.get("label", n)})
        nodes.append({"data": data})
    edges = []
    items = g.edges(keys=True, data=True) if g.is_multigraph() else ((u, v, None, d) for u, v, d in g.edges(data=True))
    for i, (u, v, k, d) in enumerate(items):
        data = {
            a: (sorted(x) if isinstance(x, (set, frozenset)) else list(x) if isinstance(x, tuple) else x)
            for a, x in d.items()
            if x is not None
        }
        data.update({"id": f"e{i}", "source": u, "target": v})
        if k is not None:
            data["key"] = k
        edges.append({"data": data})
    graph_data = {k: (list(v) if isinstance(v, (tuple, set)) else v) for k, v in g.graph.items()}
    return {
        "data": graph_data,
        "directed": g.is_directed(),
        "multigraph": g.is_multigraph(),
        "elements": {"nodes": nodes, "edges": edges},
    }


def to_cytoscape(g: nx.Graph) -> bytes:
    return json.dumps(cytoscape_elements(g), ensure_ascii=False, indent=1).encode("utf-8")


def _triples(g: nx.Graph):
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else ((u, v, None, d) for u, v, d in g.edges(data=True))
    for u, v, _k, d in edges:
        pred = d.get("predicate")
        if not pred:
            continue
        s, o = (v, u) if d.get("reversed") else (u, v)
        yield URIRef(s), URIRef(pred), URIRef(o), d


def _labels(g: nx.Graph, target) -> None:
    for n, d in g.nodes(data=True):
        if d.get("label"):
            target.add((URIRef(n), RDFS.label, Literal(d["label"], lang="de")))
        if d.get("label_en"):
            target.add((URIRef(n), RDFS.label, Literal(d["label_en"], lang="en")))
        if d.get("notation"):
            target.add((URIRef(n), SKOS.notation, Literal(d["notation"])))


def to_rdf_graph(g: nx.Graph) -> Graph:
    out = Graph()
    for prefix in ("mg", "dct", "org", "eli"):
        out.bind(prefix, PREFIXES[prefix])
    for s, p, o, _ in _triples(g):
        out.add((s, p, o))
    _labels(g, out)
    return out


def to_turtle(g: nx.Graph) -> bytes:
    return to_rdf_graph(g).serialize(format="turtle", encoding="utf-8")


def to_trig(g: nx.Graph) -> bytes:
    """Each edge in the named graph of its source document (``graph`` attribute), labels in the default graph."""
    ds = Dataset()
    ds.bind("mg", PREFIXES["mg"])
    for s, p, o, d in _triples(g):
        if d.get("graph"):
            ds.graph(URIRef(d["graph"])).add((s, p, o))
        else:
            ds.add((s, p, o))
    _labels(g, ds)
    return ds.serialize(format="trig", encoding="utf-8")


WRITERS = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "dot": to_dot,
    "cytoscape": to_cytoscape,
    "turtle": to_turtle,
    "trig": to_trig,
}


def export(g: nx.Graph, fmt: str) -> tuple[bytes, str]:
    """Serialise g → (bytes, media type)."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}: use {', '.join(WRITERS)}")
    return WRITERS[fmt](g), FORMATS[fmt][0]
