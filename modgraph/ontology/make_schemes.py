"""Writes modgraph/ontology/schemes.ttl from the table below (run: python -m modgraph.ontology.make_schemes).

The Turtle file is the published artefact; this table is only its compact source. Codes must match
modgraph/pipeline/records.py, dates.py and amounts.py (tests/ontology checks that they do).
A test regenerates the file and fails if it differs from the one committed.

Why this module is long: it is one table of the 15 concept schemes with German and English labels and
definitions of their 85 concepts; the code that writes them is a few lines at the end.
"""

from pathlib import Path

DEF = "https://w3id.org/modgraph/def"
SCHEMA = "http://schema.org/"

# scheme -> (label de, label en, definition de, definition en, concepts)
# concept: code -> (label de, label en, definition de, definition en, extra turtle or "")
SCHEMES = {
    "status": (
        "Status",
        "Status",
        "Status einer Maßnahme oder eines Handlungsfelds zu einem Stichtag, wie eine Quelle ihn angibt.",
        "Status of a measure or action field on a given date, as a source gives it.",
        {
            "planned": (
                "geplant",
                "planned",
                "Vorgesehen, aber noch nicht begonnen.",
                "Intended, not yet begun.",
                f"skos:closeMatch <{SCHEMA}PotentialActionStatus>",
            ),
            "in-preparation": (
                "in Vorbereitung",
                "in preparation",
                "Die Umsetzung wird vorbereitet (Konzept, Ausschreibung, Beschlussvorlage).",
                "Its implementation is being prepared (concept, tender, proposal).",
                f"skos:closeMatch <{SCHEMA}PotentialActionStatus>",
            ),
            "not-started": (
                "nicht begonnen",
                "not started",
                "Ausdrücklich noch nicht begonnen.",
                "Explicitly not yet started.",
                f"skos:closeMatch <{SCHEMA}PotentialActionStatus>",
            ),
            "in-progress": (
                "in Umsetzung",
                "in progress",
                "Die Umsetzung läuft.",
                "Being carried out.",
                f"skos:closeMatch <{SCHEMA}ActiveActionStatus>",
            ),
            "completed": (
                "abgeschlossen",
                "completed",
                "Die Umsetzung ist abgeschlossen.",
                "Carried out and finished.",
                f"skos:closeMatch <{SCHEMA}CompletedActionStatus>",
            ),
            "suspended": (
                "zurückgestellt",
                "suspended",
                "Die Umsetzung ruht oder ist zurückgestellt.",
                "Put on hold or postponed.",
                "",
            ),
            "merged": (
                "zusammengelegt",
                "merged",
                "Mit einer anderen Maßnahme zusammengelegt (siehe mg:mergedInto).",
                "Merged with another measure (see mg:mergedInto).",
                "",
            ),
            "line-task": (
                "Linienaufgabe",
                "line task",
                "Als Daueraufgabe in die Linienorganisation übergegangen.",
                "Handed over to the line organisation as a permanent task.",
                f"skos:closeMatch <{SCHEMA}CompletedActionStatus>",
            ),
            "continued-outside": (
                "außerhalb fortgeführt",
                "continued outside",
                "Wird außerhalb des Programms fortgeführt.",
                "Continued outside the programme.",
                "",
            ),
            "dissolved": (
                "aufgelöst",
                "dissolved",
                "Aufgelöst oder eingestellt, ohne abgeschlossen zu sein.",
                "Dissolved or discontinued without being completed.",
                f"skos:closeMatch <{SCHEMA}FailedActionStatus>",
            ),
            "no-longer-a-project": (
                "nicht mehr als Einzelvorhaben geführt",
                "no longer run as a project",
                "Wird nicht mehr als eigenes Vorhaben geführt, besteht aber in anderer Form fort (z. B. ein Beirat, der als Impulsgeber für ein ganzes Handlungsfeld weiterarbeitet); nicht aufgelöst.",
                "No longer run as a project of its own but continuing in another form (e.g. an advisory board that goes on as a source of impulses for a whole field); not dissolved.",
                "",
            ),
            "decided": (
                "beschlossen",
                "decided",
                "Beschlossen, die Umsetzung steht bevor.",
                "Decided; implementation is about to begin.",
                f"skos:closeMatch <{SCHEMA}PotentialActionStatus>",
            ),
            "reported": (
                "berichtet",
                "reported",
                "Über den Stand wurde berichtet, ohne dass die Quelle einen Status nennt.",
                "Its progress was reported without the source naming a status.",
                "",
            ),
        },
    ),
    "value-type": (
        "Wertart",
        "Value type",
        "Art eines Kennzahlwerts.",
        "Kind of a key figure value.",
        {
            "plan": ("Plan", "plan", "Der für den Zeitraum geplante Wert.", "The value planned for the period.", ""),
            "actual": ("Ist", "actual", "Der im Zeitraum erreichte Wert.", "The value achieved in the period.", ""),
            "target": ("Soll/Ziel", "target", "Der angestrebte Zielwert.", "The value aimed at.", ""),
            "baseline": (
                "Basiswert",
                "baseline",
                "Der Ausgangswert, an dem gemessen wird.",
                "The starting value against which progress is measured.",
                "",
            ),
            "forecast": (
                "Prognose",
                "forecast",
                "Der für den Zeitraum erwartete Wert.",
                "The value expected for the period.",
                "",
            ),
        },
    ),
    "value-status": (
        "Wertstatus",
        "Value status",
        "Wie sicher ein Wert in der Quelle angegeben ist.",
        "How certain a value is as the source gives it.",
        {
            "stated": ("genannt", "stated", "Der Wert ist genau angegeben.", "The value is given exactly.", ""),
            "approximate": (
                "ungefähr",
                "approximate",
                'Der Wert ist ungefähr angegeben ("rund", "ca.").',
                'The value is given approximately ("rund", "ca.").',
                "",
            ),
            "lower-bound": (
                "Untergrenze",
                "lower bound",
                'Der Wert ist eine Untergrenze ("über", "mehr als").',
                'The value is a lower bound ("über", "mehr als").',
                "",
            ),
            "unknown": (
                "unbekannt",
                "unknown",
                'Die Quelle gibt den Wert ausdrücklich als unbekannt an ("*?*").',
                'The source marks the value as unknown ("*?*").',
                "",
            ),
            "blank": (
                "leer",
                "blank",
                "Die Zelle der Tabelle ist leer (nur die Einheit steht da).",
                "The table cell is empty (only the unit is written).",
                "",
            ),
        },
    ),
    "document-type": (
        "Dokumentart",
        "Document type",
        "Art eines Quelldokuments.",
        "Kind of source document.",
        {
            "senate-proposal": (
                "Senatsvorlage",
                "Senate proposal",
                "Eine Vorlage für eine Sitzung des Senats.",
                "A proposal submitted to a Senate meeting.",
                "",
            ),
            "annual-report": (
                "Jahresbericht",
                "annual report",
                "Ein jährlicher Bericht über eine Maßnahme oder ein Programm.",
                "A yearly report on a measure or programme.",
                "",
            ),
            "press-release": (
                "Pressemitteilung",
                "press release",
                "Eine Pressemitteilung einer Behörde.",
                "A press release of an authority.",
                "",
            ),
            "web-page": (
                "Webseite",
                "web page",
                "Eine Webseite oder Nachrichtenseite.",
                "A web page or news page.",
                "",
            ),
            "concept": (
                "Konzept",
                "concept",
                "Ein Konzeptpapier oder Strategiedokument.",
                "A concept paper or strategy document.",
                "",
            ),
        },
    ),
    "organisation-type": (
        "Organisationsart",
        "Organisation type",
        "Art einer Organisation.",
        "Kind of organisation.",
        {
            "public-body": (
                "Behörde",
                "public body",
                "Eine Behörde oder ein Verfassungsorgan (Senat, Senator, Amt, Anstalt öffentlichen Rechts).",
                "A public authority or constitutional body (senate, ministry, office, public-law institution).",
                "",
            ),
            "unit": (
                "Organisationseinheit",
                "organisational unit",
                "Eine Abteilung, ein Referat oder ein Dezernat innerhalb einer Organisation.",
                "A department, section or division within an organisation.",
                "",
            ),
            "company": ("Unternehmen", "company", "Ein Unternehmen.", "A company.", ""),
            "committee": (
                "Gremium",
                "committee",
                "Ein Gremium (Lenkungsausschuss, Arbeitsgruppe, Rat).",
                "A committee (steering committee, working group, council).",
                "",
            ),
            "organisation": (
                "Organisation",
                "organisation",
                "Eine Organisation, deren Art die Quelle nicht genauer angibt.",
                "An organisation whose kind the source does not specify.",
                "",
            ),
            "state": (
                "Gebietskörperschaft (Land/Bund)",
                "state",
                "Ein Land oder der Bund als Gebietskörperschaft.",
                "A federal state or the federation as a territorial authority.",
                "",
            ),
            "municipality": (
                "Kommune",
                "municipality",
                "Eine Stadt oder Gemeinde als Gebietskörperschaft.",
                "A city or municipality as a territorial authority.",
                "",
            ),
        },
    ),
    "programme-type": (
        "Programmart",
        "Programme type",
        "Art eines Programms.",
        "Kind of programme.",
        {
            "programme": (
                "Programm",
                "programme",
                "Ein Programm mit Projekten oder Maßnahmen.",
                "A programme with projects or measures.",
                "",
            ),
            "strategy": (
                "Strategie",
                "strategy",
                "Eine Strategie, die Richtung und Ziele vorgibt.",
                "A strategy that sets direction and goals.",
                "",
            ),
            "concept": (
                "Konzept",
                "concept",
                "Ein Konzept mit Handlungsfeldern und Maßnahmen.",
                "A concept with action fields and measures.",
                "",
            ),
            "plan": (
                "Plan",
                "plan",
                "Ein Plan (z. B. Masterplan) mit Vorhaben und Terminen.",
                "A plan (e.g. a master plan) with undertakings and dates.",
                "",
            ),
        },
    ),
    "place-type": (
        "Ortsart",
        "Place type",
        "Art eines Ortes.",
        "Kind of place.",
        {
            "state": ("Land", "state", "Ein Land der Bundesrepublik.", "A federal state.", ""),
            "city": ("Stadt", "city", "Eine Stadt.", "A city.", ""),
            "district": ("Stadtteil/Bezirk", "district", "Ein Stadtteil, Bezirk oder Kreis.", "A district.", ""),
            "address": ("Adresse", "address", "Eine Postanschrift.", "A postal address.", ""),
            "site": ("Standort", "site", "Ein Standort, Gebäude oder Quartier.", "A site, building or quarter.", ""),
            "region": ("Region", "region", "Eine Region.", "A region.", ""),
            "country": ("Staat", "country", "Ein Staat.", "A country.", ""),
        },
    ),
    "fund-type": (
        "Art der Finanzierungsquelle",
        "Fund type",
        "Art einer Finanzierungsquelle.",
        "Kind of fund.",
        {
            "special-fund": (
                "Sondervermögen",
                "special fund",
                "Ein Sondervermögen außerhalb des Kernhaushalts.",
                "A special fund outside the core budget.",
                "",
            ),
            "investment-programme": (
                "Investitionsprogramm",
                "investment programme",
                "Ein Investitions- oder Förderprogramm.",
                "An investment or funding programme.",
                "",
            ),
            "budget": (
                "Haushaltsmittel",
                "budget",
                "Mittel eines Haushalts oder Haushaltstitels.",
                "Funds of a budget or budget title.",
                "",
            ),
            "grant": ("Zuschuss", "grant", "Ein Zuschuss oder eine Zuwendung.", "A grant.", ""),
            "funds": (
                "Mittel",
                "funds",
                "Ein zweckgebundener Anteil von Mitteln, ohne nähere Art.",
                "An earmarked share of funds, of no more specific kind.",
                "",
            ),
        },
    ),
    "decision-type": (
        "Beschlussart",
        "Decision type",
        "Art eines Beschlusses.",
        "Kind of decision.",
        {
            "senate-decision": (
                "Senatsbeschluss",
                "Senate decision",
                "Ein Beschluss des Senats.",
                "A decision of the Senate.",
                "skos:broadMatch <http://publications.europa.eu/resource/authority/resource-type/DEC>",
            ),
            "senate-proposal": (
                "Senatsvorlage",
                "Senate proposal",
                "Eine dem Senat zur Beschlussfassung vorgelegte Vorlage.",
                "A proposal put to the Senate for decision.",
                "",
            ),
            "resolution": (
                "Beschluss eines Gremiums",
                "resolution",
                "Ein Beschluss eines Gremiums oder Rates.",
                "A resolution of a committee or council.",
                "skos:broadMatch <http://publications.europa.eu/resource/authority/resource-type/DEC>",
            ),
            "agreement": (
                "Vereinbarung",
                "agreement",
                "Eine Vereinbarung zwischen Körperschaften.",
                "An agreement between public bodies.",
                "",
            ),
            "treaty": ("Staatsvertrag", "treaty", "Ein Staatsvertrag.", "An interstate treaty.", ""),
            "law": ("Gesetz", "law", "Ein Gesetz oder eine Verordnung.", "A law or regulation.", ""),
        },
    ),
    "event-type": (
        "Ereignisart",
        "Event type",
        "Art eines Ereignisses.",
        "Kind of event.",
        {
            "event": ("Ereignis", "event", "Ein Ereignis ohne nähere Art.", "An event of no more specific kind.", ""),
            "conference": ("Konferenz", "conference", "Eine Konferenz oder Tagung.", "A conference.", ""),
            "opening": ("Eröffnung", "opening", "Eine Eröffnung oder ein Start.", "An opening or launch.", ""),
            "award": ("Auszeichnung", "award", "Eine Preisverleihung oder Auszeichnung.", "An award.", ""),
            "meeting": ("Sitzung", "meeting", "Eine Sitzung oder ein Treffen.", "A meeting.", ""),
            "publication": ("Veröffentlichung", "publication", "Eine Veröffentlichung.", "A publication.", ""),
            "move": ("Umzug", "move", "Ein Umzug einer Organisationseinheit.", "A move of an organisational unit.", ""),
        },
    ),
    "milestone-type": (
        "Meilensteinart",
        "Milestone type",
        "Art einer Frist oder eines Meilensteins.",
        "Kind of deadline or milestone.",
        {
            "deadline": (
                "Frist",
                "deadline",
                "Eine Frist, bis zu der etwas erledigt sein muss.",
                "A date by which something must be done.",
                "",
            ),
            "milestone": (
                "Meilenstein",
                "milestone",
                "Ein Zwischenziel im Verlauf einer Maßnahme.",
                "An intermediate goal in the course of a measure.",
                "",
            ),
            "report": (
                "Berichtstermin",
                "report",
                "Ein Termin, zu dem berichtet werden soll.",
                "A date by which a report is due.",
                "",
            ),
            "target": (
                "Zieltermin",
                "target",
                "Ein angestrebter, nicht verbindlicher Termin.",
                "An aimed-at, non-binding date.",
                "",
            ),
        },
    ),
    "precision": (
        "Datumsgenauigkeit",
        "Date precision",
        "Genauigkeit, in der eine Quelle ein Datum angibt.",
        "Precision in which a source gives a date.",
        {
            "day": ("Tag", "day", "Ein Tag mit Jahr (2017-08-29).", "A day with its year (2017-08-29).", ""),
            "month": ("Monat", "month", "Ein Monat mit Jahr (2017-09).", "A month with its year (2017-09).", ""),
            "year": ("Jahr", "year", "Ein Jahr (2017).", "A year (2017).", ""),
            "day-no-year": (
                "Tag ohne Jahr",
                "day without year",
                "Ein Tag, dessen Jahr die Quelle nicht sicher angibt (--05-16).",
                "A day whose year the source does not make certain (--05-16).",
                "",
            ),
            "month-no-year": (
                "Monat ohne Jahr",
                "month without year",
                "Ein Monat, dessen Jahr die Quelle nicht sicher angibt (--05).",
                "A month whose year the source does not make certain (--05).",
                "",
            ),
            "day-no-month": (
                "Tag und Jahr ohne Monat",
                "day and year without month",
                'Ein Tag eines bekannten Jahres, dessen Monat die Quelle nicht angibt (2018-xx-29: "am 29. und 30." im Bericht 2018).',
                'A day of a known year whose month the source does not give (2018-xx-29: "am 29. und 30." in the 2018 report).',
                "",
            ),
            "day-only": (
                "nur Tag",
                "day only",
                "Ein Tag des Monats, ohne Monat und Jahr (---29).",
                "A day of the month, without month and year (---29).",
                "",
            ),
        },
    ),
    "service-type": (
        "Dienstart",
        "Service type",
        "Was ein Dienst ist, den eine Quelle nennt.",
        "What a service that a source names is.",
        {
            "online-service": (
                "öffentlicher Online-Dienst",
                "public online service",
                "Eine öffentliche Dienstleistung, die online genutzt wird (Antrag, Portal).",
                "A public service used online (application, portal).",
                "",
            ),
            "telephone-service": (
                "Telefondienst",
                "telephone service",
                "Eine öffentliche Dienstleistung am Telefon (Bürgertelefon).",
                "A public service by telephone (citizens' line).",
                "",
            ),
            "public-service": (
                "öffentliche Dienstleistung",
                "public service",
                "Eine öffentliche Dienstleistung, deren Zugangsweg die Quelle nicht festlegt (z. B. ein Bürgerservice aus mehreren Kanälen).",
                "A public service whose channel the source does not fix (e.g. a citizen service of several channels).",
                "",
            ),
            "internal-service": (
                "verwaltungsinterner Dienst",
                "internal service",
                "Eine Dienstleistung für die Verwaltung selbst (Personalservice, Intranet, zentraler IT-Dienst).",
                "A service for the administration itself (personnel service, intranet, central IT service).",
                "",
            ),
            "software-product": (
                "Softwareprodukt",
                "software product",
                "Eine Software oder ein IT-System als Produkt (Dokumentenmanagementsystem, Fachverfahren).",
                "A piece of software or an IT system as a product (document management system, specialist application).",
                "",
            ),
        },
    ),
    "change": (
        "Veränderung",
        "Change",
        "Ob ein Kennzahlwert eine Veränderung gegenüber dem aktuellen Stand ist (fehlt die Angabe: ein absoluter Stand).",
        "Whether a key-figure value is a change against the current level (without it: an absolute level).",
        {
            "increase": (
                "Zunahme um",
                "increase by",
                'Der Wert ist eine Zunahme um den Betrag ("ca. 10" weitere Fachverfahren).',
                'The value is an increase by the amount ("ca. 10" more procedures).',
                "",
            ),
            "decrease": (
                "Abnahme um",
                "decrease by",
                "Der Wert ist eine Abnahme um den Betrag.",
                "The value is a decrease by the amount.",
                "",
            ),
        },
    ),
    "bound": (
        "Zeitgrenze",
        "Bound",
        "Welcher Teil eines Zeitraums gemeint ist.",
        "Which part of a period is meant.",
        {
            "start": (
                "Anfang",
                "start",
                'Der Anfang des Zeitraums ("Anfang 2018").',
                'The start of the period ("Anfang 2018").',
                "",
            ),
            "end": (
                "Ende",
                "end",
                'Das Ende des Zeitraums ("Ende September 2017").',
                'The end of the period ("Ende September 2017").',
                "",
            ),
            "by": (
                "bis spätestens",
                "by",
                'Spätestens innerhalb des Zeitraums ("bis 2019").',
                'At the latest within the period ("bis 2019").',
                "",
            ),
        },
    ),
}


