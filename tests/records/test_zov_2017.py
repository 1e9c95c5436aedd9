"""Key facts of zov-2017 (corpus/bremen-zov-masterplan-2017.txt, Senate proposal of 16.08.2017) in the built graph.
Each expected value is read from the source text; the line is quoted in the comment."""

from __future__ import annotations

from tests.queries.catalogue_support import ask
from tests.queries.catalogue_support import sparql as q


def test_issued_and_meeting(corpus_build):
    # l. 36 „Bremen, 16.08.2017“; l. 38 „Vorlage für die Sitzung des Senats am 29.08.2017“
    rows = q(corpus_build, "SELECT ?d WHERE { id:document/zov-2017 dct:issued ?d }")
    assert [r["d"] for r in rows] == ["2017-08-16"]
    rows = q(
        corpus_build,
        "SELECT DISTINCT ?d WHERE { id:event/zov-2017/senatssitzung-2017-08-29 mg:date/time:inXSDDate ?d }",
    )
    assert [r["d"] for r in rows] == ["2017-08-29"]


def test_numbered_projects_per_field(corpus_build):
    rows = q(
        corpus_build,
        """SELECT ?field (COUNT(DISTINCT ?m) AS ?n) (GROUP_CONCAT(?notation; separator=" ") AS ?ns) WHERE {
        GRAPH <https://w3id.org/modgraph/graph/zov-2017> { ?m a mg:Measure ; skos:notation ?notation ; dct:isPartOf ?f .
        ?f a mg:ActionField ; skos:notation ?field } } GROUP BY ?field ORDER BY ?field""",
    )
    got = {
        r["field"]: (int(r["n"]), sorted(r["ns"].split(), key=lambda s: [int(x) for x in s.split(".")])) for r in rows
    }
    assert got == {
        "1": (
            7,
            ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"],
        ),  # l. 127 „1. Integrierte Gesamtsteuerung …“, l. 196 „(1.7)“
        "2": (
            7,
            ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"],
        ),  # l. 210 „2. Personalpolitik und Arbeit 4.0“, l. 257 „(2.7)“
        # l. 263 „3. Digitale Verwaltung“; ll. 300-314 list 3.1-3.5, 3.7, 3.8 and „(3.9)“: no 3.6 in the text
        "3": (8, ["3.1", "3.2", "3.3", "3.4", "3.5", "3.7", "3.8", "3.9"]),
        "4": (6, ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]),  # l. 357 „(4.6)“
        "5": (6, ["5.1", "5.2", "5.3", "5.4", "5.5", "5.6"]),  # l. 407, l. 444 „(5.6)“
        "6": (7, ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7"]),  # l. 454, l. 527 „(6.7)“
        "7": (2, ["7.1", "7.2"]),  # l. 560, l. 570 „(7.2)“
    }
    # l. 586 „Zentrale Änderung in der Struktur des Programms ist die Konzentration auf 7 strategische Entwicklungsfelder.“
    rows = q(
        corpus_build,
        """SELECT ?v WHERE { ?o mg:keyFigure id:key-figure/zov-2017/zov/anzahl-entwicklungsfelder ;
        sdmx-measure:obsValue ?v }""",
    )
    assert [r["v"] for r in rows] == ["7"]


def test_status_of_3_2(corpus_build):
    # l. 296-298 „… durch folgende, sich planmäßig in der Umsetzung befindlichen, Projekte …“;
    # l. 302 „Einführung der elektronischen Rechnung (e-Rechnung) (3.2)“
    rows = q(
        corpus_build,
        """SELECT ?label ?status ?asOf ?doc WHERE { id:measure/zov-2017/3-2 rdfs:label ?label ;
        mg:statusAssertion ?a . FILTER(lang(?label) = "de") ?a mg:status ?status ; mg:asOf/time:inXSDDate ?asOf ;
        mg:accordingTo/dct:identifier ?doc }""",
    )
    assert [(r["label"], r["status"], r["asOf"], r["doc"]) for r in rows] == [
        (
            "Einführung der elektronischen Rechnung (e-Rechnung)",
            "https://w3id.org/modgraph/def/status/in-progress",
            "2017-08-16",
            "zov-2017",
        )
    ]


