"""The search page in headless chromium: the search box of every page, hits with marked snippets, and a
facet filter that narrows the hits. Screenshot in tests/artifacts/search.png."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from modgraph.web.app import create_app
from tests.browser import browser, screenshot, serving  # noqa: F401

pytestmark = pytest.mark.browser


def test_search_box_hits_and_a_facet(browser, corpus_build):  # noqa: F811
    settings, _, _ = corpus_build
    with serving(create_app(settings)) as live:
        browser.get(live.url + "/class/")
        box = browser.find_element(By.CSS_SELECTOR, "header form[role=search] input[name=q]")
        box.send_keys("Digitalisierung", Keys.ENTER)
        WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.ID, "h-hits"))
        heading = browser.find_element(By.ID, "h-hits").text
        total = int(heading.split()[0])
        assert total > 10
        assert browser.find_elements(By.CSS_SELECTOR, "li.hit p.snippet mark")
        measure = browser.find_element(By.CSS_SELECTOR, "section[data-facet='kind'] a[href$='def%23Measure']")
        expected = int(measure.find_element(By.XPATH, "following-sibling::span").text.strip("()"))
        measure.click()
        WebDriverWait(browser, 20).until(lambda d: "kind=" in d.current_url and d.find_elements(By.ID, "h-hits"))
        assert int(browser.find_element(By.ID, "h-hits").text.split()[0]) == expected < total
        assert browser.find_element(By.CSS_SELECTOR, "section[data-facet='kind'] a[aria-current=true]")
        screenshot(browser, "search")
