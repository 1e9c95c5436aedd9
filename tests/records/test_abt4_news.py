"""Key facts of abt4-news (corpus/bremen-abteilung4-neuigkeiten.txt, news page of department 4) in the built graph.
Each expected value is read from the source text; the line is quoted in the comment."""

from __future__ import annotations

from tests.queries.catalogue_support import ask, local, sparql


def test_dates_of_events(corpus_build):
    rows = sparql(
        corpus_build,
        """SELECT DISTINCT ?e ?date ?end WHERE { GRAPH <https://w3id.org/modgraph/graph/abt4-news> {
        ?e a schema:Event . OPTIONAL { ?e mg:date/skos:notation ?date } OPTIONAL { ?e mg:endDate/skos:notation ?end } } }
        ORDER BY ?e""",
    )
    assert {local(r["e"]): (r["date"], r["end"]) for r in rows} == {
        "code-week-2023": ("2023-10-07", "2023-10-22"),  # l. 37 „Vom 07. bis 22. Oktober … die Code Week 2023“
        "dank-4insquartier": (None, None),  # l. 35, undated thank-you
        "digital-gipfel": ("--11-20", None),  # l. 24 „Am 20. November … Digital-Gipfels“ (no year)
        "eforms-stichtag": ("2023-10-25", None),  # l. 36 „Mit dem Stichtag 25. Oktober 2023“
        "einweihung-innovationscampus": ("2024-05-16", None),  # l. 5 „Am 16. Mai 2024 hat Finanzsenator Björn Fecker …“
        "females-in-it-2023": ("2023-11-09", None),  # l. 29 „Am 9. November 2023 fand die feierliche Preisverleihung“
        "win-award-2023": ("2023-11-09", None),
        "besuch-markus-richter": ("--03-14", None),  # l. 42 „hat am 14. März die Abteilung … besucht“ (no year)
        "ki-event-5": (None, None),  # l. 8, undated
        "kickoff-4insquartier": ("2022-05-12", None),  # l. 43 „am 12.05.22 zwanzig Kolleginnen und Kollegen“
        "nordlaender-digital-2023": ("2023-10-12", None),  # l. 40 „findet am 12. Oktober 2023 im GOP Varieté-Theater“
        "rundgang-verwaltungsrat-dataport": ("2023-03-31", None),  # l. 41 „am 31. März 2023“
        "umzug-abteilung-4": ("2023-11-16", None),  # l. 35 „Am 16.11.2023 öffneten sich erstmals die Türen“
    }


def test_uvo_in_eleven_laender(corpus_build):
    # l. 21 „Aktuell profitieren Bürgerinnen und Bürger in elf Ländern (Brandenburg, Bremen, Hamburg, Hessen,
    # Mecklenburg-Vorpommern, Nordrhein-Westfalen, Rheinland-Pfalz, Saarland, Sachsen-Anhalt, Schleswig-Holstein und
    # Thüringen) von Unterhaltvorschuss Online, während Bayern und Niedersachsen schnellstmöglich folgen sollen.“
    rows = sparql(
        corpus_build,
        """SELECT DISTINCT ?label WHERE { id:service/abt4-news/uvo mg:availableIn ?p .
        ?p dct:type <https://w3id.org/modgraph/def/place-type/state> .
        GRAPH <https://w3id.org/modgraph/graph/abt4-news> { ?p rdfs:label ?label } } ORDER BY ?label""",
    )
    assert [r["label"] for r in rows] == [
        "Brandenburg",
        "Bremen",
        "Hamburg",
        "Hessen",
        "Mecklenburg-Vorpommern",
        "Nordrhein-Westfalen",
        "Rheinland-Pfalz",
        "Saarland",
        "Sachsen-Anhalt",
        "Schleswig-Holstein",
        "Thüringen",
    ]
    rows = sparql(
        corpus_build,
        """SELECT ?w ?v WHERE { ?o mg:keyFigure id:key-figure/abt4-news/uvo-laender ;
        mg:writtenValue ?w ; sdmx-measure:obsValue ?v }""",
    )
    assert [(r["w"], r["v"]) for r in rows] == [("elf", "11")]
    rows = sparql(
        corpus_build,
        """SELECT ?m ?s WHERE { id:service/abt4-news/uvo mg:reusedBy ?m .
        ?m mg:statusAssertion/mg:status ?s } ORDER BY ?m""",
    )
    assert [(local(r["m"]), local(r["s"])) for r in rows] == [
        ("uvo-nachnutzung-bayern", "planned"),
        ("uvo-nachnutzung-niedersachsen", "planned"),
    ]
    # l. 19 „über 1.600 Bürgerinnen und Bürger“ in January (no year): a lower bound with a month without year
    rows = sparql(
        corpus_build,
        """SELECT ?v ?status ?period WHERE { ?o mg:keyFigure id:key-figure/abt4-news/uvo-antraege-januar ;
        sdmx-measure:obsValue ?v ; mg:valueStatus ?status ; sdmx-dimension:refPeriod/skos:notation ?period }""",
    )
    assert [(r["v"], local(r["status"]), r["period"]) for r in rows] == [("1600", "lower-bound", "--01")]


