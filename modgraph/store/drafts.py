"""Writing builds: a draft is a ``.partial`` build directory that is filled, then published once.

There is one way to publish (``Draft.publish``), used by ``modgraph build`` and by updates alike::

    with start_build(location) as draft:          # empty (a build from the records)
        load_graphs(draft, graphs, info)          # the graphs, the union default graph, build.json
        draft.publish()
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
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox

from modgraph.store.builds import Build, BuildInfo, StoreError, StoreLocation, utc_now
from modgraph.store.default_graph import materialise_union, remove_union
from modgraph.store.lock import WritingLock, publication_lock


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
        """Write ``build.json`` (its id is the draft's)."""
        info = replace(info, id=self.build.id)
        self.build.info_path.write_text(info.to_json(), encoding="utf-8")
        return info

    def publish(self) -> Build:
        """Make the draft the current build: rename it, then swap the ``current`` symlink atomically.

        Done while holding the publication lock. A copy (``base`` set) is only published if ``current``
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
            self.location.prune()
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


def _new_draft(location: StoreLocation, base: Build | None = None) -> Draft:
    build, writing = location.new_partial()
    return Draft(location, build, base, writing=writing)


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
    """Triples per named graph (the default graph is not counted: it is derived)."""
    counts: dict[str, int] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.graph_name, ox.NamedNode):
            counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    return counts


def load_graphs(draft: Draft, graphs: dict[str, bytes], info: BuildInfo) -> BuildInfo:
    """Fill an empty draft: each graph (IRI -> N-Triples), the union default graph, ``build.json``.

    ``info.graphs`` and ``info.created`` are set here from what was loaded.
    """
    counts = _in_store(draft, _load, graphs, info.data_graphs)
    return draft.write_info(replace(info, graphs=counts, created=utc_now(), union_in_default_graph=True))


def apply_update(draft: Draft, text: str) -> BuildInfo:
    """Apply a SPARQL Update to a draft copied from the current build; recount, rewrite ``build.json``.

    The update sees the named graphs and the default graph's own triples (the materialised union is
    removed first and made again afterwards). A named graph the update creates becomes a data graph.

    :raises SyntaxError: the update does not parse
    """
    old = draft.build.info
    counts, data_graphs = _in_store(draft, _update, text, old)
    return draft.write_info(replace(old, created=utc_now(), data_graphs=data_graphs, graphs=counts))


def _in_store(draft: Draft, work, *args):
    """``work(store, *args)`` on the draft's store opened read-write, which is closed afterwards.

    pyoxigraph has no ``close``: the RocksDB handle goes when the last reference does, which is when
    ``work``'s frame ends — before the draft is read by the publication step or renamed.
    """
    try:
        return work(ox.Store(str(draft.build.store_path)), *args)
    finally:
        gc.collect()


def _load(store: ox.Store, graphs: dict[str, bytes], data_graphs: list[str]) -> dict[str, int]:
    for iri, data in graphs.items():
        store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    materialise_union(store, data_graphs)
    store.flush()
    store.optimize()
    return graph_counts(store)


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
