"""Records → RDF: one small function per kind of record.

Each document's records become one rdflib graph (later its named graph). Every resource gets
``prov:wasDerivedFrom`` links to the passages its quotes stand in; a passage is an ``oa:SpecificResource``
on the source document with a text-quote and a text-position selector.
IRI scheme (stable: built from record ids, never from positions in a file):

    {base}id/{kind}/{record id}           things (measure, organisation, …)
    {base}id/{kind}/{record id}/status/…   nested things of a record (status, deadline, observation, amount)
    {base}id/date/{2017-09-29|2017-09|end-2017-09|x-05-16}   dates, shared by every document
    {base}id/passage/{document}/{start}-{end}                passages (character offsets in the source)
    {base}id/document/{document}                             source documents
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, QB, RDF, RDFS, SKOS, TIME, XSD

from modgraph.pipeline.amounts import Amount, parse_amount
from modgraph.pipeline.dates import PartialDate
from modgraph.pipeline.record_format import Entity
from modgraph.pipeline.records import Record, RecordFile, RecordSet
from modgraph.pipeline.sources import Span
from modgraph.iris import CV, ELI, EU_LANG, MG, OA, CPSV, SCHEMA, SDMX_ATT, SDMX_DIM, SDMX_MEA, concept, data_iri, document_iri
from modgraph.relations import property_of


def slug(text: str, limit: int = 48) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
    s = re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")
    return s[:limit].rstrip("-") or "x"


ORGANISATION_CLASSES = {
    "public-body": [CV.PublicOrganisation, ORG.Organization],
    "state": [CV.PublicOrganisation, ORG.Organization],
    "municipality": [CV.PublicOrganisation, ORG.Organization],
    "unit": [ORG.OrganizationalUnit, ORG.Organization],
    "company": [ORG.FormalOrganization, ORG.Organization],
    "committee": [MG.Committee, ORG.Organization],
    "organisation": [ORG.Organization],
}
DOCUMENT_LANGUAGE = {"de": EU_LANG.DEU, "en": EU_LANG.ENG}


class DocumentMapper:
    """Maps the records of one file (a document, or the registry) into one graph."""

    def __init__(self, base_iri: str, rf: RecordFile):
        self.base = base_iri
        self.rf = rf
        self.g = Graph()
        self.doc_iri = URIRef(document_iri(base_iri, rf.document.id)) if rf.document else None
        self._nest: dict[URIRef, str] = {}

    # ------------------------------------------------------------------ IRIs and small helpers
    def iri(self, kind: str, ident: str) -> URIRef:
        return URIRef(data_iri(self.base, kind, ident))

    def ref(self, key: str) -> URIRef:
        kind, _, ident = key.partition(":")
        return self.iri(kind, ident)

    def add(self, s, p, o) -> None:
        if o is not None:
            self.g.add((s, p, o))

    def nested(self, subject: URIRef, suffix: str) -> URIRef:
        """IRI of a node nested in a record (status, amount, period …). For a thing several documents
        declare, the document id is part of it, so two documents' amounts never merge into one node."""
        return URIRef(f"{self._nest.get(subject, str(subject))}/{suffix}")

    def de(self, text: str | None) -> Literal | None:
        return None if text is None else Literal(text, lang="de")

    def passage(self, line: int, quote: str) -> URIRef:
        span: Span = self.rf.spans[(line, quote)]
        doc = self.rf.document.id
        p = URIRef(data_iri(self.base, "passage", doc, f"{span.start}-{span.end}"))
        if (p, RDF.type, MG.Passage) not in self.g:
            q, pos = URIRef(f"{p}#quote"), URIRef(f"{p}#position")
            for t in [
                (p, RDF.type, MG.Passage), (p, RDF.type, OA.SpecificResource),
                (p, OA.hasSource, self.doc_iri), (p, MG.line, Literal(span.line)),
                (p, RDFS.label, Literal(f"{doc}, line {span.line}", lang="en")),
                (p, OA.hasSelector, q), (q, RDF.type, OA.TextQuoteSelector),
                (q, OA.exact, Literal(span.exact)), (q, OA.prefix, Literal(span.prefix)), (q, OA.suffix, Literal(span.suffix)),
                (p, OA.hasSelector, pos), (pos, RDF.type, OA.TextPositionSelector),
                (pos, OA.start, Literal(span.start)), (pos, OA.end, Literal(span.end)),
            ]:
                self.g.add(t)
        return p

    def evidence(self, subject: URIRef, model) -> None:
        for quote in model.quote:
            self.g.add((subject, PROV.wasDerivedFrom, self.passage(model.line, quote)))

    def date(self, d: PartialDate | None) -> URIRef | None:
        if d is None:
            return None
        # a date given with its own wording ("bis Ende September 2017") is an instant of its own, so that
        # the wordings of different passages do not pile up on the one shared date node
        node = URIRef(data_iri(self.base, "date", d.slug, *([slug(d.text)] if d.text else [])))
        self.add(node, RDF.type, TIME.Instant)
        self.add(node, MG.precision, concept("precision", d.precision))
        self.add(node, RDFS.label, Literal(("" if not d.bound else d.bound + " of ") + d.iso))
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
        else:  # no year: an OWL-Time date-time description with month (and day) only
            desc = URIRef(f"{node}#description")
            self.add(node, TIME.inDateTime, desc)
            self.add(desc, RDF.type, TIME.DateTimeDescription)
            self.add(desc, TIME.unitType, TIME.unitDay if d.day else TIME.unitMonth)
            self.add(desc, TIME.month, Literal(f"--{d.month:02d}", datatype=XSD.gMonth))
            if d.day:
                self.add(desc, TIME.day, Literal(f"---{d.day:02d}", datatype=XSD.gDay))
        if d.earliest:
            self.add(node, MG.earliest, Literal(d.earliest.isoformat(), datatype=XSD.date))
            self.add(node, MG.latest, Literal(d.latest.isoformat(), datatype=XSD.date))
        return node

    def period(self, subject: URIRef, period, prop=DCTERMS.temporal) -> None:
        if period is None or (period.start is None and period.end is None):
            return
        node = self.nested(subject, "period")
        self.add(subject, prop, node)
        self.add(node, RDF.type, TIME.ProperInterval)
        self.add(node, TIME.hasBeginning, self.date(period.start))
        self.add(node, TIME.hasEnd, self.date(period.end))

    def amount(self, subject: URIRef, name: str, a: Amount | None, prop: URIRef) -> URIRef | None:
        if a is None:
            return None
        node = self.nested(subject, name)
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
    def map_document(self) -> Graph:
        d, doc = self.rf.document, self.doc_iri
        self.add(doc, RDF.type, MG.SourceDocument)
        self.add(doc, RDF.type, FOAF.Document)
        self.add(doc, RDFS.label, self.de(d.label))
        self.add(doc, DCTERMS.title, self.de(d.label))
        if d.label_en:
            self.add(doc, RDFS.label, Literal(d.label_en, lang="en"))
            self.add(doc, DCTERMS.title, Literal(d.label_en, lang="en"))
        self.add(doc, DCTERMS.identifier, Literal(d.id))
        self.add(doc, DCTERMS.type, concept("document-type", d.type))
        self.add(doc, DCTERMS.issued, Literal(d.issued.iso, datatype={"day": XSD.date, "month": XSD.gYearMonth}.get(d.issued.precision, XSD.gYear)))
        self.add(doc, MG.issuedOn, self.date(d.issued))
        self.add(doc, DCTERMS.language, DOCUMENT_LANGUAGE.get(d.language))
        self.add(doc, MG.fileName, Literal(d.file))
        self.add(doc, MG.sha256, Literal(self.rf.source.sha256))
        self.add(doc, MG.characters, Literal(len(self.rf.source.text)))
        for pub in d.publisher:
            self.add(doc, DCTERMS.publisher, self.iri("organisation", pub))
        if d.note:
            self.add(doc, SKOS.editorialNote, Literal(d.note, lang="en"))
        self.evidence(doc, d)
        for record in self.rf.records:
            self.map_record(record)
        return self.g

    def map_registry(self, declared: set[str]) -> Graph:
        """Preferred names of the registry entries that some document declares."""
        for record in self.rf.records:
            if record.key not in declared:
                continue
            s = self.iri(record.kind, record.id)
            self.add(s, SKOS.prefLabel, self.de(record.data.label))
            if record.data.label_en:
                self.add(s, SKOS.prefLabel, Literal(record.data.label_en, lang="en"))
        return self.g

    # ------------------------------------------------------------------ records
    def map_record(self, record: Record) -> URIRef:
        s = self.iri(record.kind, record.id)
        doc = self.rf.document.id
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
        KIND_MAPPERS[record.kind](self, s, data)
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


