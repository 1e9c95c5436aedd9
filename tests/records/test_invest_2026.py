"""Key facts of invest-2026 (corpus/bremen-investitionen-performa-nord-2026.txt, press release of 17.02.2026) in the
built graph. Each expected value is read from the source text; the line is quoted in the comment."""

from __future__ import annotations

from tests.queries.catalogue_support import ask, local, sparql


def amount(corpus_build, resource: str, prop: str):
    rows = sparql(
        corpus_build,
        f"""SELECT DISTINCT ?w ?v ?unit ?scale ?euro ?status WHERE {{ {resource} {prop} ?a .
        ?a mg:writtenValue ?w ; mg:valueStatus ?status ; schema:unitText ?unit .
        OPTIONAL {{ ?a schema:value ?v ; mg:scaleFactor ?scale ; mg:valueInBaseUnit ?euro }} }}""",
    )
    assert len(rows) == 1
    r = rows[0]
    return r["w"], r["v"], r["unit"], r["scale"], r["euro"], local(r["status"])


def test_issued_and_decision(corpus_build):
    # l. 9 „17.02.2026“; l. 11 „Der Senat hat heute (17. Februar 2026) der Mittelverwendung für die Umsetzung der vier
    # Maßnahmen in 2026/27 zugestimmt.“
    assert [r["d"] for r in sparql(corpus_build, "SELECT ?d WHERE { id:document/invest-2026 dct:issued ?d }")] == [
        "2026-02-17"
    ]
    rows = sparql(
        corpus_build,
        """SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
        id:decision/invest-2026/senatsbeschluss-2026-02-17 eli:is_about ?m ; eli:date_document "2026-02-17"^^xsd:date ;
        eli:passed_by id:organisation/senat-bremen . ?m a mg:Measure }""",
    )
    assert rows[0]["n"] == "4"


def test_costs_of_the_measures(corpus_build):
    # l. 19 „Für die Umstellung des Terminmanagements auf das VOIS-Baukastensystem sind insgesamt 270.000 Euro vorgesehen.“
    assert amount(corpus_build, "id:measure/invest-2026/vois-terminmanagement", "mg:cost") == (
        "insgesamt 270.000 Euro",
        "270000",
        "Euro",
        "1",
        "270000",
        "stated",
    )
    # l. 18 „Für das Vorhaben stehen insgesamt rund 974.000 Euro bereit.“
    assert amount(corpus_build, "id:measure/invest-2026/basis-bremen-pc-vis", "mg:cost") == (
        "insgesamt rund 974.000 Euro",
        "974000",
        "Euro",
        "1",
        "974000",
        "approximate",
    )
    # l. 17 „Die Gesamtkosten für beide Maßnahmen belaufen sich auf rund 2,9 Millionen Euro.“ — one joint amount
    assert amount(corpus_build, "id:fund/invest-2026/fuersorge-gesamtkosten", "mg:volume") == (
        "rund 2,9 Millionen Euro",
        "2.9",
        "Millionen Euro",
        "1000000",
        "2900000",
        "approximate",
    )
    for m in ("dienstunfallfuersorge", "freie-heilfuersorge"):
        assert not ask(corpus_build, f"ASK {{ id:measure/invest-2026/{m} mg:cost ?c }}")
        assert ask(
            corpus_build, f"ASK {{ id:measure/invest-2026/{m} mg:fundedBy id:fund/invest-2026/fuersorge-gesamtkosten }}"
        )


