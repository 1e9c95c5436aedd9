"""The node attributes of the dependency projection (``modgraph.deps.projection``): four queries on the store
(labels and notations, dates, programmes, documents; the attributes are listed in ``projection.py``) and the
choice among their rows; and, for an incremental build, which nodes' attributes are reused from the published
projection.

Reuse: an incremental build takes from the published projection the attributes of every node whose
attributes cannot have changed, and reads the others' from the store (``projection.project``, ``affected``).

A node's attributes come from the triples that have it as subject (labels, notation, ``mg:mentionedIn``, its
type) and from paths that start at it: ``mg:milestone/mg:dueDate/mg:latest``, ``dct:temporal/time:hasEnd|
hasBeginning/…``, ``mg:date/…`` (dates) and ``(dct:isPartOf|mg:programme|mg:goalOf)*`` to a programme. The nodes
read again (``affected``) are

1. the subjects of every triple that is in one store and not the other, in the data graphs the build did not
   copy unchanged (``modgraph.store.changes.changed_triples``: the changed documents, the links, the registry);
2. every node that reaches one of those subjects backwards over the path predicates, in the new store;
3. every node the published projection does not have, and every document node (its fallback ``documents``
   value is the build's list of documents).

Why 1 and 2 are enough: an attribute of ``n`` changes only if a triple on one of ``n``'s paths (or of ``n``
itself) is added or removed. Take the first such triple on the path from ``n``: the part of the path before it is
unchanged, so it is in the new store, and the triple's subject is a changed subject — so the backward closure
from that subject in the new store reaches ``n``. The closure may take more nodes than need it (it does not tell
dates from programmes): a superset, read from the store as in a full build. The result equals a full build's
(``tests/pipeline/test_incremental.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import networkx as nx
import pyoxigraph as ox

from modgraph.iris import document_iri, id_path, sparql_prefixes
from modgraph.store.builds import BuildInfo
from modgraph.store.changes import changed_triples
from modgraph.store.reading import query_data, restricted

PREFIXES = sparql_prefixes(["mg", "dct", "rdfs", "rdf", "skos", "time"]) + "\n"

#: every label and notation, one row per triple: the node attributes are chosen from them in Python
#: (``_labels``; one scan of three predicates instead of a UNION with four OPTIONALs per labelled node, which took
#: 2.6 s at ×40 against 0.3 s)
LABEL_QUERY = (
    PREFIXES
    + """SELECT ?n ?p ?l WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:notation }
  ?n ?p ?l .
}"""
)
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"


def _labels(rows, nodes) -> dict[str, dict]:
    """The label attributes of those ``nodes`` that have an ``rdfs:label`` or ``skos:prefLabel``: ``pref`` (German
    prefLabel), ``de`` (German label), ``any`` (any label), ``en`` (English, either), ``notation``; of several, the
    smallest string, so that every process chooses the same."""
    found: dict[str, dict[str, str]] = {}
    labelled: set[str] = set()
    for row in rows:
        n = row["n"].value
        if n not in nodes:
            continue
        p, val, lang = row["p"].value, row["l"].value, getattr(row["l"], "language", None)
        if p != _NOTATION:
            labelled.add(n)
        cur = found.setdefault(n, {})
        for var, wanted in (
            ("notation", p == _NOTATION),
            ("en", p != _NOTATION and lang == "en"),
            ("pref", p == _PREF and lang == "de"),
            ("any", p == _LABEL),
            ("de", p == _LABEL and lang == "de"),
        ):
            if wanted and (var not in cur or val < cur[var]):
                cur[var] = val
    return {n: found[n] for n in labelled}


#: end = the latest day any milestone is due (mg:latest of its mg:dueDate), else the latest day of the
#: dct:temporal end, else (decisions) the latest day of mg:date; start = the earliest day of the dct:temporal
#: beginning, else (decisions) the earliest day of mg:date.
DATE_QUERY = (
    PREFIXES
    + """SELECT DISTINCT ?n ?what ?v WHERE {
  { ?n mg:milestone/mg:dueDate/mg:latest ?v BIND("milestone" AS ?what) }
  UNION { ?n dct:temporal/time:hasEnd/mg:latest ?v BIND("periodEnd" AS ?what) }
  UNION { ?n dct:temporal/time:hasBeginning/mg:earliest ?v BIND("periodStart" AS ?what) }
  UNION { ?n a mg:Decision ; mg:date/mg:latest ?v BIND("dateLatest" AS ?what) }
  UNION { ?n a mg:Decision ; mg:date/mg:earliest ?v BIND("dateEarliest" AS ?what) }
}"""
)

PROGRAMME_QUERY = (
    PREFIXES
    + """SELECT DISTINCT ?n ?p WHERE {
  ?p a mg:Programme .
  ?n (dct:isPartOf|mg:programme|mg:goalOf)* ?p .
}"""
)

DOCUMENT_QUERY = PREFIXES + """SELECT DISTINCT ?n ?d WHERE { ?n mg:mentionedIn ?d }"""


def node_kind(iri: str, base: str) -> str:
    """The kind segment of a data IRI (``{base}id/{kind}/…``), "external" for any other IRI."""
    path = id_path(iri, base)
    return path.split("/", 1)[0] if path is not None else "external"


def set_node_attributes(g: nx.MultiDiGraph, query, info: BuildInfo, reused: dict[str, dict]) -> None:
    """Give every node of ``g`` its attributes: ``reused``'s where it has them (``reused_attributes``), else from
    the four queries (through ``query(sparql)``), which then read only the other nodes."""
    todo = [n for n in g.nodes if n not in reused]

    def rows(sparql: str):
        return restricted_rows(query, sparql, todo) if reused else query(sparql)

    labels = _labels(rows(LABEL_QUERY), g)
    dates: dict[str, dict] = {}
    raw: dict[str, dict[str, list[str]]] = {}
    for row in rows(DATE_QUERY):
        n = row["n"].value
        if n in g:
            raw.setdefault(n, {}).setdefault(row["what"].value, []).append(row["v"].value)
    for n, r in raw.items():
        ends = r.get("milestone") or r.get("periodEnd") or r.get("dateLatest") or []
        starts = r.get("periodStart") or r.get("dateEarliest") or []
        end, start = (max(ends) if ends else None), (min(starts) if starts else None)
        dates[n] = {"start": start, "end": end}
    programmes: dict[str, set] = {}
    for row in rows(PROGRAMME_QUERY):
        n = row["n"].value
        if n in g:
            programmes.setdefault(n, set()).add(row["p"].value)
    documents: dict[str, set] = {}
    iri_to_doc = {document_iri(info.base_iri, doc): doc for doc in info.documents}
    for row in rows(DOCUMENT_QUERY):
        n = row["n"].value
        if n in g and row["d"].value in iri_to_doc:
            documents.setdefault(n, set()).add(iri_to_doc[row["d"].value])

    for n in g.nodes:
        if n in reused:
            g.nodes[n].update(reused[n])
            continue
        lab = labels.get(n, {})
        kind = node_kind(n, info.base_iri)
        attrs = {
            "label": lab.get("pref") or lab.get("de") or lab.get("any") or n.rstrip("/").rsplit("/", 1)[-1],
            "kind": kind,
            "documents": tuple(sorted(documents.get(n, ()))) or ((iri_to_doc[n],) if n in iri_to_doc else ()),
            "programmes": tuple(sorted(programmes.get(n, ()))),
        }
        if lab.get("en"):
            attrs["label_en"] = lab["en"]
        if lab.get("notation"):
            attrs["notation"] = lab["notation"]
        for k, val in dates.get(n, {}).items():
            if val:
                attrs[k] = val
        if n.startswith(info.base_iri):
            attrs["path"] = "/" + n[len(info.base_iri) :]
        g.nodes[n].update(attrs)


# ---------------------------------------------------------------------------------------------- reuse

#: IRIs per VALUES block of a restricted query
BATCH = 2000

#: the predicates of the paths a node's dates and programmes follow (``DATE_QUERY`` and ``PROGRAMME_QUERY`` above)
PATH = "mg:milestone|mg:dueDate|dct:temporal|time:hasEnd|time:hasBeginning|mg:date|dct:isPartOf|mg:programme|mg:goalOf"
_BACKWARDS = PREFIXES + "SELECT DISTINCT ?n WHERE { ?n (" + PATH + ")+ ?x . FILTER(isIRI(?n)) }"


def batches(iris: Collection[str]) -> Iterable[list[str]]:
    """``iris`` sorted, in lists of at most ``BATCH``."""
    ordered = sorted(iris)
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


def affected_nodes(
    old: ox.Store, old_info: BuildInfo, new: ox.Store, new_info: BuildInfo, kept: Collection[str]
) -> set[str] | None:
    """The IRIs whose attributes an incremental build reads from the store (1 and 2 of the module's list):
    ``kept`` are the data graphs it copied unchanged from the published build (``old``). None (read every
    node's) when a changed triple has a blank node as subject (the data graphs have none today)."""
    graphs = {g for g in (*old_info.data_graphs, *new_info.data_graphs) if g not in kept}
    changed = changed_triples(old, new, graphs)
    if any(not isinstance(t.subject, ox.NamedNode) for t in changed):
        return None  # a blank node's paths cannot be followed back from a VALUES block: every node is read
    subjects = {t.subject.value for t in changed if isinstance(t.subject, ox.NamedNode)}
    found = set(subjects)
    for batch in batches(subjects):
        found |= {row["n"].value for row in query_data(new, new_info, restricted(_BACKWARDS, "x", batch))}
    return found


def reused_attributes(base: nx.MultiDiGraph, nodes: Iterable[str], affected: set[str], info: BuildInfo) -> dict:
    """Node -> the attributes the published projection ``base`` gave it, for those ``nodes`` whose attributes are
    not read again (3 of the module's list: nodes ``base`` lacks and document nodes are read again)."""
    documents = {document_iri(info.base_iri, doc) for doc in info.documents}
    return {n: dict(base.nodes[n]) for n in nodes if n not in affected and n not in documents and n in base}


def restricted_rows(query, sparql: str, nodes: Collection[str]) -> Iterable:
    """The rows of one of the node-attribute queries (``?n`` its node) for ``nodes`` only, in batches
    (``modgraph.store.reading.restricted``: a ``VALUES`` block in every branch of a UNION), through
    ``query(sparql)``."""
    for batch in batches(nodes):
        yield from query(restricted(sparql, "n", batch))
