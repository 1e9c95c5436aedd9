"""Issue 13, Must show: every asserted statement of every document graph has its passage, and the passage's text
supports the value (the value, its number or its label occurs in the quote or in the quote's sentence); the
exceptions are listed, grouped by reason and counted exactly, in ``exceptions.yaml`` beside this test.

Read from the real build of the corpus (``corpus_build``): the statements of each document graph, the passages by
the rule of ``modgraph/ontology/README.md`` (``evidence.py`` re-implements it from the graph), the source texts
from ``corpus/``. The catalogue query ``statement-evidence.rq`` must give the same passages for every statement.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from rdflib import URIRef
from rdflib.namespace import PROV, RDF

from modgraph.iris import MG
from modgraph.pipeline.mapping import document_mapper
from modgraph.pipeline.records import load_records
from modgraph.store.reading import query_data
from tests.provenance.evidence import (
    EXCEPTIONS,
    HEADER,
    UNSUPPORTED,
    classify,
    document_statements,
    load_groups,
    short,
    unsupported_rows,
)
from tests.queries.catalogue_support import run

DOCUMENTS = ["abt4-news", "d6-2018", "invest-2026", "leipzig-2018", "zov-2017"]
QUERY = Path(__file__).resolve().parents[2] / "modgraph" / "queries" / "statement-evidence.rq"
ID = "https://w3id.org/modgraph/id/"


@pytest.fixture(scope="module")
def statements(corpus_build):
    """(document, statement, group) for every statement of every document graph."""
    settings, build, _ = corpus_build
    store = build.open_read_only()
    groups = load_groups()
    out = []
    for doc in DOCUMENTS:
        sts, info = document_statements(store, settings.base_iri, doc, settings.corpus_dir)
        for st in sts:
            out.append(
                (
                    doc,
                    st,
                    classify(st, settings.base_iri, groups, info["types"], info["evidence"], info["document_dates"]),
                )
            )
    return out


def test_every_statement_has_its_passage_and_the_passage_supports_it(statements):
    unchecked = [
        f"{doc}: {short(st.s)} {short(st.p)} {short(st.o)[:80]} – "
        + ("no passage" if not st.passages else f"not in {st.passages[0]}")
        for doc, st, group in statements
        if not group and not (st.passages and st.supported)
    ]
    assert unchecked == [], f"{len(unchecked)} statements without a supporting passage:\n" + "\n".join(unchecked[:40])


def test_the_exceptions_are_counted_exactly(statements):
    spec = yaml.safe_load(EXCEPTIONS.read_text(encoding="utf-8"))
    counted = Counter(group for _, _, group in statements)
    assert {g["name"]: counted[g["name"]] for g in spec["groups"]} == {g["name"]: g["count"] for g in spec["groups"]}
    # the statements checked against their passage and supported by it
    assert counted[""] == spec["supported"]
    assert len(statements) == spec["statements"]


def test_every_unsupported_statement_is_named_in_the_list(statements):
    """Each statement of an `unsupported` group is named in ``unsupported.tsv`` (group, document, statement, its
    passage), so that a reader can check every one against the source; a new or vanished one changes the list
    (``python -m tests.provenance.evidence data`` writes it anew after a change of the records)."""
    listed = UNSUPPORTED.read_text(encoding="utf-8").splitlines()
    assert listed[0] == HEADER
    assert unsupported_rows(statements, load_groups()) == listed[1:]


def test_unsupported_exceptions_have_their_passage(statements):
    """A statement in an `unsupported` group is one the rule gives a passage; only the text check fails."""
    unsupported = {g["name"] for g in load_groups() if g.get("unsupported")}
    assert all(st.passages and not st.supported for _, st, group in statements if group in unsupported)


def test_a_subject_with_several_passages_has_a_statement_node_for_each_attributed_statement(statements):
    """The rule's other half: without a statement node, a statement has its subject's only passage. So every
    statement that is neither exempt nor a relation record's triple, and whose subject has several passages in
    its graph, must be named by an mg:SourcedStatement (else it has no passage: the first test fails)."""
    exempt = {g["name"] for g in load_groups() if not g.get("unsupported")}
    attributed = [(doc, st) for doc, st, group in statements if group not in exempt]
    assert attributed and all(st.passages for _, st in attributed)


def test_the_catalogue_query_gives_every_statement_its_passage(corpus_build, statements):
    _, build, _ = corpus_build
    store = build.open_read_only()
    text = "\n".join(line for line in QUERY.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    rows = query_data(store, build.info, text)
    answered = {
        (r["document"].value, r["subject"].value, r["predicate"].value, _key(r["object"]), r["passage"].value)
        for r in rows
    }
    expected = {
        (doc, st.s.value, st.p.value, _key(st.o), p)
        for doc, st, _ in statements
        if st.p.value != str(PROV.wasDerivedFrom) and isinstance(st.s, ox.NamedNode)
        for p in st.passages
    }
    assert expected <= answered
    # what the query answers beyond: the statement nodes' own triples (subject: the node, its only passage)
    extra = {a for a in answered - expected if "#statement-" not in a[1]}
    assert extra == set()


def _key(term: ox.Term) -> str:
    return str(term)


# ------------------------------------------------------------------ the mapping's choice, on real records


def _mapper(settings, document: str, change=None):
    rs = load_records(settings.records_dir, settings.corpus_dir)
    rf = next(f for f in rs.documents if f.document.id == document)
    if change:
        change(rf)
    return document_mapper(rf, settings.base_iri)


def _node_passage(m, subject: URIRef, predicate: URIRef) -> list[tuple[str, int]]:
    """(object, passage line) of the statement nodes of ``subject predicate …``."""
    g = m.graph()
    out = []
    for node in g.subjects(RDF.subject, subject):
        if g.value(node, RDF.predicate) == predicate:
            passage = g.value(node, PROV.wasDerivedFrom)
            out.append((str(g.value(node, RDF.object)), int(g.value(passage, MG.line))))
    return sorted(out)


def test_the_passage_that_holds_the_value_is_chosen(corpus_build):
    """D6 has six passages; the catalogue query names for each participant the one that names it."""
    rows = run(corpus_build, "statement-evidence", subject=ID + "measure/d6-2018/d6", predicate=str(MG.participant))
    assert sorted((r["object"][len(ID) :], int(r["line"]), r["via"]) for r in rows) == [
        ("organisation/d6-2018/ifib", 32, "statement node"),  # l. 32 "… das IFIB mit Prozessmodellierungen beauftragt"
        ("organisation/senator-finanzen/abteilung-4", 32, "statement node"),  # l. 32 "In Abteilung 4 wurde …"
        ("organisation/senator-finanzen/sf-02", 16, "statement node"),  # l. 16 "… SF 02 zur Betreuung übergebenen …"
        # no passage names the Stabsstelle (l. 32 "Stabstellen- und Projektleitung" is another word): the first one
        ("organisation/senator-finanzen/stabsstelle-betriebsmanagement-fachverfahren", 9, "statement node"),
    ]
    # a subject with one passage: every statement is supported by it (invest-2026, l. 19: the VOIS cost)
    cost = run(corpus_build, "statement-evidence", subject=ID + "measure/invest-2026/vois-terminmanagement/cost")
    assert {(r["via"], int(r["line"])) for r in cost} == {("subject's only passage", 19)}
    assert "270.000 Euro" in {r["object"] for r in cost if r["predicate"] == str(MG.writtenValue)}.pop()


def test_the_curators_evidence_key_overrides_the_choice(corpus_build):
    """ZOV 1.2 has two passages (ll. 152, 156); its label is in the first. ``evidence: {label: <second quote>}``
    makes the label's statement node point at the second."""
    settings, _, _ = corpus_build
    s, label = URIRef(ID + "measure/zov-2017/1-2"), URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    assert [line for _, line in _node_passage(_mapper(settings, "zov-2017"), s, label)] == [152]

    def prefer_second(rf):
        record = next(r for r in rf.records if r.key == "measure:zov-2017/1-2")
        record.data.evidence = {"label": record.data.quote[-1]}

    assert [line for _, line in _node_passage(_mapper(settings, "zov-2017", prefer_second), s, label)] == [156]


def test_an_evidence_quote_must_be_one_of_the_records_quotes():
    from pydantic import ValidationError

    from modgraph.pipeline.record_format import Measure

    with pytest.raises(ValidationError, match="must be one of the record's quotes"):
        Measure(id="x/m", label="M", quote=["eins"], evidence={"label": "zwei"})
    with pytest.raises(ValidationError, match="not a field of this kind"):
        Measure(id="x/m", label="M", quote=["eins"], evidence={"volume": "eins"})
    assert Measure(id="x/m", label="M", quote=["eins", "zwei"], evidence={"cost": "zwei"}).evidence == {"cost": "zwei"}
