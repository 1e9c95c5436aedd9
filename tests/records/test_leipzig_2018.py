"""Key facts of leipzig-2018 (corpus/leipzig-moderne-verwaltung-2018.txt, concept „Moderne Verwaltung für die
wachsende Stadt Leipzig“, January 2018) in the built graph. Each expected value is read from the source text; the
line is quoted in the comment."""

from __future__ import annotations

from tests.queries.catalogue_support import sparql

MOVE = "id:programme/leipzig-2018/move"


def test_issued_and_horizon(corpus_build):
    # l. 17 „Januar 2018“; l. 50 „… für die nächsten Jahre bis 2022 sowie perspektivisch bis 2030.“
    assert [r["d"] for r in sparql(corpus_build, "SELECT ?d WHERE { id:document/leipzig-2018 dct:issued ?d }")] == [
        "2018-01"
    ]
    rows = sparql(corpus_build, f"SELECT ?e WHERE {{ {MOVE} dct:temporal/time:hasEnd/time:inXSDgYear ?e }}")
    assert [r["e"] for r in rows] == ["2022"]
    rows = sparql(corpus_build, f"SELECT ?s WHERE {{ {MOVE} dct:alternative ?s }}")
    assert [r["s"] for r in rows] == ["MoVe"]  # l. 50 „(kurz: MoVe)“


def test_ten_action_fields_and_eight_principles(corpus_build):
    # l. 107 „… acht Grundsätze des Handelns der Verwaltung (s. Pkt.2) verfolgt, die durch zehn Handlungsfelder
    # repräsentiert sind.“; table ll. 152-164 „HF 1 Demokratie und Werte“ … „HF 10 Kooperation“
    rows = sparql(
        corpus_build,
        f"""SELECT ?n ?l WHERE {{ ?f a mg:ActionField ; dct:isPartOf {MOVE} ; skos:notation ?n ;
        rdfs:label ?l . FILTER(lang(?l) = "de") }} ORDER BY STRLEN(?n) ?n""",
    )
    assert [(r["n"], r["l"]) for r in rows] == [
        ("HF 1", "Demokratie und Werte"),
        ("HF 2", "Strategie und Steuerung"),
        ("HF 3", "Organisation und E-Government"),
        ("HF 4", "IT-Infrastruktur und IT-Steuerung"),
        ("HF 5", "Kernprozesse - Personalmanagement"),
        ("HF 6", "Personalentwicklung"),
        ("HF 7", "Führung und Zusammenarbeit"),
        ("HF 8", "Gesundheitsmanagement und Vielfalt in der Arbeit"),
        ("HF 9", "Interne Kommunikation"),
        ("HF 10", "Kooperation"),
    ]
    # ll. 123-130: table „Handlungsgrundsätze für die moderne Verwaltung“, 1. „Wir für die Stadt.“ … 8. „Geschäftsprozesse“
    rows = sparql(
        corpus_build,
        f"""SELECT ?n ?l WHERE {{ ?p a mg:Principle ; dct:isPartOf {MOVE} ; skos:notation ?n ;
        rdfs:label ?l . FILTER(lang(?l) = "de") }} ORDER BY ?n""",
    )
    assert [(r["n"], r["l"]) for r in rows] == [
        ("1", "Wir für die Stadt."),
        ("2", "Ziele und Steuerung"),
        ("3", "Wirtschaftlichkeit"),
        ("4", "Einheitlichkeit des Verwaltungshandelns"),
        ("5", "Arbeitsbedingungen"),
        ("6", "Mitarbeiterführung"),
        ("7", "Verantwortung"),
        ("8", "Geschäftsprozesse"),
    ]


