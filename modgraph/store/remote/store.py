"""The published build on a SPARQL server, as readers see it: the control graph, ``RemoteStore`` (the store
protocol over the server) and ``RemoteReader`` (``CurrentReader``'s counterpart).

The control graph ``urn:modgraph:control`` names the published build and holds its ``build.json``; a reader
asks for the build id on every ``get()`` (one small query) and reads the ``build.json`` again only when the id
changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from modgraph.iris import CONTROL_BUILD, CONTROL_CHECKSUMS, CONTROL_GRAPH, CONTROL_INFO, UNION_GRAPH
from modgraph.settings import Settings
from modgraph.store.builds import Build, BuildInfo, StoreError, StoreLocation
from modgraph.store.default_graph import as_nquads
from modgraph.store.remote.client import Endpoints, RemoteStoreError, RemoteTriples, SparqlClient

BUILD_ID_QUERY = f"SELECT ?id WHERE {{ GRAPH <{CONTROL_GRAPH}> {{ <{CONTROL_GRAPH}> <{CONTROL_BUILD}> ?id }} }}"
INFO_QUERY = (
    f"SELECT ?id ?info ?checksums WHERE {{ GRAPH <{CONTROL_GRAPH}> "
    f"{{ <{CONTROL_GRAPH}> <{CONTROL_BUILD}> ?id ; <{CONTROL_INFO}> ?info "
    f"OPTIONAL {{ <{CONTROL_GRAPH}> <{CONTROL_CHECKSUMS}> ?checksums }} }} }}"
)


@dataclass(frozen=True)
class Control:
    """What the control graph says: the published build and its ``build.json``."""

    build_id: str
    info: BuildInfo
    #: graph IRI -> checksum of its triples (``modgraph.store.remote.publication.checksum``): a graph whose
    #: checksum a new build shares is left in place instead of uploaded again
    checksums: dict[str, str] = field(default_factory=dict)


def served_info(info: BuildInfo) -> BuildInfo:
    """A build's info as served by the server: the union of its data graphs is materialised there (in
    ``urn:modgraph:union``, named by ``default-graph-uri``)."""
    return BuildInfo(**{**info.__dict__, "union_in_default_graph": True})


def current_build_id(client: SparqlClient) -> str | None:
    """The id of the build the server serves (None: nothing published there yet).

    :raises RemoteStoreError: the server cannot be asked.
    """
    rows = list(client.select(BUILD_ID_QUERY))
    if len(rows) > 1:
        raise RemoteStoreError(f"the control graph <{CONTROL_GRAPH}> names {len(rows)} builds, not one")
    return rows[0]["id"].value if rows else None


def read_control(client: SparqlClient) -> Control | None:
    """The control graph (None: nothing published there yet).

    :raises RemoteStoreError: the server cannot be asked, or the control graph is not what modgraph writes.
    """
    rows = list(client.select(INFO_QUERY))
    if not rows:
        return None
    if len(rows) > 1:
        raise RemoteStoreError(f"the control graph <{CONTROL_GRAPH}> names {len(rows)} builds, not one")
    row = rows[0]
    try:
        info = BuildInfo(**json.loads(row["info"].value))
        checksums = json.loads(row["checksums"].value) if row["checksums"] is not None else {}
    except (TypeError, ValueError) as exc:
        raise RemoteStoreError(f"the control graph's build.json does not read: {exc}") from None
    return Control(row["id"].value, served_info(info), checksums)


def _graph_names(term: Any, info: BuildInfo) -> list[str]:
    """The IRIs of a dataset argument; the default graph stands for the union graph (as in the embedded store,
    whose default graph holds that union materialised).

    :raises ValueError: a blank node (a remote dataset can only name graphs by IRI).
    """
    if isinstance(term, ox.DefaultGraph):
        return [UNION_GRAPH]
    if isinstance(term, ox.NamedNode):
        return [term.value]
    raise ValueError(f"a remote dataset names graphs by IRI, not {term!r}")


class RemoteStore:
    """The store protocol (``modgraph.store.protocol.GraphStore``) over one published build on a server.

    A query without dataset arguments sees the build's dataset: the union graph (its data graphs' triples) as
    its default graph, the build's named graphs (never the control or staging graphs) for ``GRAPH``. A dataset
    argument names graphs as in pyoxigraph, ``DefaultGraph()`` standing for the union graph.
    """

    def __init__(self, client: SparqlClient, info: BuildInfo, timeout: float | None = None):
        self.client = client
        self.info = info
        self.timeout = timeout

    def query(
        self,
        query: str,
        *,
        base_iri: str | None = None,
        default_graph: Any = None,
        named_graphs: Sequence[Any] | None = None,
        use_default_graph_as_union: bool = False,
    ) -> ox.QuerySolutions | ox.QueryBoolean | RemoteTriples:
        """Run the query on the server (see the class docstring).

        :raises RemoteSyntaxError: the server refused it as malformed.
        :raises RemoteStoreError: as ``SparqlClient.query``.
        :raises ValueError: ``use_default_graph_as_union`` (the union of every graph on the server would
            include the control and staging graphs) or a blank node as a graph name.
        """
        if use_default_graph_as_union:
            raise ValueError("a remote store's default graph is the union of the data graphs already")
        items = [ox.DefaultGraph()] if default_graph is None else default_graph
        defaults = [
            g for item in (items if isinstance(items, list) else [items]) for g in _graph_names(item, self.info)
        ]
        if named_graphs is None:
            named = sorted(self.info.graphs)
        else:
            named = [g for item in named_graphs for g in _graph_names(item, self.info)]
        text = f"BASE <{base_iri}>\n{query}" if base_iri else query
        return self.client.query(text, defaults, named, timeout=self.timeout)

    def dump(self, output: Any = None, format: ox.RdfFormat | None = None, *, from_graph: Any = None) -> bytes | None:
        """One graph in ``format`` (``from_graph``; ``DefaultGraph()``: the union graph), or every named graph of
        the build as N-Quads (``from_graph`` None). ``output``: a binary file to write to instead.

        :raises ValueError: no ``from_graph`` and a format other than N-Quads.
        :raises RemoteStoreError: as ``SparqlClient.get_graph``.
        """
        rdf_format = format or ox.RdfFormat.N_QUADS
        if from_graph is None:
            if rdf_format != ox.RdfFormat.N_QUADS:
                raise ValueError("a remote store dumps the whole dataset as N-Quads only; name a graph otherwise")
            data = b"".join(
                as_nquads(g, self.client.get_graph(g, ox.RdfFormat.N_TRIPLES) or b"") for g in sorted(self.info.graphs)
            )
        else:
            data = self.client.get_graph(_graph_names(from_graph, self.info)[0], rdf_format) or b""
        if output is None:
            return data
        output.write(data)
        return None

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        return iter([ox.NamedNode(g) for g in sorted(self.info.graphs)])

    def __len__(self) -> int:
        """Quads of the build's named graphs on the server, counted there.

        :raises RemoteStoreError: as ``SparqlClient.query``.
        """
        values = " ".join(f"<{g}>" for g in sorted(self.info.graphs))
        rows = list(
            self.client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
        )
        return int(rows[0]["n"].value)


def open_client(settings: Settings) -> SparqlClient | None:
    """A client for the server the settings name (None: the embedded store is used).

    :raises StoreError: the settings name an incomplete set of URLs.
    """
    try:
        endpoints = Endpoints.from_settings(settings)
    except ValueError as exc:
        raise StoreError(str(exc)) from None
    return SparqlClient(endpoints) if endpoints is not None else None


class RemoteReader:
    """The published build on the server, for in-process readers (pages, catalogue, tables, deps).

    ``get()`` gives what ``CurrentReader.get()`` gives: the local build directory of that id (``build.json``,
    downloads and ``validation.json`` written by the build, where this machine has them), the build's info as the
    server serves it (read from the control graph), and a ``RemoteStore``.
    """

    def __init__(self, settings: Settings, client: SparqlClient):
        self.location = StoreLocation(settings.store)
        self.client = client
        self.timeout = settings.query_timeout
        self._control: Control | None = None

    def control(self) -> Control:
        """The control graph's build, read again only when its id changed.

        :raises StoreError: nothing has been published on the server yet, or it cannot be asked.
        """
        try:
            build_id = current_build_id(self.client)
            if build_id is not None and (self._control is None or self._control.build_id != build_id):
                self._control = read_control(self.client)
        except RemoteStoreError as exc:
            raise StoreError(f"the SPARQL server cannot be read: {exc}") from None
        if build_id is None or self._control is None:
            raise StoreError(
                f"no graph has been published on {self.client.endpoints.query_url} yet: run `modgraph build`"
            )
        return self._control

    def get(self) -> tuple[Build, BuildInfo, RemoteStore]:
        """:raises StoreError: as ``control``."""
        control = self.control()
        build = Build(self.location.builds_dir / control.build_id)
        return build, control.info, RemoteStore(self.client, control.info, self.timeout)

    def query(self, sparql: str, **options: Any) -> Any:
        """Query with the union of the data graphs as default graph.

        :raises StoreError: as ``control``.
        :raises RemoteStoreError: as ``RemoteStore.query``.
        """
        _, _, store = self.get()
        return store.query(sparql, **options)
