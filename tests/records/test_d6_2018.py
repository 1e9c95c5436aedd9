"""Key facts of d6-2018 (corpus/bremen-d6-jahresbericht-2018.txt, annual report 2018 of measure D6) in the built
graph. Each expected value is read from the source text; the line is quoted in the comment."""

from __future__ import annotations

from tests.queries.catalogue_support import ask, local, sparql


def test_measure_d6(corpus_build):
    # l. 9 „Bezeichnung der Maßnahme: Effektiverer IT-Betrieb		Lfd. Nr. D6 der Liste“
    rows = sparql(
        corpus_build,
        """SELECT ?label ?notation WHERE { id:measure/d6-2018/d6 rdfs:label ?label ;
        skos:notation ?notation . FILTER(lang(?label) = "de") }""",
    )
    assert [(r["label"], r["notation"]) for r in rows] == [("Effektiverer IT-Betrieb", "D6")]
    # l. 11: four results/effects separated by „;“
    rows = sparql(corpus_build, "SELECT ?e WHERE { id:measure/d6-2018/d6 mg:intendedEffect ?e } ORDER BY ?e")
    assert [r["e"] for r in rows] == [
        "Guter Arbeitsplatz",
        "Kunden und Mitarbeiterinnen/Mitarbeiter sind nicht mehr von Ausfällen oder Fehlfunktionen in der IT genervt",
        "Sicherheit, Verlässlichkeit und Souveränität",
        "Zukunftsfähige IT-Organisation für Bremen",
    ]


def test_budget_lines(corpus_build):
    # ll. 24-29: „Aggregat	Mittelbereitstellung 2018	Jahresergebnis 2018	Abweichung“
    # „Personalausgaben	113,5 T€	52,8 T€	60,7 T€“ / „Personal-Stellen	3,5 VZÄ	0,0 VZÄ	0,0 VZÄ“ /
    # „Konsumtiv	1.233,5 T€	787,4 T€	446,1 T€“ / „Investiv	0 T€	0,0 T€	0,0 T€“ / „Bremerhaven	T€	T€	T€“
    rows = sparql(
        corpus_build,
        """SELECT DISTINCT ?item ?pw ?p ?aw ?a ?dw ?d ?status WHERE {
        ?l mg:budgetOf id:measure/d6-2018/d6 ; mg:budgetItem ?item ; mg:fiscalYear/time:inXSDgYear ?y ;
           mg:plannedAmount ?pa ; mg:actualAmount ?aa ; mg:deviationAmount ?da .
        ?pa mg:writtenValue ?pw ; mg:valueStatus ?status . ?aa mg:writtenValue ?aw . ?da mg:writtenValue ?dw .
        OPTIONAL { ?pa schema:value ?p } OPTIONAL { ?aa schema:value ?a } OPTIONAL { ?da schema:value ?d }
        FILTER(STR(?y) = "2018") } ORDER BY ?item""",
    )
    assert [(r["item"], r["pw"], r["p"], r["aw"], r["a"], r["dw"], r["d"], local(r["status"])) for r in rows] == [
        ("Bremerhaven", "T€", None, "T€", None, "T€", None, "blank"),
        ("Investiv", "0 T€", "0", "0,0 T€", "0", "0,0 T€", "0", "stated"),
        ("Konsumtiv", "1.233,5 T€", "1233.5", "787,4 T€", "787.4", "446,1 T€", "446.1", "stated"),
        ("Personal-Stellen", "3,5 VZÄ", "3.5", "0,0 VZÄ", "0", "0,0 VZÄ", "0", "stated"),
        ("Personalausgaben", "113,5 T€", "113.5", "52,8 T€", "52.8", "60,7 T€", "60.7", "stated"),
    ]
    rows = sparql(
        corpus_build,
        """SELECT ?euro WHERE { id:budget-line/d6-2018/ressourcen-personalausgaben
        mg:plannedAmount/mg:valueInBaseUnit ?euro }""",
    )
    assert [r["euro"] for r in rows] == ["113500"]


