"""Child process of the atomicity test: publish one local build on a server, then say so.

python -m tests.remote.publish_child BUILD_DIR QUERY_URL UPDATE_URL GSP_URL CHUNK_BYTES [USER PASSWORD AUTH]
"""

from __future__ import annotations

import sys
from pathlib import Path

from modgraph.store.builds import Build
from modgraph.store.remote import Endpoints, SparqlClient, publish_remote

if __name__ == "__main__":
    build_dir, query_url, update_url, gsp_url, chunk = sys.argv[1:6]
    user, password, auth = sys.argv[6:9] if len(sys.argv) > 8 else (None, None, "basic")
    endpoints = Endpoints(query_url, update_url, gsp_url, user=user, password=password, auth=auth)
    with SparqlClient(endpoints) as client:
        control = publish_remote(client, Build(Path(build_dir)), chunk_bytes=int(chunk))
    print(f"published {control.build_id}", flush=True)
