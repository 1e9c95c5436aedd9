"""Full-text search over the published graph, German-aware: one tantivy index per build.

    analysis.py   folding (ä → ae, ß → ss), the compound vocabulary, the tantivy analyzer
    extract.py    what is indexed: resources, their labels, notes, passages and facets (SPARQL on the store)
    index.py      writing a build's index into ``builds/<id>/search/``
    searching.py  queries, ranking, facets, snippets
    overview.py   what the home page shows, computed once per build (``search/overview.json``)

The index is written by ``modgraph.publish.write_downloads`` for every build and every update (before the
build is published, so it switches with the build); the web layer (``modgraph.web.search``) and the CLI
(``modgraph search``) read it. See README.md beside this file.
"""

from __future__ import annotations

import pyoxigraph as ox

from modgraph.search.index import index_path, write_index
from modgraph.search.overview import read_overview, write_overview
from modgraph.search.searching import Hit, Results, SearchError, SearchIndex
from modgraph.store.builds import Build

__all__ = ["Hit", "Results", "SearchError", "SearchIndex", "index_path", "overview_of", "write_search_index"]


def write_search_index(build: Build, store: ox.Store) -> int:
    """The search index and the home page's overview of a build that is not published yet, from its open
    store; the number of resources indexed."""
    indexed = write_index(index_path(build), store, build.info)
    write_overview(index_path(build), store, build.info)
    return indexed


def overview_of(build: Build) -> dict | None:
    """The home page's overview of a build (``overview.py``), None for a build without one."""
    return read_overview(index_path(build))
