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
6. **A switch never shows**: the control graph's state is read just before and just after the forwarded query
   (two small queries); the answer is sent only when both show the job's build, the same generation and no
   switching flag; otherwise the query is sent again once the switch is over, and 503 ``switching`` answers
   when it does not end within ``SWITCH_WAIT`` or another build is served by then
   (``modgraph.store.remote.store``).
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi import Request

from modgraph.deps.stored import projection_path, write_projection
from modgraph.iris import UNION_GRAPH
from modgraph.media import JSON_RESULTS, N_TRIPLES, Kind
from modgraph.store.builds import Build, BuildInfo
from modgraph.store.remote import RemoteReader, RemoteStoreError, SparqlClient
from modgraph.store.remote.client import parse_answer
from modgraph.store.remote.store import STATE_QUERY, SWITCH_WAIT, ServedState, state_of
from modgraph.store.remote.virtuoso import RESULTS_ACCEPT, with_base
from modgraph.web.errors import WebError
from modgraph.web.execution import DEFAULT_GRAPH, QueryJob, QueryOutcome, serialize_results
from modgraph.web.pooled import run_for
from modgraph.web.sandbox import checked
from modgraph.web.workers import check_query_task

#: the largest answer read from the server (bytes); the row cap applies after parsing
MAX_ANSWER_BYTES = 256 * 2**20
#: where the web process keeps the dependency projection of the server's build, under the store directory
PROJECTIONS_DIR = "remote-projections"
_projecting = threading.Lock()


def remote_projection(reader: RemoteReader, store_dir: Path) -> tuple[str, BuildInfo]:
    """The dependency projection of the build the server serves, made from the server's graphs (never from a
    local build of that id), written once per build into ``store_dir/remote-projections/<id>/`` (the query
    workers have no network, so they read it there; older builds' projections are removed). → (that directory,
    the build's info as the server serves it), for ``DepsJob.remote``.

    :raises StoreError: nothing is published on the server, it cannot be read, or a switch did not end in time.
    """
    _, info, store = reader.get()
    root = Path(store_dir) / PROJECTIONS_DIR
    directory = root / info.id
    with _projecting:
        if not projection_path(directory).is_file():  # written under a temporary name, then renamed
            directory.mkdir(parents=True, exist_ok=True)
            # project_store asks the store protocol only (query with a dataset), which RemoteStore implements
            write_projection(Build(directory), store, info)  # type: ignore[arg-type]
            for other in root.iterdir():
                if other != directory and other.is_dir():
                    shutil.rmtree(other, ignore_errors=True)
    return str(directory), info


class RemoteEndpoint:
    """Forwards checked queries to the server's query URL (one async httpx client, kept open)."""

    def __init__(
        self,
        client: SparqlClient,
        query_timeout: float,
        timeout_parameter: tuple[str, str] | None,
        switch_wait: float = SWITCH_WAIT,
    ):
        self.endpoints = client.endpoints
        self.timeout = query_timeout
        self.timeout_parameter = timeout_parameter
        self.switch_wait = switch_wait
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
        text = with_base(job.query, job.base_iri)
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

    async def state(self) -> ServedState:
        """The control graph's state now.

        :raises WebError: 502 when the server cannot be read.
        """
        try:
            response = await self.http.post(
                self.endpoints.query_url, data={"query": STATE_QUERY}, headers={"Accept": RESULTS_ACCEPT}
            )
        except httpx.HTTPError as exc:
            raise WebError(502, "store-unavailable", f"the SPARQL server cannot be reached: {exc}") from None
        if response.status_code >= 300:
            raise WebError(502, "store-error", f"the SPARQL server answered {response.status_code} to the state query")
        try:
            rows = parse_answer(response)
        except RemoteStoreError as exc:
            raise WebError(502, "store-error", str(exc)) from None
        names = ("id", "generation", "switching")
        return state_of([{k: (row[k].value if row[k] is not None else None) for k in names} for row in rows])  # type: ignore[union-attr]

    async def stable_state(self, build_id: str | None, deadline: float) -> ServedState:
        """The state once no switch is under way, which must serve ``build_id``.

        :raises WebError: 503 ``switching`` when the switch does not end before ``deadline`` (monotonic), or the
            server serves another build by now.
        """
        pause = 0.05
        while True:
            state = await self.state()
            if not state.switching:
                if build_id is not None and state.build_id != build_id:
                    raise WebError(503, "switching", f"the server serves build {state.build_id} now: ask again")
                return state
            if time.monotonic() + pause > deadline:
                raise WebError(503, "switching", "a publication is switching the served build: try again later")
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.5)

    async def answer(self, job: QueryJob, graphs: list[str], kind: Kind) -> QueryOutcome:
        """The server's answer to the job, parsed and written in the job's format, taken only when no switch
        overlapped it (see the module docstring, 6).

        :raises WebError: 504 at the time limit, 400 ``server-refused`` when the server does not take a query
            pyoxigraph parsed, 502 ``store-unavailable`` / ``store-error`` when it cannot be reached, fails, or
            answers what does not parse, 503 ``switching`` as ``stable_state``.
        """
        deadline = time.monotonic() + self.switch_wait
        while True:
            before = await self.stable_state(job.build_id, deadline)
            outcome = await self.forward(job, graphs, kind)
            if await self.state() == before:
                return outcome
            if time.monotonic() > deadline:
                raise WebError(503, "switching", "the served build kept switching during the query: ask again")

    async def forward(self, job: QueryJob, graphs: list[str], kind: Kind) -> QueryOutcome:
        """The server's answer to the job (no state check).

        :raises WebError: as ``answer``.
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
