"""The values of the charts (``modgraph.web.charts.data``) on the corpus build, checked against the sources
(the line of the source document is given beside each value) and against the catalogue's own query."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from starlette.requests import Request

from modgraph.store.builds import StoreLocation
from modgraph.store.reading import CurrentReader
from modgraph.web.catalogue import read_query
from modgraph.web.charts import data, svg
from modgraph.web.charts import queries as cq
from modgraph.web.page_context import Ctx
from modgraph.web.ui import UI

ID = "https://w3id.org/modgraph/id/"
QUERIES = Path(__file__).parents[2] / "modgraph" / "queries"


def make_ctx(settings, lang: str = "de") -> Ctx:
    """A page context on the published build without a web request (what a route would get)."""
    build, info, store = CurrentReader(StoreLocation(settings.store)).get()
    graphs = [ox.DefaultGraph()] if info.union_in_default_graph else [ox.NamedNode(g) for g in info.data_graphs]
    request = Request({"type": "http", "query_string": b"", "headers": [], "root_path": ""})
    ontology = [ox.NamedNode(info.base_iri + "graph/ontology")]
    return Ctx(request, None, None, build, info, store, lang, graphs, graphs + ontology)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def ctx(corpus_build) -> Ctx:
    settings, _, _ = corpus_build
    return make_ctx(settings)


@pytest.fixture(scope="module")
def history(ctx):
    return data.status_history(ctx)


@pytest.fixture(scope="module")
def lines(ctx):
    return {line["iri"].rsplit("/", 1)[-1]: line for line in data.budget_lines(ctx)}


@pytest.fixture(scope="module")
def figures(ctx):
    return {f["iri"].split("/key-figure/", 1)[1]: f for f in data.key_figures(ctx)}


# ---------------------------------------------------------------------------------------------- budgets


def test_budget_lines_give_planned_actual_and_deviation_as_stated(lines):
    assert set(lines) == {
        "ressourcen-personalausgaben",
        "ressourcen-personal-stellen",
        "ressourcen-konsumtiv",
        "ressourcen-investiv",
        "ressourcen-bremerhaven",
    }
    konsumtiv = lines["ressourcen-konsumtiv"]  # d6-2018, line 26: "Konsumtiv 1.233,5 T€ 787,4 T€ 446,1 T€"
    assert [konsumtiv[k]["written"] for k in ("planned", "actual", "deviation")] == [
        "1.233,5 T€",
        "787,4 T€",
        "446,1 T€",
    ]
    assert [konsumtiv[k]["base"] for k in ("planned", "actual", "deviation")] == [1233500.0, 787400.0, 446100.0]
    assert konsumtiv["planned"]["value"] == 1233.5 and konsumtiv["money"] and konsumtiv["year"] == "2018"
    assert konsumtiv["computed_deviation"] == 446100.0 and konsumtiv["consistent"] is True
    assert [p["line"] for p in konsumtiv["passages"]] == ["26"]
    assert konsumtiv["measure"]["iri"] == ID + "measure/d6-2018/d6"


def test_a_deviation_that_is_not_planned_minus_actual_is_shown_as_such(lines):
    stellen = lines["ressourcen-personal-stellen"]  # d6-2018, line 25: "Personal-Stellen 3,5 VZÄ 0,0 VZÄ 0,0 VZÄ"
    assert not stellen["money"] and stellen["unit"] == "VZÄ"
    assert [stellen[k]["value"] for k in ("planned", "actual", "deviation")] == [3.5, 0.0, 0.0]
    assert stellen["computed_deviation"] == 3.5 and stellen["computed_in_unit"] == 3.5
    assert stellen["consistent"] is False


def test_blank_cells_have_no_number_not_zero(lines):
    bremerhaven = lines["ressourcen-bremerhaven"]  # d6-2018, line 28: "Bremerhaven T€ T€ T€" (three empty cells)
    for role in ("planned", "actual", "deviation"):
        assert bremerhaven[role]["status"] == "blank" and bremerhaven[role]["value"] is None
        assert bremerhaven[role]["base"] is None and bremerhaven[role]["written"] == "T€"
    assert bremerhaven["computed_deviation"] is None and bremerhaven["consistent"] is None
    investiv = lines["ressourcen-investiv"]  # d6-2018, line 27: "Investiv 0 T€ 0,0 T€ 0,0 T€": a stated zero
    assert investiv["planned"]["status"] == "stated" and investiv["planned"]["base"] == 0.0


def test_the_budget_chart_draws_no_bar_for_a_blank_cell_and_marks_the_inconsistent_deviation(lines):
    t = UI["de"]
    chart = svg.budget_chart([lines["ressourcen-bremerhaven"], lines["ressourcen-personal-stellen"]], "de", t)
    assert chart is not None
    bremerhaven = chart.split("Bremerhaven", 1)[1].split("Personal-Stellen", 1)[0]
    assert bremerhaven.count('fill="none" stroke="#4a4a4a" stroke-dasharray="3 2"') == 3  # three empty frames
    assert "nicht angegeben (leer: T€)" in bremerhaven
    assert "berechnet Plan − Ist: 3,5 VZÄ ≠ angegeben 0,0 VZÄ" in chart
    assert "Einheit: VZÄ" in chart


def test_amounts_are_written_in_euro_in_german_and_english(lines):
    konsumtiv = lines["ressourcen-konsumtiv"]
    assert svg.amount_text(konsumtiv["planned"], "de", UI["de"]) == "1.233,5 T€ = 1.233.500 €"
    assert svg.amount_text(konsumtiv["planned"], "en", UI["en"]) == "1.233,5 T€ = €1,233,500"


# ---------------------------------------------------------------------------------------------- statuses


def test_status_history_of_a_measure_in_time_order(history):
    campus = next(t for t in history["things"] if t["iri"] == ID + "measure/abt4-news/innovationscampus")
    # abt4-news, line 41: in progress as of 31.03.2023; line 35 / 9: inaugurated on 16 May 2024
    assert [(a["status_key"], a["earliest"], a["day"]) for a in campus["assertions"]] == [
        ("in-progress", "2023-03-31", True),
        ("completed", "2024-05-16", True),
    ]
    assert campus["assertions"][0]["passages"][0]["line"] == "41"
    assert campus["assertions"][0]["document"]["iri"] == ID + "document/abt4-news"


def test_a_status_known_only_to_the_year_spans_the_year(history):
    garage = next(t for t in history["things"] if t["iri"] == ID + "measure/d6-2018/it-garage")
    (a,) = garage["assertions"]  # d6-2018: "in Umsetzung" in the annual report 2018
    assert (a["status_key"], a["as_of"], a["earliest"], a["latest"], a["day"]) == (
        "in-progress",
        "2018",
        "2018-01-01",
        "2018-12-31",
        False,
    )
    chart = svg.status_chart({"things": [garage], "unplaced": []}, None, UI["de"])
    assert chart is not None and '<rect x="' in chart and "<circle" not in chart


def test_a_status_date_without_a_year_is_listed_not_placed(history):
    (unplaced,) = history["unplaced"]  # abt4-news: completed "am 20. November" (no year)
    assert unplaced["thing"] == ID + "measure/abt4-news/datenservice-kooperationsprojekt"
    assert unplaced["as_of"] == "--11-20" and unplaced["earliest"] is None


@pytest.mark.parametrize("on", ["2017-03-21", "2017-08-16", "2018-06-30", "2018-12-31", "2024-01-01", "2026-12-31"])
def test_statuses_on_a_date_agree_with_the_catalogue_query(ctx, history, on):
    query = read_query(QUERIES / "status-on-date.rq")
    expected = {
        (r["thing"].value, r["status"].value)
        for r in ctx.store.query(query.bound({"on": on}), default_graph=ctx.data_graphs)
    }
    found = {
        (row["thing"]["iri"], a["status_key"])
        for row in data.statuses_on(history, date.fromisoformat(on))
        for a in row["assertions"]
    }
    assert found == expected and found


def test_statuses_on_follow_the_latest_known(history):
    def on(day: str) -> dict[str, str]:
        return {
            r["thing"]["iri"]: r["assertions"][0]["status_key"]
            for r in data.statuses_on(history, date.fromisoformat(day))
        }

    campus = ID + "measure/abt4-news/innovationscampus"
    assert campus not in on("2023-03-30")
    assert on("2023-03-31")[campus] == on("2024-05-15")[campus] == "in-progress"
    assert on("2024-05-16")[campus] == "completed"
    garage = ID + "measure/d6-2018/it-garage"  # "2018": certainly known only once the year is over
    assert garage not in on("2018-12-30") and on("2018-12-31")[garage] == "in-progress"


def test_a_programmes_status_history_holds_its_measures_only(ctx, history):
    zov = data.status_history(ctx, cq.PROGRAMME_THINGS, ID + "programme/zov")
    everything = {
        t["iri"] for t in history["things"] if t["programme"] and t["programme"]["iri"] == ID + "programme/zov"
    }
    assert {t["iri"] for t in zov["things"]} == everything and len(everything) == 43


# ---------------------------------------------------------------------------------------------- key figures


def test_key_figure_with_baseline_plan_actual_and_target(figures):
    # d6-2018, lines 17-21: "Reduzierung von Eskalationen gegenüber Dataport (Ziel: 2 pro Jahr; jetzt: ca. 10)
    # Anzahl *?*" in the Planwert-2018 and the IST-2018 table
    f = figures["d6-2018/kennzahl-eskalationen"]
    assert [(o["type"], o["written"], o["value"], o["status"]) for o in f["observations"]] == [
        ("baseline", "ca. 10", 10.0, "approximate"),
        ("plan", "*?*", None, "unknown"),
        ("actual", "*?*", None, "unknown"),
        ("target", "2", 2.0, "stated"),
    ]
    assert f["unit"] == "Anzahl" and not any(o["own_scale"] for o in f["observations"])
    assert f["of"]["iri"] == ID + "measure/d6-2018/d6"


def test_key_figure_values_keep_their_precision_and_bounds(figures):
    sf02 = figures["d6-2018/kennzahl-fachverfahren-sf02"]  # "jetzt: 65, Ende 2019: … ca. 10"
    target = next(o for o in sf02["observations"] if o["type"] == "target")
    assert (target["period"], target["earliest"], target["latest"], target["value"]) == (
        "Ende 2019",
        "2019-01-01",
        "2019-12-31",
        10.0,
    )
    uvo = figures["abt4-news/uvo-antraege-januar"]["observations"][0]  # abt4-news: "über 1.600 Anträge"
    assert (uvo["written"], uvo["value"], uvo["status"]) == ("über 1.600", 1600.0, "lower-bound")
    chart = svg.key_figure_chart([figures["abt4-news/uvo-antraege-januar"]], "de", UI["de"])
    assert chart is not None and "≥ 1.600" in chart


def test_an_observation_in_another_unit_gets_a_scale_of_its_own(figures):
    """A relative target (a percentage of an absolute figure) is not drawn on the absolute scale."""
    f = dict(figures["d6-2018/kennzahl-eskalationen"])
    relative = dict(f["observations"][-1], unit_iri="http://qudt.org/vocab/unit/PERCENT", written="−80 %", value=80.0)
    f["observations"] = [dict(o, own_scale=False) for o in f["observations"][:-1]] + [
        dict(relative, own_scale=True, unit="%")
    ]
    chart = svg.key_figure_chart([f], "de", UI["de"])
    assert chart is not None and "eigene Skala: %" in chart
    assert chart.count('stroke="#4a4a4a"/>') == 2  # two number lines: the absolute one and the own scale


def test_every_key_figure_and_observation_is_read(figures):
    assert len(figures) == 15
    assert sum(len(f["observations"]) for f in figures.values()) == 23


def test_a_relative_target_is_drawn_as_a_change_not_as_a_level(figures):
    """A target "by about 10 more" (``mg:change`` increase, against the current level) gets its own line: a
    bar from 0 marked "+≈ 10", never a mark at 10 on the scale of the levels (baseline 65)."""
    f = dict(figures["d6-2018/kennzahl-fachverfahren-sf02"])
    f["observations"] = [
        dict(o, own_scale=True, change="increase") if o["type"] == "target" else o for o in f["observations"]
    ]
    chart = svg.key_figure_chart([f], "de", UI["de"])
    assert chart is not None and "Zunahme gegenüber dem Stand (relativ): Anzahl" in chart
    assert "+≈ 10 (Soll/Ziel)" in chart and 'stroke-width="4"/>' in chart
    levels = chart.split("Zunahme gegenüber", 1)[0]
    assert "Ziel)" not in levels and "65 (Basiswert)" in levels
