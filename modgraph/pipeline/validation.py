"""SHACL validation of the mapped graph, and the report in text, Turtle or JSON.

Each result names its focus node and, where the focus node has evidence, the passages
(document, line, quoted text) it was derived from, so that a warning about the sources'
own inconsistencies points at the place in the source.

Two validators give the same report: ``compiled`` (the default, ``modgraph.pipeline.shacl``: the shapes
compiled to queries run on the Oxigraph store) and ``pyshacl`` (the reference: the union loaded into
rdflib and validated by pyshacl). Either way the passages of all results are read from the store in
a few batched queries.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SH
from rdflib.term import Node

from modgraph.iris import MG, OA, PREFIXES, sparql_prefixes
from modgraph.pipeline.shacl.compile import Shape, compile_shapes, copy_path
from modgraph.pipeline.shacl.reach import Reach, affected, plan_focus, seeds
from modgraph.pipeline.shacl.run import RawResult, Runner
from modgraph.settings import VALIDATORS
from modgraph.store.terms import to_ox, to_rdflib

_PREFIXES = sparql_prefixes(["prov", "oa", "mg", "dct"])
#: a passage's document, line and quote
_DETAILS = "?p oa:hasSource ?d ; mg:line ?line ; oa:hasSelector ?sel . ?sel oa:exact ?exact . ?d dct:identifier ?doc ."
#: the focus node's own passages; a node without any (an amount, a period) shows its owner's. Each query starts
#: from the VALUES of focus nodes (a UNION of both cases made Oxigraph scan every link of the graph per batch).
_HAS_OWN = _PREFIXES + "SELECT DISTINCT ?focus WHERE { VALUES ?focus { %s } ?focus prov:wasDerivedFrom ?any }"
_OWN = (
    _PREFIXES
    + "SELECT DISTINCT ?focus ?doc ?line ?exact WHERE { VALUES ?focus { %s } ?focus prov:wasDerivedFrom ?p . "
    + _DETAILS
    + " }"
)
_OWNERS = (
    _PREFIXES
    + "SELECT DISTINCT ?focus ?doc ?line ?exact WHERE { VALUES ?focus { %s } ?owner ?link ?focus . "
    + "?owner prov:wasDerivedFrom ?p . "
    + _DETAILS
    + " }"
)


@dataclass
class Passage:
    document: str
    line: int
    text: str


@dataclass
class Result:
    severity: str  # Violation | Warning | Info
    focus: str
    path: str | None
    value: str | None
    message_en: str
    message_de: str
    shape: str
    constraint: str
    passages: list[Passage] = field(default_factory=list)


@dataclass
class ValidationReport:
    conforms: bool  # no sh:Violation (warnings allowed)
    results: list[Result]
    graph: Graph
    #: a focused validation's focus nodes (None: every node was validated) and the shapes it evaluated on all
    #: their focus nodes: the results of both replace a previous report's (``carry_over``)
    revalidated: set[str] | None = None
    replaced_shapes: set[str] = field(default_factory=set)

    def by_severity(self, severity: str) -> list[Result]:
        return [r for r in self.results if r.severity == severity]

    @property
    def violations(self) -> list[Result]:
        return self.by_severity("Violation")

    @property
    def warnings(self) -> list[Result]:
        return self.by_severity("Warning")

    def to_text(self, limit: int | None = None) -> str:
        lines = [
            f"SHACL report: {'conforms' if self.conforms else 'DOES NOT CONFORM'} — "
            f"{len(self.violations)} violations, {len(self.warnings)} warnings, "
            f"{len(self.by_severity('Info'))} infos"
        ]
        shown = self.results if limit is None else self.results[:limit]
        for r in shown:
            lines.append(f"[{r.severity}] {r.message_en or r.message_de}")
            lines.append(
                f"    focus: {r.focus}"
                + (f"  path: {r.path}" if r.path else "")
                + (f"  value: {r.value}" if r.value else "")
            )
            for p in r.passages[:3]:
                text = " ".join(p.text.split())
                lines.append(f"    source: {p.document}, line {p.line}: “{text[:120]}{'…' if len(text) > 120 else ''}”")
        if limit is not None and len(self.results) > limit:
            lines.append(f"… and {len(self.results) - limit} more")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {"conforms": self.conforms, "results": [asdict(r) for r in self.results]}, indent=2, ensure_ascii=False
        )

    def to_turtle(self) -> str:
        for prefix, ns in PREFIXES.items():
            self.graph.bind(prefix, ns)
        return self.graph.serialize(format="turtle")


_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


def load_turtle_dir(directory: Path) -> Graph:
    g = Graph()
    for path in sorted(directory.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def validate_store(
    store: ox.Store,
    data_graphs: Sequence[ox.NamedNode],
    shapes: Graph,
    ontology: Graph,
    *,
    focus_graphs: Sequence[ox.NamedNode] | None = None,
    changes: Iterable[ox.Triple] | None = None,
    validator: str = "compiled",
    union_in_default_graph: bool = False,
) -> ValidationReport:
    """Validate the union of ``data_graphs`` in ``store`` against ``shapes``; ``ontology`` supplies subclassing.

    Other graphs of the store (the ontology's, the shapes') are not data. With ``focus_graphs``, only
    focus nodes that are a subject in one of those graphs are validated (for incremental builds), each
    still against the whole union. With ``changes`` (the triples added to or removed from the union since a
    validated state: an incremental build), only the focus nodes whose results those triples can change are
    validated (``modgraph.pipeline.shacl.reach``: what the shapes and the passages read, walked back from the
    changed triples), and the shapes whose reading is not bounded on all their focus nodes; the report names
    both (``revalidated``, ``replaced_shapes``) for :func:`carry_over`. ``validator="pyshacl"`` is the
    reference: the union is loaded into rdflib and validated by pyshacl; it validates every focus node
    (``focus_graphs`` and ``changes`` are ignored).
    ``union_in_default_graph``: the store's default graph already is the union of ``data_graphs`` (a build's
    draft): the queries read it rather than the list of graphs, whose lookups cost one probe per graph.

    :raises ValueError: an unknown validator, or no data graph
    :raises modgraph.pipeline.shacl.compile.ShapesError: the shapes cannot be compiled
    :raises modgraph.pipeline.shacl.run.ValidationFailure: a SPARQL constraint failed
    """
    if validator not in VALIDATORS:
        raise ValueError(f"unknown validator {validator!r}: use one of {', '.join(VALIDATORS)}")
    if not data_graphs:
        raise ValueError("validate_store needs at least one data graph")
    if validator == "pyshacl":
        data = Graph()
        for graph in data_graphs:
            dump = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""
            data.parse(data=dump.decode("utf-8"), format="nt")
        results, report = _pyshacl(data, shapes, ontology)
        iris = {str(n) for n in report.objects(None, SH.focusNode) if isinstance(n, URIRef)}
    else:
        program = compile_shapes(shapes, ontology)
        runner = Runner(store, data_graphs, program, ontology.subject_objects(RDF.type), union_in_default_graph)
        keep = None if focus_graphs is None else _subjects(store, focus_graphs)
        whole: list[Shape] = []
        if changes is not None and keep is None:
            planned = plan_focus(program, PASSAGES_READ)
            start = None if planned is None else seeds(changes, planned[0])
            if planned is not None and start is not None:
                read, whole = planned
                keep = affected(store, runner.graphs, start, read)
        raw = runner.validate(keep, whole)
        results = [_result(r, shapes) for r in raw]
        iris = {r.focus.value for r in raw if isinstance(r.focus, ox.NamedNode)}
        report = _report_graph(raw, shapes)
    _add_passages(store, [ox.DefaultGraph()] if union_in_default_graph else data_graphs, results, iris)
    results.sort(key=lambda r: (_ORDER.get(r.severity, 9), r.message_en, r.focus))
    conforms = not any(r.severity == "Violation" for r in results)
    report.set((report.value(None, RDF.type, SH.ValidationReport) or BNode(), SH.conforms, Literal(conforms)))
    if validator == "pyshacl" or keep is None:
        return ValidationReport(conforms, results, report)
    revalidated = {str(to_rdflib(n)) for n in keep}
    return ValidationReport(conforms, results, report, revalidated, {str(s.node) for s in whole})


def carry_over(report: ValidationReport, previous_json: str, store: ox.Store) -> ValidationReport:
    """``report`` (a focused validation: ``report.revalidated`` is set) completed with the previous build's
    results for every focus node it did not validate, of the shapes it did not evaluate whole: what those
    results read has not changed, so they still hold. The report's ``graph`` keeps only the re-validated
    results; the JSON has all.
    """
    if report.revalidated is None:
        return report  # every node was validated
    revalidated, replaced = report.revalidated, report.replaced_shapes
    previous = [
        r
        for r in json.loads(previous_json).get("results", [])
        if r["focus"] not in revalidated and r["shape"] not in replaced
    ]
    present = _present(store, {r["focus"] for r in previous})  # a removed document's nodes are gone
    kept = [
        Result(**{**r, "passages": [Passage(**p) for p in r.get("passages", [])]})
        for r in previous
        if r["focus"] in present or not _is_iri(r["focus"])
    ]
    results = sorted(report.results + kept, key=lambda r: (_ORDER.get(r.severity, 9), r.message_en, r.focus))
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms, results, report.graph)


def validate(data: Graph, shapes: Graph, ontology: Graph, *, validator: str = "compiled") -> ValidationReport:
    """Validate ``data`` (the union of the data graphs) against ``shapes``; ``ontology`` supplies subclassing.

    ``data`` is loaded into an in-memory store and validated by :func:`validate_store`.

    :raises ValueError: an unknown validator
    """
    store = ox.Store()
    name = ox.NamedNode("urn:x-modgraph:validation:data")
    store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=name)
    return validate_store(store, [name], shapes, ontology, validator=validator)


def _is_iri(node: str) -> bool:
    return "://" in node or node.startswith("urn:")


def _present(store: ox.Store, nodes: set[str]) -> set[str]:
    """The IRIs among ``nodes`` that the store's default graph (the union) has as a subject or an object."""
    iris = sorted(n for n in nodes if _is_iri(n))
    if not iris:
        return set()
    values = " ".join(f"<{n}>" for n in iris)
    query = f"SELECT DISTINCT ?f WHERE {{ VALUES ?f {{ {values} }} {{ ?f ?p ?o }} UNION {{ ?s ?p ?f }} }}"
    return {row[0].value for row in store.query(query)}  # type: ignore[union-attr]


