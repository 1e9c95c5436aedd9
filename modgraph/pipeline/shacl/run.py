"""Execute compiled shapes against the union of named graphs of a ``pyoxigraph.Store``.

Every shape is evaluated for all of its focus nodes at once: the focus nodes come from one query (or
from the ``rdf:type`` index read once at the start), the value nodes of a property shape from one
query per path (a scan of the predicate for a simple path, ``VALUES`` batches for a complex one), and
each constraint is checked on those batches in Python. Nested shapes (``sh:node``, ``sh:or``,
``sh:not``, qualified value shapes …) are evaluated the same way on the value nodes, and their
conformance is remembered per node.

Why this module is long: it implements the semantics of every SHACL Core constraint component (each a
few lines) and of SPARQL-based constraints with pre-bound ``$this``, plus the batched data access they
share; one evaluator over one data access layer reads best in one place.
"""

from __future__ import annotations

import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from pyshacl.rdfutil.compare import compare_literal
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from modgraph.pipeline.shacl.candidates import Bounds, candidate_query
from modgraph.pipeline.shacl.compile import Constraint, Program, Shape, SparqlQuery
from modgraph.store.terms import OxTerm, to_ox, to_rdflib

_XSD_STRING = ox.NamedNode(str(XSD.string))
_LANG_STRING = ox.NamedNode(str(RDF.langString))
#: up to this many focus nodes are always sent in VALUES; above, when they are at least 1/_SCAN_SHARE of the
#: predicate's triples, the predicate is scanned instead (a one-record build asks for few of many)
_SCAN_ABOVE = 200
_SCAN_SHARE = 10
_BATCH = 400
#: predicate scans kept for the next shapes (a shape's nested shapes and the next shapes often ask again)
_SCANS_KEPT = 16


class ValidationFailure(RuntimeError):
    """A SPARQL constraint reported ``?failure`` or could not be run (the message names the shape)."""


@dataclass
class RawResult:
    """One validation result, before messages and passages are attached."""

    shape: Shape
    component: str
    focus: OxTerm
    value: OxTerm | None
    path: Node | None  # the rdflib path node of the shapes graph (or a predicate for sh:closed)
    source_constraint: Node | None = None
    messages: list[Literal] = field(default_factory=list)  # messages particular to the result (SPARQL)


def _ox_sparql(term: OxTerm) -> str:
    return str(term)  # pyoxigraph's str() is N-Triples syntax, which SPARQL accepts


_SIMPLE = re.compile(r"^(\^?)<([^<>]*)>$")


