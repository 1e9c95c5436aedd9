"""The part of a store the readers use: the one interface of the embedded and the remote store.

Pages, the catalogue, tables, exports and the dependency projection read a build through these four
calls only, so they work unchanged on either implementation:

- ``pyoxigraph.Store`` (the embedded on-disk store of a build, ``modgraph.store.builds.Build.open_read_only``)
- ``modgraph.store.remote.RemoteStore`` (a SPARQL 1.1 server, through the SPARQL protocols)

``query`` takes pyoxigraph's dataset arguments (``default_graph``, ``named_graphs``, ``base_iri``) and gives
pyoxigraph's result types (``QuerySolutions``, ``QueryBoolean``; for CONSTRUCT/DESCRIBE an iterable of
triples with ``serialize(format=…)``); ``dump`` writes one graph in an RDF syntax; ``named_graphs`` lists
the graphs; ``len`` counts the quads.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

import pyoxigraph as ox


@runtime_checkable
class GraphStore(Protocol):
    """What readers may call on a store (see the module docstring)."""

    def query(
        self,
        query: str,
        *,
        base_iri: str | None = None,
        default_graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | list[Any] | None = None,
        named_graphs: list[Any] | None = None,
    ) -> Any: ...

    def dump(
        self,
        output: Any = None,
        format: ox.RdfFormat | None = None,
        *,
        from_graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None,
    ) -> bytes | None: ...

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]: ...

    def __len__(self) -> int: ...