# ---------------------------------------------------------------------- one function per kind

def _organisation(m: DocumentMapper, s, r) -> None:
    for cls in ORGANISATION_CLASSES[r.type]:
        m.add(s, RDF.type, cls)
    m.add(s, ORG.classification, concept("organisation-type", r.type))
    if r.part_of:
        m.add(s, ORG.unitOf if r.type == "unit" else ORG.subOrganizationOf, m.iri("organisation", r.part_of))
    if r.site:
        m.add(s, SCHEMA.location, m.iri("place", r.site))


def _person(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, FOAF.Person)
    m.add(s, FOAF.name, Literal(r.label))


def _membership(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, ORG.Membership)
    m.add(s, ORG.member, m.iri("person", r.person))
    if r.organisation:
        m.add(s, ORG.organization, m.iri("organisation", r.organisation))
    role = m.iri("role", slug(r.role))
    m.add(s, ORG.role, role)
    m.add(role, RDF.type, ORG.Role)
    m.add(role, RDFS.label, m.de(r.role))
    if r.organisation:  # the post (the office, whoever holds it) that the membership fills
        post = m.iri("post", f"{r.organisation}/{slug(r.role)}")
        m.add(post, RDF.type, ORG.Post)
        m.add(post, RDFS.label, m.de(r.role))
        m.add(post, ORG.postIn, m.iri("organisation", r.organisation))
        m.add(post, ORG.role, role)
        m.add(s, MG.post, post)
        m.add(m.iri("person", r.person), ORG.holds, post)
        m.add(post, ORG.heldBy, m.iri("person", r.person))
        m.evidence(post, r)
    m.add(s, MG.attestedOn, m.date(r.attested))
    m.period(s, r.period, ORG.memberDuring)


