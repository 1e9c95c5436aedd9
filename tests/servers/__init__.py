"""Real SPARQL 1.1 servers for the tests, started on free loopback ports in temporary directories and stopped
by PID: ``base.SparqlServer`` (the common part) and one module per server (``oxigraph_server``, ...)."""