class Runner:
    """One validation run: the store, the data graphs, the compiled shapes and what has been read so far."""

    def __init__(
        self,
        store: ox.Store,
        data_graphs: Sequence[ox.NamedNode],
        program: Program,
        extra_types: Iterable[tuple[Node, Node]] = (),
        union_in_default_graph: bool = False,
    ):
        """``union_in_default_graph``: the store's default graph already holds the union of ``data_graphs``
        (a build's draft store): the queries read it, instead of the list of graphs, whose every lookup
        costs one probe per graph (a project of 200 documents made validation 10–40× slower)."""
        if not data_graphs:
            raise ValueError("validate a union of at least one named graph")
        self.store = store
        self.graphs: Any = ox.DefaultGraph() if union_in_default_graph else list(data_graphs)
        self.program = program
        self.conforms: dict[Shape, dict[OxTerm, bool]] = defaultdict(dict)
        self.in_progress: set[Shape] = set()
        self.types: dict[OxTerm, set[OxTerm]] = defaultdict(set)
        self.by_type: dict[OxTerm, set[OxTerm]] = defaultdict(set)
        #: the nodes whose types have been read (all of them once ``_all_types``): read when first needed
        self._typed: set[OxTerm] = set()
        self._all_types = False
        self.ontology_types = [(to_ox(s), to_ox(t)) for s, t in extra_types]
        for s, t in self.ontology_types:
            self._add_type(s, t)
        self.supers: dict[OxTerm, set[OxTerm]] = defaultdict(set)
        edges = [(to_ox(s), to_ox(o)) for s, o in program.subclass_edges]
        edges += [(r[0], r[1]) for r in self.select(f"SELECT ?s ?o WHERE {{ ?s <{RDFS.subClassOf}> ?o }}")]
        for s, o in edges:
            self.supers[s].add(o)
        self._closure: dict[OxTerm, set[OxTerm]] = {}
        self._scans: OrderedDict[tuple[str, bool], dict[OxTerm, list[OxTerm]]] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self._keep_by_type: tuple[set[OxTerm], dict[OxTerm, list[OxTerm]]] | None = (
            None  # focus_in's index  # triples per predicate (counted by the engine when first needed)
        )
        #: the shapes evaluated on all their focus nodes (no candidate query could be written or run), and the
        #: number of candidates of the others
        self.unbounded: list[Shape] = []
        self.candidates: dict[Shape, int] = {}

    def _add_type(self, s: OxTerm, t: OxTerm) -> None:
        self.types[s].add(t)
        self.by_type[t].add(s)

    # -- data access -------------------------------------------------------------------------------

    def select(self, query: str, **kw: Any) -> Iterator[Any]:
        """Rows of a SELECT over the union of the data graphs."""
        solutions = self.store.query(query, default_graph=self.graphs, **kw)
        assert isinstance(solutions, ox.QuerySolutions)  # every query here is a SELECT
        yield from solutions

    def superclasses(self, cls: OxTerm) -> set[OxTerm]:
        if cls not in self._closure:
            seen = {cls}
            todo = [cls]
            while todo:
                for sup in self.supers.get(todo.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            self._closure[cls] = seen
        return self._closure[cls]

    def load_types(self, nodes: Iterable[OxTerm]) -> None:
        """Read the ``rdf:type``s of these nodes (those not read yet) in ``VALUES`` batches."""
        if self._all_types:
            return
        todo = [n for n in dict.fromkeys(nodes) if n not in self._typed and not isinstance(n, ox.Literal)]
        named = [n for n in todo if isinstance(n, ox.NamedNode)]
        for i in range(0, len(named), _BATCH):
            chunk = " ".join(_ox_sparql(n) for n in named[i : i + _BATCH])
            for row in self.select(f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {chunk} }} ?s a ?t }}"):
                self._add_type(row[0], row[1])
        for n in todo:
            if isinstance(n, ox.BlankNode):
                for row in self.select("SELECT ?s ?t WHERE { ?s a ?t }", substitutions={ox.Variable("s"): n}):
                    self._add_type(n, row[1])
        self._typed.update(todo)

    def _load_all_types(self) -> None:
        if not self._all_types:
            for row in self.select("SELECT ?s ?t WHERE { ?s a ?t }"):
                self._add_type(row[0], row[1])
            self._all_types = True

    def instance_of(self, node: OxTerm, cls: OxTerm) -> bool:
        self.load_types([node])
        return any(cls in self.superclasses(t) for t in self.types.get(node, ()))

    def instances(self, cls: OxTerm) -> set[OxTerm]:
        self._load_all_types()
        out: set[OxTerm] = set()
        for t, nodes in self.by_type.items():
            if cls in self.superclasses(t):
                out |= nodes
        return out

    def subclasses(self, cls: Node) -> set[Node]:
        """``cls`` and every class known to be its subclass (the ontology's and the data's edges)."""
        target = to_ox(cls)
        known = set(self.supers) | {o for sups in self.supers.values() for o in sups}
        return {cls} | {to_rdflib(k) for k in known if target in self.superclasses(k)}

    def ontology_instances(self, cls: Node) -> set[Node]:
        """The nodes the ontology types as ``cls`` or one of its subclasses (they are not in the data)."""
        target = to_ox(cls)
        return {to_rdflib(s) for s, t in self.ontology_types if target in self.superclasses(t)}

    def validate(self, keep: set[OxTerm] | None = None, whole: Sequence[Shape] = ()) -> list[RawResult]:
        """Every result of every shape with a target (only for focus nodes in ``keep``, if given, except for the
        shapes in ``whole``, which are evaluated on all their focus nodes).

        Each shape's candidates (the focus nodes that may fail it) come from one query the engine evaluates
        (``candidates.py``); the shape is evaluated on them alone. A shape without a candidate query is
        evaluated on all its focus nodes.
        """
        bounds = Bounds(self.subclasses)
        raw: list[RawResult] = []
        if keep is not None:  # few focus nodes: their types are read, not every instance of the classes
            self.load_types(keep)
        for shape in self.program.shapes:
            if keep is not None and shape not in whole:
                raw += self.evaluate(shape, self.focus_in(shape, keep))
                continue
            focus: list[OxTerm] | None = None
            query = candidate_query(shape, bounds, self.ontology_instances)
            if query is not None:
                try:
                    focus = sorted({row[0] for row in self.select(query)}, key=str)
                    self.candidates[shape] = len(focus)
                except (SyntaxError, OSError, RuntimeError):  # the engine refused it: evaluate every focus node
                    focus = None
            if focus is None:
                self.unbounded.append(shape)
                focus = self.focus_nodes(shape)
            raw += self.evaluate(shape, focus)
        return raw

    def focus_in(self, shape: Shape, keep: set[OxTerm]) -> list[OxTerm]:
        """The focus nodes of ``shape`` that are in ``keep`` (whose types are loaded): class targets from the
        nodes' own types, the other targets as :meth:`focus_nodes` finds them."""
        found: dict[OxTerm, None] = {}
        if shape.class_targets:
            if self._keep_by_type is None or self._keep_by_type[0] is not keep:
                by_type: dict[OxTerm, list[OxTerm]] = defaultdict(list)
                for n in sorted(keep, key=str):
                    for t in self.types.get(n, ()):
                        by_type[t].append(n)
                self._keep_by_type = (keep, by_type)
            wanted = {k for c in shape.class_targets for k in self.subclasses(c)}
            nodes = {n for t, ns in self._keep_by_type[1].items() if to_rdflib(t) in wanted for n in ns}
            found.update(dict.fromkeys(sorted(nodes, key=str)))
        found.update(dict.fromkeys(to_ox(n) for n in shape.node_targets if to_ox(n) in keep))
        named = sorted((n for n in keep if isinstance(n, ox.NamedNode)), key=str)
        for pred, pattern in [(p, "?this <%s> ?o") for p in shape.subjects_of] + [
            (p, "?o <%s> ?this") for p in shape.objects_of
        ]:
            for i in range(0, len(named), _BATCH):  # only the nodes kept: no scan of the predicate
                chunk = " ".join(_ox_sparql(n) for n in named[i : i + _BATCH])
                query = f"SELECT DISTINCT ?this WHERE {{ VALUES ?this {{ {chunk} }} {pattern % pred} }}"
                found.update(dict.fromkeys(r[0] for r in self.select(query)))
            for n in keep:
                if isinstance(n, ox.BlankNode):
                    query = f"ASK {{ {pattern % pred} }}"
                    if self.store.query(query, default_graph=self.graphs, substitutions={ox.Variable("this"): n}):
                        found[n] = None
        if shape.sparql_targets:
            found.update(dict.fromkeys(f for f in self.focus_nodes(shape, classes=False) if f in keep))
        return list(found)

    def values(self, sparql_path: str, nodes: Sequence[OxTerm]) -> dict[OxTerm, list[OxTerm]]:
        """The value nodes of ``sparql_path`` for each of ``nodes`` (each list duplicate-free)."""
        out: dict[OxTerm, dict[OxTerm, None]] = {n: {} for n in nodes}
        simple = _SIMPLE.match(sparql_path)
        blank = [n for n in nodes if isinstance(n, ox.BlankNode)]
        if simple and self._scan_pays(simple[2], bool(simple[1]), len(nodes), len(blank)):
            scan = self._scan(simple[2], bool(simple[1]))
            return {n: scan.get(n, []) for n in nodes}
        else:
            named = [n for n in nodes if not isinstance(n, ox.BlankNode)]
            for i in range(0, len(named), _BATCH):
                chunk = " ".join(_ox_sparql(n) for n in named[i : i + _BATCH])
                query = f"SELECT ?this ?v WHERE {{ VALUES ?this {{ {chunk} }} ?this {sparql_path} ?v }}"
                for row in self.select(query):
                    out[row[0]][row[1]] = None
            for n in blank:
                query = f"SELECT ?this ?v WHERE {{ ?this {sparql_path} ?v }}"
                for row in self.select(query, substitutions={ox.Variable("this"): n}):
                    out[n][row[1]] = None
        return {n: list(v) if len(v) != 1 else [next(iter(v))] for n, v in out.items()}

    def _scan_pays(self, predicate: str, inverse: bool, nodes: int, blank: int) -> bool:
        """Read the whole predicate (rather than the nodes' values in ``VALUES`` batches): it is read already,
        or the nodes are a good part of its triples, or there are many blank nodes (one query each otherwise)."""
        if (predicate, inverse) in self._scans or blank > _SCAN_ABOVE:
            return True
        if nodes <= _SCAN_ABOVE:
            return False
        if predicate not in self._sizes:
            rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{predicate}> ?o }}")
            self._sizes[predicate] = int(next(rows)[0].value)
        return nodes * _SCAN_SHARE > self._sizes[predicate]

    def _scan(self, predicate: str, inverse: bool) -> dict[OxTerm, list[OxTerm]]:
        """Subject → objects of ``predicate`` (object → subjects if ``inverse``); the last few are kept."""
        key = (predicate, inverse)
        if key in self._scans:
            self._scans.move_to_end(key)
            return self._scans[key]
        pattern = f"?o <{predicate}> ?s" if inverse else f"?s <{predicate}> ?o"
        found: dict[OxTerm, dict[OxTerm, None]] = defaultdict(dict)
        for s, o in self.select(f"SELECT ?s ?o WHERE {{ {pattern} }}"):
            found[s][o] = None
        scan = {s: list(os) for s, os in found.items()}
        self._scans[key] = scan
        if len(self._scans) > _SCANS_KEPT:
            self._scans.popitem(last=False)
        return scan

    def focus_nodes(self, shape: Shape, classes: bool = True) -> list[OxTerm]:
        """The focus nodes of ``shape`` (without those of its class targets if not ``classes``)."""
        found: dict[OxTerm, None] = {}
        for cls in shape.class_targets if classes else ():
            found.update(dict.fromkeys(sorted(self.instances(to_ox(cls)), key=str)))
        found.update(dict.fromkeys(to_ox(n) for n in shape.node_targets))
        for pred in shape.subjects_of:
            found.update(dict.fromkeys(r[0] for r in self.select(f"SELECT DISTINCT ?s WHERE {{ ?s <{pred}> ?o }}")))
        for pred in shape.objects_of:
            found.update(dict.fromkeys(r[0] for r in self.select(f"SELECT DISTINCT ?o WHERE {{ ?s <{pred}> ?o }}")))
        for target in shape.sparql_targets:
            if target.deactivated:
                continue
            for row in self.select(target.select, prefixes=target.prefixes):
                this = row["this"]
                if this is not None:
                    found[this] = None
        return list(found)

    # -- evaluation --------------------------------------------------------------------------------

    def value_nodes(self, shape: Shape, focus: Sequence[OxTerm]) -> dict[OxTerm, list[OxTerm]]:
        if shape.sparql_path is None:
            return {f: [f] for f in focus}
        return self.values(shape.sparql_path, focus)

    def evaluate(self, shape: Shape, focus: Sequence[OxTerm]) -> list[RawResult]:
        """Every validation result of ``shape`` on ``focus`` (nested property shapes' results included)."""
        return [r for _, r in self._evaluate(shape, focus)]

    def _evaluate(self, shape: Shape, focus: Sequence[OxTerm]) -> list[tuple[OxTerm, RawResult]]:
        """(the focus node a result comes from, the result) for every result of ``shape`` on ``focus``."""
        if shape.deactivated or not focus:
            return []
        vals = self.value_nodes(shape, focus)
        results = [(r.focus, r) for constraint in shape.constraints for r in self.check(shape, constraint, vals)]
        if shape.properties:
            # a shape's property shapes apply to its value nodes: a result counts once per focus node with that value
            owners: dict[OxTerm, list[OxTerm]] = defaultdict(list)
            for f, vs in vals.items():
                for v in vs:
                    owners[v].append(f)
            for prop in shape.properties:
                results += [(f, r) for v, r in self._evaluate(prop, list(owners)) for f in owners[v]]
        return results

    def failing(self, shape: Shape, nodes: Iterable[OxTerm]) -> set[OxTerm]:
        """The nodes of ``nodes`` that do not conform to ``shape`` (remembered per shape and node)."""
        known = self.conforms[shape]
        todo = [n for n in dict.fromkeys(nodes) if n not in known]
        if todo and shape not in self.in_progress:  # a shape that refers to itself: its inner use conforms
            self.in_progress.add(shape)
            try:
                bad = {r.focus for r in self.evaluate(shape, todo)}
            finally:
                self.in_progress.discard(shape)
            for n in todo:
                known[n] = n not in bad
        return {n for n in nodes if known.get(n) is False}

    def check(self, shape: Shape, c: Constraint, vals: dict[OxTerm, list[OxTerm]]) -> list[RawResult]:
        """The results of one constraint for every focus node in ``vals`` (focus → value nodes)."""
        name = c.component
        path = shape.path

        def result(focus: OxTerm, value: OxTerm | None) -> RawResult:
            return RawResult(shape, name, focus, value, path)

        def each(ok: Any) -> list[RawResult]:
            """A result for each value node that fails ``ok`` (a test of the value alone: asked once per value)."""
            memo: dict[OxTerm, bool] = {}
            out = []
            for f, vs in vals.items():
                for v in vs:
                    good = memo.get(v)
                    if good is None:
                        good = memo[v] = bool(ok(v))
                    if not good:
                        out.append(result(f, v))
            return out

        if name == "SPARQLConstraintComponent":
            return self.sparql(shape, c.value, list(vals))
        if "parameters" in c.extra:  # a SPARQL-based constraint component
            return self.component(shape, c, vals)
        if name == "ClassConstraintComponent":
            cls = to_ox(c.value)
            self.load_types(v for vs in vals.values() for v in vs)
            return each(lambda v: self.instance_of(v, cls))
        if name == "DatatypeConstraintComponent":
            datatype = str(c.value)
            return each(lambda v: _has_datatype(v, datatype))
        if name == "NodeKindConstraintComponent":
            return each(lambda v: _node_kind(v) in _KINDS.get(c.value, ()))
        if name in {"MinCountConstraintComponent", "MaxCountConstraintComponent"}:
            n = int(c.value)
            low = name.startswith("Min")
            return [result(f, None) for f, vs in vals.items() if (len(vs) < n if low else len(vs) > n)]
        if name in _RANGES:
            bound, test = to_rdflib(to_ox(c.value)), _RANGES[name]
            return each(lambda v: _in_range(v, bound, test))
        if name in {"MinLengthConstraintComponent", "MaxLengthConstraintComponent"}:
            n, low = int(c.value), name.startswith("Min")
            return each(lambda v: not isinstance(v, ox.BlankNode) and (len(v.value) >= n if low else len(v.value) <= n))
        if name == "PatternConstraintComponent":
            return each(lambda v: not isinstance(v, ox.BlankNode) and c.value.search(v.value) is not None)
        if name == "LanguageInConstraintComponent":
            ranges = [str(r).lower() for r in c.value]
            return each(lambda v: isinstance(v, ox.Literal) and _lang_matches(v.language, ranges))
        if name == "UniqueLangConstraintComponent":
            out = []
            for f, vs in vals.items():
                langs = [v.language.lower() for v in vs if isinstance(v, ox.Literal) and v.language]
                out += [result(f, None) for lang in dict.fromkeys(langs) if langs.count(lang) > 1]
            return out
        if name == "InConstraintComponent":
            allowed = {to_ox(t) for t in c.value}
            return each(lambda v: v in allowed)
        if name == "HasValueConstraintComponent":
            wanted = to_ox(c.value)
            return [result(f, None) for f, vs in vals.items() if wanted not in vs]
        if name in _PAIRS:
            return self.pairs(shape, c, vals)
        if name == "NotConstraintComponent":
            all_values = [v for vs in vals.values() for v in vs]
            bad = self.failing(c.value, all_values)
            return each(lambda v: v in bad)
        if name == "NodeConstraintComponent":
            bad = self.failing(c.value, [v for vs in vals.values() for v in vs])
            return each(lambda v: v not in bad)
        if name in {"AndConstraintComponent", "OrConstraintComponent", "XoneConstraintComponent"}:
            all_values = [v for vs in vals.values() for v in vs]
            bads = [self.failing(s, all_values) for s in c.value]

            def passes(v: OxTerm) -> bool:
                ok = sum(v not in bad for bad in bads)
                return {"And": ok == len(bads), "Or": ok >= 1, "Xone": ok == 1}[name[:-19]]

            return each(passes)
        if name in {"QualifiedMinCountConstraintComponent", "QualifiedMaxCountConstraintComponent"}:
            all_values = [v for vs in vals.values() for v in vs]
            bad = self.failing(c.value, all_values)
            siblings = [self.failing(self.program.by_node[s], all_values) for s in c.extra["siblings"]]
            out = []
            for f, vs in vals.items():
                n = sum(1 for v in vs if v not in bad and all(v in sb for sb in siblings))
                low = name.startswith("QualifiedMin")
                if (n < int(c.extra["min"])) if low else (n > int(c.extra["max"])):
                    out.append(result(f, None))
            return out
        if name == "ClosedConstraintComponent":
            allowed = {to_ox(p) for p in c.value}
            out = []
            for f, vs in vals.items():
                for v in vs:
                    if isinstance(v, ox.Literal):
                        continue
                    query = "SELECT ?this ?p ?o WHERE { ?this ?p ?o }"
                    for row in self.select(query, substitutions={ox.Variable("this"): v}):
                        if row[1] not in allowed:
                            out.append(RawResult(shape, name, f, row[2], to_rdflib(row[1])))
            return out
        raise ValueError(f"no evaluator for {name}")  # the compiler produces only the components above

    def pairs(self, shape: Shape, c: Constraint, vals: dict[OxTerm, list[OxTerm]]) -> list[RawResult]:
        """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals: compared with the values of another predicate."""
        name = c.component
        other = self.values(f"<{c.value}>", list(vals))
        out = []
        for f, vs in vals.items():
            others = other.get(f, [])
            if name == "EqualsConstraintComponent":
                bad = [v for v in vs if v not in others] + [o for o in others if o not in vs]
            elif name == "DisjointConstraintComponent":
                bad = [v for v in vs if v in others]
            else:
                strict = name == "LessThanConstraintComponent"
                bad = [v for v in vs for o in others if not _less(v, o, strict)]
            out += [RawResult(shape, name, f, v, shape.path) for v in bad]
        return out

    def component(self, shape: Shape, c: Constraint, vals: dict[OxTerm, list[OxTerm]]) -> list[RawResult]:
        """A SPARQL-based constraint component: an ASK per value node, or a SELECT per focus node."""
        q: SparqlQuery = c.value
        text = q.select
        for name, value in c.extra["parameters"].items():
            text = _prebind(text, name, to_ox(value))
        messages = q.messages or c.extra["messages"]
        if not re.search(r"\bASK\b", text, re.IGNORECASE):
            select = SparqlQuery(q.node, text, q.prefixes, messages)
            return [
                RawResult(shape, c.component, r.focus, r.value, r.path, r.source_constraint, r.messages)
                for r in self.sparql(shape, select, list(vals))
            ]
        out = []
        for f, vs in vals.items():
            for v in vs:
                query = _prebind(_prebind(text, "this", f), "value", v)
                if shape.sparql_path is not None:
                    query = query.replace("$PATH", shape.sparql_path)
                if not self.store.query(query, default_graph=self.graphs, prefixes=q.prefixes):
                    out.append(RawResult(shape, c.component, f, v, shape.path, None, list(messages)))
        return out

    def sparql(self, shape: Shape, q: SparqlQuery, focus: list[OxTerm]) -> list[RawResult]:
        """A SPARQL-based constraint, run once per focus node with ``$this`` pre-bound (SEP-0007 substitution)."""
        if q.deactivated:
            return []
        text = q.select
        if shape.sparql_path is not None:
            text = text.replace("$PATH", shape.sparql_path)
        if isinstance(shape.node, URIRef):
            text = _prebind(text, "currentShape", to_ox(shape.node))
        out = []
        for f in focus:
            subs: dict[Any, OxTerm] = {}
            if isinstance(f, ox.BlankNode):  # cannot be written in the query: substituted by the store
                query = _project(text, "this")
                subs[ox.Variable("this")] = f
            else:
                query = _prebind(text, "this", f)
            try:
                solutions = self.store.query(query, default_graph=self.graphs, prefixes=q.prefixes, substitutions=subs)
                variables = [v.value for v in solutions.variables]  # type: ignore[union-attr]
                rows = list(solutions)  # type: ignore[arg-type]
            except SyntaxError as exc:
                raise ValidationFailure(f"{shape.node}: the SPARQL constraint does not parse: {exc}") from exc
            seen = set()
            for row in rows:
                bound = {name: row[name] for name in variables if row[name] is not None}
                if "failure" in bound:
                    raise ValidationFailure(f"{shape.node}: the SPARQL constraint reported a failure for {f}")
                this, path, value = bound.pop("this", None), bound.pop("path", None), bound.pop("value", None)
                if this is None and path is None and value is None:
                    continue
                key = (this, path, value, tuple(sorted(bound.items(), key=lambda kv: kv[0])))
                if key in seen:
                    continue
                seen.add(key)
                if value is None and not shape.is_property:
                    value = f
                names = {"this": this or f, "path": path, "value": value, **bound}
                messages = [Literal(_fill(str(m), names), lang=m.language) for m in q.messages]
                out.append(
                    RawResult(
                        shape,
                        "SPARQLConstraintComponent",
                        this or f,
                        value,
                        to_rdflib(path) if path is not None else shape.path,
                        q.node,
                        messages,
                    )
                )
        return out


