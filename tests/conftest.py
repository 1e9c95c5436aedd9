"""Shared fixtures: settings pointing at temporary stores, one build of the real corpus per session, and one
real server over it for HTTP clients (``corpus_site``) and one for the browser tests (``corpus_pages``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from modgraph.pipeline.build import build_graph
from modgraph.settings import Settings
from modgraph.web.app import create_app
from tests.api.server import live_server
from tests.browser import serving

#: worker processes of the apps the tests start: the default (6) is sized for serving; tests that are about
#: the pool set their own, and a test run on 2 cores should not start 6 processes per app
TEST_WORKERS = 2


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Project settings with a fresh, empty store directory."""
    return Settings.load().with_overrides(store=tmp_path / "store", query_workers=TEST_WORKERS)


@pytest.fixture
def records_copy(tmp_path: Path, settings: Settings) -> tuple[Settings, Path]:
    """Settings whose records directory is a writable copy of the real one."""
    target = tmp_path / "records"
    shutil.copytree(settings.records_dir, target)
    return settings.with_overrides(records_dir=target), target


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory):
    """The real corpus, built once into a temporary store: (settings, build, compiled)."""
    s = Settings.load().with_overrides(store=tmp_path_factory.mktemp("corpus") / "store", query_workers=TEST_WORKERS)
    build, compiled = build_graph(s)
    return s, build, compiled


@pytest.fixture(scope="session")
def corpus_site(corpus_build) -> Iterator[httpx.Client]:
    """An HTTP client (60 s per request) of one real uvicorn server over the corpus build, with the corpus
    settings, for the session's read-only HTTP tests."""
    settings, _, _ = corpus_build
    with live_server(settings) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


@pytest.fixture(scope="session")
def corpus_pages(corpus_build):
    """The whole application over the corpus build in a real uvicorn server (``.url``, ``.base``: the base
    IRI), one for the session's browser tests: one query worker and a generous time limit (the machine running
    the tests is shared; the limits themselves are tested elsewhere)."""
    settings, _, _ = corpus_build
    with serving(create_app(settings.with_overrides(query_workers=1, query_timeout=30))) as live:
        live.base = settings.base_iri
        yield live
