"""modgraph on a remote SPARQL 1.1 server (``modgraph.store.remote``), tested against real servers."""
