"""The SPARQL queries of the HTML pages and their RDF descriptions, as named templates.

Each template names its inputs: IRIs such as ``$node`` (written as ``<…>`` by :func:`fill`, which
refuses anything that is not an IRI), ``$values`` (a list of IRIs) and integers (``$limit``, ``$offset``).
Prefixes come from ``modgraph.iris.sparql_prefixes``.

>>> print(fill(TYPES, node="https://example.org/id/x").splitlines()[-1])
SELECT DISTINCT ?t WHERE { <https://example.org/id/x> a ?t } ORDER BY ?t
>>> fill(TYPES, node="not an iri")
Traceback (most recent call last):
  ...
ValueError: not an IRI: 'not an iri'
"""

from __future__ import annotations

from string import Template

import pyoxigraph as ox

from modgraph.iris import sparql_prefixes
from modgraph.store.protocol import GraphStore
from modgraph.store.remote import RemoteTriples

_PREFIXES = sparql_prefixes(["rdf", "rdfs", "skos", "dct", "prov", "oa", "mg", "xsd"]) + "\n"


def _q(text: str) -> Template:
    return Template(_PREFIXES + text.strip())


# ---- labels
LABELS = _q("SELECT ?x ?p ?l WHERE { VALUES ?x { $values } ?x ?p ?l FILTER(?p IN (rdfs:label, skos:prefLabel)) }")
ALL_LABELS = _q("SELECT ?p ?l WHERE { $node ?p ?l FILTER(?p IN (skos:prefLabel, rdfs:label, skos:altLabel)) }")

# ---- one resource
EXISTS = _q("ASK { { $node ?p ?o } UNION { ?s ?p $node } }")
TYPES = _q("SELECT DISTINCT ?t WHERE { $node a ?t } ORDER BY ?t")
OUTGOING = _q("SELECT ?p ?o WHERE { $node ?p ?o }")
INCOMING = _q("""
SELECT ?s ?p WHERE { ?s ?p $node FILTER(isIRI(?s)) FILTER NOT EXISTS { ?s a mg:SourcedStatement } }
ORDER BY ?p ?s LIMIT $limit""")
PROVENANCE = _q("""
SELECT ?passage ?doc ?line ?exact ?prefix ?suffix WHERE {
  { BIND($node AS ?passage) $node oa:hasSource ?doc } UNION { $node prov:wasDerivedFrom ?passage . ?passage oa:hasSource ?doc }
  OPTIONAL { ?passage mg:line ?line }
  OPTIONAL { ?passage oa:hasSelector ?sel . ?sel oa:exact ?exact OPTIONAL { ?sel oa:prefix ?prefix } OPTIONAL { ?sel oa:suffix ?suffix } }
} ORDER BY ?doc ?line""")
#: the passage of each statement of the resource, per document graph (the pattern of queries/statement-evidence.rq):
#: its statement node's (mg:SourcedStatement, a relation record's rdf:Statement), else the resource's only passage
#: ("only": a FILTER NOT EXISTS evaluated per row). The passage's line and quote are matched inside each branch:
#: after the UNION, Oxigraph matched them for every passage of the store first (0.73 s a page at ×40, now a few ms;
#: benchmarks/PAGES.md).
_PASSAGE_TEXT = "?passage mg:line ?line ; oa:hasSelector ?sel . ?sel oa:exact ?exact ."
STATEMENT_EVIDENCE = _q(f"""
SELECT ?p ?o ?passage ?line ?exact ?via WHERE {{
  GRAPH ?g {{
    {{ ?st rdf:subject $node ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?passage .
      {_PASSAGE_TEXT} BIND("node" AS ?via) }}
    UNION
    {{ $node prov:wasDerivedFrom ?passage .
      FILTER NOT EXISTS {{ $node prov:wasDerivedFrom ?other FILTER(?other != ?passage) }}
      $node ?p ?o FILTER(?p != prov:wasDerivedFrom) {_PASSAGE_TEXT} BIND("only" AS ?via) }}
  }}
}}""")
MENTIONED_IN = _q("SELECT DISTINCT ?d WHERE { $node mg:mentionedIn ?d } ORDER BY ?d")
RELATED = _q("""
SELECT DISTINCT ?r ?d WHERE {
  { $node ?p ?r } UNION { ?r ?p $node }
  FILTER(isIRI(?r) && ?r != $node)
  ?r mg:mentionedIn ?d .
  FILTER NOT EXISTS { $node mg:mentionedIn ?d }
} ORDER BY ?d ?r LIMIT 200""")

