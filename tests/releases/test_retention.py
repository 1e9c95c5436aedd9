"""Which releases are kept (``keep_releases``), and an update published as a release of its own."""

from __future__ import annotations

import pytest

from modgraph.pipeline.update import update_graph
from modgraph.store.builds import StoreError, StoreLocation
from modgraph.store.releases import find_release, predecessor, release_patch, releases
from tests.releases.conftest import build_releases
from tests.releases.test_patch import MEASURE

NOTE = "http://www.w3.org/2004/02/skos/core#editorialNote"


@pytest.fixture(scope="module")
def two_kept(tmp_path_factory):
    folder = tmp_path_factory.mktemp("retention") / "project"
    return build_releases(folder, ["planned", "in-progress", None], keep_releases=2)


def test_only_the_newest_releases_are_kept_and_the_first_is_gone(two_kept):
    location = StoreLocation(two_kept.store)
    kept = releases(location)
    assert [r.version for r in kept] == [2, 3]
    assert not kept[0].previous_kept and kept[0].previous is not None  # release 1 is named, but removed
    with pytest.raises(StoreError, match="no kept release is named '1'"):
        find_release(location, "1")
    with pytest.raises(StoreError, match="is no longer kept"):
        predecessor(location, kept[0])


def test_an_update_is_a_release_whose_patch_is_the_update(two_kept):  # runs last: it publishes a release
    location = StoreLocation(two_kept.store)
    before = find_release(location, "current")
    text = f'INSERT DATA {{ GRAPH <https://w3id.org/modgraph/graph/tiny> {{ <{MEASURE}> <{NOTE}> "checked"@en }} }}'
    info = update_graph(two_kept.with_overrides(keep_releases=2), text, base=before.id)
    assert (info.version, info.previous) == (before.version + 1, before.id)
    after = find_release(location, "current")
    patch = release_patch(before, after)
    assert [str(q) for q in patch.added] == [
        f'<{MEASURE}> <{NOTE}> "checked"@en <https://w3id.org/modgraph/graph/tiny>'
    ] and patch.deleted == []
    assert [r.version for r in releases(location)] == [before.version, after.version]