def _subjects(store: ox.Store, graphs: Sequence[ox.NamedNode]) -> set:
    names = " ".join(str(g) for g in graphs)
    query = f"SELECT DISTINCT ?s WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    return {row[0] for row in store.query(query)}  # type: ignore[union-attr]


#: what the passages of a result read (``_add_passages``): the focus node's passages, or those of any node that
#: links to it (its owner); a passage's source, line and selector, the selector's quote, the source's identifier
PASSAGES_READ = Reach(every_backward=0)
PASSAGES_READ.read(1, [str(PROV.wasDerivedFrom)])
PASSAGES_READ.read(2, [str(OA.hasSource), str(MG.line), str(OA.hasSelector)])
PASSAGES_READ.read(3, [str(OA.exact), str(DCTERMS.identifier)])


def _messages(reported: list[Literal], shape: Node, shapes: Graph) -> dict[str, str]:
    """The result's messages by language: those reported first, completed from the shape's ``sh:message``."""
    msg: dict[str, str] = {}
    for m in [*reported, *shapes.objects(shape, SH.message)]:
        msg.setdefault(getattr(m, "language", None) or "", str(m))
    return msg


def _path_text(path: Node | None) -> str | None:
    return str(path) if isinstance(path, URIRef) else (None if path is None else "(complex path)")


