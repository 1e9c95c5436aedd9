"""Writes modgraph/shapes/modgraph-shapes.ttl from the compact table below (run: python -m modgraph.shapes.make_shapes).

The Turtle file is the artefact the pipeline loads; this table is its source. Every property shape
gets a German and an English sh:message spelled out from its constraints; node-level constraints
(sh:or, sh:sparql) carry hand-written messages. Concept lists for sh:in come from modgraph/ontology/schemes.ttl.
A test regenerates the file and fails if it differs from the one committed.

Why this module is long: it is one table of every node shape of the ontology (some 50 shapes with their
property constraints and bilingual texts); splitting the table would only scatter the shapes of one graph
over several files, and the generator code around it is small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from modgraph.iris import DEF
from modgraph.relations import RECORD_TYPES, RELATIONS

PACKAGE = Path(__file__).resolve().parents[1]
OUTPUT = PACKAGE / "shapes" / "modgraph-shapes.ttl"
_schemes = Graph().parse(PACKAGE / "ontology" / "schemes.ttl")


def scheme(name: str, only: tuple[str, ...] = ()) -> list[str]:
    codes = sorted(str(c).rsplit("/", 1)[1] for c in _schemes.subjects(SKOS.inScheme, URIRef(f"{DEF}/{name}")))
    return [f"<{DEF}/{name}/{c}>" for c in codes if not only or c in only]


def lit(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


@dataclass
class P:
    path: str
    min: int | None = None
    max: int | None = None
    cls: str | None = None
    classes: tuple[str, ...] = ()  # sh:or of sh:class
    dt: str | None = None
    dts: tuple[str, ...] = ()  # sh:or of sh:datatype
    iri: bool = False
    in_: list[str] | None = None
    lang: tuple[str, ...] = ()
    pattern: str | None = None
    min_inclusive: int | None = None
    less_than: str | None = None
    less_eq: str | None = None
    qualified: tuple[str, int] | None = None  # (value shape turtle, min count)
    unique_lang: bool = False
    not_in: list[str] | None = None
    severity: str | None = None
    msg: tuple[str, str] | None = None  # own message; else spelled out

    def rules(self) -> tuple[list[str], list[str]]:
        de, en = [], []
        if self.min and self.max == self.min:
            de.append(f"genau {self.min} Wert")
            en.append(f"exactly {self.min} value")
        else:
            if self.min:
                de.append(f"mindestens {self.min} Wert(e)")
                en.append(f"at least {self.min} value(s)")
            if self.max is not None:
                de.append(f"höchstens {self.max} Wert(e)")
                en.append(f"at most {self.max} value(s)")
        if self.cls:
            de.append(f"jeder Wert ein(e) {self.cls}")
            en.append(f"each value a {self.cls}")
        if self.classes:
            de.append("jeder Wert ein(e) " + " oder ".join(self.classes))
            en.append("each value a " + " or ".join(self.classes))
        if self.dt:
            de.append(f"Datentyp {self.dt}")
            en.append(f"datatype {self.dt}")
        if self.dts:
            de.append("Datentyp " + " oder ".join(self.dts))
            en.append("datatype " + " or ".join(self.dts))
        if self.iri:
            de.append("jeder Wert eine IRI")
            en.append("each value an IRI")
        if self.in_:
            de.append("Wert aus dem Begriffsschema")
            en.append("a value from the concept scheme")
        if self.lang:
            de.append("Sprache " + "/".join(self.lang))
            en.append("language " + "/".join(self.lang))
        if self.pattern:
            de.append(f"Muster {self.pattern}")
            en.append(f"pattern {self.pattern}")
        if self.min_inclusive is not None:
            de.append(f"≥ {self.min_inclusive}")
            en.append(f"≥ {self.min_inclusive}")
        if self.less_than:
            de.append(f"kleiner als {self.less_than}")
            en.append(f"less than {self.less_than}")
        if self.less_eq:
            de.append(f"nicht größer als {self.less_eq}")
            en.append(f"not greater than {self.less_eq}")
        if self.qualified:
            de.append(f"mindestens {self.qualified[1]} Wert(e) der verlangten Art")
            en.append(f"at least {self.qualified[1]} value(s) of the required kind")
        if self.unique_lang:
            de.append("höchstens ein Wert je Sprache")
            en.append("at most one value per language")
        return de, en

    def ttl(self, owner_de: str, owner_en: str) -> str:
        lines = [f"sh:path {self.path}"]
        if self.min:
            lines.append(f"sh:minCount {self.min}")
        if self.max is not None:
            lines.append(f"sh:maxCount {self.max}")
        if self.cls:
            lines.append(f"sh:class {self.cls}")
        if self.classes:
            lines.append("sh:or ( " + " ".join(f"[ sh:class {c} ]" for c in self.classes) + " )")
        if self.dt:
            lines.append(f"sh:datatype {self.dt}")
        if self.dts:
            lines.append("sh:or ( " + " ".join(f"[ sh:datatype {d} ]" for d in self.dts) + " )")
        if self.iri:
            lines.append("sh:nodeKind sh:IRI")
        if self.in_:
            lines.append("sh:in ( " + " ".join(self.in_) + " )")
        if self.lang:
            lines.append("sh:languageIn ( " + " ".join(f'"{tag}"' for tag in self.lang) + " )")
        if self.pattern:
            lines.append(f'sh:pattern "{self.pattern}"')
        if self.min_inclusive is not None:
            lines.append(f"sh:minInclusive {self.min_inclusive}")
        if self.less_than:
            lines.append(f"sh:lessThan {self.less_than}")
        if self.less_eq:
            lines.append(f"sh:lessThanOrEquals {self.less_eq}")
        if self.qualified:
            lines.append(f"sh:qualifiedValueShape {self.qualified[0]} ; sh:qualifiedMinCount {self.qualified[1]}")
        if self.unique_lang:
            lines.append("sh:uniqueLang true")
        if self.not_in:
            lines.append("sh:not [ sh:in ( " + " ".join(self.not_in) + " ) ]")
        if self.severity:
            lines.append(f"sh:severity sh:{self.severity}")
        if self.msg:
            mde, men = self.msg
        else:
            rde, ren = self.rules()
            mde = f"{owner_de}: {self.path} – " + ", ".join(rde) + "."
            men = f"{owner_en}: {self.path} – " + ", ".join(ren) + "."
        lines.append(f'sh:name "{self.path}"')
        lines.append(f"sh:message {lit(mde, 'de')} , {lit(men, 'en')}")
        return "[\n        " + " ;\n        ".join(lines) + "\n    ]"


@dataclass
class N:
    name: str
    targets: list[str]
    label: tuple[str, str]  # (de, en) what the focus node is
    doc: tuple[str, str]  # (de, en) rdfs:comment: what the shape checks
    props: list[P] = field(default_factory=list)
    severity: str = "Violation"
    node_msg: tuple[str, str] | None = None
    extra: str = ""  # raw node-level constraints (sh:or, sh:sparql, …)
    target_kind: str = "sh:targetClass"

    def ttl(self) -> str:
        lde, len_ = self.label
        out = [
            f"mgsh:{self.name} a sh:NodeShape ;",
            f"    rdfs:label {lit(self.name, 'en')} ;",
            f"    sh:name {lit(lde, 'de')} , {lit(len_, 'en')} ;",
            f"    rdfs:comment {lit(self.doc[0], 'de')} , {lit(self.doc[1], 'en')} ;",
        ]
        for t in self.targets:
            out.append(f"    {self.target_kind} {t} ;")
        out.append(f"    sh:severity sh:{self.severity} ;")
        msg = self.node_msg or self.doc
        out.append(f"    sh:message {lit(msg[0], 'de')} , {lit(msg[1], 'en')} ;")
        for p in self.props:
            if self.severity != "Violation" and not p.severity:
                p.severity = self.severity
            out.append(f"    sh:property {p.ttl(lde, len_)} ;")
        if self.extra:
            out.append("    " + self.extra.strip() + " ;")
        out[-1] = out[-1][:-2] + " ."
        return "\n".join(out)


PREFIXES = """@prefix mgsh:   <https://w3id.org/modgraph/shapes#> .
@prefix mg:     <https://w3id.org/modgraph/def#> .
@prefix sh:     <http://www.w3.org/ns/shacl#> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:    <http://purl.org/dc/terms/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix foaf:   <http://xmlns.com/foaf/0.1/> .
@prefix time:   <http://www.w3.org/2006/time#> .
@prefix qb:     <http://purl.org/linked-data/cube#> .
@prefix schema: <http://schema.org/> .
@prefix cv:     <http://data.europa.eu/m8g/> .
@prefix eli:    <http://data.europa.eu/eli/ontology#> .
@prefix oa:     <http://www.w3.org/ns/oa#> .
@prefix cpsv:   <http://purl.org/vocab/cpsv#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix sdmx-measure:   <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
"""

# ---------------------------------------------------------------------------------------------- the table
FACT_CLASSES = [
    "mg:Programme",
    "mg:ActionField",
    "mg:Principle",
    "mg:Goal",
    "mg:Measure",
    "mg:KeyFigure",
    "mg:KeyFigureObservation",
    "mg:BudgetLine",
    "mg:Fund",
    "mg:Decision",
    "mg:StatusAssertion",
    "mg:Milestone",
    "mg:SourceDocument",
    "mg:Service",
    "mg:Focus",
    "mg:MeasureCatalogue",
    "mg:FieldMove",
    "org:Organization",
    "org:Membership",
    "org:Post",
    "foaf:Person",
    "dct:Location",
    "schema:Event",
    "rdf:Statement",
]
RECORD_CLASSES = [
    "mg:Programme",
    "mg:ActionField",
    "mg:Principle",
    "mg:Goal",
    "mg:Measure",
    "mg:KeyFigure",
    "mg:BudgetLine",
    "mg:Fund",
    "mg:Decision",
    "mg:Service",
    "mg:Focus",
    "mg:MeasureCatalogue",
    "org:Organization",
    "org:Membership",
    "foaf:Person",
    "dct:Location",
    "schema:Event",
]
KNOWN = scheme("value-status", ("stated", "approximate", "lower-bound"))
UNKNOWN = scheme("value-status", ("unknown", "blank"))
PREC = {
    c: f"<{DEF}/precision/{c}>"
    for c in ("day", "month", "year", "day-no-year", "month-no-year", "day-no-month", "day-only")
}
#: the properties a relation record (rdf:Statement) may state: the record format's relation types
STATED_PROPERTIES = [RELATIONS[key].curie for key in RECORD_TYPES]


def sparql(select: str, de: str, en: str) -> str:
    """A SPARQL constraint, and a SPARQL target that selects only the nodes the constraint will report.

    pyshacl runs a SPARQL constraint once per focus node (~15x the cost of all Core shapes together);
    the target query runs once over the whole graph, so the constraint runs only where it will fire.
    The target is the constraint's query with $this as an ordinary variable (needs advanced=True)."""
    q = select.strip().replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    head, _, rest = q.partition("SELECT ")
    _, _, body = rest.partition(" WHERE ")
    target = head + "SELECT DISTINCT ?this WHERE " + body.replace("$this", "?this")
    return (
        f"sh:target [ a sh:SPARQLTarget ; sh:prefixes <https://w3id.org/modgraph/shapes> ;\n"
        f'        sh:select """\n{target}\n""" ] ;\n'
        f"    sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes <https://w3id.org/modgraph/shapes> ;\n"
        f"        sh:message {lit(de, 'de')} , {lit(en, 'en')} ;\n"
        f'        sh:select """\n{q}\n""" ]'
    )


