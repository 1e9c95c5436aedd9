"""What the remote client does about Virtuoso Open Source 7 (7.2.5, Debian's ``virtuoso-opensource-7-bin``),
and what it cannot do anything about: the quirks found against modgraph's needs, each tested in
``tests/remote/test_virtuoso.py``.

Handled here (``SparqlClient`` applies both to every server; for servers that follow the protocols they change
nothing):

- **Content negotiation by the first acceptable type, whatever the query form.** Asked with modgraph's generic
  ``Accept`` (results JSON first, then N-Triples), Virtuoso answers a CONSTRUCT or DESCRIBE as a *result set*
  with the variables ``s p o`` in JSON, and a SELECT as an RDF graph of the result-set vocabulary when an RDF
  type comes first. So the ``Accept`` header is chosen by the query form (``accept_for``): results types only
  for SELECT and ASK, RDF types only for CONSTRUCT and DESCRIBE. Without any ``Accept`` it sends
  ``application/sparql-results+xml`` (pyoxigraph parses that too).
- **"Anytime" answers: a timed-out query answers 200 with what it found so far.** With the ``timeout``
  parameter (``MODGRAPH_STORE_TIMEOUT_PARAMETER=timeout:ms``) or ``MaxQueryExecutionTime`` in its ini, a query
  that runs out of time is not an error: Virtuoso answers 200 with the rows found until then (a ``COUNT`` that
  is simply too small) and says so only in the headers ``X-SQL-State: S1TAT`` / ``X-SQL-Message: … Returning
  incomplete results …``. ``partial_answer`` recognises such an answer, and the client raises
  ``RemoteStoreError`` (status 504, a timeout) instead of returning a result.

Configured in ``deploy/virtuoso/virtuoso.ini`` and the grants (README, "Virtuoso"; ``tests/servers/virtuoso.py``):

- **A silent row cap.** ``[SPARQL] ResultSetMaxRows`` (10 000 in Virtuoso's sample ini) cuts every SELECT and
  CONSTRUCT at that many rows with no error; modgraph reads whole graphs (dumps, VoID, the dependency projection)
  and applies its own cap, so the project's ini sets it to 100 000 000.
- **Federation is on for the writer.** A fresh database lets the role ``SPARQL_UPDATE`` run ``SERVICE``,
  the sponger (``FROM <http://…>`` fetched from the web) and ``LOAD <http://…>``; the anonymous ``SPARQL``
  user (``/sparql``) cannot (it lacks the view ``SPARQL_SINV_2``). The set-up revokes the procedures one by
  one; revoking the role ``SPARQL_SPONGE`` instead breaks the Graph Store Protocol.
- **Updates need the digest endpoints** ``/sparql-auth`` and ``/sparql-graph-crud-auth`` and a user with
  ``SPARQL_UPDATE``; ``/sparql`` and ``/sparql-graph-crud`` stay read-only (anonymous ``SPARQL`` user), which is
  what modgraph's query URL points at.

Differences modgraph lives with (tests/remote/CONFORMANCE.md has the W3C suite's):

- **Literals are stored by value.** ``"01"^^xsd:integer`` comes back as ``"1"``, ``"1.50"^^xsd:decimal`` as
  ``"1.5"``, ``"1e3"^^xsd:double`` as ``"1000.0"``, and two literals of equal value on one subject and predicate
  (``"1"^^xsd:integer`` and ``true``) become one triple. modgraph writes canonical literals, so the corpus
  round-trips exactly (tested); a triple count checked after upload catches any merge.
- **``xsd:duration`` is not a duration**: ``INSERT DATA`` refuses it (500), the Graph Store Protocol stores
  ``"P1Y"`` as ``"12"`` (months). modgraph's graphs hold no duration (tested on the corpus).
- **``xsd:string`` and plain literals are two terms** in the store (RDF 1.0), though both come back as plain
  literals in JSON results.
- **Blank nodes**: refused in ``INSERT DATA`` (loading uses the Graph Store Protocol), relabelled
  (``nodeID://b10000``) on the way back; one upload request keeps one label one node, so the publication sends
  all of a graph's blank-node triples in one request (``publication.chunks``). ``nodeID://b10000`` is no valid
  blank-node label in SPARQL results, which pyoxigraph refuses: ``relabel_blank_nodes`` makes it ``vb10000``
  before the results are parsed (the same label for the same node within one answer, as before).
- **The Graph Store Protocol**: ``graph=`` (and Virtuoso's own ``graph-uri=``) work, ``?default`` answers 500,
  N-Quads are refused (one graph per request, as the protocol says), and malformed N-Triples answer 500
  "unsupported type" instead of 400. Bodies of 40 MB were accepted; throughput is benchmarks/BACKENDS.md's.
- **An update request answers 200 with a result set** (``callret-0``: "Insert into …, 3 (or less) triples --
  done"), not 204; the client ignores the body. Update syntax errors answer 400 (``SP030``); an update the
  compiler accepts but the store cannot apply (an ``xsd:duration``) answers 500.
- **Without ``default-graph-uri`` the default graph is every graph on the server**, the control and staging
  graphs included: ``RemoteStore`` always names the build's graphs, as it does for every server.
- **Atomicity**: an update request of several operations runs in one transaction and readers (read committed,
  ``DefaultIsolation = 2``) see its result only after the commit: tested with a reader looping during
  ``publish_remote``'s switch (``MOVE`` of every staging graph, the control graph rewritten).
"""