def test_funds_and_chain(corpus_build):
    # l. 11 „stehen im Rahmen des Investitionssofortprogramms rund vier Millionen Euro bereit“
    assert amount(corpus_build, "id:fund/invest-2026/performa-nord-digitalisierung", "mg:volume") == (
        "rund vier Millionen Euro",
        "4",
        "Millionen Euro",
        "1000000",
        "4000000",
        "approximate",
    )
    # l. 25 „Daraus stehen dem Land Bremen in den kommenden Jahren insgesamt 941 Millionen Euro zur Verfügung.
    # Das Investitionssofortprogramm für die Jahre 2026/27 hat einen finanziellen Umfang von rund 354 Millionen Euro.“
    assert amount(corpus_build, "id:fund/invest-2026/sondervermoegen-anteil-bremen", "mg:volume") == (
        "insgesamt 941 Millionen Euro",
        "941",
        "Millionen Euro",
        "1000000",
        "941000000",
        "stated",
    )
    assert amount(corpus_build, "id:fund/investitionssofortprogramm-bremen-2026-27", "mg:volume") == (
        "rund 354 Millionen Euro",
        "354",
        "Millionen Euro",
        "1000000",
        "354000000",
        "approximate",
    )
    # „Gespeist wird das Investitionssofortprogramm des Landes Bremen aus Mitteln des Sondervermögens für Infrastruktur
    # und Klimaneutralität des Bundes.“ — VOIS → Performa-Nord funds → programme → Bremen's share → federal fund
    rows = sparql(
        corpus_build,
        """SELECT ?f WHERE { id:measure/invest-2026/vois-terminmanagement mg:fundedBy+ ?f .
        ?f mg:fundedBy* id:fund/sondervermoegen-infrastruktur-klimaneutralitaet }""",
    )
    assert {local(r["f"]) for r in rows} == {
        "performa-nord-digitalisierung",
        "investitionssofortprogramm-bremen-2026-27",
        "sondervermoegen-anteil-bremen",
        "sondervermoegen-infrastruktur-klimaneutralitaet",
    }
    assert ask(
        corpus_build,
        """ASK { id:fund/sondervermoegen-infrastruktur-klimaneutralitaet mg:provider id:organisation/bund }""",
    )
    rows = sparql(
        corpus_build,
        """SELECT ?s ?e WHERE { id:fund/investitionssofortprogramm-bremen-2026-27 dct:temporal ?p .
        ?p time:hasBeginning/time:inXSDgYear ?s ; time:hasEnd/time:inXSDgYear ?e }""",
    )
    assert [(r["s"], r["e"]) for r in rows] == [("2026", "2027")]


def test_finanzsenator(corpus_build):
    # l. 13 „Finanzsenator Björn Fecker: …“
    rows = sparql(
        corpus_build,
        """SELECT DISTINCT ?role ?day WHERE { ?m org:member id:person/bjoern-fecker ;
        org:organization id:organisation/senator-finanzen ; org:role/rdfs:label ?role ; mg:attestedOn/time:inXSDDate ?day ;
        mg:mentionedIn id:document/invest-2026 }""",
    )
    assert [(r["role"], r["day"]) for r in rows] == [("Finanzsenator", "2026-02-17")]


def test_four_measures_decided(corpus_build):
    # l. 11 „Der Senat hat heute (17. Februar 2026) der Mittelverwendung für die Umsetzung der vier Maßnahmen in
    # 2026/27 zugestimmt.“ — four measures, although the overview (ll. 17-19) has three bullets, the first covering
    # „beide Maßnahmen“ (Dienstunfallfürsorge and Freie Heilfürsorge)
    rows = sparql(
        corpus_build,
        """SELECT ?m ?s ?asOf WHERE { ?a mg:statusOf ?m ; mg:status ?s ; mg:asOf/time:inXSDDate ?asOf ;
        mg:accordingTo id:document/invest-2026 } ORDER BY ?m""",
    )
    assert [(local(r["m"]), local(r["s"]), r["asOf"]) for r in rows] == [
        ("basis-bremen-pc-vis", "decided", "2026-02-17"),
        ("dienstunfallfuersorge", "decided", "2026-02-17"),
        ("freie-heilfuersorge", "decided", "2026-02-17"),
        ("vois-terminmanagement", "decided", "2026-02-17"),
    ]
    # the release does not say to which body the Senat or the Senator für Finanzen belongs
    assert not ask(
        corpus_build,
        """ASK { GRAPH <https://w3id.org/modgraph/graph/invest-2026> {
        ?o org:subOrganizationOf ?p } }""",
    )


def test_issued_date_has_its_passage(corpus_build):
    # audit (records/AUDIT.md, no. 29): the date of issue is stated by the dateline, l. 9 „17.02.2026“; the document
    # was traced to its title (l. 5) only
    rows = sparql(
        corpus_build,
        """SELECT ?line ?exact WHERE { id:document/invest-2026 mg:issuedOn/time:inXSDDate "2026-02-17"^^xsd:date ;
        <http://www.w3.org/ns/prov#wasDerivedFrom> ?p . ?p mg:line ?line ;
        <http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#exact> ?exact } ORDER BY ?line""",
    )
    assert [(r["line"], r["exact"]) for r in rows] == [
        ("5", "Weiterer Schub für die Verwaltungsdigitalisierung"),
        ("9", "17.02.2026"),
    ]
