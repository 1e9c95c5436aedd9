"""Reading the W3C SPARQL 1.1 query-evaluation manifests and comparing results (test support).

Comparison rules (see docs/conformance in api/README.md):
- solutions are compared as multisets, in order only when the outermost query has ORDER BY;
- one blank-node bijection holds across the whole result;
- numeric literals compare by value within the same datatype ("2.0" = "2"), language tags case-insensitively;
- CSV is compared as text, columns matched by name;
- CONSTRUCT results are compared by graph isomorphism.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from modgraph.web.sparql_text import tokens

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + t for t in ("integer", "decimal")}
FLOAT_TYPES = {XSD + "double", XSD + "float"}

QUERY_SUITES = (
    "aggregates",
    "bind",
    "bindings",
    "construct",
    "exists",
    "functions",
    "grouping",
    "negation",
    "project-expression",
    "property-path",
    "subquery",
    "csv-tsv-res",
    "json-res",
)

RESULT_ACCEPT = {
    ".srx": "application/sparql-results+xml",
    ".srj": "application/sparql-results+json",
    ".tsv": "text/tab-separated-values",
    ".csv": "text/csv",
}
RDF_SYNTAX = {
    ".ttl": ("text/turtle", "turtle"),
    ".rdf": ("application/rdf+xml", "xml"),
    ".nt": ("application/n-triples", "nt"),
}
OX_FORMAT = {".ttl": ox.RdfFormat.TURTLE, ".rdf": ox.RdfFormat.RDF_XML, ".nt": ox.RdfFormat.N_TRIPLES}


@dataclass
class QueryTest:
    suite: str
    name: str
    kind: str  # QueryEvaluationTest or CSVResultFormatTest
    query: Path
    data: list[Path]
    graph_data: list[Path]
    result: Path
    approved: bool

    @property
    def id(self) -> str:
        return f"{self.suite}/{self.name}"


def iri(path: Path) -> str:
    return path.resolve().as_uri()


def _path(term) -> Path:
    return Path(str(term).removeprefix("file://"))


def load_suite(root: Path, suite: str) -> list[QueryTest]:
    manifest = root / suite / "manifest.ttl"
    g = rdflib.Graph()
    g.parse(manifest, format="turtle", publicID=iri(manifest))
    entries_head = g.value(rdflib.URIRef(iri(manifest)), MF.entries)
    tests = []
    for entry in rdflib.collection.Collection(g, entries_head):
        kind = g.value(entry, RDF.type)
        if kind not in (MF.QueryEvaluationTest, MF.CSVResultFormatTest):
            continue
        action = g.value(entry, MF.action)
        tests.append(
            QueryTest(
                suite=suite,
                name=str(g.value(entry, MF.name)),
                kind=str(kind).rsplit("#", 1)[1],
                query=_path(g.value(action, QT.query)),
                data=sorted(_path(d) for d in g.objects(action, QT.data)),
                graph_data=sorted(_path(d) for d in g.objects(action, QT.graphData)),
                result=_path(g.value(entry, MF.result)),
                approved=str(
                    g.value(entry, rdflib.URIRef("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#approval")) or ""
                ).endswith("Approved"),
            )
        )
    return tests


def graphs_of(test: QueryTest) -> dict[str, tuple[bytes, ox.RdfFormat, str]]:
    files = {*test.data, *test.graph_data}
    return {iri(f): (f.read_bytes(), OX_FORMAT[f.suffix], iri(f)) for f in files}


def dataset_key(test: QueryTest) -> tuple:
    """What a build of the test's dataset holds (each graph's name, bytes, format and base; the data graphs):
    tests with equal keys can be answered from one build."""
    graphs = sorted((name, data, str(fmt), base) for name, (data, fmt, base) in graphs_of(test).items())
    return (tuple(graphs), *(iri(d) for d in test.data))


def query_text(test: QueryTest) -> str:
    """The query as sent: with the file's IRI as base, as the manifests require."""
    return f"BASE <{iri(test.query)}>\n" + test.query.read_text(encoding="utf-8")


def dataset_params(test: QueryTest, has_from: bool) -> list[tuple[str, str]]:
    """Protocol parameters: needed only when the test has named graphs (else the union default is exact)."""
    if not test.graph_data or has_from:
        return []
    return [("default-graph-uri", iri(d)) for d in test.data] + [("named-graph-uri", iri(g)) for g in test.graph_data]


def is_result_set_graph(path: Path) -> bool:
    if path.suffix not in RDF_SYNTAX:
        return False
    g = rdflib.Graph().parse(path, format=RDF_SYNTAX[path.suffix][1], publicID=iri(path))
    return (None, RDF.type, RS.ResultSet) in g


def accept_for(test: QueryTest) -> str:
    if test.result.suffix in RESULT_ACCEPT:
        return RESULT_ACCEPT[test.result.suffix]
    if is_result_set_graph(test.result):
        return "application/sparql-results+json"
    return RDF_SYNTAX[test.result.suffix][0]


def outer_order_by(query: str) -> bool:
    depth = 0
    toks = tokens(query)
    for tok in toks:
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
        elif depth == 0 and tok.kind == "word" and tok.text.upper() == "ORDER":
            return True
    return False


# ---- canonical terms -----------------------------------------------------------------------------------