def test_decision_884_19(corpus_build):
    # l. 622 „Senatsvorlage 884/19 v. 01.11.2016 „Umsetzung“
    rows = q(
        corpus_build,
        """SELECT ?d ?day ?type WHERE { ?d eli:id_local "884/19" ; eli:date_document ?day ;
        eli:type_document ?type }""",
    )
    assert [(r["d"], r["day"], r["type"]) for r in rows] == [
        (
            "https://w3id.org/modgraph/id/decision/zov-2017/senatsvorlage-884-19",
            "2016-11-01",
            "https://w3id.org/modgraph/def/decision-type/senate-proposal",
        )
    ]
    # the numbered Senatsvorlagen of the table (ll. 610-690): 861/19, 884/19, 892/19, 919/19, 1040/19, 1279-1281/19, 1355/19
    rows = q(
        corpus_build,
        """SELECT DISTINCT ?n WHERE { GRAPH <https://w3id.org/modgraph/graph/zov-2017> {
        ?d eli:id_local ?n . FILTER(CONTAINS(?n, "/19")) } } ORDER BY ?n""",
    )
    assert sorted(r["n"] for r in rows) == sorted(
        ["861/19", "884/19", "892/19", "919/19", "1040/19", "1279/19", "1280/19", "1281/19", "1355/19"]
    )


def test_deadline_end_of_september_2017(corpus_build):
    # ll. 163-166 „Das Vergabeverfahren und die Implementierung einer entsprechenden Software sind bis Ende
    # September 2017 und das Fachkonzept zur wirkungsorientierten Steuerung ist bis Ende Dezember 2017 abgeschlossen.“
    rows = q(
        corpus_build,
        """SELECT ?label ?precision ?bound ?wording ?earliest ?latest ?ym WHERE {
        ?m mg:milestoneOf id:measure/zov-2017/1-2 ; rdfs:label ?label ; mg:dueDate ?d .
        ?d mg:precision ?precision ; mg:bound ?bound ; mg:earliest ?earliest ; mg:latest ?latest ; time:inXSDgYearMonth ?ym .
        OPTIONAL { ?d mg:wording ?wording } FILTER(?ym = "2017-09"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>) }""",
    )
    assert [(r["label"], r["precision"], r["bound"], r["wording"], r["earliest"], r["latest"]) for r in rows] == [
        (
            "Vergabeverfahren und Implementierung einer entsprechenden Software abgeschlossen",
            "https://w3id.org/modgraph/def/precision/month",
            "https://w3id.org/modgraph/def/bound/end",
            "bis Ende September 2017",
            "2017-09-01",
            "2017-09-30",
        )
    ]


def test_online_appointments_deadlines(corpus_build):
    # ll. 341-342 „Bis Mai 2018 soll das Online-Terminmanagement-System für die ersten 10 bürgernahen
    # Ämter und Dienststellen und bis Mai 2019 flächendeckend eingeführt sein.“
    rows = q(
        corpus_build,
        """SELECT ?ym ?bound WHERE { ?m mg:milestoneOf id:measure/zov-2017/4-1 ; mg:dueDate ?d .
        ?d time:inXSDgYearMonth ?ym ; mg:bound ?bound } ORDER BY ?ym""",
    )
    assert [(r["ym"], r["bound"][-2:]) for r in rows] == [("2018-05", "by"), ("2019-05", "by")]
    rows = q(
        corpus_build,
        "SELECT ?v WHERE { ?o mg:keyFigure id:key-figure/zov-2017/4-1/aemter-erste-stufe ; sdmx-measure:obsValue ?v }",
    )
    assert [r["v"] for r in rows] == ["10"]


