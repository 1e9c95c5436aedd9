"""Records → RDF: one small function per kind of record.

Each document's records become one rdflib graph (later its named graph). Every resource gets
``prov:wasDerivedFrom`` links to the passages its quotes stand in; a passage is an ``oa:SpecificResource``
on the source document with a text-quote and a text-position selector. The IRIs and the helpers shared by
every kind (evidence, dates, amounts) are in ``modgraph.pipeline.mapper``.

Why this module is long: one small function per kind of record, and issue 13's model terms (catalogues,
field moves, cross-cutting fields, foci, service types) added kinds; splitting them by kind would scatter one table.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, QB, RDF, RDFS, SKOS, XSD

from modgraph.iris import CPSV, CV, ELI, MG, SCHEMA, SDMX_ATT, SDMX_DIM, SDMX_MEA, concept
from modgraph.pipeline.amounts import parse_amount
from modgraph.pipeline.mapper import DocumentMapper, slug
from modgraph.pipeline.record_format import Entity
from modgraph.pipeline.records import RecordFile, RecordSet
from modgraph.relations import property_of

ORGANISATION_CLASSES = {
    "public-body": [CV.PublicOrganisation, ORG.Organization],
    "state": [CV.PublicOrganisation, ORG.Organization],
    "municipality": [CV.PublicOrganisation, ORG.Organization],
    "unit": [ORG.OrganizationalUnit, ORG.Organization],
    "company": [ORG.FormalOrganization, ORG.Organization],
    "committee": [MG.Committee, ORG.Organization],
    "organisation": [ORG.Organization],
}
# ---------------------------------------------------------------------- one function per kind


def _organisation(m: DocumentMapper, s, r) -> None:
    for cls in ORGANISATION_CLASSES[r.type]:
        m.add(s, RDF.type, cls)
    m.add(s, ORG.classification, concept("organisation-type", r.type))
    if r.part_of:
        m.add(s, ORG.unitOf if r.type == "unit" else ORG.subOrganizationOf, m.iri("organisation", r.part_of))
    if r.site:
        m.add(s, SCHEMA.location, m.iri("place", r.site))
    if r.territory:
        m.add(s, DCTERMS.spatial, m.iri("place", r.territory))


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
    m.evidence(role, r)
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
    m.link_all(s, MG.responsibleBody, "organisation", r.responsible)
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
    if r.cross_cutting:
        m.add(s, RDF.type, MG.CrossCuttingField)
        m.evidence(s, r.cross_cutting)


def _catalogue(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.MeasureCatalogue)
    m.add(s, DCTERMS.isPartOf, m.doc_iri)
    if r.programme:
        m.add(s, MG.catalogueOf, m.iri("programme", r.programme))
    m.add(s, MG.inSource, Literal(r.in_source))


def _owned(m: DocumentMapper, s, r, cls: URIRef, owner_property: URIRef) -> None:
    """A goal or focus: its class, the things it belongs to (``of``) and its notation."""
    m.add(s, RDF.type, cls)
    for owner in r.of:
        m.add(s, owner_property, m.ref(owner))
    if r.notation:
        m.add(s, SKOS.notation, Literal(r.notation))


def _focus(m: DocumentMapper, s, r) -> None:
    _owned(m, s, r, MG.Focus, MG.focusOf)


def _principle(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.Principle)
    m.add(s, DCTERMS.isPartOf, m.iri("programme", r.programme))
    if r.notation:
        m.add(s, SKOS.notation, Literal(r.notation))


def _goal(m: DocumentMapper, s, r) -> None:
    _owned(m, s, r, MG.Goal, MG.goalOf)


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
    m.link_all(s, MG.responsibleBody, "organisation", r.responsible)
    m.link_all(s, MG.participant, "organisation", r.participants)
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
    m.link_all(s, MG.listedIn, "catalogue", r.listed_in)
    for mv in r.moves:
        node = m.nested(s, f"move/{mv.as_of.slug}-{slug(mv.from_field, 40)}-{slug(mv.to_field, 40)}")
        m.add(s, MG.fieldMove, node)
        m.add(node, RDF.type, MG.FieldMove)
        m.add(node, MG.moveOf, s)
        m.add(node, MG.fromField, m.iri("field", mv.from_field))
        m.add(node, MG.toField, m.iri("field", mv.to_field))
        m.add(node, MG.asOf, m.date(mv.as_of))
        if mv.note:
            m.add(node, SKOS.editorialNote, Literal(mv.note, lang="en"))
        m.evidence(node, mv)


def _key_figure(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.KeyFigure)
    m.add(s, MG.keyFigureOf, m.ref(r.of))
    if r.unit:
        m.add(s, SCHEMA.unitText, Literal(r.unit))
    dataset = m.iri("dataset", f"{m.document.id}/key-figures")
    m.add(dataset, RDF.type, QB.DataSet)
    m.add(dataset, QB.structure, MG.keyFigureStructure)
    m.add(dataset, RDFS.label, Literal(f"Key figures of {m.document.id}", lang="en"))
    seen: set[URIRef] = set()
    for ob in r.observations:
        period = ob.period.slug if ob.period else "undated"
        node = m.nested(s, f"observation/{ob.type}-{period}")
        n = 2
        while node in seen:
            node = m.nested(s, f"observation/{ob.type}-{period}-{n}")
            n += 1
        seen.add(node)
        amount = parse_amount(
            "*?*" if ob.value is None else ob.value,
            default_unit=r.unit if r.unit in {"%", "VZÄ", "Anzahl", "T€", "€"} else "",
        )
        m.add(node, RDF.type, MG.KeyFigureObservation)
        m.add(node, RDF.type, QB.Observation)
        m.add(node, QB.dataSet, dataset)
        m.add(node, MG.keyFigure, s)
        m.add(node, MG.valueType, concept("value-type", ob.type))
        m.add(node, SDMX_DIM.refPeriod, m.date(ob.period))
        if ob.value is not None:
            m.add(node, MG.writtenValue, Literal(ob.value))
        m.add(node, MG.valueStatus, concept("value-status", amount.status))
        if ob.change:
            m.add(node, MG.change, concept("change", ob.change))
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
    dataset = m.iri("dataset", f"{m.document.id}/budget")
    m.add(dataset, RDF.type, QB.DataSet)
    m.add(dataset, QB.structure, MG.budgetStructure)
    m.add(dataset, RDFS.label, Literal(f"Budget lines of {m.document.id}", lang="en"))
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
    m.link_all(s, MG.addressee, "organisation", r.addressees)
    m.add(s, MG.dueDate, m.date(r.due))


def _event(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, SCHEMA.Event)
    m.add(s, DCTERMS.type, concept("event-type", r.type))
    m.add(s, MG.date, m.date(r.date))
    m.add(s, MG.endDate, m.date(r.end))
    if r.place:
        m.add(s, SCHEMA.location, m.iri("place", r.place))
    m.link_all(s, SCHEMA.organizer, "organisation", r.organisers)
    m.link_all(s, SCHEMA.attendee, "organisation", r.participants)
    for who in r.attendees:
        m.add(s, SCHEMA.attendee, m.ref(who))
    for about in r.about:
        m.add(s, SCHEMA.about, m.ref(about))


SERVICE_CLASSES = {
    "online-service": [MG.OnlineService, CPSV.PublicService],
    "telephone-service": [MG.TelephoneService, CPSV.PublicService],
    "public-service": [CPSV.PublicService],
    "internal-service": [MG.InternalService],
    "software-product": [MG.SoftwareProduct, SCHEMA.SoftwareApplication],
}


def _service(m: DocumentMapper, s, r) -> None:
    m.add(s, RDF.type, MG.Service)
    for cls in SERVICE_CLASSES[r.type]:
        m.add(s, RDF.type, cls)
    m.add(s, DCTERMS.type, concept("service-type", r.type))
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


#: the properties a record field is stated with: the fields a curator may give a quote for (``evidence``)
FIELD_PROPERTIES: dict[str, list[URIRef]] = {
    "label": [RDFS.label],
    "alt_labels": [SKOS.altLabel],
    "description": [DCTERMS.description],
    "notation": [SKOS.notation],
    "responsible": [MG.responsibleBody],
    "participants": [MG.participant],
    "programme": [MG.programme, DCTERMS.isPartOf],
    "field": [DCTERMS.isPartOf],
    "part_of": [DCTERMS.isPartOf, ORG.subOrganizationOf, ORG.unitOf, SCHEMA.containedInPlace],
    "target_group": [MG.targetGroup],
    "effects": [MG.intendedEffect],
    "period": [DCTERMS.temporal, ORG.memberDuring],
    "cost": [MG.cost],
    "volume": [MG.volume],
    "funded_by": [MG.fundedBy],
    "decisions": [MG.implementsDecision],
    "goals": [MG.contributesTo],
    "place": [SCHEMA.location, DCTERMS.spatial],
    "date": [MG.date, ELI.date_document],
    "body": [ELI.passed_by],
    "number": [ELI.id_local],
    "decides": [MG.decides],
    "about": [ELI.is_about, SCHEMA.about],
    "addressees": [MG.addressee],
    "due": [MG.dueDate],
    "adopted": [MG.adoptedOn],
    "adopted_by": [MG.adoptedBy],
    "organisers": [SCHEMA.organizer],
    "attendees": [SCHEMA.attendee],
    "provider": [MG.provider, SCHEMA.provider],
    "recipient": [MG.recipient],
    "launched": [MG.launchedOn],
    "available_in": [MG.availableIn],
    "listed_in": [MG.listedIn],
    "of": [MG.goalOf, MG.focusOf, MG.keyFigureOf],
    "site": [SCHEMA.location],
    "territory": [DCTERMS.spatial],
}

KIND_MAPPERS: dict[str, Callable[[DocumentMapper, URIRef, Entity], None]] = {
    "organisation": _organisation,
    "person": _person,
    "membership": _membership,
    "place": _place,
    "programme": _programme,
    "field": _field,
    "catalogue": _catalogue,
    "focus": _focus,
    "principle": _principle,
    "goal": _goal,
    "measure": _measure,
    "key-figure": _key_figure,
    "budget-line": _budget_line,
    "fund": _fund,
    "decision": _decision,
    "event": _event,
    "service": _service,
    "relation": _relation,
}


def declared_keys(rs: RecordSet) -> set[str]:
    """The keys (``kind:id``) some document declares: the registry and the links name only these."""
    return {r.key for f in rs.documents for r in f.records}


def document_mapper(rf: RecordFile, base_iri: str) -> DocumentMapper:
    """One document's record file mapped: its graph depends on that file and its source alone."""
    mapper = DocumentMapper(base_iri, rf)
    mapper.map_document()
    for record in rf.records:
        s = mapper.map_record(record)
        KIND_MAPPERS[record.kind](mapper, s, record.data)
        for field, quote in record.data.evidence.items():
            mapper.prefer(s, FIELD_PROPERTIES[field], record.data.line, quote)
    mapper.attribute_statements()
    return mapper


