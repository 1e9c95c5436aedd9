"""The SPARQL endpoint when a SPARQL server is the store (``MODGRAPH_STORE_URL``): each query is forwarded there.

The guardrails that ``web/sparql.py`` applies before evaluation hold as for the embedded store (length, nesting,
the update refusal, negotiation, revalidation). Then, here:

1. **Read-only, decided by the parse**: the text is prepared by pyoxigraph in a query worker (no network, empty
   in-memory store, ``modgraph.web.execution.check_query``). A text that is not a query (an update, or
   anything else) is a syntax error there and never reaches the server; and only the server's *query* URL is
   ever asked, with the query text as the form field ``query``.
2. **The dataset** is the one the embedded store would use: the union of the build's data graphs
   (``urn:modgraph:union``) as ``default-graph-uri`` and its named graphs as ``named-graph-uri`` (never the control or staging graphs), or the protocol's own
   dataset parameters, or none when the query has its own ``FROM`` / ``FROM NAMED``.
3. **Time limit**: the request is abandoned at ``query_timeout`` (504) and, where the server takes one
   (``MODGRAPH_STORE_TIMEOUT_PARAMETER``), the limit is sent along so that the server stops the query too.
   The Oxigraph server takes none per request: start it with ``--timeout-s``.
4. **Row cap**: the answer is parsed by pyoxigraph and written again in the negotiated format with at most
   ``max_rows`` rows (the same writer as the embedded path); an answer beyond ``MAX_ANSWER_BYTES`` is refused
   (502) rather than held in memory.
5. **SERVICE**: the server's federation cannot be switched off from here; ``modgraph serve`` refuses to start
   on a server whose ``SERVICE`` reaches this machine (``modgraph.store.remote.probe``).
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from fastapi import Request

from modgraph.iris import UNION_GRAPH
from modgraph.media import JSON_RESULTS, N_TRIPLES, Kind
from modgraph.store.remote import RemoteStoreError, SparqlClient
from modgraph.store.remote.client import parse_answer
from modgraph.web.errors import WebError
from modgraph.web.execution import DEFAULT_GRAPH, QueryJob, QueryOutcome, serialize_results
from modgraph.web.pooled import run_for
from modgraph.web.sandbox import checked
from modgraph.web.workers import check_query_task

#: the largest answer read from the server (bytes); the row cap applies after parsing
MAX_ANSWER_BYTES = 256 * 2**20


class RemoteEndpoint:
    """Forwards checked queries to the server's query URL (one async httpx client, kept open)."""

    def __init__(self, client: SparqlClient, query_timeout: float, timeout_parameter: tuple[str, str] | None):
        self.endpoints = client.endpoints
        self.timeout = query_timeout
        self.timeout_parameter = timeout_parameter
        self._http: httpx.AsyncClient | None = None

    @property
    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = httpx.AsyncClient(auth=self.endpoints.httpx_auth(), timeout=self.timeout)
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            await self._http.aclose()

    def form(self, job: QueryJob, graphs: list[str], kind: Kind) -> tuple[dict[str, Any], dict[str, str]]:
        """The form fields and headers of the forwarded query."""
        text = f"BASE <{job.base_iri}>\n{job.query}" if job.base_iri else job.query
        form: dict[str, Any] = {"query": text}
        if job.default_graph is not None:  # None: the query's own FROM / FROM NAMED
            # the store's own default graph is the union of the data graphs: on the server, the union graph
            form["default-graph-uri"] = [UNION_GRAPH if g is DEFAULT_GRAPH else g for g in job.default_graph]
            form["named-graph-uri"] = list(job.named_graphs) if job.named_graphs is not None else graphs
        if self.timeout_parameter is not None:
            name, unit = self.timeout_parameter
            form[name] = str(int(self.timeout * 1000)) if unit == "ms" else f"{self.timeout:g}"
        accept = JSON_RESULTS.media_type if kind is Kind.SOLUTIONS else N_TRIPLES.media_type
        return form, {"Accept": accept}

    async def answer(self, job: QueryJob, graphs: list[str], kind: Kind) -> QueryOutcome:
        """The server's answer to the job, parsed and written in the job's format.

        :raises WebError: 504 at the time limit, 400 ``server-refused`` when the server does not take a query
            pyoxigraph parsed, 502 ``store-unavailable`` / ``store-error`` when it cannot be reached, fails, or
            answers what does not parse.
        """
        form, headers = self.form(job, graphs, kind)
        try:
            async with self.http.stream("POST", self.endpoints.query_url, data=form, headers=headers) as response:
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > MAX_ANSWER_BYTES:
                        raise WebError(
                            502, "store-error", f"the SPARQL server's answer exceeds {MAX_ANSWER_BYTES} bytes"
                        )
        except httpx.TimeoutException:
            raise WebError(
                504,
                "timeout",
                f"the query was stopped after the {self.timeout:g} s time limit",
                limit_seconds=self.timeout,
            ) from None
        except httpx.HTTPError as exc:
            raise WebError(502, "store-unavailable", f"the SPARQL server cannot be reached: {exc}") from None
        if response.status_code == 400:
            raise WebError(
                400, "server-refused", f"the SPARQL server refused the query: {body[:300].decode(errors='replace')}"
            )
        if response.status_code >= 300:
            raise WebError(
                502,
                "store-error",
                f"the SPARQL server answered {response.status_code}: {body[:300].decode(errors='replace')}",
            )
        answered = httpx.Response(response.status_code, headers=response.headers, content=bytes(body))
        try:
            return await asyncio.to_thread(_serialize, answered, job)
        except RemoteStoreError as exc:
            raise WebError(502, "store-error", str(exc)) from None


def _serialize(response: httpx.Response, job: QueryJob) -> QueryOutcome:
    """:raises RemoteStoreError: the answer does not parse."""
    return serialize_results(parse_answer(response), job)


async def remote_outcome(
    request: Request, pool: Any, endpoint: RemoteEndpoint, job: QueryJob, graphs: list[str], kind: Kind
) -> QueryOutcome:
    """Check the job's text in a worker (pyoxigraph's parse), then forward it (see the module docstring).

    :raises WebError: as ``run_for`` and ``RemoteEndpoint.answer``.
    """
    checked_outcome = checked(await run_for(request, pool, check_query_task, job))
    if checked_outcome.status == "syntax":
        return checked_outcome
    if checked_outcome.status == "ok" and checked_outcome.kind is not None:
        kind = checked_outcome.kind
    return await endpoint.answer(job, graphs, kind)
