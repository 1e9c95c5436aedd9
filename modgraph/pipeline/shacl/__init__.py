"""SHACL validation on the Oxigraph store: shapes compiled once (``compile``), run on a store (``run``).

``modgraph.pipeline.validation.validate_store`` is the entry point; README.md beside this file
describes the design, what is covered and where the results differ from pyshacl.
"""