def test_proposed_decisions_of_section_g(corpus_build):
    # l. 870 „… (zSKS) zum 31.12.2017.“; l. 874 „Fortschreibung des Masterplans und Berichterstattung zum Juni 2018.“
    rows = q(
        corpus_build,
        """SELECT ?n ?due WHERE { ?d eli:id_local ?n ; eli:type_document
        <https://w3id.org/modgraph/def/decision-type/senate-proposal> ; mg:date/time:inXSDDate "2017-08-29"^^<http://www.w3.org/2001/XMLSchema#date> .
        OPTIONAL { ?d mg:dueDate/rdfs:label ?due } } ORDER BY ?n""",
    )
    assert [(r["n"], r["due"]) for r in rows] == [
        ("1", None),
        ("2", None),
        # the dates' English labels read as the text gives them (issue 13: no more "by of 2018-06")
        ("3", "31 December 2017"),
        ("4", "by June 2018"),
        ("5", None),
    ]


def test_programme_restructuring(corpus_build):
    # l. 590 „Das Entwicklungsfeld 7 „Öffentliches Bauen und Forderungsmanagement“ wurde aufgelöst.“; field 8 merged into 1
    rows = q(
        corpus_build, """SELECT ?f ?s WHERE { ?f a mg:ActionField ; mg:statusAssertion/mg:status ?s } ORDER BY ?f"""
    )
    assert [(r["f"].rsplit("/", 1)[1], r["s"].rsplit("/", 1)[1]) for r in rows] == [
        ("ef-7-alt", "dissolved"),
        ("ef-8-alt", "merged"),
    ]
    # „Das Entwicklungsfeld 8 „Öffentliche Unternehmen“ wird in das Entwicklungsfeld 1 „Integrierte Gesamtsteuerung“ eingegliedert.“
    assert ask(corpus_build, "ASK { id:field/zov-2017/ef-8-alt mg:mergedInto id:field/zov-2017/ef-1 }")


def test_reinforcement_funds_and_strategy(corpus_build):
    # l. 110-111 „… im Rahmen der Haushaltsaufstellung 2018/19 zusätzlich insgesamt 20 Millionen Euro pro Haushaltsjahr“
    rows = q(
        corpus_build,
        """SELECT ?w ?euro WHERE {
        id:fund/zov-2017/verstaerkungsmittel-2018-19 mg:volume ?v . ?v mg:writtenValue ?w ; mg:valueInBaseUnit ?euro }""",
    )
    assert [(r["w"], r["euro"]) for r in rows] == [("insgesamt 20 Millionen Euro", "20000000")]
    # l. 269 „Am 8.11.2016 hat der Senat mit „Verwaltung 4.0“ eine E-Government- und Digitalisierungsstrategie … mit
    # folgenden Zielsetzungen verabschiedet:“ — seven goals (ll. 277-293)
    rows = q(
        corpus_build,
        """SELECT (COUNT(DISTINCT ?g) AS ?n) ?day WHERE { ?g mg:goalOf id:programme/verwaltung-4-0 .
        id:programme/verwaltung-4-0 mg:adoptedOn/time:inXSDDate ?day } GROUP BY ?day""",
    )
    assert [(r["n"], r["day"]) for r in rows] == [("7", "2016-11-08")]
    # l. 46 „Am 21.06.2016 hat der Senat das Programm „Zukunftsorientierte Verwaltung“ sowie den …“
    rows = q(corpus_build, "SELECT DISTINCT ?day WHERE { id:programme/zov mg:adoptedOn/time:inXSDDate ?day }")
    assert [r["day"] for r in rows] == ["2016-06-21"]


