"""The chart pages and the charts on resource pages, over a real server on the corpus build: HTML with an
accessible SVG and a table of the same values, JSON of the data, de/en, parameters checked."""

from __future__ import annotations

import re

import pytest

ID = "https://w3id.org/modgraph/id/"
PAGES = ("/charts/status", "/charts/budgets", "/charts/key-figures")


def _svg(html: str, kind: str) -> str:
    return html.split(f'<svg class="chart {kind}"', 1)[1].split("</svg>", 1)[0]


@pytest.mark.parametrize("path", PAGES)
def test_each_chart_page_has_an_accessible_svg_a_table_and_json(site, path):
    page = site.get(path, params={"lang": "de"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    svg = html.split('<svg class="chart ', 1)[1].split("</svg>", 1)[0]
    assert 'role="group"' in svg and re.search(r'aria-labelledby="(\w+)-title \1-desc"', svg)
    assert re.search(r'<title id="\w+-title">[^<]+</title>\s*<desc id="\w+-desc">[^<]+</desc>', svg)
    assert svg.count("<a href=") > 3  # marks link to the resources
    assert '<table class="chart-table">' in html
    assert f'href="{path}?format=json&amp;lang=de"' in html  # the format links keep the other parameters
    assert 'href="/charts/">Diagramme</a>' in html  # in the site navigation
    as_json = site.get(path, params={"format": "json"})
    assert as_json.status_code == 200 and as_json.headers["content-type"] == "application/json"
    by_accept = site.get(path, headers={"Accept": "application/json"})
    assert by_accept.json() == as_json.json()


def test_status_page_shows_the_latest_status_on_the_chosen_date(site):
    page = site.get("/charts/status", params={"on": "2024-01-01", "lang": "en"}).text
    assert 'value="2024-01-01"' in page and "Latest status known on 2024-01-01" in page
    latest = page.split('id="statuses-on"', 1)[1].split("</table>", 1)[0]
    campus = latest.split("/doc/measure/abt4-news/innovationscampus", 1)[1].split("</tr>", 1)[0]
    assert "in progress" in campus and "2023-03-31" in campus and "Line 41" in campus
    svg = _svg(page, "status-chart")
    assert 'stroke="#7a1f1f" stroke-width="2"/>' in svg and ">2024-01-01</text>" in svg  # the chosen date
    data = site.get("/charts/status", params={"on": "2024-01-01", "format": "json"}).json()
    assert data["on"] == "2024-01-01"
    row = next(r for r in data["statuses_on"] if r["thing"]["iri"] == ID + "measure/abt4-news/innovationscampus")
    assert [a["status_key"] for a in row["assertions"]] == ["in-progress"]
    assert [a["as_of"] for a in data["unplaced"]] == ["--11-20"]  # listed, not drawn


def test_status_page_narrowed_to_a_programme(site):
    data = site.get("/charts/status", params={"programme": ID + "programme/zov", "format": "json"}).json()
    assert len(data["things"]) == 43 and {t["programme"]["iri"] for t in data["things"]} == {ID + "programme/zov"}
    html = site.get("/charts/status", params={"programme": ID + "programme/zov"}).text
    assert f'<option value="{ID}programme/zov" selected>' in html
    every = site.get("/charts/status", params={"programme": "", "format": "json"})  # the form's "all programmes"
    assert every.status_code == 200 and len(every.json()["things"]) > 43


def test_budget_page_writes_euro_per_language_and_leaves_blank_cells_blank(site):
    de = site.get("/charts/budgets", params={"lang": "de"}).text
    en = site.get("/charts/budgets", params={"lang": "en"}).text
    assert "1.233,5 T€ = 1.233.500 €" in de and "1.233,5 T€ = €1,233,500" in en
    row = de.split('<td><a href="/doc/budget-line/d6-2018/ressourcen-bremerhaven">', 1)[1].split("</tr>", 1)[0]
    assert row.count("nicht angegeben (leer: T€)") == 3 and "0 €" not in row
    lines = site.get("/charts/budgets", params={"format": "json"}).json()["lines"]
    bremerhaven = next(x for x in lines if x["iri"].endswith("ressourcen-bremerhaven"))
    assert bremerhaven["planned"]["value"] is None and bremerhaven["consistent"] is None


def test_key_figure_page_narrowed_to_a_measure(site):
    data = site.get("/charts/key-figures", params={"of": ID + "measure/d6-2018/d6", "format": "json"}).json()
    assert {f["iri"].rsplit("/", 1)[1] for f in data["key_figures"]} == {
        "kennzahl-ausfall",
        "kennzahl-eskalationen",
        "kennzahl-fachverfahren-sf02",
    }
    html = site.get("/charts/key-figures", params={"of": ID + "measure/d6-2018/d6", "lang": "en"}).text
    assert "format=json&amp;of=" in html  # the JSON link keeps the narrowing
    assert "plan 2018: not stated" in _svg(html, "key-figure-chart")


@pytest.mark.parametrize(
    ("path", "params", "status", "parameter"),
    [
        ("/charts/status", {"on": "2024-13-01"}, 400, None),
        ("/charts/status", {"programme": "not an iri"}, 400, "programme"),
        ("/charts/budgets", {"measure": "<x>"}, 400, "measure"),
        ("/charts/key-figures", {"format": "csv"}, 400, None),
        ("/charts/", {"format": "json"}, 400, None),
    ],
)
def test_bad_parameters_are_clear_errors(site, path, params, status, parameter):
    answer = site.get(path, params=params, headers={"Accept": "application/json"})
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["error"] in ("bad-parameter", "bad-request") and body["message"]
    if parameter:
        assert body["parameter"] == parameter


def test_charts_on_resource_pages(site):
    measure = site.get("/doc/measure/d6-2018/d6", params={"lang": "de"}).text
    for heading in ("h-chart-status", "h-chart-budgets", "h-chart-kf"):
        assert f'id="{heading}"' in measure
    assert (
        f'href="/charts/budgets?measure={ID.replace(":", "%3A").replace("/", "%2F")}measure%2Fd6-2018%2Fd6"' in measure
    )
    programme = site.get("/doc/programme/zov").text
    assert 'id="h-chart-status"' in programme and _svg(programme, "status-chart").count("<circle") >= 43
    line = site.get("/doc/budget-line/d6-2018/ressourcen-personal-stellen").text
    assert "berechnet Plan − Ist: 3,5 VZÄ ≠ angegeben 0,0 VZÄ" in _svg(line, "budget-chart")
    figure = site.get("/doc/key-figure/d6-2018/kennzahl-ausfall").text
    assert 'id="h-chart-kf"' in figure and 'id="h-chart-status"' not in figure
    passage = site.get("/doc/passage/d6-2018/1336-1443").text
    assert 'id="h-chart-' not in passage  # no chart where there is nothing to draw


def test_the_index_page_lists_the_charts(site):
    html = site.get("/charts/", params={"lang": "en"}).text
    for path in PAGES:
        assert f'href="{path}?lang=en"' in html
