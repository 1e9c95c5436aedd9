"""The record format's relation types are the stated rows of modgraph.relations, and each maps to its property."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from rdflib import RDF, URIRef

from modgraph.pipeline.record_format import Relation
from modgraph.relations import RECORD_TYPES, RELATIONS, property_of


def _relation(rel_type: str) -> Relation:
    return Relation.model_validate({"id": "x/a-b", "subject": "measure:a", "type": rel_type, "object": "measure:b"})


@pytest.mark.parametrize("rel_type", RECORD_TYPES)
def test_every_record_type_is_accepted_and_has_its_property(rel_type):
    assert _relation(rel_type).type == rel_type
    assert property_of(rel_type) == URIRef(RELATIONS[rel_type].iri)


@pytest.mark.parametrize("key", [k for k, r in RELATIONS.items() if not r.stated])
def test_relations_only_the_projection_reads_cannot_be_stated(key):
    with pytest.raises(ValidationError):
        _relation(key)
    with pytest.raises(KeyError):
        property_of(key)


def test_the_documented_order_and_a_mapped_statement(corpus_build):
    assert RECORD_TYPES[:4] == ("depends-on", "contributes-to", "part-of", "merged-into")
    assert RECORD_TYPES[-1] == "cooperates-with" and len(RECORD_TYPES) == 16
    _, _, compiled = corpus_build
    predicates = {  # of the relation records (statement nodes, mg:SourcedStatement, name any predicate)
        o
        for g in compiled.graphs.values()
        for st in g.subjects(RDF.type, RDF.Statement)
        for o in g.objects(st, RDF.predicate)
    }
    assert predicates and predicates <= {property_of(k) for k in RECORD_TYPES}
