"""What the search index holds, read from a build's store with SPARQL: one :class:`Entry` per resource.

A resource is a data IRI with a label (``rdfs:label``, ``skos:prefLabel``/``altLabel``/``hiddenLabel``,
``mg:variantLabel``, ``dct:title``/``alternative``, ``foaf:name``). Its text is its labels, its
descriptions and notes, and the exact text of the passages it was derived from (``prov:wasDerivedFrom``
→ ``oa:hasSelector``/``oa:exact``). Nested nodes without a label of their own (a measure's status
assertions ``…/status/…``, a programme's ``…/period``) lend their text, passages and dates to the nearest
labelled resource whose IRI is a prefix of theirs.

Facets, each a list of IRIs (or years):

    kind       rdf:type
    document   mg:mentionedIn, the sources of its passages, a document itself
    programme  mg:programme, dct:isPartOf+ a programme, the programme of what it is the goal, milestone,
               key figure or status of; a programme itself
    city       the city or state of its documents (the publisher's location, or the place sharing the
               publisher's Wikidata link) and its own dct:spatial / schema:location (up containedInPlace)
    status     the latest status of a measure (mg:statusAssertion with the latest mg:asOf)
    year       the years of the dates (time:Instant, by mg:earliest) it and its nested nodes link to; else its
               documents' year
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from modgraph.iris import PREFIXES, graph_iri, sparql_prefixes
from modgraph.store.builds import BuildInfo
from modgraph.store.reading import data_and, query_data

LABEL_PROPERTIES = tuple(
    PREFIXES[p] + n
    for p, n in (
        ("skos", "prefLabel"),
        ("rdfs", "label"),
        ("skos", "altLabel"),
        ("skos", "hiddenLabel"),
        ("mg", "variantLabel"),
        ("dct", "title"),
        ("dct", "alternative"),
        ("foaf", "name"),
    )
)
TEXT_PROPERTIES = tuple(
    PREFIXES[p] + n
    for p, n in (
        ("dct", "description"),
        ("rdfs", "comment"),
        ("skos", "definition"),
        ("skos", "editorialNote"),
        ("skos", "scopeNote"),
        ("skos", "note"),
        ("mg", "wording"),
        ("mg", "intendedEffect"),
        ("mg", "targetGroup"),
    )
)
#: classes whose instances are no hits of their own: passages (their text is their resource's), dates, and
#: typed relations (rdf:Statement, whose labels repeat those of their ends), statement nodes (their passage's)
NOT_INDEXED = frozenset(
    {
        PREFIXES["mg"] + "Passage",
        PREFIXES["time"] + "Instant",
        PREFIXES["rdf"] + "Statement",
        PREFIXES["mg"] + "SourcedStatement",
    }
)
FACETS = ("kind", "document", "programme", "city", "status", "year")

_P = sparql_prefixes(["rdf", "rdfs", "skos", "dct", "prov", "oa", "mg", "org", "schema", "owl", "time"]) + "\n"


def _in(props: tuple[str, ...]) -> str:
    return " ".join(f"<{p}>" for p in props)


TEXTS = (
    _P
    + f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {_in(LABEL_PROPERTIES + TEXT_PROPERTIES)} }} ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o)) }}"
)
TYPES = _P + "SELECT DISTINCT ?s ?t WHERE { ?s a ?t FILTER(isIRI(?s)) }"
PASSAGES = (
    _P
    + """
SELECT DISTINCT ?s ?passage ?doc ?exact ?line WHERE {
  ?s prov:wasDerivedFrom ?passage . ?passage oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:exact ?exact .
  OPTIONAL { ?passage mg:line ?line }
}"""
)
DOCUMENTS = (
    _P + "SELECT DISTINCT ?s ?d WHERE { { ?s mg:mentionedIn ?d } UNION { ?s a mg:SourceDocument BIND(?s AS ?d) } }"
)
PROGRAMMES = (
    _P
    + """
