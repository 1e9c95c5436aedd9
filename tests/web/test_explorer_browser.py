"""The dependency explorer's analyses in headless Debian chromium over a real uvicorn server on the corpus build:
path, critical path, slip impact and centrality, each asked through the page's controls, drawn as the /deps
endpoint answered it (the same question read from the page's own JSON link), with the analysis' roles marked, the
text summary beside it and the exports working; colours distinct per kind and matching the legend; the page in the
site's frame in German and English; axe-core with no serious or critical finding."""

from __future__ import annotations

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from modgraph.deps.export import FORMATS
from modgraph.web.ui import UI
from tests.browser import browser, screenshot  # noqa: F401
from tests.web.test_editor_browser import serious_findings

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(corpus_pages):
    """The browser tests' server over the corpus build (``tests/web/conftest.py``)."""
    return corpus_pages


def open_explorer(driver, server, lang: str) -> WebDriverWait:
    driver.get(f"{server.url}/deps/?lang={lang}")
    wait = WebDriverWait(driver, 40)
    wait.until(lambda d: d.execute_script("return !!window.depsCy"))
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#legend li"))  # the filters and legend are loaded
    return wait


def pick(driver, wait, box: str, text: str, iri: str) -> None:
    """Type into a node box and click the hit with this IRI."""
    field = driver.find_element(By.ID, box)
    field.clear()
    field.send_keys(text)
    hits = "hits" if box == "q" else "hits2"
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#{hits} li[data-iri='{iri}']"))[0].click()


def choose(driver, mode: str) -> None:
    driver.execute_script("delete document.body.dataset.state")
    Select(driver.find_element(By.ID, "mode")).select_by_value(mode)


def drawn(driver, wait, mode: str) -> dict:
    """Wait for the drawing of ``mode``; the answer of the same question, asked of the endpoint by its JSON link."""
    wait.until(
        lambda d: (
            d.execute_script("return document.body.dataset.state === 'drawn' && document.body.dataset.mode") == mode
        )
    )
    link = driver.find_element(By.CSS_SELECTOR, "#exports a[data-format=json]").get_attribute("href")
    answer = requests.get(link, timeout=60)
    assert answer.status_code == 200, answer.text
    return answer.json()


def node_ids(driver, selector: str = "node") -> set[str]:
    return set(driver.execute_script(f"return window.depsCy.$({selector!r}).map(n => n.id())"))


