"""The chart pages in headless chromium: each chart is drawn (a visible SVG of some size), its marks are links
that lead to the resources, the date form of the status page works, the table alternative opens."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import browser, screenshot  # noqa: F401

pytestmark = pytest.mark.browser

CHARTS = {
    "/charts/status?on=2024-01-01": "status-chart",
    "/charts/budgets": "budget-chart",
    "/charts/key-figures?lang=en": "key-figure-chart",
    "/doc/measure/d6-2018/d6": "budget-chart",  # a chart on a resource page
}


@pytest.fixture(scope="module")
def live(corpus_pages):
    """The session's server over the corpus build for the browser tests (``tests/conftest.py``)."""
    return corpus_pages


@pytest.mark.parametrize("path", list(CHARTS))
def test_each_chart_is_drawn_and_its_marks_lead_to_the_resources(browser, live, path):  # noqa: F811
    browser.get(live.url + path)
    chart = browser.find_element(By.CSS_SELECTOR, f"svg.chart.{CHARTS[path]}")
    size = chart.size
    assert size["width"] > 600 and size["height"] > 80, size
    assert chart.get_attribute("role") == "group"
    screenshot(browser, "chart-" + CHARTS[path] + ("-resource" if path.startswith("/doc/") else ""))
    marks = chart.find_elements(By.CSS_SELECTOR, "a")
    assert len(marks) > 3
    target = browser.execute_script(
        "return new URL(arguments[0].getAttribute('href'), document.baseURI).href", marks[-1]
    )
    assert target.startswith(live.url + "/doc/")
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", marks[-1])
    browser.implicitly_wait(5)
    assert browser.current_url == target
    assert browser.find_element(By.TAG_NAME, "h1").text


def test_the_status_page_date_form_and_table(browser, live):  # noqa: F811
    browser.get(live.url + "/charts/status?lang=en")
    field = browser.find_element(By.ID, "chart-on")
    browser.execute_script("arguments[0].value = '2017-08-16'", field)
    browser.find_element(By.CSS_SELECTOR, "form.chart-form button[type=submit]").click()
    # the click only starts the navigation: wait for the new page (on a loaded machine it takes a while)
    WebDriverWait(browser, 30).until(lambda d: "on=2017-08-16" in d.current_url)
    browser.implicitly_wait(5)
    assert "lang=en" in browser.current_url
    assert browser.find_element(By.ID, "h-on").text == "Latest status known on 2017-08-16"
    rows = browser.find_elements(By.CSS_SELECTOR, "#statuses-on tbody tr")
    assert len(rows) >= 40
    summary = browser.find_element(By.CSS_SELECTOR, "#h-chart ~ details summary")
    table = browser.find_element(By.CSS_SELECTOR, "#h-chart ~ details table")
    assert not table.is_displayed()
    summary.click()
    assert table.is_displayed() and len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) >= 60
