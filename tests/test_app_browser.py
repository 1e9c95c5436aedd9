"""The whole application (``create_app``) in headless chromium over a real uvicorn server (``corpus_pages``):
from the home page to the SPARQL editor, where a catalogue example is loaded and run against the corpus graph,
and to the dependency explorer. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import browser, screenshot  # noqa: F401

pytestmark = pytest.mark.browser


def test_editor_runs_a_catalogue_query_from_local_assets(browser, corpus_pages):  # noqa: F811
    browser.get(corpus_pages.url + "/")
    browser.find_element(By.CSS_SELECTOR, "nav.entry a[href$='/editor']").click()
    wait = WebDriverWait(browser, 20)
    wait.until(lambda d: d.execute_script("return typeof Yasgui !== 'undefined'"))
    # every script the page loaded came from this server (no CDN)
    sources = browser.execute_script("return [...document.scripts].map(s => s.src).filter(Boolean)")
    assert sources and all(src.startswith(corpus_pages.url) for src in sources), sources
    button = browser.find_element(By.CSS_SELECTOR, "nav button[data-query='triples-per-graph']")
    button.click()
    query = browser.execute_script("return yasgui.getTab().getQuery()")
    assert "GRAPH" in query.upper()
    browser.execute_script("yasgui.getTab().query()")
    # the result table lists the document graphs of the build
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".yasr table tbody tr")))
    cells = " ".join(td.text for td in browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody td"))
    assert "graph/zov-2017" in cells and "graph/leipzig-2018" in cells
    screenshot(browser, "editor-result")


def test_home_links_to_the_dependency_explorer(browser, corpus_pages):  # noqa: F811
    browser.get(corpus_pages.url + "/")
    browser.find_element(By.CSS_SELECTOR, "nav.entry a[href$='/deps/']").click()
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return typeof cytoscape !== 'undefined'"))
    assert "/deps/" in browser.current_url
    screenshot(browser, "deps-from-home")
