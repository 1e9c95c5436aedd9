"""Helpers of the publication tests: the IRIs a build must dereference."""

from __future__ import annotations

import pyoxigraph as ox

from modgraph.iris import DEF


def graph_iris(build, base: str) -> list[str]:
    """Every IRI of the published build that this server must dereference: IRIs under the base or the
    ontology namespace, as subject, predicate, object or graph name, without their #fragment."""
    store = ox.Store.read_only(str(build.store_path))
    found: set[str] = set()
    for q in store.quads_for_pattern(None, None, None, None):
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(term, ox.NamedNode) and (term.value.startswith(base) or term.value.startswith(DEF)):
                found.add(term.value.split("#", 1)[0])
    del store
    return sorted(found)
