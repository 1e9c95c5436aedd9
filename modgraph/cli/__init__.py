"""The ``modgraph`` command line (``modgraph --help``); the top layer, above the web app and the pipeline."""

from modgraph.cli.main import app, main

__all__ = ["app", "main"]