def test_people_and_roles(corpus_build):
    rows = sparql(
        corpus_build,
        """SELECT DISTINCT ?role ?when WHERE { ?m org:member id:person/carola-heilemann-jeschke ;
        org:role/rdfs:label ?role ; mg:attestedOn/skos:notation ?when } ORDER BY ?when ?role""",
    )
    assert [(r["when"], r["role"]) for r in rows] == [
        # l. 40 „Schirmherrin ist Carola Heilemann-Jeschke, CIO und Leiterin der Abteilung …“ (12 October 2023)
        ("2023-10-12", "CIO und Leiterin der Abteilung"),
        ("2023-10-12", "Schirmherrin des Kongresses „Nordl@nder Digital“"),
        # l. 29 „Carola Heilemann-Jeschke – Abteilungsleiterin für Digitalisierung und CIO der Freien Hansestadt Bremen“
        ("2023-11-09", "Abteilungsleiterin für Digitalisierung"),
        ("2023-11-09", "CIO der Freien Hansestadt Bremen"),
        # l. 35 „Unsere Abteilungsleiterin Carola Heilemann-Jeschke bedankte sich bei allen“
        ("2023-11-16", "Abteilungsleiterin"),
    ]
    # l. 35: the KuK-Board names Tom Porsch, Oliver Kieselhorst, Thomas Plate, Vanessa Bacher, Sevda Hamann,
    # Fiederiecke Breuer, and (absent) Hermann Kuchta
    rows = sparql(
        corpus_build,
        """SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?m org:organization id:organisation/abt4-news/kuk-board ;
        org:member ?p }""",
    )
    assert rows[0]["n"] == "7"
    # l. 9 „Die Digitalisierungsabteilung entwickelt mit ihren rund 90 Mitarbeitenden …“; address l. 16-17
    rows = sparql(corpus_build, "SELECT ?a WHERE { id:place/abt4-news/innovationscampus schema:address ?a }")
    assert [r["a"] for r in rows] == ["Am Tabakquartier 56, 28197 Bremen"]


def test_move_and_campus(corpus_build):
    # l. 43 „ist für den Herbst 2023 ein Umzug der Abteilung 4 ins Tabakquartier geplant“; l. 35 „Am 16.11.2023 …“
    rows = sparql(
        corpus_build,
        """SELECT ?s ?asOf WHERE { ?a mg:statusOf id:measure/abt4-news/4insquartier ; mg:status ?s ;
        mg:asOf/time:inXSDDate ?asOf } ORDER BY ?asOf""",
    )
    assert [(local(r["s"]), r["asOf"]) for r in rows] == [("planned", "2022-05-12"), ("completed", "2023-11-16")]
    rows = sparql(
        corpus_build,
        """SELECT ?s ?asOf WHERE { ?a mg:statusOf id:measure/abt4-news/innovationscampus ; mg:status ?s ;
        mg:asOf/time:inXSDDate ?asOf } ORDER BY ?asOf""",
    )
    # l. 41 „entsteht noch in diesem Jahr … am 31. März 2023“; l. 5 „Am 16. Mai 2024 … eingeweiht“
    assert [(local(r["s"]), r["asOf"]) for r in rows] == [("in-progress", "2023-03-31"), ("completed", "2024-05-16")]