_SELECT = re.compile(r"\bSELECT\s+((?:DISTINCT|REDUCED)\s+)?", re.IGNORECASE)


def _prebind(query: str, var: str, term: OxTerm) -> str:
    """``query`` with ``$var``/``?var`` replaced by ``term`` (SHACL pre-binding), still projected as ``?var``
    by every SELECT that projects it."""
    token = re.compile(rf"[?$]{var}\b")
    if not token.search(query):
        return query
    text = _ox_sparql(term)
    query = re.sub(rf"\bBOUND\s*\(\s*[?$]{var}\s*\)", "(true)", query, flags=re.IGNORECASE)
    query = re.sub(  # GROUP BY takes a variable or a bracketed expression, not a bare term
        r"\bGROUP\s+BY\b[^{}]*?(?=\bHAVING\b|\bORDER\b|\bLIMIT\b|\bOFFSET\b|\}|$)",
        lambda m: token.sub(lambda _m: f"({text})", m[0]),
        query,
        flags=re.IGNORECASE,
    )
    selects = list(_SELECT.finditer(query))
    projections = [re.split(r"\bWHERE\b|\{", query[m.end() :], maxsplit=1, flags=re.IGNORECASE)[0] for m in selects]
    inner_binds = any(token.search(p) for p in projections[1:])  # then the outermost projects the inner ?var
    out, pos = [], 0
    for i, (m, projection) in enumerate(zip(selects, projections, strict=True)):
        out.append(token.sub(lambda _m: text, query[pos : m.end()]))
        if i == 0 and inner_binds:
            out.append(projection)
        else:
            out.append(token.sub(lambda _m: f"({text} AS ?{var})", projection))
        pos = m.end() + len(projection)
    out.append(token.sub(lambda _m: text, query[pos:]))
    return "".join(out)


