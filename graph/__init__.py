"""modgraph: from source documents to a validated, queryable knowledge graph.

Data flows one way: corpus + records -> mapping -> RDF -> validation -> store.
"""