def _place(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, DCTERMS.Location)
    m.add(s, DCTERMS.type, concept("place-type", r.type))
    if r.part_of:
        m.add(s, SCHEMA.containedInPlace, m.iri("place", r.part_of))
    if r.address:
        m.add(s, SCHEMA.address, Literal(r.address))


def _programme(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.Programme)
    m.add(s, DCTERMS.type, concept("programme-type", r.type))
    if r.short_name:
        m.add(s, DCTERMS.alternative, Literal(r.short_name))
    for org in r.responsible:
        m.add(s, MG.responsibleBody, m.iri("organisation", org))
    if r.part_of:
        m.add(s, DCTERMS.isPartOf, m.iri("programme", r.part_of))
    for other in r.based_on:
        m.add(s, MG.basedOn, m.iri("programme", other))
    m.add(s, MG.adoptedOn, m.date(r.adopted))
    if r.adopted_by:
        m.add(s, MG.adoptedBy, m.iri("decision", r.adopted_by))
    m.period(s, r.period)
    if r.place:
        m.add(s, DCTERMS.spatial, m.iri("place", r.place))


def _field(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.ActionField)
    m.add(s, DCTERMS.isPartOf, m.iri("programme", r.programme))
    if r.notation:
        m.add(s, SKOS.notation, Literal(r.notation))
    m.status_list(s, r.status)


def _principle(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.Principle)
    m.add(s, DCTERMS.isPartOf, m.iri("programme", r.programme))
    if r.notation:
        m.add(s, SKOS.notation, Literal(r.notation))


def _goal(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.Goal)
    for owner in r.of:
        m.add(s, MG.goalOf, m.ref(owner))
    if r.notation:
        m.add(s, SKOS.notation, Literal(r.notation))


