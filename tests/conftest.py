"""Shared fixtures: settings pointing at temporary stores, and one build of the real corpus per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modgraph.pipeline.build import build_graph
from modgraph.settings import Settings

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
