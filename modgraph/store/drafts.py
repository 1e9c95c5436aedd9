"""Writing builds: a draft is a ``.partial`` build directory that is filled, then published once.

There is one way to publish (``Draft.publish``), used by ``modgraph build`` and by updates alike::

    with start_build(location) as draft:          # empty (a build from the records)
        with draft_store(draft) as store:         # the build streams its graphs in, one by one:
            loader = GraphLoader(store)           #   N-Quads batches, bulk-loaded, the union default
            loader.add(iri, ntriples, in_union=True)  # graph loaded with each data graph
            loader.flush()
            finish_store(draft, store, info)      # compact, count, build.json
        draft.publish()
    # (``load_graphs`` does the same for graphs given all at once)
    # or, for an update:
    with start_copy(location) as draft:           # a copy of the current build (RocksDB checkpoint)
        apply_update(draft, text)                 # keeps the materialised default graph right
        ...                                       # the publication files (modgraph.publish)
        draft.publish()                           # under the lock; compare-and-swap for copies

Leaving the ``with`` block without publishing (an error, or a refusal) removes the draft: nothing of
it is ever served.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from modgraph.store.builds import KEEP_BUILDS, Build, BuildInfo, StoreError, StoreLocation, utc_now
from modgraph.store.default_graph import as_nquads, materialise_union, remove_union
from modgraph.store.lock import WritingLock, publication_lock
from modgraph.store.releases import release_of


class PublishConflict(StoreError):
    """The draft was made from build X, but ``current`` is no longer X: publishing it would lose the newer build."""


@dataclass
class Draft:
    """A build being written. ``base`` is the published build it was copied from (None: a build from scratch)."""

    location: StoreLocation
    build: Build
    base: Build | None = None
    published: bool = False
    #: held while the draft is written, so that no other process removes it as a leftover
    writing: WritingLock | None = None
    #: the release fields (``version``, ``previous``) from the build that was current when the draft was started
    release: dict = field(default_factory=lambda: {"version": 1, "previous": None})

    def __enter__(self) -> Draft:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Remove the draft unless it was published; release its writing lock."""
        if not self.published:
            self.location.discard(self.build)
        if self.writing is not None:
            self.writing.release()

    def write_info(self, info: BuildInfo) -> BuildInfo:
        """Write ``build.json`` (its id is the draft's; its release number and predecessor are ``release``)."""
        info = replace(info, id=self.build.id, **self.release)
        self.build.info_path.write_text(info.to_json(), encoding="utf-8")
        return info

    def publish(self, keep: int = KEEP_BUILDS) -> Build:
        """Make the draft the current build: rename it, then swap the ``current`` symlink atomically.

        Done while holding the publication lock; then the oldest builds beyond the newest ``keep`` are removed
        (``StoreLocation.prune``; the setting ``keep_releases``). A copy (``base`` set) is only published if ``current``
        is still its base — compare-and-swap, so that a build published meanwhile is never replaced by
        one that does not contain it.

        :raises StoreError: the draft has no ``build.json``
        :raises PublishConflict: ``current`` is no longer the draft's base
        """
        if not self.build.info_path.is_file():
            raise StoreError(f"{self.build.path} has no build.json: refusing to publish an incomplete build")
        with publication_lock(self.location.root):
            if self.base is not None:
                check_current(self.location, self.base.id)
            final = self.build.path.with_name(self.build.id)
            self.location.seal(self.build)
            os.replace(self.build.path, final)
            self.build, self.published = Build(final), True
            _point_current_at(self.location, final)
            self.location.prune(keep)
        return self.build


def check_current(location: StoreLocation, expected: str) -> None:
    """:raises PublishConflict: the current build is not ``expected``"""
    current = location.current()
    found = current.id if current else None
    if found != expected:
        raise PublishConflict(
            f"the change was made on build {expected}, but build {found} has been published "
            "meanwhile: nothing was changed; make the change again on the current build"
        )


def _point_current_at(location: StoreLocation, final: Path) -> None:
    tmp_link = location.root / f".current-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(Path("builds") / final.name, tmp_link)
    os.replace(tmp_link, location.current_link)  # atomic on POSIX


def _current_release(location: StoreLocation) -> dict:
    """The release fields of a build started now: read at once, as the current build may be pruned by another
    publisher while this one is written; a build pruned between resolving ``current`` and reading it is retried.

    :raises StoreError: the current build's ``build.json`` cannot be read
    """
    for _ in range(3):
        try:
            return release_of(location.current())
        except StoreError:
            continue
    return release_of(location.current())


def _new_draft(location: StoreLocation, base: Build | None = None) -> Draft:
    release = _current_release(location)
    build, writing = location.new_partial()
    return Draft(location, build, base, writing=writing, release=release)


def start_build(location: StoreLocation) -> Draft:
    """An empty draft (a build from the records).

    :raises OSError: its directory cannot be made
    """
    return _new_draft(location)