def test_datenservice_contract(corpus_build):
    # l. 27 „Mit der Vertragszeichnung geht nun die Betriebsverantwortung von Bremen an das BMI über und ab 2024 übernimmt
    # der Bund dann auch die komplette Finanzierung.“
    assert ask(
        corpus_build,
        "ASK { id:service/abt4-news/datenservice-oeffentlicher-einkauf schema:provider id:organisation/bmi }",
    )
    rows = sparql(
        corpus_build,
        """SELECT ?start WHERE { id:fund/abt4-news/finanzierung-datenservice-bund
        dct:temporal/time:hasBeginning/time:inXSDgYear ?start }""",
    )
    assert [r["start"] for r in rows] == ["2024"]
    # l. 24 „eine der 15 Fokus-Leistungen des IT-Planungsrats“
    rows = sparql(
        corpus_build,
        "SELECT ?v WHERE { ?o mg:keyFigure id:key-figure/abt4-news/fokus-leistungen-anzahl ; sdmx-measure:obsValue ?v }",
    )
    assert [r["v"] for r in rows] == ["15"]


def test_persons_at_events(corpus_build):
    rows = sparql(
        corpus_build,
        """SELECT ?e ?p WHERE { GRAPH <https://w3id.org/modgraph/graph/abt4-news> {
        ?e a schema:Event ; schema:attendee ?p . ?p a ?c } FILTER(STRSTARTS(STR(?p), "https://w3id.org/modgraph/id/person/")) }
        ORDER BY ?e ?p""",
    )
    assert sorted({(local(r["e"]), r["p"].rsplit("/person/", 1)[1]) for r in rows}) == [
        ("besuch-markus-richter", "markus-richter"),  # l. 42 „Dr. Markus Richter, hat am 14. März … besucht“
        (
            "dank-4insquartier",
            "carola-heilemann-jeschke",
        ),  # l. 35 „Unsere Abteilungsleiterin … bedankte sich bei allen“
        # l. 24 „Am 20. November haben im Rahmen des Digital-Gipfels Dr. Markus Richter … und Dr. Martin Hagen … gezeichnet“
        ("digital-gipfel", "markus-richter"),
        ("digital-gipfel", "martin-hagen"),
        # l. 5 „hat Finanzsenator Björn Fecker den Campus gemeinsam mit Dr. Johann Bizer … und Marcel Linnemann … eingeweiht“
        ("einweihung-innovationscampus", "abt4-news/marcel-linnemann"),
        ("einweihung-innovationscampus", "bjoern-fecker"),
        ("einweihung-innovationscampus", "johann-bizer"),
        ("kickoff-4insquartier", "abt4-news/karen-lahmann"),  # l. 43 „Unter der Moderation von Karen Lahmann (LAVA)“
        (
            "rundgang-verwaltungsrat-dataport",
            "martin-hagen",
        ),  # l. 41 „das Finanzstaatsrat Dr. Martin Hagen am 31. März 2023 …“
    ]
    # l. 9 „Die Digitalisierungsabteilung entwickelt mit ihren rund 90 Mitarbeitenden …“
    rows = sparql(
        corpus_build,
        """SELECT ?w ?v WHERE { ?o mg:keyFigure id:key-figure/abt4-news/digitalisierungsabteilung-mitarbeitende ;
        mg:writtenValue ?w ; sdmx-measure:obsValue ?v }""",
    )
    assert [(r["w"], r["v"]) for r in rows] == [("rund 90", "90")]
