"""Swagger UI (/docs) and ReDoc (/redoc) render in headless chromium from this server's own files:
every request the pages make goes to the test server (chromium's performance log records them all)."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from modgraph.web.app import create_app
from tests.browser import screenshot, serving, start_chromium

pytestmark = pytest.mark.browser
LOCAL_SCHEMES = ("data", "blob", "about")


@pytest.fixture(scope="module")
def server(web_settings):
    with serving(create_app(web_settings)) as live:
        yield live


@pytest.fixture()
def logging_browser():
    """A fresh headless chromium that records every network request in its performance log."""
    driver = start_chromium(log_requests=True)
    yield driver
    driver.quit()


def requested_urls(driver) -> list[str]:
    events = (json.loads(entry["message"])["message"] for entry in driver.get_log("performance"))
    return [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]


def assert_all_local(urls: list[str]) -> None:
    assert urls, "the performance log recorded no request"
    foreign = [u for u in urls if urlparse(u).scheme not in LOCAL_SCHEMES and urlparse(u).hostname != "127.0.0.1"]
    assert not foreign, foreign


def test_swagger_ui_renders_offline(logging_browser, server):
    logging_browser.get(server.url + "/docs")
    WebDriverWait(logging_browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path[data-path='/sparql']")
    )
    paths = {
        e.get_attribute("data-path") for e in logging_browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    }
    assert {"/sparql", "/rdf-graphs", "/void"} <= paths
    screenshot(logging_browser, "swagger-ui")
    urls = requested_urls(logging_browser)
    assert any(u.endswith("/openapi.json") for u in urls) and any("swagger-ui-bundle.js" in u for u in urls)
    assert_all_local(urls)


def test_redoc_renders_offline(logging_browser, server):
    logging_browser.get(server.url + "/redoc")
    WebDriverWait(logging_browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "h1"))
    WebDriverWait(logging_browser, 30).until(
        lambda d: "SPARQL query by GET" in d.find_element(By.TAG_NAME, "body").text
    )
    assert "modgraph API" in logging_browser.find_element(By.TAG_NAME, "h1").text
    screenshot(logging_browser, "redoc")
    urls = requested_urls(logging_browser)
    assert any("redoc.standalone.js" in u for u in urls)
    assert_all_local(urls)
