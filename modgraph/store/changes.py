"""What a patch between two releases means, resource by resource: what was added, removed or changed.

Every subject of a patched quad is one changed resource: **added** if the old release did not describe it
(no quad with it as subject), **removed** if the new one does not, else **changed**, with the properties whose
values changed (old and new values). Its kind is its type (``rdf:type``) in the release that describes it;
the resources are grouped by kind so that a page can say "3 measures added, 2 status assertions changed".
Quads of the ontology and shapes graphs are grouped as such (their blank nodes have no kind of their own).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from modgraph.iris import PREFIXES
from modgraph.store.patch import Patch

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
#: the kind of a resource without an ``rdf:type`` (and of blank nodes of the model graphs)
UNTYPED = ""


@dataclass
class PropertyChange:
    """One property of a changed resource: the values it lost and those it gained."""

    property: str
    removed: list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = field(default_factory=list)
    added: list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = field(default_factory=list)


@dataclass
class ResourceChange:
    """One resource the patch touches."""

    iri: str
    change: str  # ADDED, REMOVED or CHANGED
    kind: str  # its type's IRI (the first, by IRI, of its types), or UNTYPED
    graphs: list[str]
    properties: list[PropertyChange] = field(default_factory=list)


@dataclass
class KindChanges:
    """The resources of one kind, by change."""

    kind: str
    added: list[ResourceChange] = field(default_factory=list)
    removed: list[ResourceChange] = field(default_factory=list)
    changed: list[ResourceChange] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


def _types(store: ox.Store, subject: ox.NamedNode) -> list[str]:
    return sorted(
        {
            q.object.value
            for q in store.quads_for_pattern(subject, RDF_TYPE, None)
            if isinstance(q.object, ox.NamedNode) and not isinstance(q.graph_name, ox.DefaultGraph)
        }
    )


def _described(store: ox.Store, subject: ox.NamedNode) -> bool:
    return any(not isinstance(q.graph_name, ox.DefaultGraph) for q in store.quads_for_pattern(subject, None, None))


def _kind(types: list[str]) -> str:
    """The kind a resource is grouped under: a type of modgraph's ontology first, else the first type."""
    own = [t for t in types if t.startswith(PREFIXES["mg"])]
    return (own or types or [UNTYPED])[0]


def resource_changes(patch: Patch, old: ox.Store, new: ox.Store, model_graphs: set[str]) -> list[ResourceChange]:
    """Each resource the patch touches (sorted by IRI); quads of ``model_graphs`` (ontology, shapes) are left out:
    ``model_changes`` counts them."""
    rows: dict[str, dict[str, PropertyChange]] = {}
    graphs: dict[str, set[str]] = {}
    for quads, side in ((patch.deleted, "removed"), (patch.added, "added")):
        for quad in quads:
            graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            if graph in model_graphs or not isinstance(quad.subject, ox.NamedNode):
                continue
            s, p = quad.subject.value, quad.predicate.value
            change = rows.setdefault(s, {}).setdefault(p, PropertyChange(p))
            getattr(change, side).append(quad.object)
            graphs.setdefault(s, set()).add(graph)
    out = []
    for s in sorted(rows):
        node = ox.NamedNode(s)
        in_old, in_new = _described(old, node), _described(new, node)
        what = CHANGED if in_old and in_new else (ADDED if in_new else REMOVED)
        types = _types(new if in_new else old, node)
        props = [rows[s][p] for p in sorted(rows[s])]
        for prop in props:
            prop.removed.sort(key=str)
            prop.added.sort(key=str)
        out.append(ResourceChange(s, what, _kind(types), sorted(graphs[s]), props))
    return out


def by_kind(changes: list[ResourceChange]) -> list[KindChanges]:
    """The changes grouped by kind, the kinds with the most changes first."""
    groups: dict[str, KindChanges] = {}
    for change in changes:
        group = groups.setdefault(change.kind, KindChanges(change.kind))
        getattr(group, change.change).append(change)
    return sorted(groups.values(), key=lambda g: (-g.total, g.kind))


def model_changes(patch: Patch, model_graphs: set[str]) -> dict[str, tuple[int, int]]:
    """Per model graph (ontology, shapes) the quads the patch deletes and adds there."""
    counts: dict[str, tuple[int, int]] = {}
    for quads, i in ((patch.deleted, 0), (patch.added, 1)):
        for quad in quads:
            graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            if graph in model_graphs:
                pair = list(counts.get(graph, (0, 0)))
                pair[i] += 1
                counts[graph] = (pair[0], pair[1])
    return counts


def changed_triples(before: ox.Store, after: ox.Store, graphs: Iterable[str]) -> set[ox.Triple]:
    """The triples of the named ``graphs`` that are in one store and not in the other (a graph may be missing
    from either): a superset of what changed in the union of the data graphs."""
    out: set[ox.Triple] = set()
    for iri in graphs:
        name = ox.NamedNode(iri)
        old = {q.triple for q in before.quads_for_pattern(None, None, None, name)}
        new = {q.triple for q in after.quads_for_pattern(None, None, None, name)}
        out |= old ^ new
    return out