def _project(query: str, var: str) -> str:
    """``query`` with ``?var`` in the projection of its outermost SELECT (pre-binding substitutes projected variables)."""
    m = _SELECT.search(query)
    if m is None:
        return query
    rest = query[m.end() :]
    projection = re.split(r"\bWHERE\b|\{", rest, maxsplit=1, flags=re.IGNORECASE)[0]
    if projection.lstrip().startswith("*") or re.search(rf"[?$]{var}\b", projection):
        return query
    return query[: m.end()] + f"?{var} " + rest


def _fill(message: str, names: dict[str, OxTerm | None]) -> str:
    for name, term in names.items():
        if term is not None:
            text = str(to_rdflib(term))
            message = re.sub("{[?$]" + re.escape(name) + "}", lambda _m: text, message)  # noqa: B023
    return message


_KINDS = {
    SH.IRI: {"iri"},
    SH.BlankNode: {"bnode"},
    SH.Literal: {"literal"},
    SH.BlankNodeOrIRI: {"iri", "bnode"},
    SH.BlankNodeOrLiteral: {"bnode", "literal"},
    SH.IRIOrLiteral: {"iri", "literal"},
}


def _node_kind(v: OxTerm) -> str:
    if isinstance(v, ox.NamedNode):
        return "iri"
    return "bnode" if isinstance(v, ox.BlankNode) else "literal"


