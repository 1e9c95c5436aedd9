"""The review page in headless chromium against a real server: a draft is shown with its passage
marked, accepted with its button, and present in the graph after the next build; the page refuses
a POST without the page's form token and answers a write-token project only with the token."""

from __future__ import annotations

import httpx
import pytest
from fastapi import Request
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from modgraph.iris import data_iri
from modgraph.pipeline.build import build_graph
from modgraph.settings import Settings
from modgraph.web import review
from modgraph.web.app import create_app
from modgraph.web.errors import WebError
from tests.browser import browser, screenshot, serving  # noqa: F401

from .conftest import DOC

pytestmark = pytest.mark.browser
BASE = "https://data.musterstadt.example/"


def _stale(element) -> bool:
    """Whether ``element`` belongs to a page that is gone. Selenium's ``staleness_of`` expects a
    StaleElementReferenceException; chromium 156 may instead answer an element of the page being replaced with an
    inspector error ("Node with given id does not belong to the document"), which is the same fact."""
    try:
        element.is_enabled()
    except WebDriverException:  # StaleElementReferenceException is one
        return True
    return False


def test_accept_a_draft_in_the_browser_and_build_it(browser, project):  # noqa: F811
    settings = Settings.load(project, environ={}).with_overrides(query_workers=1)
    key = f"measure:{DOC}/2-1"
    with serving(create_app(settings)) as live:
        browser.get(live.url + "/review")
        browser.find_element(By.LINK_TEXT, DOC).click()
        section = browser.find_element(By.CSS_SELECTOR, f'section.draft[data-key="{key}"]')
        assert section.find_element(By.CSS_SELECTOR, ".label").text == "Einführung der elektronischen Rechnung"
        assert (
            section.find_element(By.CSS_SELECTOR, "blockquote mark").text
            == "2.1 Einführung der elektronischen Rechnung"
        )
        assert "page 2" in section.find_element(By.CSS_SELECTOR, ".why").text
        screenshot(browser, "review-draft")
        section.find_element(By.CSS_SELECTOR, "button.accept").click()
        WebDriverWait(browser, 20).until(lambda _: _stale(section))  # the page after the 303
        assert browser.current_url.endswith("/review/" + DOC)
        assert not browser.find_elements(By.CSS_SELECTOR, f'section.draft[data-key="{key}"]')
        assert "accepted" in browser.find_element(By.ID, "summary").text
        forged = httpx.post(f"{live.url}/review/{DOC}/reject", data={"key": f"field:{DOC}/feld-1", "csrf": "x"})
        assert forged.status_code == 403
    build, compiled = build_graph(settings.with_overrides(store=project / "data"))
    assert compiled.records.drafts_left_out > 0
    store = build.open_read_only()
    assert store.query(f"ASK {{ GRAPH ?g {{ <{data_iri(BASE, 'measure', DOC, '2-1')}> ?p ?o }} }}")
    assert not store.query(f"ASK {{ GRAPH ?g {{ <{data_iri(BASE, 'measure', DOC, '1-1')}> ?p ?o }} }}")
    del store


def test_with_a_write_token_a_post_needs_it(project):
    settings = Settings.load(project, environ={}).with_overrides(write_token="geheim", query_workers=1)
    with serving(create_app(settings)) as live, httpx.Client(base_url=live.url) as client:
        page = client.get(f"/review/{DOC}")
        assert page.status_code == 200 and 'name="token"' in page.text
        form = {"key": f"measure:{DOC}/1-1", "csrf": review.CSRF}
        assert client.post(f"/review/{DOC}/accept", data=form).status_code == 401
        assert client.post(f"/review/{DOC}/accept", data={**form, "token": "falsch"}).status_code == 403
        assert client.post(f"/review/{DOC}/accept", data={**form, "token": "geheim"}).status_code == 303
        assert client.get("/review/Keine-Id").status_code == 404
        assert client.post("/review/keine-datei/accept", data={**form, "token": "geheim"}).status_code == 404
        assert client.post(f"/review/{DOC}/delete", data={**form, "token": "geheim"}).status_code == 404


@pytest.mark.parametrize(("host", "allowed"), [("127.0.0.1", True), ("::1", True), ("192.0.2.7", False)])
def test_only_local_clients_are_answered(host, allowed):
    request = Request({"type": "http", "client": (host, 50000), "headers": []})
    if allowed:
        review.local_only(request)
    else:
        with pytest.raises(WebError) as info:
            review.local_only(request)
        assert info.value.status == 403 and info.value.code == "local-only"
