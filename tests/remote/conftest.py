"""A real Oxigraph server per session, and the corpus build published on it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from modgraph.settings import Settings
from modgraph.store.builds import Build
from modgraph.store.remote import Endpoints, SparqlClient, publish_remote
from tests.servers.oxigraph_server import IsolatedOxigraphServer, OxigraphServer


@dataclass
class RemoteCorpus:
    """The corpus build (local) and the server it is published on."""

    settings: Settings  # the corpus settings with the server as the store
    build: Build
    server: OxigraphServer
    client: SparqlClient


def server_settings(settings: Settings, server: OxigraphServer) -> Settings:
    """``settings`` with ``server`` as the store (what ``MODGRAPH_STORE_URL`` and its siblings say)."""
    return Settings.load(settings.project, environ=server.environment()).with_overrides(
        store=settings.store, query_workers=settings.query_workers
    )


def client_for(server: OxigraphServer) -> SparqlClient:
    return SparqlClient(Endpoints(server.query_url, server.update_url, server.gsp_url, retries=1))


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory) -> Iterator[OxigraphServer]:
    """One Oxigraph server for the session, without outbound network (so that ``modgraph serve`` serves from
    it), stopping a query after 3 s itself (tests that need a server of their own start one)."""
    with IsolatedOxigraphServer(tmp_path_factory.mktemp("oxigraph"), timeout_s=3).running() as server:
        yield server  # type: ignore[misc]


@pytest.fixture(scope="session")
def remote_corpus(corpus_build, oxigraph: OxigraphServer) -> Iterator[RemoteCorpus]:
    """The real corpus, built locally once (``corpus_build``) and published on the session's server."""
    settings, build, _ = corpus_build
    client = client_for(oxigraph)
    publish_remote(client, build, chunk_bytes=256 * 1024)
    yield RemoteCorpus(server_settings(settings, oxigraph), build, oxigraph, client)
    client.close()


#: lines of the W3C table of ``test_w3c_remote.py``, shown in the terminal summary
W3C_REMOTE_REPORT: list[str] = []


def pytest_terminal_summary(terminalreporter) -> None:
    if W3C_REMOTE_REPORT:
        terminalreporter.section("W3C SPARQL 1.1 query evaluation through modgraph's endpoint on the Oxigraph server")
        for line in W3C_REMOTE_REPORT:
            terminalreporter.write_line(line)