#: the RDF description of a resource: several small queries instead of one UNION, each an index lookup
DESCRIBE = (
    _q("CONSTRUCT { $node ?p ?o } WHERE { $node ?p ?o }"),
    _q(
        'CONSTRUCT { ?s ?p ?o } WHERE { $node ?p0 ?s . FILTER(isIRI(?s) && STRSTARTS(STR(?s), CONCAT(STR($node), "#"))) ?s ?p ?o }'
    ),
    _q("CONSTRUCT { ?s ?p $node } WHERE { ?s ?p $node }"),
    _q("CONSTRUCT { ?st ?p ?o } WHERE { ?st rdf:subject $node ; a mg:SourcedStatement ; ?p ?o }"),
    _q(
        "CONSTRUCT { ?s ?p ?o } WHERE { $node ?p0 ?s . FILTER(isIRI(?s)) ?s ?p ?o FILTER(?p IN (rdfs:label, skos:prefLabel)) }"
    ),
    _q("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p0 $node . ?s ?p ?o FILTER(?p IN (rdfs:label, skos:prefLabel)) }"),
)

# ---- home page and classes
#: each programme with its numbers of measures and action fields (two grouped subqueries: no cross product)
PROGRAMMES = _q("""
SELECT ?p (COALESCE(?nm, 0) AS ?measures) (COALESCE(?nf, 0) AS ?fields) WHERE {
  ?p a mg:Programme .
  OPTIONAL { SELECT ?p (COUNT(DISTINCT ?m) AS ?nm) WHERE { ?m mg:programme ?p } GROUP BY ?p }
  OPTIONAL { SELECT ?p (COUNT(DISTINCT ?f) AS ?nf) WHERE { ?f dct:isPartOf ?p ; a mg:ActionField } GROUP BY ?p }
} ORDER BY DESC(?measures) ?p LIMIT $limit""")
LATEST_STATUSES = _q("""
SELECT ?m ?status ?date ?wording WHERE {
  ?a a mg:StatusAssertion ; mg:statusOf ?m ; mg:status ?status ; mg:asOf ?d . ?d mg:earliest ?date
  OPTIONAL { ?d rdfs:label ?wording }
} ORDER BY DESC(?date) ?m LIMIT $limit""")
#: due dates whose latest possible day is not before $today ($today: an xsd:date literal), soonest first
NEXT_DEADLINES = Template(
    _PREFIXES
    + """
SELECT ?x ?end ?start ?wording ?precision WHERE {
  ?x mg:dueDate ?d . ?d mg:latest ?end ; mg:earliest ?start FILTER(?end >= "$today"^^xsd:date)
  OPTIONAL { ?d mg:wording ?w FILTER(lang(?w) = "de") } OPTIONAL { ?d rdfs:label ?l } BIND(COALESCE(?w, ?l) AS ?wording)
  OPTIONAL { ?d mg:precision ?precision }
} ORDER BY ?end ?x LIMIT $limit"""
)
LAST_DEADLINES = _q("""
SELECT ?x ?end ?start ?wording ?precision WHERE {
  ?x mg:dueDate ?d . ?d mg:latest ?end ; mg:earliest ?start
  OPTIONAL { ?d mg:wording ?w FILTER(lang(?w) = "de") } OPTIONAL { ?d rdfs:label ?l } BIND(COALESCE(?w, ?l) AS ?wording)
  OPTIONAL { ?d mg:precision ?precision }
} ORDER BY DESC(?end) ?x LIMIT $limit""")
CLASS_COUNTS = _q("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c")
INSTANCE_COUNT = _q("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a $node }")
#: every instance, in store order (the class table sorts its rows itself: an ORDER BY ?s cost the on-disk store a
#: string lookup per comparison, 0.15 s of the 5,160 measures at ×40)
INSTANCES = _q("SELECT DISTINCT ?s WHERE { ?s a $node }")

