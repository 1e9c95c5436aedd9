"""The model terms of issue 13 (part 2) on the real corpus: annex catalogues, moves between fields, cross-cutting
fields, relative key-figure targets, foci (Schwerpunkte), typed services, dates without month, ZOV 4.2, Bremen as
body and places, natural date labels. Each expected value is read from the source text; the line is in the comment."""

from __future__ import annotations

from tests.queries.catalogue_support import sparql as _sparql

EXTRA = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX cpsv: <http://purl.org/vocab/cpsv#>
"""


def sparql(corpus_build, body: str) -> list[dict]:
    """The catalogue helper with the three prefixes it lacks (owl, prov, cpsv)."""
    return _sparql(corpus_build, EXTRA + body)


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def test_leipzig_annex_is_a_catalogue_of_55_measures(corpus_build):
    # leipzig l. 370 „Die vollständige Liste der Maßnahmen ist als Anlage beigefügt.“, l. 374 „- Übersicht über die
    # Maßnahmen“; the annex ll. 376-445 lists 5, 4, 11, 8, 6, 2, 6, 4, 5, 4 measures per field (l. 360 „55 Maßnahmen“)
    rows = sparql(
        corpus_build,
        """SELECT ?n (COUNT(DISTINCT ?m) AS ?c) WHERE { ?m mg:listedIn ?cat ; dct:isPartOf ?f . ?f skos:notation ?n .
        ?cat a mg:MeasureCatalogue ; mg:inSource true ; dct:isPartOf id:document/leipzig-2018 }
        GROUP BY ?n ORDER BY STRLEN(?n) ?n""",
    )
    assert [(r["n"], int(r["c"])) for r in rows] == [
        ("HF 1", 5),
        ("HF 2", 4),
        ("HF 3", 11),
        ("HF 4", 8),
        ("HF 5", 6),
        ("HF 6", 2),
        ("HF 7", 6),
        ("HF 8", 4),
        ("HF 9", 5),
        ("HF 10", 4),
    ]
    # l. 259: the restructuring of the Personalamt „im Jahr 2017“ is a measure of HF 5 but not in the annex
    rows = sparql(
        corpus_build,
        """SELECT ?m WHERE { ?m a mg:Measure ; dct:isPartOf id:field/leipzig-2018/hf-5 .
        FILTER NOT EXISTS { ?m mg:listedIn ?c } }""",
    )
    assert len(rows) == 1


def test_catalogues_named_but_not_included(corpus_build):
    # d6 l. 9 „Lfd. Nr. D6 der Liste“; zov l. 96-97 „Die aktuellen Vorhaben werden als Portraits im Masterplan
    # (Anlage 1) dargestellt.“ — neither list is part of its document
    rows = sparql(
        corpus_build,
        """SELECT ?c ?in (COUNT(?m) AS ?n) WHERE { ?c a mg:MeasureCatalogue ; mg:inSource ?in .
        OPTIONAL { ?m mg:listedIn ?c } } GROUP BY ?c ?in ORDER BY ?c""",
    )
    assert sorted((local(r["c"]), r["in"], int(r["n"])) for r in rows) == [
        ("anlage-1-masterplan", "false", 0),
        ("anlage-massnahmen", "true", 55),
        ("liste-handlungsfelder", "false", 1),
    ]


def test_zov_6_7_moved_from_old_field_7_to_field_6(corpus_build):
    # zov l. 590 „Das Entwicklungsfeld 7 „Öffentliches Bauen und Forderungsmanagement“ wurde aufgelöst.“;
    # l. 592-594 „Das Vorhaben „Optimierung des Forderungsmanagement" wurde dem Entwicklungsfeld 6 „Optimierung der
    # Organisation“ zugeordnet.“ (document of 16.08.2017)
    rows = sparql(
        corpus_build,
        """SELECT ?m ?from ?to ?d ?line WHERE { ?mv a mg:FieldMove ; mg:moveOf ?m ; mg:fromField ?from ;
        mg:toField ?to ; mg:asOf/time:inXSDDate ?d ; prov:wasDerivedFrom/mg:line ?line }""",
    )
    assert [(local(r["m"]), local(r["from"]), local(r["to"]), r["d"], r["line"]) for r in rows] == [
        ("6-7", "ef-7-alt", "ef-6", "2017-08-16", "592")
    ]


def test_cross_cutting_fields(corpus_build):
    # leipzig l. 173 „Das Handlungsfeld 1 „Demokratie und Werte“ bildet den Gesamtrahmen … Die Handlungsfelder 2
    # „Strategie und Steuerung“, 9 „Interne Kommunikation“ und 10 „Kooperation“ beinhalten ebenfalls
    # verwaltungsübergreifendes Handeln.“ — „ebenfalls“: HF 1 as well; no ZOV field is called cross-cutting
    rows = sparql(
        corpus_build, "SELECT ?n WHERE { ?f a mg:CrossCuttingField ; skos:notation ?n } ORDER BY STRLEN(?n) ?n"
    )
    assert [r["n"] for r in rows] == ["HF 1", "HF 2", "HF 9", "HF 10"]


def test_relative_key_figure_target(corpus_build):
    # d6 l. 15 „(jetzt: 65, Ende 2019: Fachverfahren aus 4 weiteren Dienststellen, ca. 10)“: about ten more, not a level
    rows = sparql(
        corpus_build,
        """SELECT ?type ?v ?change ?period WHERE { ?o mg:keyFigure id:key-figure/d6-2018/kennzahl-fachverfahren-sf02 ;
        mg:valueType ?type ; sdmx-measure:obsValue ?v . OPTIONAL { ?o mg:change ?change }
        OPTIONAL { ?o sdmx-dimension:refPeriod/rdfs:label ?period } } ORDER BY ?type""",
    )
    assert [(local(r["type"]), r["v"], r["change"] and local(r["change"]), r["period"]) for r in rows] == [
        ("baseline", "65", None, None),
        ("target", "10", "increase", "end of 2019"),
    ]
    # every other value of the corpus is an absolute level (d6 l. 18 „Ziel: 2 pro Jahr“ is a level of 2)
    rows = sparql(corpus_build, "SELECT (COUNT(?o) AS ?n) WHERE { ?o mg:change ?c }")
    assert rows[0]["n"] == "1"


def test_foci_are_not_goals(corpus_build):
    # leipzig l. 339-347 „Die Schwerpunkte der Maßnahmen liegen auf den Gebieten der“ + 7 bullets; l. 243 „Ein
    # weiterer Schwerpunkt der nächsten Jahre ist die Schaffung der Voraussetzungen für mobiles Arbeiten …“;
    # zov l. 566 „Schwerpunkt der aktuellen Bemühungen ist die Intensivierung der Kooperation mit dem Land
    # Niedersachsen …“ (field 7); l. 511 „Im Rahmen der Schwerpunktsetzung soll vorrangig das Thema Vergabe …“ (6.2)
    rows = sparql(
        corpus_build,
        """SELECT ?of (COUNT(?f) AS ?n) WHERE { ?f a mg:Focus ; mg:focusOf ?of . FILTER NOT EXISTS { ?f a mg:Goal } }
        GROUP BY ?of ORDER BY ?of""",
    )
    assert sorted((local(r["of"]), int(r["n"])) for r in rows) == [("6-2", 1), ("ef-7", 1), ("hf-4", 1), ("move", 7)]
    # the seven were published as goals: their old IRIs name the foci (owl:sameAs), and no goal is left
    rows = sparql(
        corpus_build,
        """SELECT ?old ?new WHERE { ?old owl:sameAs ?new . ?new a mg:Focus } ORDER BY ?old""",
    )
    assert [r["old"].split("/id/")[1] for r in rows] == [f"goal/leipzig-2018/move/schwerpunkt-{n}" for n in range(1, 8)]
    assert all(r["new"].split("/id/")[1] == r["old"].split("/id/")[1].replace("goal/", "focus/") for r in rows)
    rows = sparql(corpus_build, "SELECT ?g WHERE { ?g a mg:Goal . FILTER(CONTAINS(STR(?g), 'schwerpunkt')) }")
    assert rows == []


def test_services_typed_by_what_they_are(corpus_build):
    rows = sparql(
        corpus_build,
        """SELECT ?s ?t WHERE { ?s a mg:Service ; dct:type ?t } ORDER BY ?s""",
    )
    got = {r["s"].split("/id/service/")[1]: local(r["t"]) for r in rows}
    # zov l. 345-346 „Neben dem Onlineportal service.bremen.de und dem Bürgertelefon Bremen“
    assert got["service-bremen-de"] == "online-service"
    assert got["zov-2017/buergertelefon-bremen"] == "telephone-service"
    # zov „welche den „Integrierten Personalservice“ bei Performa Nord ausbaut“ (6.5): a service for the administration
    assert got["zov-2017/integrierter-personalservice"] == "internal-service"
    # invest l. 11 „Dokumentenmanagementsystem VIS“; leipzig l. 404 „zentrale Dienste und Verfahren (z.B. SAP, …)“
    assert got["vis"] == "software-product" and got["leipzig-2018/sap"] == "software-product"
    # abt4 l. 21 „Unterhaltsvorschuss Online (UVO)“; d6 l. 34 „über alle Ressorts zentralisierte Dienstleistung“
    assert got["abt4-news/uvo"] == "online-service" and got["d6-2018/oracle-idos-service"] == "internal-service"
    from collections import Counter

    assert Counter(got.values()) == {
        "online-service": 9,
        "software-product": 8,
        "internal-service": 7,
        "telephone-service": 1,
        "public-service": 1,
    }
    # only public services are cpsv:PublicService
    rows = sparql(
        corpus_build,
        """SELECT ?s WHERE { ?s a cpsv:PublicService ; dct:type ?t .
        FILTER(?t IN (<https://w3id.org/modgraph/def/service-type/internal-service>,
                      <https://w3id.org/modgraph/def/service-type/software-product>)) }""",
    )
    assert rows == []


def test_it_klausur_days_without_month(corpus_build):
    # d6 l. 36 „fand am 29. und 30. im Rahmen der diesjährigen IT-Klausur statt“: days of 2018, month not given
    rows = sparql(
        corpus_build,
        """SELECT ?p ?y ?d ?e ?l ?label WHERE { id:event/d6-2018/it-klausur-2018 mg:date ?date .
        ?date mg:precision ?p ; time:inDateTime ?desc ; mg:earliest ?e ; mg:latest ?l ; rdfs:label ?label .
        ?desc time:year ?y ; time:day ?d . FILTER NOT EXISTS { ?desc time:month ?m } }""",
    )
    assert [(local(r["p"]), r["y"], r["d"], r["e"], r["l"], r["label"]) for r in rows] == [
        ("day-no-month", "2018", "---29", "2018-01-29", "2018-12-29", "the 29th, month not given, 2018")
    ]
    rows = sparql(corpus_build, "SELECT ?n WHERE { id:event/d6-2018/it-klausur-2018 mg:endDate/skos:notation ?n }")
    assert [r["n"] for r in rows] == ["2018-xx-30"]


def test_zov_4_2_no_longer_a_project_but_its_beirat_continues(corpus_build):
    # zov l. 363-367 „Der Beirat für bürgerfreundliche Verwaltung der Senatorin für Finanzen (4.2) findet sich im
    # Masterplan nicht mehr auf Ebene eines Einzelprojekts wieder, sondern dient als Impulsgeber für das
    # Entwicklungsfeld insgesamt“; l. 777 „… hat seine Arbeit fortgesetzt.“
    rows = sparql(corpus_build, "SELECT ?s WHERE { id:measure/zov-2017/4-2 mg:statusAssertion/mg:status ?s }")
    assert [local(r["s"]) for r in rows] == ["no-longer-a-project"]
    rows = sparql(
        corpus_build,
        "SELECT ?f WHERE { id:organisation/zov-2017/beirat-buergerfreundliche-verwaltung mg:contributesTo ?f }",
    )
    assert [local(r["f"]) for r in rows] == ["ef-4"]
    # „aufgelöst“ stands only for the old field 7 (l. 590)
    rows = sparql(
        corpus_build,
        "SELECT ?x WHERE { ?x mg:statusAssertion/mg:status <https://w3id.org/modgraph/def/status/dissolved> }",
    )
    assert [local(r["x"]) for r in rows] == ["ef-7-alt"]


def test_bremen_body_state_and_city(corpus_build):
    # zov l. 130-131 „Entwicklung der Freien Hansestadt Bremen. Die Attraktivität und Anziehungskraft von Bremen und
    # Bremerhaven …“: the body fhb, its territory land-bremen, the two cities in it
    rows = sparql(corpus_build, "SELECT ?t WHERE { id:organisation/fhb dct:spatial ?t }")
    assert [local(r["t"]) for r in rows] == ["land-bremen"]
    rows = sparql(corpus_build, "SELECT ?c WHERE { ?c schema:containedInPlace id:place/land-bremen } ORDER BY ?c")
    assert [local(r["c"]) for r in rows] == ["bremen", "bremerhaven"]
    rows = sparql(corpus_build, "SELECT ?t WHERE { id:place/land-bremen dct:type ?t } ")
    assert {local(r["t"]) for r in rows} == {"state"}
    rows = sparql(corpus_build, "SELECT ?t WHERE { id:place/bremen dct:type ?t } ")
    assert {local(r["t"]) for r in rows} == {"city"}
    # invest l. 21 „Investitionssofortprogramm des Landes Bremen“ names the body: organisation fhb, not a place
    rows = sparql(corpus_build, "SELECT ?x WHERE { ?x rdfs:label 'Land Bremen'@de ; a org:Organization }")
    assert [local(r["x"]) for r in rows] == ["fhb"]


def test_date_labels_read_naturally(corpus_build):
    # zov l. 18 „bis Ende September 2017“ (1.2); leipzig l. 349 „bis 2022“; abt4 l. 42 „am 14. März“ (no year)
    rows = sparql(corpus_build, "SELECT DISTINCT ?l WHERE { ?d a time:Instant ; rdfs:label ?l }")
    labels = {r["l"] for r in rows}
    assert {"end of September 2017", "by 2022", "14 March (year not given)", "16 August 2017"} <= labels
    assert not {lab for lab in labels if " of of" in lab or "by of" in lab or "end of 20" in lab and "-" in lab}
    rows = sparql(
        corpus_build,
        """SELECT DISTINCT ?de WHERE { ?d rdfs:label "end of September 2017"@en ; skos:altLabel ?de }""",
    )
    assert [r["de"] for r in rows] == ["Ende September 2017"]