SELECT DISTINCT ?s ?p WHERE {
  { ?s a mg:Programme BIND(?s AS ?p) } UNION { ?s mg:programme ?p } UNION { ?s dct:isPartOf+ ?p . ?p a mg:Programme }
  UNION { ?s mg:goalOf|mg:milestoneOf|mg:keyFigureOf|mg:statusOf ?m . ?m mg:programme|dct:isPartOf+ ?p . ?p a mg:Programme }
}"""
)
CITY_TYPES = "(<https://w3id.org/modgraph/def/place-type/city>, <https://w3id.org/modgraph/def/place-type/state>)"
#: a document's publishers and the bodies they belong to; where such a body is: its location, or the place
#: with the same Wikidata link (three small queries: one query with both paths is 100× slower at ×40)
DOCUMENT_BODIES = (
    _P
    + """
SELECT DISTINCT ?d ?org WHERE { ?d a mg:SourceDocument ; dct:publisher ?pub . ?pub (org:subOrganizationOf|org:unitOf)* ?org }"""
)
BODY_PLACES = (
    _P
    + f"""
SELECT DISTINCT ?org ?city WHERE {{ ?org (schema:location|dct:spatial)/schema:containedInPlace* ?city .
  ?city dct:type ?type FILTER(?type IN {CITY_TYPES}) }}""",
    _P
    + f"""
SELECT DISTINCT ?org ?city WHERE {{ ?city dct:type ?type FILTER(?type IN {CITY_TYPES})
  ?city owl:sameAs|skos:exactMatch ?wd . ?org skos:exactMatch|owl:sameAs ?wd . ?org a org:Organization }}""",
)
OWN_CITIES = (
    _P
    + f"""
SELECT DISTINCT ?s ?city WHERE {{
  ?s (dct:spatial|schema:location|mg:availableIn)/schema:containedInPlace* ?city .
  ?city dct:type ?type FILTER(?type IN {CITY_TYPES})
}}"""
)
STATUSES = _P + "SELECT ?s ?status ?date WHERE { ?s mg:statusAssertion ?a . ?a mg:status ?status ; mg:asOf ?date }"
#: the dates a resource links to (time:Instant nodes), by their earliest possible day
DATES = _P + "SELECT DISTINCT ?s ?e WHERE { ?d a time:Instant ; mg:earliest ?e . ?s ?p ?d }"
ISSUED = _P + "SELECT ?d ?issued WHERE { ?d a mg:SourceDocument ; dct:issued ?issued }"
LABELS_OF = _P + "SELECT ?x ?p ?l WHERE { ?x ?p ?l FILTER(?p IN (skos:prefLabel, rdfs:label) && isIRI(?x)) }"


@dataclass
class Entry:
    """One resource of the index."""

    iri: str
    labels: list[tuple[str, str]] = field(default_factory=list)  # (text, language)
    texts: list[str] = field(default_factory=list)
    passages: list[dict] = field(default_factory=list)  # {"exact", "document", "line", "passage"}
    facets: dict[str, set[str]] = field(default_factory=lambda: {f: set() for f in FACETS})

    def label(self, lang: str = "de") -> str:
        """The label shown: the first label in ``lang``, else in German, else any (labels are in rank order)."""
        for wanted in (lang, "de", ""):
            for text, language in self.labels:
                if language == wanted or wanted == "":
                    return text
        return self.iri


def _rows(store: ox.Store, info: BuildInfo, sparql: str) -> ox.QuerySolutions:
    result = query_data(store, info, sparql)
    assert isinstance(result, ox.QuerySolutions)
    return result


def _owner(iri: str, entries: dict[str, Entry]) -> Entry | None:
    """The labelled resource an IRI belongs to: itself, or the longest labelled prefix ending at / or #."""
    cut = iri
    while cut:
        if cut in entries:
            return entries[cut]
        slash = max(cut.rfind("/"), cut.rfind("#"))
        if slash <= len("https://"):
            return None
        cut = cut[:slash]
    return None


def _date_key(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].removeprefix("end-").removeprefix("start-")


