"""As-of queries on the corpus (statuses, memberships, deadlines on a day) and the resource pages' "as of a day"
section over a real server. Expected answers are read from records/abt4-news.yaml and records/zov-2017.yaml and
the corpus lines named in the comments."""

from __future__ import annotations

import pytest

from tests.queries.catalogue_support import ID, project, run

CAROLA = ID + "person/carola-heilemann-jeschke"
TERMIN = ID + "measure/zov-2017/4-1"  # Einführung eines Online-Terminmanagement-Systems


def test_memberships_on_a_day_are_the_latest_attestations_before_it(corpus_build):
    rows = run(corpus_build, "memberships-on-date", on="2023-12-01", person=CAROLA)
    assert project(rows, "role", "organisation", "attested") == [
        # abt4-news line 40 (12 October 2023): patron of the congress, a role without a body
        ("Schirmherrin des Kongresses „Nordl@nder Digital“", None, "2023-10-12"),
        # line 35 (16.11.2023, "Unsere Abteilungsleiterin"): the later attestation in Abteilung 4 wins over
        # line 29 (9 November 2023) and line 40
        ("Abteilungsleiterin", "organisation/senator-finanzen/abteilung-4", "2023-11-16"),
        # line 29: "CIO der Freien Hansestadt Bremen" (9 November 2023)
        ("CIO der Freien Hansestadt Bremen", "organisation/fhb", "2023-11-09"),
    ]


def test_memberships_on_an_earlier_day_leave_out_what_was_attested_later(corpus_build):
    rows = run(corpus_build, "memberships-on-date", on="2023-11-01")
    assert project(rows, "name", "role", "organisation", "attested") == [
        ("Carola Heilemann-Jeschke", "Schirmherrin des Kongresses „Nordl@nder Digital“", None, "2023-10-12"),
        # line 40: "CIO und Leiterin der Abteilung Zentrales IT-Management …" (12 October 2023)
        (
            "Carola Heilemann-Jeschke",
            "CIO und Leiterin der Abteilung",
            "organisation/senator-finanzen/abteilung-4",
            "2023-10-12",
        ),
        # line 41: "Finanzstaatsrat Dr. Martin Hagen am 31. März 2023"
        ("Dr. Martin Hagen", "Finanzstaatsrat", "organisation/senator-finanzen", "2023-03-31"),
        # line 43: the kick-off of 4insQuartier on 12.05.22, moderated by LAVA
        ("Karen Lahmann", "Moderation (Kickoff-Workshop 4insQuartier)", "organisation/abt4-news/lava", "2022-05-12"),
    ]
    labels = [r["organisationLabel"] for r in rows]  # the registry's preferred name, else the document's
    assert labels == [
        None,
        "Abteilung 4 – Zentrales IT-Management, Digitalisierung öffentlicher Dienste",
        "Senator für Finanzen (Bremen)",
        "LAVA",
    ]
    # attestations without a year ("--11-20": Markus Richter, Martin Hagen as Staatsrat) cannot be placed
    assert "Dr. Markus Richter" not in {r["name"] for r in rows}


def test_deadlines_as_of_a_day(corpus_build):
    # zov-2017 lines 340-342: "Bis Mai 2018 … für die ersten 10 bürgernahen Ämter … und bis Mai 2019 flächendeckend"
    def on(day: str):
        return project(run(corpus_build, "deadlines-on-date", on=day, of=TERMIN), "kind", "due", "state", "document")

    assert on("2018-06-30") == [
        ("milestone", "by May 2018", "passed", "zov-2017"),
        ("target", "by May 2019", "ahead", "zov-2017"),
    ]
    assert on("2018-05-15") == [
        ("milestone", "by May 2018", "open", "zov-2017"),
        ("target", "by May 2019", "ahead", "zov-2017"),
    ]
    assert on("2017-08-15") == []  # the master plan was issued on 2017-08-16: nothing had been said the day before


def test_status_of_one_thing_on_a_day(corpus_build):
    # zov-2017 line 332: "… ist ein zentrales Projekt des Entwicklungsfeldes weit fortgeschritten" (as of 2017-08-16)
    assert project(run(corpus_build, "status-on-date", on="2018-06-30", thing=TERMIN), "thing", "status", "asOf") == [
        ("measure/zov-2017/4-1", "in-progress", "2017-08-16")
    ]
    assert run(corpus_build, "status-on-date", on="2017-08-15", thing=TERMIN) == []


@pytest.mark.parametrize(
    ("lang", "heading", "state"), [("de", "Stand an einem Tag", "verstrichen"), ("en", "As of a day", "passed")]
)
def test_resource_page_shows_status_and_deadlines_on_the_chosen_day(corpus_site, lang, heading, state):
    r = corpus_site.get("/doc/measure/zov-2017/4-1", params={"on": "2018-06-30", "lang": lang})
    assert r.status_code == 200
    page = r.text
    assert f'<h2 id="h-asof">{heading}</h2>' in page
    assert (
        '<form class="as-of" method="get"' in page and 'type="date" id="as-of-day" name="on" value="2018-06-30"' in page
    )
    assert "<td>in-progress</td><td>2017-08-16</td><td>zov-2017</td>" in page
    assert f"<td>by May 2018</td><td>{state}</td>" in page


def test_resource_page_of_a_person_shows_memberships_on_the_day(corpus_site):
    page = corpus_site.get("/doc/person/carola-heilemann-jeschke", params={"on": "2023-11-01"}).text
    assert "<td>CIO und Leiterin der Abteilung</td>" in page
    assert "CIO der Freien Hansestadt Bremen</td>" not in page  # attested on 9 November, after the day
    form_only = corpus_site.get("/doc/person/carola-heilemann-jeschke").text
    assert (
        'name="on" value=""' in form_only
        and "<caption>" not in form_only.split('id="h-asof"')[1].split("</section>")[0]
    )


def test_a_day_that_is_no_day_is_refused(corpus_site):
    r = corpus_site.get("/doc/measure/zov-2017/4-1", params={"on": "2018-13-01"})
    assert r.status_code == 400 and r.json()["parameter"] == "on"