_RDFS_LITERAL, _RDFS_DATATYPE, _RDF_LANG, _XSD_STR = (
    str(RDFS.Literal),
    str(RDFS.Datatype),
    str(RDF.langString),
    str(XSD.string),
)


def _has_datatype(v: OxTerm, datatype: str) -> bool:
    """pyshacl's rule: the datatype matches and the lexical form is valid (checked through rdflib)."""
    if not isinstance(v, ox.Literal):
        return False
    if datatype == _RDFS_LITERAL:
        return True
    if datatype == _RDF_LANG:
        return bool(v.language)
    if v.language:
        return False
    if v.datatype.value != datatype:
        return datatype == _RDFS_DATATYPE
    return datatype == _XSD_STR or _well_typed(v.value, datatype)


@lru_cache(maxsize=1 << 16)
def _well_typed(lexical: str, datatype: str) -> bool:
    return getattr(Literal(lexical, datatype=URIRef(datatype)), "ill_typed", None) is not True


def _lang_matches(lang: str | None, ranges: list[str]) -> bool:
    if not lang:
        return False
    lang = lang.lower()
    return any(r == "*" or lang == r or lang.startswith(r + "-") for r in ranges)


_RANGES = {
    "MinExclusiveConstraintComponent": lambda cmp: cmp > 0,
    "MinInclusiveConstraintComponent": lambda cmp: cmp >= 0,
    "MaxExclusiveConstraintComponent": lambda cmp: cmp < 0,
    "MaxInclusiveConstraintComponent": lambda cmp: cmp <= 0,
}
_PAIRS = {
    "EqualsConstraintComponent",
    "DisjointConstraintComponent",
    "LessThanConstraintComponent",
    "LessThanOrEqualsConstraintComponent",
}