def entries(store: ox.Store, info: BuildInfo) -> tuple[list[Entry], dict[str, dict[str, str]]]:
    """The index entries of a build and the labels of the facet values (IRI -> language -> label)."""
    by_iri: dict[str, Entry] = {}
    rank = {p: i for i, p in enumerate(LABEL_PROPERTIES)}
    texts: list[tuple[str, str]] = []
    label_rows: list[tuple[int, str, str, str]] = []
    for r in _rows(store, info, TEXTS):
        s, p, o = r["s"].value, r["p"].value, r["o"]
        if p in rank:
            label_rows.append((rank[p], s, o.value, getattr(o, "language", None) or ""))
        else:
            texts.append((s, o.value))
    for _, s, text, lang in sorted(label_rows):
        entry = by_iri.setdefault(s, Entry(s))
        if (text, lang) not in entry.labels:
            entry.labels.append((text, lang))
    base = info.base_iri
    types: dict[str, set[str]] = defaultdict(set)
    for r in _rows(store, info, TYPES):
        types[r["s"].value].add(r["t"].value)
    by_iri = {k: v for k, v in by_iri.items() if k.startswith(base) and not types[k] & NOT_INDEXED}
    for iri, entry in by_iri.items():
        entry.facets["kind"] = types[iri]
    for s, text in texts:
        owner = _owner(s, by_iri)
        if owner is not None and text not in owner.texts:
            owner.texts.append(text)
    _passages(store, info, by_iri)
    _facets(store, info, by_iri)
    facet_labels: dict[str, dict[str, str]] = defaultdict(dict)
    wanted = set().union(*(e.facets[f] for e in by_iri.values() for f in FACETS if f != "year"))
    result = store.query(LABELS_OF, default_graph=data_and(info, graph_iri(base, "ontology")))
    assert isinstance(result, ox.QuerySolutions)
    for r in sorted(result, key=lambda r: r["p"].value != PREFIXES["skos"] + "prefLabel"):
        if r["x"].value in wanted:
            facet_labels[r["x"].value].setdefault(getattr(r["l"], "language", None) or "", r["l"].value)
    return list(by_iri.values()), dict(facet_labels)


def _passages(store: ox.Store, info: BuildInfo, by_iri: dict[str, Entry]) -> None:
    seen: set[tuple[str, str]] = set()
    rows = sorted(_rows(store, info, PASSAGES), key=lambda r: (r["s"].value, r["passage"].value))
    for r in rows:
        owner = _owner(r["s"].value, by_iri)
        if owner is None or (owner.iri, r["passage"].value) in seen:
            continue
        seen.add((owner.iri, r["passage"].value))
        owner.passages.append(
            {
                "exact": r["exact"].value,
                "document": r["doc"].value,
                "line": int(r["line"].value) if r["line"] is not None else None,
                "passage": r["passage"].value,
            }
        )
        owner.facets["document"].add(r["doc"].value)


def _facets(store: ox.Store, info: BuildInfo, by_iri: dict[str, Entry]) -> None:
    for query, facet in ((DOCUMENTS, "document"), (PROGRAMMES, "programme"), (OWN_CITIES, "city")):
        for r in _rows(store, info, query):
            entry = by_iri.get(r[0].value)
            if entry is not None:
                entry.facets[facet].add(r[1].value)
    latest: dict[str, tuple[str, str]] = {}
    for r in _rows(store, info, STATUSES):
        key = (_date_key(r["date"].value), r["status"].value)
        latest[r["s"].value] = max(latest.get(r["s"].value, key), key)
    for s, (_, status) in latest.items():
        if s in by_iri:
            by_iri[s].facets["status"].add(status)
    places: dict[str, set[str]] = defaultdict(set)
    for query in BODY_PLACES:
        for r in _rows(store, info, query):
            places[r["org"].value].add(r["city"].value)
    cities: dict[str, set[str]] = defaultdict(set)
    for r in _rows(store, info, DOCUMENT_BODIES):
        cities[r["d"].value] |= places.get(r["org"].value, set())
    issued = {r["d"].value: r["issued"].value[:4] for r in _rows(store, info, ISSUED)}
    dates: dict[str, set[str]] = defaultdict(set)
    for r in _rows(store, info, DATES):
        owner = _owner(r["s"].value, by_iri)
        if owner is not None:
            dates[owner.iri].add(r["e"].value[:4])
    for entry in by_iri.values():
        for d in entry.facets["document"]:
            entry.facets["city"] |= cities.get(d, set())
        entry.facets["year"] = dates.get(entry.iri) or {issued[d] for d in entry.facets["document"] if d in issued}
