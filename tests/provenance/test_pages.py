"""Resource pages show next to each value the passage that supports it (quote and line), in German and English."""

from __future__ import annotations

import re
import warnings
from html import unescape

import pytest
from fastapi.testclient import TestClient

from modgraph.web.app import create_app

warnings.filterwarnings("ignore", category=DeprecationWarning)


@pytest.fixture(scope="module")
def client(corpus_build):
    settings, _, _ = corpus_build
    with TestClient(create_app(settings.with_overrides(query_workers=1))) as c:
        yield c


def value_items(html: str, href_part: str) -> list[str]:
    """The text of each property value (``<li>`` of ``ul.values``) whose link contains ``href_part``."""
    items = re.findall(r"<li>(.*?)</li>", html, re.S)
    return [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", i))).strip() for i in items if href_part in i]


def test_each_value_shows_the_passage_that_supports_it(client):
    page = client.get("/doc/measure/d6-2018/d6", headers={"Accept": "text/html"})
    assert page.status_code == 200
    # D6 has six passages: each participant is shown with the one that names it (d6-2018, ll. 16 and 32)
    (sf02,) = value_items(page.text, "/doc/organisation/senator-finanzen/sf-02")
    assert "Beleg: Zeile 16" in sf02 and "SF 02" in sf02
    (ifib,) = value_items(page.text, '/doc/organisation/d6-2018/ifib"')
    assert "Beleg: Zeile 32" in ifib and "IFIB" in ifib
    english = client.get("/doc/measure/d6-2018/d6?lang=en", headers={"Accept": "text/html"})
    (sf02_en,) = value_items(english.text, "/doc/organisation/senator-finanzen/sf-02")
    assert "Evidence: Line 16" in sf02_en


def test_a_value_of_a_subject_with_one_passage_shows_that_passage(client):
    """The VOIS cost (invest-2026, l. 19 "… insgesamt 270.000 Euro …") has one passage: its values show it."""
    page = client.get("/doc/measure/invest-2026/vois-terminmanagement/cost", headers={"Accept": "text/html"})
    assert page.status_code == 200
    shown = [i for i in re.findall(r"<li>(.*?)</li>", page.text, re.S) if "270.000 Euro" in i and "evidence" in i]
    assert shown and all("Zeile 19" in unescape(i) for i in shown)


def test_statement_nodes_are_not_listed_as_links_to_the_resource(client):
    page = client.get("/doc/organisation/senator-finanzen/sf-02", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "#statement-" not in page.text
