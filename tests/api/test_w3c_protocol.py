"""The applicable tests of the W3C SPARQL 1.1 Protocol suite, run against a real uvicorn server.

Applicable: every query test and every "bad request" test. Not applicable: the positive update
tests (``update_*``), because ``/sparql`` is read-only by design (updates go to the token-guarded
``/update``); on ``/sparql`` they are answered 403, which the bad_update_* tests check.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.collection import Collection

from modgraph.settings import Settings

from .builds import publish_build
from .conftest import W3C_REPORT
from .server import live_server

pytestmark = pytest.mark.slow

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": None,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"}


def _status_ok(status: int, expected: set[str]) -> bool:
    return f"StatusCode{status // 100}xx" in expected


def _check_request(client: httpx.Client, g: rdflib.Graph, req) -> str | None:
    """None when the response is as the manifest expects, else the reason."""
    method = str(g.value(req, HT.methodName))
    path = str(g.value(req, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    headers = {}
    headers_list = g.value(req, HT.headers)
    if headers_list is not None:
        for h in Collection(g, headers_list):
            headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
    body = g.value(req, HT.body)
    content = None
    if body is not None:
        encoding = str(g.value(body, CNT.characterEncoding) or "UTF-8")
        content = str(g.value(body, CNT.chars)).encode(encoding)
    response = client.request(method, path, headers=headers, content=content)
    resp = g.value(req, HT.resp)
    expected_status = {str(s).rsplit("#", 1)[1] for s in g.objects(resp, MF.expectedStatus)}
    if not _status_ok(response.status_code, expected_status):
        return f"{method} {path}: status {response.status_code}, expected {sorted(expected_status)}"
    media_type = response.headers.get("content-type", "").split(";")[0]
    fmt = g.value(resp, MF.expectedFormat)
    if fmt is not None and str(fmt) in ("boolean", "tabular") and media_type not in RESULT_TYPES:
        return f"{media_type} is not a results format"
    if fmt is not None and str(fmt) == "RDF" and media_type not in RDF_TYPES:
        return f"{media_type} is not an RDF syntax"
    boolean = g.value(resp, MF.expectedBoolean)
    if boolean is not None:
        parsed = ox.parse_query_results(response.content, RESULT_TYPES[media_type])
        if bool(parsed) != boolean.toPython():
            return f"boolean {bool(parsed)}, expected {boolean}"
    return None


def test_w3c_protocol_suite(sparql11: Path, tmp_path: Path) -> None:
    folder = sparql11 / "protocol"
    manifest = folder / "manifest.ttl"
    g = rdflib.Graph().parse(manifest, format="turtle", publicID=manifest.resolve().as_uri())
    entries = list(Collection(g, g.value(rdflib.URIRef(manifest.resolve().as_uri()), MF.entries)))
    kasei = "http://kasei.us/2009/09/sparql/data/"
    graphs = {
        f"{kasei}data{i}.rdf": ((folder / f"data{i}.nt").read_bytes(), ox.RdfFormat.N_TRIPLES, None) for i in (1, 2, 3)
    }
    publish_build(tmp_path / "store", graphs, data_graphs=[])
    settings = Settings.load(store=tmp_path / "store", query_workers=2, query_timeout=10)
    applicable = [e for e in entries if not str(e).rsplit("#", 1)[1].startswith("update_")]
    passed, failures = 0, []
    with live_server(settings) as url, httpx.Client(base_url=url, timeout=30) as client:
        for entry in applicable:
            action = g.value(entry, MF.action)
            reasons = [
                r for req in Collection(g, g.value(action, HT.requests)) if (r := _check_request(client, g, req))
            ]
            if reasons:
                failures.append(f"  {str(entry).rsplit('#', 1)[1]}: {reasons[0]}")
            else:
                passed += 1
    W3C_REPORT.append(
        f"protocol: {passed} of {len(applicable)} applicable tests pass "
        f"({len(entries) - len(applicable)} update_* tests not applicable: /sparql is read-only)"
    )
    W3C_REPORT.extend(failures)
    assert not failures, "\n".join(failures)
