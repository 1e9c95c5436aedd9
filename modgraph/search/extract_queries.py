"""The tables and SPARQL queries that :mod:`modgraph.search.extract` reads a build's store with.

The properties that make an entry's labels and texts, the classes that are no hits of their own, the facet
names, and one query per part of an entry. Each query has a whole form (every subject) and, where the engine
needs it, a restricted form that :func:`values` narrows to some subjects (``modgraph.search.incremental``).
"""

from __future__ import annotations

from modgraph.iris import PREFIXES, sparql_prefixes

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
#: the same for a few subjects (``VALUES ?s`` before it): each subject's triples, the properties filtered. Both in
#: ``VALUES`` made the engine join the two over the whole store: 43 s for one entry's 1,202 subjects at ×400,
#: against 0.5 s for 9,202 subjects this way
TEXTS_OF = (
    _P
    + "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(?p IN ("
    + ", ".join(f"<{p}>" for p in LABEL_PROPERTIES + TEXT_PROPERTIES)
    + ") && isIRI(?s) && isLiteral(?o)) }"
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
#: ``PROGRAMMES`` for a restricted extraction: the programme's type checked by ``FILTER EXISTS``, so that the engine
#: follows ``dct:isPartOf+`` from the given subjects (at ×400 the corpus, 1,851 subjects: 9.9 s → 0.24 s; the whole
#: extraction keeps ``PROGRAMMES``, which this form would slow from 4.2 to 5.7 s)
PROGRAMMES_OF = PROGRAMMES.replace(
    "?s dct:isPartOf+ ?p . ?p a mg:Programme }", "?s dct:isPartOf+ ?p . FILTER EXISTS { ?p a mg:Programme } }"
).replace(
    "?m mg:programme|dct:isPartOf+ ?p . ?p a mg:Programme }",
    "?m mg:programme|dct:isPartOf+ ?p . FILTER EXISTS { ?p a mg:Programme } }",
)
assert PROGRAMMES_OF.count("FILTER EXISTS") == 2
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
#: for a restricted extraction (``dates_of``): the instants with their earliest day, and the subjects' objects
INSTANTS = _P + "SELECT ?d ?e WHERE { ?d a time:Instant ; mg:earliest ?e }"
OBJECTS_OF = "SELECT ?s ?o WHERE { ?s ?p ?o FILTER(!isLiteral(?o)) }"
ISSUED = _P + "SELECT ?d ?issued WHERE { ?d a mg:SourceDocument ; dct:issued ?issued }"
