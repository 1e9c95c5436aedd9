"""The search entries of an incremental build: the published build's entries, read from their side file, with
only the entries whose inputs changed extracted again from the new store.

Every build writes its entries into its build directory (``search-entries.pickle``, beside the store): each
:class:`~modgraph.search.extract.Entry` whole (labels, every text, passages, facets), its label rank (the
index order is ``(rank, iri)``) and the nested subjects that lent it something, with the build's id and the
checksum of the extracting code (``extract.py``, ``extract_queries.py`` and this file, key ``"code"``). An
incremental build (``reusable``: the graphs it copied unchanged) reads the published build's file and

1. takes the triples of the other graphs that are in one store and not the other
   (``store.changes.changed_triples``);
2. closes their subjects backwards (in both stores) over the predicates the extraction follows forwards from
   an entry or a nested subject: passages (``prov:wasDerivedFrom``, ``oa:hasSelector``, ``oa:hasSource``),
   documents (``mg:mentionedIn``), programmes (``dct:isPartOf``, ``mg:programme``, ``mg:goalOf`` …), places
   and bodies (``dct:spatial``, ``schema:location``, ``schema:containedInPlace``, ``dct:publisher``,
   ``org:subOrganizationOf`` …), statuses (``mg:statusAssertion``), both ways over ``owl:sameAs`` and
   ``skos:exactMatch``, and over any predicate into a changed date (``time:Instant``, ``mg:earliest``);
3. takes the owners (the longest labelled IRI prefix) of every node reached, among the published entries and
   among the new ones (a subject that gained or lost a label or an unindexed type changes the owner of the
   IRIs under it: both owners are taken), and of the changed triples' objects;
4. extracts those entries again with the queries of ``extract.py`` restricted by ``VALUES`` to them and to
   the nested subjects that lent them something (the published file's and every node reached), and merges
   them with the published entries of the others, in the order of a full extraction.

A file that is missing, of another build or made by other code, or more than ``FULL_SHARE`` of the entries
to extract again, and the whole store is extracted. The result is a full extraction's, entry for entry
(``tests/pipeline/test_incremental.py``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from modgraph.search import extract as extract_module
from modgraph.search import extract_queries as queries_module
from modgraph.search.extract import Extraction, _owner, extract, facet_labels
from modgraph.search.extract_queries import LABEL_PROPERTIES
from modgraph.store.builds import Build, BuildInfo
from modgraph.store.changes import changed_triples
from modgraph.store.reading import query_data

FILE_NAME = "search-entries.pickle"
#: bumped whenever the pickled content changes meaning; another format is not read (everything is extracted)
FORMAT = 1
#: above this share of the published entries to extract again, the whole store is extracted
FULL_SHARE = 0.25
#: nodes (passages, selectors, statement nodes, entries …) the closure may reach, per entry it may extract again
NODES_PER_ENTRY = 16


def _code_checksum() -> str:
    digest = hashlib.sha256()
    for path in (Path(str(extract_module.__file__)), Path(str(queries_module.__file__)), Path(__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


#: the extracting code's checksum, stored in every side file (``"code"``)
CODE = _code_checksum()

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "mg": "https://w3id.org/modgraph/def#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
}


def _t(*names: str) -> frozenset[str]:
    return frozenset(_NS[n.split(":")[0]] + n.split(":")[1] for n in names)


RDF_TYPE = _NS["rdf"] + "type"
ANY = "*"
CITY_TYPES = frozenset(_NS["mg"].removesuffix("#") + "/place-type/" + t for t in ("city", "state"))
SAME = _t("owl:sameAs", "skos:exactMatch")
#: The paths ``extract.py``'s queries follow from an entry or a nested subject (state ``start``) to what they
#: read, as states of the nodes on them. ``READS``: what a node in a state reads — a predicate, or
#: ``(rdf:type or dct:type, the classes that count)``; a change of such a triple at a node in that state may
#: change the entries that reach it. ``start`` reads anything (its owner is taken for every changed subject).
READS: dict[str, frozenset] = {
    "passage": _t("oa:hasSource", "oa:hasSelector", "mg:line"),  # PASSAGES
    "selector": _t("oa:exact"),
    "document": _t("dct:publisher", "dct:issued") | {(RDF_TYPE, _NS["mg"] + "SourceDocument")},
    "body": _t("org:subOrganizationOf", "org:unitOf", "schema:location", "dct:spatial")  # DOCUMENT_BODIES
    | SAME
    | {(RDF_TYPE, _NS["org"] + "Organization")},  # BODY_PLACES
    "place": _t("schema:containedInPlace") | {(_NS["dct"] + "type", t) for t in CITY_TYPES},  # OWN_CITIES
    "item": frozenset(),  # a Wikidata item a body links to: read backwards (``REVERSE_READS``)
    "city": frozenset({(_NS["dct"] + "type", t) for t in CITY_TYPES}),
    "part": _t("dct:isPartOf") | {(RDF_TYPE, _NS["mg"] + "Programme")},  # PROGRAMMES
    "target": _t("mg:programme", "dct:isPartOf"),  # what a goal, milestone, key figure or status is of
    "programme": frozenset({(RDF_TYPE, _NS["mg"] + "Programme")}),
    "assertion": _t("mg:status", "mg:asOf"),  # STATUSES
    "date": _t("mg:earliest") | {(RDF_TYPE, _NS["time"] + "Instant")},  # DATES
}
#: states whose node reads triples that point at it: ``item`` (a city ``owl:sameAs`` it)
REVERSE_READS: dict[str, frozenset[str]] = {"item": SAME}
#: how a node comes to be in a state: state -> (predicates, the state of the node before it, direction); the
#: node before links to it over the predicates (``forward``), or it links to the node before (``backward``)
BEFORE: dict[str, tuple[tuple[frozenset[str] | str, str, str], ...]] = {
    "passage": ((_t("prov:wasDerivedFrom"), "start", "forward"),),
    "selector": ((_t("oa:hasSelector"), "passage", "forward"),),
    "document": (
        (_t("mg:mentionedIn"), "start", "forward"),
        (_t("oa:hasSource"), "passage", "forward"),
        ("self", "start", "forward"),  # a document is its own document (DOCUMENTS)
    ),
    "body": (
        (_t("dct:publisher"), "document", "forward"),
        (_t("org:subOrganizationOf", "org:unitOf"), "body", "forward"),
    ),
    "place": (
        (_t("schema:location", "dct:spatial"), "body", "forward"),
        (_t("dct:spatial", "schema:location", "mg:availableIn"), "start", "forward"),
        (_t("schema:containedInPlace"), "place", "forward"),
    ),
    "item": ((SAME, "body", "forward"),),
    "city": ((SAME, "item", "backward"),),
    "part": (
        (_t("dct:isPartOf"), "start", "forward"),
        (_t("dct:isPartOf"), "part", "forward"),
        (_t("dct:isPartOf"), "target", "forward"),
    ),
    "target": ((_t("mg:goalOf", "mg:milestoneOf", "mg:keyFigureOf", "mg:statusOf"), "start", "forward"),),
    "programme": ((_t("mg:programme"), "target", "forward"),),
    "assertion": ((_t("mg:statusAssertion"), "start", "forward"),),
    "date": ((ANY, "start", "forward"),),
}

#: IRIs a round of the closure asks about in one query
BATCH = 400


def entries_path(build_dir: Path) -> Path:
    return build_dir / FILE_NAME


@dataclass
class Outcome:
    """The entries of a build, and how they were made: ``extracted`` the IRIs extracted from the store (None:
    the whole store), ``reason`` why everything was extracted."""

    extraction: Extraction
    facet_labels: dict[str, dict[str, str]]
    extracted: set[str] | None
    reason: str = ""


def write_entries(build: Build, info: BuildInfo, extraction: Extraction) -> Path:
    """The build's side file (temporary name, renamed: a reader never sees half a file)."""
    path = entries_path(build.path)
    partial = path.with_name(path.name + ".partial")
    payload = {
        "format": FORMAT,
        "build": info.id,
        "created": info.created,
        "code": CODE,
        "entries": extraction.entries,
        "ranks": extraction.ranks,
        "nested": extraction.nested,
    }
    with open(partial, "wb") as out:
        pickle.dump(payload, out, protocol=5)
    os.replace(partial, path)
    return path


