"""Three real builds of the tiny project, published one after the other into one store:

1. the measure's status is ``planned`` (as of 2024-01-15),
2. the curator changed it to ``in-progress`` (the one change of the record file),
3. built again with nothing changed (``--full``: every graph mapped afresh, the model graphs' blank nodes
   labelled anew).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from modgraph.pipeline.build import build_graph
from modgraph.settings import Settings
from modgraph.store.builds import StoreLocation
from modgraph.store.releases import Release, releases
from tests.conftest import TEST_WORKERS
from tests.releases.project import set_status


@dataclass
class Released:
    settings: Settings
    folder: Path
    kept: list[Release]  # oldest first: planned, in-progress, unchanged

    @property
    def location(self) -> StoreLocation:
        return StoreLocation(self.settings.store)


def build_releases(folder: Path, statuses: list[str], **overrides) -> Settings:
    """Build the tiny project once per status (``None``: build again unchanged, every graph mapped afresh)."""
    assert statuses and statuses[0] is not None, "the first build writes the project"
    settings = None
    for value in statuses:
        if value is not None:
            set_status(folder, value)
        settings = Settings.load(folder).with_overrides(query_workers=TEST_WORKERS, **overrides)
        build_graph(settings, full=value is None)
    assert settings is not None
    return settings


@pytest.fixture(scope="package")
def released(tmp_path_factory) -> Released:
    folder = tmp_path_factory.mktemp("releases") / "project"
    settings = build_releases(folder, ["planned", "in-progress", None])
    kept = releases(StoreLocation(settings.store))
    assert [r.version for r in kept] == [1, 2, 3]
    return Released(settings, folder, kept)