def value_rule(value_prop: str) -> str:
    return (
        f"sh:or ( [ sh:property [ sh:path mg:valueStatus ; sh:in ( {' '.join(KNOWN)} ) ] ; "
        f"sh:property [ sh:path {value_prop} ; sh:minCount 1 ] ]\n"
        f"        [ sh:property [ sh:path mg:valueStatus ; sh:in ( {' '.join(UNKNOWN)} ) ] ; "
        f"sh:property [ sh:path {value_prop} ; sh:maxCount 0 ] ] )"
    )


LANG_DE = ('[ sh:languageIn ( "de" ) ]', 1)

SHAPES: list[N] = [
    # ------------------------------------------------------------------ provenance
    N(
        "EvidenceShape",
        FACT_CLASSES,
        ("Aussage", "Fact"),
        (
            "Jede Ressource, die eine Aussage trägt, verweist mit prov:wasDerivedFrom auf mindestens eine Quellenstelle.",
            "Every resource that carries a fact points with prov:wasDerivedFrom to at least one passage.",
        ),
        [
            P(
                "prov:wasDerivedFrom",
                min=1,
                cls="mg:Passage",
                msg=(
                    "Aussage ohne Beleg: prov:wasDerivedFrom muss auf mindestens eine mg:Passage (Quellenstelle) verweisen.",
                    "Fact without evidence: prov:wasDerivedFrom must point to at least one mg:Passage (source passage).",
                ),
            )
        ],
    ),
    N(
        "RecordShape",
        RECORD_CLASSES,
        ("Datensatz", "Record"),
        (
            "Jeder Datensatz hat eine deutsche Bezeichnung und nennt die Dokumente, die ihn erwähnen.",
            "Every record has a German label and names the documents that mention it.",
        ),
        [
            P("rdfs:label", min=1, qualified=LANG_DE),
            P("mg:mentionedIn", min=1, cls="mg:SourceDocument"),
            P("dct:description", dt="rdf:langString"),
            P("skos:altLabel", dt="rdf:langString"),
            P("skos:prefLabel", dt="rdf:langString", unique_lang=True),
            P("skos:editorialNote", lang=("en",)),
        ],
    ),
    N(
        "SourceDocumentShape",
        ["mg:SourceDocument"],
        ("Quelldokument", "Source document"),
        (
            "Titel, Kennung, Art, Datum, Datei und Prüfsumme eines Quelldokuments.",
            "Title, identifier, type, date, file and checksum of a source document.",
        ),
        [
            P("dct:title", min=1, dt="rdf:langString"),
            P("dct:identifier", min=1, max=1, dt="xsd:string"),
            P("dct:type", min=1, max=1, in_=scheme("document-type")),
            P("dct:issued", min=1, max=1, dts=("xsd:date", "xsd:gYearMonth", "xsd:gYear")),
            P("mg:issuedOn", min=1, max=1, cls="time:Instant"),
            P("dct:language", iri=True),
            P("dct:publisher", cls="org:Organization"),
            P("mg:fileName", min=1, max=1, dt="xsd:string"),
            P("mg:sha256", min=1, max=1, dt="xsd:string", pattern="^[0-9a-f]{64}$"),
            P("mg:characters", min=1, max=1, dt="xsd:integer", min_inclusive=1),
        ],
    ),
    N(
        "PassageShape",
        ["mg:Passage"],
        ("Quellenstelle", "Passage"),
        (
            "Eine Quellenstelle liegt in genau einem Quelldokument und hat genau einen Zitat-Selektor.",
            "A passage lies in exactly one source document and has exactly one text-quote selector.",
        ),
        [
            P("oa:hasSource", min=1, max=1, cls="mg:SourceDocument"),
            P("oa:hasSelector", min=1, qualified=("[ sh:class oa:TextQuoteSelector ]", 1)),
            P("mg:line", max=1, dt="xsd:integer", min_inclusive=1),
        ],
    ),
    N(
        "TextQuoteSelectorShape",
        ["oa:TextQuoteSelector"],
        ("Zitat-Selektor", "Text-quote selector"),
        ("Das wörtliche Zitat einer Quellenstelle.", "The verbatim quote of a passage."),
        [
            P("oa:exact", min=1, max=1, dt="xsd:string", pattern="\\\\S"),
            P("oa:prefix", max=1, dt="xsd:string"),
            P("oa:suffix", max=1, dt="xsd:string"),
        ],
    ),
    N(
        "TextPositionSelectorShape",
        ["oa:TextPositionSelector"],
        ("Positions-Selektor", "Text-position selector"),
        (
            "Anfang und Ende einer Quellenstelle als Zeichenversatz; Anfang < Ende.",
            "Start and end of a passage as character offsets; start < end.",
        ),
        [
            P("oa:start", min=1, max=1, dt="xsd:integer", min_inclusive=0, less_than="oa:end"),
            P("oa:end", min=1, max=1, dt="xsd:integer", min_inclusive=1),
        ],
    ),
    N(
        "VariantSpellingShape",
        ["mg:variantLabel"],
        ("Schreibvariante", "Variant spelling"),
        (
            "Warnung: die Quelle schreibt einen Namen auf zwei Arten; der Graph hält beide fest.",
            "Warning: the source spells a name in two ways; the graph keeps both.",
        ),
        [
            P(
                "mg:variantLabel",
                max=0,
                msg=(
                    "Die Quelle schreibt den Namen abweichend (mg:variantLabel); siehe die Quellenstelle (prov:wasDerivedFrom).",
                    "The source spells the name in another way (mg:variantLabel); see the passage (prov:wasDerivedFrom).",
                ),
            )
        ],
        severity="Warning",
        target_kind="sh:targetSubjectsOf",
    ),
    # ------------------------------------------------------------------ dates and periods
    N(
        "InstantShape",
        ["time:Instant"],
        ("Zeitpunkt", "Instant"),
        (
            "Ein Datum mit seiner Genauigkeit und der dazu passenden Darstellung (xsd:date, xsd:gYearMonth, xsd:gYear oder Datumsbeschreibung ohne Jahr oder Monat).",
            "A date with its precision and the representation that fits it (xsd:date, xsd:gYearMonth, xsd:gYear, or a date-time description without year or month).",
        ),
        [
            P("mg:precision", min=1, max=1, in_=scheme("precision")),
            P("mg:bound", max=1, in_=scheme("bound")),
            P("mg:earliest", max=1, dt="xsd:date", less_eq="mg:latest"),
            P("mg:latest", max=1, dt="xsd:date"),
            P("time:inXSDDate", max=1, dt="xsd:date"),
            P("time:inXSDgYearMonth", max=1, dt="xsd:gYearMonth"),
            P("time:inXSDgYear", max=1, dt="xsd:gYear"),
            P("time:inDateTime", max=1, cls="time:DateTimeDescription"),
        ],
        node_msg=(
            "Zeitpunkt: die Darstellung passt nicht zur Genauigkeit (Tag → time:inXSDDate, Monat → time:inXSDgYearMonth, Jahr → time:inXSDgYear, jeweils mit mg:earliest und mg:latest; Tag und Jahr ohne Monat → time:inDateTime mit mg:earliest und mg:latest; ohne Jahr → time:inDateTime).",
            "Instant: the representation does not fit the precision (day → time:inXSDDate, month → time:inXSDgYearMonth, year → time:inXSDgYear, each with mg:earliest and mg:latest; day and year without month → time:inDateTime with mg:earliest and mg:latest; without year → time:inDateTime).",
        ),
        extra="sh:or (\n"
        + "\n".join(
            f"        [ sh:property [ sh:path mg:precision ; sh:hasValue {PREC[p]} ] ; sh:property [ sh:path {lp} ; sh:minCount 1 ] ;"
            f" sh:property [ sh:path mg:earliest ; sh:minCount 1 ] ; sh:property [ sh:path mg:latest ; sh:minCount 1 ] ]"
            for p, lp in (
                ("day", "time:inXSDDate"),
                ("month", "time:inXSDgYearMonth"),
                ("year", "time:inXSDgYear"),
                ("day-no-month", "time:inDateTime"),
            )
        )
        + "\n"
        + "\n".join(
            f"        [ sh:property [ sh:path mg:precision ; sh:hasValue {PREC[p]} ] ; sh:property [ sh:path time:inDateTime ; sh:minCount 1 ] ;"
            f" sh:property [ sh:path mg:earliest ; sh:maxCount 0 ] ]"
            for p in ("day-no-year", "month-no-year", "day-only")
        )
        + " )",
    ),
    N(
        "DateWithoutYearShape",
        ["time:Instant"],
        ("Datum ohne Jahr", "Date without year"),
        (
            "Warnung: die Quelle nennt das Datum ohne sicheres Jahr oder ohne Monat (Genauigkeit Tag/Monat ohne Jahr, Tag ohne Monat, nur Tag).",
            "Warning: the source gives the date without a certain year or without its month (precision day/month without year, day without month, day only).",
        ),
        [
            P(
                "mg:precision",
                not_in=scheme("precision", ("day-no-year", "month-no-year", "day-no-month", "day-only")),
                msg=(
                    "Die Quelle nennt dieses Datum ohne Jahr oder Monat; es ist unvollständig erfasst, wie die Quelle es angibt.",
                    "The source gives this date without its year or month; it is recorded as incompletely as the source gives it.",
                ),
            )
        ],
        severity="Warning",
    ),
    N(
        "DateTimeDescriptionShape",
        ["time:DateTimeDescription"],
        ("Datumsbeschreibung", "Date-time description"),
        (
            "Die Teile eines Datums, dem Jahr oder Monat fehlt: Monat (und Tag) ohne Jahr, Tag und Jahr ohne Monat, nur Tag.",
            "The parts of a date that lacks its year or month: month (and day) without year, day and year without month, day only.",
        ),
        [
            P("time:unitType", min=1, max=1, in_=["time:unitDay", "time:unitMonth"]),
            P("time:year", max=1, dt="xsd:gYear"),
            P("time:month", max=1, dt="xsd:gMonth"),
            P("time:day", max=1, dt="xsd:gDay"),
        ],
        node_msg=(
            "Datumsbeschreibung: sie nennt weder Monat noch Tag.",
            "Date-time description: it gives neither month nor day.",
        ),
        extra="sh:or ( [ sh:path time:month ; sh:minCount 1 ] [ sh:path time:day ; sh:minCount 1 ] )",
    ),
    N(
        "IntervalShape",
        ["time:ProperInterval"],
        ("Zeitraum", "Period"),
        (
            "Ein Zeitraum hat höchstens einen Anfang und ein Ende, und mindestens eins von beiden.",
            "A period has at most one beginning and one end, and at least one of them.",
        ),
        [P("time:hasBeginning", max=1, cls="time:Instant"), P("time:hasEnd", max=1, cls="time:Instant")],
        node_msg=("Zeitraum ohne Anfang und Ende.", "Period with neither beginning nor end."),
        extra="sh:or ( [ sh:path time:hasBeginning ; sh:minCount 1 ] [ sh:path time:hasEnd ; sh:minCount 1 ] )",
    ),
    N(
        "IntervalOrderShape",
        [],
        ("Zeitraum", "Period"),
        (
            "Der Anfang eines Zeitraums liegt nicht nach seinem Ende (frühester Anfang ≤ spätestes Ende, bei jeder Genauigkeit).",
            "A period's beginning is not after its end (earliest beginning ≤ latest end, at any precision).",
        ),
        extra=sparql(
            """
PREFIX mg: <https://w3id.org/modgraph/def#>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT $this ?value ?start ?end WHERE {
    $this time:hasBeginning ?value ; time:hasEnd ?e .
    ?value mg:earliest ?start . ?e mg:latest ?end .
    FILTER (?start > ?end)
}""",
            "Zeitraum: der Anfang ({?start}) liegt nach dem Ende ({?end}).",
            "Period: the beginning ({?start}) is after the end ({?end}).",
        ),
    ),
    # ------------------------------------------------------------------ status
    N(
        "StatusAssertionShape",
        ["mg:StatusAssertion"],
        ("Statusangabe", "Status assertion"),
        (
            "Eine Statusangabe nennt Gegenstand, Status aus dem Schema status, Stichtag und Quelldokument.",
            "A status assertion names its subject, a status from the status scheme, the date and the source document.",
        ),
        [
            P("mg:statusOf", min=1, max=1, classes=("mg:Measure", "mg:ActionField", "mg:Programme")),
            P("mg:status", min=1, max=1, in_=scheme("status")),
            P("mg:asOf", min=1, max=1, cls="time:Instant"),
            P("mg:accordingTo", min=1, max=1, cls="mg:SourceDocument"),
            P("skos:editorialNote", lang=("en",)),
        ],
    ),
    # ------------------------------------------------------------------ programmes, fields, principles, goals
    N(
        "ProgrammeShape",
        ["mg:Programme"],
        ("Programm", "Programme"),
        (
            "Art, Zuständigkeit, Einbettung, Beschluss, Zeitraum und Ort eines Programms.",
            "Type, responsible bodies, parent programme, adoption, period and place of a programme.",
        ),
        [
            P("dct:type", min=1, in_=scheme("programme-type")),
            P("dct:alternative", dt="xsd:string"),
            P("mg:responsibleBody", cls="org:Organization"),
            P("dct:isPartOf", classes=("mg:Programme", "mg:ActionField")),
            P("mg:adoptedOn", cls="time:Instant"),
            P("mg:adoptedBy", cls="mg:Decision"),
            P("dct:temporal", cls="time:ProperInterval"),
            P("dct:spatial", cls="dct:Location"),
        ],
    ),
    N(
        "ActionFieldShape",
        ["mg:ActionField"],
        ("Handlungsfeld", "Action field"),
        ("Ein Handlungsfeld gehört zu einem Programm.", "An action field belongs to a programme."),
        [
            P("dct:isPartOf", min=1, qualified=("[ sh:class mg:Programme ]", 1)),
            P("skos:notation", dt="xsd:string"),
            P("mg:statusAssertion", cls="mg:StatusAssertion"),
        ],
    ),
    N(
        "PrincipleShape",
        ["mg:Principle"],
        ("Leitlinie", "Principle"),
        ("Eine Leitlinie gehört zu einem Programm.", "A principle belongs to a programme."),
        [P("dct:isPartOf", min=1, qualified=("[ sh:class mg:Programme ]", 1)), P("skos:notation", dt="xsd:string")],
    ),
    N(
        "GoalShape",
        ["mg:Goal"],
        ("Ziel", "Goal"),
        (
            "Ein Ziel gehört zu einem Programm, Handlungsfeld, einer Maßnahme oder einem Oberziel.",
            "A goal belongs to a programme, action field, measure or parent goal.",
        ),
        [
            P(
                "mg:goalOf",
                min=1,
                classes=("mg:Programme", "mg:ActionField", "mg:Measure", "mg:Goal", "schema:Event", "mg:Service"),
            ),
            P("skos:notation", dt="xsd:string"),
        ],
    ),
    # ------------------------------------------------------------------ measures and milestones
    N(
        "MeasureShape",
        ["mg:Measure"],
        ("Maßnahme", "Measure"),
        (
            "Einbettung, Zuständigkeit, Status, Fristen, Zeitraum, Kosten, Finanzierung und Beschlüsse einer Maßnahme.",
            "Parent, responsible bodies, status, deadlines, period, cost, funding and decisions of a measure.",
        ),
        [
            P("mg:programme", cls="mg:Programme"),
            P("dct:isPartOf", classes=("mg:ActionField", "mg:Measure", "mg:Programme")),
            P("mg:responsibleBody", cls="org:Organization"),
            P("mg:participant", cls="org:Organization"),
            P("mg:statusAssertion", cls="mg:StatusAssertion"),
            P("mg:milestone", cls="mg:Milestone"),
            P("dct:temporal", cls="time:ProperInterval"),
            P("mg:cost", cls="schema:MonetaryAmount"),
            P("mg:fundedBy", cls="mg:Fund"),
            P("mg:implementsDecision", cls="mg:Decision"),
            P("mg:contributesTo", iri=True),
            P("schema:location", cls="dct:Location"),
            P("dct:spatial", max=1, cls="dct:Location"),
            P("mg:targetGroup", dt="rdf:langString"),
            P("mg:intendedEffect", dt="rdf:langString"),
            P("skos:notation", dt="xsd:string"),
            P("mg:listedIn", cls="mg:MeasureCatalogue"),
            P("mg:fieldMove", cls="mg:FieldMove"),
        ],
    ),
    N(
        "MeasureCatalogueShape",
        ["mg:MeasureCatalogue"],
        ("Maßnahmenkatalog", "Measure catalogue"),
        (
            "Ein Maßnahmenkatalog (Anlage) gehört zu einem Quelldokument und sagt, ob er im Quelltext steht.",
            "A measure catalogue (annex) belongs to a source document and says whether it is part of the source text.",
        ),
        [
            P("dct:isPartOf", min=1, max=1, cls="mg:SourceDocument"),
            P("mg:inSource", min=1, max=1, dt="xsd:boolean"),
            P("mg:catalogueOf", max=1, cls="mg:Programme"),
        ],
    ),
    N(
        "FocusShape",
        ["mg:Focus"],
        ("Schwerpunkt", "Focus"),
        (
            "Ein Schwerpunkt gehört zu einem Programm, Handlungsfeld oder einer Maßnahme.",
            "A focus belongs to a programme, action field or measure.",
        ),
        [
            P("mg:focusOf", min=1, classes=("mg:Programme", "mg:ActionField", "mg:Measure")),
            P("skos:notation", dt="xsd:string"),
        ],
    ),
    N(
        "FieldMoveShape",
        ["mg:FieldMove"],
        ("Verschiebung zwischen Handlungsfeldern", "Move between fields"),
        (
            "Eine Verschiebung nennt die Maßnahme, das alte und das neue Handlungsfeld und den Stichtag.",
            "A move names the measure, the old and the new action field and the date.",
        ),
        [
            P("mg:moveOf", min=1, max=1, cls="mg:Measure"),
            P("mg:fromField", min=1, max=1, cls="mg:ActionField"),
            P("mg:toField", min=1, max=1, cls="mg:ActionField"),
            P("mg:asOf", min=1, max=1, cls="time:Instant"),
        ],
    ),
    N(
        "MeasureResponsibilityShape",
        ["mg:Measure"],
        ("Maßnahme", "Measure"),
        (
            "Warnung: die Quelle nennt keine zuständige Stelle für die Maßnahme.",
            "Warning: the source names no responsible body for the measure.",
        ),
        [
            P(
                "mg:responsibleBody",
                min=1,
                msg=(
                    "Maßnahme ohne zuständige Stelle: die Quelle nennt keine (mg:responsibleBody fehlt).",
                    "Measure without responsible body: the source names none (mg:responsibleBody missing).",
                ),
            )
        ],
        severity="Warning",
    ),
    N(
        "MeasureStatusShape",
        ["mg:Measure"],
        ("Maßnahme", "Measure"),
        ("Hinweis: keine Quelle gibt einen Status der Maßnahme an.", "Info: no source gives a status of the measure."),
        [
            P(
                "mg:statusAssertion",
                min=1,
                msg=(
                    "Maßnahme ohne Statusangabe: keine Quelle nennt ihren Stand.",
                    "Measure without status assertion: no source gives its progress.",
                ),
            )
        ],
        severity="Info",
    ),
    N(
        "MilestoneShape",
        ["mg:Milestone"],
        ("Meilenstein", "Milestone"),
        (
            "Art, Bezeichnung, Maßnahme und Fälligkeitsdatum einer Frist oder eines Meilensteins.",
            "Type, label, measure and due date of a deadline or milestone.",
        ),
        [
            P("dct:type", min=1, max=1, in_=scheme("milestone-type")),
            P("rdfs:label", min=1, qualified=LANG_DE),
            P("mg:milestoneOf", min=1, max=1, cls="mg:Measure"),
            P("mg:dueDate", min=1, max=1, cls="time:Instant"),
            P("mg:setBy", cls="mg:Decision"),
        ],
    ),
    N(
        "MilestoneWithinPeriodShape",
        [],
        ("Meilenstein", "Milestone"),
        (
            "Warnung: das Fälligkeitsdatum liegt sicher außerhalb des Zeitraums der Maßnahme (wie die Quelle es angibt).",
            "Warning: the due date lies certainly outside the measure's period (as the source gives it).",
        ),
        severity="Warning",
        extra=sparql(
            """
PREFIX mg: <https://w3id.org/modgraph/def#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT $this ?value ?measure WHERE {
    $this mg:milestoneOf ?measure ; mg:dueDate ?value .
    ?measure dct:temporal ?period .
    OPTIONAL { ?period time:hasBeginning/mg:earliest ?ps }
    OPTIONAL { ?period time:hasEnd/mg:latest ?pe }
    OPTIONAL { ?value mg:earliest ?de }
    OPTIONAL { ?value mg:latest ?dl }
    FILTER ((BOUND(?ps) && BOUND(?dl) && ?dl < ?ps) || (BOUND(?pe) && BOUND(?de) && ?de > ?pe))
}""",
            "Meilenstein: das Fälligkeitsdatum {?value} liegt außerhalb des Zeitraums der Maßnahme {?measure}.",
            "Milestone: the due date {?value} lies outside the period of the measure {?measure}.",
        ),
    ),
    # ------------------------------------------------------------------ key figures
    N(
        "KeyFigureShape",
        ["mg:KeyFigure"],
        ("Kennzahl", "Key figure"),
        (
            "Eine Kennzahl gehört zu einer Maßnahme oder einem Programm.",
            "A key figure belongs to a measure or programme.",
        ),
        [P("mg:keyFigureOf", min=1, iri=True), P("schema:unitText", max=1, dt="xsd:string")],
    ),
    N(
        "KeyFigureObservationShape",
        ["mg:KeyFigureObservation"],
        ("Kennzahlwert", "Key figure observation"),
        (
            "Dimensionen, Wert und Wertstatus eines Kennzahlwerts; ein bekannter Wert hat eine Zahl, ein unbekannter keine.",
            "Dimensions, value and value status of a key figure observation; a known value has a number, an unknown one none.",
        ),
        [
            P("qb:dataSet", min=1, max=1, cls="qb:DataSet"),
            P("mg:keyFigure", min=1, max=1, cls="mg:KeyFigure"),
            P("mg:valueType", min=1, max=1, in_=scheme("value-type")),
            P("sdmx-dimension:refPeriod", max=1, cls="time:Instant"),
            P("mg:writtenValue", max=1, dt="xsd:string"),  # absent where the source gives no value at all
            P("mg:valueStatus", min=1, max=1, in_=scheme("value-status")),
            P("sdmx-measure:obsValue", max=1, dt="xsd:decimal"),
            P("sdmx-attribute:unitMeasure", max=1, iri=True),
            P("mg:change", max=1, in_=scheme("change")),
        ],
        node_msg=(
            "Kennzahlwert: Wertstatus und Zahl passen nicht zusammen (genannt/ungefähr/Untergrenze verlangen sdmx-measure:obsValue, unbekannt/leer erlauben keinen).",
            "Key figure observation: value status and number do not agree (stated/approximate/lower bound need sdmx-measure:obsValue, unknown/blank allow none).",
        ),
        extra=value_rule("sdmx-measure:obsValue"),
    ),
    N(
        "ObservationPeriodShape",
        ["mg:KeyFigureObservation"],
        ("Kennzahlwert", "Key figure observation"),
        (
            "Warnung: die Quelle nennt keinen Bezugszeitraum für den Wert.",
            "Warning: the source gives no reference period for the value.",
        ),
        [
            P(
                "sdmx-dimension:refPeriod",
                min=1,
                msg=(
                    "Kennzahlwert ohne Bezugszeitraum: die Quelle nennt keinen.",
                    "Key figure observation without reference period: the source gives none.",
                ),
            )
        ],
        severity="Warning",
    ),
    N(
        "UnknownValueShape",
        ["mg:valueStatus"],
        ("Wert", "Value"),
        (
            'Warnung: die Quelle gibt den Wert als unbekannt an ("*?*").',
            'Warning: the source marks the value as unknown ("*?*").',
        ),
        [
            P(
                "mg:valueStatus",
                not_in=scheme("value-status", ("unknown",)),
                msg=(
                    'Unbekannter Wert: die Quelle nennt keine Zahl (sie schreibt "*?*" oder gar keinen Wert).',
                    'Unknown value: the source gives no number (it writes "*?*" or no value at all).',
                ),
            )
        ],
        severity="Warning",
        target_kind="sh:targetSubjectsOf",
    ),
    N(
        "BlankCellShape",
        ["mg:valueStatus"],
        ("Wert", "Value"),
        ("Warnung: die Tabellenzelle der Quelle ist leer.", "Warning: the source's table cell is blank."),
        [
            P(
                "mg:valueStatus",
                not_in=scheme("value-status", ("blank",)),
                msg=(
                    "Leere Zelle: die Quelle nennt nur die Einheit, keinen Wert.",
                    "Blank cell: the source gives only the unit, no value.",
                ),
            )
        ],
        severity="Warning",
        target_kind="sh:targetSubjectsOf",
    ),
    # ------------------------------------------------------------------ budget and amounts
    N(
        "BudgetLineShape",
        ["mg:BudgetLine"],
        ("Haushaltszeile", "Budget line"),
        (
            "Dimensionen und Beträge einer Haushaltszeile; mindestens ein Betrag.",
            "Dimensions and amounts of a budget line; at least one amount.",
        ),
        [
            P("qb:dataSet", min=1, max=1, cls="qb:DataSet"),
            P("mg:budgetOf", min=1, max=1, cls="mg:Measure"),
            P("mg:budgetItem", min=1, max=1, dt="rdf:langString"),
            P("mg:fiscalYear", min=1, max=1, cls="time:Instant"),
            P("mg:plannedAmount", max=1, classes=("schema:MonetaryAmount", "schema:QuantitativeValue")),
            P("mg:actualAmount", max=1, classes=("schema:MonetaryAmount", "schema:QuantitativeValue")),
            P("mg:deviationAmount", max=1, classes=("schema:MonetaryAmount", "schema:QuantitativeValue")),
        ],
        node_msg=(
            "Haushaltszeile ohne Betrag (weder geplant noch Ist noch Abweichung).",
            "Budget line without any amount (neither planned nor actual nor deviation).",
        ),
        extra="sh:or ( [ sh:path mg:plannedAmount ; sh:minCount 1 ] [ sh:path mg:actualAmount ; sh:minCount 1 ] [ sh:path mg:deviationAmount ; sh:minCount 1 ] )",
    ),
    N(
        "BudgetDeviationShape",
        [],
        ("Haushaltszeile", "Budget line"),
        (
            "Warnung: die Abweichung der Quelle ist nicht geplant − Ist.",
            "Warning: the source's deviation is not planned − actual.",
        ),
        severity="Warning",
        extra=sparql(
            """
PREFIX mg: <https://w3id.org/modgraph/def#>
SELECT $this ?value ?planned ?actual ?deviation WHERE {
    $this mg:plannedAmount ?p ; mg:actualAmount ?a ; mg:deviationAmount ?value .
    ?p mg:valueInBaseUnit ?planned . ?a mg:valueInBaseUnit ?actual . ?value mg:valueInBaseUnit ?deviation .
    FILTER (ABS(?planned - ?actual - ?deviation) > 0.000001)
}""",
            "Die Rechnung der Quelle geht nicht auf: geplant {?planned} − Ist {?actual} ≠ Abweichung {?deviation} (in Grundeinheit).",
            "The source's arithmetic does not add up: planned {?planned} − actual {?actual} ≠ deviation {?deviation} (in base unit).",
        ),
    ),
    N(
        "DataSetShape",
        ["qb:DataSet"],
        ("Datensatz (Datenwürfel)", "Data set (cube)"),
        (
            "Ein Datenwürfel hat eine der beiden Strukturen von modgraph.",
            "A data set has one of modgraph's two structures.",
        ),
        [P("qb:structure", min=1, max=1, in_=["mg:keyFigureStructure", "mg:budgetStructure"]), P("rdfs:label", min=1)],
    ),
    N(
        "AmountShape",
        ["schema:MonetaryAmount", "schema:QuantitativeValue"],
        ("Betrag", "Amount"),
        (
            "Ein Betrag wie geschrieben, mit Wertstatus, Zahl, Skala und Wert in Grundeinheit; ein bekannter Wert hat eine Zahl, ein unbekannter keine.",
            "An amount as written, with value status, number, scale and value in base unit; a known value has a number, an unknown one none.",
        ),
        [
            P("mg:writtenValue", min=1, max=1, dt="xsd:string"),
            P("mg:valueStatus", min=1, max=1, in_=scheme("value-status")),
            P("schema:value", max=1, dt="xsd:decimal"),
            P("mg:scaleFactor", max=1, dt="xsd:integer", min_inclusive=1),
            P("mg:valueInBaseUnit", max=1, dt="xsd:decimal"),
            P("schema:unitText", max=1, dt="xsd:string"),
            P("sdmx-attribute:unitMeasure", max=1, iri=True),
            P("mg:change", max=1, in_=scheme("change")),
        ],
        node_msg=(
            "Betrag: Wertstatus und Zahl passen nicht zusammen (genannt/ungefähr/Untergrenze verlangen schema:value, unbekannt/leer erlauben keinen).",
            "Amount: value status and number do not agree (stated/approximate/lower bound need schema:value, unknown/blank allow none).",
        ),
        extra=value_rule("schema:value"),
    ),
    N(
        "MonetaryAmountShape",
        ["schema:MonetaryAmount"],
        ("Geldbetrag", "Monetary amount"),
        ("Ein Geldbetrag hat eine Währung (ISO 4217).", "A monetary amount has a currency (ISO 4217)."),
        [P("schema:currency", min=1, max=1, dt="xsd:string", pattern="^[A-Z]{3}$")],
    ),
    N(
        "QuantitativeValueShape",
        ["schema:QuantitativeValue"],
        ("Menge", "Quantity"),
        ("Eine Menge hat keine Währung.", "A quantity has no currency."),
        [P("schema:currency", max=0)],
    ),
    # ------------------------------------------------------------------ funds and decisions
    N(
        "FundShape",
        ["mg:Fund"],
        ("Finanzierungsquelle", "Fund"),
        (
            "Art, Volumen, Herkunft, Geber, Empfänger, Zeitraum und Beschlüsse einer Finanzierungsquelle.",
            "Type, volume, origin, provider, recipient, period and decisions of a fund.",
        ),
        [
            P("dct:type", min=1, in_=scheme("fund-type")),
            P("mg:volume", max=1, cls="schema:MonetaryAmount"),
            P("mg:fundedBy", cls="mg:Fund"),
            P("mg:provider", cls="org:Organization"),
            P("mg:recipient", iri=True),
            P("dct:temporal", cls="time:ProperInterval"),
            P("mg:implementsDecision", cls="mg:Decision"),
        ],
    ),
    N(
        "FundTotalShape",
        [],
        ("Finanzierungsquelle", "Fund"),
        (
            "Warnung: was aus einer Finanzierungsquelle finanziert wird (Volumen von Teilfonds, Kosten von Maßnahmen), übersteigt ihr Volumen.",
            "Warning: what a fund finances (volumes of sub-funds, costs of measures) exceeds its volume.",
        ),
        severity="Warning",
        extra=sparql(
            """
PREFIX mg: <https://w3id.org/modgraph/def#>
SELECT $this (SAMPLE(?t) AS ?total) (SUM(?v) AS ?parts) WHERE {
    $this mg:volume ?vol . ?vol mg:valueInBaseUnit ?t .
    FILTER NOT EXISTS { ?vol mg:valueStatus <https://w3id.org/modgraph/def/value-status/lower-bound> }
    ?x mg:fundedBy $this .
    ?x mg:volume|mg:cost ?amount . ?amount mg:valueInBaseUnit ?v .
} GROUP BY $this HAVING (SUM(?v) > SAMPLE(?t))""",
            "Die Teile übersteigen das Ganze: was aus dieser Finanzierungsquelle finanziert wird ({?parts}), ist mehr als ihr Volumen ({?total}).",
            "The parts exceed the total: what this fund finances ({?parts}) is more than its volume ({?total}).",
        ),
    ),
    N(
        "DecisionShape",
        ["mg:Decision"],
        ("Beschluss", "Decision"),
        (
            "Art, Gremium, Datum, Nummer, Inhalt, Gegenstände, Adressaten und Frist eines Beschlusses.",
            "Type, body, date, number, content, subjects, addressees and deadline of a decision.",
        ),
        [
            P("eli:type_document", min=1, max=1, in_=scheme("decision-type")),
            P("eli:passed_by", cls="org:Organization"),
            P("mg:date", max=1, cls="time:Instant"),
            P("eli:date_document", max=1, dt="xsd:date"),
            P("eli:id_local", dt="xsd:string"),
            P("mg:decides", dt="rdf:langString"),
            P("eli:is_about", iri=True),
            P("mg:addressee", cls="org:Organization"),
            P("mg:dueDate", cls="time:Instant"),
        ],
    ),
    N(
        "DecisionGapShape",
        ["mg:Decision"],
        ("Beschluss", "Decision"),
        (
            "Warnung: die Quelle nennt Datum oder beschließendes Gremium des Beschlusses nicht.",
            "Warning: the source does not give the decision's date or deciding body.",
        ),
        [
            P(
                "mg:date",
                min=1,
                msg=("Beschluss ohne Datum: die Quelle nennt keins.", "Decision without date: the source gives none."),
            ),
            P(
                "eli:passed_by",
                min=1,
                msg=(
                    "Beschluss ohne beschließendes Gremium: die Quelle nennt keins.",
                    "Decision without deciding body: the source names none.",
                ),
            ),
        ],
        severity="Warning",
    ),
    # ------------------------------------------------------------------ organisations, people, posts
    N(
        "OrganizationShape",
        ["org:Organization"],
        ("Organisation", "Organisation"),
        ("Art und Einbettung einer Organisation.", "Type and parent of an organisation."),
        [
            P("org:classification", min=1, in_=scheme("organisation-type")),
            P("org:subOrganizationOf", cls="org:Organization"),
            P("org:unitOf", cls="org:Organization"),
            P("schema:location", cls="dct:Location"),
            P("dct:spatial", max=1, cls="dct:Location"),
        ],
    ),
    N(
        "PublicOrganisationShape",
        ["cv:PublicOrganisation"],
        ("Öffentliche Organisation", "Public organisation"),
        (
            "Eine öffentliche Organisation ist als Behörde, Land oder Kommune klassifiziert.",
            "A public organisation is classified as public body, state or municipality.",
        ),
        [
            P(
                "org:classification",
                qualified=(
                    "[ sh:in ( "
                    + " ".join(scheme("organisation-type", ("public-body", "state", "municipality")))
                    + " ) ]",
                    1,
                ),
            )
        ],
    ),
    N(
        "FormalOrganizationShape",
        ["org:FormalOrganization"],
        ("Unternehmen", "Formal organisation"),
        ("Ein Unternehmen ist als solches klassifiziert.", "A company is classified as such."),
        [
            P(
                "org:classification",
                qualified=("[ sh:in ( " + " ".join(scheme("organisation-type", ("company",))) + " ) ]", 1),
            )
        ],
    ),
    N(
        "OrganizationalUnitShape",
        ["org:OrganizationalUnit"],
        ("Organisationseinheit", "Organisational unit"),
        ("Eine Organisationseinheit ist als solche klassifiziert.", "An organisational unit is classified as such."),
        [
            P(
                "org:classification",
                qualified=("[ sh:in ( " + " ".join(scheme("organisation-type", ("unit",))) + " ) ]", 1),
            )
        ],
    ),
    N(
        "UnitParentShape",
        ["org:OrganizationalUnit"],
        ("Organisationseinheit", "Organisational unit"),
        (
            "Warnung: die Quelle nennt nicht, zu welcher Organisation die Einheit gehört.",
            "Warning: the source does not say which organisation the unit belongs to.",
        ),
        [
            P(
                "org:unitOf",
                min=1,
                msg=(
                    "Organisationseinheit ohne übergeordnete Organisation (org:unitOf fehlt).",
                    "Organisational unit without parent organisation (org:unitOf missing).",
                ),
            )
        ],
        severity="Warning",
    ),
    N(
        "CommitteeShape",
        ["mg:Committee"],
        ("Gremium", "Committee"),
        ("Ein Gremium ist als solches klassifiziert.", "A committee is classified as such."),
        [
            P(
                "org:classification",
                qualified=("[ sh:in ( " + " ".join(scheme("organisation-type", ("committee",))) + " ) ]", 1),
            )
        ],
    ),
    N(
        "PersonShape",
        ["foaf:Person"],
        ("Person", "Person"),
        ("Eine Person hat einen Namen.", "A person has a name."),
        [P("foaf:name", min=1, dt="xsd:string")],
    ),
    N(
        "MembershipShape",
        ["org:Membership"],
        ("Mitgliedschaft", "Membership"),
        (
            "Person, Organisation, Rolle und Zeit einer Mitgliedschaft oder Funktion.",
            "Person, organisation, role and time of a membership or role.",
        ),
        [
            P("org:member", min=1, max=1, cls="foaf:Person"),
            P("org:organization", max=1, cls="org:Organization"),
            P("org:role", min=1, max=1, cls="org:Role"),
            P("mg:attestedOn", max=1, cls="time:Instant"),
            P("org:memberDuring", max=1, cls="time:ProperInterval"),
        ],
    ),
    N(
        "MembershipTimeShape",
        ["org:Membership"],
        ("Mitgliedschaft", "Membership"),
        (
            "Warnung: die Quelle nennt weder Zeitraum noch Datum der Funktion.",
            "Warning: the source gives neither period nor date of the role.",
        ),
        severity="Warning",
        node_msg=(
            "Mitgliedschaft ohne Zeitangabe: weder org:memberDuring noch mg:attestedOn.",
            "Membership without time: neither org:memberDuring nor mg:attestedOn.",
        ),
        extra="sh:or ( [ sh:path org:memberDuring ; sh:minCount 1 ] [ sh:path mg:attestedOn ; sh:minCount 1 ] )",
    ),
    N(
        "RoleShape",
        ["org:Role"],
        ("Rolle", "Role"),
        ("Eine Rolle hat eine Bezeichnung.", "A role has a label."),
        [P("rdfs:label", min=1, dt="rdf:langString")],
    ),
    N(
        "PostShape",
        ["org:Post"],
        ("Stelle", "Post"),
        (
            "Eine Stelle (Amt, Funktion) besteht in einer Organisation, unabhängig von ihrem Inhaber.",
            "A post exists in an organisation, independent of its holder.",
        ),
        [
            P("rdfs:label", min=1, qualified=LANG_DE),
            P("org:postIn", min=1, max=1, cls="org:Organization"),
            P("org:role", max=1, cls="org:Role"),
            P("org:heldBy", cls="foaf:Person"),
        ],
    ),
    # ------------------------------------------------------------------ places, events, services, relations
    N(
        "LocationShape",
        ["dct:Location"],
        ("Ort", "Place"),
        ("Art und Lage eines Ortes.", "Type and situation of a place."),
        [
            P("dct:type", min=1, in_=scheme("place-type")),
            P("schema:containedInPlace", cls="dct:Location"),
            P("schema:address", dt="xsd:string"),
        ],
    ),
    N(
        "EventShape",
        ["schema:Event"],
        ("Ereignis", "Event"),
        ("Art, Datum, Ort und Beteiligte eines Ereignisses.", "Type, date, place and participants of an event."),
        [
            P("dct:type", min=1, in_=scheme("event-type")),
            P("mg:date", max=1, cls="time:Instant"),
            P("mg:endDate", max=1, cls="time:Instant"),
            P("schema:location", cls="dct:Location"),
            P("dct:spatial", max=1, cls="dct:Location"),
            P("schema:organizer", cls="org:Organization"),
            P("schema:attendee", iri=True),
            P("schema:about", iri=True),
        ],
    ),
    N(
        "ServiceShape",
        ["mg:Service"],
        ("Dienst", "Service"),
        (
            "Art, Anbieter, Start und Verbreitung eines Dienstes (Online-Dienst, Telefondienst, interner Dienst, Softwareprodukt).",
            "Kind, provider, launch and spread of a service (online, telephone, internal service, software product).",
        ),
        [
            P("dct:type", min=1, max=1, in_=scheme("service-type")),
            P("schema:provider", cls="org:Organization"),
            P("mg:launchedOn", max=1, cls="time:Instant"),
            P("mg:availableIn", iri=True),
            P("dct:isPartOf", classes=("mg:Service", "mg:Programme")),
        ],
    ),
    N(
        "PublicServiceShape",
        ["cpsv:PublicService"],
        ("Öffentliche Dienstleistung", "Public service"),
        ("Eine öffentliche Dienstleistung hat eine Bezeichnung.", "A public service has a label."),
        [P("rdfs:label", min=1)],
    ),
    N(
        "SourcedStatementShape",
        ["mg:SourcedStatement"],
        ("Belegte Aussage", "Sourced statement"),
        (
            "Eine belegte Aussage nennt genau ein Subjekt, ein Prädikat, ein Objekt und genau die eine Quellenstelle, die sie belegt.",
            "A sourced statement names exactly one subject, predicate and object and exactly the one passage that supports it.",
        ),
        [
            P("rdf:subject", min=1, max=1, iri=True),
            P("rdf:predicate", min=1, max=1, iri=True),
            P("rdf:object", min=1, max=1),
            P("prov:wasDerivedFrom", min=1, max=1, cls="mg:Passage"),
        ],
    ),
    N(
        "RelationStatementShape",
        ["rdf:Statement"],
        ("Beziehungsangabe", "Relation statement"),
        (
            "Eine belegte Beziehungsangabe: Gegenstand, einer der typisierten Beziehungstypen, Objekt, Stichtag, Dokument.",
            "An evidenced relation statement: subject, one of the typed relation properties, object, date, document.",
        ),
        [
            P("rdf:subject", min=1, max=1, iri=True),
            P("rdf:predicate", min=1, max=1, in_=STATED_PROPERTIES),
            P("rdf:object", min=1, max=1, iri=True),
            P("mg:asOf", max=1, cls="time:Instant"),
            P("mg:mentionedIn", min=1, cls="mg:SourceDocument"),
        ],
    ),
]