def read_entries(build: Build) -> tuple[Extraction | None, str]:
    """The published build's extraction from its side file; None and why when it cannot be reused."""
    info = build.info
    try:
        with open(entries_path(build.path), "rb") as f:
            payload = pickle.load(f)
    except FileNotFoundError:
        return None, "no side file"
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None, "unreadable side file"
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return None, "side file of another format"
    if payload.get("code") != CODE:
        return None, "side file of other code"
    if payload.get("build") != info.id or payload.get("created") != info.created:
        return None, "side file of another build"
    return Extraction(payload["entries"], payload["ranks"], payload["nested"]), ""


def _select(store: ox.Store, info: BuildInfo, sparql: str) -> list[ox.QuerySolution]:
    result = query_data(store, info, sparql)
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def _iris(values: Iterable[str]) -> str:
    return " ".join(f"<{v}>" for v in sorted(values))


def _in_union(store: ox.Store, info: BuildInfo, t: ox.Triple) -> bool:
    if info.union_in_default_graph:
        return ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) in store
    return any(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g)) in store for g in info.data_graphs)


def union_changes(
    base_store: ox.Store, base_info: BuildInfo, store: ox.Store, info: BuildInfo, candidates: Iterable[ox.Triple]
) -> set[ox.Triple]:
    """The ``candidates`` (changed in some graph) that are in the union of the data graphs of one store and not
    of the other: what the extraction's queries (on the union) can see change."""
    return {t for t in candidates if _in_union(base_store, base_info, t) != _in_union(store, info, t)}