def _measure(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.Measure)
    if r.notation:
        m.add(s, SKOS.notation, Literal(r.notation))
    if r.programme:
        m.add(s, MG.programme, m.iri("programme", r.programme))
    if r.field:
        m.add(s, DCTERMS.isPartOf, m.iri("field", r.field))
    if r.part_of:
        m.add(s, DCTERMS.isPartOf, m.iri("measure", r.part_of))
    for org in r.responsible:
        m.add(s, MG.responsibleBody, m.iri("organisation", org))
    for org in r.participants:
        m.add(s, MG.participant, m.iri("organisation", org))
    if r.target_group:
        m.add(s, MG.targetGroup, m.de(r.target_group))
    for effect in r.effects:
        m.add(s, MG.intendedEffect, m.de(effect))
    m.status_list(s, r.status)
    for dl in r.deadlines:
        node = m.nested(s, f"{dl.kind}/{dl.due.slug}-{slug(dl.label, 40)}")
        m.add(s, MG.milestone, node)
        m.add(node, RDF.type, MG.Milestone)
        m.add(node, DCTERMS.type, concept("milestone-type", dl.kind))
        m.add(node, RDFS.label, m.de(dl.label))
        m.add(node, MG.milestoneOf, s)
        m.add(node, MG.dueDate, m.date(dl.due))
        if dl.decision:
            m.add(node, MG.setBy, m.iri("decision", dl.decision))
        if dl.note:
            m.add(node, SKOS.editorialNote, Literal(dl.note, lang="en"))
        m.evidence(node, dl)
    m.period(s, r.period)
    m.amount(s, "cost", r.cost, MG.cost)
    for fund in r.funded_by:
        m.add(s, MG.fundedBy, m.iri("fund", fund))
    for dec in r.decisions:
        m.add(s, MG.implementsDecision, m.iri("decision", dec))
    for goal in r.goals:
        m.add(s, MG.contributesTo, m.iri("goal", goal))
    if r.place:
        m.add(s, SCHEMA.location, m.iri("place", r.place))


def _key_figure(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.KeyFigure)
    m.add(s, MG.keyFigureOf, m.ref(r.of))
    if r.unit:
        m.add(s, SCHEMA.unitText, Literal(r.unit))
    dataset = m.iri("dataset", f"{m.rf.document.id}/key-figures")
    m.add(dataset, RDF.type, QB.DataSet)
    m.add(dataset, QB.structure, MG.keyFigureStructure)
    m.add(dataset, RDFS.label, Literal(f"Key figures of {m.rf.document.id}", lang="en"))
    seen: set[URIRef] = set()
    for ob in r.observations:
        period = ob.period.slug if ob.period else "undated"
        node = m.nested(s, f"observation/{ob.type}-{period}")
        n = 2
        while node in seen:
            node = m.nested(s, f"observation/{ob.type}-{period}-{n}")
            n += 1
        seen.add(node)
        amount = parse_amount("*?*" if ob.value is None else ob.value,
                              default_unit=r.unit if r.unit in {"%", "VZÄ", "Anzahl", "T€", "€"} else "")
        m.add(node, RDF.type, MG.KeyFigureObservation)
        m.add(node, RDF.type, QB.Observation)
        m.add(node, QB.dataSet, dataset)
        m.add(node, MG.keyFigure, s)
        m.add(node, MG.valueType, concept("value-type", ob.type))
        m.add(node, SDMX_DIM.refPeriod, m.date(ob.period))
        if ob.value is not None:
            m.add(node, MG.writtenValue, Literal(ob.value))
        m.add(node, MG.valueStatus, concept("value-status", amount.status))
        if amount.value is not None:
            m.add(node, SDMX_MEA.obsValue, Literal(amount.value, datatype=XSD.decimal))
        if amount.unit_iri:
            m.add(node, SDMX_ATT.unitMeasure, URIRef(amount.unit_iri))
        if ob.note:
            m.add(node, SKOS.editorialNote, Literal(ob.note, lang="en"))
        m.evidence(node, ob)


def _budget_line(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.BudgetLine)
    m.add(s, RDF.type, QB.Observation)
    dataset = m.iri("dataset", f"{m.rf.document.id}/budget")
    m.add(dataset, RDF.type, QB.DataSet)
    m.add(dataset, QB.structure, MG.budgetStructure)
    m.add(dataset, RDFS.label, Literal(f"Budget lines of {m.rf.document.id}", lang="en"))
    m.add(s, QB.dataSet, dataset)
    m.add(s, MG.budgetOf, m.iri("measure", r.measure))
    m.add(s, MG.budgetItem, m.de(r.item))
    m.add(s, MG.fiscalYear, m.date(r.fiscal_year))
    m.amount(s, "planned", r.planned, MG.plannedAmount)
    m.amount(s, "actual", r.actual, MG.actualAmount)
    m.amount(s, "deviation", r.deviation, MG.deviationAmount)


