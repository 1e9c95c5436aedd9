"""Documents mapped in worker processes (``modgraph.pipeline.workers``) give the graphs the build's own process
gives: byte for byte per document, and quad for quad in a whole build."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
import pytest

from modgraph.pipeline import build as build_module
from modgraph.pipeline.build import build_graph
from modgraph.pipeline.mapping import document_mapper
from modgraph.pipeline.workers import ntriples_in_workers


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
    monkeypatch.setattr(build_module, "POOL_FROM", 1)
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
