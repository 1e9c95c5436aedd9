"""The query catalogue (queries/*.rq): every file is documented and parses, and every query gives the exact
answer that the records and the corpus text give. Expected answers were worked out from records/*.yaml and
corpus/*.txt (lines quoted where a value is read from the text), not copied from query output.

Parameters are bound as the REST endpoint binds them: ``VALUES ?name { term }`` at the start of the WHERE group
(pyoxigraph's ``substitutions`` only accepts projected variables, which most catalogue parameters are not)."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from tests.queries.catalogue_support import ID, QUERIES, bound_text, header, project, run, run_text

FILES = sorted(QUERIES.glob("*.rq"))
ORG = ID + "organisation/"
MEASURE = ID + "measure/"


# ---------------------------------------------------------------------------------------------- the files


def test_at_least_fifteen_queries():
    assert len(FILES) >= 15


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_header_and_syntax(path):
    text = path.read_text(encoding="utf-8")
    head = header(path)
    assert head.title and len(head.title) < 80
    assert len(head.description) > 60
    for p in head.params:
        assert p.description, f"{path.name}: param {p.name} has no description"
        assert f"?{p.name}" in text.split("\n", len(text))[-1] or f"?{p.name}" in text
        # the parameter is used in the query body, not only in the header
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        assert f"?{p.name}" in body, f"{path.name}: param {p.name} is not used"
        if p.default is not None:
            p.term(p.default)  # the default is a valid term of its type
    assert "ORDER BY" in text, f"{path.name}: answers must be ordered"
    assert all(line.startswith("PREFIX ") for line in text.splitlines() if line.upper().startswith("PREFIX"))
    ox.Store().query(bound_text(path))  # parses (and runs on an empty store) with the defaults bound


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_runs_on_the_corpus_with_defaults(corpus_build, path):
    rows = run_text(corpus_build, bound_text(path))
    assert rows, f"{path.name} answers nothing with its defaults"


def test_readme_lists_every_query():
    readme = (QUERIES / "README.md").read_text(encoding="utf-8")
    for path in FILES:
        assert f"`{path.name}`" in readme, f"{path.name} missing from queries/README.md"


# ---------------------------------------------------------------------------------------------- answers


WITHIN = [  # links between measures of the same document
    # zov-2017 l. 604 „Umstrukturierung des Jugendamts (5.1) auf Grundlage der Ergebnisse des ESPQ-“
    ("measure/zov-2017/5-1", "based-on", "measure/zov-2017/espq-modellprojekt", "zov-2017"),
    # „… wird aktuell mit dem Teilprojekt „Einheitsdebitor/-kreditor“ und der „SAP Datenarchivierung“ abgestimmt“
    (
        "measure/zov-2017/6-7/servicestelle-buchhaltung",
        "coordinated-with",
        "measure/zov-2017/6-7/einheitsdebitor-kreditor",
        "zov-2017",
    ),
    (
        "measure/zov-2017/6-7/servicestelle-buchhaltung",
        "coordinated-with",
        "measure/zov-2017/sap-datenarchivierung",
        "zov-2017",
    ),
    (
        "measure/zov-2017/ressortprojekt-forderungsmanagement-sjfis",
        "coordinated-with",
        "measure/zov-2017/6-7",
        "zov-2017",
    ),
    # „Dafür ist es notwendig, dass die Aufarbeitung der Altforderungen durch die Ressorts umgesetzt wird.“
    ("measure/zov-2017/6-7", "depends-on", "measure/zov-2017/aufarbeitung-altforderungen", "zov-2017"),
    ("measure/leipzig-2018/hf-1/m5", "same-topic-as", "measure/leipzig-2018/hf-5/m5", "leipzig-2018"),
    ("measure/leipzig-2018/hf-8/m3", "same-topic-as", "measure/leipzig-2018/hf-4/m5", "leipzig-2018"),
    ("measure/leipzig-2018/hf-9/m4", "same-topic-as", "measure/leipzig-2018/hf-3/m6", "leipzig-2018"),
    # „(vgl. als Beispiel dafür den Workflow zur Veröffentlichung von Dokumenten entsprechend des BremIFG (4.3))“
    ("measure/zov-2017/3-9", "same-topic-as", "measure/zov-2017/4-3", "zov-2017"),
]
ACROSS = [  # the curated cross-document links (records …/link/…): same topic, across documents and cities
    (
        "measure/abt4-news/4insquartier",
        "measure/leipzig-2018/hf-9/m5",
        "abt4-news",
    ),  # Arbeitswelt der Zukunft / Moderne Arbeitswelten
    ("measure/abt4-news/innovationscampus", "measure/d6-2018/it-garage", "abt4-news"),  # modern office space
    (
        "measure/abt4-news/ki-strategie",
        "measure/d6-2018/professorale-arbeitsgruppe",
        "abt4-news",
    ),  # with the Universität Bremen
    ("measure/d6-2018/d6", "measure/leipzig-2018/hf-4/m3", "d6-2018"),
    ("measure/d6-2018/d6", "measure/zov-2017/3-1", "d6-2018"),  # IT steering and operations
    ("measure/d6-2018/d6", "measure/zov-2017/3-4", "d6-2018"),
    ("measure/d6-2018/d6", "measure/zov-2017/3-7", "d6-2018"),
    ("measure/d6-2018/duales-studium-it-manager", "measure/zov-2017/2-1", "d6-2018"),  # dual study places
    ("measure/invest-2026/basis-bremen-pc-vis", "measure/leipzig-2018/hf-3/m3", "invest-2026"),  # e-files / VIS
    ("measure/invest-2026/basis-bremen-pc-vis", "measure/zov-2017/3-9", "invest-2026"),
    ("measure/invest-2026/vois-terminmanagement", "measure/leipzig-2018/hf-3/m9", "invest-2026"),  # appointments
    ("measure/invest-2026/vois-terminmanagement", "measure/zov-2017/4-1", "invest-2026"),
    (
        "measure/leipzig-2018/aktionsplan-egovernment-2016-2020/erechnung",
        "measure/zov-2017/3-2",
        "leipzig-2018",
    ),  # e-invoice
    ("measure/leipzig-2018/hf-1/m3", "measure/zov-2017/4-3", "leipzig-2018"),  # transparency / open data
    ("measure/leipzig-2018/hf-3/m3", "measure/zov-2017/3-5", "leipzig-2018"),  # e-files
    ("measure/leipzig-2018/hf-3/m3", "measure/zov-2017/3-8", "leipzig-2018"),
    ("measure/leipzig-2018/hf-3/m3", "measure/zov-2017/3-9", "leipzig-2018"),
    ("measure/leipzig-2018/hf-3/m6", "measure/zov-2017/6-4", "leipzig-2018"),  # internal service portal
    ("measure/leipzig-2018/hf-3/m9", "measure/zov-2017/4-1", "leipzig-2018"),  # online appointments
    ("measure/leipzig-2018/hf-5/m6", "measure/zov-2017/2-3", "leipzig-2018"),  # employer brand
]


def test_same_topic_measures(corpus_build):
    rows = run(corpus_build, "same-topic-measures")
    got = project(rows, "measure", "relation", "other", "statedIn")
    expected = WITHIN + [(m, "same-topic-as", o, d) for m, o, d in ACROSS]
    assert sorted(got) == sorted(expected)
    assert got == sorted(got, key=lambda r: (r[1], ID + r[0], ID + r[2]))
    assert {r["measureLabel"] for r in rows} >= {
        "Verstärkte Entwicklung von Mustergeschäftsgängen",
        "Intranet inhaltlich ausgestalten",
    }
    across = run(corpus_build, "same-topic-measures", cross_document="true")
    assert project(across, "measure", "other", "statedIn") == ACROSS
    assert {(r["measureDoc"], r["otherDoc"]) for r in across} == {
        ("abt4-news", "leipzig-2018"),
        ("abt4-news", "d6-2018"),
        ("d6-2018", "leipzig-2018"),
        ("d6-2018", "zov-2017"),
        ("invest-2026", "leipzig-2018"),
        ("invest-2026", "zov-2017"),
        ("leipzig-2018", "zov-2017"),
    }


def test_body_involvement_senator_finanzen(corpus_build):
    rows = run(corpus_build, "body-involvement")
    assert Counter((r["document"], r["role"]) for r in rows) == Counter(
        {
            ("abt4-news", "attendee"): 4,  # Code Week, Digital-Gipfel, Einweihung, Rundgang
            ("abt4-news", "membership"): 5,  # Fecker 16.05.2024; Hagen 31.03.2023, 09.11.2023, 20. November, and
            # l. 20 „kommentiert Staatsrat Dr. Martin Hagen die positive Entwicklung des Onlinedienstes“ (undated UVO item)
            (
                "abt4-news",
                "organiser",
            ): 1,  # „Der Kongress wird vom Behörden Spiegel und dem Senator für Finanzen ausgerichtet“
            ("abt4-news", "publisher"): 1,
            ("abt4-news", "unit"): 3,  # Abteilung 4, Referate für Organisation, Aus- und Fortbildung
            ("d6-2018", "publisher"): 1,
            ("d6-2018", "responsible"): 1,  # D6
            # d6: no „unit“ rows: the report names Abteilung 4, SF 02, the Stabsstelle and the Digitalisierungsbüro
            # without saying whose units they are; no cooperatesWith: „soll durch eine Kooperationsvereinbarung mit der
            # Universität Bremen eine professorale Arbeitsgruppe … aufgebaut … werden“ names no party on the Bremen side
            ("invest-2026", "membership"): 2,  # Fecker, Makosch
            ("invest-2026", "publisher"): 1,
            ("zov-2017", "addressee"): 6,  # 21.06.2016 (3 requests + the programme decision), G4, G5
            ("zov-2017", "organiser"): 1,  # Statusberichte (Anlage 2)
            ("zov-2017", "passed"): 1,  # Dienstvereinbarung mit dem Gesamtpersonalrat
            ("zov-2017", "publisher"): 1,
            (
                "zov-2017",
                "responsible",
            ): 9,  # 4.2, 6.2, 6.4, Karriereportal, ZOV, Masterplan, Masterplan 2017/18, V4.0, Personal 2025
            ("zov-2017", "sub-organisation"): 1,  # Beirat „Bürgerfreundliche Verwaltung“
            ("zov-2017", "unit"): 4,  # Referat 34, 2 Kompetenzcenter, Kompetenzzentrum
        }
    )
    got = {(r["document"], r["role"], r["thing"][len(ID) :], int(r["line"]), r["quote"]) for r in rows}
    assert (
        "d6-2018",
        "responsible",
        "measure/d6-2018/d6",
        9,
        "Bezeichnung der Maßnahme: Effektiverer IT-Betrieb",
    ) in got
    assert (
        "invest-2026",
        "membership",
        "membership/bjoern-fecker/senator-finanzen/2026-02-17",
        13,
        "Finanzsenator Björn Fecker",
    ) in got
    assert (
        "zov-2017",
        "unit",
        "organisation/senator-finanzen/referat-34",
        30,
        "Senatorin für Finanzen SF Referat 34,",
    ) in got
    assert ("zov-2017", "publisher", "document/zov-2017", 36, "Bremen, 16.08.2017") in got


def test_body_involvement_performa_nord(corpus_build):
    rows = run(corpus_build, "body-involvement", body=ORG + "performa-nord")
    assert project(rows, "document", "role", "thing") == [
        # invest l. 11 „Für die Digitalisierung und nachhaltige Modernisierung von Verwaltungsprozessen bei Performa
        # Nord …“: the measures concern Performa Nord; the text does not say who is responsible for them
        ("invest-2026", "participant", "measure/invest-2026/basis-bremen-pc-vis"),
        ("invest-2026", "participant", "measure/invest-2026/dienstunfallfuersorge"),
        ("invest-2026", "participant", "measure/invest-2026/freie-heilfuersorge"),
        ("invest-2026", "participant", "measure/invest-2026/vois-terminmanagement"),
        ("invest-2026", "recipient", "fund/invest-2026/fuersorge-gesamtkosten"),
        ("invest-2026", "recipient", "fund/invest-2026/performa-nord-digitalisierung"),
        # „„Einführung einer ressortübergreifenden Personalsachbearbeitung“ (6.5), welche den „Integrierten
        #  Personalservice“ bei Performa Nord ausbaut“
        ("zov-2017", "participant", "measure/zov-2017/6-5"),
        ("zov-2017", "provider", "service/zov-2017/integrierter-personalservice"),
    ]


def test_measure_contributions(corpus_build):
    assert project(run(corpus_build, "measure-contributions"), "path", "target", "targetType") == [
        ("action field", "field/zov-2017/ef-4", "ActionField"),
        # „Diese Ziele spiegeln sich in den Vorhaben „Umsetzung des Bremischen Informationsfreiheitsgesetzes“ (4.3) …“
        ("contributes to", "goal/verwaltung-4-0/ziel-2", "Goal"),
        ("contributes to", "goal/verwaltung-4-0/ziel-3", "Goal"),
        ("programme", "programme/zov", "Programme"),
        ("programme of the action field", "programme/zov", "Programme"),
    ]
    d6 = run(corpus_build, "measure-contributions", measure=MEASURE + "d6-2018/d6")
    assert project(d6, "path", "target") == [
        ("contributes to", "goal/d6-2018/wirkung-1"),
        ("contributes to", "goal/d6-2018/wirkung-2"),
        ("contributes to", "goal/d6-2018/wirkung-3"),
        ("contributes to", "goal/d6-2018/wirkung-4"),
        # d6 l. 11: the effects are literally goals 4, 5 and 6 of Verwaltung 4.0 (zov ll. 285-291; links from main)
        ("contributes to", "goal/verwaltung-4-0/ziel-4"),
        ("contributes to", "goal/verwaltung-4-0/ziel-5"),
        ("contributes to", "goal/verwaltung-4-0/ziel-6"),
        # „so dass Personal im IT-Bereich zur Deckung von Aufgaben in der Digitalisierungsstrategie frei wird“
        ("contributes to", "programme/d6-2018/digitalisierungsstrategie"),
        ("programme", "programme/d6-2018/handlungsfelder"),
    ]
    garage = run(corpus_build, "measure-contributions", measure=MEASURE + "d6-2018/it-garage")
    assert [t for _, t in project(garage, "path", "target")] == [
        "goal/d6-2018/wirkung-1",
        "goal/d6-2018/wirkung-2",
        "goal/d6-2018/wirkung-3",
        "goal/d6-2018/wirkung-4",
        "goal/verwaltung-4-0/ziel-4",
        "goal/verwaltung-4-0/ziel-5",
        "goal/verwaltung-4-0/ziel-6",
        "programme/d6-2018/digitalisierungsstrategie",
        "measure/d6-2018/d6",
    ]
    assert garage[-1]["path"] == "part of measure"


def test_budget_plan_actual(corpus_build):
    rows = run(corpus_build, "budget-plan-actual")
    # d6 ll. 25-29: Personalausgaben 113,5 T€ 52,8 T€ 60,7 T€ / Personal-Stellen 3,5 VZÄ 0,0 VZÄ 0,0 VZÄ /
    # Konsumtiv 1.233,5 T€ 787,4 T€ 446,1 T€ / Investiv 0 T€ 0,0 T€ 0,0 T€ / Bremerhaven T€ T€ T€
    assert project(
        rows,
        "item",
        "fiscalYear",
        "unit",
        "plannedWritten",
        "planned",
        "actualWritten",
        "actual",
        "deviationWritten",
        "deviation",
        "computedDeviation",
        "consistent",
        "plannedStatus",
        "actualStatus",
        "deviationStatus",
    ) == [
        ("Bremerhaven", "2018", "T€", "T€", None, "T€", None, "T€", None, None, None, "blank", "blank", "blank"),
        (
            "Investiv",
            "2018",
            "T€",
            "0 T€",
            "0",
            "0,0 T€",
            "0",
            "0,0 T€",
            "0",
            "0",
            "true",
            "stated",
            "stated",
            "stated",
        ),
        (
            "Konsumtiv",
            "2018",
            "T€",
            "1.233,5 T€",
            "1233.5",
            "787,4 T€",
            "787.4",
            "446,1 T€",
            "446.1",
            "446.1",
            "true",
            "stated",
            "stated",
            "stated",
        ),
        # 3,5 − 0,0 = 3,5, but the source states a deviation of 0,0 VZÄ: kept, and flagged as inconsistent
        (
            "Personal-Stellen",
            "2018",
            "VZÄ",
            "3,5 VZÄ",
            "3.5",
            "0,0 VZÄ",
            "0",
            "0,0 VZÄ",
            "0",
            "3.5",
            "false",
            "stated",
            "stated",
            "stated",
        ),
        (
            "Personalausgaben",
            "2018",
            "T€",
            "113,5 T€",
            "113.5",
            "52,8 T€",
            "52.8",
            "60,7 T€",
            "60.7",
            "60.7",
            "true",
            "stated",
            "stated",
            "stated",
        ),
    ]
    assert {r["measure"] for r in rows} == {MEASURE + "d6-2018/d6"}
    assert run(corpus_build, "budget-plan-actual", measure=MEASURE + "zov-2017/3-2") == []


def test_key_figures(corpus_build):
    # 22 + abt4 l. 9 „Die Digitalisierungsabteilung entwickelt mit ihren rund 90 Mitarbeitenden …“
    assert len(run(corpus_build, "key-figures")) == 23
    dept = run(corpus_build, "key-figures", of=ID + "organisation/senator-finanzen/abteilung-4")
    assert project(dept, "written", "value", "valueStatus", "period") == [("rund 90", "90", "approximate", None)]
    d6 = run(corpus_build, "key-figures", of=MEASURE + "d6-2018/d6")
    assert project(d6, "keyFigure", "valueType", "period", "written", "value", "valueStatus") == [
        # d6 l. 13: „Weniger als 1 Tag Ausfall pro IT-System pro Jahr (=99,9 %; jetzt: Ist-Wert niedriger, obwohl
        # höher als vereinbarte Verfügbarkeit von 95%)  %  *?*“ under „Planwert 2018“
        ("key-figure/d6-2018/kennzahl-ausfall", "baseline", None, None, None, "unknown"),  # no value written at all
        ("key-figure/d6-2018/kennzahl-ausfall", "plan", "2018", "*?*", None, "unknown"),
        ("key-figure/d6-2018/kennzahl-ausfall", "target", None, "95%", "95", "stated"),
        ("key-figure/d6-2018/kennzahl-ausfall", "target", None, "99,9 %", "99.9", "stated"),
        # ll. 18, 20: „Reduzierung von Eskalationen gegenüber Dataport (Ziel: 2 pro Jahr; jetzt: ca. 10)  Anzahl  *?*“
        ("key-figure/d6-2018/kennzahl-eskalationen", "actual", "2018", "*?*", None, "unknown"),
        ("key-figure/d6-2018/kennzahl-eskalationen", "baseline", None, "ca. 10", "10", "approximate"),
        ("key-figure/d6-2018/kennzahl-eskalationen", "plan", "2018", "*?*", None, "unknown"),
        ("key-figure/d6-2018/kennzahl-eskalationen", "target", None, "2", "2", "stated"),
        # l. 15: „… (jetzt: 65, Ende 2019: Fachverfahren aus 4 weiteren Dienststellen, ca. 10)  Anzahl  *?*“ under „IST 2018“
        ("key-figure/d6-2018/kennzahl-fachverfahren-sf02", "actual", "2018", "*?*", None, "unknown"),
        ("key-figure/d6-2018/kennzahl-fachverfahren-sf02", "baseline", None, "65", "65", "stated"),
        ("key-figure/d6-2018/kennzahl-fachverfahren-sf02", "target", "end of 2019", "ca. 10", "10", "approximate"),
    ]
    uvo = run(corpus_build, "key-figures", of=ID + "service/abt4-news/uvo")
    # abt4 l. 19 „über 1.600 Bürgerinnen und Bürger“ (January, no year); l. 21 „in elf Ländern“
    assert project(uvo, "written", "value", "valueStatus", "period") == [
        ("über 1.600", "1600", "lower-bound", "January (year not given)"),
        ("elf", "11", "stated", None),
    ]


def test_deadlines_in_period(corpus_build):
    rows = run(corpus_build, "deadlines-in-period")
    assert project(rows, "earliest", "latest", "precision", "bound", "kind", "of") == [
        # zov l. 403 „soll bis Ende 2017 … projektiert werden“: a year, not a month (like d6 „Ende 2019“)
        ("2017-01-01", "2017-12-31", "year", "end", "deadline", "measure/zov-2017/4-5"),
        # l. 545-547 „… im Hinblick auf den Jahresabschluss 2017 … die verjährungsbedrohten Forderungen bis zum Jahresende“
        ("2017-01-01", "2017-12-31", "year", "end", "deadline", "measure/zov-2017/aufarbeitung-altforderungen"),
        # zov l. 163-164 „… sind bis Ende September 2017“
        ("2017-09-01", "2017-09-30", "month", "end", "milestone", "measure/zov-2017/1-2"),
        # „Senatsbefassung November 2017“ (garbled table row)
        ("2017-11-01", "2017-11-30", "month", None, "decision due", "decision/zov-2017/beschluss-srlg-2016-12-16"),
        # „bis Ende Dezember 2017 abgeschlossen“
        ("2017-12-01", "2017-12-31", "month", "end", "milestone", "measure/zov-2017/1-2"),
        # l. 866-870 „… (zSKS) zum 31.12.2017.“
        ("2017-12-31", "2017-12-31", "day", None, "decision due", "decision/zov-2017/beschluss-g3"),
        ("2017-12-31", "2017-12-31", "day", None, "report", "measure/zov-2017/6-2"),
        # leipzig: „die Umsetzung eVergabe (2018)“
        (
            "2018-01-01",
            "2018-12-31",
            "year",
            None,
            "target",
            "measure/leipzig-2018/aktionsplan-egovernment-2016-2020/evergabe",
        ),
        # „Bis Mai 2018 soll das Online-Terminmanagement-System für die ersten 10 bürgernahen Ämter …“
        ("2018-05-01", "2018-05-31", "month", "by", "milestone", "measure/zov-2017/4-1"),
        # l. 874 „… Berichterstattung zum Juni 2018.“
        ("2018-06-01", "2018-06-30", "month", "by", "decision due", "decision/zov-2017/beschluss-g4"),
        # d6 l. 33 „… erfolgte zeitverzögert zum 01.08.2018.“; l. 37 „Die Projektarbeit wurde im August aufgenommen.“
        ("2018-08-01", "2018-08-01", "day", None, "milestone", "measure/d6-2018/d6"),
        ("2018-08-01", "2018-08-31", "month", None, "milestone", "measure/d6-2018/d6"),
    ]
    # the 55 annex measures of Leipzig (ll. 378-445; l. 360 „Umsetzung der 55 Maßnahmen“) carry the horizon „bis 2022“
    in_2022 = run(corpus_build, "deadlines-in-period", **{"from": "2022-01-01", "until": "2022-12-31"})
    assert len(in_2022) == 55 and {r["document"] for r in in_2022} == {"leipzig-2018"}
    # a day inside a month: the month-precision deadline „Ende September 2017“ may fall on 2017-09-15, and so may
    # the year-precision ones („bis Ende 2017“, „bis zum Jahresende“ 2017)
    one_day = run(corpus_build, "deadlines-in-period", **{"from": "2017-09-15", "until": "2017-09-15"})
    assert project(one_day, "due", "of") == [
        ("end of 2017", "measure/zov-2017/4-5"),
        ("end of 2017", "measure/zov-2017/aufarbeitung-altforderungen"),
        ("end of September 2017", "measure/zov-2017/1-2"),
    ]
    everything = run(corpus_build, "deadlines-in-period", **{"from": "1900-01-01", "until": "2100-12-31"})
    # 4 requests of 21.06.2016 „bis zum 30.09.2016“ + 12 above + 3 in 2019 + 55 (Leipzig annex, horizon „bis 2022“)
    # + 2 in 2023 (abt4 „Herbst 2023“, „noch in diesem Jahr“)
    assert len(everything) == 76


def test_status_on_date(corpus_build):
    rows = run(corpus_build, "status-on-date")
    assert len(rows) == 47 and {r["document"] for r in rows} == {"zov-2017"}
    got = {r["thing"][len(ID) :]: (r["status"], r["asOf"]) for r in rows}
    # zov l. 296-302: 3.2 among the projects „sich planmäßig in der Umsetzung befindlichen“
    assert got["measure/zov-2017/3-2"] == ("in-progress", "2017-08-16")
    assert got["measure/zov-2017/1-7"] == ("not-started", "2017-08-16")
    assert got["measure/zov-2017/6-6"] == ("suspended", "2017-08-16")
    assert got["measure/zov-2017/2-2"] == ("decided", "2017-05-16")  # „Am 16.05.2017 hat der Senat die Projekte …“
    assert got["measure/zov-2017/5-4"] == ("decided", "2017-03-21")
    # line task as of the document date supersedes the report of June 2017
    assert got["measure/zov-2017/unternehmenskonzept-immobilien-bremen"] == ("line-task", "2017-08-16")
    assert got["field/zov-2017/ef-7-alt"] == ("dissolved", "2017-08-16")
    before = {r["thing"][len(ID) :]: r["status"] for r in run(corpus_build, "status-on-date", on="2017-06-30")}
    assert before == {
        "measure/zov-2017/2-2": "decided",
        "measure/zov-2017/2-6": "decided",
        "measure/zov-2017/2-7": "decided",
        "measure/zov-2017/5-4": "decided",
        "measure/zov-2017/unternehmenskonzept-immobilien-bremen": "reported",
    }
    abt4 = run(corpus_build, "status-on-date", on="2023-12-31", document="abt4-news")
    # „Am 16.11.2023 öffneten sich erstmals die Türen“; campus presented 31.03.2023, inaugurated only 16.05.2024
    assert project(abt4, "thing", "status", "asOf") == [
        ("measure/abt4-news/4insquartier", "completed", "2023-11-16"),
        ("measure/abt4-news/innovationscampus", "in-progress", "2023-03-31"),
    ]


def test_roles_over_time(corpus_build):
    rows = run(corpus_build, "roles-over-time")
    assert len(rows) == 27
    hagen = run(corpus_build, "roles-over-time", person=ID + "person/martin-hagen")
    assert project(hagen, "role", "organisation", "attested", "precision") == [
        # abt4 l. 20 „kommentiert Staatsrat Dr. Martin Hagen die positive Entwicklung des Onlinedienstes“ — the UVO
        # item gives only „die aktuellen Zahlen für Januar“, no date: the role is attested without a date
        ("Staatsrat", "organisation/senator-finanzen", None, None),
        # abt4 l. 24 „Am 20. November … Dr. Martin Hagen (Staatsrat für Haushalt, Personal und Digitalisierung …)“
        (
            "Staatsrat für Haushalt, Personal und Digitalisierung",
            "organisation/senator-finanzen",
            "--11-20",
            "day-no-year",
        ),
        # l. 41 „Finanzstaatsrat Dr. Martin Hagen am 31. März 2023“
        ("Finanzstaatsrat", "organisation/senator-finanzen", "2023-03-31", "day"),
        # l. 29-30: award of 9 November 2023, „Staatsrat Dr. Martin Hagen sagt dazu“
        ("Staatsrat", "organisation/senator-finanzen", "2023-11-09", "day"),
    ]
    senator = run(corpus_build, "roles-over-time", organisation=ORG + "senator-finanzen")
    assert project(senator, "name", "role", "attested", "document") == [
        ("Björn Fecker", "Finanzsenator", "2024-05-16", "abt4-news"),  # abt4 l. 5
        ("Björn Fecker", "Finanzsenator", "2026-02-17", "invest-2026"),  # invest l. 13
        ("Dr. Martin Hagen", "Staatsrat", None, "abt4-news"),  # abt4 l. 20, undated UVO item
        ("Dr. Martin Hagen", "Staatsrat für Haushalt, Personal und Digitalisierung", "--11-20", "abt4-news"),
        ("Dr. Martin Hagen", "Finanzstaatsrat", "2023-03-31", "abt4-news"),
        ("Dr. Martin Hagen", "Staatsrat", "2023-11-09", "abt4-news"),
        ("Matthias Makosch", "Pressesprecher", "2026-02-17", "invest-2026"),  # invest l. 23
    ]
    assert {r["organisationLabel"] for r in senator} == {"Senator für Finanzen (Bremen)"}


def test_document_says_about(corpus_build):
    rows = run(corpus_build, "document-says-about")
    facts = {(r["document"], r["property"], r["value"], r["line"]) for r in rows}
    assert {(d, v) for d, p, v, _ in facts if p == "label"} == {
        ("abt4-news", "Der Senator für Finanzen"),
        ("d6-2018", "Die Senatorin für Finanzen"),
        ("invest-2026", "Der Senator für Finanzen"),
        ("zov-2017", "Senatorin für Finanzen"),
    }
    assert {(d, v) for d, p, v, _ in facts if p == "subOrganizationOf"} == {
        ("abt4-news", "Freie Hansestadt Bremen"),
        ("zov-2017", "Freie Hansestadt Bremen"),
    }
    # invest-2026 („Der Senator für Finanzen“, l. 3) does not say to which body the senator belongs: no
    # subOrganizationOf, only the curator's note
    assert {(d, p) for d, p, _, _ in facts if d == "invest-2026"} >= {("invest-2026", "editorialNote")}
    assert {(d, line) for d, p, _, line in facts if p == "wasDerivedFrom"} == {
        ("abt4-news", "13"),
        ("d6-2018", "5"),
        ("invest-2026", "3"),
        ("zov-2017", "30"),
        ("zov-2017", "66"),
    }
    # d6 l. 36 „soll durch eine Kooperationsvereinbarung mit der Universität Bremen eine professorale Arbeitsgruppe …“
    # names no party on the Bremen side: the cooperation starts from the working group, not from the senator
    assert not {f for f in facts if f[1] == "cooperatesWith"}
    assert ("zov-2017", "altLabel", "SF", None) in facts
    assert len(rows) == 27
    assert {r["document"] for r in rows} == {"abt4-news", "d6-2018", "invest-2026", "zov-2017"}


def test_programme_structure(corpus_build):
    rows = run(corpus_build, "programme-structure")
    assert project(rows, "document", "field", "measures", "numberedMeasures", "goals", "status") == [
        # leipzig annex ll. 378-445: 5, 4, 11, 8, 6 (+ the 2017 restructuring of the Personalamt, l. 259), 2, 6, 4, 5, 4
        # (l. 445 „Zusammenarbeit bei Aus- und Fortbildung neu gestalten (VWA,BA u.a.)“); goals: the bulleted „Ziele des
        # HF n“ plus HF 1 l. 191 „eines der Hauptziele der Verwaltung“ and HF 4 l. 245 „Ein weiteres strategisches Ziel“
        ("leipzig-2018", "field/leipzig-2018/hf-1", "5", "0", "3", None),
        ("leipzig-2018", "field/leipzig-2018/hf-2", "4", "0", "2", None),
        ("leipzig-2018", "field/leipzig-2018/hf-3", "11", "0", "4", None),
        ("leipzig-2018", "field/leipzig-2018/hf-4", "8", "0", "5", None),
        ("leipzig-2018", "field/leipzig-2018/hf-5", "7", "0", "2", None),
        ("leipzig-2018", "field/leipzig-2018/hf-6", "2", "0", "1", None),
        ("leipzig-2018", "field/leipzig-2018/hf-7", "6", "0", "2", None),
        ("leipzig-2018", "field/leipzig-2018/hf-8", "4", "0", "2", None),
        ("leipzig-2018", "field/leipzig-2018/hf-9", "5", "0", "2", None),
        ("leipzig-2018", "field/leipzig-2018/hf-10", "4", "0", "2", None),
        # zov: 1.1-1.7; 2.1-2.7 + Karriereportal; 3.1-3.5, 3.7-3.9; 4.1-4.6; 5.1-5.6; 6.1-6.7 + 2 parts of 6.7; 7.1-7.2
        ("zov-2017", "field/zov-2017/ef-1", "7", "7", "1", None),
        ("zov-2017", "field/zov-2017/ef-2", "8", "7", "0", None),
        ("zov-2017", "field/zov-2017/ef-3", "8", "8", "0", None),
        ("zov-2017", "field/zov-2017/ef-4", "6", "6", "0", None),
        ("zov-2017", "field/zov-2017/ef-5", "6", "6", "1", None),
        ("zov-2017", "field/zov-2017/ef-6", "9", "7", "2", None),
        ("zov-2017", "field/zov-2017/ef-7", "2", "2", "0", None),
        # „Das Entwicklungsfeld 7 „Öffentliches Bauen und Forderungsmanagement“ wurde aufgelöst.“
        ("zov-2017", "field/zov-2017/ef-7-alt", "1", "0", "0", "dissolved"),
        ("zov-2017", "field/zov-2017/ef-8-alt", "1", "0", "0", "merged"),
    ]
    assert len(run(corpus_build, "programme-structure", document="leipzig-2018")) == 10


def test_decisions(corpus_build):
    rows = run(corpus_build, "decisions")
    assert Counter(r["document"] for r in rows) == {"zov-2017": 36, "abt4-news": 1, "invest-2026": 1, "leipzig-2018": 1}
    by_number = {r["number"]: r for r in rows if r["number"]}
    # zov l. 622 „Senatsvorlage 884/19 v. 01.11.2016 „Umsetzung“
    assert (by_number["884/19"]["date"], by_number["884/19"]["type"]) == ("2016-11-01", "senate-proposal")
    assert by_number["884/19"]["about"].startswith("Personal 2025")
    assert by_number["VI-DS-03765"]["document"] == "leipzig-2018"  # „Rahmenvereinbarung BGM (Vorlage - VI-DS-03765)“
    invest = [r for r in rows if r["document"] == "invest-2026"][0]
    assert (invest["date"], invest["bodyLabel"], invest["type"]) == ("2026-02-17", "Senat", "senate-decision")
    assert set(invest["about"].split(" | ")) == {
        "Digitalisierung der Dienstunfallfürsorge",
        "Digitalisierung der Freien Heilfürsorge",
        "Ausstattung von Performa Nord mit dem Basis.bremen PC und Einführung des Dokumentenmanagementsystems VIS",
        "Einführung des VOIS-Baukastensystems für das Terminmanagement",
    }
    contract = [r for r in rows if r["document"] == "abt4-news"][0]
    assert contract["date"] == "--11-20"  # „Am 20. November“, no year
    proposals = run(corpus_build, "decisions", decision_type="senate-proposal")
    assert [r["number"] for r in proposals] == ["861/19", "884/19", "1040/19", "1355/19", "1", "2", "3", "4", "5"]
    by_sf = run(corpus_build, "decisions", body=ORG + "senator-finanzen")
    assert project(by_sf, "decision") == [("decision/zov-2017/dienstvereinbarung-terminmanagement",)]


def test_funding_chain(corpus_build):
    rows = run(corpus_build, "funding-chain")
    chain = [
        # invest l. 9 „rund vier Millionen Euro“; l. 25 „941 Millionen Euro“, „rund 354 Millionen Euro“
        ("fund/invest-2026/performa-nord-digitalisierung", "rund vier Millionen Euro", "4000000", "3"),
        ("fund/investitionssofortprogramm-bremen-2026-27", "rund 354 Millionen Euro", "354000000", "2"),
        ("fund/invest-2026/sondervermoegen-anteil-bremen", "insgesamt 941 Millionen Euro", "941000000", "1"),
        ("fund/sondervermoegen-infrastruktur-klimaneutralitaet", None, None, "0"),
    ]
    # l. 17 „Die Gesamtkosten für beide Maßnahmen belaufen sich auf rund 2,9 Millionen Euro.“
    fuersorge = [("fund/invest-2026/fuersorge-gesamtkosten", "rund 2,9 Millionen Euro", "2900000", "4")] + chain
    expected = []
    for measure, cost, euro, funds in [
        ("measure/invest-2026/basis-bremen-pc-vis", "insgesamt rund 974.000 Euro", "974000", chain),  # l. 18
        ("measure/invest-2026/dienstunfallfuersorge", None, None, fuersorge),
        ("measure/invest-2026/freie-heilfuersorge", None, None, fuersorge),
        ("measure/invest-2026/vois-terminmanagement", "insgesamt 270.000 Euro", "270000", chain),  # l. 19
    ]:
        expected += [(measure, cost, euro) + f for f in funds]
    assert (
        project(rows, "measure", "measureCost", "measureCostEuro", "fund", "volume", "volumeEuro", "stepsToSource")
        == expected
    )


def test_source_gaps(corpus_build):
    rows = run(corpus_build, "source-gaps")
    assert Counter(r["kind"] for r in rows) == {
        "blank-cell": 3,  # d6 l. 29 „Bremerhaven T€ T€ T€“
        "unknown-value": 5,  # d6 ll. 13, 15, 18, 20: the *?* cells and the unquantified „jetzt: Ist-Wert niedriger“
        "date-without-year": 11,  # abt4: „Am 20. November“ (7 things), „am 14. März“ (2), „für Januar“ (2 key figures)
        "variant-spelling": 18,  # leipzig: 8 (with l. 32 „Strategieweichtung“ beside l. 23 „Strategieausrichtung“)
    }
    assert ("blank-cell", "budget-line/d6-2018/ressourcen-bremerhaven", "plannedAmount", "T€") in project(
        rows, "kind", "resource", "aspect", "detail"
    )
    assert project(run(corpus_build, "source-gaps", gap="unknown-value"), "resource", "aspect") == [
        ("key-figure/d6-2018/kennzahl-ausfall", "observation baseline"),
        ("key-figure/d6-2018/kennzahl-ausfall", "observation plan"),
        ("key-figure/d6-2018/kennzahl-eskalationen", "observation actual"),
        ("key-figure/d6-2018/kennzahl-eskalationen", "observation plan"),
        ("key-figure/d6-2018/kennzahl-fachverfahren-sf02", "observation actual"),
    ]
    variants = project(run(corpus_build, "source-gaps", gap="variant-spelling"), "document", "resource", "detail")
    assert ("d6-2018", "organisation/senator-finanzen/sf-02", "SF02") in variants  # d6 l. 15
    assert ("leipzig-2018", "field/leipzig-2018/hf-1", "Werte und demokratische Prozesse") in variants  # l. 177
    assert ("abt4-news", "service/abt4-news/uvo", "Unterhaltvorschuss Online") in variants  # l. 20
    # leipzig l. 23 „Die Strategieausrichtung „Leipzig 2030““ (contents) vs. l. 32 „Die Strategieweichtung „Leipzig 2030““
    assert ("leipzig-2018", "programme/leipzig-2018/leipzig-2030", "Strategieweichtung „Leipzig 2030“") in variants
    assert Counter(d for d, _, _ in variants) == {"abt4-news": 4, "d6-2018": 2, "leipzig-2018": 8, "zov-2017": 4}


def test_provenance(corpus_build):
    rows = run(corpus_build, "provenance")
    assert project(rows, "document", "line", "via", "quote")[-1] == (
        "zov-2017",
        "302",
        "resource",
        "Einführung der elektronischen Rechnung (e-Rechnung) (3.2)",
    )
    assert [(r["document"], r["line"], r["via"]) for r in rows] == [
        # leipzig l. 84 „… die Umstellung auf eRechnung (2019) …“: the cross-document link to 3.2 quotes it
        ("leipzig-2018", "84", "relation (object)"),
        ("zov-2017", "296", "relation (subject)"),
        ("zov-2017", "296", "status"),
        ("zov-2017", "302", "resource"),
    ]
    assert rows[0]["quote"] == "die Umstellung auf eRechnung (2019)"
    assert rows[1]["quote"].startswith("Hiermit ist der strategische Rahmen formuliert")
    dataport = run(corpus_build, "provenance", resource=ORG + "dataport")
    assert project(dataport, "document", "line", "via") == [
        ("abt4-news", "5", "resource"),  # „Dr. Johann Bizer, Vorstandsvorsitzender von Dataport“
        ("abt4-news", "41", "resource"),  # „des kommunalen IT-Dienstleisters Dataport“
        ("abt4-news", "43", "relation (object)"),
        ("abt4-news", "43", "resource"),
        ("d6-2018", "16", "resource"),  # „erhöhen Steuerungskraft gegenüber Dataport“
        ("zov-2017", "456", "resource"),
    ]


def test_measure_decisions(corpus_build):
    rows = run(corpus_build, "measure-decisions")
    both = {"implements", "is about the measure"}
    got = [
        (m, d, set(r["links"].split(", ")))
        for (m, d), r in zip(project(rows, "measure", "decision"), rows, strict=True)
    ]
    earlier = {"implemented by a decision on the measure"}
    invest = "decision/invest-2026/senatsbeschluss-2026-02-17"
    assert got == [
        ("measure/invest-2026/basis-bremen-pc-vis", invest, both),
        ("measure/invest-2026/dienstunfallfuersorge", invest, both),
        ("measure/invest-2026/freie-heilfuersorge", invest, both),
        ("measure/invest-2026/vois-terminmanagement", invest, both),
        ("measure/zov-2017/1-1", "decision/zov-2017/eckwertebeschluss-2017-02-28", both),
        ("measure/zov-2017/1-1", "decision/zov-2017/senatsbeschluss-2017-06-13", {"implements"}),
        ("measure/zov-2017/2-2", "decision/zov-2017/auftrag-2016-06-21-personalpolitik", earlier),
        ("measure/zov-2017/2-2", "decision/zov-2017/senatsvorlage-1281-19", both),
        ("measure/zov-2017/2-6", "decision/zov-2017/auftrag-2016-06-21-personalpolitik", earlier),
        ("measure/zov-2017/2-6", "decision/zov-2017/senatsvorlage-1279-19", both),
        ("measure/zov-2017/2-7", "decision/zov-2017/auftrag-2016-06-21-personalpolitik", earlier),
        ("measure/zov-2017/2-7", "decision/zov-2017/senatsvorlage-1280-19", both),
        ("measure/zov-2017/4-1", "decision/zov-2017/dienstvereinbarung-terminmanagement", both),
        ("measure/zov-2017/4-3", "decision/bremifg", {"implements"}),
        ("measure/zov-2017/5-4", "decision/zov-2017/senatsbeschluss-2017-03-21", both),
        ("measure/zov-2017/6-2", "decision/zov-2017/beschluss-g3", both),
        (
            "measure/zov-2017/6-7",
            "decision/zov-2017/auftrag-2016-06-21-forderungsmanagement",
            {"is about the measure"} | earlier,
        ),
        ("measure/zov-2017/6-7", "decision/zov-2017/senatsvorlage-892-19", both),
        ("measure/zov-2017/7-2", "decision/zov-2017/prozessvereinbarung-2016-09-06", both),
    ]
    one = run(corpus_build, "measure-decisions", measure=MEASURE + "zov-2017/6-7")
    assert [(r["number"], r["date"], r["type"]) for r in one] == [
        (None, "2016-06-21", "senate-decision"),
        ("892/19", "2016-11-01", "senate-decision"),
    ]


def test_shared_organisations(corpus_build):
    rows = run(corpus_build, "shared-organisations")
    # GROUP_CONCAT's order is not defined by SPARQL: compare the document ids in sorted order
    got = [
        (o, int(n), " ".join(sorted(ids.split())), set(names.split(" | ")))
        for o, n, ids, names in project(rows, "organisation", "documents", "documentIds", "namesAsWritten")
    ]
    assert got == [
        (
            "organisation/senator-finanzen",
            4,
            "abt4-news d6-2018 invest-2026 zov-2017",
            {"Der Senator für Finanzen", "Die Senatorin für Finanzen", "Senatorin für Finanzen"},
        ),
        ("organisation/bund", 3, "abt4-news invest-2026 zov-2017", {"Bund"}),
        ("organisation/dataport", 3, "abt4-news d6-2018 zov-2017", {"Dataport"}),
        ("organisation/fhb", 3, "abt4-news invest-2026 zov-2017", {"Freie Hansestadt Bremen", "Land Bremen"}),
        ("organisation/it-planungsrat", 2, "abt4-news zov-2017", {"IT-Planungsrat"}),
        ("organisation/performa-nord", 2, "invest-2026 zov-2017", {"Performa Nord"}),
        ("organisation/senat-bremen", 2, "invest-2026 zov-2017", {"Senat", "Senat der Freien Hansestadt Bremen"}),
        (
            "organisation/senator-finanzen/abteilung-4",
            2,
            "abt4-news d6-2018",
            {"Abteilung 4 - Zentrales IT-Management, Digitalisierung öffentlicher Dienste", "Abteilung 4"},
        ),
        ("organisation/universitaet-bremen", 2, "abt4-news d6-2018", {"Universität Bremen"}),
    ]
    assert rows[0]["preferredName"] == "Senator für Finanzen (Bremen)"
    assert len(run(corpus_build, "shared-organisations", min_documents="4")) == 1


def test_action_fields(corpus_build):
    rows = run(corpus_build, "action-fields")
    coop = {"coordinated with HF 3", "coordinated with HF 4", "based on HF 1"}
    got = [
        (n, int(g), int(m), set(links.split(", ")) if links else set())
        for n, g, m, links in project(rows, "notation", "goals", "measures", "linkedFields")
    ]
    assert got == [
        # l. 173 „Das Handlungsfeld 1 „Demokratie und Werte“ bildet den Gesamtrahmen und Grundlage …“
        ("HF 1", 3, 5, {f"basis of HF {n}" for n in range(2, 11)}),
        # „Die Handlungsfelder 2 „Strategie und Steuerung“, 9 „Interne Kommunikation“ und 10 „Kooperation“ beinhalten
        # ebenfalls verwaltungsübergreifendes Handeln.“ states a shared property, not a link between the three fields
        ("HF 2", 2, 4, {"based on HF 1"}),
        # „Die Handlungsfelder 3 und 4 … stehen in enger Kooperation mit den personalbezogenen Handlungsfeldern 5 bis 8.“
        ("HF 3", 4, 11, {"based on HF 1"} | {f"coordinated with HF {n}" for n in range(5, 9)}),
        # HF 4: four bulleted goals + l. 245 „Ein weiteres strategisches Ziel ist der Ausbau der Steuerung und Organisation der IT.“
        ("HF 4", 5, 8, {"based on HF 1"} | {f"coordinated with HF {n}" for n in range(5, 9)}),
        ("HF 5", 2, 7, coop),
        ("HF 6", 1, 2, coop),
        ("HF 7", 2, 6, coop),
        ("HF 8", 2, 4, coop),
        ("HF 9", 2, 5, {"based on HF 1"}),
        # annex ll. 442-445: four measures, the last „Zusammenarbeit bei Aus- und Fortbildung neu gestalten (VWA,BA u.a.)“
        ("HF 10", 2, 4, {"based on HF 1"}),
    ]
    zov = run(corpus_build, "action-fields", programme=ID + "programme/zov")
    assert [r["notation"] for r in zov] == ["1", "2", "3", "4", "5", "6", "7", "7", "8"]


def test_money_in_euro(corpus_build):
    rows = run(corpus_build, "money-in-euro")
    assert project(rows, "resource", "property", "written", "scale", "euro", "valueStatus") == [
        (
            "fund/invest-2026/sondervermoegen-anteil-bremen",
            "volume",
            "insgesamt 941 Millionen Euro",
            "1000000",
            "941000000",
            "stated",
        ),
        (
            "fund/investitionssofortprogramm-bremen-2026-27",
            "volume",
            "rund 354 Millionen Euro",
            "1000000",
            "354000000",
            "approximate",
        ),
        # zov „zusätzlich insgesamt 20 Millionen Euro pro Haushaltsjahr“
        (
            "fund/zov-2017/verstaerkungsmittel-2018-19",
            "volume",
            "insgesamt 20 Millionen Euro",
            "1000000",
            "20000000",
            "stated",
        ),
        (
            "fund/invest-2026/performa-nord-digitalisierung",
            "volume",
            "rund vier Millionen Euro",
            "1000000",
            "4000000",
            "approximate",
        ),
        (
            "fund/invest-2026/fuersorge-gesamtkosten",
            "volume",
            "rund 2,9 Millionen Euro",
            "1000000",
            "2900000",
            "approximate",
        ),
        ("budget-line/d6-2018/ressourcen-konsumtiv", "plannedAmount", "1.233,5 T€", "1000", "1233500", "stated"),
        (
            "measure/invest-2026/basis-bremen-pc-vis",
            "cost",
            "insgesamt rund 974.000 Euro",
            "1",
            "974000",
            "approximate",
        ),
        ("budget-line/d6-2018/ressourcen-konsumtiv", "actualAmount", "787,4 T€", "1000", "787400", "stated"),
        # d6 l. 35 „im Volumen von 602.734,79€“
        ("fund/d6-2018/finanzierung-oracle-cloudservice", "volume", "602.734,79€", "1", "602734.79", "stated"),
        ("budget-line/d6-2018/ressourcen-konsumtiv", "deviationAmount", "446,1 T€", "1000", "446100", "stated"),
        ("measure/invest-2026/vois-terminmanagement", "cost", "insgesamt 270.000 Euro", "1", "270000", "stated"),
        ("budget-line/d6-2018/ressourcen-personalausgaben", "plannedAmount", "113,5 T€", "1000", "113500", "stated"),
        ("budget-line/d6-2018/ressourcen-personalausgaben", "deviationAmount", "60,7 T€", "1000", "60700", "stated"),
        ("budget-line/d6-2018/ressourcen-personalausgaben", "actualAmount", "52,8 T€", "1000", "52800", "stated"),
        ("budget-line/d6-2018/ressourcen-investiv", "actualAmount", "0,0 T€", "1000", "0", "stated"),
        ("budget-line/d6-2018/ressourcen-investiv", "deviationAmount", "0,0 T€", "1000", "0", "stated"),
        ("budget-line/d6-2018/ressourcen-investiv", "plannedAmount", "0 T€", "1000", "0", "stated"),
        ("budget-line/d6-2018/ressourcen-bremerhaven", "actualAmount", "T€", None, None, "blank"),
        ("budget-line/d6-2018/ressourcen-bremerhaven", "deviationAmount", "T€", None, None, "blank"),
        ("budget-line/d6-2018/ressourcen-bremerhaven", "plannedAmount", "T€", None, None, "blank"),
    ]
    # invest: 941 Mio, rund 354 Mio, rund vier Mio, rund 2,9 Mio, rund 974.000, 270.000
    assert len(run(corpus_build, "money-in-euro", document="invest-2026")) == 6
