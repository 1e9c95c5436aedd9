"""What runs inside a worker process: evaluate one query on a read-only store and serialise it.

Everything here is plain data in, plain data out (picklable), so that the web process never holds
a pyoxigraph store and can kill a worker at any moment (see ``modgraph.web.workers``).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field, replace
from itertools import islice

import pyoxigraph as ox

from modgraph.media import Kind
from modgraph.web.sandbox import refusal

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
DEFAULT_GRAPH = None  # stands for the store's own default graph in a dataset description


@dataclass(frozen=True)
class QueryJob:
    query: str
    store_path: str
    build_id: str
    result_format: str  # Format.oxigraph, for the kind of result the query gives
    graph_format: str
    max_rows: int  # the page's size: rows (or triples) answered at most
    default_graph: tuple[str | None, ...] | None = None  # None: the query's own dataset (FROM) or the store's
    named_graphs: tuple[str, ...] | None = None  # None: every named graph
    prefixes: dict[str, str] = field(default_factory=dict)
    base_iri: str | None = None  # for relative IRIs: the endpoint's own URL
    offset: int = 0  # rows (or triples) of the result skipped before the page (paged catalogue answers)


@dataclass(frozen=True)
class QueryOutcome:
    status: str  # "ok", "syntax" (the query does not parse) or "error"
    body: bytes = b""
    kind: Kind | None = None
    format_name: str = ""
    truncated: bool = False
    count: int = 0  # rows, triples, or 1 for ASK
    message: str = ""
    line: int | None = None
    column: int | None = None
    seconds: float = 0.0
    refused: str = ""  # for an "error": a ``modgraph.web.sandbox.Refusal`` value when it was for want of a network


class StoreCache:
    """The read-only store of the build the last job named, reopened when the build changes."""

    def __init__(self) -> None:
        self.build_id: str | None = None
        self.store: ox.Store | None = None
        self.extras: dict = {}  # what other tasks keep between jobs (e.g. the dependency projections)

    def get(self, build_id: str, path: str) -> ox.Store:
        if self.store is None or self.build_id != build_id:
            self.store = None
            self.store = ox.Store.read_only(path)
            self.build_id = build_id
        return self.store


_POSITION = re.compile(r"error at (\d+):(\d+)")


def _graph_term(name: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if name is DEFAULT_GRAPH else ox.NamedNode(name)


def _term_json(term) -> dict:
    kind = type(term)  # exact types first: the cheapest test for the terms nearly every row holds
    if kind is ox.NamedNode:
        return {"type": "uri", "value": term.value}
    if kind is ox.Literal:
        language = term.language
        if language:
            return {"type": "literal", "value": term.value, "xml:lang": language}
        datatype = term.datatype.value
        if datatype == XSD_STRING or datatype == RDF_LANG_STRING:
            return {"type": "literal", "value": term.value}
        return {"type": "literal", "value": term.value, "datatype": datatype}
    if kind is ox.BlankNode:
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {k: _term_json(getattr(term, k)) for k in ("subject", "predicate", "object")},
        }
    raise TypeError(f"unexpected term {term!r}")


def solutions_json(variables: list[str], rows: list) -> bytes:
    """SPARQL 1.1 Query Results JSON for the given rows (unbound variables left out): the bytes
    ``json.dumps(doc, ensure_ascii=False, separators=(",", ":"))`` gives, written as text directly (a dict per
    term and binding cost a cheap query's worker more than evaluating it did).

    >>> solutions_json(["s", "n"], [(ox.NamedNode("http://e.example/a"), None), (None, ox.Literal("1", language="de"))])
    b'{"head":{"vars":["s","n"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://e.example/a"}},{"n":{"type":"literal","value":"1","xml:lang":"de"}}]}}'
    """
    names = [_quoted(v) + ":" for v in variables]
    bindings = []
    for row in rows:  # by position: a solution's lookup by name costs more than the term's conversion
        parts = [names[i] + _term_text(term) for i, term in enumerate(row) if term is not None]
        bindings.append("{" + ",".join(parts) + "}")
    head = '{"head":{"vars":[' + ",".join(_quoted(v) for v in variables) + ']},"results":{"bindings":['
    return (head + ",".join(bindings) + "]}}").encode("utf-8")


_quoted = json.encoder.encode_basestring  # a JSON string literal, as json.dumps(..., ensure_ascii=False) writes it


def _term_text(term) -> str:
    """``_term_json(term)`` as compact JSON text."""
    kind = type(term)
    if kind is ox.NamedNode:
        return '{"type":"uri","value":' + _quoted(term.value) + "}"
    if kind is ox.Literal:
        language = term.language
        if language:
            return '{"type":"literal","value":' + _quoted(term.value) + ',"xml:lang":' + _quoted(language) + "}"
        datatype = term.datatype.value
        if datatype == XSD_STRING or datatype == RDF_LANG_STRING:
            return '{"type":"literal","value":' + _quoted(term.value) + "}"
        return '{"type":"literal","value":' + _quoted(term.value) + ',"datatype":' + _quoted(datatype) + "}"
    if kind is ox.BlankNode:
        return '{"type":"bnode","value":' + _quoted(term.value) + "}"
    return json.dumps(_term_json(term), ensure_ascii=False, separators=(",", ":"))


def _written(body: bytes | None) -> bytes:
    """What a pyoxigraph serializer returned: bytes (None only when it was given a file to write to)."""
    return body or b""


def _serialize_solutions(results: ox.QuerySolutions, job: QueryJob) -> QueryOutcome:
    variables = [v.value for v in results.variables]
    rows = list(islice(results, job.offset, job.offset + job.max_rows + 1))
    truncated = len(rows) > job.max_rows
    rows = rows[: job.max_rows]
    body = solutions_json(variables, rows)
    if job.result_format != "JSON":  # one writer of our own; every other syntax is pyoxigraph's
        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        body = _written(parsed.serialize(format=getattr(ox.QueryResultsFormat, job.result_format)))
    return QueryOutcome("ok", body, Kind.SOLUTIONS, job.result_format, truncated, len(rows))


def _serialize_boolean(result: ox.QueryBoolean, job: QueryJob) -> QueryOutcome:
    body = _written(result.serialize(format=getattr(ox.QueryResultsFormat, job.result_format)))
    return QueryOutcome("ok", body, Kind.SOLUTIONS, job.result_format, False, 1)


def serialize_triples(triples: list, format_name: str, prefixes: dict[str, str] | None = None) -> bytes:
    fmt = getattr(ox.RdfFormat, format_name)
    if prefixes and format_name in ("TURTLE", "RDF_XML"):
        try:
            return _written(ox.serialize(triples, format=fmt, prefixes=prefixes))
        except (ValueError, SyntaxError):
            pass  # a prefix the serializer refuses: write full IRIs instead
    return _written(ox.serialize(triples, format=fmt))


def _serialize_triples(results: ox.QueryTriples, job: QueryJob) -> QueryOutcome:
    triples = list(islice(results, job.offset, job.offset + job.max_rows + 1))
    truncated = len(triples) > job.max_rows
    triples = triples[: job.max_rows]
    body = serialize_triples(triples, job.graph_format, job.prefixes)
    return QueryOutcome("ok", body, Kind.GRAPH, job.graph_format, truncated, len(triples))


def _dataset_arguments(job: QueryJob) -> dict:
    args: dict = {}
    if job.default_graph is not None:
        args["default_graph"] = [_graph_term(g) for g in job.default_graph]
    if job.named_graphs is not None:
        args["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    return args


def _short(message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else ""
    return first[:500]


def serialize_results(results, job: QueryJob) -> QueryOutcome:
    """Serialise a query's results (pyoxigraph's, or a remote store's parsed answer) in the job's format: the
    page of ``job.max_rows`` rows (or triples) after the first ``job.offset``; ``truncated`` when more follow."""
    if isinstance(results, ox.QuerySolutions):
        return _serialize_solutions(results, job)
    if isinstance(results, ox.QueryBoolean):
        return _serialize_boolean(results, job)
    return _serialize_triples(results, job)


def _syntax_outcome(exc: SyntaxError) -> QueryOutcome:
    message = _short(str(exc))
    position = _POSITION.search(message)
    line, column = (int(position[1]), int(position[2])) if position else (None, None)
    return QueryOutcome("syntax", message=message, line=line, column=column)


def run_query(job: QueryJob, cache: StoreCache) -> QueryOutcome:
    """Evaluate and serialise; every failure becomes an outcome, never an exception."""
    started = time.monotonic()
    try:
        store = cache.get(job.build_id, job.store_path)
        results = store.query(job.query, base_iri=job.base_iri, **_dataset_arguments(job))
        outcome = serialize_results(results, job)
    except SyntaxError as exc:
        return _syntax_outcome(exc)
    except (ValueError, RuntimeError, OSError, TypeError) as exc:
        why = refusal(exc, job.query)
        return QueryOutcome("error", message=f"{type(exc).__name__}: {_short(str(exc))}", refused=why or "")
    return replace(outcome, seconds=time.monotonic() - started)


def check_query(job: QueryJob, cache: StoreCache) -> QueryOutcome:
    """Whether pyoxigraph parses the job's text as a query (not an update), and which kind of result it gives:
    the query is prepared on an empty in-memory store and its solutions are never read (an ASK is answered,
    on nothing). For the remote store, whose server evaluates the query (``modgraph.web.remote``).

    → ``ok`` with ``kind``, or ``syntax`` (an update is a syntax error of a query: pyoxigraph decides).
    """
    try:
        results = ox.Store().query(job.query, base_iri=job.base_iri)
    except SyntaxError as exc:
        return _syntax_outcome(exc)
    except (ValueError, RuntimeError, OSError, TypeError) as exc:  # a query that fails even on no data
        return QueryOutcome("error", message=f"{type(exc).__name__}: {_short(str(exc))}")
    kind = Kind.GRAPH if isinstance(results, ox.QueryTriples) else Kind.SOLUTIONS
    return QueryOutcome("ok", kind=kind)
