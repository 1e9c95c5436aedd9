"""Test helper: publish small builds into a StoreLocation, the way `modgraph build` does."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox

from modgraph.store.builds import Build, BuildInfo, StoreLocation


def publish_build(
    root: Path,
    graphs: dict[str, tuple[bytes, ox.RdfFormat, str | None]],
    data_graphs: list[str],
    base_iri: str = "https://w3id.org/modgraph/",
) -> Build:
    """Load each graph (name -> (data, format, base IRI)) into a fresh build and publish it."""
    location = StoreLocation(root)
    build = location.new_build()
    store = ox.Store(str(build.store_path))
    for name, (data, fmt, base) in graphs.items():
        store.load(data, fmt, base_iri=base, to_graph=ox.NamedNode(name))
    counts = {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs()}
    store.flush()
    del store
    build_id = build.path.name.removesuffix(".partial")
    info = BuildInfo(
        id=build_id,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        base_iri=base_iri,
        data_graphs=data_graphs,
        graphs=counts,
    )
    build.info_path.write_text(info.to_json(), encoding="utf-8")
    return location.publish(build)


def turtle(text: str) -> tuple[bytes, ox.RdfFormat, None]:
    return text.encode("utf-8"), ox.RdfFormat.TURTLE, None
