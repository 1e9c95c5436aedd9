"""Terms and graphs between rdflib and the engine: the small graphs made in code with rdflib terms (the
catalogue, VoID) are collected in a ``Triples`` set and written out by pyoxigraph's serializers, which are an
order of magnitude faster than rdflib's (the ×40 catalogue: 4.4 of its 5.4 s were rdflib's Turtle, RDF/XML and
JSON-LD writers; of the rest, two thirds were the indexes of rdflib's in-memory store, which ``Triples`` has not).

>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> g.bind("ex", "http://example.org/")
>>> _ = g.add((URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("x", lang="de")))
>>> print(serialize_graph(g, ox.RdfFormat.TURTLE).decode().splitlines()[-1])
ex:a ex:p "x"@de .
>>> to_rdflib(to_ox(Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))).datatype
rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

OxTerm = Any  # a pyoxigraph NamedNode, BlankNode or Literal
_XSD_STRING = ox.NamedNode(str(XSD.string))


def to_ox(term: Node) -> OxTerm:
    """An rdflib term as a pyoxigraph term.

    :raises TypeError: ``term`` is not an IRI, blank node or literal (a variable, a graph …)
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: OxTerm) -> Node:
    """A pyoxigraph term as an rdflib term (a plain string keeps no datatype, as rdflib's parsers do)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return _literal(term.value, term.language, term.datatype.value)


@lru_cache(maxsize=1 << 16)
def _literal(value: str, language: str | None, datatype: str) -> Literal:
    if language:
        return Literal(value, lang=language)
    if datatype == _XSD_STRING.value:
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


class Triples:
    """The triples of a small graph made in code, with rdflib terms: a set in the order of their addition and the
    bound prefixes, with no indexes but one from (subject, predicate) to the objects. Adding a triple is two dict
    insertions, where rdflib's ``Graph.add`` keeps three indexes and a context (about 20 µs a triple).

    >>> from rdflib import Literal, URIRef
    >>> t = Triples()
    >>> t.bind("ex", "http://example.org/")
    >>> a, p = URIRef("http://example.org/a"), URIRef("http://example.org/p")
    >>> t.add((a, p, Literal("x", lang="de"))); t.add((a, p, Literal("x", lang="de"))); len(t)
    1
    >>> t.objects(a, p)
    [rdflib.term.Literal('x', lang='de')]
    >>> t.remove((a, p, Literal("x", lang="de"))); len(t), t.objects(a, p)
    (0, [])
    """

    def __init__(self) -> None:
        self._triples: dict[tuple[Node, Node, Node], None] = {}
        self._objects: dict[tuple[Node, Node], dict[Node, None]] = {}
        self._prefixes: dict[str, str] = {}

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        """Add one triple (again: nothing changes)."""
        self._triples[triple] = None
        self._objects.setdefault(triple[:2], {})[triple[2]] = None

    def remove(self, triple: tuple[Node, Node, Node]) -> None:
        """Remove one triple (one that is not there: nothing changes)."""
        if self._triples.pop(triple, 0) is None:
            del self._objects[triple[:2]][triple[2]]

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        """The objects of ``subject`` and ``predicate``, in the order of their addition."""
        return list(self._objects.get((subject, predicate), ()))

    def bind(self, prefix: str, namespace: object) -> None:
        """Declare ``prefix`` for ``namespace`` (a string or an rdflib namespace) where the serialization has prefixes
        (see :func:`serializations`)."""
        self._prefixes[prefix] = str(namespace)

    def namespaces(self) -> Iterable[tuple[str, str]]:
        return self._prefixes.items()

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def graph(self) -> Graph:
        """The triples as an rdflib graph, with the prefixes bound (for callers that query it)."""
        g = Graph()
        for prefix, namespace in self._prefixes.items():
            g.bind(prefix, namespace)
        for triple in self._triples:
            g.add(triple)
        return g


def serialize_graph(graph: Graph | Triples, fmt: ox.RdfFormat) -> bytes:
    """``graph`` in ``fmt`` (Turtle, RDF/XML, JSON-LD, N-Triples …), written by pyoxigraph (see :func:`serializations`).

    :raises TypeError: the graph holds something that is not an RDF term (rdflib graphs can hold variables)
    """
    return serializations(graph, [fmt])[0]


def serializations(graph: Graph | Triples, formats: Iterable[ox.RdfFormat]) -> list[bytes]:
    """``graph`` in each of ``formats``, its triples converted once.

    The triples are sorted (as N-Triples lines: by subject, predicate, object), so that each subject's
    statements are grouped in Turtle and RDF/XML and the file is the same for the same graph; those of the
    graph's bound prefixes that its IRIs use are declared where the format has prefixes.

    :raises TypeError: the graph holds something that is not an RDF term (rdflib graphs can hold variables)
    """
    triples = sorted((ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph), key=str)
    iris = {t.value for triple in triples for t in triple if isinstance(t, ox.NamedNode)}
    bound = sorted((str(prefix), str(ns)) for prefix, ns in graph.namespaces() if prefix)
    prefixes = {prefix: ns for prefix, ns in bound if any(iri.startswith(ns) for iri in iris)}
    return [cast(bytes, ox.serialize(triples, format=fmt, prefixes=prefixes)) for fmt in formats]
