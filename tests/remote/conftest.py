"""One real Oxigraph server and one Virtuoso per session, and the corpus build published on each.

Tests that change what a session server serves put it back as they found it (the corpus build published,
no staging graph left); a test that needs an empty server, or one set up differently, starts its own."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import pytest

from modgraph.settings import Settings
from modgraph.store.builds import Build
from modgraph.store.remote import SparqlClient, publish_remote
from tests.servers.base import SparqlServer, client_for
from tests.servers.oxigraph_server import IsolatedOxigraphServer, OxigraphServer
from tests.servers.virtuoso import VirtuosoServer

__all__ = ["RemoteCorpus", "canonical", "client_for", "server_settings", "W3C_REMOTE_REPORT"]


@dataclass
class RemoteCorpus:
    """The corpus build (local) and the server it is published on."""

    settings: Settings  # the corpus settings with the server as the store
    build: Build
    server: SparqlServer
    client: SparqlClient


def server_settings(settings: Settings, server: SparqlServer) -> Settings:
    """``settings`` with ``server`` as the store (what ``MODGRAPH_STORE_URL`` and its siblings say)."""
    return Settings.load(settings.project, environ=server.environment()).with_overrides(
        store=settings.store, query_workers=settings.query_workers
    )


def canonical(ntriples: bytes) -> set[ox.Quad]:
    """The graph with its blank nodes canonically labelled (pyoxigraph's ``Dataset.canonicalize``): equal sets
    for isomorphic graphs, in well under a second where rdflib's ``isomorphic`` takes 40 s on the shapes."""
    dataset = ox.Dataset(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def _published(corpus_build, server: SparqlServer) -> Iterator[RemoteCorpus]:
    """The corpus build (``corpus_build``) published on ``server`` in 256 KiB chunks, while the caller needs it."""
    settings, build, _ = corpus_build
    client = client_for(server)
    publish_remote(client, build, chunk_bytes=256 * 1024)
    yield RemoteCorpus(server_settings(settings, server), build, server, client)
    client.close()


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory) -> Iterator[OxigraphServer]:
    """One Oxigraph server for the session, without outbound network (so that ``modgraph serve`` serves from
    it), stopping a query after 3 s itself (tests that need a server of their own start one)."""
    with IsolatedOxigraphServer(tmp_path_factory.mktemp("oxigraph"), timeout_s=3).running() as server:
        yield server  # type: ignore[misc]


@pytest.fixture(scope="session")
def remote_corpus(corpus_build, oxigraph: OxigraphServer) -> Iterator[RemoteCorpus]:
    """The real corpus, built locally once (``corpus_build``) and published on the session's Oxigraph server."""
    yield from _published(corpus_build, oxigraph)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Iterator[VirtuosoServer]:
    """One Virtuoso for the session (a fresh database: 8 to 20 s to start)."""
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso")).running() as server:
        yield server  # type: ignore[misc]


@pytest.fixture(scope="session")
def virtuoso_corpus(corpus_build, virtuoso: VirtuosoServer) -> Iterator[RemoteCorpus]:
    """The real corpus, built locally once and published on the session's Virtuoso."""
    yield from _published(corpus_build, virtuoso)


#: lines of the W3C table of ``test_w3c_remote.py``, shown in the terminal summary
W3C_REMOTE_REPORT: list[str] = []


def pytest_terminal_summary(terminalreporter) -> None:
    if W3C_REMOTE_REPORT:
        terminalreporter.section("W3C SPARQL 1.1 query evaluation through modgraph's endpoint on the Oxigraph server")
        for line in W3C_REMOTE_REPORT:
            terminalreporter.write_line(line)
