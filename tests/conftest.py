"""Shared fixtures: settings pointing at temporary stores, and one build of the real corpus per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.build import build_graph
from graph.publication import write_downloads
from graph.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Project settings with a fresh, empty store directory."""
    return Settings().with_overrides(store=tmp_path / "store")


SMALL_RECORDS = ("entities.yaml", "invest-2026.yaml")


@pytest.fixture
def records_copy(tmp_path: Path, settings: Settings) -> tuple[Settings, Path]:
    """Settings whose records directory is a writable copy of a small part of the real one
    (the registry and the press release of 2026): quick to build, complete in itself."""
    target = tmp_path / "records"
    target.mkdir()
    for name in SMALL_RECORDS:
        shutil.copy(settings.records_dir / name, target / name)
    return settings.with_overrides(records_dir=target), target


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory):
    """The real corpus, built once into a temporary store: (settings, build, compiled)."""
    s = Settings().with_overrides(store=tmp_path_factory.mktemp("corpus") / "store")
    build, compiled = build_graph(s, after_store=[write_downloads])
    return s, build, compiled