def lit(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


def render() -> str:
    """The schemes file's text, generated from the table above."""
    out = [
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix owl:  <http://www.w3.org/2002/07/owl#> .",
        "@prefix dct:  <http://purl.org/dc/terms/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
        "# Concept schemes of modgraph. Generated by modgraph/ontology/make_schemes.py; edit the table there.",
        "",
        f"<{DEF}/schemes> a owl:Ontology ;",
        '    owl:versionInfo "0.1.0" ;',
        '    dct:title "modgraph-Begriffsschemata"@de , "modgraph concept schemes"@en ;',
        "    dct:license <https://creativecommons.org/licenses/by/4.0/> ;",
        f"    rdfs:seeAlso <{DEF}> .",
        "",
    ]
    for name, (lde, len_, dde, den, concepts) in SCHEMES.items():
        s = f"<{DEF}/{name}>"
        out += [
            f"{s} a skos:ConceptScheme ;",
            f"    skos:prefLabel {lit(lde, 'de')} , {lit(len_, 'en')} ;",
            f"    skos:definition {lit(dde, 'de')} , {lit(den, 'en')} ;",
            f"    rdfs:isDefinedBy <{DEF}/schemes> ;",
            "    skos:hasTopConcept " + " , ".join(f"<{DEF}/{name}/{c}>" for c in concepts) + " .",
            "",
        ]
        for code, (cde, cen, xde, xen, extra) in concepts.items():
            out += [
                f"<{DEF}/{name}/{code}> a skos:Concept ;",
                f"    skos:prefLabel {lit(cde, 'de')} , {lit(cen, 'en')} ;",
                f"    skos:definition {lit(xde, 'de')} , {lit(xen, 'en')} ;",
                f'    skos:notation "{code}" ;',
                f"    skos:inScheme {s} ;",
            ]
            if extra:
                out.append(f"    {extra} ;")
            out += [f"    skos:topConceptOf {s} .", ""]
    return "\n".join(out)


OUTPUT = Path(__file__).resolve().parent / "schemes.ttl"


def main() -> None:
    OUTPUT.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