def test_audited_statuses_and_bodies(corpus_build):
    # ll. 462-472 „Mit dem „Aufbau eines Einkaufs- und Vergabezentrums bei Immobilien Bremen“ (6.1) ist im letzten Jahr …
    # etabliert worden. Mit der „Einführung einer ressortübergreifenden Personalsachbearbeitung“ (6.5) … befindet sich
    # ein weiteres Projekt in der Umsetzung.“ — 6.1 is never called „abgeschlossen“ (unlike 6.3, l. 478)
    rows = q(
        corpus_build,
        """SELECT ?m ?s WHERE { VALUES ?m { id:measure/zov-2017/6-1 id:measure/zov-2017/6-3 }
        ?m mg:statusAssertion/mg:status ?s } ORDER BY ?m""",
    )
    assert [(r["m"].rsplit("/", 1)[1], r["s"].rsplit("/", 1)[1]) for r in rows] == [
        ("6-1", "in-progress"),
        ("6-3", "completed"),
    ]
    # the responsible body only where the text places the project at it: 6.1 „bei Immobilien Bremen“,
    # 4.2 „Der Beirat für bürgerfreundliche Verwaltung der Senatorin für Finanzen (4.2)“; 6.5 keeps Performa Nord as participant
    rows = q(
        corpus_build,
        """SELECT ?m ?b WHERE { VALUES ?m { id:measure/zov-2017/4-2 id:measure/zov-2017/6-1 id:measure/zov-2017/6-5 }
        ?m mg:responsibleBody ?b } ORDER BY ?m""",
    )
    assert [(r["m"].rsplit("/", 1)[1], r["b"].rsplit("/", 1)[1]) for r in rows] == [
        ("4-2", "senator-finanzen"),
        ("6-1", "immobilien-bremen"),
    ]
    # projects for which the text states no status: 4.3, 5.1, 5.2, 5.5, 7.1
    rows = q(
        corpus_build,
        """SELECT ?m WHERE { VALUES ?m { id:measure/zov-2017/4-3 id:measure/zov-2017/5-1
        id:measure/zov-2017/5-2 id:measure/zov-2017/5-5 id:measure/zov-2017/7-1 } ?m mg:statusAssertion ?a }""",
    )
    assert rows == []


def test_audited_deadlines(corpus_build):
    # l. 403 „… soll bis Ende 2017 … projektiert werden“: the year only, end of it
    rows = q(
        corpus_build,
        """SELECT ?precision ?bound ?earliest ?latest WHERE { ?m mg:milestoneOf id:measure/zov-2017/4-5 ;
        mg:dueDate ?d . ?d mg:precision ?precision ; mg:bound ?bound ; mg:earliest ?earliest ; mg:latest ?latest }""",
    )
    assert [(r["precision"][-4:], r["bound"][-3:], r["earliest"], r["latest"]) for r in rows] == [
        ("year", "end", "2017-01-01", "2017-12-31")
    ]
    # l. 866-870: the report „zum 31.12.2017“ asked of the Senator für Wirtschaft, Arbeit und Häfen by proposed decision 3
    assert ask(
        corpus_build, "ASK { ?m mg:milestoneOf id:measure/zov-2017/6-2 ; mg:setBy id:decision/zov-2017/beschluss-g3 }"
    )


def test_table_decisions_are_traced_to_their_own_rows(corpus_build):
    # audit (records/AUDIT.md, no. 71 and the supplementary draw): short quotes of the flattened table of ll. 609-700
    # were found first in a neighbouring row. l. 645-646 „Senatsvorlage 1040/19 v. 10.01.2017 „Zwischenbericht zur
    # Neustrukturierung des Stadtamtes““ (its second quote matched the title of 861/19, l. 642); l. 655-656
    # „Senatsvorlage 1355/19 v. 13.06.2017 „Abschlussbericht zur Neustrukturierung des Stadtamtes““ (matched 1040/19's
    # title, l. 645); l. 674-679 „Der Senat hat die Senatorin für Finanzen gebeten, kurzfristig eine Bilanz- und
    # Entscheidungsvorlage für die Weiterentwicklung des Forderungsmanagements vorzulegen.“ (matched the Stadtamt row,
    # l. 639, and the narrative of 6.7, l. 527)
    rows = q(
        corpus_build,
        """SELECT ?d (GROUP_CONCAT(STR(?line); separator=",") AS ?lines) WHERE {
        VALUES ?d { id:decision/zov-2017/senatsvorlage-1040-19 id:decision/zov-2017/senatsvorlage-1355-19
                    id:decision/zov-2017/auftrag-2016-06-21-forderungsmanagement }
        ?d <http://www.w3.org/ns/prov#wasDerivedFrom>/mg:line ?line } GROUP BY ?d ORDER BY ?d""",
    )
    assert [(r["d"].rsplit("/", 1)[1], r["lines"]) for r in rows] == [
        ("auftrag-2016-06-21-forderungsmanagement", "674"),
        ("senatsvorlage-1040-19", "645"),
        ("senatsvorlage-1355-19", "655"),
    ]
