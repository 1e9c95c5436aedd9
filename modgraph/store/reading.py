"""Reading a build: queries whose default graph is the union of the data graphs, and the in-process
handle on the published build."""

from __future__ import annotations

import pyoxigraph as ox

from modgraph.store.builds import Build, BuildInfo, StoreLocation


def query_data(store: ox.Store, info: BuildInfo, sparql: str, **options):
    """Run a query whose default graph is the union of the build's data graphs (as the endpoint does)."""
    if not info.union_in_default_graph:
        options.setdefault("default_graph", [ox.NamedNode(g) for g in info.data_graphs])
    return store.query(sparql, **options)


def select(store: ox.Store, sparql: str, **options) -> ox.QuerySolutions:
    """The solutions of a SELECT query (``options`` as for ``Store.query``).

    :raises TypeError: the query is not a SELECT query.
    """
    result = store.query(sparql, **options)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {sparql[:80]!r}")
    return result


class CurrentReader:
    """A read-only handle on the published build, reopened when a new build is published.

    For in-process readers (pages, dependency analyses); the SPARQL endpoint runs queries in
    killable worker processes instead.
    """

    def __init__(self, location: StoreLocation):
        self.location = location
        self._key: tuple[str, float] | None = None
        self._build: Build | None = None
        self._store: ox.Store | None = None
        self._info: BuildInfo | None = None

    def get(self) -> tuple[Build, BuildInfo, ox.Store]:
        """The published build, its info and its store (opened once per build).

        :raises StoreError: nothing has been published yet
        """
        build = self.location.require_current()
        key = (str(build.path), build.info_path.stat().st_mtime)
        if key != self._key:
            self._build, self._info, self._store = build, build.info, build.open_read_only()
            self._key = key
        return self._build, self._info, self._store  # type: ignore[return-value]

    def query(self, sparql: str, **options):
        """Query with the union of the data graphs as default graph."""
        _, info, store = self.get()
        return query_data(store, info, sparql, **options)
