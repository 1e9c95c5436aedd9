"""Namespaces and the IRIs of modgraph's own terms (defined in ``ontology/modgraph.ttl``)."""

from __future__ import annotations

from rdflib import Namespace
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
    "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD), "skos": str(SKOS),
    "dct": str(DCTERMS), "prov": str(PROV), "org": str(ORG), "foaf": str(FOAF), "time": str(TIME),
    "qb": str(QB), "dcat": str(DCAT), "schema": str(SCHEMA), "cv": str(CV), "eli": str(ELI),
    "oa": str(OA), "cpsv": str(CPSV), "sh": str(SH), "void": str(VOID),
    "sdmx-dimension": str(SDMX_DIM), "sdmx-measure": str(SDMX_MEA), "sdmx-attribute": str(SDMX_ATT),
    "wd": str(WD),
}


def concept(scheme: str, code: str):
    """IRI of a code in one of modgraph's concept schemes, e.g. concept("status", "in-progress")."""
    from rdflib import URIRef

    return URIRef(f"{DEF}/{scheme}/{code}")


def scheme(name: str):
    from rdflib import URIRef

    return URIRef(f"{DEF}/{name}")


#: relation.type in records -> property
RELATION_PROPERTIES = {
    "depends-on": MG.dependsOn,
    "contributes-to": MG.contributesTo,
    "part-of": DCTERMS.isPartOf,
    "merged-into": MG.mergedInto,
    "supersedes": MG.supersedes,
    "successor-of": MG.successorOf,
    "coordinated-with": MG.coordinatedWith,
    "funded-by": MG.fundedBy,
    "implements-decision": MG.implementsDecision,
    "same-topic-as": MG.sameTopicAs,
    "interdependent-with": MG.interdependentWith,
    "reused-by": MG.reusedBy,
    "based-on": MG.basedOn,
    "reports-to": MG.reportsTo,
    "located-at": SCHEMA.location,
    "cooperates-with": MG.cooperatesWith,
}
