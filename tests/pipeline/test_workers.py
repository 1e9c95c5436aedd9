"""Documents mapped in worker processes (``modgraph.pipeline.workers``) give the graphs the build's own process
gives: byte for byte per document, and quad for quad in a whole build."""

from __future__ import annotations

import json
import multiprocessing
from dataclasses import replace

import pyoxigraph as ox
import pytest

from modgraph import publish
from modgraph.deps.stored import read_projection
from modgraph.pipeline import build as build_module
from modgraph.pipeline.build import build_graph
from modgraph.pipeline.mapping import document_mapper
from modgraph.pipeline.workers import ntriples_in_workers
from modgraph.search import SearchIndex, index_path
from modgraph.search.incremental import read_entries
from modgraph.settings import Settings


def _quads(build) -> set[str]:
    """The quads of the data graphs (the ontology's and shapes' blank nodes are new in every build)."""
    store = build.open_read_only()
    return {str(q) for g in build.info.data_graphs for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))}


def test_the_workers_map_every_document_as_the_build_process_does(corpus_build):
    settings, _, compiled = corpus_build
    files = compiled.records.documents
    assert len(files) >= 5
    here = [document_mapper(rf, settings.base_iri).ntriples() for rf in files]
    assert list(ntriples_in_workers(files, settings.base_iri, workers=2)) == here
    # a window smaller than the files: the order is still the files'
    assert list(ntriples_in_workers(files[::-1], settings.base_iri, workers=1)) == here[::-1]


def test_a_build_mapped_in_workers_equals_the_build_mapped_in_one_process(corpus_build, settings, monkeypatch):
    _, published, _ = corpus_build
    monkeypatch.setattr(publish, "PROCESSES_FROM", 1)
    mapped_here: list[str] = []
    real = build_module.document_mapper
    monkeypatch.setattr(
        build_module, "document_mapper", lambda rf, base: mapped_here.append(rf.path.name) or real(rf, base)
    )
    build, _ = build_graph(settings.with_overrides(build_workers=2), full=True)
    assert mapped_here == []  # every document went to a worker
    in_one = _quads(published)
    assert len(in_one) > 10000 and _quads(build) == in_one


def test_a_document_a_worker_cannot_map_raises_its_error_here(corpus_build):
    settings, _, compiled = corpus_build
    files = compiled.records.documents
    unmappable = replace(files[1], document=None)  # a document file that lost its header
    with pytest.raises(ValueError, match="no document"):
        list(ntriples_in_workers([files[0], unmappable, *files[2:]], settings.base_iri, workers=2))


def test_the_search_index_and_projection_made_in_processes_equal_those_made_in_threads(
    corpus_build, settings, monkeypatch
):
    _, in_threads, _ = corpus_build
    monkeypatch.setattr(publish, "PROCESSES_FROM", 1)
    ran: list[str] = []
    monkeypatch.setattr(publish, "write_search_index", lambda *a: ran.append("search"))  # in this process only
    monkeypatch.setattr(publish, "write_projection", lambda *a: ran.append("deps"))
    build, _ = build_graph(settings.with_overrides(build_workers=2), full=True)
    assert ran == []  # both in the processes
    got, why = read_entries(build)
    expected, _ = read_entries(in_threads)
    assert why == "" and expected is not None and got is not None
    assert got.entries == expected.entries and got.ranks == expected.ranks and got.nested == expected.nested
    assert len(got.entries) > 500
    overview = lambda b: json.loads((index_path(b) / "overview.json").read_text(encoding="utf-8"))  # noqa: E731
    assert overview(build) == overview(in_threads)
    hits = lambda b: [(h.iri, h.score) for h in SearchIndex(index_path(b)).search("Digitalisierung").hits]  # noqa: E731
    assert hits(build) == hits(in_threads) and len(hits(build)) > 5
    projected = read_projection(build.path, build.info)
    expected_projection = read_projection(in_threads.path, in_threads.info)
    assert projected is not None and expected_projection is not None
    assert list(projected.graph.nodes(data=True)) == list(expected_projection.graph.nodes(data=True))
    assert list(projected.graph.edges(keys=True, data=True)) == list(
        expected_projection.graph.edges(keys=True, data=True)
    )


