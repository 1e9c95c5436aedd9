"""The dependency explorer in headless Debian chromium: load, search, draw, count, screenshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from modgraph.web.app import create_app
from tests.browser import browser, screenshot, serving  # noqa: F401

STATIC = Path(__file__).resolve().parents[2] / "modgraph" / "web" / "static"

pytestmark = pytest.mark.browser


def test_page_search_draw_and_screenshot(corpus_build, browser):  # noqa: F811
    assert (STATIC / "vendor" / "cytoscape" / "cytoscape.min.js").is_file(), (
        "run scripts/build-assets.sh (after npm install)"
    )
    settings, build, _ = corpus_build
    with serving(create_app(settings.with_overrides(query_workers=1))) as server:
        browser.get(f"{server.url}/deps")
        wait = WebDriverWait(browser, 20)
        wait.until(lambda d: d.execute_script("return !!window.depsCy"))
        box = browser.find_element(By.ID, "q")
        box.send_keys("Performa Nord")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#hits li[data-iri]"))
        first = browser.find_element(By.CSS_SELECTOR, "#hits li[data-iri]")
        assert first.get_attribute("data-iri") == f"{settings.base_iri}id/organisation/performa-nord"
        # one shown radius: 1 (the select offers 1..4)
        browser.execute_script("document.getElementById('radius').value='1'")
        first.click()
        wait.until(lambda d: d.execute_script("return document.body.dataset.state") == "drawn")
        drawn = browser.execute_script("return window.depsCy.nodes().length")
        edges = browser.execute_script("return window.depsCy.edges().length")
        expected = EXPECTED_PERFORMA_NEIGHBOURHOOD
        assert drawn == len(expected)
        ids = set(browser.execute_script("return window.depsCy.nodes().map(n => n.id())"))
        assert ids == {f"{settings.base_iri}id/{x}" for x in expected}
        assert edges >= drawn - 1
        assert f"{drawn} of {drawn} nodes drawn" in browser.find_element(By.ID, "status").text
        link = wait.until(lambda d: d.find_elements(By.ID, "resource-link"))[0]
        assert link.get_attribute("href") == f"{server.url}/id/organisation/performa-nord"
        wait.until(lambda d: d.execute_script("return window.depsCy.nodes().every(n => !n.animated())"))
        path = screenshot(browser, "deps-performa-nord")
        assert path.stat().st_size > 10_000
        # an unknown node: the page shows the message of the API's error body
        browser.execute_script("window.depsExplore('https://nowhere.example/x')")
        wait.until(lambda d: d.execute_script("return document.body.dataset.state") == "error")
        assert "https://nowhere.example/x has no edge" in browser.find_element(By.ID, "status").text


#: radius-1 neighbourhood of Performa Nord with the preset "all", read off the records: invest-2026.yaml (the four
#: measures with responsible [performa-nord], the funds performa-nord-digitalisierung and fuersorge-gesamtkosten with
#: recipient performa-nord, part_of fhb); zov-2017.yaml (measure 6.5 participants [performa-nord], service
#: integrierter-personalservice provider performa-nord)
EXPECTED_PERFORMA_NEIGHBOURHOOD = {
    "organisation/performa-nord",
    "organisation/fhb",
    "measure/invest-2026/dienstunfallfuersorge",
    "measure/invest-2026/freie-heilfuersorge",
    "measure/invest-2026/basis-bremen-pc-vis",
    "measure/invest-2026/vois-terminmanagement",
    "fund/invest-2026/performa-nord-digitalisierung",
    "fund/invest-2026/fuersorge-gesamtkosten",
    "measure/zov-2017/6-5",
    "service/zov-2017/integrierter-personalservice",
}