def start_copy(location: StoreLocation, expected: str | None = None) -> Draft:
    """A draft that is a copy of the current build: its store (a RocksDB checkpoint) and ``build.json``.

    :param expected: the build the caller means to change; refused if it is no longer the current one
    :raises StoreError: nothing has been published yet
    :raises PublishConflict: ``expected`` is given and is not the current build
    """
    base = location.require_current()
    if expected is not None:
        check_current(location, expected)
    draft = _new_draft(location, base)
    try:
        source = base.open_read_only()
        source.backup(str(draft.build.store_path))
        del source
        draft.write_info(base.info)
    except BaseException:
        draft.close()
        raise
    return draft


def graph_counts(store: ox.Store) -> dict[str, int]:
    """Triples per named graph (the default graph is not counted: it is derived), counted by the engine."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(rows, ox.QuerySolutions)
    return {row["g"].value: int(row["n"].value) for row in rows if isinstance(row["g"], ox.NamedNode)}


class GraphLoader:
    """Streams graphs into a draft's store: each graph's N-Triples become N-Quads of its named graph (and,
    for a data graph, triples of the union default graph), gathered into batches of about ``batch_bytes``
    that the engine bulk-loads. Memory: one batch plus the graph being added, never the whole dataset.
    """

    def __init__(self, store: ox.Store, batch_bytes: int = 64 * 2**20):
        self.store = store
        self.batch_bytes = batch_bytes
        self._batch: list[bytes] = []
        self._size = 0

    def add(self, graph: str, ntriples: bytes, *, in_union: bool) -> None:
        """Add ``graph`` (N-Triples, one triple per line); ``in_union``: a data graph, part of the default graph."""
        parts = [as_nquads(graph, ntriples)] + ([ntriples] if in_union else [])
        self._batch += parts
        self._size += sum(len(part) for part in parts)
        if self._size >= self.batch_bytes:
            self.flush()

    def flush(self) -> None:
        """Bulk-load what is gathered."""
        if self._batch:
            data, self._batch, self._size = b"".join(self._batch), [], 0
            self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)


@contextmanager
def draft_store(draft: Draft) -> Iterator[ox.Store]:
    """The draft's store opened read-write, closed when the block ends (see ``_in_store``)."""
    try:
        yield ox.Store(str(draft.build.store_path))
    finally:
        gc.collect()


def finish_store(draft: Draft, store: ox.Store, info: BuildInfo) -> BuildInfo:
    """After a ``GraphLoader`` filled the draft: compact the store, count, write ``build.json``."""
    store.flush()
    store.optimize()
    counts = graph_counts(store)
    return draft.write_info(replace(info, graphs=counts, created=utc_now(), union_in_default_graph=True))


def load_graphs(draft: Draft, graphs: dict[str, bytes], info: BuildInfo) -> BuildInfo:
    """Fill an empty draft: each graph (IRI -> N-Triples), the union default graph, ``build.json``.

    ``info.graphs`` and ``info.created`` are set here from what was loaded.
    """
    with draft_store(draft) as store:
        loader = GraphLoader(store)
        for iri, data in graphs.items():
            loader.add(iri, data, in_union=iri in info.data_graphs)
        loader.flush()
        return finish_store(draft, store, info)


def apply_update(draft: Draft, text: str) -> BuildInfo:
    """Apply a SPARQL Update to a draft copied from the current build; recount, rewrite ``build.json``.

    The update sees the named graphs and the default graph's own triples (the materialised union is
    removed first and made again afterwards). A named graph the update creates becomes a data graph.

    :raises SyntaxError: the update does not parse
    """
    old = draft.build.info
    counts, data_graphs = _in_store(draft, _update, text, old)
    # the graphs are no longer what their inputs make: a later build must not reuse them (``inputs`` dropped)
    documents = {doc: {k: v for k, v in entry.items() if k != "inputs"} for doc, entry in old.documents.items()}
    return draft.write_info(
        replace(old, created=utc_now(), data_graphs=data_graphs, graphs=counts, documents=documents)
    )


def _in_store(draft: Draft, work, *args):
    """``work(store, *args)`` on the draft's store opened read-write, which is closed afterwards.

    pyoxigraph has no ``close``: the RocksDB handle goes when the last reference does, which is when
    ``work``'s frame ends — before the draft is read by the publication step or renamed.
    """
    try:
        return work(ox.Store(str(draft.build.store_path)), *args)
    finally:
        gc.collect()


def _update(store: ox.Store, text: str, old: BuildInfo) -> tuple[dict[str, int], list[str]]:
    if old.union_in_default_graph:
        remove_union(store, old.data_graphs)
    store.update(text)
    counts = graph_counts(store)
    data_graphs = old.data_graphs + [g for g in counts if g not in old.graphs and g not in old.data_graphs]
    if old.union_in_default_graph:
        materialise_union(store, data_graphs)
    store.flush()
    return counts, data_graphs