def _processes_started(answers) -> None:
    with publish.publication_processes(Settings(build_workers=2), publish.PROCESSES_FROM) as processes:
        answers.put(processes is not None)


def test_a_daemonic_process_such_as_a_web_worker_makes_them_in_threads():
    with publish.publication_processes(Settings(build_workers=2), publish.PROCESSES_FROM) as processes:
        assert processes is not None  # a large build in a normal process: processes
    with publish.publication_processes(Settings(build_workers=1), publish.PROCESSES_FROM) as processes:
        assert processes is None
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    daemon = context.Process(target=_processes_started, args=(answers,), daemon=True)
    daemon.start()
    daemon.join(60)
    assert answers.get(timeout=5) is False


def test_started_early_both_processes_run_before_any_task_is_submitted():
    before = set(multiprocessing.active_children())
    with publish.publication_processes(Settings(build_workers=2), publish.PROCESSES_FROM, start=True) as processes:
        assert processes is not None
        started = set(multiprocessing.active_children()) - before
        assert len(started) == 2 and all(p.is_alive() for p in started)
        assert processes.submit(len, "four").result(timeout=60) == 4  # and they take the build's tasks
    with publish.publication_processes(Settings(build_workers=2), publish.PROCESSES_FROM - 1, start=True) as processes:
        assert processes is None  # a small build starts none


def test_an_incremental_build_uses_the_processes_it_started_before_its_records_and_equals_a_full_build(
    records_copy, tmp_path, monkeypatch
):
    """A build that may reuse the published one starts its publication processes first
    (``publication_processes(start=True)``); ``write_downloads`` makes the search index and the projection in
    them, starts no others, and the build equals a full build of the same records."""
    from contextlib import contextmanager

    settings, records = records_copy
    settings = settings.with_overrides(build_workers=2)
    monkeypatch.setattr(publish, "PROCESSES_FROM", 1)
    build_graph(settings)
    path = records / "zov-2017.yaml"
    text = path.read_text(encoding="utf-8")
    assert '    label: "Senat der Freien Hansestadt Bremen"\n' in text
    path.write_text(text.replace('"Senat der Freien Hansestadt Bremen"', '"Senat (geändert)"', 1), encoding="utf-8")
    opened: list[tuple[int, bool, bool]] = []
    real = publish.publication_processes

    @contextmanager
    def spy(s, documents, start=False):
        with real(s, documents, start) as processes:
            opened.append((documents, start, processes is not None))
            yield processes

    monkeypatch.setattr(build_module, "publication_processes", spy)
    monkeypatch.setattr(publish, "publication_processes", spy)
    ran: list[str] = []
    monkeypatch.setattr(publish, "write_search_index", lambda *a: ran.append("search"))  # in this process only
    monkeypatch.setattr(publish, "write_projection", lambda *a: ran.append("deps"))
    incremental, built = build_graph(settings)
    assert built.mapped == ["zov-2017"] and len(built.reused) >= 4
    assert opened == [(len(incremental.info.documents), True, True)]  # the early ones, and no others
    assert ran == []
    monkeypatch.undo()
    full, _ = build_graph(settings.with_overrides(store=tmp_path / "full", build_workers=1), full=True)
    assert _quads(incremental) == _quads(full)
    got, expected = read_entries(incremental)[0], read_entries(full)[0]
    assert got is not None and expected is not None and got.entries == expected.entries
    assert any("Senat (geändert)" in t for e in got.entries for t, _ in e.labels)
    projected, expected_projection = (
        read_projection(incremental.path, incremental.info),
        read_projection(full.path, full.info),
    )
    assert projected is not None and expected_projection is not None
    assert sorted(projected.graph.nodes(data=True)) == sorted(expected_projection.graph.nodes(data=True))
