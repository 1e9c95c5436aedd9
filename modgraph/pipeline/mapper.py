"""Writing RDF for the records of one file: IRIs, evidence passages, dates, periods, amounts, statuses.

``DocumentMapper`` holds one document's graph and the helpers every kind of record uses; what each kind
states is in ``modgraph.pipeline.mapping``. IRI scheme (stable: built from record ids, never from positions
in a file):

    {base}id/{kind}/{record id}           things (measure, organisation, …)
    {base}id/{kind}/{record id}/status/…   nested things of a record (status, deadline, observation, amount)
    {base}id/date/{2017-09-29|2017-09|end-2017-09|x-05-16}   dates, shared by every document
    {base}id/passage/{document}/{start}-{end}                passages (character offsets in the source)
    {base}id/document/{document}                             source documents
    {subject}#statement-{document}-{sha256 of predicate and object, 16 hex}   a statement of a subject with
                                              several passages, with the one that supports it (mg:SourcedStatement)

Why this module is long: the helpers every kind of record shares are one class, and statement-level provenance
(``attribute_statements``) works on what only that class holds: the document's triples and each subject's passages.

>>> slug("Ämter-Übersicht 2017")
'aemter-uebersicht-2017'
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, TIME, XSD
from rdflib.term import Node

from modgraph.iris import ELI, EU_LANG, MG, OA, SCHEMA, SDMX_ATT, concept, data_iri, document_iri
from modgraph.pipeline.amounts import Amount
from modgraph.pipeline.dates import PartialDate
from modgraph.pipeline.record_format import Document
from modgraph.pipeline.records import Record, RecordFile
from modgraph.pipeline.sources import SourceText, Span
from modgraph.pipeline.support import date_forms, normalise, number_forms, sentence, supports


def slug(text: str, limit: int = 48) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
    s = re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")
    return s[:limit].rstrip("-") or "x"


def _nt_literal(lit: Literal) -> str:
    """A literal in N-Triples (rdflib's escapes: backslash, line feed, quote, carriage return)."""
    text = str(lit).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    if lit.language:
        return f'"{text}"@{lit.language}'
    return f'"{text}"^^<{lit.datatype}>' if lit.datatype else f'"{text}"'


DOCUMENT_LANGUAGE = {"de": EU_LANG.DEU, "en": EU_LANG.ENG}

#: the literals a node is written as in a text: its labels, notation, wording, written value, name
FORM_PREDICATES = frozenset(
    {
        RDFS.label,
        SKOS.altLabel,
        SKOS.prefLabel,
        MG.variantLabel,
        SKOS.notation,
        MG.wording,
        MG.writtenValue,
        FOAF.name,
        DCTERMS.alternative,
        DCTERMS.title,
        ELI.id_local,
    }
)
#: statements that get no statement node even where their subject has several passages: they are not read from
#: one passage (the kind of a thing, the curator's note, the evidence itself, values the mapping derives, the
#: inverse of a link that is attributed, the parts of a relation's rdf:Statement); English literals neither
#: (translations). ``tests/provenance/exceptions.yaml`` lists them with their reasons.
UNATTRIBUTED = frozenset(
    {
        RDF.type,
        DCTERMS.type,
        ORG.classification,
        ELI.type_document,
        PROV.wasDerivedFrom,
        SKOS.editorialNote,
        OWL.sameAs,
        MG.mentionedIn,
        MG.accordingTo,
        MG.scaleFactor,
        MG.valueInBaseUnit,
        MG.valueStatus,
        SCHEMA.currency,
        SDMX_ATT.unitMeasure,
        QB.dataSet,
        MG.statusOf,
        MG.milestoneOf,
        MG.moveOf,
        RDF.subject,
        RDF.predicate,
        RDF.object,
    }
)
NUMERIC = frozenset({XSD.decimal, XSD.integer, XSD.double, XSD.float, XSD.int})
DATE_TYPES = frozenset({XSD.date, XSD.gYear, XSD.gYearMonth})


@lru_cache(maxsize=1)
def concept_forms() -> dict[Node, list[str]]:
    """The German and English labels and the code of each concept of the schemes (status, value type …), from the
    table ``schemes.ttl`` is generated from."""
    from modgraph.ontology.make_schemes import SCHEMES

    return {
        concept(scheme, code): [de, en, code]
        for scheme, (*_, concepts) in SCHEMES.items()
        for code, (de, en, *_) in concepts.items()
    }


class DocumentMapper:
    """Maps the records of one file (a document, or the registry) into one graph."""

    def __init__(self, base_iri: str, rf: RecordFile):
        self.base = base_iri
        self.rf = rf
        #: the graph's triples in the order they were made (a dict: a set that keeps order, equal terms once)
        self.triples: dict[tuple[Node, Node, Node], None] = {}
        self._nest: dict[URIRef, str] = {}
        #: each subject's passages in the order the record quotes them; each passage's quote with its sentence
        self._passages: dict[Node, list[URIRef]] = {}
        self._texts: dict[URIRef, str] = {}
        #: nodes (amounts, periods) that take the passage of the statement pointing at them
        self._carriers: set[Node] = set()
        #: the curator's choice (record key ``evidence``): (subject, predicate) -> passage
        self._preferred: dict[tuple[Node, Node], URIRef] = {}

    def graph(self) -> Graph:
        """The triples made so far as an rdflib graph."""
        g = Graph()
        for triple in self.triples:
            g.add(triple)
        return g

    def ntriples(self) -> bytes:
        """The triples made so far as N-Triples, written as rdflib's N-Triples serialiser writes them (the
        same lexical forms and escapes), without building an rdflib graph first."""
        return "".join(
            f"<{s}> <{p}> {_nt_literal(o) if isinstance(o, Literal) else f'<{o}>'} .\n" for s, p, o in self.triples
        ).encode("utf-8")

    @property
    def document(self) -> Document:
        """The file's document header.

        :raises ValueError: the file is the registry, which describes no document (and quotes none).
        """
        if self.rf.document is None or self.rf.source is None:
            raise ValueError(f"{self.rf.path} is the registry: it has no document")
        return self.rf.document

    @property
    def source(self) -> SourceText:
        """The text of the file's source document (see ``document`` for the registry)."""
        self.document  # noqa: B018 - raises for the registry
        assert self.rf.source is not None
        return self.rf.source

    @property
    def doc_iri(self) -> URIRef:
        return URIRef(document_iri(self.base, self.document.id))

    # ------------------------------------------------------------------ IRIs and small helpers
    def iri(self, kind: str, ident: str) -> URIRef:
        return URIRef(data_iri(self.base, kind, ident))

    def ref(self, key: str) -> URIRef:
        kind, _, ident = key.partition(":")
        return self.iri(kind, ident)

    def add(self, s, p, o) -> None:
        if o is not None:
            self.triples[(s, p, o)] = None

    def link_all(self, s: URIRef, p: URIRef, kind: str, idents: list[str]) -> None:
        """``s p {base}id/{kind}/{ident}`` for each ident (e.g. a measure's responsible organisations)."""
        for ident in idents:
            self.add(s, p, self.iri(kind, ident))

    def nested(self, subject: URIRef, suffix: str) -> URIRef:
        """IRI of a node nested in a record (status, amount, period …). For a thing several documents
        declare, the document id is part of it, so two documents' amounts never merge into one node."""
        return URIRef(f"{self._nest.get(subject, str(subject))}/{suffix}")

    def de(self, text: str | None) -> Literal | None:
        return None if text is None else Literal(text, lang="de")

    def passage(self, line: int, quote: str) -> URIRef:
        span: Span = self.rf.spans[(line, quote)]
        doc = self.document.id
        p = URIRef(data_iri(self.base, "passage", doc, f"{span.start}-{span.end}"))
        if (p, RDF.type, MG.Passage) not in self.triples:
            q, pos = URIRef(f"{p}#quote"), URIRef(f"{p}#position")
            for t in [
                (p, RDF.type, MG.Passage),
                (p, RDF.type, OA.SpecificResource),
                (p, OA.hasSource, self.doc_iri),
                (p, MG.line, Literal(span.line)),
                (p, RDFS.label, Literal(f"{doc}, line {span.line}", lang="en")),
                (p, OA.hasSelector, q),
                (q, RDF.type, OA.TextQuoteSelector),
                (q, OA.exact, Literal(span.exact)),
                (q, OA.prefix, Literal(span.prefix)),
                (q, OA.suffix, Literal(span.suffix)),
                (p, OA.hasSelector, pos),
                (pos, RDF.type, OA.TextPositionSelector),
                (pos, OA.start, Literal(span.start)),
                (pos, OA.end, Literal(span.end)),
            ]:
                self.triples[t] = None
            self._texts[p] = normalise(f"{span.exact}\n{sentence(self.source.text, span.start, span.end)}")
        return p

    def evidence(self, subject: URIRef, model) -> None:
        for quote in model.quote:
            p = self.passage(model.line, quote)
            self.triples[(subject, PROV.wasDerivedFrom, p)] = None
            known = self._passages.setdefault(subject, [])
            if p not in known:
                known.append(p)

    def prefer(self, subject: URIRef, predicates: list[URIRef], line: int, quote: str) -> None:
        """The curator's choice: the statements ``subject p …`` (p in ``predicates``) are supported by ``quote``."""
        for p in predicates:
            self._preferred[(subject, p)] = self.passage(line, quote)

    # ------------------------------------------------------------------ statement-level provenance
    def _forms(self, o: Node, written: dict[Node, list[str]]) -> list[str]:
        if isinstance(o, Literal):
            forms = [str(o)]
            if o.datatype in NUMERIC:
                forms += number_forms(str(o))
            elif o.datatype in DATE_TYPES:
                forms += date_forms(str(o))
            return forms
        return written.get(o, []) + concept_forms().get(o, [])

    def attribute_statements(self) -> None:
        """Statement-level provenance: which passage supports each statement of a subject with several passages.

        A statement ``s p o`` whose subject has one passage is supported by it (nothing is added). Where the
        subject has several, a statement node ``mg:SourcedStatement`` (``rdf:subject``/``predicate``/``object``)
        names the one passage that supports it: the curator's choice (``evidence``), else the first passage
        whose quote or sentence holds the value, its number or its label (``modgraph.pipeline.support``), else
        the passage of the nested thing it points at, else the subject's first passage. Statements in
        ``UNATTRIBUTED``, English literals and the plain triples of relation records (their ``rdf:Statement``
        carries the evidence) get none. Amounts and periods get the passage of the statement pointing at them.
        """
        written: dict[Node, list[str]] = defaultdict(list)
        reified: dict[Node, list[Node]] = defaultdict(list)
        parts: list[tuple[Node, Node]] = []
        notation, rdf_type, instant = SKOS.notation, RDF.type, TIME.Instant
        spo, composed = (RDF.subject, RDF.predicate, RDF.object), (TIME.hasBeginning, TIME.hasEnd, SCHEMA.value)
        for s, p, o in self.triples:
            if p in FORM_PREDICATES:
                written[s].append(str(o))
                if p == notation and (s, rdf_type, instant) in self.triples:
                    written[s] += date_forms(str(o))
            elif p in spo:
                reified[s].append(o)
            elif p in composed:
                parts.append((s, o))
        for s, o in parts:  # a period is written as its dates, an amount also as its number
            written[s] += written.get(o, []) if not isinstance(o, Literal) else number_forms(str(o))
        relation_triples = {tuple(v) for v in reified.values() if len(v) == 3}
        doc = self.document.id
        added: list[tuple[Node, Node, Node]] = []
        derived, sourced = PROV.wasDerivedFrom, MG.SourcedStatement
        rdf_subject, rdf_predicate, rdf_object = spo
        carriers = self._carriers
        for s, p, o in list(self.triples):
            passages = self._passages.get(s)
            if not passages or (len(passages) == 1 and o not in carriers) or s in carriers or p in UNATTRIBUTED:
                continue
            if (isinstance(o, Literal) and o.language == "en") or (s, p, o) in relation_triples:
                continue
            chosen = self._preferred.get((s, p)) or (
                passages[0] if len(passages) == 1 else self._choose(passages, self._forms(o, written), o)
            )
            if o in carriers:
                added.append((o, derived, chosen))
            if len(passages) > 1:
                key = f"{p} {_nt_literal(o) if isinstance(o, Literal) else f'<{o}>'}".encode()
                sep = "-" if "#" in str(s) else "#"  # (no subject with passages has a fragment yet)
                node = URIRef(f"{s}{sep}statement-{doc}-{hashlib.sha256(key).hexdigest()[:16]}")
                added += [
                    (node, rdf_type, sourced),
                    (node, rdf_subject, s),
                    (node, rdf_predicate, p),
                    (node, rdf_object, o),
                    (node, derived, chosen),
                ]
        for t in added:
            self.triples[t] = None

    def _choose(self, passages: list[URIRef], forms: list[str], o: Node) -> URIRef:
        for p in passages:
            if supports(self._texts[p], forms, normalised=True):
                return p
        for p in self._passages.get(o, ()):  # a nested thing (status, deadline) with a passage of its own
            if p in passages:
                return p
        return passages[0]

    def date(self, d: PartialDate | None) -> URIRef | None:
        if d is None:
            return None
        # a date given with its own wording ("bis Ende September 2017") is an instant of its own, so that
        # the wordings of different passages do not pile up on the one shared date node
        node = URIRef(data_iri(self.base, "date", d.slug, *([slug(d.text)] if d.text else [])))
        self.add(node, RDF.type, TIME.Instant)
        self.add(node, MG.precision, concept("precision", d.precision))
        # one label (queries read it as the date's display form), the German form beside it
        self.add(node, RDFS.label, Literal(d.label, lang="en"))
        self.add(node, SKOS.altLabel, Literal(d.label_de, lang="de"))
        self.add(node, SKOS.notation, Literal(d.iso))  # the record form (2017-09, --05-16, 2018-xx-29), for machines
        if d.text:
            self.add(node, MG.wording, self.de(d.text))
        if d.bound:
            self.add(node, MG.bound, concept("bound", d.bound))
        if d.precision == "day":
            self.add(node, TIME.inXSDDate, Literal(d.iso, datatype=XSD.date))
        elif d.precision == "month":
            self.add(node, TIME.inXSDgYearMonth, Literal(d.iso, datatype=XSD.gYearMonth))
        elif d.precision == "year":
            self.add(node, TIME.inXSDgYear, Literal(d.iso, datatype=XSD.gYear))
        else:  # a part missing (year or month): an OWL-Time date-time description of the parts given
            desc = URIRef(f"{node}#description")
            self.add(node, TIME.inDateTime, desc)
            self.add(desc, RDF.type, TIME.DateTimeDescription)
            self.add(desc, TIME.unitType, TIME.unitDay if d.day else TIME.unitMonth)
            if d.year:
                self.add(desc, TIME.year, Literal(f"{d.year:04d}", datatype=XSD.gYear))
            if d.month:
                self.add(desc, TIME.month, Literal(f"--{d.month:02d}", datatype=XSD.gMonth))
            if d.day:
                self.add(desc, TIME.day, Literal(f"---{d.day:02d}", datatype=XSD.gDay))
        if d.earliest and d.latest:
            self.add(node, MG.earliest, Literal(d.earliest.isoformat(), datatype=XSD.date))
            self.add(node, MG.latest, Literal(d.latest.isoformat(), datatype=XSD.date))
        return node

    def period(self, subject: URIRef, period, prop=DCTERMS.temporal) -> None:
        if period is None or (period.start is None and period.end is None):
            return
        node = self.nested(subject, "period")
        self._carriers.add(node)
        self.add(subject, prop, node)
        self.add(node, RDF.type, TIME.ProperInterval)
        self.add(node, TIME.hasBeginning, self.date(period.start))
        self.add(node, TIME.hasEnd, self.date(period.end))

    def amount(self, subject: URIRef, name: str, a: Amount | None, prop: URIRef) -> URIRef | None:
        if a is None:
            return None
        node = self.nested(subject, name)
        self._carriers.add(node)
        self.add(subject, prop, node)
        self.add(node, RDF.type, SCHEMA.MonetaryAmount if a.kind == "money" else SCHEMA.QuantitativeValue)
        self.add(node, MG.writtenValue, Literal(a.written))
        self.add(node, MG.valueStatus, concept("value-status", a.status))
        if a.unit:
            self.add(node, SCHEMA.unitText, Literal(a.unit))
        if a.currency:
            self.add(node, SCHEMA.currency, Literal(a.currency))
        if a.unit_iri:
            self.add(node, SDMX_ATT.unitMeasure, URIRef(a.unit_iri))
        if a.value is not None:
            self.add(node, SCHEMA.value, Literal(a.value, datatype=XSD.decimal))
            self.add(node, MG.scaleFactor, Literal(a.scale))
            self.add(node, MG.valueInBaseUnit, Literal(a.base_value, datatype=XSD.decimal))
        return node

    # ------------------------------------------------------------------ the document itself
    def map_document(self) -> None:
        """The source document's own description (its records are mapped by ``map_record``)."""
        d, doc = self.document, self.doc_iri
        self.add(doc, RDF.type, MG.SourceDocument)
        self.add(doc, RDF.type, FOAF.Document)
        self.add(doc, RDFS.label, self.de(d.label))
        self.add(doc, DCTERMS.title, self.de(d.label))
        if d.label_en:
            self.add(doc, RDFS.label, Literal(d.label_en, lang="en"))
            self.add(doc, DCTERMS.title, Literal(d.label_en, lang="en"))
        self.add(doc, DCTERMS.identifier, Literal(d.id))
        self.add(doc, DCTERMS.type, concept("document-type", d.type))
        self.add(
            doc,
            DCTERMS.issued,
            Literal(
                d.issued.iso, datatype={"day": XSD.date, "month": XSD.gYearMonth}.get(d.issued.precision, XSD.gYear)
            ),
        )
        self.add(doc, MG.issuedOn, self.date(d.issued))
        self.add(doc, DCTERMS.language, DOCUMENT_LANGUAGE.get(d.language))
        self.add(doc, MG.fileName, Literal(d.file))
        self.add(doc, MG.sha256, Literal(self.source.sha256))
        self.add(doc, MG.characters, Literal(len(self.source.text)))
        for pub in d.publisher:
            self.add(doc, DCTERMS.publisher, self.iri("organisation", pub))
        if d.note:
            self.add(doc, SKOS.editorialNote, Literal(d.note, lang="en"))
        self.evidence(doc, d)

    def map_registry(self, declared: set[str]) -> None:
        """Preferred names of the registry entries that some document declares."""
        for record in self.rf.records:
            if record.key not in declared:
                continue
            s = self.iri(record.kind, record.id)
            self.add(s, SKOS.prefLabel, self.de(record.data.label))
            if record.data.label_en:
                self.add(s, SKOS.prefLabel, Literal(record.data.label_en, lang="en"))

    # ------------------------------------------------------------------ records
    def map_record(self, record: Record) -> URIRef:
        """What every record states (labels, notes, mention, evidence); → its IRI, for the kind's own mapper."""
        s = self.iri(record.kind, record.id)
        doc = self.document.id
        self._nest[s] = str(s) if record.id.startswith(doc + "/") else f"{s}/{doc}"
        data = record.data
        if record.kind != "relation" or data.label:
            self.add(s, RDFS.label, self.de(data.label))
        if data.label_en:
            self.add(s, RDFS.label, Literal(data.label_en, lang="en"))
        for alt in data.alt_labels:
            self.add(s, SKOS.altLabel, self.de(alt))
        for variant in data.also_written:
            self.add(s, MG.variantLabel, self.de(variant))
        self.add(s, DCTERMS.description, self.de(data.description))
        if data.note:
            self.add(s, SKOS.editorialNote, Literal(data.note, lang="en"))
        self.add(s, MG.mentionedIn, self.doc_iri)
        self.evidence(s, data)
        for former in data.former_ids:  # an IRI the thing had before a model change keeps naming it
            self.add(self.ref(former), OWL.sameAs, s)
        return s

    def status_list(self, s: URIRef, statuses) -> None:
        for st in statuses:
            node = self.nested(s, f"status/{st.as_of.slug}-{st.value}")
            self.add(s, MG.statusAssertion, node)
            self.add(node, RDF.type, MG.StatusAssertion)
            self.add(node, MG.statusOf, s)
            self.add(node, MG.status, concept("status", st.value))
            self.add(node, MG.asOf, self.date(st.as_of))
            self.add(node, MG.accordingTo, self.doc_iri)
            if st.note:
                self.add(node, SKOS.editorialNote, Literal(st.note, lang="en"))
            self.evidence(node, st)