def _numeric(lexical: str, datatype: str):
    try:
        if datatype in FLOAT_TYPES:
            value = float(lexical)
            return "NaN" if math.isnan(value) else value
        return Decimal(lexical)
    except (ValueError, InvalidOperation):
        return lexical


def literal_key(lexical: str, language: str | None, datatype: str) -> tuple:
    if language:
        return ("lit", lexical, language.lower(), None)
    if (
        datatype in INTEGER_TYPES
        or datatype in FLOAT_TYPES
        or datatype.startswith(XSD)
        and datatype.endswith("Integer")
    ):
        return ("num", _numeric(lexical, datatype), None, datatype)
    return ("lit", lexical, None, datatype)


def ox_key(term) -> tuple:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        return literal_key(term.value, term.language, term.datatype.value)
    raise TypeError(term)


def rdflib_key(term) -> tuple:
    if isinstance(term, rdflib.URIRef):
        return ("iri", str(term))
    if isinstance(term, rdflib.BNode):
        return ("bnode", str(term))
    if term.language:
        return literal_key(str(term), term.language, "")
    return literal_key(str(term), None, str(term.datatype or XSD + "string"))


Row = dict[str, tuple]


@dataclass
class Solutions:
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None


def solutions_from_ox(results) -> Solutions:
    if isinstance(results, ox.QueryBoolean):
        return Solutions(boolean=bool(results))
    names = [v.value for v in results.variables]
    return Solutions([{n: ox_key(s[n]) for n in names if s[n] is not None} for s in results])


def solutions_from_rdf(path: Path) -> Solutions:
    g = rdflib.Graph().parse(path, format=RDF_SYNTAX[path.suffix][1], publicID=iri(path))
    rs = g.value(None, RDF.type, RS.ResultSet, any=True)
    boolean = g.value(rs, RS.boolean)
    if boolean is not None:
        return Solutions(boolean=bool(boolean.toPython()))
    indexed = []
    for sol in g.objects(rs, RS.solution):
        row = {str(g.value(b, RS.variable)): rdflib_key(g.value(b, RS.value)) for b in g.objects(sol, RS.binding)}
        index = g.value(sol, RS.index)
        indexed.append((int(index) if index is not None else 0, row))
    return Solutions([row for _, row in sorted(indexed, key=lambda x: x[0])])


def expected_solutions(path: Path) -> Solutions:
    if path.suffix in (".srx", ".srj", ".tsv"):
        fmt = {
            ".srx": ox.QueryResultsFormat.XML,
            ".srj": ox.QueryResultsFormat.JSON,
            ".tsv": ox.QueryResultsFormat.TSV,
        }[path.suffix]
        return solutions_from_ox(ox.parse_query_results(path.read_bytes(), fmt))
    return solutions_from_rdf(path)


def _csv_cell(cell: str) -> tuple:
    """CSV keeps no datatypes: blank nodes by label, numbers by value, the rest as text."""
    if cell.startswith("_:"):
        return ("bnode", cell[2:])
    try:
        return ("num", float(cell))
    except ValueError:
        return ("text", cell)


def csv_rows(text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    header, body = rows[0], rows[1:]
    out = []
    for cells in body:
        out.append({name: _csv_cell(cell) for name, cell in zip(header, cells, strict=False) if cell != ""})
    return out


# ---- matching with one blank-node bijection -------------------------------------------------------------


def _unify(a: Row, e: Row, forward: dict, backward: dict) -> list | None:
    """New bnode pairs needed for row a to equal row e, or None when they cannot."""
    if a.keys() != e.keys():
        return None
    added = []
    f, b = dict(forward), dict(backward)
    for var, at in a.items():
        et = e[var]
        if at[0] == "bnode" and et[0] == "bnode":
            if f.get(at[1], et[1]) != et[1] or b.get(et[1], at[1]) != at[1]:
                return None
            if at[1] not in f:
                f[at[1]], b[et[1]] = et[1], at[1]
                added.append((at[1], et[1]))
        elif at != et:
            return None
    return added


def rows_match(actual: list[Row], expected: list[Row], ordered: bool) -> bool:
    if len(actual) != len(expected):
        return False
    has_bnodes = any(t[0] == "bnode" for row in expected + actual for t in row.values())
    if not ordered and not has_bnodes:
        return Counter(frozenset(r.items()) for r in actual) == Counter(frozenset(r.items()) for r in expected)

    def search(i: int, used: set, forward: dict, backward: dict) -> bool:
        if i == len(expected):
            return True
        candidates = [i] if ordered else [j for j in range(len(actual)) if j not in used]
        for j in candidates:
            added = _unify(actual[j], expected[i], forward, backward)
            if added is None:
                continue
            for x, y in added:
                forward[x], backward[y] = y, x
            if search(i + 1, used | {j}, forward, backward):
                return True
            for x, y in added:
                del forward[x], backward[y]
        return False

    return search(0, set(), {}, {})


def solutions_match(actual: Solutions, expected: Solutions, ordered: bool) -> bool:
    if expected.boolean is not None or actual.boolean is not None:
        return actual.boolean == expected.boolean
    return rows_match(actual.rows, expected.rows, ordered)


def graphs_isomorphic(actual: bytes, actual_format: str, expected: Path) -> bool:
    got = rdflib.Graph().parse(data=actual, format=actual_format)
    want = rdflib.Graph().parse(expected, format=RDF_SYNTAX[expected.suffix][1], publicID=iri(expected))
    return isomorphic(got, want)
