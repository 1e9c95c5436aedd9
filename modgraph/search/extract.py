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

Everything is in an explicit order, so that :func:`extract` restricted to some entries (``only``, the queries
restricted by ``VALUES``; ``modgraph.search.incremental``) makes each of them as the whole extraction does:
entries by their first label's rank, then IRI; labels by rank, IRI, text, language; texts the entry's own
first, then its nested nodes' by IRI, each by property and text; passages by subject, passage, source, quote,
line. Facet labels are read for the facet values by ``VALUES`` (``facet_labels``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Container, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from modgraph.search.extract_queries import (
    BODY_PLACES,
    DATES,
    DOCUMENT_BODIES,
    DOCUMENTS,
    FACETS,
    INSTANTS,
    ISSUED,
    LABEL_PROPERTIES,
    NOT_INDEXED,
    OBJECTS_OF,
    OWN_CITIES,
    PASSAGES,
    PROGRAMMES,
    PROGRAMMES_OF,
    STATUSES,
    TEXT_PROPERTIES,
    TEXTS,
    TEXTS_OF,
    TYPES,
)
from modgraph.store.builds import BuildInfo
from modgraph.store.reading import query_data, restricted


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


@dataclass
class Extraction:
    """What :func:`extract` read: the entries in index order, each entry's first label rank (the order is
    ``(rank, iri)``), and per entry the nested subjects that lent it texts, passages or dates."""

    entries: list[Entry]
    ranks: dict[str, int]
    nested: dict[str, set[str]]


def _rows(store: ox.Store, info: BuildInfo, sparql: str) -> ox.QuerySolutions:
    result = query_data(store, info, sparql)
    assert isinstance(result, ox.QuerySolutions)
    return result


def dates_of(store: ox.Store, info: BuildInfo, subjects: Collection[str] | None) -> set[tuple[str, str]]:
    """(subject, earliest day) for every ``time:Instant`` a subject links to (``DATES``), of every subject or of
    ``subjects``. For the latter the instants are read first and each subject's objects matched with them here:
    the engine evaluates ``DATES`` from every instant whatever ``VALUES`` says (4.9 s for one entry's subjects at
    ×400 the corpus), while the instants are few (dates are shared by value) and a subject's objects cheap."""
    if subjects is None:
        return {(r["s"].value, r["e"].value) for r in _rows(store, info, DATES)}
    earliest: dict[ox.NamedNode | ox.BlankNode, list[str]] = defaultdict(list)
    for r in _rows(store, info, INSTANTS):
        earliest[r["d"]].append(r["e"].value)
    found = set()
    for r in _rows(store, info, restricted(OBJECTS_OF, "s", subjects)):
        for day in earliest.get(r["o"], ()):
            found.add((r["s"].value, day))
    return found


def _owner(iri: str, entries: Container[str]) -> str | None:
    """The labelled resource an IRI belongs to: itself, or the longest labelled prefix ending at / or #."""
    cut = iri
    while cut:
        if cut in entries:
            return cut
        slash = max(cut.rfind("/"), cut.rfind("#"))
        if slash <= len("https://"):
            return None
        cut = cut[:slash]
    return None


def _date_key(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].removeprefix("end-").removeprefix("start-")


def entries(store: ox.Store, info: BuildInfo) -> tuple[list[Entry], dict[str, dict[str, str]]]:
    """The index entries of a build and the labels of the facet values (IRI -> language -> label)."""
    found = extract(store, info)
    return found.entries, facet_labels(store, info, found.entries)


def facet_labels(store: ox.Store, info: BuildInfo, items: Iterable[Entry]) -> dict[str, dict[str, str]]:
    """The labels of the facet values of ``items`` but years (IRI -> language -> label; skos:prefLabel before
    rdfs:label, then the smallest text), from the data and the ontology."""
    from modgraph.search.overview import labels_of

    wanted = {v for e in items for f in FACETS if f != "year" for v in e.facets[f] if _IRI.fullmatch(v)}
    return labels_of(store, info, wanted, ontology=True)


_IRI = re.compile(r"[^\s<>\"{}|\\^`]+:[^\s<>\"{}|\\^`]*")


def extract(
    store: ox.Store,
    info: BuildInfo,
    only: Collection[str] | None = None,
    labelled: Container[str] | None = None,
    nested: Collection[str] = (),
) -> Extraction:
    """The entries of a build's store: every one (``only`` None), or those of the IRIs in ``only``, each
    exactly as the whole extraction makes it. For the latter, ``labelled`` is every entry of the store (the
    owners of nested IRIs are found among them) and ``nested`` every nested subject that may lend something
    to an entry in ``only`` (more do no harm: what they lend to other entries is left out)."""
    subjects = None if only is None else set(only) | set(nested)
    rank = {p: i for i, p in enumerate(LABEL_PROPERTIES)}
    text_rank = {p: i for i, p in enumerate(TEXT_PROPERTIES)}
    label_rows: list[tuple[int, str, str, str]] = []
    texts: list[tuple[str, int, str]] = []
    for r in _rows(store, info, TEXTS if subjects is None else restricted(TEXTS_OF, "s", subjects)):
        s, p, o = r["s"].value, r["p"].value, r["o"]
        if p in rank:
            if only is None or s in only:
                label_rows.append((rank[p], s, o.value, getattr(o, "language", None) or ""))
        else:
            texts.append((s, text_rank[p], o.value))
    by_iri: dict[str, Entry] = {}
    ranks: dict[str, int] = {}
    for r_, s, text, lang in sorted(label_rows):
        entry = by_iri.setdefault(s, Entry(s))
        ranks.setdefault(s, r_)
        if (text, lang) not in entry.labels:
            entry.labels.append((text, lang))
    base = info.base_iri
    types: dict[str, set[str]] = defaultdict(set)
    for r in _rows(store, info, restricted(TYPES, "s", None if only is None else by_iri)):
        types[r["s"].value].add(r["t"].value)
    by_iri = {k: v for k, v in by_iri.items() if k.startswith(base) and not types[k] & NOT_INDEXED}
    ranks = {k: ranks[k] for k in by_iri}
    for iri, entry in by_iri.items():
        entry.facets["kind"] = types[iri]
    known: Container[str] = by_iri if labelled is None else labelled
    lent: dict[str, set[str]] = defaultdict(set)

    def owner_of(s: str) -> Entry | None:
        owner = _owner(s, known)
        if owner is None or owner not in by_iri:
            return None
        if owner != s:
            lent[owner].add(s)
        return by_iri[owner]

    seen_texts: dict[str, set[str]] = defaultdict(set)
    owned = [(o, s, p, text) for s, p, text in texts if (o := owner_of(s)) is not None]
    # the entry's own texts first, then its nested nodes' (by IRI), each by property and text
    for owner, _s, _p, text in sorted(owned, key=lambda t: (t[1] != t[0].iri, t[1], t[2], t[3])):
        if text not in seen_texts[owner.iri]:
            seen_texts[owner.iri].add(text)
            owner.texts.append(text)
    _passages(store, info, by_iri, subjects, owner_of)
    _facets(store, info, by_iri, subjects, owner_of, whole=only is None)
    order = sorted(by_iri, key=lambda k: (ranks[k], k))
    return Extraction([by_iri[k] for k in order], ranks, {k: lent[k] for k in order if lent.get(k)})


def _passages(
    store: ox.Store,
    info: BuildInfo,
    by_iri: dict[str, Entry],
    subjects: Collection[str] | None,
    owner_of: Callable[[str], Entry | None],
) -> None:
    seen: set[tuple[str, str]] = set()
    rows = []
    for r in _rows(store, info, restricted(PASSAGES, "s", subjects)):
        line = int(r["line"].value) if r["line"] is not None else None
        rows.append((r["s"].value, r["passage"].value, r["doc"].value, r["exact"].value, line))
    for s, passage, doc, exact, line in sorted(rows, key=lambda t: (*t[:4], -1 if t[4] is None else t[4])):
        owner = owner_of(s)
        if owner is None or (owner.iri, passage) in seen:
            continue
        seen.add((owner.iri, passage))
        owner.passages.append({"exact": exact, "document": doc, "line": line, "passage": passage})
        owner.facets["document"].add(doc)


def _facets(
    store: ox.Store,
    info: BuildInfo,
    by_iri: dict[str, Entry],
    subjects: Collection[str] | None,
    owner_of: Callable[[str], Entry | None],
    whole: bool,
) -> None:
    own = None if whole else by_iri
    programmes = PROGRAMMES if whole else PROGRAMMES_OF
    for query, facet in ((DOCUMENTS, "document"), (programmes, "programme"), (OWN_CITIES, "city")):
        for r in _rows(store, info, restricted(query, "s", own)):
            entry = by_iri.get(r[0].value)
            if entry is not None:
                entry.facets[facet].add(r[1].value)
    latest: dict[str, tuple[str, str]] = {}
    for r in _rows(store, info, restricted(STATUSES, "s", own)):
        key = (_date_key(r["date"].value), r["status"].value)
        latest[r["s"].value] = max(latest.get(r["s"].value, key), key)
    for s, (_, status) in latest.items():
        if s in by_iri:
            by_iri[s].facets["status"].add(status)
    documents = None if whole else {d for e in by_iri.values() for d in e.facets["document"]}
    cities: dict[str, set[str]] = defaultdict(set)
    if documents is None or documents:
        bodies = [
            (r["d"].value, r["org"].value) for r in _rows(store, info, restricted(DOCUMENT_BODIES, "d", documents))
        ]
        places: dict[str, set[str]] = defaultdict(set)
        orgs = None if whole else {org for _, org in bodies}
        for query in BODY_PLACES:
            if orgs is None or orgs:
                for r in _rows(store, info, restricted(query, "org", orgs)):
                    places[r["org"].value].add(r["city"].value)
        for d, org in bodies:
            cities[d] |= places.get(org, set())
    issued: dict[str, str] = {}
    if documents is None or documents:
        issued = {r["d"].value: r["issued"].value[:4] for r in _rows(store, info, restricted(ISSUED, "d", documents))}
    dates: dict[str, set[str]] = defaultdict(set)
    for s, earliest in dates_of(store, info, subjects):
        owner = owner_of(s)
        if owner is not None:
            dates[owner.iri].add(earliest[:4])
    for entry in by_iri.values():
        for d in entry.facets["document"]:
            entry.facets["city"] |= cities.get(d, set())
        entry.facets["year"] = dates.get(entry.iri) or {issued[d] for d in entry.facets["document"] if d in issued}
