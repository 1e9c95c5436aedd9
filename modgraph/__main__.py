"""``python -m modgraph`` runs the command line, like the ``modgraph`` script."""

from modgraph.cli import main

main()