def _result(r: RawResult, shapes: Graph) -> Result:
    if r.component == "SPARQLConstraintComponent":
        # as pyshacl: a SPARQL constraint's messages are filled in and lose their language tag
        reported = [Literal(str(m)) for m in r.messages]
    else:
        reported = list(r.shape.messages) or [Literal(_generic(r))]
    msg = _messages(reported, r.shape.node, shapes)
    return Result(
        severity=str(r.shape.severity).rsplit("#", 1)[-1],
        focus=str(to_rdflib(r.focus)),
        path=_path_text(r.path),
        value=None if r.value is None else str(to_rdflib(r.value)),
        message_en=msg.get("en") or msg.get("") or "",
        message_de=msg.get("de") or "",
        shape=str(r.shape.node),
        constraint=r.component.rsplit("#", 1)[-1],
    )


def _generic(r: RawResult) -> str:
    name = r.component.removesuffix("ConstraintComponent")
    where = f" on path {_path_text(r.path)}" if r.path is not None else ""
    return f"{name} constraint not satisfied{where}"


def _report_graph(raw: list[RawResult], shapes: Graph) -> Graph:
    """The W3C ``sh:ValidationReport`` of the results."""
    g = Graph()
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    for r in raw:
        node = BNode()
        g.add((report, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.focusNode, to_rdflib(r.focus)))
        g.add((node, SH.resultSeverity, r.shape.severity))
        g.add((node, SH.sourceShape, r.shape.node))
        g.add((node, SH.sourceConstraintComponent, _component_iri(r.component)))
        if r.source_constraint is not None:
            g.add((node, SH.sourceConstraint, r.source_constraint))
        if r.value is not None:
            g.add((node, SH.value, to_rdflib(r.value)))
        if r.path is not None:
            g.add((node, SH.resultPath, copy_path(shapes, r.path, g)))
        for m in r.messages or r.shape.messages or [Literal(_generic(r))]:
            g.add((node, SH.resultMessage, m))
    return g


