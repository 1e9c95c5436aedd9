"""Identity across documents and the links between them (issue 3, parts 2 and 5).

- every curated cross-document relation (``<doc>/link/...``) is in the built graph of its document;
- every Wikidata link names a declared entity and is in the ``links`` graph;
- a cheap duplicate-identity check: things of different files that share a name share an id.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import OWL, SKOS

from modgraph.iris import WD
from modgraph.pipeline.links import LINKS_FILE
from modgraph.pipeline.records import load_records, load_yaml
from modgraph.relations import property_of

# (document whose file holds the relation, relation id, subject, type, object)
CROSS_DOCUMENT_RELATIONS = [
    # leipzig-2018 -> zov-2017
    (
        "leipzig-2018",
        "leipzig-2018/link/move-same-topic-zov",
        "programme:leipzig-2018/move",
        "same-topic-as",
        "programme:zov",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/leipzig-2030-same-topic-zov-1-1",
        "programme:leipzig-2018/leipzig-2030",
        "same-topic-as",
        "measure:zov-2017/1-1",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-2-same-topic-zov-ef-1",
        "field:leipzig-2018/hf-2",
        "same-topic-as",
        "field:zov-2017/ef-1",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-3-same-topic-zov-ef-3",
        "field:leipzig-2018/hf-3",
        "same-topic-as",
        "field:zov-2017/ef-3",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-3-m9-same-topic-zov-4-1",
        "measure:leipzig-2018/hf-3/m9",
        "same-topic-as",
        "measure:zov-2017/4-1",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-3-m3-same-topic-zov-3-5",
        "measure:leipzig-2018/hf-3/m3",
        "same-topic-as",
        "measure:zov-2017/3-5",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-3-m3-same-topic-zov-3-8",
        "measure:leipzig-2018/hf-3/m3",
        "same-topic-as",
        "measure:zov-2017/3-8",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-3-m3-same-topic-zov-3-9",
        "measure:leipzig-2018/hf-3/m3",
        "same-topic-as",
        "measure:zov-2017/3-9",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/erechnung-same-topic-zov-3-2",
        "measure:leipzig-2018/aktionsplan-egovernment-2016-2020/erechnung",
        "same-topic-as",
        "measure:zov-2017/3-2",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-4-z3-same-topic-zov-3-1",
        "goal:leipzig-2018/hf-4/z3",
        "same-topic-as",
        "measure:zov-2017/3-1",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-4-z3-same-topic-v40-ziel-6",
        "goal:leipzig-2018/hf-4/z3",
        "same-topic-as",
        "goal:verwaltung-4-0/ziel-6",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-4-z4-same-topic-v40-ziel-4",
        "goal:leipzig-2018/hf-4/z4",
        "same-topic-as",
        "goal:verwaltung-4-0/ziel-4",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-5-m6-same-topic-zov-2-3",
        "measure:leipzig-2018/hf-5/m6",
        "same-topic-as",
        "measure:zov-2017/2-3",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-1-m3-same-topic-zov-4-3",
        "measure:leipzig-2018/hf-1/m3",
        "same-topic-as",
        "measure:zov-2017/4-3",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-3-m6-same-topic-zov-6-4",
        "measure:leipzig-2018/hf-3/m6",
        "same-topic-as",
        "measure:zov-2017/6-4",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-8-z2-same-topic-zov-2-5",
        "goal:leipzig-2018/hf-8/z2",
        "same-topic-as",
        "measure:zov-2017/2-5",
    ),
    (
        "leipzig-2018",
        "leipzig-2018/link/hf-4-m2-same-topic-service-bremen-de",
        "measure:leipzig-2018/hf-4/m2",
        "same-topic-as",
        "service:service-bremen-de",
    ),
    # d6-2018 -> zov-2017, leipzig-2018
    (
        "d6-2018",
        "d6-2018/link/wirkung-1-same-topic-v40-ziel-6",
        "goal:d6-2018/wirkung-1",
        "same-topic-as",
        "goal:verwaltung-4-0/ziel-6",
    ),
    (
        "d6-2018",
        "d6-2018/link/wirkung-3-same-topic-v40-ziel-4",
        "goal:d6-2018/wirkung-3",
        "same-topic-as",
        "goal:verwaltung-4-0/ziel-4",
    ),
    (
        "d6-2018",
        "d6-2018/link/wirkung-4-same-topic-v40-ziel-5",
        "goal:d6-2018/wirkung-4",
        "same-topic-as",
        "goal:verwaltung-4-0/ziel-5",
    ),
    (
        "d6-2018",
        "d6-2018/link/d6-contributes-to-v40-ziel-6",
        "measure:d6-2018/d6",
        "contributes-to",
        "goal:verwaltung-4-0/ziel-6",
    ),
    (
        "d6-2018",
        "d6-2018/link/d6-contributes-to-v40-ziel-4",
        "measure:d6-2018/d6",
        "contributes-to",
        "goal:verwaltung-4-0/ziel-4",
    ),
    (
        "d6-2018",
        "d6-2018/link/d6-contributes-to-v40-ziel-5",
        "measure:d6-2018/d6",
        "contributes-to",
        "goal:verwaltung-4-0/ziel-5",
    ),
    ("d6-2018", "d6-2018/link/d6-same-topic-zov-3-1", "measure:d6-2018/d6", "same-topic-as", "measure:zov-2017/3-1"),
    ("d6-2018", "d6-2018/link/d6-same-topic-zov-3-4", "measure:d6-2018/d6", "same-topic-as", "measure:zov-2017/3-4"),
    ("d6-2018", "d6-2018/link/d6-same-topic-zov-3-7", "measure:d6-2018/d6", "same-topic-as", "measure:zov-2017/3-7"),
    (
        "d6-2018",
        "d6-2018/link/d6-same-topic-leipzig-hf-4-m3",
        "measure:d6-2018/d6",
        "same-topic-as",
        "measure:leipzig-2018/hf-4/m3",
    ),
    (
        "d6-2018",
        "d6-2018/link/digitalisierungsbuero-same-topic-leipzig-hf-3-m1",
        "organisation:senator-finanzen/digitalisierungsbuero",
        "same-topic-as",
        "measure:leipzig-2018/hf-3/m1",
    ),
    (
        "d6-2018",
        "d6-2018/link/duales-studium-same-topic-zov-2-1",
        "measure:d6-2018/duales-studium-it-manager",
        "same-topic-as",
        "measure:zov-2017/2-1",
    ),
    # abt4-news -> d6-2018, zov-2017, leipzig-2018
    (
        "abt4-news",
        "abt4-news/link/ki-strategie-same-topic-d6-professorale-arbeitsgruppe",
        "measure:abt4-news/ki-strategie",
        "same-topic-as",
        "measure:d6-2018/professorale-arbeitsgruppe",
    ),
    (
        "abt4-news",
        "abt4-news/link/innovationscampus-same-topic-d6-it-garage",
        "measure:abt4-news/innovationscampus",
        "same-topic-as",
        "measure:d6-2018/it-garage",
    ),
    (
        "abt4-news",
        "abt4-news/link/4insquartier-same-topic-leipzig-hf-9-m5",
        "measure:abt4-news/4insquartier",
        "same-topic-as",
        "measure:leipzig-2018/hf-9/m5",
    ),
    (
        "abt4-news",
        "abt4-news/link/datenservice-same-topic-leipzig-evergabe",
        "service:abt4-news/datenservice-oeffentlicher-einkauf",
        "same-topic-as",
        "measure:leipzig-2018/aktionsplan-egovernment-2016-2020/evergabe",
    ),
    (
        "abt4-news",
        "abt4-news/link/datenservice-same-topic-zov-ausschreibungsdienst",
        "service:abt4-news/datenservice-oeffentlicher-einkauf",
        "same-topic-as",
        "service:zov-2017/ausschreibungsdienst",
    ),
    (
        "abt4-news",
        "abt4-news/link/datenservice-same-topic-v40-ziel-7",
        "measure:abt4-news/datenservice-kooperationsprojekt",
        "same-topic-as",
        "goal:verwaltung-4-0/ziel-7",
    ),
    (
        "abt4-news",
        "abt4-news/link/uvo-same-topic-leipzig-hf-4-m1",
        "service:abt4-news/uvo",
        "same-topic-as",
        "measure:leipzig-2018/hf-4/m1",
    ),
    (
        "abt4-news",
        "abt4-news/link/bremer-serviceportal-same-topic-service-bremen-de",
        "service:abt4-news/bremer-serviceportal",
        "same-topic-as",
        "service:service-bremen-de",
    ),
    # invest-2026 -> zov-2017, leipzig-2018
    (
        "invest-2026",
        "invest-2026/link/vois-terminmanagement-same-topic-zov-4-1",
        "measure:invest-2026/vois-terminmanagement",
        "same-topic-as",
        "measure:zov-2017/4-1",
    ),
    (
        "invest-2026",
        "invest-2026/link/vois-terminmanagement-same-topic-leipzig-hf-3-m9",
        "measure:invest-2026/vois-terminmanagement",
        "same-topic-as",
        "measure:leipzig-2018/hf-3/m9",
    ),
    (
        "invest-2026",
        "invest-2026/link/basis-bremen-pc-vis-same-topic-zov-3-9",
        "measure:invest-2026/basis-bremen-pc-vis",
        "same-topic-as",
        "measure:zov-2017/3-9",
    ),
    (
        "invest-2026",
        "invest-2026/link/basis-bremen-pc-vis-same-topic-leipzig-hf-3-m3",
        "measure:invest-2026/basis-bremen-pc-vis",
        "same-topic-as",
        "measure:leipzig-2018/hf-3/m3",
    ),
]

# Names that two different things legitimately share (homonyms), with the reason they stay apart.
HOMONYMS = {
    ("place", "bremen"): {"bremen", "land-bremen"},  # the city (Stadtgemeinde) and the Land, both written "Bremen"
    ("organisation", "gesamtpersonalrat"): {"gesamtpersonalrat-bremen", "leipzig-2018/gesamtpersonalrat"},  # two cities
}
SHARED_KINDS = ("organisation", "place", "person", "programme", "service")


@pytest.fixture(scope="module")
def records(corpus_build):
    settings, _, _ = corpus_build
    return load_records(settings.records_dir, settings.corpus_dir)


def _iri(settings, key: str) -> URIRef:
    kind, _, ident = key.partition(":")
    return URIRef(f"{settings.base_iri}id/{kind}/{ident}")


def _documents_declaring(records) -> dict[str, set[str]]:
    docs: dict[str, set[str]] = defaultdict(set)
    for rf in records.documents:
        for r in rf.records:
            docs[r.key].add(rf.document.id)
    return docs


@pytest.mark.parametrize(
    "doc, rel_id, subject, rel_type, obj", CROSS_DOCUMENT_RELATIONS, ids=[row[1] for row in CROSS_DOCUMENT_RELATIONS]
)
def test_cross_document_relation_is_in_the_graph(corpus_build, records, doc, rel_id, subject, rel_type, obj):
    settings, _, compiled = corpus_build
    g = compiled.graphs[doc]
    s, p, o = _iri(settings, subject), property_of(rel_type), _iri(settings, obj)
    assert (s, p, o) in g, f"{rel_id}: {subject} {rel_type} {obj} missing from graph {doc}"
    statement = _iri(settings, f"relation:{rel_id}")
    assert (statement, RDF.type, RDF.Statement) in g
    assert (statement, RDF.subject, s) in g and (statement, RDF.object, o) in g
    declared = _documents_declaring(records)
    # really cross-document: the object is declared by another document than the one holding the relation
    assert declared[obj] - {doc}, f"{rel_id}: {obj} is not declared by another document"
    assert declared[subject], f"{rel_id}: {subject} is not declared"


def test_every_curated_link_record_is_tested(records):
    in_files = {r.id for rf in records.documents for r in rf.records if r.kind == "relation" and "/link/" in r.id}
    assert in_files == {row[1] for row in CROSS_DOCUMENT_RELATIONS}


def test_wikidata_links_name_declared_entities_and_are_built(corpus_build, records):
    settings, _, compiled = corpus_build
    raw = load_yaml(LINKS_FILE) or {}
    entries = raw.get("links") or []
    assert entries, "graph/wikidata.yaml lists no links"
    declared = _documents_declaring(records)
    links = compiled.graphs["links"]
    for entry in entries:
        key = entry["entity"]
        assert declared.get(key), f"{key} is linked to Wikidata but no document declares it"
        assert str(entry.get("verified", "")).strip(), f"{key}: no verification given"
        prop = {"sameAs": OWL.sameAs, "exactMatch": SKOS.exactMatch}[entry.get("relation", "sameAs")]
        assert (_iri(settings, key), prop, WD[str(entry["wikidata"])]) in links


def test_one_wikidata_item_is_not_sameas_two_entities():
    """owl:sameAs is transitive: two of our entities sameAs one item would make them one thing."""
    raw = load_yaml(LINKS_FILE) or {}
    same: dict[str, list[str]] = defaultdict(list)
    for entry in raw.get("links") or []:
        if entry.get("relation", "sameAs") == "sameAs":
            same[str(entry["wikidata"])].append(entry["entity"])
    assert {q: keys for q, keys in same.items() if len(keys) > 1} == {}


def test_registry_preferred_labels_are_unique(records):
    labels: dict[str, set[str]] = defaultdict(set)
    for r in records.registry.records:
        labels[r.data.label.casefold().strip()].add(r.key)
    assert {label: keys for label, keys in labels.items() if len(keys) > 1} == {}


def test_no_duplicate_identity_across_files(records):
    """Records of different files with different ids must not share a name (nor a registry preferred name)."""
    preferred = {(r.kind, r.data.label.casefold().strip()): r.id for r in records.registry.records}
    by_name: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for rf in records.documents:
        for r in rf.records:
            if r.kind in SHARED_KINDS:
                by_name[(r.kind, r.data.label.casefold().strip())].add((r.id, rf.document.id))
    problems = []
    for name, found in by_name.items():
        ids = {i for i, _ in found}
        files = {d for _, d in found}
        if name in preferred and ids != {preferred[name]}:
            problems.append((name, sorted(found), f"registry id {preferred[name]}"))
        elif len(ids) > 1 and len(files) > 1 and ids != HOMONYMS.get(name):
            problems.append((name, sorted(found)))
    assert problems == []
