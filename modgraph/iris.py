"""The one place for IRIs: namespaces and prefixes, modgraph's own terms, and every data IRI.

Data IRIs hang off the configurable base IRI (``Settings.base_iri``)::

    {base}id/{kind}/{record-id}[/{nested}…]   things, e.g. {base}id/measure/zov-2017/3-2
    {base}id/document/{document}             source documents
    {base}graph/{name}                       named graphs (a document id, registry, links, ontology, shapes)
    {base}catalog[#{fragment}]               the DCAT-AP.de catalogue and its parts
    {base}doc/{path}                         the page that describes {base}id/{path}

The ontology's namespace is fixed (``DEF``), independent of the base.

>>> data_iri("https://example.org/", "measure", "zov-2017", "3-2")
'https://example.org/id/measure/zov-2017/3-2'
>>> graph_iri("https://example.org/", "zov-2017")
'https://example.org/graph/zov-2017'
>>> page_url("https://example.org/id/measure/x", "https://example.org/")
'https://example.org/doc/measure/x'
>>> print(sparql_prefixes(["mg", "skos"]))
PREFIX mg: <https://w3id.org/modgraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
>>> curie("https://w3id.org/modgraph/def#Measure")
'mg:Measure'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SH, SKOS, TIME, VOID, XSD

#: The ontology's namespace (fixed; independent of the configurable data base IRI).
DEF = "https://w3id.org/modgraph/def"
MG = Namespace(DEF + "#")
#: Concept schemes live under DEF + "/<scheme>/<code>" (see ontology/schemes.ttl).

CV = Namespace("http://data.europa.eu/m8g/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
CPSV = Namespace("http://purl.org/vocab/cpsv#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEA = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATT = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
EU_LANG = Namespace("http://publications.europa.eu/resource/authority/language/")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = Namespace("http://schema.org/")  # the http form, as bound in the DCAT-AP.de shapes

PREFIXES: dict[str, str] = {
    "mg": str(MG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "foaf": str(FOAF),
    "time": str(TIME),
    "qb": str(QB),
    "dcat": str(DCAT),
    "schema": str(SCHEMA),
    "cv": str(CV),
    "eli": str(ELI),
    "oa": str(OA),
    "cpsv": str(CPSV),
    "sh": str(SH),
    "void": str(VOID),
    "sdmx-dimension": str(SDMX_DIM),
    "sdmx-measure": str(SDMX_MEA),
    "sdmx-attribute": str(SDMX_ATT),
    "wd": str(WD),
}


def concept(scheme: str, code: str) -> URIRef:
    """IRI of a code in one of modgraph's concept schemes, e.g. concept("status", "in-progress")."""
    return URIRef(f"{DEF}/{scheme}/{code}")


def scheme(name: str) -> URIRef:
    return URIRef(f"{DEF}/{name}")


# ---------------------------------------------------------------------------------------------- data IRIs


def data_iri(base: str, kind: str, *parts: str) -> str:
    """``{base}id/{kind}/{part}/…``: the IRI of a thing (or a nested node of one)."""
    return f"{base}id/" + "/".join((kind, *parts))


def id_path(iri: str, base: str) -> str | None:
    """The part of a data IRI after ``{base}id/`` (None for IRIs that are not data IRIs)."""
    prefix = f"{base}id/"
    return iri[len(prefix) :] if iri.startswith(prefix) else None


def document_iri(base: str, document: str) -> str:
    return data_iri(base, "document", document)


#: graphs of modgraph's own on a remote SPARQL server (``modgraph.store.remote``), outside the data IRIs:
#: the control graph naming the published build (and holding its ``build.json``), the union of the build's
#: data graphs (the endpoint's default graph there: a set, as the embedded store's materialised default graph;
#: a list of default graphs is a multiset on the Oxigraph server), the log of graphs being uploaded, and the
#: prefix of the graphs a build is uploaded into before the switch
CONTROL_GRAPH = "urn:modgraph:control"
UNION_GRAPH = "urn:modgraph:union"
STAGING_LOG_GRAPH = "urn:modgraph:staging"
STAGING_PREFIX = "urn:modgraph:build:"
#: the predicates of the control graph
CONTROL_BUILD = "urn:modgraph:control#build"
CONTROL_INFO = "urn:modgraph:control#info"
CONTROL_CHECKSUMS = "urn:modgraph:control#checksums"
#: the number of switches made so far (a reader that sees the same generation before and after its query saw
#: no switch in between), and the flag set while a switch is under way (readers wait while it is there)
CONTROL_GENERATION = "urn:modgraph:control#generation"
CONTROL_SWITCHING = "urn:modgraph:control#switching"
STAGING_OF = "urn:modgraph:control#stages"


def graph_iri(base: str, name: str) -> str:
    """IRI of a named graph: a document id, or one of ontology, shapes, registry, links."""
    return f"{base}graph/{name}"


def catalog_iri(base: str, fragment: str | None = None) -> str:
    """The DCAT catalogue (``{base}catalog``) or one of its parts (``{base}catalog#{fragment}``)."""
    return f"{base}catalog" + (f"#{fragment}" if fragment else "")


def release_iri(base: str, release: str) -> str:
    """IRI of a release (a published build, by id): ``{base}releases/{id}``, its page on the site."""
    return f"{base}releases/{release}"


def site_url(base: str, path: str) -> str:
    """A URL of the published site under the base: ``sparql``, ``downloads/x.nq.gz``, ``def`` …"""
    return base + path.removeprefix("/")


def page_url(iri: str, base: str) -> str:
    """The page (document) URL of a data IRI: ``{base}id/x`` → ``{base}doc/x``."""
    path = id_path(iri, base)
    if path is None:
        raise ValueError(f"not a data IRI under {base}: {iri}")
    return f"{base}doc/{path}"


# ---------------------------------------------------------------------------------------------- prefixes


def sparql_prefixes(names: list[str] | None = None) -> str:
    """``PREFIX`` lines for the given prefixes (all known ones if None), for query texts."""
    chosen = PREFIXES if names is None else {n: PREFIXES[n] for n in names}
    return "\n".join(f"PREFIX {name}: <{ns}>" for name, ns in chosen.items())


def curie(iri: str) -> str:
    """The shortest ``prefix:local`` form of an IRI with a known prefix, else the IRI itself."""
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


def expand(name: str) -> str | None:
    """The IRI of ``prefix:local`` (None when the prefix is unknown)."""
    prefix, _, local = name.partition(":")
    if prefix in PREFIXES and local:
        return PREFIXES[prefix] + local
    return None