def _component_iri(component: str) -> URIRef:
    """A core component by its local name in ``sh:``, a SPARQL-based one by its IRI."""
    return URIRef(component) if ":" in component else SH[component]


def _pyshacl(data: Graph, shapes: Graph, ontology: Graph) -> tuple[list[Result], Graph]:
    """The reference validator: pyshacl over an rdflib graph (without passages)."""
    _, report, _ = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
    )
    results: list[Result] = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(node, SH.sourceShape)
        # pyshacl reports only some of a shape's messages (one, for SPARQL constraints): complete them from the shape
        msg = _messages(list(report.objects(node, SH.resultMessage)), shape, shapes)
        value = report.value(node, SH.value)
        results.append(
            Result(
                severity=str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
                focus=str(report.value(node, SH.focusNode)),
                path=_path_text(report.value(node, SH.resultPath)),
                value=None if value is None else str(value),
                message_en=msg.get("en") or msg.get("") or "",
                message_de=msg.get("de") or "",
                shape=str(shape),
                constraint=str(report.value(node, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
            )
        )
    return results, report


def _add_passages(store: ox.Store, data_graphs: Sequence[Any], results: list[Result], iris: set[str]) -> None:
    """Attach the passages of every result whose focus node is an IRI (in ``iris``), read in batches."""

    def rows(template: str, nodes: list[str]):
        for i in range(0, len(nodes), 500):
            chunk = " ".join(str(to_ox(URIRef(f))) for f in nodes[i : i + 500])
            yield from store.query(template % chunk, default_graph=list(data_graphs))  # type: ignore[misc]

    focus = sorted(iris)
    own = {row["focus"].value for row in rows(_HAS_OWN, focus)}
    found: dict[str, list[Passage]] = {}
    for template, nodes in ((_OWN, sorted(own)), (_OWNERS, [f for f in focus if f not in own])):
        for row in rows(template, nodes):
            found.setdefault(row["focus"].value, []).append(
                Passage(row["doc"].value, int(row["line"].value), row["exact"].value)
            )
    for r in results:
        r.passages = sorted(found.get(r.focus, []), key=lambda p: (p.document, p.line, p.text))