# ---- the ontology's documentation ($ontology: the ontology's IRI, the namespace of its concepts)
VALUES_OF = _q("SELECT ?o WHERE { $node $prop ?o }")
DECLARED_TERMS = _q("SELECT ?t ?k WHERE { ?t a ?k FILTER(isIRI(?t) && STRSTARTS(STR(?t), STR($ontology))) }")
USED_CLASSES = _q("SELECT DISTINCT ?c WHERE { ?s a ?c FILTER(STRSTARTS(STR(?c), STR(mg:))) }")
USED_PROPERTIES = _q("SELECT DISTINCT ?p WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?p), STR(mg:))) }")
INSTANCE_COUNTS = _q("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
PROPERTY_USES = _q("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
SHAPES_USING = Template(
    sparql_prefixes(["sh"])
    + """
SELECT DISTINCT ?shape WHERE {
  { ?x sh:targetClass $node } UNION { ?x sh:class $node } UNION { ?x sh:path $node }
  UNION { ?x sh:targetSubjectsOf $node } UNION { ?x sh:targetObjectsOf $node }
  OPTIONAL { ?parent sh:property ?x }
  BIND(COALESCE(?parent, ?x) AS ?shape)
}"""
)
DATA_EDGES = _q("""
SELECT ?c1 ?p ?c2 (COUNT(*) AS ?n) WHERE {
  ?s ?p ?o . ?s a ?c1 . ?o a ?c2 .
  FILTER(STRSTARTS(STR(?c1), STR(mg:)) && STRSTARTS(STR(?c2), STR(mg:)) && ?p != rdf:type)
} GROUP BY ?c1 ?p ?c2""")
DOMAIN_RANGE = _q("""
SELECT ?d ?p ?r WHERE { ?p rdfs:domain ?d ; rdfs:range ?r
  FILTER(STRSTARTS(STR(?d), STR(mg:)) && STRSTARTS(STR(?r), STR(mg:))) }""")
ONTOLOGY_HEADER = _q("SELECT ?p ?o WHERE { $ontology ?p ?o }")


def term(iri: str) -> str:
    """``<iri>`` for a query text.

    :raises ValueError: when ``iri`` is not an IRI (pyoxigraph checks it).
    """
    try:
        return str(ox.NamedNode(iri))
    except ValueError:
        raise ValueError(f"not an IRI: {iri!r}") from None


def fill(template: Template, *, values: list[str] | None = None, **inputs: str | int) -> str:
    """The query text with its inputs written in: integers as numbers, strings as IRIs.

    :raises ValueError: when an input or one of ``values`` is not an IRI.
    """
    filled = {name: str(v) if isinstance(v, int) else term(v) for name, v in inputs.items()}
    if values is not None:
        filled["values"] = " ".join(term(v) for v in values)
    return template.substitute(filled)


def _run(
    store: GraphStore, template: Template, graphs: list, values: list[str] | None, inputs: dict, kind: type | tuple
):
    result = store.query(fill(template, values=values, **inputs), default_graph=graphs)
    if not isinstance(result, kind):
        kind = kind if isinstance(kind, type) else kind[0]
        raise TypeError(f"the query answers {type(result).__name__}, not {kind.__name__}: {template.template[-80:]!r}")
    return result


def select(
    store: ox.Store, template: Template, graphs: list, *, values: list[str] | None = None, **inputs: str | int
) -> list[ox.QuerySolution]:
    """The solutions of a SELECT template, with ``graphs`` as the default graph.

    :raises ValueError: for an input that is not an IRI. :raises TypeError: for a template that is no SELECT.
    """
    return list(_run(store, template, graphs, values, inputs, ox.QuerySolutions))


def construct(store: ox.Store, template: Template, graphs: list, **inputs: str | int) -> list[ox.Triple]:
    """The triples of a CONSTRUCT template, with ``graphs`` as the default graph.

    :raises ValueError: for an input that is not an IRI. :raises TypeError: for a template that is no CONSTRUCT.
    """
    return list(_run(store, template, graphs, None, inputs, (ox.QueryTriples, RemoteTriples)))


def ask(store: ox.Store, template: Template, graphs: list, **inputs: str | int) -> bool:
    """The answer of an ASK template, with ``graphs`` as the default graph.

    :raises ValueError: for an input that is not an IRI. :raises TypeError: for a template that is no ASK.
    """
    return bool(_run(store, template, graphs, None, inputs, ox.QueryBoolean))


# ---- class tables ($node: the class; each answers ?s, the value ?v, its sort key ?key and its text ?text)
_DATE_VALUE = """OPTIONAL { ?v mg:earliest ?key } OPTIONAL { ?v mg:wording ?w FILTER(lang(?w) = "de") }
  OPTIONAL { ?v rdfs:label ?l } BIND(COALESCE(?w, ?l) AS ?text)"""
TABLE_COLUMNS = {
    "notation": _q("SELECT ?s ?v (?v AS ?key) (?v AS ?text) WHERE { ?s a $node ; skos:notation ?v }"),
    "type": _q("SELECT ?s ?v ?key ?text WHERE { ?s a $node ; dct:type ?v }"),
    "document": _q("SELECT ?s ?v ?key ?text WHERE { ?s a $node ; mg:mentionedIn ?v }"),
    "programme": _q("SELECT ?s ?v ?key ?text WHERE { ?s a $node ; mg:programme ?v }"),
    "status": _q("""
SELECT ?s ?v ?key ?text WHERE { ?s a $node ; mg:statusAssertion ?a . ?a mg:status ?v ; mg:asOf ?d
  OPTIONAL { ?d mg:earliest ?key } }"""),
    "responsible": _q("SELECT ?s ?v ?key ?text WHERE { ?s a $node ; mg:responsibleBody ?v }"),
    "date": _q(
        "SELECT ?s ?v ?key ?text WHERE { ?s a $node ; mg:date|mg:adoptedOn|mg:issuedOn|mg:fiscalYear|mg:asOf ?v "
        + _DATE_VALUE
        + " }"
    ),
    "due": _q("SELECT ?s ?v ?key ?text WHERE { ?s a $node ; mg:dueDate ?v " + _DATE_VALUE + " }"),
    "amount": _q("""
SELECT ?s ?v ?key ?text WHERE { ?s a $node ; mg:volume|mg:cost|mg:plannedAmount ?v
  OPTIONAL { ?v mg:valueInBaseUnit ?key } OPTIONAL { ?v mg:writtenValue ?text } }"""),
}

# ---- a programme's timeline: its measures' milestones, deadlines and statuses with their dates
TIMELINE = _q("""
SELECT ?m ?item ?kind ?start ?end ?precision ?wording WHERE {
  ?m mg:programme $node .
  { ?item mg:milestoneOf ?m ; mg:dueDate ?d BIND("milestone" AS ?kind) }
  UNION { ?m mg:statusAssertion ?item . ?item mg:asOf ?d BIND("status" AS ?kind) }
  OPTIONAL { ?d mg:earliest ?start } OPTIONAL { ?d mg:latest ?end } OPTIONAL { ?d mg:precision ?precision }
  OPTIONAL { ?d mg:wording ?w FILTER(lang(?w) = "de") } OPTIONAL { ?d rdfs:label ?l } BIND(COALESCE(?w, ?l) AS ?wording)
} ORDER BY ?m ?start LIMIT 2000""")
#: the passages ($values) things were read from, with their lines
PASSAGES_OF = _q("""
SELECT ?x ?passage ?line WHERE { VALUES ?x { $values } ?x prov:wasDerivedFrom ?passage OPTIONAL { ?passage mg:line ?line } }""")
