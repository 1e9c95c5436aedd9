"""Whether a SPARQL server federates: a ``SERVICE`` call to a listener on this machine's loopback, and whether
the listener was reached.

The public endpoint cannot switch a remote server's federation off, and pyoxigraph does not expose the parsed
form of a query (so ``SERVICE`` cannot be refused by what the query *is*; refusing by its text would be the
kind of second parser that an attacker's query can disagree with). So ``modgraph serve`` proves before it
serves that the server cannot reach this machine (``require_no_federation``), and refuses to start otherwise.
"""

from __future__ import annotations

import contextlib
import socket
import threading

from modgraph.store.remote.client import RemoteStoreError, SparqlClient


class FederationEnabled(RemoteStoreError):
    """The server made the ``SERVICE`` request of the probe."""


def server_federates(client: SparqlClient, wait: float = 2.0) -> bool:
    """Send ``SELECT * { SERVICE <http://127.0.0.1:PORT/…> { ?s ?p ?o } }`` with PORT a fresh listener here;
    True if the server connected to it (whatever it answered)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(wait)
    port = listener.getsockname()[1]
    reached = threading.Event()

    def accept() -> None:
        with contextlib.suppress(OSError):
            connection, _ = listener.accept()
            reached.set()
            connection.close()

    thread = threading.Thread(target=accept, daemon=True, name="federation-probe")
    thread.start()
    try:
        with contextlib.suppress(RemoteStoreError):  # a server that refuses or fails the SERVICE call is fine
            client.query(
                f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/modgraph-federation-probe> {{ ?s ?p ?o }} }}"
            )
        thread.join(wait)
    finally:
        listener.close()
    return reached.is_set()


def require_no_federation(client: SparqlClient) -> None:
    """:raises FederationEnabled: the server's SERVICE reached a listener on this machine."""
    if server_federates(client):
        raise FederationEnabled(
            f"the SPARQL server behind {client.endpoints.query_url} makes SERVICE requests (it reached a listener "
            "on this machine's loopback): the public endpoint would let anyone make the server send requests. "
            "Run the server without outbound network (e.g. in its own network namespace, or behind a firewall "
            "that drops its outgoing connections) or switch its federation off; modgraph refuses to serve from it"
        )
