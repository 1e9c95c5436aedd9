"""VoID of a build (``downloads/void.ttl``): triple counts per named graph, class partitions, dumps, endpoint,
and the kept releases (``dct:hasVersion``), each a ``void:Dataset`` with its own SPARQL endpoint
(``/releases/{id}/sparql``), number, time, predecessor and triple count."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, VOID, XSD

from modgraph.iris import DEF, PREFIXES, document_iri, site_url
from modgraph.publish.catalog import DCAT3, LICENCE, add_release, dataset_iri
from modgraph.publish.dumps import DUMPS, document_dump
from modgraph.publish.graph_facts import distinct_subjects, graph_facts
from modgraph.store.builds import KEEP_BUILDS, Build, BuildInfo, StoreLocation
from modgraph.store.releases import history
from modgraph.store.terms import Triples, serialize_graph


def void_graph(
    info: BuildInfo,
    manifest: dict[str, dict],
    store: ox.Store,
    licence: str = str(LICENCE),
    releases: list[BuildInfo] | None = None,
    facts: dict[str, dict] | None = None,
) -> Graph:
    """The VoID description of the build, under the project's ``licence``; ``releases`` the kept releases it
    lists, oldest first (default: this one alone); subjects and class partitions from the graphs' ``facts``
    (``graph_facts``; default: read from the store). ``manifest`` is not needed: kept for the callers' signature.
    An rdflib graph of :func:`void_triples`, for callers that query it."""
    return void_triples(info, store, licence, releases, facts).graph()


def void_triples(
    info: BuildInfo,
    store: ox.Store,
    licence: str = str(LICENCE),
    releases: list[BuildInfo] | None = None,
    facts: dict[str, dict] | None = None,
) -> Triples:
    """The triples of :func:`void_graph` (what ``write_void`` writes; ×40: 25 k triples, most of them class
    partitions)."""
    if facts is None:
        facts = graph_facts(store, info)
    base = info.base_iri
    g = Triples()
    for prefix, namespace in PREFIXES.items():  # the project's prefixes (those its IRIs use are declared)
        g.bind(prefix, namespace)
    ds = dataset_iri(base)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("modgraph", lang="en")))
    g.add((ds, DCTERMS.modified, Literal(info.created, datatype=XSD.dateTime)))
    g.add((ds, DCTERMS.license, URIRef(licence)))
    g.add((ds, VOID.triples, Literal(info.triples)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(site_url(base, "sparql"))))
    g.add((ds, VOID.uriSpace, Literal(site_url(base, "id/"))))
    g.add((ds, VOID.rootResource, URIRef(base)))
    g.add((ds, VOID.vocabulary, URIRef(DEF + "#")))
    g.add((ds, DCAT3.version, Literal(str(info.version))))
    g.add((ds, PROV.generatedAtTime, Literal(info.created, datatype=XSD.dateTime)))
    for release in releases or [info]:
        node = add_release(g, release)
        g.add((ds, DCTERMS.hasVersion, node))
        g.add((node, RDF.type, VOID.Dataset))
        g.add((node, VOID.sparqlEndpoint, URIRef(site_url(base, f"releases/{release.id}/sparql"))))
        g.add((node, VOID.triples, Literal(release.triples)))
    for name in DUMPS:
        g.add((ds, VOID.dataDump, URIRef(site_url(base, f"downloads/{name}"))))
    g.add((ds, VOID.distinctSubjects, Literal(distinct_subjects(facts))))
    names = {doc["graph"]: doc_id for doc_id, doc in info.documents.items()}
    for graph, count in sorted(info.graphs.items()):
        sub = URIRef(graph)
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(count)))
        g.add((sub, RDFS.label, Literal(graph.rsplit("/", 1)[-1])))
        if graph in names:
            g.add((sub, VOID.dataDump, URIRef(site_url(base, f"downloads/{document_dump(names[graph])}"))))
            g.add((sub, DCTERMS.source, URIRef(document_iri(base, names[graph]))))
        for i, (cls, n) in enumerate(facts[graph]["classes"] if graph in facts else []):
            part = URIRef(f"{graph}#class-{i}")
            g.add((sub, VOID.classPartition, part))
            g.add((part, VOID["class"], URIRef(cls)))
            g.add((part, VOID.entities, Literal(int(n))))
    return g


def write_void(
    build: Build,
    store: ox.Store,
    info: BuildInfo,
    licence: str = str(LICENCE),
    keep: int = KEEP_BUILDS,
    facts: dict[str, dict] | None = None,
) -> None:
    """``downloads/void.ttl`` of a build about to be published (listing the releases kept once it is)."""
    kept = history(StoreLocation(build.path.parent.parent), info, keep)
    graph = void_triples(info, store, licence, kept, facts)
    (build.downloads / "void.ttl").write_bytes(serialize_graph(graph, ox.RdfFormat.TURTLE))
