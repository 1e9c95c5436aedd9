"""The dependency projection: a networkx MultiDiGraph of the typed relations in the published store.

The projection is *built by SPARQL from the store* (never from the records): one SELECT for the edges
(``?s ?p ?o ?g`` with ``GRAPH ?g`` naming the source document, and the ``mg:asOf`` date of the relation
statement where the records give one), one for labels and kinds, one for dates, one for the programmes a
node belongs to, one for the documents a node is mentioned in. Semantics: ``modgraph/deps/README.md``.

Nodes are IRIs. Node attributes::

    label        preferred German label (registry skos:prefLabel, else rdfs:label@de, else any label)
    label_en     English label where known
    kind         measure | field | goal | programme | organisation | decision | fund | document | place | …
                 (the kind segment of the IRI ``{base}id/{kind}/…``)
    notation     skos:notation ("3.2", "HF 3") where given
    documents    sorted ids of the documents the node is mentioned in (mg:mentionedIn)
    programmes   sorted IRIs of the programmes the node belongs to (dct:isPartOf / mg:programme / mg:goalOf chains)
    start, end   ISO dates (see ``node_dates``) or absent
    path         the path of the node's resource page on this server ("/id/measure/…"), or absent

Edges run in the direction of the RDF triple (subject → object), except for relations marked
``reverse`` in ``modgraph.relations`` (mg:reusedBy: "A reusedBy B" becomes B → A; eli:is_about: "decision is about X" becomes
X → decision, like X mg:implementsDecision decision), so that every edge reads "source needs / belongs to /
serves target". Edge attributes: ``relation`` (its key in ``modgraph.relations``), ``predicate`` (IRI), ``document`` (document id of the
named graph, ``None`` for the registry), ``graph`` (named graph IRI), ``as_of`` (ISO date of the relation
record, where given), ``symmetric``, ``reversed``. Edge keys are ``"{relation}|{document}"``: the same triple
stated by two documents gives two parallel edges.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from modgraph.deps.attributes import node_kind, reused_attributes, set_node_attributes
from modgraph.iris import id_path, sparql_prefixes
from modgraph.relations import BY_IRI, RELATIONS, resolve_relations
from modgraph.store.builds import BuildInfo
from modgraph.store.reading import query_data

# ---------------------------------------------------------------------------------------------- SPARQL

PREFIXES = sparql_prefixes(["mg", "dct", "rdfs", "rdf", "skos", "time"]) + "\n"


def edge_query(predicates: Iterable[str], graphs: Iterable[str]) -> str:
    """The edge SELECT: one row per (subject, predicate, object, named graph), with the relation record's date.

    Ordered, so that the projection's node and edge order, and with it every answer's, is the same in every
    process (DISTINCT's order is not: the CLI and a web worker would list ties differently).
    """
    values_p = " ".join(f"<{p}>" for p in predicates)
    values_g = " ".join(f"<{g}>" for g in graphs)
    return (
        PREFIXES
        + f"""SELECT DISTINCT ?s ?p ?o ?g ?asOf WHERE {{
  VALUES ?p {{ {values_p} }}
  VALUES ?g {{ {values_g} }}
  GRAPH ?g {{
    ?s ?p ?o .
    FILTER(isIRI(?s) && isIRI(?o))
    OPTIONAL {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; mg:asOf ?asOf . }}
  }}
}}
ORDER BY ?s ?p ?o ?g ?asOf"""
    )


# ---------------------------------------------------------------------------------------------- projection


class Projection:
    """The full projection of one build ("everything"); per-question views are edge-filtered subgraphs."""

    def __init__(self, graph: nx.MultiDiGraph, info: BuildInfo):
        self.graph = graph
        self.info = info
        self.base_iri = info.base_iri
        self.documents = {doc: d.get("label", doc) for doc, d in info.documents.items()}
        #: nodes with at least one edge besides mentioned-in (the ones worth finding)
        self.linked = {n for u, v, d in graph.edges(data=True) if d["relation"] != "mentioned-in" for n in (u, v)}

    @property
    def build_id(self) -> str:
        return self.info.id

    def programmes(self) -> list[tuple[str, str]]:
        return sorted(
            ((n, d.get("label", n)) for n, d in self.graph.nodes(data=True) if d.get("kind") == "programme"),
            key=lambda x: x[1].lower(),
        )

    def view(
        self,
        relations: str | Iterable[str] | None = None,
        documents: Iterable[str] | None = None,
        programmes: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
    ) -> nx.MultiDiGraph:
        """The subgraph for one question (a copy with node and edge attributes).

        relations: preset names / relation keys (default "all"); documents: keep only edges stated in these
        documents; programmes: keep only edges with at least one end belonging to one of these programmes;
        kinds: keep only nodes of these kinds. Only nodes with at least one kept edge remain.
        """
        keys = set(resolve_relations(relations))
        docs = set(documents) if documents else None
        progs = set(programmes) if programmes else None
        kinds_ = set(kinds) if kinds else None
        g = self.graph
        view = nx.MultiDiGraph(relations=sorted(keys), build=self.build_id)

        def node_ok(n):
            if kinds_ is not None and g.nodes[n].get("kind") not in kinds_:
                return False
            return True

        def in_programme(n):
            assert progs is not None
            return bool(progs.intersection(g.nodes[n].get("programmes", ())))

        for u, v, k, d in g.edges(keys=True, data=True):
            if d["relation"] not in keys:
                continue
            if docs is not None and d.get("document") not in docs:
                continue
            if progs is not None and not (in_programme(u) or in_programme(v)):
                continue
            if not (node_ok(u) and node_ok(v)):
                continue
            for n in (u, v):
                if n not in view:
                    view.add_node(n, **g.nodes[n])
            view.add_edge(u, v, key=k, **d)
        return view

    def search(self, text: str, limit: int = 20, kinds: Iterable[str] | None = None) -> list[dict]:
        """Nodes whose label, English label, notation or IRI contains ``text`` (case-insensitive).

        Ordered: label starts with the text, then word-start matches, then other matches; then by degree (desc), label.
        """
        t = text.strip().lower()
        if not t:
            return []
        kinds_ = set(kinds) if kinds else None
        hits = []
        for n, d in self.graph.nodes(data=True):
            if n not in self.linked:
                continue
            if kinds_ is not None and d.get("kind") not in kinds_:
                continue
            hay = [d.get("label", ""), d.get("label_en") or "", d.get("notation") or "", id_path(n, self.base_iri) or n]
            low = [h.lower() for h in hay]
            if not any(t in h for h in low):
                continue
            label = low[0]
            rank = 0 if label.startswith(t) else 1 if (" " + t) in (" " + label) else 2
            hits.append((rank, -self.graph.degree(n), d.get("label", n).lower(), n))
        hits.sort()
        return [node_json(self.graph, n) for *_, n in hits[:limit]]


def node_json(g: nx.Graph, n: str) -> dict:
    d = g.nodes[n]
    out = {"iri": n, "label": d.get("label", n), "kind": d.get("kind")}
    for k in ("label_en", "notation", "start", "end", "path"):
        if d.get(k):
            out[k] = d[k]
    if d.get("documents"):
        out["documents"] = list(d["documents"])
    if d.get("programmes"):
        out["programmes"] = list(d["programmes"])
    return out


def edge_json(u: str, v: str, k: str, d: dict) -> dict:
    out = {
        "source": u,
        "target": v,
        "key": k,
        "relation": d["relation"],
        "predicate": d["predicate"],
        "document": d.get("document"),
    }
    if d.get("as_of"):
        out["as_of"] = d["as_of"]
    if d.get("symmetric"):
        out["symmetric"] = True
    if d.get("reversed"):
        out["reversed"] = True
    return out


#: one edge row of the projection: subject, predicate, object, named graph, the relation record's date (the last
#: segment of its IRI) or None
EdgeRow = tuple[str, str, str, str, str | None]


def edge_rows(query, predicates: Iterable[str], graphs: Iterable[str]) -> list[EdgeRow]:
    """The edge rows of ``graphs`` (``query(sparql)`` as for :func:`project`), sorted as the edge query orders
    them (by subject, predicate, object, graph: IRIs compare by their text)."""
    rows: list[EdgeRow] = []
    for row in query(edge_query(predicates, graphs)):
        as_of = row["asOf"]
        as_of = as_of.value.rsplit("/", 1)[-1] if as_of is not None else None
        rows.append((row["s"].value, row["p"].value, row["o"].value, row["g"].value, as_of))
    return _sorted(rows)


def _sorted(rows: list[EdgeRow]) -> list[EdgeRow]:
    return sorted(rows, key=lambda r: (r[0], r[1], r[2], r[3], r[4] or ""))


def base_edge_rows(base: nx.MultiDiGraph, graphs: set[str]) -> list[EdgeRow]:
    """The edge rows of ``graphs`` taken back from a projection that has them (a published build's), the way
    :func:`edge_rows` reads them from the store; two rows of one edge (relation records with different dates)
    come back as one, the latest date's, which is the one the projection keeps."""
    rows: list[EdgeRow] = []
    for u, v, d in base.edges(data=True):
        if d["graph"] in graphs and d["relation"] in RELATIONS:
            s, o = (v, u) if d["reversed"] else (u, v)
            rows.append((s, d["predicate"], o, d["graph"], d.get("as_of")))
    return rows


def project(
    query,
    info: BuildInfo,
    relations: str | Iterable[str] | None = "everything",
    base: tuple[nx.MultiDiGraph, set[str]] | None = None,
    affected: set[str] | None = None,
) -> Projection:
    """Build the projection with ``query(sparql)`` (a function running SPARQL on the union default graph).

    ``base``: the projection of another build (the published one, made with every relation) and the data graphs
    it shares with this build unchanged: their edges are taken from it, only the other graphs' edges are
    queried. ``affected`` (with ``base``): the nodes whose attributes may differ from ``base``'s
    (``modgraph.deps.incremental.affected_nodes``): only theirs are queried, the others' are ``base``'s; without
    it the nodes' labels, kinds, dates, programmes and documents (which cross graphs) are queried for every node.
    The result is the same as without ``base`` (``tests/pipeline/test_incremental.py``).
    """
    keys = resolve_relations(relations)
    rels = [RELATIONS[k] for k in keys]
    predicates = [r.iri for r in rels]
    if base is None:
        rows = edge_rows(query, predicates, info.data_graphs)
    else:
        graph, kept = base
        kept = kept & set(info.data_graphs)
        wanted = set(predicates)
        rows = [r for r in base_edge_rows(graph, kept) if r[1] in wanted]
        rows += edge_rows(query, predicates, [g for g in info.data_graphs if g not in kept])
        rows = _sorted(rows)
    doc_by_graph = {d["graph"]: doc for doc, d in info.documents.items()}
    base_iri = info.base_iri
    g = nx.MultiDiGraph(build=info.id)

    for s, p, o, gr, as_of in rows:
        rel = BY_IRI[p]
        doc = doc_by_graph.get(gr)
        if (
            node_kind(s, base_iri) == "relation"
        ):  # a relation record (rdf:Statement) is not a node; its triple is the edge
            continue
        u, v = (o, s) if rel.reverse else (s, o)
        key = f"{rel.key}|{doc}"
        if g.has_edge(u, v, key):  # two relation records with different dates: keep the latest
            prev = g.edges[u, v, key].get("as_of")
            as_of = max(filter(None, (prev, as_of)), default=None)
        g.add_edge(
            u,
            v,
            key=key,
            relation=rel.key,
            predicate=p,
            document=doc,
            graph=gr,
            as_of=as_of,
            symmetric=rel.symmetric,
            reversed=rel.reverse,
        )

    reused = {} if base is None or affected is None else reused_attributes(base[0], g.nodes, affected, info)
    set_node_attributes(g, query, info, reused)
    return Projection(g, info)


def project_store(
    store: ox.Store,
    info: BuildInfo,
    relations="everything",
    base: tuple[nx.MultiDiGraph, set[str]] | None = None,
    affected: set[str] | None = None,
) -> Projection:
    """Projection of an open store (tests, CLI; ``base`` and ``affected`` as for :func:`project`)."""
    return project(lambda q: query_data(store, info, q), info, relations, base, affected)