def render() -> str:
    """The shapes file's text, generated from the table above."""
    head = (
        PREFIXES
        + """
# SHACL shapes of modgraph. Generated by modgraph/shapes/make_shapes.py; edit the table there.
# Severity: sh:Violation = broken data; sh:Warning = a gap or inconsistency of the sources that the graph
# records faithfully (the focus node's prov:wasDerivedFrom names the passage); sh:Info = worth knowing.

<https://w3id.org/modgraph/shapes> a owl:Ontology ;
    owl:versionInfo "0.1.0" ;
    rdfs:label "modgraph-Shapes"@de , "modgraph shapes"@en ;
    rdfs:seeAlso <https://w3id.org/modgraph/def> ;
    sh:declare [ sh:prefix "mg" ; sh:namespace "https://w3id.org/modgraph/def#"^^xsd:anyURI ] ,
        [ sh:prefix "time" ; sh:namespace "http://www.w3.org/2006/time#"^^xsd:anyURI ] ,
        [ sh:prefix "dct" ; sh:namespace "http://purl.org/dc/terms/"^^xsd:anyURI ] .
"""
    )
    body = "\n\n".join(s.ttl() for s in SHAPES)
    return head + "\n" + body + "\n"


def main() -> None:
    text = render()
    Graph().parse(data=text, format="turtle")  # must parse
    OUTPUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