def _before(stores: list[tuple[ox.Store, BuildInfo]], nodes: Collection[str], state: str) -> set[tuple[str, str]]:
    """The nodes (with their states) from which the extraction reaches ``nodes`` in ``state``, in any store."""
    found: set[tuple[str, str]] = set()
    ordered = sorted(nodes)
    for preds, previous, direction in BEFORE.get(state, ()):
        if preds == "self":
            found |= {(n, previous) for n in nodes}
            continue
        for start in range(0, len(ordered), BATCH):
            values = _iris(ordered[start : start + BATCH])
            link = "?s ?p ?x" if direction == "forward" else "?x ?p ?s"
            restrict = "" if preds == ANY else f"VALUES ?p {{ {_iris(preds)} }} "
            sparql = f"SELECT DISTINCT ?s WHERE {{ VALUES ?x {{ {values} }} {restrict}{link} FILTER(isIRI(?s)) }}"
            for store, info in stores:
                found |= {(r["s"].value, previous) for r in _select(store, info, sparql)}
    return found


def _seeds(s: str, t: ox.Triple) -> set[tuple[str, str]]:
    """The nodes and states at which the extraction reads a changed triple of subject ``s`` (``start``: its
    subject, always)."""
    p, o = t.predicate.value, t.object
    out = {(s, "start")}
    for state, reads in READS.items():
        if p in reads or (isinstance(o, ox.NamedNode) and (p, o.value) in reads):
            out.add((s, state))
    if isinstance(o, ox.NamedNode):
        out |= {(o.value, state) for state, reads in REVERSE_READS.items() if p in reads}
    return out


def _labelled_now(store: ox.Store, info: BuildInfo, iris: Collection[str]) -> set[str]:
    """Which of ``iris`` are entries of the store (a label, under the base IRI, no unindexed type)."""
    candidates = sorted(i for i in iris if i.startswith(info.base_iri))
    out: set[str] = set()
    for start in range(0, len(candidates), BATCH):
        values = _iris(candidates[start : start + BATCH])
        labelled = {
            r["s"].value
            for r in _select(
                store,
                info,
                f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {_iris(LABEL_PROPERTIES)} }} "
                "?s ?p ?o FILTER(isLiteral(?o)) }",
            )
        }
        unindexed = {
            r["s"].value
            for r in _select(
                store,
                info,
                f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {values} }} VALUES ?t {{ {_iris(extract_module.NOT_INDEXED)} }} "
                "?s a ?t }",
            )
        }
        out |= labelled - unindexed
    return out


