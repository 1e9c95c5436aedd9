"""The difference between two releases as an RDF Patch (https://afs.github.io/rdf-patch/), and its application.

A release's quads are those of its named graphs (the default graph is derived from them: it is left out).
The ontology and shapes graphs hold blank nodes (OWL restrictions, SHACL property shapes and lists), and
every build labels them afresh, so compared as they are two builds of the same records would differ in about
1,800 quads. Both releases are therefore canonicalised first (RDFC-1.0, pyoxigraph's
``Dataset.canonicalize``): isomorphic graphs get the same labels (``_:c14n0`` …), and a patch shows only what
changed. The data graphs have no blank nodes at all (every node has an IRI built from record ids).

The patch is written as RDF Patch text: a header (``H id``, ``H prev``: the releases' IRIs), one transaction
(``TX`` … ``TC``), first every deleted quad (``D``), then every added one (``A``), each sorted, in N-Quads
syntax (``A <s> <p> <o> <g> .``). Rows are read back with the engine's N-Quads parser (never split by hand),
so ``parse_patch(write_patch(p)) == p``. Applying a patch (``apply_patch``) is strict: a ``D`` of a quad that
is not there, or an ``A`` of one that is, means the patch was not made from this release and is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from modgraph.store.default_graph import as_nquads


class PatchError(ValueError):
    """A patch that does not parse, or that does not fit the release it is applied to (the message says where)."""


@dataclass
class Patch:
    """Deleted and added quads (each sorted), and the header (``id``, ``prev`` …: name → IRI)."""

    deleted: list[ox.Quad] = field(default_factory=list)
    added: list[ox.Quad] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.deleted or self.added)


def _has_blank_nodes(store: ox.Store, graph: ox.NamedNode) -> bool:
    return bool(store.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }} }}"))


def release_lines(store: ox.Store) -> set[bytes]:
    """The quads of every named graph of a release's store as N-Quads lines, blank nodes canonically labelled.

    A graph without blank nodes (every data graph) is dumped by the engine as it is; the graphs with blank nodes
    are canonicalised together (RDFC-1.0: a blank node is one node across the graphs of a dataset, so they are
    labelled as one dataset). Lines, not quads, so that two releases are compared as bytes, in one set operation.
    """
    lines: set[bytes] = set()
    blank = ox.Dataset()
    for graph in store.named_graphs():
        if not isinstance(graph, ox.NamedNode):
            continue
        if _has_blank_nodes(store, graph):
            for quad in store.quads_for_pattern(None, None, None, graph):
                blank.add(quad)
            continue
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        assert data is not None  # no output stream given: the bytes
        lines.update(as_nquads(graph.value, data).splitlines())
    if len(blank):
        blank.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        data = ox.serialize(blank, format=ox.RdfFormat.N_QUADS)
        assert data is not None
        lines.update(data.splitlines())
    lines.discard(b"")
    return lines


def _parse_lines(lines: Iterable[bytes]) -> list[ox.Quad]:
    return list(ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_QUADS))


def release_quads(store: ox.Store) -> set[ox.Quad]:
    """The quads of every named graph of a release's store, blank nodes canonically labelled (``release_lines``)."""
    return set(_parse_lines(release_lines(store)))


def _row(quad: ox.Quad) -> str:
    return str(quad) + " ."


def _sorted(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    return sorted(quads, key=_row)


def diff(old: set[ox.Quad], new: set[ox.Quad], header: dict[str, str] | None = None) -> Patch:
    """The patch that turns ``old`` into ``new`` (both canonicalised as ``release_quads`` gives them)."""
    return Patch(_sorted(old - new), _sorted(new - old), dict(header or {}))


def diff_lines(old: set[bytes], new: set[bytes], header: dict[str, str] | None = None) -> Patch:
    """``diff`` of two releases given as ``release_lines`` (only the differing lines are parsed)."""
    return Patch(_sorted(_parse_lines(old - new)), _sorted(_parse_lines(new - old)), dict(header or {}))


def write_patch(patch: Patch) -> str:
    """The patch as RDF Patch text (header, one transaction, deletions before additions)."""
    lines = [f"H {name} <{iri}> ." for name, iri in patch.header.items()]
    lines.append("TX .")
    lines += ["D " + _row(q) for q in patch.deleted]
    lines += ["A " + _row(q) for q in patch.added]
    lines.append("TC .")
    return "\n".join(lines) + "\n"


def _quad(text: str, number: int) -> ox.Quad:
    """The one quad of an ``A``/``D`` row (N-Quads after the row's letter).

    :raises PatchError: the row is not one quad of N-Quads
    """
    try:
        quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise PatchError(f"line {number}: not a quad in N-Quads syntax: {exc}") from None
    if len(quads) != 1:
        raise PatchError(f"line {number}: a row holds exactly one quad, not {len(quads)}")
    return quads[0]


def parse_patch(text: str) -> Patch:
    """Read RDF Patch text (header rows, ``TX``/``TC``/``TA``, ``A``/``D`` rows of quads; prefix rows refused).

    :raises PatchError: a row that is not RDF Patch, or one this reader does not take (``PA``/``PD``), with its line
    """
    patch = Patch()
    for number, line in enumerate(text.splitlines(), 1):
        row = line.strip()
        if not row or row.startswith("#"):
            continue
        code, _, rest = row.partition(" ")
        if code == "H":
            name, _, value = rest.partition(" ")
            term = value.removesuffix(".").strip()
            if not (term.startswith("<") and term.endswith(">")):
                raise PatchError(f"line {number}: a header's value is an IRI in <…>: {row!r}")
            patch.header[name] = term[1:-1]
        elif code in ("TX", "TC", "TA"):
            continue
        elif code in ("A", "D"):
            (patch.added if code == "A" else patch.deleted).append(_quad(rest, number))
        else:
            raise PatchError(f"line {number}: not a row this reader takes (H, TX, TC, TA, A, D): {row[:60]!r}")
    return patch


def apply_patch(quads: set[ox.Quad], patch: Patch) -> set[ox.Quad]:
    """The release ``quads`` with the patch applied (a new set).

    :raises PatchError: the patch deletes a quad that is not there or adds one that is (it was not made from
        this release)
    """
    out = set(quads)
    for quad in patch.deleted:
        if quad not in out:
            raise PatchError(f"the patch deletes a quad the release does not have: {_row(quad)}")
        out.discard(quad)
    for quad in patch.added:
        if quad in out:
            raise PatchError(f"the patch adds a quad the release already has: {_row(quad)}")
        out.add(quad)
    return out
