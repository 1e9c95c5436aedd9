"""Test helper: publish small builds into a StoreLocation, through the store's drafts as `modgraph build` does."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from modgraph.store.builds import Build, BuildInfo, StoreLocation, utc_now
from modgraph.store.drafts import graph_counts, start_build


def publish_build(
    root: Path,
    graphs: dict[str, tuple[bytes, ox.RdfFormat, str | None]],
    data_graphs: list[str],
    base_iri: str = "https://w3id.org/modgraph/",
) -> Build:
    """Load each graph (name -> (data, format, base IRI)) into a fresh build and publish it.

    Unlike a real build, the default graph is not materialised and no publication files are written.
    """
    with start_build(StoreLocation(root)) as draft:
        store = ox.Store(str(draft.build.store_path))
        for name, (data, fmt, base) in graphs.items():
            store.load(data, fmt, base_iri=base, to_graph=ox.NamedNode(name))
        counts = graph_counts(store)
        store.flush()
        del store
        draft.write_info(
            BuildInfo(id=draft.build.id, created=utc_now(), base_iri=base_iri, data_graphs=data_graphs, graphs=counts)
        )
        return draft.publish()


def turtle(text: str) -> tuple[bytes, ox.RdfFormat, None]:
    return text.encode("utf-8"), ox.RdfFormat.TURTLE, None
