"""The SPARQL editor in headless Debian chromium over a real uvicorn server on the corpus build, in German and
English: the site's frame (landmarks, navigation, heading, language), the result table (prefixed names, labels beside
IRIs, links to this server's pages, "0 rows" said, numbers and dates per language, the datatype small and no
``^^``), the syntax error as one sentence with its hint, and axe-core with no serious or critical finding."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from modgraph.web.ui import UI
from tests.browser import browser, screenshot  # noqa: F401
from tests.web.test_accessibility_browser import AXE, RUN

pytestmark = pytest.mark.browser

RECORDS = Path(__file__).parents[2] / "records"
MEASURE = "zov-2017/3-2"
TABLE_QUERY = (
    "PREFIX mg: <https://w3id.org/modgraph/def#>\n"
    "SELECT ?m ?type ?amount ?day ?ext ?other WHERE {\n"
    "  BIND(<%(base)sid/measure/zov-2017/3-2> AS ?m) ?m a ?type . FILTER(?type = mg:Measure)\n"
    '  BIND(1234567.5 AS ?amount) BIND("2017-08-16"^^<http://www.w3.org/2001/XMLSchema#date> AS ?day)\n'
    "  BIND(<http://www.wikidata.org/entity/Q24879> AS ?ext) BIND(<http://example.org/no-label> AS ?other)\n"
    "}"
)
#: what the table shows for 1234567.5 and 2017-08-16 (Intl.NumberFormat / DateTimeFormat "medium", in chromium)
FORMATTED = {"de": ("1.234.567,5", "16.08.2017"), "en": ("1,234,567.5", "Aug 16, 2017")}


def record_of(measure: str) -> dict:
    """The record of a measure, read from records/<document>.yaml."""
    document = measure.split("/")[0]

    def find(node):
        if isinstance(node, dict):
            if node.get("measure") == measure:
                return node
            node = list(node.values())
        if isinstance(node, list):
            for item in node:
                if (hit := find(item)) is not None:
                    return hit
        return None

    found = find(yaml.safe_load((RECORDS / f"{document}.yaml").read_text(encoding="utf-8")))
    assert found is not None, f"{measure} not in records/{document}.yaml"
    return found


def serious_findings(driver) -> list[dict]:
    """axe-core's serious and critical WCAG 2 A/AA findings on the page the driver shows."""
    driver.set_script_timeout(60)
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    return [v for v in driver.execute_async_script(RUN) if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def server(corpus_pages):
    """The browser tests' server over the corpus build (``tests/web/conftest.py``)."""
    return corpus_pages


def open_editor(driver, server, lang: str):
    """The editor page in ``lang``, without what YASGUI kept of earlier tests (tabs and results in localStorage)."""
    driver.get(f"{server.url}/editor?lang={lang}")
    driver.execute_script("localStorage.clear()")
    driver.get(f"{server.url}/editor?lang={lang}")
    wait = WebDriverWait(driver, 30)
    wait.until(lambda d: d.execute_script("return !!window.yasgui && !!yasgui.getTab()"))
    return wait


def run_query(driver, wait, query: str) -> None:
    driver.execute_script("delete document.body.dataset.results; delete document.body.dataset.syntaxError")
    driver.execute_script("yasgui.getTab().setQuery(arguments[0]); yasgui.getTab().query()", query)
    wait.until(lambda d: d.execute_script("return document.body.dataset.results || document.body.dataset.syntaxError"))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_editor_is_in_the_site_frame(browser, server, lang):  # noqa: F811
    open_editor(browser, server, lang)
    t = UI[lang]
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert browser.find_element(By.CSS_SELECTOR, "header.site nav a[href$='/deps/']").text == t["deps"]
    assert browser.find_element(By.CSS_SELECTOR, "main#main h1").text == t["sparql"]
    assert browser.find_element(By.ID, "examples-heading").text == t["editor_examples"]
    assert browser.find_elements(By.CSS_SELECTOR, "footer.site")
    assert browser.title == f"{t['sparql']} – modgraph"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_result_table_is_readable(browser, server, lang):  # noqa: F811
    wait = open_editor(browser, server, lang)
    run_query(browser, wait, TABLE_QUERY % {"base": server.base})
    t = UI[lang]
    results = browser.find_element(By.CSS_SELECTOR, ".yasr .modgraph-results")
    assert results.find_element(By.CSS_SELECTOR, ".row-count").text == t["editor_rows_one"]
    cells = results.find_elements(By.CSS_SELECTOR, "table.results tbody tr td")
    measure, kind, amount, day, external, other = cells
    # the measure: its label (from the record) beside its IRI, linked to this server's page, not the public base
    record = record_of(MEASURE)
    link = measure.find_element(By.TAG_NAME, "a")
    assert link.text == (record["label_en"] if lang == "en" else record["label"])
    assert link.get_attribute("href") == f"{server.url}/doc/measure/{MEASURE}"
    assert measure.find_element(By.CSS_SELECTOR, ".iri").text == f"{server.base}id/measure/{MEASURE}"
    # the class: its prefixed name from the project's prefix table, its label, and the ontology page here
    assert kind.find_element(By.CSS_SELECTOR, ".iri").text == "mg:Measure"
    assert kind.find_element(By.TAG_NAME, "a").get_attribute("href") == f"{server.url}/def#Measure"
    assert kind.find_element(By.TAG_NAME, "a").text  # the ontology's label of mg:Measure
    # an IRI of another site: prefixed (wd:) beside the label the graph gives it, linked to itself, marked external
    ext = external.find_element(By.TAG_NAME, "a")
    assert external.find_element(By.CSS_SELECTOR, ".iri").text == "wd:Q24879" and ext.text
    assert ext.get_attribute("href") == "http://www.wikidata.org/entity/Q24879"
    assert "external" in ext.get_attribute("class")
    # an IRI without label nor prefix: the IRI itself, linked to itself
    bare = other.find_element(By.TAG_NAME, "a")
    assert bare.text == "http://example.org/no-label" and bare.get_attribute("href") == "http://example.org/no-label"
    # numbers and dates in the page's language, the datatype small beside them, no ^^
    number, date = FORMATTED[lang]
    assert amount.find_element(By.CSS_SELECTOR, ".value").text == number
    assert amount.find_element(By.CSS_SELECTOR, ".datatype").text == "xsd:decimal"
    assert day.find_element(By.CSS_SELECTOR, ".value").text == date
    assert day.find_element(By.CSS_SELECTOR, ".datatype").text == "xsd:date"
    assert "^^" not in results.text
    screenshot(browser, f"editor-table-{lang}")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_zero_rows_are_said(browser, server, lang):  # noqa: F811
    wait = open_editor(browser, server, lang)
    run_query(browser, wait, "SELECT ?x WHERE { ?x a <urn:example:nothing> }")
    results = browser.find_element(By.CSS_SELECTOR, ".yasr .modgraph-results")
    assert results.find_element(By.CSS_SELECTOR, ".row-count").text == UI[lang]["editor_no_rows"]
    assert not results.find_elements(By.CSS_SELECTOR, "table")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_syntax_error_is_one_sentence_with_a_hint(browser, server, lang):  # noqa: F811
    wait = open_editor(browser, server, lang)
    run_query(browser, wait, "SELECT ?x WHERE { ?x dct:title ?t }")
    box = browser.find_element(By.ID, "syntax-error")
    assert box.is_displayed()
    sentence = "Syntax error at line 1, column 22: prefix `dct:` is not declared."
    assert box.find_element(By.CSS_SELECTOR, ".sentence").text == sentence
    hint = box.find_element(By.CSS_SELECTOR, ".hint").text
    assert hint == f"{UI[lang]['editor_hint']}: add PREFIX dct: <http://purl.org/dc/terms/>"
    # YASR's result area states the same message, not the raw JSON body nor Unicode ranges
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr p.endpoint-error"))
    area = browser.find_element(By.CSS_SELECTOR, ".yasr .yasr_results").text
    assert sentence in area and '"error"' not in area and "\\u{" not in area
    screenshot(browser, f"editor-error-{lang}")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_axe_finds_nothing_serious_on_the_editor(browser, server, lang):  # noqa: F811
    assert AXE.is_file(), f"{AXE} is missing: run scripts/build-assets.sh"
    wait = open_editor(browser, server, lang)
    run_query(browser, wait, TABLE_QUERY % {"base": server.base})  # the result table is checked too
    findings = serious_findings(browser)
    assert not findings, findings
