"""The committed shapes and concept schemes are exactly what their generators write."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from modgraph.iris import MG
from modgraph.ontology import make_schemes
from modgraph.relations import RECORD_TYPES, RELATIONS
from modgraph.shapes import make_shapes


@pytest.mark.parametrize("generator", [make_shapes, make_schemes], ids=["shapes", "schemes"])
def test_committed_file_is_regenerated_unchanged(generator):
    committed = generator.OUTPUT.read_text(encoding="utf-8")
    assert generator.render() == committed, (
        f"{generator.OUTPUT.name} differs from its table: run python -m {generator.__name__}"
    )


def test_relation_statements_allow_exactly_the_record_types():
    shapes = Graph().parse(data=make_shapes.render(), format="turtle")
    shape = URIRef("https://w3id.org/modgraph/shapes#RelationStatementShape")
    (prop,) = [p for p in shapes.objects(shape, SH.property) if (p, SH.path, RDF.predicate) in shapes]
    allowed = [str(x) for x in Collection(shapes, shapes.value(prop, SH["in"]))]
    assert allowed == [RELATIONS[k].iri for k in RECORD_TYPES]
    assert str(MG.dependsOn) in allowed and str(MG.mentionedIn) not in allowed
