"""Child process of the atomicity test: publish one local build on a server, then say so.

python -m tests.remote.publish_child BUILD_DIR QUERY_URL UPDATE_URL GSP_URL CHUNK_BYTES
"""

from __future__ import annotations

import sys
from pathlib import Path

from modgraph.store.builds import Build
from modgraph.store.remote import Endpoints, SparqlClient, publish_remote

if __name__ == "__main__":
    build_dir, query_url, update_url, gsp_url, chunk = sys.argv[1:6]
    with SparqlClient(Endpoints(query_url, update_url, gsp_url)) as client:
        control = publish_remote(client, Build(Path(build_dir)), chunk_bytes=int(chunk))
    print(f"published {control.build_id}", flush=True)
