"""Publishing a complete local build on a SPARQL server, atomically.

1. Leftovers of builds that died while uploading are dropped (their graphs are listed in the staging log graph
   ``urn:modgraph:staging``).
2. Each graph of the build whose checksum differs from the one the served build recorded is named in the
   staging log, then uploaded under a build-specific name (``urn:modgraph:build:<id>/g<n>``) with Graph Store
   Protocol POSTs of N-Triples, ``chunk_bytes`` at most each (the triples with blank nodes of one graph go in one
   request, so that their labels stay one node). A graph with the same checksum is left where it is.
3. The triple counts are counted on the server (staged graphs, and the graphs left in place) and compared with
   ``build.json``; any difference stops here and the staging graphs are dropped: nothing served changed.
4. The switch, guarded by the flag ``urn:modgraph:control#switching`` in the control graph:

   a. the flag is set (one ``INSERT DATA`` request, finished before anything else is sent);
   b. **one** SPARQL Update request: the flag's value changed first (so that this request holds the flag's row
      until it commits, on servers that lock rows), the control graph rewritten to name the new build (its
      ``build.json``, the graphs' checksums, the generation counted up by one), the previous build's graphs that
      the new one lacks dropped, each staging graph MOVEd to its public IRI (``{base}graph/…``);
   c. the flag cleared (one more request), only after (b) has answered.

   Readers (``modgraph.store.remote.store``) take an answer only when the control graph showed the same
   generation without flag just before and just after it: so a query that overlaps any part of (a)–(c) is asked
   again once the flag is gone. This holds whether or not the server shows an update request to concurrent
   readers all at once (the Oxigraph server does, one transaction; Virtuoso at read committed does not: a query
   can see some MOVEs done and others not). Published IRIs stay as they are: the served graphs keep their public
   names (build-specific names would change what ``GRAPH ?g`` and ``STR(?g)`` answer, on which catalogue
   queries rely).

   A writer killed before (a) leaves the served graphs as they were (and staging graphs that the next build
   drops); one killed between (a) and (c) leaves the flag, and readers wait (up to ``SWITCH_WAIT``, then 503)
   until the next publication clears it (``clear_stale_switch``, which runs first and, on a server that locks
   rows, waits for a switch request still running there).

The union of the data graphs is materialised on the server too (``urn:modgraph:union``, the endpoint's default
graph, a set as the embedded store's default graph: the Oxigraph server evaluates a list of default graphs as a
multiset, so a triple two documents state would count twice). It is a graph like the others: staged, counted,
moved, and left in place when unchanged. The switch's cost grows with the triples moved (MOVE is about
2,000–5,000 triples a second on the Oxigraph server of the shared test machine).

The first publication on a server (no control graph yet) uploads into the public graphs themselves (emptied first)
and its switch moves nothing: no reader takes an answer before the control graph names a build, and a build killed
on the way leaves graphs the staging log names, which the next build drops. This spares the MOVE, which costs
more than the upload at ×40 (Oxigraph server: 850 s of 1048) and overflows Virtuoso's transaction log image
(``SR325``) there.

The server keeps no older builds: MOVE leaves none behind (the local ``builds/`` directory keeps them; publishing
an older one again is a rollback). One writer at a time: the local publication lock serialises the builds of one
machine; builds of several machines into one server must be serialised by the operator.

Why this module is long: staging, counting, the delta or MOVE switch and the flag are one protocol whose steps
share the staging log and the control graph's state; split, the guarantee would be spread over several files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict

import pyoxigraph as ox

from modgraph.iris import (
    CONTROL_BUILD,
    CONTROL_CHECKSUMS,
    CONTROL_GENERATION,
    CONTROL_GRAPH,
    CONTROL_INFO,
    CONTROL_SWITCHING,
    STAGING_LOG_GRAPH,
    STAGING_OF,
    STAGING_PREFIX,
    UNION_GRAPH,
)
from modgraph.store.builds import Build, BuildInfo
from modgraph.store.remote.client import RemoteStoreError, SparqlClient
from modgraph.store.remote.store import Control, read_control, served_info, served_state

#: called with the number of triples just uploaded, and the total to upload
Progress = Callable[[int, int], None]


class RemotePublishError(RemoteStoreError):
    """The build was not published on the server (the message says why); what it serves is unchanged."""


def staging_graphs(build_id: str, graphs: list[str]) -> dict[str, str]:
    """Public graph IRI → the staging graph it is uploaded into."""
    return {graph: f"{STAGING_PREFIX}{build_id}/g{i}" for i, graph in enumerate(sorted(graphs))}


def checksum(ntriples: bytes) -> str | None:
    r"""SHA-256 of a graph's N-Triples lines in sorted order; None for a graph with blank nodes (their labels
    differ from dump to dump, so such a graph is always uploaded again).

    >>> checksum(b"<a> <p> <b> .\n<c> <p> <d> .\n") == checksum(b"<c> <p> <d> .\n<a> <p> <b> .\n")
    True
    >>> checksum(b"_:x <p> <b> .\n") is None
    True
    """
    lines = sorted(line for line in ntriples.splitlines() if line.strip())
    if any(b"_:" in line for line in lines):
        return None
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


def chunks(ntriples: bytes, chunk_bytes: int) -> Iterator[tuple[bytes, int]]:
    """N-Triples split into requests, each ending at the first line end at or past ``chunk_bytes``, with their
    triple counts; the lines with a blank node all go into one (the last) chunk, so that a blank node is one node
    on the server.

    >>> data = b"<a> <p> <b> .\\n_:x <p> <c> .\\n<d> <p> _:x .\\n<e> <p> <f> .\\n"
    >>> [(c.count(b"\\n"), n) for c, n in chunks(data, 16)]
    [(2, 2), (2, 2)]
    """
    plain: list[bytes] = []
    size = 0
    blank: list[bytes] = []
    for line in ntriples.splitlines(keepends=True):
        if not line.strip():
            continue
        if b"_:" in line:
            blank.append(line)
            continue
        plain.append(line)
        size += len(line)
        if size >= chunk_bytes:
            yield b"".join(plain), len(plain)
            plain, size = [], 0
    if plain:
        yield b"".join(plain), len(plain)
    if blank:
        yield b"".join(blank), len(blank)


def _iri_list(iris: list[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def drop_leftovers(client: SparqlClient, keep: str | None = None) -> list[str]:
    """Drop the staging graphs the log names (of builds that died uploading), except those of build ``keep``.

    :raises RemoteStoreError: the server cannot be asked or updated.
    """
    rows = client.select(f"SELECT ?b ?g WHERE {{ GRAPH <{STAGING_LOG_GRAPH}> {{ ?b <{STAGING_OF}> ?g }} }}")
    keep_iri = f"{STAGING_PREFIX}{keep}" if keep else None
    found = [(row["b"].value, row["g"].value) for row in rows]
    stale = [(b, g) for b, g in found if b != keep_iri]
    if stale:
        operations = [f"DROP SILENT GRAPH <{g}>" for _, g in stale]
        builds = sorted({b for b, _ in stale})
        operations.append(
            f"DELETE {{ GRAPH <{STAGING_LOG_GRAPH}> {{ ?b ?p ?o }} }} WHERE {{ GRAPH <{STAGING_LOG_GRAPH}> "
            f"{{ ?b ?p ?o }} VALUES ?b {{ {_iri_list(builds)} }} }}"
        )
        client.update(" ;\n".join(operations))
    return [g for _, g in stale]


def _log(client: SparqlClient, build_id: str, staged: list[str]) -> None:
    """Name the staging graphs in the staging log before anything is uploaded into them."""
    marker = f"<{STAGING_PREFIX}{build_id}>"
    triples = " ".join(f"{marker} <{STAGING_OF}> <{g}> ." for g in staged)
    client.update(f"INSERT DATA {{ GRAPH <{STAGING_LOG_GRAPH}> {{ {triples} }} }}")


def _local_graphs(build: Build, info: BuildInfo) -> Iterator[tuple[str, bytes]]:
    """Each named graph of the local build as N-Triples (one graph in memory at a time), then the union of its
    data graphs (``UNION_GRAPH``)."""
    store = build.open_read_only()

    def dump(graph: ox.NamedNode | ox.DefaultGraph) -> bytes:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        assert data is not None  # no output stream given: pyoxigraph returns the bytes
        return data

    for graph in sorted(info.graphs):
        yield graph, dump(ox.NamedNode(graph))
    if info.union_in_default_graph:
        yield UNION_GRAPH, dump(ox.DefaultGraph())
    else:  # a build without the materialised union: the data graphs' triples merged
        lines = {line for g in info.data_graphs for line in dump(ox.NamedNode(g)).splitlines(keepends=True)}
        yield UNION_GRAPH, b"".join(sorted(lines))


def server_counts(client: SparqlClient, graphs: list[str]) -> dict[str, int]:
    """Triples per graph as the server counts them (graphs it lacks are 0).

    :raises RemoteStoreError: the server cannot be asked.
    """
    rows = client.select(
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {_iri_list(graphs)} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
    )
    counts = dict.fromkeys(graphs, 0)
    counts.update({row["g"].value: int(row["n"].value) for row in rows})
    return counts


#: the update that removes the switching flag (whatever its value)
CLEAR_FLAG = f"DELETE WHERE {{ GRAPH <{CONTROL_GRAPH}> {{ <{CONTROL_GRAPH}> <{CONTROL_SWITCHING}> ?flag }} }}"


def set_flag(build_id: str) -> str:
    """The update that sets the switching flag before a switch to ``build_id``."""
    return f"INSERT DATA {{ GRAPH <{CONTROL_GRAPH}> {{ <{CONTROL_GRAPH}> <{CONTROL_SWITCHING}> {ox.Literal(build_id)} }} }}"


def clear_stale_switch(client: SparqlClient, attempts: int = 50) -> bool:
    """Clear a switching flag left by a writer that died during its switch (→ whether there was one).

    The flag's row is deleted; on a server that locks rows, a switch request of that writer still running there
    holds it, so the delete waits for that request to commit (its own flag value is then deleted by the next
    round). Asked again until the control graph shows no flag.

    :raises RemoteStoreError: the server cannot be asked or updated, or the flag is still there after
        ``attempts`` rounds.
    """
    for attempt in range(attempts):
        if not served_state(client).switching:
            return attempt > 0
        client.update(CLEAR_FLAG)
        if attempt:
            time.sleep(0.2)
    raise RemoteStoreError(f"the switching flag in <{CONTROL_GRAPH}> could not be cleared")


def switch_update(info: BuildInfo, staging: dict[str, str], checksums: dict[str, str], previous: Control | None) -> str:
    """The one update request that makes the staged build the served one (see the module docstring, 4b): the
    flag touched first, then the control graph, the old graphs dropped, the staged ones moved."""
    served = json.dumps(asdict(served_info(info)), ensure_ascii=False)
    sums = json.dumps(checksums, sort_keys=True)
    generation = (previous.generation if previous else 0) + 1
    control = f"<{CONTROL_GRAPH}>"
    operations = [
        CLEAR_FLAG,
        f"INSERT DATA {{ GRAPH {control} {{ {control} <{CONTROL_SWITCHING}> {ox.Literal(info.id + ' moving')} }} }}",
        f"DELETE {{ GRAPH {control} {{ {control} ?p ?o }} }} WHERE {{ GRAPH {control} {{ {control} ?p ?o "
        f"FILTER(?p != <{CONTROL_SWITCHING}>) }} }}",
        f"INSERT DATA {{ GRAPH {control} {{ {control} <{CONTROL_BUILD}> {ox.Literal(info.id)} ; "
        f"<{CONTROL_INFO}> {ox.Literal(served)} ; <{CONTROL_CHECKSUMS}> {ox.Literal(sums)} ; "
        f"<{CONTROL_GENERATION}> {generation} }} }}",
    ]
    operations += [
        f"DROP SILENT GRAPH <{g}>" for g in sorted(previous.info.graphs if previous else ()) if g not in info.graphs
    ]
    operations += [
        f"MOVE SILENT GRAPH <{staged}> TO GRAPH <{public}>" for public, staged in staging.items() if staged != public
    ]
    operations.append(f"DELETE WHERE {{ GRAPH <{STAGING_LOG_GRAPH}> {{ <{STAGING_PREFIX}{info.id}> ?p ?o }} }}")
    return " ;\n".join(operations)


def publish_remote(
    client: SparqlClient,
    build: Build,
    *,
    chunk_bytes: int = 8 * 2**20,
    progress: Progress | None = None,
    before_switch: Callable[[], None] | None = None,
) -> Control:
    """Publish the complete local ``build`` on the server (see the module docstring); → the new control state.

    :param progress: called with the triples of each uploaded chunk and the total to upload
    :param before_switch: called after the counts were verified, just before the switch (tests)
    :raises RemotePublishError: the counts on the server differ from ``build.json``, or the switch failed;
        nothing served changed.
    :raises RemoteStoreError: the server failed or could not be reached before the switch; nothing served changed.
    """
    info = build.info
    clear_stale_switch(client)
    previous = read_control(client)
    drop_leftovers(client)
    served_sums = previous.checksums if previous is not None else {}
    checksums: dict[str, str] = {}
    staging: dict[str, str] = {}
    names = staging_graphs(info.id, [*info.graphs, UNION_GRAPH])
    if previous is None:  # nothing is served yet: upload into the public graphs themselves, no MOVE at the switch
        names = {public: public for public in names}
        client.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in sorted(names)))
    expected = dict(info.graphs)
    logged = False
    try:
        for public, data in _local_graphs(build, info):
            if public == UNION_GRAPH:
                expected[UNION_GRAPH] = data.count(b"\n")
            digest = checksum(data)
            if digest is not None:
                checksums[public] = digest
                if served_sums.get(public) == digest:
                    continue  # the served graph is this one already: left in place
            staged = names[public]
            if not logged:
                _log(client, info.id, list(names.values()))
                logged = True
            staging[public] = staged
            for chunk, n in chunks(data, chunk_bytes):
                client.post_graph(staged, chunk)
                if progress is not None:
                    progress(n, 2 * info.triples)  # about: the graphs, and the union of the data graphs
        _verify(client, expected, staging)
        if before_switch is not None:
            before_switch()
        client.update(set_flag(info.id), once=True)  # readers wait from here on (4a)
    except BaseException:
        with contextlib.suppress(RemoteStoreError):  # the next build drops them otherwise
            drop_leftovers(client)
            client.update(CLEAR_FLAG)
        raise
    try:
        client.update(switch_update(info, staging, checksums, previous), once=True)
    except RemoteStoreError as exc:
        now = read_control(client)
        if now is None or now.build_id != info.id:
            with contextlib.suppress(RemoteStoreError):
                drop_leftovers(client)
                clear_stale_switch(client)
            raise RemotePublishError(
                f"the switch to build {info.id} failed; the server still serves the old one: {exc}"
            ) from None
        clear_stale_switch(client)
        return now
    client.update(CLEAR_FLAG)  # (4c): only now may readers take answers of the new build
    generation = (previous.generation if previous else 0) + 1
    return Control(info.id, served_info(info), checksums, generation)


def _verify(client: SparqlClient, expected: dict[str, int], staging: dict[str, str]) -> None:
    """:raises RemotePublishError: a staged graph, or one left in place, holds another number of triples on the
    server than the build (``build.json``; the union: the local dump's lines)."""
    where = {public: staging.get(public, public) for public in expected}
    counted = server_counts(client, sorted(where.values()))
    wrong = {
        public: (counted[graph], expected[public])
        for public, graph in where.items()
        if counted[graph] != expected[public]
    }
    if wrong:
        raise RemotePublishError(
            "the server holds other triple counts than the build: "
            + ", ".join(f"{g}: {got} instead of {want}" for g, (got, want) in sorted(wrong.items()))
        )