def map_document(rf: RecordFile, base_iri: str) -> Graph:
    """The named graph of one document's record file, in rdflib."""
    return document_mapper(rf, base_iri).graph()


def registry_mapper(rs: RecordSet, base_iri: str, declared: set[str] | None = None) -> DocumentMapper | None:
    """The registry mapped: preferred names of the entries some document declares (None: no registry)."""
    if rs.registry is None:
        return None
    mapper = DocumentMapper(base_iri, rs.registry)
    mapper.map_registry(declared_keys(rs) if declared is None else declared)
    return mapper


def map_registry(rs: RecordSet, base_iri: str, declared: set[str] | None = None) -> Graph:
    """The registry graph, in rdflib (empty without a registry)."""
    mapper = registry_mapper(rs, base_iri, declared)
    return Graph() if mapper is None else mapper.graph()


def map_records(rs: RecordSet, base_iri: str) -> dict[str, Graph]:
    """One graph per document id, plus "registry" for the preferred names (all in memory: for small projects
    and ``modgraph validate``; the build maps one document at a time, ``modgraph.pipeline.build``)."""
    graphs: dict[str, Graph] = {}
    declared = declared_keys(rs)
    for rf in rs.files:
        if rf.document is None:
            graphs["registry"] = map_registry(rs, base_iri, declared)
        else:
            graphs[rf.document.id] = map_document(rf, base_iri)
    return graphs
