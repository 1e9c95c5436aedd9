"""Headless Debian chromium (selenium) against a real uvicorn: home page, a measure page, following links.
Screenshots go to tests/artifacts/ (git-ignored)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser import browser, screenshot  # noqa: F401

pytestmark = pytest.mark.browser


def test_home_page(browser, corpus_pages):  # noqa: F811
    browser.get(corpus_pages.url + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "modgraph"
    assert browser.find_element(By.ID, "h-prog").text and browser.find_element(By.ID, "h-docs").text
    assert browser.find_elements(By.CSS_SELECTOR, "#h-docs ~ table tbody tr"), "the documents are listed"
    links = {a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "nav.entry a")}
    assert any(h.endswith("/catalog") for h in links) and any(h.endswith("/downloads/") for h in links)
    screenshot(browser, "home")


def test_measure_page_and_follow_a_link(browser, corpus_pages, corpus_build):  # noqa: F811
    _, build, _ = corpus_build
    browser.get(corpus_pages.url + "/id/measure/invest-2026/vois-terminmanagement")  # 303 → /doc/…
    assert "/doc/measure/invest-2026/vois-terminmanagement" in browser.current_url
    h1 = browser.find_element(By.TAG_NAME, "h1").text
    assert h1
    assert browser.find_element(By.ID, "h-props") and browser.find_element(By.ID, "h-prov")
    assert browser.find_elements(By.CSS_SELECTOR, "blockquote mark"), "the quoted passage is shown"
    screenshot(browser, "measure")
    # follow the first linked value that is a page of this site (e.g. the programme or a body)
    link = next(
        a
        for a in browser.find_elements(By.CSS_SELECTOR, "table.props td a")
        if "/doc/" in (a.get_attribute("href") or "")
    )
    target = link.text
    link.click()
    assert browser.find_element(By.TAG_NAME, "h1").text == target
    screenshot(browser, "followed-link")
    # and the same page in the other language (German and English labels and interface)
    before = browser.find_element(By.CSS_SELECTOR, "html").get_attribute("lang")
    browser.find_element(By.CSS_SELECTOR, "header.site a[hreflang]").click()
    after = browser.find_element(By.CSS_SELECTOR, "html").get_attribute("lang")
    assert {before, after} == {"de", "en"}
    assert browser.find_element(By.ID, "h-props").text in {"Properties", "Eigenschaften"}
    screenshot(browser, f"followed-link-{after}")


def test_ontology_page(browser, corpus_pages):  # noqa: F811
    browser.get(corpus_pages.url + "/def")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.diagram")
    screenshot(browser, "ontology")
