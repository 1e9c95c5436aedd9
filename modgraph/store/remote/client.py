"""An httpx client for the three SPARQL 1.1 protocols of one server: Query, Update, Graph Store HTTP Protocol.

Results are parsed by pyoxigraph's parsers (``parse_query_results`` for SELECT/ASK, ``parse`` for graphs), so
callers get the same result types as from the embedded store. No rdflib: its ``SPARQLUpdateStore`` sends a
default graph of its own, fails on Virtuoso's XML results and knows Basic authentication only.

Retries: a request that fails with a 5xx answer or a transport error (connection refused or reset, time-out) is
sent again after a back-off of 0.2 s, 0.4 s, 0.8 s … (``retries`` times). A request marked ``once`` (a SPARQL
Update that must not be applied twice) is sent again only when it never reached the server (connect error).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import pyoxigraph as ox

from modgraph.media import JSON_RESULTS, N_TRIPLES, XML_RESULTS
from modgraph.settings import Settings
from modgraph.store.remote import virtuoso

#: what a query asks for: results JSON/XML for SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE
QUERY_ACCEPT = (
    f"{JSON_RESULTS.media_type}, {XML_RESULTS.media_type};q=0.9, {N_TRIPLES.media_type};q=0.8, text/turtle;q=0.7"
)
BACKOFF = 0.2  # seconds before the first retry; doubled for each further one


class RemoteStoreError(Exception):
    """The SPARQL server answered with an error, or could not be reached (the message says which)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class RemoteSyntaxError(RemoteStoreError, SyntaxError):
    """The server refused the query or update as malformed (400)."""


@dataclass(frozen=True)
class Endpoints:
    """Where the server's protocols answer and how to authenticate there."""

    query_url: str
    update_url: str
    gsp_url: str
    user: str | None = None
    password: str | None = None
    auth: str = "basic"
    timeout: float = 120.0  # seconds per request (queries of readers pass their own)
    retries: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> Endpoints | None:
        """The server ``store_url`` (and the per-protocol settings) name; None for the embedded store.

        :raises ValueError: a per-protocol URL is missing and there is no ``store_url`` to derive it from.
        """
        base = (settings.store_url or "").rstrip("/")
        given = (settings.store_query_url, settings.store_update_url, settings.store_gsp_url)
        if not base and not any(given):
            return None
        urls = []
        for url, tail in zip(given, ("/query", "/update", "/store"), strict=True):
            if url is None and not base:
                raise ValueError(f"MODGRAPH_STORE_URL is not set: give every per-protocol URL (missing {tail})")
            urls.append(url or base + tail)
        return cls(
            query_url=urls[0],
            update_url=urls[1],
            gsp_url=urls[2],
            user=settings.store_user,
            password=settings.store_password,
            auth=settings.store_auth,
            timeout=settings.store_request_timeout,
            retries=settings.store_retries,
        )

    def httpx_auth(self) -> httpx.Auth | None:
        if self.user is None:
            return None
        if self.auth == "digest":
            return httpx.DigestAuth(self.user, self.password or "")
        return httpx.BasicAuth(self.user, self.password or "")


