"""The dependency projection made once per build, at publication time, and read back by whoever needs it.

``write_projection`` runs the projection's SPARQL (``modgraph.deps.projection.project``) on the new build's
store while the build is published (``modgraph.publish.write_downloads``, for every build and every update)
and writes the graph into the build directory, next to the store: ``deps-projection.pickle``. A web worker
(``DependencyService``) and the CLI then read that file once per build instead of querying the store on their
first dependency question. A build published before the file existed (or whose file is unreadable or of
another format) is projected from its store as before, so nothing is lost.

The file is a pickle (protocol 5) of ``{"format", "build", "created", "graph"}``: the networkx graph as the
analyses use it, unpickled without rebuilding it edge by edge. Edges with the same attributes share one
attribute dict (a build has fewer than a hundred distinct ones), which makes the file and the worker's copy
smaller. The file is written by the build itself into the build directory, which is as trusted as the store
beside it; it is never read from anywhere else. Measured sizes and times: ``modgraph/deps/README.md``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from modgraph import relations as relations_module
from modgraph.deps import attributes as attributes_module
from modgraph.deps import projection as projection_module
from modgraph.deps.attributes import affected_nodes
from modgraph.deps.projection import Projection, project, project_store
from modgraph.settings import Settings
from modgraph.store.builds import Build, BuildInfo, StoreError, StoreLocation
from modgraph.store.reading import CurrentReader

FILE_NAME = "deps-projection.pickle"
#: bumped whenever the pickled content changes meaning; another format is not read (the store is projected)
FORMAT = 1


def _code_checksum() -> str:
    """The checksum of the code that makes a projection (the projection, its node attributes and the relations
    table): a published projection's edges and node attributes are reused by the next build only if this is
    unchanged."""
    digest = hashlib.sha256()
    for module in (projection_module, attributes_module, relations_module):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()


#: the projecting code's checksum, stored in every projection file (``"code"``)
CODE = _code_checksum()


def projection_path(build_dir: Path) -> Path:
    return build_dir / FILE_NAME


def _share_edge_attributes(graph: nx.MultiDiGraph) -> None:
    """Let edges with equal attributes share one dict (in the successor and the predecessor maps alike)."""
    shared: dict[tuple, dict] = {}
    for u, targets in graph._adj.items():
        for v, keyed in targets.items():
            for k, attrs in keyed.items():
                one = shared.setdefault(tuple(sorted(attrs.items())), attrs)
                keyed[k] = one
                graph._pred[v][u][k] = one


def _reusable_base(base: Build | None, reusable: Collection[str]) -> tuple[nx.MultiDiGraph, set[str]] | None:
    """The published build's projection and the graphs to take from it, when its file is there, is that
    build's and was made by the same code; else None (everything is projected from the store)."""
    if base is None or not reusable:
        return None
    payload = _payload(base.path, base.info)
    if payload is None or payload.get("code") != CODE:
        return None
    return payload["graph"], set(reusable)


def write_projection(
    build: Build, store: ox.Store, info: BuildInfo, base: Build | None = None, reusable: Collection[str] = ()
) -> Path:
    """Project ``store`` (the build's own, opened by the caller) and write the file into the build directory.

    ``reusable``: the data graphs an incremental build copied unchanged from ``base`` (the published build):
    their edges are taken from ``base``'s projection file when it is there and was made by this code
    (``CODE``), only the other graphs' edges are read from the store (``modgraph.deps.projection.project``), and
    so are the attributes of the nodes the changed graphs may touch (``modgraph.deps.attributes``).
    Written to a temporary name and renamed, so a reader never sees half a file.

    :raises OSError: the file cannot be written (the publication fails like for any other download).
    """
    reuse = _reusable_base(base, reusable)
    affected = None
    if reuse is not None and base is not None:  # the nodes whose attributes are read again (modgraph.deps.attributes)
        affected = affected_nodes(base.open_read_only(), base.info, store, info, reuse[1] & set(info.data_graphs))
    graph = project_store(store, info, base=reuse, affected=affected).graph
    _share_edge_attributes(graph)
    path = projection_path(build.path)
    partial = path.with_name(path.name + ".partial")
    payload = {"format": FORMAT, "build": info.id, "created": info.created, "code": CODE, "graph": graph}
    with open(partial, "wb") as out:
        pickle.dump(payload, out, protocol=5)
    os.replace(partial, path)
    return path


def _payload(build_dir: Path, info: BuildInfo) -> dict | None:
    """The projection file's content, or None when there is none for this build (see :func:`read_projection`)."""
    try:
        with open(projection_path(build_dir), "rb") as f:
            payload = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return None
    if payload.get("build") != info.id or payload.get("created") != info.created:
        return None
    return payload if isinstance(payload.get("graph"), nx.MultiDiGraph) else None


def read_projection(build_dir: Path, info: BuildInfo) -> Projection | None:
    """The projection stored in a build directory, or None when there is none for this build (no file, another
    format or build, or a file that cannot be read)."""
    payload = _payload(build_dir, info)
    return None if payload is None else Projection(payload["graph"], info)


def build_projection(build: Build) -> Projection:
    """The projection of a build: its stored file, else projected from its store (builds made before the file)."""
    info = build.info
    return read_projection(build.path, info) or project_store(build.open_read_only(), info)


class DependencyService:
    """The projection of the published build, read again when a new build is published (thread-safe), and the
    views of the questions asked about it, each with a cache for its costly analyses."""

    MAX_VIEWS = 64

    def __init__(self, settings: Settings, source: Callable[[], tuple[Build, BuildInfo]] | None = None):
        self.settings = settings
        self.reader = CurrentReader(StoreLocation(settings.store))
        #: where the projection is read from instead of the local published build: a directory holding the
        #: projection file of that build (a SPARQL server as the store: written by the web process from the
        #: server's graphs, ``modgraph.web.remote.remote_projection``); nothing is projected here then
        self.source = source
        self._lock = threading.Lock()
        self._cached: tuple[str, Projection] | None = None
        self._views: dict[tuple, tuple[nx.MultiDiGraph, dict]] = {}

    def projection(self) -> Projection:
        """The projection of the published build: its file, read once per build; projected from the store if the
        build has none.

        :raises StoreError: nothing is published.
        """
        with self._lock:
            if self.source is not None:
                build, info = self.source()
            else:
                build, info, _ = self.reader.get()
            key = f"{build.path}|{info.id}|{info.created}"
            if self._cached is None or self._cached[0] != key:
                found = read_projection(build.path, info)
                if found is None and self.source is not None:
                    raise StoreError(f"no dependency projection of build {info.id} in {build.path}")
                found = found or project(self.reader.query, info)
                self._cached = (key, found)
                self._views.clear()
            return self._cached[1]

    def view(
        self,
        relations: str | None = None,
        documents: Iterable[str] | None = None,
        programmes: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
    ) -> tuple[Projection, nx.MultiDiGraph, dict]:
        """The published projection, its view for these filters (see ``Projection.view``) and the view's cache.

        :raises StoreError: nothing is published.
        :raises UnknownRelation: an unknown relation or preset.
        """
        projection = self.projection()
        key = (projection.build_id, relations, tuple(documents or ()), tuple(programmes or ()), tuple(kinds or ()))
        with self._lock:
            found = self._views.get(key)
        if found is None:
            found = (projection.view(relations, documents, programmes, kinds), {})
            with self._lock:
                if len(self._views) >= self.MAX_VIEWS:
                    self._views.clear()
                found = self._views.setdefault(key, found)
        return (projection, *found)
