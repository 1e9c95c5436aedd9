"""Pictures of the graph, drawn on the server as SVG (no JavaScript): statuses over time, budget lines
(planned, actual, deviation) and key figures (baseline, plan, actual, target, forecast). See README.md.

``queries`` (the SPARQL), ``data`` (what a chart shows, as plain values: also the pages' JSON), ``amounts``
(amounts and numbers written in German or English), ``svg`` (the drawing), ``embed`` (the charts of a
resource page), ``routes`` (``/charts/…``).
"""
