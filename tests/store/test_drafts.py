"""The store's write operations: copies of the current build, updates that keep the materialised default
graph right, and the one way to publish — under the publication lock, with compare-and-swap for copies."""

from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest

from modgraph.store.builds import BuildInfo, StoreError, StoreLocation
from modgraph.store.drafts import PublishConflict, apply_update, load_graphs, start_build, start_copy
from modgraph.store.lock import publication_lock

EX = "http://example.org/"
DOC_A, DOC_B, ONTOLOGY = EX + "graph/doc-a", EX + "graph/doc-b", EX + "graph/ontology"


def _nt(*triples: str) -> bytes:
    return "".join(f"{t} .\n" for t in triples).encode()


GRAPHS = {
    DOC_A: _nt(f'<{EX}p1> <{EX}name> "A"', f'<{EX}p1> <{EX}budget> "1"'),
    DOC_B: _nt(f'<{EX}p2> <{EX}name> "B"'),
    ONTOLOGY: _nt(f"<{EX}Programme> <{EX}kind> <{EX}Class>"),
}


def _publish_fresh(location: StoreLocation) -> str:
    with start_build(location) as draft:
        load_graphs(draft, GRAPHS, BuildInfo(id="", created="", base_iri=EX, data_graphs=[DOC_A, DOC_B]))
        return draft.publish().id


def _default_graph(location: StoreLocation) -> set[tuple[str, str, str]]:
    store = location.require_current().open_read_only()
    return {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    }


def _partials(location: StoreLocation) -> list[str]:
    return [p.name for p in location.builds_dir.iterdir() if p.name.endswith(".partial")]


def test_a_build_from_scratch_has_counts_and_the_union_default_graph(tmp_path):
    location = StoreLocation(tmp_path)
    _publish_fresh(location)
    info = location.require_current().info
    assert info.graphs == {DOC_A: 2, DOC_B: 1, ONTOLOGY: 1} and info.union_in_default_graph
    assert _default_graph(location) == {
        (f"{EX}p1", f"{EX}name", "A"),
        (f"{EX}p1", f"{EX}budget", "1"),
        (f"{EX}p2", f"{EX}name", "B"),
    }


def test_an_update_on_a_copy_recounts_and_keeps_the_default_graph_the_union(tmp_path):
    location = StoreLocation(tmp_path)
    first = _publish_fresh(location)
    with start_copy(location) as draft:
        info = apply_update(
            draft,
            f"""
            DELETE DATA {{ GRAPH <{DOC_A}> {{ <{EX}p1> <{EX}budget> "1" }} }} ;
            INSERT DATA {{ GRAPH <{DOC_B}> {{ <{EX}p2> <{EX}budget> "2" }}
                           GRAPH <{EX}graph/new> {{ <{EX}p3> <{EX}name> "C" }} }}""",
        )
        published = draft.publish()
    assert published.id == info.id != first
    assert location.require_current().info.graphs == {DOC_A: 1, DOC_B: 2, ONTOLOGY: 1, f"{EX}graph/new": 1}
    assert location.require_current().info.data_graphs == [DOC_A, DOC_B, f"{EX}graph/new"]
    assert _default_graph(location) == {
        (f"{EX}p1", f"{EX}name", "A"),
        (f"{EX}p2", f"{EX}name", "B"),
        (f"{EX}p2", f"{EX}budget", "2"),
        (f"{EX}p3", f"{EX}name", "C"),
    }


def test_a_syntax_error_leaves_nothing_behind(tmp_path):
    location = StoreLocation(tmp_path)
    first = _publish_fresh(location)
    with pytest.raises(SyntaxError):
        with start_copy(location) as draft:
            apply_update(draft, "INSERT DATA { <a")
    assert location.require_current().id == first and _partials(location) == []


def test_a_copy_is_not_published_over_a_build_published_meanwhile(tmp_path):
    location = StoreLocation(tmp_path)
    _publish_fresh(location)
    with start_copy(location) as draft:
        apply_update(draft, f'INSERT DATA {{ GRAPH <{DOC_A}> {{ <{EX}lost> <{EX}name> "X" }} }}')
        newer = _publish_fresh(location)  # another publisher got in between
        with pytest.raises(PublishConflict, match=newer):
            draft.publish()
    assert location.require_current().id == newer
    assert (f"{EX}lost", f"{EX}name", "X") not in _default_graph(location)
    assert _partials(location) == []


def test_a_copy_of_a_build_that_is_no_longer_current_is_refused_at_once(tmp_path):
    location = StoreLocation(tmp_path)
    old = _publish_fresh(location)
    newer = _publish_fresh(location)
    with pytest.raises(PublishConflict, match=f"made on build {old}, but build {newer}"):
        start_copy(location, expected=old)
    assert _partials(location) == []
    with start_copy(location, expected=newer) as draft:
        assert draft.base.id == newer


def test_publish_waits_for_the_publication_lock(tmp_path):
    location = StoreLocation(tmp_path)
    first = _publish_fresh(location)
    published: list[str] = []
    with start_build(location) as draft:  # making a draft takes the lock too: made before it is held
        load_graphs(draft, GRAPHS, BuildInfo(id="", created="", base_iri=EX, data_graphs=[DOC_A, DOC_B]))
        with publication_lock(tmp_path):
            worker = threading.Thread(target=lambda: published.append(draft.publish().id))
            worker.start()
            worker.join(0.3)  # the draft is complete: only the lock keeps it from being published
            assert worker.is_alive() and published == [] and location.require_current().id == first
        worker.join(10)
    assert published and location.require_current().id == published[0] != first


def test_nothing_to_copy_and_incomplete_drafts_are_errors(tmp_path):
    location = StoreLocation(tmp_path)
    with pytest.raises(StoreError, match="no graph has been built"):
        start_copy(location)
    with start_build(location) as draft:
        with pytest.raises(StoreError, match="no build.json"):
            draft.publish()
    assert location.current() is None and _partials(location) == []