def summary_items(driver) -> list[str]:
    return [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#summary li")]


def test_path_between_two_nodes_with_exports(browser, server):  # noqa: F811
    wait = open_explorer(browser, server, "en")
    choose(browser, "path")
    performa, dataport = (f"{server.base}id/organisation/{x}" for x in ("performa-nord", "dataport"))
    pick(browser, wait, "q", "Performa Nord", performa)
    pick(browser, wait, "q2", "Dataport", dataport)
    answer = drawn(browser, wait, "path")
    assert answer["count"] >= 1 and answer["from"]["iri"] == performa and answer["to"]["iri"] == dataport
    assert node_ids(browser) == {n["iri"] for n in answer["nodes"]}
    assert node_ids(browser, "node.endpoint") == {performa, dataport}
    # every path listed, as its labels from one end to the other
    items = summary_items(browser)
    assert len(items) == answer["count"]
    assert all(i.startswith("Performa Nord → ") and i.endswith(" → Dataport") for i in items), items
    assert browser.find_element(By.ID, "status").text.startswith(f"{answer['count']} paths from Performa Nord")
    # the exports of the same question: each format as the endpoint writes it
    for fmt in ("graphml", "dot", "cytoscape"):
        href = browser.find_element(By.CSS_SELECTOR, f"#exports a[data-format={fmt}]").get_attribute("href")
        export = requests.get(href, timeout=60)
        assert export.status_code == 200
        assert export.headers["content-type"].startswith(FORMATS[fmt][0])
        assert performa in export.text and dataport in export.text
    screenshot(browser, "explorer-path")


def test_critical_path_in_german(browser, server):  # noqa: F811
    wait = open_explorer(browser, server, "de")
    choose(browser, "critical-path")
    answer = drawn(browser, wait, "critical-path")
    cp = answer["critical_path"]
    assert cp is not None and len(cp["nodes"]) >= 2
    assert node_ids(browser, "node.chain") == {n["iri"] for n in cp["nodes"]}
    assert node_ids(browser) == {n["iri"] for n in answer["nodes"]}
    assert len(summary_items(browser)) == len(cp["steps"])
    status = browser.find_element(By.ID, "status").text
    assert status.startswith(UI["de"]["explorer_status_critical"].split("%s")[0])
    legend = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#legend-roles li")]
    assert legend == [UI["de"]["explorer_role_chain"]]
    screenshot(browser, "explorer-critical-path")


def test_slip_impact(browser, server):  # noqa: F811
    wait = open_explorer(browser, server, "en")
    choose(browser, "slip")
    months = browser.find_element(By.ID, "months")
    months.clear()
    months.send_keys("6")
    strategy = f"{server.base}id/programme/leipzig-2018/it-egovernment-strategie-2011-2015"
    pick(browser, wait, "q", "E-Government-Strategie 2011", strategy)
    answer = drawn(browser, wait, "slip")
    assert answer["months"] == 6 and answer["node"]["iri"] == strategy
    assert node_ids(browser, "node.origin") == {strategy}
    assert node_ids(browser, "node.moved") == {i["iri"] for i in answer["moved"]} - {strategy}
    assert node_ids(browser, "node.absorbed") == {i["iri"] for i in answer["absorbed"]}
    # leipzig-2018.yaml: the strategy (2011-2015) precedes the programme "move", which ends 2022: slack absorbs it
    assert f"{server.base}id/programme/leipzig-2018/move" in node_ids(browser, "node.absorbed")
    assert len(summary_items(browser)) == len(answer["moved"]) + len(answer["absorbed"])
    screenshot(browser, "explorer-slip")


def test_centrality_top_n(browser, server):  # noqa: F811
    wait = open_explorer(browser, server, "de")
    choose(browser, "centrality")
    assert len(drawn(browser, wait, "centrality")["ranking"]) == 20  # the default top N
    top = browser.find_element(By.ID, "top")
    top.clear()
    top.send_keys("7")
    browser.execute_script("delete document.body.dataset.state")
    browser.find_element(By.ID, "run").click()
    answer = drawn(browser, wait, "centrality")
    ranking = [n["iri"] for n in answer["ranking"]]
    assert len(ranking) == 7 and answer["measure"] == "betweenness"
    assert node_ids(browser, "node.ranked") == set(ranking)
    sizes = browser.execute_script(
        "return arguments[0].map(i => window.depsCy.getElementById(i).data('size'))", ranking
    )
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    assert len(summary_items(browser)) == 7
    screenshot(browser, "explorer-centrality")


def test_colours_are_distinct_per_kind_and_match_the_legend(browser, server):  # noqa: F811
    wait = open_explorer(browser, server, "en")
    choose(browser, "centrality")
    drawn(browser, wait, "centrality")
    swatches = browser.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('#legend li')]"
        ".map(li => [li.dataset.kind, getComputedStyle(li.querySelector('i')).backgroundColor.replace(/ /g, '')]))"
    )
    assert len(swatches) >= 10 and len(set(swatches.values())) == len(swatches)
    colours = browser.execute_script(
        "return window.depsCy.nodes().map(n => [n.data('kind'), n.style('background-color').replace(/ /g, '')])"
    )
    assert colours and all(colour == swatches[kind] for kind, colour in colours), (colours, swatches)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_explorer_is_in_the_site_frame_and_axe_finds_nothing_serious(browser, server, lang):  # noqa: F811
    wait = open_explorer(browser, server, lang)
    t = UI[lang]
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert browser.find_element(By.CSS_SELECTOR, "main#main h1").text == t["deps"]
    assert browser.find_element(By.CSS_SELECTOR, "header.site nav a[href$='/editor']").text == t["sparql"]
    assert browser.find_element(By.ID, "controls-heading").text == t["explorer_question"]
    options = [o.text for o in Select(browser.find_element(By.ID, "mode")).options]
    assert t["explorer_mode_slip"] in options and t["explorer_mode_centrality"] in options
    choose(browser, "centrality")  # axe sees a drawing, its legend and summary
    drawn(browser, wait, "centrality")
    findings = serious_findings(browser)
    assert not findings, findings