def test_measures_per_field(corpus_build):
    # annex ll. 378-445: HF 1: 5, HF 2: 4, HF 3: 11, HF 4: 8, HF 5: 6, HF 6: 2, HF 7: 6, HF 8: 4, HF 9: 5 (with
    # l. 440 „Moderne Arbeitswelten“), HF10: 4 (the last, l. 445 „Zusammenarbeit bei Aus- und Fortbildung neu gestalten
    # (VWA,BA u.a.)“) = 55, as the graphic title (l. 360) says: „Umsetzung der 55 Maßnahmen“. HF 5 also holds the
    # restructuring of the Personalamt „im Jahr 2017“ (l. 259), which is not an annex measure. The annex is the
    # catalogue the measures are mg:listedIn (l. 370 „Die vollständige Liste der Maßnahmen ist als Anlage beigefügt.“).
    rows = sparql(
        corpus_build,
        f"""SELECT ?n (COUNT(DISTINCT ?m) AS ?all) (COUNT(DISTINCT ?annex) AS ?annexMeasures) WHERE {{
        ?f dct:isPartOf {MOVE} ; skos:notation ?n . ?m a mg:Measure ; dct:isPartOf ?f .
        OPTIONAL {{ ?m mg:listedIn id:catalogue/leipzig-2018/anlage-massnahmen . BIND(?m AS ?annex) }} }}
        GROUP BY ?n ORDER BY STRLEN(?n) ?n""",
    )
    assert [(r["n"], int(r["all"]), int(r["annexMeasures"])) for r in rows] == [
        ("HF 1", 5, 5),
        ("HF 2", 4, 4),
        ("HF 3", 11, 11),
        ("HF 4", 8, 8),
        ("HF 5", 7, 6),
        ("HF 6", 2, 2),
        ("HF 7", 6, 6),
        ("HF 8", 4, 4),
        ("HF 9", 5, 5),
        ("HF 10", 4, 4),
    ]
    assert sum(int(r["annexMeasures"]) for r in rows) == 55


def test_hf1_two_names(corpus_build):
    # l. 152 „HF 1 Demokratie und Werte“ (overview table) but l. 177 „HF 1 Werte und demokratische Prozesse“ (section
    # heading) and l. 378 „HF 1	Werte und demokratische Prozesse“ (annex)
    rows = sparql(
        corpus_build,
        """SELECT ?l ?v WHERE { id:field/leipzig-2018/hf-1 rdfs:label ?l ; mg:variantLabel ?v .
        FILTER(lang(?l) = "de") }""",
    )
    assert [(r["l"], r["v"]) for r in rows] == [("Demokratie und Werte", "Werte und demokratische Prozesse")]


def test_interdependencies(corpus_build):
    # l. 173 „Das Handlungsfeld 1 „Demokratie und Werte“ bildet den Gesamtrahmen und Grundlage für das Verwaltungshandeln.“
    rows = sparql(corpus_build, "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f mg:basedOn id:field/leipzig-2018/hf-1 }")
    assert rows[0]["n"] == "9"
    # „Die Handlungsfelder 3 und 4 … stehen in enger Kooperation mit den personalbezogenen Handlungsfeldern 5 bis 8.“
    rows = sparql(
        corpus_build,
        """SELECT ?a ?b WHERE { ?x mg:coordinatedWith ?y . ?x a mg:ActionField ; skos:notation ?a .
        ?y a mg:ActionField ; skos:notation ?b } ORDER BY ?a ?b""",
    )
    assert {(r["a"], r["b"]) for r in rows} == {(a, f"HF {n}") for a in ("HF 3", "HF 4") for n in range(5, 9)}
    # „Die Handlungsfelder 2 „Strategie und Steuerung“, 9 „Interne Kommunikation“ und 10 „Kooperation“ beinhalten ebenfalls
    # verwaltungsübergreifendes Handeln.“ — a property the three fields share (like HF 1), not a dependency between
    # them: no interdependency among the fields; the statement stands in the description of each of the three
    rows = sparql(
        corpus_build,
        """SELECT ?a ?b WHERE { ?x mg:interdependentWith ?y . ?x skos:notation ?a .
        ?y skos:notation ?b . ?x a mg:ActionField }""",
    )
    assert rows == []
    rows = sparql(
        corpus_build,
        f"""SELECT ?n WHERE {{ ?f a mg:ActionField ; dct:isPartOf {MOVE} ; skos:notation ?n ;
        dct:description ?d . FILTER(CONTAINS(?d, "ebenfalls verwaltungsübergreifendes Handeln")) }} ORDER BY STRLEN(?n) ?n""",
    )
    assert [r["n"] for r in rows] == ["HF 2", "HF 9", "HF 10"]


def test_rahmenvereinbarung_bgm(corpus_build):
    # l. 291 „… eine Rahmenvereinbarung BGM (Vorlage - VI-DS-03765) erarbeitet.“
    rows = sparql(corpus_build, "SELECT ?n WHERE { id:decision/leipzig-2018/rahmenvereinbarung-bgm eli:id_local ?n }")
    assert [r["n"] for r in rows] == ["VI-DS-03765"]
    # l. 3: „In einer Stadt mit bald 700.000 Einwohnern“
    rows = sparql(
        corpus_build,
        "SELECT ?v WHERE { ?o mg:keyFigure id:key-figure/leipzig-2018/einwohner-leipzig ; sdmx-measure:obsValue ?v }",
    )
    assert [r["v"] for r in rows] == ["700000"]
