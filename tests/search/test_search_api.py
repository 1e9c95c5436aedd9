"""The search API on the real corpus build, over a real uvicorn server: German inflection, umlaut
folding, compounds, facets, content negotiation and the JSON shape."""

from __future__ import annotations

import httpx
import pytest

from modgraph.iris import PREFIXES
from modgraph.search import SearchIndex, index_path

ID = "https://w3id.org/modgraph/id/"
MEASURE = PREFIXES["mg"] + "Measure"


@pytest.fixture(scope="module")
def api(corpus_site: httpx.Client) -> httpx.Client:
    """The session's server over the corpus build (``tests/conftest.py``)."""
    return corpus_site


def found(api: httpx.Client, q: str, **params) -> dict:
    response = api.get("/search", params={"q": q, "format": "json", **params})
    assert response.status_code == 200, response.text
    return response.json()


def iris(body: dict) -> list[str]:
    return [h["iri"] for h in body["hits"]]


def test_the_build_writes_its_index(corpus_build):
    _, build, _ = corpus_build
    assert (index_path(build) / "index" / "meta.json").is_file()
    index = SearchIndex.open(build)
    # the corpus has 129 measures, 122 organisations …; passages and dates are no hits of their own
    assert 500 < index.size < 1000
    words = (index_path(build) / "parts.txt").read_text(encoding="utf-8").split()
    assert {"online", "verwaltungs", "rechnung"} <= set(words)


def test_json_shape_and_negotiation(api):
    body = found(api, "e-Rechnung")
    assert set(body) >= {"total", "hits", "facets"}
    # both spellings: Bremen's "e-Rechnung" and Leipzig's "eRechnung" (and its target)
    hits = {h["iri"]: h for h in body["hits"]}
    assert {
        ID + "measure/zov-2017/3-2",
        ID + "measure/leipzig-2018/aktionsplan-egovernment-2016-2020/erechnung",
    } <= set(hits)
    bremen = hits[ID + "measure/zov-2017/3-2"]
    assert set(bremen) >= {"iri", "label", "kind", "document", "snippet"}
    assert bremen["document"] == ID + "document/zov-2017" and bremen["kind"] == MEASURE
    assert "<mark>e-Rechnung</mark>" in bremen["snippet"]
    assert set(body["facets"]) == {"kind", "document", "programme", "city", "status", "year"}
    by_accept = api.get("/search", params={"q": "e-Rechnung"}, headers={"Accept": "application/json"})
    assert (
        by_accept.headers["content-type"].startswith("application/json") and by_accept.json()["total"] == body["total"]
    )
    page = api.get("/search", params={"q": "e-Rechnung"}, headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert "Einführung der elektronischen Rechnung" in page.text and "<mark>e-Rechnung</mark>" in page.text
    bad = api.get("/search", params={"q": "x", "format": "turtle"})
    assert bad.status_code == 400 and bad.json()["error"] == "bad-parameter"


def test_german_inflection(api):
    """A plural finds the singular and back: "Rechnungen" → "Rechnung", "Terminvereinbarung" → "…vereinbarungen"."""
    assert ID + "measure/zov-2017/3-2" in iris(found(api, "Rechnungen"))
    assert ID + "measure/leipzig-2018/hf-3/m9" in iris(found(api, "Terminvereinbarung"))


def test_umlaut_folding(api):
    """ä/ae and ß/ss are one letter: the same hits either way."""
    for plain, folded in (("Bürger", "Buerger"), ("Maßnahmen", "Massnahmen"), ("Einführung", "Einfuehrung")):
        a, b = found(api, plain), found(api, folded)
        assert a["total"] > 0 and a["total"] == b["total"] and iris(a) == iris(b), plain


def test_compounds_are_split_into_the_graphs_words(api):
    """ "Onlineterminvereinbarung" is written nowhere; the measure says "Terminvereinbarungen online".
    "Verwaltungsmodernisierung" also finds the Leipzig concept that speaks of "Modernisierung der Verwaltung"."""
    body = found(api, "Onlineterminvereinbarung")
    assert body["terms"] == ["onlin", "terminvereinbar"]
    assert iris(body)[0] == ID + "measure/leipzig-2018/hf-3/m9"
    assert ID + "programme/leipzig-2018/move" in iris(found(api, "Verwaltungsmodernisierung"))


def test_facets_filter_and_count(api):
    everything = found(api, "Digitalisierung", limit=100)
    kinds = {v["value"]: v["count"] for v in everything["facets"]["kind"]}
    assert kinds[MEASURE] < everything["total"]
    measures = found(api, "Digitalisierung", kind=MEASURE, limit=100)
    assert measures["total"] == kinds[MEASURE] == len(measures["hits"])
    assert {h["kind"] for h in measures["hits"]} == {MEASURE}
    assert [v["selected"] for v in measures["facets"]["kind"] if v["value"] == MEASURE] == [True]
    leipzig = found(api, "Digitalisierung", kind=MEASURE, city=ID + "place/leipzig", limit=100)
    assert 0 < leipzig["total"] < measures["total"]
    assert all(h["document"] == ID + "document/leipzig-2018" for h in leipzig["hits"])
    years = found(api, "", year="2026")
    assert years["total"] > 0 and [v["value"] for v in years["facets"]["year"] if v["selected"]] == ["2026"]
    completed = PREFIXES["mg"].rstrip("#") + "/status/completed"
    statuses = {v["value"]: v["count"] for v in found(api, "")["facets"]["status"]}
    assert statuses[completed] > 0 and found(api, "", status=completed)["total"] == statuses[completed]


def test_only_stop_words_and_unknown_words_find_nothing(api):
    assert found(api, "und der die")["total"] == 0
    assert found(api, "Quetzalcoatl")["total"] == 0