def test_key_figures_unknown(corpus_build):
    # ll. 12-20: every plan/actual cell of the key-figure tables is „*?*“
    rows = sparql(
        corpus_build,
        """SELECT ?kf ?type ?status (BOUND(?v) AS ?hasValue) WHERE {
        ?o mg:keyFigure ?kf ; mg:valueType ?type ; mg:valueStatus ?status ; mg:writtenValue "*?*" .
        ?kf mg:keyFigureOf id:measure/d6-2018/d6 . OPTIONAL { ?o sdmx-measure:obsValue ?v } } ORDER BY ?kf ?type""",
    )
    assert [(local(r["kf"]), local(r["type"]), local(r["status"]), r["hasValue"]) for r in rows] == [
        ("kennzahl-ausfall", "plan", "unknown", "false"),  # l. 13 „%	*?*“ under „Planwert 2018“
        ("kennzahl-eskalationen", "actual", "unknown", "false"),  # l. 20 under „IST 2018“
        ("kennzahl-eskalationen", "plan", "unknown", "false"),  # l. 18 under „Planwert 2018“
        ("kennzahl-fachverfahren-sf02", "actual", "unknown", "false"),  # l. 15 under „IST 2018“
    ]
    # „jetzt: Ist-Wert niedriger, obwohl höher als vereinbarte Verfügbarkeit von 95%“: a current value the text
    # states without any number (not even „*?*“): unknown, with no written value
    rows = sparql(
        corpus_build,
        """SELECT ?status ?w WHERE { ?o mg:keyFigure id:key-figure/d6-2018/kennzahl-ausfall ;
        mg:valueType <https://w3id.org/modgraph/def/value-type/baseline> ; mg:valueStatus ?status .
        OPTIONAL { ?o mg:writtenValue ?w } OPTIONAL { ?o sdmx-measure:obsValue ?v } FILTER(!BOUND(?v)) }""",
    )
    assert [(local(r["status"]), r.get("w")) for r in rows] == [("unknown", None)]
    # the figures the text does give: „(=99,9 %“, „vereinbarte Verfügbarkeit von 95%“, „jetzt: 65“, „Ziel: 2 pro Jahr“
    rows = sparql(
        corpus_build,
        """SELECT ?v WHERE { ?o mg:keyFigure/mg:keyFigureOf id:measure/d6-2018/d6 ;
        sdmx-measure:obsValue ?v } ORDER BY ?v""",
    )
    assert sorted(float(r["v"]) for r in rows) == [2, 10, 10, 65, 95, 99.9]


def test_dates(corpus_build):
    # l. 33 „Die Projektlaufzeit wurde aktualisiert und auf den 31.12.2019 terminiert.“
    rows = sparql(
        corpus_build, """SELECT ?end WHERE { id:measure/d6-2018/d6 dct:temporal/time:hasEnd/time:inXSDDate ?end }"""
    )
    assert [r["end"] for r in rows] == ["2019-12-31"]
    rows = sparql(
        corpus_build,
        """SELECT ?kind ?due WHERE { ?m mg:milestoneOf id:measure/d6-2018/d6 ; dct:type ?kind ;
        mg:dueDate/skos:notation ?due } ORDER BY ?due""",
    )
    # „… zeitverzögert zum 01.08.2018.“; „Die Projektarbeit wurde im August aufgenommen.“ (l. 37, year of the report)
    assert [(local(r["kind"]), r["due"]) for r in rows] == [
        ("milestone", "2018-08"),
        ("milestone", "2018-08-01"),
        ("deadline", "2019-12-31"),
    ]
    # the report has only its year: „Jahresbericht Handlungsfelder 2018“ (l. 3)
    rows = sparql(corpus_build, "SELECT ?d WHERE { id:document/d6-2018 dct:issued ?d }")
    assert [r["d"] for r in rows] == ["2018"]


def test_oracle_cloud_service(corpus_build):
    # l. 35 „Einmalig in 2018 wurde auch die Finanzierung des Oracle-Cloudservice aus D6 im Volumen von 602.734,79€ gewährleistet.“
    rows = sparql(
        corpus_build,
        """SELECT ?w ?euro WHERE { id:fund/d6-2018/finanzierung-oracle-cloudservice mg:volume ?v .
        ?v mg:writtenValue ?w ; mg:valueInBaseUnit ?euro }""",
    )
    assert [(r["w"], r["euro"]) for r in rows] == [("602.734,79€", "602734.79")]
    assert ask(corpus_build, "ASK { id:service/d6-2018/oracle-cloudservice mg:fundedBy id:measure/d6-2018/d6 }")
    # l. 15 „SF 02“ and „SF02“ in the same line
    rows = sparql(corpus_build, "SELECT ?v WHERE { id:organisation/senator-finanzen/sf-02 mg:variantLabel ?v }")
    assert [r["v"] for r in rows] == ["SF02"]
