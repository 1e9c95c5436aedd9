"""The published build on a SPARQL server, as readers see it: the control graph, ``RemoteStore`` (the store
protocol over the server) and ``RemoteReader`` (``CurrentReader``'s counterpart).

The control graph ``urn:modgraph:control`` names the published build, holds its ``build.json``, counts the
switches made (``#generation``) and, while a publication switches, carries the flag ``#switching``. A reader
asks for that state on every ``get()`` (one small query; the ``build.json`` is read again only when the build
changed) and **checks it again after every query** (``RemoteStore``): an answer counts only when the state before
and after it is the same unflagged generation, otherwise it is asked again once the switch is over. This makes
the switch atomic for readers on servers whose update requests are not atomic to concurrent readers (Virtuoso at
read committed lets a query see a MOVE half applied): a writer sets the flag (one request, finished) before the
switch request and clears it (one more request) only after the switch request has finished, so any query that
overlaps any part of a switch sees the flag, or another generation, before or after it (see
``modgraph.store.remote.publication``).

Why this module is long: the control graph's state, the guard that checks it around every answer and the two
readers that use the guard (``RemoteStore``, ``RemoteReader``) belong together: split apart, the guard's
before/after contract would be spread over modules that each see half of it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pyoxigraph as ox

from modgraph.iris import (
    CONTROL_BUILD,
    CONTROL_CHECKSUMS,
    CONTROL_GENERATION,
    CONTROL_GRAPH,
    CONTROL_INFO,
    CONTROL_SWITCHING,
    UNION_GRAPH,
)
from modgraph.settings import Settings
from modgraph.store.builds import Build, BuildInfo, StoreError, StoreLocation
from modgraph.store.default_graph import as_nquads
from modgraph.store.remote.client import Endpoints, RemoteStoreError, RemoteTriples, SparqlClient
from modgraph.store.remote.virtuoso import with_base

#: the served state: each of its triples on a row of its own (a half-committed switch shows as several build ids
#: or none next to a flag, never as a plausible state)
STATE_QUERY = (
    f"SELECT ?id ?generation ?switching WHERE {{ GRAPH <{CONTROL_GRAPH}> {{ {{ <{CONTROL_GRAPH}> <{CONTROL_BUILD}> ?id }}"
    f" UNION {{ <{CONTROL_GRAPH}> <{CONTROL_GENERATION}> ?generation }}"
    f" UNION {{ <{CONTROL_GRAPH}> <{CONTROL_SWITCHING}> ?switching }} }} }}"
)
INFO_QUERY = (
    f"SELECT ?id ?info ?checksums ?generation WHERE {{ GRAPH <{CONTROL_GRAPH}> "
    f"{{ <{CONTROL_GRAPH}> <{CONTROL_BUILD}> ?id ; <{CONTROL_INFO}> ?info "
    f"OPTIONAL {{ <{CONTROL_GRAPH}> <{CONTROL_CHECKSUMS}> ?checksums }} "
    f"OPTIONAL {{ <{CONTROL_GRAPH}> <{CONTROL_GENERATION}> ?generation }} }} }}"
)
#: how long a reader waits for a switch to end before it answers 503 (seconds)
SWITCH_WAIT = 60.0
T = TypeVar("T")


class SwitchInProgress(RemoteStoreError):
    """A publication is switching the served build (or switched it during the request): ask again."""

    def __init__(self, message: str):
        super().__init__(message, status=503)


class BuildChanged(SwitchInProgress):
    """The server serves another build than the one a request began with: ask again (from the control graph)."""


@dataclass(frozen=True)
class ServedState:
    """What the control graph says about the served build at one moment."""

    build_id: str | None  # None: nothing published yet (or, with ``switching``, a switch half visible)
    generation: int = 0
    switching: bool = False

    @property
    def stable(self) -> bool:
        """A build is served and no switch is under way."""
        return self.build_id is not None and not self.switching


def state_of(rows: list[dict[str, str | None]]) -> ServedState:
    """The state from ``STATE_QUERY``'s rows (values as strings): several build ids or generations, or a
    generation without a build, are a switch half visible (``switching``).

    >>> state_of([{"id": "b1"}, {"generation": "3"}])
    ServedState(build_id='b1', generation=3, switching=False)
    >>> state_of([{"id": "b1"}, {"id": "b2"}, {"generation": "3"}]).switching
    True
    >>> state_of([{"generation": "4"}]).switching
    True
    >>> state_of([{"id": "b1"}, {"generation": "3"}, {"switching": "b2"}]).stable
    False
    >>> state_of([])
    ServedState(build_id=None, generation=0, switching=False)
    """
    ids = {row["id"] for row in rows if row.get("id") is not None}
    generations = {row["generation"] for row in rows if row.get("generation") is not None}
    flagged = any(row.get("switching") is not None for row in rows)
    if not ids and not generations and not flagged:
        return ServedState(None)
    if len(ids) != 1 or len(generations) > 1:
        return ServedState(None, switching=True)
    generation = int(str(next(iter(generations)))) if generations else 0
    return ServedState(next(iter(ids)), generation, flagged)


def served_state(client: SparqlClient) -> ServedState:
    """The control graph's state now (one small query).

    :raises RemoteStoreError: the server cannot be asked.
    """
    rows = client.select(STATE_QUERY)
    return state_of(
        [{k: (row[k].value if row[k] is not None else None) for k in ("id", "generation", "switching")} for row in rows]
    )


def wait_stable(client: SparqlClient, wait: float = SWITCH_WAIT) -> ServedState:
    """The state once no switch is under way (polled, 0.05 s doubling to 0.5 s); a state without build (nothing
    published) is returned as it is.

    :raises SwitchInProgress: the switch did not end within ``wait`` seconds.
    :raises RemoteStoreError: the server cannot be asked.
    """
    deadline = time.monotonic() + wait
    pause = 0.05
    while True:
        state = served_state(client)
        if not state.switching:
            return state
        if time.monotonic() + pause > deadline:
            raise SwitchInProgress(
                f"a publication has been switching the served build for {wait:g} s (flag <{CONTROL_SWITCHING}> in "
                f"<{CONTROL_GRAPH}>); try again later"
            )
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def current_build_id(client: SparqlClient) -> str | None:
    """The id of the build the server serves once no switch is under way (None: nothing published there yet).

    :raises RemoteStoreError: the server cannot be asked, or a switch did not end in time.
    """
    return wait_stable(client).build_id


@dataclass(frozen=True)
class Control:
    """What the control graph says: the published build and its ``build.json``."""

    build_id: str
    info: BuildInfo
    #: graph IRI -> checksum of its triples (``modgraph.store.remote.publication.checksum``): a graph whose
    #: checksum a new build shares is left in place instead of uploaded again
    checksums: dict[str, str] = field(default_factory=dict)
    #: the number of switches made on this server (``#generation``; 0 before modgraph counted them)
    generation: int = 0


def served_info(info: BuildInfo) -> BuildInfo:
    """A build's info as served by the server: the union of its data graphs is materialised there (in
    ``urn:modgraph:union``, named by ``default-graph-uri``)."""
    return BuildInfo(**{**info.__dict__, "union_in_default_graph": True})


def read_control(client: SparqlClient) -> Control | None:
    """The control graph (None: nothing published there yet).

    :raises SwitchInProgress: the control graph is half rewritten (a switch running on a server that shows an
        update to readers before it ends: Virtuoso at read committed); ask again
    :raises RemoteStoreError: the server cannot be asked, or the control graph is not what modgraph writes.
    """
    rows = list(client.select(INFO_QUERY))
    if not rows:
        return None
    if len(rows) > 1:
        raise RemoteStoreError(f"the control graph <{CONTROL_GRAPH}> names {len(rows)} builds, not one")
    row = rows[0]
    if row["id"] is None or row["info"] is None:  # Virtuoso, read committed: a switch rewriting it right now
        raise SwitchInProgress(f"the control graph <{CONTROL_GRAPH}> is being rewritten by a switch")
    try:
        info = BuildInfo(**json.loads(row["info"].value))
        checksums = json.loads(row["checksums"].value) if row["checksums"] is not None else {}
        generation = int(row["generation"].value) if row["generation"] is not None else 0
    except (TypeError, ValueError) as exc:
        raise RemoteStoreError(f"the control graph's build.json does not read: {exc}") from None
    return Control(row["id"].value, served_info(info), checksums, generation)


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

    Every answer is checked against the control graph (``guarded``): asked again while a switch is under way,
    ``SwitchInProgress`` when the server serves another build than ``info``'s by now.
    """

    def __init__(
        self,
        client: SparqlClient,
        info: BuildInfo,
        timeout: float | None = None,
        state: ServedState | None = None,
        switch_wait: float = SWITCH_WAIT,
    ):
        self.client = client
        self.info = info
        self.timeout = timeout
        self.switch_wait = switch_wait
        self._state = state if state is not None and state.stable else None  # the last state seen, if stable
        self.asked_again = 0  # answers not taken because a switch overlapped them

    def guarded(self, run: Callable[[], T]) -> T:
        """``run()`` (which reads the server) answered only if the served state was the same stable generation of
        this build just before and just after it; otherwise run again once the switch is over.

        :raises SwitchInProgress: the server serves another build by now, or the switch did not end in time.
        :raises RemoteStoreError: as ``run`` and ``served_state``.
        """
        deadline = time.monotonic() + self.switch_wait
        while True:
            before = self._state or wait_stable(self.client, max(0.0, deadline - time.monotonic()))
            if before.build_id != self.info.id:
                self._state = None
                raise BuildChanged(f"the server serves build {before.build_id} now, not {self.info.id}: ask again")
            result = run()
            after = served_state(self.client)
            if after == before:
                self._state = after  # also the state "just before" the next call
                return result
            self._state = None
            self.asked_again += 1
            if time.monotonic() > deadline:
                raise SwitchInProgress(f"the served build kept switching for {self.switch_wait:g} s; ask again")

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
        text = with_base(query, base_iri)
        return self.guarded(lambda: self.client.query(text, defaults, named, timeout=self.timeout))

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
            data = self.guarded(
                lambda: b"".join(
                    as_nquads(g, self.client.get_graph(g, ox.RdfFormat.N_TRIPLES) or b"")
                    for g in sorted(self.info.graphs)
                )
            )
        else:
            graph = _graph_names(from_graph, self.info)[0]
            data = self.guarded(lambda: self.client.get_graph(graph, rdf_format) or b"")
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
        rows = self.guarded(
            lambda: list(
                self.client.select(
                    f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
                )
            )
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
        self.timeout: float | None = settings.query_timeout
        self.switch_wait = SWITCH_WAIT
        self._control: Control | None = None
        self._state: ServedState | None = None

    @classmethod
    def at(cls, location: StoreLocation, client: SparqlClient, timeout: float | None = None) -> RemoteReader:
        """A reader of the server ``client`` asks, with the local builds in ``location`` (no settings needed)."""
        reader = cls.__new__(cls)
        reader.location, reader.client, reader.timeout = location, client, timeout
        reader.switch_wait, reader._control, reader._state = SWITCH_WAIT, None, None
        return reader

    def control(self) -> Control:
        """The control graph's build (once no switch is under way), its ``build.json`` read again only when the
        build changed.

        :raises StoreError: nothing has been published on the server yet, it cannot be asked, or a switch did not
            end in time.
        """
        try:
            for _ in range(5):  # the build.json read is of the state's build (a switch may fall in between)
                state = wait_stable(self.client, self.switch_wait)
                if state.build_id is None or (self._control is not None and self._control.build_id == state.build_id):
                    break
                self._control = read_control(self.client)
                if self._control is not None and self._control.build_id == state.build_id:
                    break
            else:
                raise SwitchInProgress("the served build kept changing while its build.json was read; ask again")
        except RemoteStoreError as exc:
            raise StoreError(f"the SPARQL server cannot be read: {exc}") from None
        if state.build_id is None or self._control is None:
            raise StoreError(
                f"no graph has been published on {self.client.endpoints.query_url} yet: run `modgraph build`"
            )
        self._state = state
        return self._control

    def get(self) -> tuple[Build, BuildInfo, RemoteStore]:
        """:raises StoreError: as ``control``."""
        control = self.control()
        build = Build(self.location.builds_dir / control.build_id)
        store = RemoteStore(self.client, control.info, self.timeout, self._state, self.switch_wait)
        return build, control.info, store

    def query(self, sparql: str, **options: Any) -> Any:
        """Query with the union of the data graphs as default graph.

        :raises StoreError: as ``control``.
        :raises RemoteStoreError: as ``RemoteStore.query``.
        """
        _, _, store = self.get()
        return store.query(sparql, **options)