def _fund(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.Fund)
    m.add(s, DCTERMS.type, concept("fund-type", r.type))
    m.amount(s, "volume", r.volume, MG.volume)
    for fund in r.funded_by:
        m.add(s, MG.fundedBy, m.iri("fund", fund))
    if r.provider:
        m.add(s, MG.provider, m.iri("organisation", r.provider))
    if r.recipient:
        m.add(s, MG.recipient, m.ref(r.recipient))
    m.period(s, r.period)
    for dec in r.decisions:
        m.add(s, MG.implementsDecision, m.iri("decision", dec))


def _decision(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.Decision)
    m.add(s, ELI.type_document, concept("decision-type", r.type))
    if r.body:
        m.add(s, ELI.passed_by, m.iri("organisation", r.body))
    m.add(s, MG.date, m.date(r.date))
    if r.date and r.date.precision == "day":
        m.add(s, ELI.date_document, Literal(r.date.iso, datatype=XSD.date))
    if r.number:
        m.add(s, ELI.id_local, Literal(r.number))
    if r.decides:
        m.add(s, MG.decides, m.de(r.decides))
    for about in r.about:
        m.add(s, ELI.is_about, m.ref(about))
    for org in r.addressees:
        m.add(s, MG.addressee, m.iri("organisation", org))
    m.add(s, MG.dueDate, m.date(r.due))


def _event(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, SCHEMA.Event)
    m.add(s, DCTERMS.type, concept("event-type", r.type))
    m.add(s, MG.date, m.date(r.date))
    m.add(s, MG.endDate, m.date(r.end))
    if r.place:
        m.add(s, SCHEMA.location, m.iri("place", r.place))
    for org in r.organisers:
        m.add(s, SCHEMA.organizer, m.iri("organisation", org))
    for org in r.participants:
        m.add(s, SCHEMA.attendee, m.iri("organisation", org))
    for who in r.attendees:
        m.add(s, SCHEMA.attendee, m.ref(who))
    for about in r.about:
        m.add(s, SCHEMA.about, m.ref(about))


def _service(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.OnlineService)
    m.add(s, RDF.type, CPSV.PublicService)
    if r.provider:
        m.add(s, SCHEMA.provider, m.iri("organisation", r.provider))
    m.add(s, MG.launchedOn, m.date(r.launched))
    for where in r.available_in:
        m.add(s, MG.availableIn, m.ref(where))
    if r.part_of:
        m.add(s, DCTERMS.isPartOf, m.iri("service", r.part_of))


def _relation(m: DocumentMapper, s, r) -> None:
    subject, prop, obj = m.ref(r.subject), property_of(r.type), m.ref(r.object)
    m.add(subject, prop, obj)  # the plain triple, for queries; the statement below carries its evidence
    m.add(s, RDF.type, RDF.Statement)
    m.add(s, RDF.subject, subject)
    m.add(s, RDF.predicate, prop)
    m.add(s, RDF.object, obj)
    m.add(s, MG.asOf, m.date(r.as_of))


KIND_MAPPERS: dict[str, Callable[[DocumentMapper, URIRef, Entity], None]] = {
    "organisation": _organisation, "person": _person, "membership": _membership, "place": _place,
    "programme": _programme, "field": _field, "principle": _principle, "goal": _goal, "measure": _measure,
    "key-figure": _key_figure, "budget-line": _budget_line, "fund": _fund, "decision": _decision,
    "event": _event, "service": _service, "relation": _relation,
}


def map_records(rs: RecordSet, base_iri: str) -> dict[str, Graph]:
    """One graph per document id, plus "registry" for the preferred names."""
    graphs: dict[str, Graph] = {}
    declared = {r.key for f in rs.documents for r in f.records}
    for rf in rs.files:
        mapper = DocumentMapper(base_iri, rf)
        if rf.document is None:
            graphs["registry"] = mapper.map_registry(declared)
        else:
            graphs[rf.document.id] = mapper.map_document()
    return graphs
