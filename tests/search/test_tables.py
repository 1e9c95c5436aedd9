"""Class tables on the corpus build over a real server: columns per class, sorting, facet filters,
keyset pages, JSON and CSV; and in headless chromium a sorted, filtered table and its CSV link."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from modgraph.web.app import create_app
from tests.browser import browser, serving  # noqa: F401

ID = "https://w3id.org/modgraph/id/"
COMPLETED = "https://w3id.org/modgraph/def/status/completed"


@pytest.fixture(scope="module")
def live(corpus_build):
    settings, _, _ = corpus_build
    with serving(create_app(settings)) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield server, client


def test_columns_sorting_and_keyset_pages(live):
    _, api = live
    first = api.get("/class/mg:Measure", params={"format": "json", "sort": "notation"}).json()
    assert first["columns"][:3] == ["iri", "label", "notation"]
    assert {"document", "programme", "status", "responsible"} <= set(first["columns"])
    assert first["total"] == 129 and len(first["rows"]) == 50
    seen = [r["iri"] for r in first["rows"]]
    page = first
    while page["next"]:
        page = api.get(page["next"]).json()  # the next link keeps sort and format
        seen += [r["iri"] for r in page["rows"]]
    assert len(seen) == len(set(seen)) == 129
    decisions = api.get("/class/mg:Decision", params={"format": "json", "sort": "date", "desc": "1"}).json()
    dates = [r["date"][0]["key"] for r in decisions["rows"] if r["date"] and r["date"][0]["key"]]
    assert dates == sorted(dates, reverse=True) and len(dates) > 10
    assert api.get("/class/mg:Measure", params={"sort": "nope"}).status_code == 400
    assert api.get("/class/mg:Measure", params={"after": "garbage"}).status_code == 400


def test_filter_and_csv(live):
    _, api = live
    body = api.get("/class/mg:Measure", params={"format": "json", "status": COMPLETED}).json()
    counts = {v["value"]: v["count"] for v in body["facets"]["status"]}
    assert counts == {COMPLETED: body["total"]} and 0 < body["total"] < 129
    assert all(r["status"][0]["iri"] == COMPLETED for r in body["rows"])
    response = api.get("/class/mg:Measure", params={"status": COMPLETED}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == body["total"] and {r["status_iri"] for r in rows} == {COMPLETED}
    assert {r["iri"] for r in rows} == {r["iri"] for r in body["rows"]}


@pytest.mark.browser
def test_a_sorted_filtered_table_and_its_csv_in_chromium(browser, live):  # noqa: F811
    server, api = live
    browser.get(server.url + "/class/mg:Decision?lang=de")
    browser.find_element(By.CSS_SELECTOR, "th[data-column=date] a").click()  # ascending by date
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "th[data-column=date][aria-sort]"))
    browser.find_element(By.CSS_SELECTOR, "th[data-column=date] a").click()  # now descending
    WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "th[data-column=date][aria-sort=descending]")
    )
    zov = browser.find_element(By.CSS_SELECTOR, "section[data-facet=document] a[href*='zov-2017']")
    expected = int(zov.find_element(By.XPATH, "following-sibling::span").text.strip("()"))
    zov.click()
    WebDriverWait(browser, 20).until(lambda d: "document=" in d.current_url)
    assert int(browser.find_element(By.ID, "table-total").text) == expected
    shown = [tr.find_element(By.CSS_SELECTOR, "td a").text for tr in browser.find_elements(By.CSS_SELECTOR, "tbody tr")]
    link = browser.find_element(By.CSS_SELECTOR, "p.formats a[type='text/csv']").get_attribute("href")
    table = list(csv.DictReader(io.StringIO(api.get(link).text)))
    assert [r["label"] for r in table][: len(shown)] == shown and len(table) == expected
    dates = [r["date"] for r in table if r["date"]]
    assert dates and all(ID + "document/zov-2017" in r["document_iri"] for r in table)
