"""A SPARQL 1.1 server as the store: build locally, publish there atomically, read through the protocols.

Selected by ``MODGRAPH_STORE_URL`` (the Oxigraph server's base URL, from which ``/query``, ``/update`` and
``/store`` follow) or the per-protocol settings ``MODGRAPH_STORE_QUERY_URL``, ``…_UPDATE_URL``, ``…_GSP_URL``;
``MODGRAPH_STORE_USER``, ``…_PASSWORD`` and ``…_AUTH`` (``basic`` or ``digest``) authenticate. Without them
modgraph uses the embedded store and nothing here runs.

The modules:

``client``       ``SparqlClient``: SPARQL 1.1 Query, Update and the Graph Store HTTP Protocol over httpx,
                 answers parsed by pyoxigraph, timeouts, retries with back-off (``Endpoints`` from the settings)
``store``        the control graph, ``RemoteStore`` (the store protocol, ``modgraph.store.protocol``, over the
                 published build) and ``RemoteReader`` (``CurrentReader``'s counterpart for pages and deps)
``publication``  ``publish_remote``: a complete local build uploaded under build-specific graph names, counted
                 on the server, then switched in one update request between setting and clearing a flag

What lives where:

- **The build** is made and validated exactly as with the embedded store: a local draft under
  ``MODGRAPH_STORE`` (``builds/<id>/`` keeps ``build.json``, the store, ``downloads/`` and
  ``validation.json``), published locally, and only then published on the server (``publish_remote``).
  A build whose validation fails publishes nothing anywhere.
- **On the server**: the public graphs (``{base}graph/<name>``, exactly as in the embedded store), the union of
  the data graphs in ``urn:modgraph:union`` (the endpoint's default graph), the control graph
  ``urn:modgraph:control`` (the served build's id and ``build.json``) and, while a build uploads, its staging
  graphs ``urn:modgraph:build:<id>/…`` listed in ``urn:modgraph:staging``.
- **Readers** (the API, pages, catalogue, tables, dependency projection) ask the control graph for the build id
  on every request (one small query; the ``build.json`` is read again only when the id changes) and query with an
  explicit dataset: ``default-graph-uri=urn:modgraph:union`` and one ``named-graph-uri`` per graph of the build,
  so that the control and staging graphs are never part of an answer. A query with its own ``FROM`` / ``FROM
  NAMED`` is sent without protocol dataset (the query's own is used, as in the embedded store).

Guarantees (tested against a real Oxigraph server and Virtuoso 7 in ``tests/remote/``):

- A reader sees the complete old or the complete new build, on any server: every answer is taken only when the
  control graph's state just before and just after it is the same generation of the reader's build without the
  switching flag (``store``), and the writer sets the flag before its switch request and clears it after
  (``publication``). A build killed before the switch leaves what is served unchanged (its staging graphs are
  dropped by the next build); one killed during the switch leaves the flag, readers wait, the next build clears it.
- The triple counts of every graph are verified on the server before the switch.
- The public endpoint never sends an update to the server: it parses each query with pyoxigraph first (a text
  that is not a query is refused, 403), and only the query URL is ever asked. The server's own federation
  (``SERVICE``) cannot be switched off from here: ``modgraph serve`` on the remote path first checks that the
  server cannot reach a listener on this machine's loopback through ``SERVICE`` and refuses to start otherwise
  (run the server without outbound network, as ``tests/servers/`` does).

Replication and clusters: the check needs one reader's requests to see the server's commits in order (monotonic
reads): a single server, a primary, sticky sessions to one replica, or linearizable reads. Point
``MODGRAPH_STORE_QUERY_URL`` of every web node at such an endpoint. An asynchronous replica serves the previous
build until it has caught up (no read-your-writes: read from the primary where a build must show at once). The
build (``modgraph build``) must talk to the primary.
"""

from modgraph.store.remote.client import Endpoints, RemoteStoreError, RemoteSyntaxError, RemoteTriples, SparqlClient
from modgraph.store.remote.publication import RemotePublishError, publish_remote
from modgraph.store.remote.store import (
    BuildChanged,
    Control,
    RemoteReader,
    RemoteStore,
    ServedState,
    SwitchInProgress,
    open_client,
    read_control,
    served_state,
)

__all__ = [
    "BuildChanged",
    "Control",
    "Endpoints",
    "RemotePublishError",
    "RemoteReader",
    "RemoteStore",
    "RemoteStoreError",
    "RemoteSyntaxError",
    "RemoteTriples",
    "ServedState",
    "SparqlClient",
    "SwitchInProgress",
    "open_client",
    "publish_remote",
    "read_control",
    "served_state",
]
