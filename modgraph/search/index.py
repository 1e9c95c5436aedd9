"""The search index of a build: written beside its store (``builds/<id>/search/``), read by the web layer
and the CLI.

    search/index/         the tantivy index: one document per resource (``modgraph.search.extract``)
    search/parts.txt      the compound parts of the German analyzer (one word a line), from the graph's text
    search/facets.json    the labels of the facet values (IRI -> language -> label)

Fields: ``title`` (labels, boosted), ``body`` (descriptions and notes), ``quote`` (the passages' exact
text) are analysed with ``modgraph.search.analysis``; the facets (``kind``, ``document``, ``programme``,
``city``, ``status``, ``year``) are raw, fast fields; ``stored`` holds the resource as JSON (labels,
passages, facets) for hits and snippets. Ranking is tantivy's BM25 over the three text fields.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import tantivy

from modgraph.search.analysis import ANALYZER, analyzer, constituents, fold_indexed, words
from modgraph.search.extract import Entry, entries
from modgraph.search.extract_queries import FACETS
from modgraph.store.builds import Build, BuildInfo

INDEX_DIR = "search"
#: memory of the index writer, bytes (tantivy's minimum per thread is 15 MB)
WRITER_MEMORY = 64_000_000
TEXT_FIELDS = ("title", "body", "quote")


def index_path(build: Build) -> Path:
    """Where a build's search index lives."""
    return build.path / INDEX_DIR


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("iri", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name=ANALYZER)
    for name in FACETS:
        builder.add_text_field(name, fast=True, tokenizer_name="raw")
    builder.add_bytes_field("stored", stored=True)
    return builder.build()


def _german_words(items: list[Entry]) -> Counter:
    counts: Counter = Counter()
    for e in items:
        for text, lang in e.labels:
            if lang in ("de", ""):
                counts.update(words(text))
        for p in e.passages:
            counts.update(words(p["exact"]))
    return counts


def write_index(target: Path, store: ox.Store, info: BuildInfo) -> int:
    """Write the search index of a build's store into ``target`` (replaced if it exists); the number of
    resources indexed."""
    return write_entries_index(target, *entries(store, info))


def write_entries_index(target: Path, items: list[Entry], facet_labels: dict[str, dict[str, str]]) -> int:
    """Write the search index of these entries (in this order) into ``target`` (replaced if it exists): the
    compound parts from all of them, every document written anew; the number of resources indexed."""
    parts = sorted(constituents(_german_words(items)))
    if target.exists():
        shutil.rmtree(target)
    (target / "index").mkdir(parents=True)
    (target / "parts.txt").write_text("\n".join(parts) + "\n", encoding="utf-8")
    (target / "facets.json").write_text(json.dumps(facet_labels, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    index = tantivy.Index(schema(), path=str(target / "index"))
    index.register_tokenizer(ANALYZER, analyzer(parts))
    writer = index.writer(WRITER_MEMORY, 1)
    for e in items:
        doc = tantivy.Document()
        doc.add_text("iri", e.iri)
        doc.add_text("title", fold_indexed("\n".join(t for t, _ in e.labels)))
        doc.add_text("body", fold_indexed("\n".join(e.texts)))
        doc.add_text("quote", fold_indexed("\n".join(p["exact"] for p in e.passages)))
        for name in FACETS:
            for value in sorted(e.facets[name]):
                doc.add_text(name, value)
        stored = {"labels": e.labels, "passages": e.passages, "texts": e.texts[:3], "facets": _lists(e.facets)}
        doc.add_bytes("stored", json.dumps(stored, ensure_ascii=False).encode("utf-8"))
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    return len(items)


def _lists(facets: dict[str, set[str]]) -> dict[str, list[str]]:
    return {k: sorted(v) for k, v in facets.items()}


def write_build_index(build: Build) -> int:
    """The search index of a build that is not published yet (called by ``modgraph.publish.write_downloads``)."""
    store = ox.Store.read_only(str(build.store_path))
    try:
        return write_index(index_path(build), store, build.info)
    finally:
        del store
