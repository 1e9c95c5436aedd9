"""Full-text search over the published graph, German-aware: one tantivy index per build.

    analysis.py   folding (ä → ae, ß → ss), the compound vocabulary, the tantivy analyzer
    extract.py    what is indexed: resources, their labels, notes, passages and facets (SPARQL on the store)
    extract_queries.py  the properties, facet names and SPARQL queries ``extract.py`` reads the store with
    index.py      writing a build's index into ``builds/<id>/search/``
    searching.py  queries, ranking, facets, snippets
    incremental.py  the entries of an incremental build: the published build's side file and the changed ones
    overview.py   what the home page shows, computed once per build (``search/overview.json``)

The index is written by ``modgraph.publish.write_downloads`` for every build and every update (before the
build is published, so it switches with the build); the web layer (``modgraph.web.search``) and the CLI
(``modgraph search``) read it. See README.md beside this file.
"""

from __future__ import annotations

from collections.abc import Collection

import pyoxigraph as ox

from modgraph.search.incremental import build_entries
from modgraph.search.index import index_path, write_entries_index
from modgraph.search.overview import read_overview, write_overview
from modgraph.search.searching import Hit, Results, SearchError, SearchIndex
from modgraph.store.builds import Build

__all__ = ["Hit", "Results", "SearchError", "SearchIndex", "index_path", "overview_of", "write_search_index"]


def write_search_index(build: Build, store: ox.Store, base: Build | None = None, reusable: Collection[str] = ()) -> int:
    """The search index and the home page's overview of a build that is not published yet, from its open
    store; the number of resources indexed. ``reusable``: the graphs an incremental build copied unchanged from
    ``base`` (the published build): the entries of the unchanged resources are taken from ``base``'s side file
    (``incremental.py``), the index is written whole."""
    outcome = build_entries(build, store, build.info, base, reusable)
    indexed = write_entries_index(index_path(build), outcome.extraction.entries, outcome.facet_labels)
    write_overview(index_path(build), store, build.info)
    return indexed


def overview_of(build: Build) -> dict | None:
    """The home page's overview of a build (``overview.py``), None for a build without one."""
    return read_overview(index_path(build))