class RemoteTriples:
    """The triples of a CONSTRUCT or DESCRIBE answer: iterable like ``pyoxigraph.QueryTriples``, and
    serialisable (``serialize(format=…)``) like it."""

    def __init__(self, triples: list[ox.Triple]):
        self.triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)

    def serialize(self, output: Any = None, format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> bytes | None:
        return ox.serialize(self.triples, output, format=format)


def _media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def parse_answer(response: httpx.Response) -> ox.QuerySolutions | ox.QueryBoolean | RemoteTriples:
    """A query's answer parsed by pyoxigraph, by its media type.

    :raises RemoteStoreError: the media type is neither a results nor an RDF syntax, or the body does not parse.
    """
    media = _media_type(response)
    results_format = ox.QueryResultsFormat.from_media_type(media)
    try:
        if results_format is not None:
            return ox.parse_query_results(virtuoso.relabel_blank_nodes(response.content), results_format)
        rdf_format = ox.RdfFormat.from_media_type(media)
        if rdf_format is not None and not rdf_format.supports_datasets:
            quads = ox.parse(response.content, format=rdf_format)
            return RemoteTriples([ox.Triple(q.subject, q.predicate, q.object) for q in quads])
    except SyntaxError as exc:
        raise RemoteStoreError(f"the server's {media} answer does not parse: {exc}") from None
    raise RemoteStoreError(f"the server answered the query as {media or 'no media type'}, not SPARQL results or RDF")


def _form(pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields as httpx takes them (a repeated field: a list of values)."""
    form: dict[str, list[str]] = {}
    for key, value in pairs:
        form.setdefault(key, []).append(value)
    return form


def _graph_params(default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None) -> list[tuple[str, str]]:
    params = [("default-graph-uri", g) for g in default_graphs or ()]
    return params + [("named-graph-uri", g) for g in named_graphs or ()]


class SparqlClient:
    """One server's three protocols (see the module docstring). Thread-safe as httpx's client is."""

    def __init__(self, endpoints: Endpoints, transport: httpx.BaseTransport | None = None):
        self.endpoints = endpoints
        self.http = httpx.Client(auth=endpoints.httpx_auth(), timeout=endpoints.timeout, transport=transport)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SparqlClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ transport

    def request(self, method: str, url: str, *, once: bool = False, **kwargs: Any) -> httpx.Response:
        """Send with retries (see the module docstring); a 2xx answer, or a 404 for a GSP GET/DELETE.

        :raises RemoteSyntaxError: the server answered 400.
        :raises RemoteStoreError: another 4xx answer, a 5xx one or a transport error after the last retry.
        """
        attempt = 0
        while True:
            try:
                response = self.http.request(method, url, **kwargs)
            except httpx.ConnectError as exc:
                failure: str = f"cannot connect to {url}: {exc}"
            except httpx.TransportError as exc:
                if once:
                    raise RemoteStoreError(
                        f"{method} {url} failed ({type(exc).__name__}: {exc}); not retried"
                    ) from None
                failure = f"{method} {url} failed: {type(exc).__name__}: {exc}"
            else:
                if response.status_code < 400 or (response.status_code == 404 and method in ("GET", "DELETE")):
                    return response
                text = response.text[:500].strip()
                if response.status_code == 400:
                    raise RemoteSyntaxError(f"the server refused the request (400): {text}", 400)
                if response.status_code < 500 or once:
                    raise RemoteStoreError(
                        f"{method} {url} answered {response.status_code}: {text}", response.status_code
                    )
                failure = f"{method} {url} answered {response.status_code}: {text}"
            if attempt >= self.endpoints.retries:
                raise RemoteStoreError(f"{failure} (after {attempt + 1} attempts)")
            time.sleep(BACKOFF * 2**attempt)
            attempt += 1

    # ------------------------------------------------------------ SPARQL 1.1 Query and Update

    def query_request(
        self,
        text: str,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        accept: str = QUERY_ACCEPT,
        extra: Sequence[tuple[str, str]] = (),
    ) -> dict[str, Any]:
        """The arguments of ``httpx`` for a query by POST (form-encoded, the dataset in the form)."""
        form = [("query", text), *_graph_params(default_graphs, named_graphs), *extra]
        return {
            "method": "POST",
            "url": self.endpoints.query_url,
            "data": _form(form),
            "headers": {"Accept": accept},
        }

    def query(
        self,
        text: str,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | RemoteTriples:
        """Run a query; the answer parsed by pyoxigraph.

        :raises RemoteSyntaxError: the server refused the query (400).
        :raises RemoteStoreError: as ``request``, or the answer does not parse, or it is incomplete (504: the
            server stopped the query at its timeout).
        """
        # Accept by query form, and no incomplete "anytime" answer taken for a result (modgraph.store.remote.virtuoso)
        args = self.query_request(text, default_graphs, named_graphs, accept=virtuoso.accept_for(text))
        kwargs: dict[str, Any] = {"timeout": timeout} if timeout is not None else {}
        response = self.request(args.pop("method"), args.pop("url"), **args, **kwargs)
        partial = virtuoso.partial_answer(response)
        if partial is not None:
            raise RemoteStoreError(partial, 504)
        return parse_answer(response)

    def select(self, text: str, **options: Any) -> ox.QuerySolutions:
        """:raises RemoteStoreError: as ``query``, or the answer is not a solution sequence."""
        result = self.query(text, **options)
        if not isinstance(result, ox.QuerySolutions):
            raise RemoteStoreError(f"not a SELECT answer: {text[:80]!r}")
        return result

    def update(self, text: str, *, once: bool = False) -> None:
        """Run a SPARQL Update (form-encoded ``update=``); ``once``: never retried after it was sent.

        :raises RemoteSyntaxError: the server refused it (400).
        :raises RemoteStoreError: as ``request``.
        """
        self.request("POST", self.endpoints.update_url, data={"update": text}, once=once)

    # ------------------------------------------------------------ Graph Store HTTP Protocol

    def get_graph(self, graph: str, rdf_format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> bytes | None:
        """The graph in ``rdf_format`` (None if the server has no such graph).

        :raises RemoteStoreError: as ``request``.
        """
        response = self.request(
            "GET", self.endpoints.gsp_url, params={"graph": graph}, headers={"Accept": rdf_format.media_type}
        )
        return None if response.status_code == 404 else response.content

    def post_graph(self, graph: str, data: bytes, rdf_format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> None:
        """Add triples to the graph (GSP POST: merged into what the graph holds).

        :raises RemoteStoreError: as ``request``.
        """
        self.request(
            "POST",
            self.endpoints.gsp_url,
            params={"graph": graph},
            content=data,
            headers={"Content-Type": rdf_format.media_type},
        )

    def delete_graph(self, graph: str) -> None:
        """Remove the graph (nothing happens if there is none).

        :raises RemoteStoreError: as ``request``.
        """
        self.request("DELETE", self.endpoints.gsp_url, params={"graph": graph})
