"""The ontology documents every own term, declares every term the shapes and the mapping use, and its
concept schemes hold every code the records can carry."""

from __future__ import annotations

import typing

import pytest
from rdflib import Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from modgraph import iris as vocab
from modgraph.pipeline import dates
from modgraph.pipeline import record_format as records
from modgraph.relations import RECORD_TYPES, RELATIONS

MG = str(vocab.MG)
DEF = vocab.DEF
DECLARED_AS = {OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
BUILT_IN = (str(RDF), str(RDFS))  # rdf:Statement, rdf:subject, rdfs:label … are defined by RDF itself


def declared(ontology) -> set:
    return {s for s, o in ontology.subject_objects(RDF.type) if o in DECLARED_AS}


def own_terms(ontology) -> set:
    return {s for s in declared(ontology) if str(s).startswith(MG)}


def test_ontology_header(ontology):
    onto = URIRef(DEF)
    assert (onto, RDF.type, OWL.Ontology) in ontology
    for p in (
        OWL.versionInfo,
        URIRef("http://purl.org/dc/terms/title"),
        URIRef("http://purl.org/dc/terms/description"),
        URIRef("http://purl.org/dc/terms/license"),
        URIRef("http://purl.org/dc/terms/creator"),
    ):
        assert ontology.value(onto, p) is not None, p


def test_every_own_term_has_label_and_definition_in_german_and_english(ontology):
    missing = []
    for term in sorted(own_terms(ontology) | {vocab.MG.keyFigureStructure, vocab.MG.budgetStructure}):
        for p in (RDFS.label, SKOS.definition):
            langs = {o.language for o in ontology.objects(term, p) if isinstance(o, Literal)}
            if not {"de", "en"} <= langs:
                missing.append(f"{term} {p}")
    assert not missing, missing


def test_every_mg_term_used_anywhere_is_declared(ontology, shapes, real_data):
    terms = declared(ontology) | {vocab.MG.keyFigureStructure, vocab.MG.budgetStructure}
    used = set()
    for g in (shapes, real_data):
        for triple in g:
            used |= {t for t in triple if isinstance(t, URIRef) and str(t).startswith(MG)}
    used |= {r.term for r in RELATIONS.values() if r.iri.startswith(MG)}  # the projection's too
    assert not sorted(used - terms)


def _paths(shapes, path):
    """The properties in a SHACL path (simple, sequence, alternative, inverse, *, +, ?)."""
    if isinstance(path, URIRef):
        yield path
        return
    if (path, RDF.first, None) in shapes:
        for item in Collection(shapes, path):
            yield from _paths(shapes, item)
        return
    for p in (SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
        inner = shapes.value(path, p)
        if inner is not None:
            yield from _paths(shapes, inner)
            return
    alt = shapes.value(path, SH.alternativePath)
    if alt is not None:
        yield from _paths(shapes, alt)


def test_every_target_class_and_path_is_declared(ontology, shapes):
    known = declared(ontology)
    targets = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH.targetSubjectsOf))
    paths = {p for path in shapes.objects(None, SH.path) for p in _paths(shapes, path)}
    undeclared = sorted(t for t in targets | paths if t not in known and not str(t).startswith(BUILT_IN))
    assert not undeclared, f"used in shapes but not declared in ontology/: {undeclared}"


def test_every_class_in_the_real_data_is_targeted(ontology, shapes, real_data):
    """Every typed resource of the real data meets some node shape through one of its classes or their superclasses."""
    targets = set(shapes.objects(None, SH.targetClass))
    missing = set()
    for node in set(real_data.subjects(RDF.type, None)):
        supers = set()
        for cls in real_data.objects(node, RDF.type):
            supers |= set(ontology.transitive_objects(cls, RDFS.subClassOf))
        if not (supers & targets):
            missing.add(tuple(sorted(real_data.objects(node, RDF.type))))
    assert not sorted(missing)


# ------------------------------------------------------------------------- concept schemes


def _literal_values(annotation) -> tuple[str, ...]:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(a for a in args)
    for a in args:  # Optional[Literal[...]]
        values = _literal_values(a)
        if values:
            return values
    return ()


def _codes(model, field) -> tuple[str, ...]:
    return _literal_values(model.model_fields[field].annotation)


SCHEME_CODES = {
    "status": records.STATUS_CODES,
    "value-type": _codes(records.Observation, "type"),
    "value-status": ("stated", "approximate", "lower-bound", "unknown", "blank"),  # graph/amounts.py Amount.status
    "document-type": _codes(records.Document, "type"),
    "organisation-type": _codes(records.Organisation, "type"),
    "programme-type": _codes(records.Programme, "type"),
    "place-type": _codes(records.Place, "type"),
    "fund-type": _codes(records.Fund, "type"),
    "decision-type": _codes(records.Decision, "type"),
    "event-type": _codes(records.Event, "type"),
    "milestone-type": _codes(records.Deadline, "kind"),
    "service-type": _codes(records.Service, "type"),
    "change": records.CHANGES,
    "precision": tuple(p for _, p in dates._PATTERNS),
    "bound": dates.BOUNDS,
}


@pytest.mark.parametrize("scheme", sorted(SCHEME_CODES))
def test_scheme_holds_every_code(ontology, scheme):
    codes = SCHEME_CODES[scheme]
    assert codes, f"no codes found for {scheme}"
    s = vocab.scheme(scheme)
    assert (s, RDF.type, SKOS.ConceptScheme) in ontology
    for code in codes:
        c = vocab.concept(scheme, code)
        assert (c, RDF.type, SKOS.Concept) in ontology, c
        assert (c, SKOS.inScheme, s) in ontology and (c, SKOS.topConceptOf, s) in ontology
        assert (c, SKOS.notation, Literal(code)) in ontology
        for p in (SKOS.prefLabel, SKOS.definition):
            assert {o.language for o in ontology.objects(c, p)} >= {"de", "en"}, (c, p)


def test_every_concept_the_data_uses_is_in_a_scheme(ontology, real_data):
    used = {o for o in real_data.objects() if isinstance(o, URIRef) and str(o).startswith(DEF + "/")}
    assert not sorted(c for c in used if (c, SKOS.inScheme, None) not in ontology)


def test_sh_in_lists_name_only_existing_concepts(ontology, shapes):
    for lst in shapes.objects(None, SH["in"]):
        for item in Collection(shapes, lst):
            if isinstance(item, URIRef) and str(item).startswith(DEF + "/"):
                assert (item, SKOS.inScheme, None) in ontology, item


def test_status_concepts_align_with_schema_org(ontology):
    close = {
        str(o)
        for s in ontology.subjects(SKOS.inScheme, vocab.scheme("status"))
        for o in ontology.objects(s, SKOS.closeMatch)
    }
    assert {
        "http://schema.org/ActiveActionStatus",
        "http://schema.org/CompletedActionStatus",
        "http://schema.org/PotentialActionStatus",
    } <= close
    assert (
        vocab.concept("decision-type", "senate-decision"),
        SKOS.broadMatch,
        URIRef("http://publications.europa.eu/resource/authority/resource-type/DEC"),
    ) in ontology


def test_relation_super_property_covers_every_relation_type(ontology):
    top = vocab.MG.relation
    for prop in (RELATIONS[key].term for key in RECORD_TYPES):
        assert top in set(ontology.transitive_objects(prop, RDFS.subPropertyOf)), prop