def affected(
    base_store: ox.Store,
    base_info: BuildInfo,
    store: ox.Store,
    info: BuildInfo,
    changes: Collection[ox.Triple],
    published: Extraction,
    limit: int,
) -> tuple[set[str], set[str], set[str]] | str:
    """The entries to extract again, the entries of the new store and the nested subjects to read for them;
    or why not: more than ``limit`` entries (or ``NODES_PER_ENTRY`` times as many nodes) would be, or a blank node changed
    (the closure follows IRIs only; the mapper makes no blank nodes)."""
    old = {e.iri for e in published.entries}
    subjects: set[str] = set()
    objects: set[str] = set()
    reached: set[tuple[str, str]] = set()
    for t in changes:
        if not isinstance(t.subject, ox.NamedNode) or isinstance(t.object, (ox.BlankNode, ox.Triple)):
            return "a blank node changed"
        subjects.add(t.subject.value)
        if isinstance(t.object, ox.NamedNode):
            objects.add(t.object.value)
        reached |= _seeds(t.subject.value, t)
    stores = [(base_store, base_info), (store, info)]
    frontier = set(reached)
    while frontier:
        if len(reached) > NODES_PER_ENTRY * limit:
            return "too many changes"
        by_state: dict[str, set[str]] = {}
        for node, state in frontier:
            by_state.setdefault(state, set()).add(node)
        frontier = set().union(*(_before(stores, nodes, state) for state, nodes in by_state.items())) - reached
        reached |= frontier
    starts = {node for node, state in reached if state == "start"}
    # a subject of a changed triple may have gained or lost its label or an unindexed type
    new = (old - subjects) | _labelled_now(store, info, subjects)
    owners: set[str] = set()
    for node in starts | objects:
        for known in (old, new):
            owner = _owner(node, known)
            if owner is not None:
                owners.add(owner)
    if len(owners & new) > limit:  # those that are gone cost nothing
        return "too many changes"
    nested = set(starts)
    for owner in owners:
        nested |= published.nested.get(owner, set())
    return owners, new, nested


def merge(published: Extraction, fresh: Extraction, extracted: Collection[str]) -> Extraction:
    """The published entries but those in ``extracted``, with the ``fresh`` ones, in index order."""
    by_iri = {e.iri: e for e in published.entries if e.iri not in extracted}
    ranks = {k: published.ranks[k] for k in by_iri}
    nested = {k: v for k, v in published.nested.items() if k in by_iri}
    by_iri.update({e.iri: e for e in fresh.entries})
    ranks.update(fresh.ranks)
    nested.update(fresh.nested)
    order = sorted(by_iri, key=lambda k: (ranks[k], k))
    return Extraction([by_iri[k] for k in order], ranks, {k: nested[k] for k in order if k in nested})


def build_entries(
    build: Build, store: ox.Store, info: BuildInfo, base: Build | None = None, reusable: Collection[str] = ()
) -> Outcome:
    """The entries of a new build (``store`` its own, opened by the caller), written into its side file:
    from ``base``'s side file and the changed entries when ``reusable`` names graphs copied from ``base``,
    else from the whole store."""
    outcome = _incremental(store, info, base, reusable)
    if isinstance(outcome, str):
        found = extract(store, info)
        outcome = Outcome(found, facet_labels(store, info, found.entries), None, outcome)
    write_entries(build, info, outcome.extraction)
    return outcome


def _incremental(store: ox.Store, info: BuildInfo, base: Build | None, reusable: Collection[str]) -> Outcome | str:
    """The incremental extraction, or why there is none."""
    if base is None or not reusable:
        return "not incremental"
    published, why = read_entries(base)
    if published is None:
        return why
    base_store = base.open_read_only()
    try:
        graphs = (set(base.info.graphs) | set(info.graphs)) - set(reusable)
        changes = union_changes(base_store, base.info, store, info, changed_triples(base_store, store, sorted(graphs)))
        limit = max(1, int(FULL_SHARE * len(published.entries)))
        found = affected(base_store, base.info, store, info, changes, published, limit)
    finally:
        del base_store
    if isinstance(found, str):
        return found
    owners, new, nested = found
    only = owners & new
    fresh = extract(store, info, only=only, labelled=new, nested=nested) if only else Extraction([], {}, {})
    merged = merge(published, fresh, owners)
    return Outcome(merged, facet_labels(store, info, merged.entries), owners)