from __future__ import annotations

import re

import httpx

from modgraph.media import JSON_RESULTS, N_TRIPLES, XML_RESULTS

#: what SELECT and ASK ask for
RESULTS_ACCEPT = f"{JSON_RESULTS.media_type}, {XML_RESULTS.media_type};q=0.9"
#: what CONSTRUCT and DESCRIBE ask for
GRAPH_ACCEPT = f"{N_TRIPLES.media_type}, text/turtle;q=0.9"

#: IRIs, strings and comments, which may hold any word
_OPAQUE = re.compile(
    r"""<[^<>"{}|^`\\\s]*>|'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'"""
    r"""|"(?:[^"\\\n\r]|\\.)*"|\#[^\n\r]*""",
    re.DOTALL,
)
#: the query form's keyword: not a variable (?select), not a prefix (select:) nor part of a name
_FORM = re.compile(r"(?<![\w?$:])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:-])", re.IGNORECASE)

#: a BASE declaration (outside IRIs, strings and comments)
_BASE = re.compile(r"(?<![\w?$:])BASE(?![\w:-])", re.IGNORECASE)

#: the SQL state of a query Virtuoso interrupted at its timeout, answering with the rows found so far
PARTIAL_STATE = "S1TAT"


#: Virtuoso's blank-node labels in JSON (``"value": "nodeID://b1"``) and XML (``<bnode>nodeID://b1</bnode>``)
_VIRTUOSO_BNODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*"|<bnode>)nodeID://')


def relabel_blank_nodes(body: bytes) -> bytes:
    r"""SPARQL results with Virtuoso's ``nodeID://…`` blank-node labels made valid labels (``vb…``); other
    answers unchanged.

    >>> relabel_blank_nodes(b'{"type": "bnode", "value": "nodeID://b10001"}')
    b'{"type": "bnode", "value": "vb10001"}'
    >>> relabel_blank_nodes(b"<bnode>nodeID://b7</bnode> <literal>nodeID://b7</literal>")
    b'<bnode>vb7</bnode> <literal>nodeID://b7</literal>'
    """
    if b"nodeID://" not in body:
        return body
    return _VIRTUOSO_BNODE.sub(lambda m: m.group(1) + b"v", body)


def accept_for(query: str) -> str:
    """The ``Accept`` header for a query: result types for SELECT and ASK, RDF types for CONSTRUCT and DESCRIBE
    (the first form keyword outside IRIs, strings and comments; a text without one gets the result types, and
    the server says what is wrong with it).

    >>> accept_for("PREFIX select: <x:> # DESCRIBE\\nCONSTRUCT { ?select ?p 'ASK' } WHERE { }") == GRAPH_ACCEPT
    True
    >>> accept_for("BASE <http://e/construct> SELECT * { }") == RESULTS_ACCEPT
    True
    """
    match = _FORM.search(_OPAQUE.sub(" ", query))
    if match is not None and match.group(1).upper() in ("CONSTRUCT", "DESCRIBE"):
        return GRAPH_ACCEPT
    return RESULTS_ACCEPT


def with_base(query: str, base_iri: str | None) -> str:
    r"""The query with ``BASE <base_iri>`` in front, unless it declares its own BASE before its form keyword
    (Virtuoso refuses a second BASE, which SPARQL allows; the query's own one is the one that counts anyway for
    its relative IRIs, save a relative BASE itself).

    >>> with_base("SELECT * { <a> ?p ?o }", "http://e/sparql")
    'BASE <http://e/sparql>\nSELECT * { <a> ?p ?o }'
    >>> with_base("# BASE in a comment\nBASE <http://d/> SELECT * { <a> ?p ?o }", "http://e/sparql")[:6]
    '# BASE'
    >>> with_base("SELECT ?base { ?s <urn:base> 'BASE' }", None)
    "SELECT ?base { ?s <urn:base> 'BASE' }"
    """
    if not base_iri:
        return query
    opaque = _OPAQUE.sub(" ", query)
    form = _FORM.search(opaque)
    declared = _BASE.search(opaque, 0, form.start() if form else len(opaque))
    return query if declared else f"BASE <{base_iri}>\n{query}"


def partial_answer(response: httpx.Response) -> str | None:
    """Why the answer is incomplete, if it carries Virtuoso's ``X-SQL-State: S1TAT`` (None: it is complete).

    >>> partial_answer(httpx.Response(200, headers={"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning"}))
    'the server stopped the query at its timeout and answered with incomplete results (S1TAT: RC...: Returning)'
    >>> partial_answer(httpx.Response(200)) is None
    True
    """
    state = response.headers.get("x-sql-state", "").strip()
    if state != PARTIAL_STATE:
        return None
    message = response.headers.get("x-sql-message", "").strip()
    return (
        f"the server stopped the query at its timeout and answered with incomplete results ({state}: {message[:160]})"
    )