_INTEGERS = {
    str(XSD[t])
    for t in (
        "integer long int short byte nonNegativeInteger positiveInteger nonPositiveInteger negativeInteger "
        "unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
}
_INTEGER = re.compile(r"^[+-]?[0-9]+$")


def _integer(v: OxTerm) -> int | None:
    """The value of an integer-typed literal with a valid lexical form (the fast path of comparisons)."""
    if isinstance(v, ox.Literal) and v.datatype.value in _INTEGERS and _INTEGER.match(v.value):
        return int(v.value)
    return None


def _in_range(v: OxTerm, bound: Node, test: Any) -> bool:
    """pyshacl's comparison of a value with a range bound: strings only with strings, else by value."""
    if not isinstance(v, ox.Literal) or not isinstance(bound, Literal):
        return False
    a, b = _integer(v), _integer(to_ox(bound))
    if a is not None and b is not None:
        return bool(test((a > b) - (a < b)))
    lit = to_rdflib(v)
    assert isinstance(lit, Literal)
    if isinstance(bound.value, str) != isinstance(lit.value, str):
        return False
    try:
        return bool(test(compare_literal(lit, bound)))
    except (TypeError, NotImplementedError):
        return False


def _less(v: OxTerm, o: OxTerm, strict: bool) -> bool:
    """pyshacl's sh:lessThan(OrEquals): IRIs and strings compare as strings, other literals by value."""
    x, y = _integer(v), _integer(o)
    if x is not None and y is not None:
        return x < y if strict else x <= y
    a, b = _comparable(v), _comparable(o)
    if a is None or b is None or a[0] != b[0]:
        return False
    try:
        return bool(a[1] < b[1] if strict else a[1] <= b[1])
    except TypeError:
        return False


def _comparable(term: OxTerm) -> tuple[bool, Any] | None:
    """(is a string, what to compare), None for a blank node."""
    if isinstance(term, ox.NamedNode):
        return True, term.value
    if isinstance(term, ox.BlankNode):
        return None
    lit = to_rdflib(term)
    assert isinstance(lit, Literal)
    return (True, lit.value) if isinstance(lit.value, str) else (False, lit)
