"""A small published build and the whole application over it (``create_app``), and real servers over the
corpus build (``site``, the session's ``corpus_site``), for the web tests."""

from __future__ import annotations

import httpx
import pytest

from modgraph.settings import Settings
from tests.api.builds import publish_build, turtle

EX = "http://example.org/"
BASE = "https://w3id.org/modgraph/"
DOC = BASE + "graph/doc-a"
DATA = {
    DOC: turtle(
        f"<{BASE}id/programme/p1> a <https://w3id.org/modgraph/def#Programme> ; "
        f'<http://www.w3.org/2000/01/rdf-schema#label> "Digitales Bremen"@de .'
    )
}


@pytest.fixture(scope="module")
def web_settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("store")
    publish_build(root, DATA, [DOC])
    return Settings.load(store=root, query_workers=1, max_rows=17)


@pytest.fixture(scope="session")
def site(corpus_site: httpx.Client) -> httpx.Client:
    """An HTTP client of a real server over the corpus build (the session's, ``tests/conftest.py``)."""
    return corpus_site
