"""The SPARQL of the charts, as templates filled by ``page_queries.fill`` (``$values``: the IRIs a chart is
about; an empty ``VALUES`` block is never sent, ``data`` leaves the block out for "everything").

Every required pattern comes before the first ``OPTIONAL``; an ``OPTIONAL`` is one pattern, or one pattern with
its own nested ones (the line of a passage only if there is a passage: an unbound ``?passage`` in a pattern of
its own would match every passage of the graph), so that the cost follows the answer (``modgraph/queries/README.md``).
"""

from __future__ import annotations

from string import Template

from modgraph.iris import sparql_prefixes

_PREFIXES = sparql_prefixes(
    ["rdfs", "skos", "prov", "mg", "schema", "sdmx-dimension", "sdmx-measure", "sdmx-attribute"]
)


def _q(text: str) -> str:
    return _PREFIXES + "\n" + text.strip()


def scoped(query: str, scope: str) -> Template:
    """The query with its ``$scope`` pattern written in (the scope's own ``$node`` is filled later)."""
    return Template(query.replace("$scope", scope))


#: ``$scope``: a pattern binding ``?thing`` (or nothing: every status assertion)
STATUS_HISTORY = _q("""
SELECT ?thing ?assertion ?status ?start ?end ?precision ?wording ?said ?notation ?doc ?passage ?pline ?programme WHERE {
  $scope
  ?assertion mg:statusOf ?thing ; a mg:StatusAssertion ; mg:status ?status ; mg:asOf ?d .
  OPTIONAL { ?d mg:earliest ?start } OPTIONAL { ?d mg:latest ?end } OPTIONAL { ?d mg:precision ?precision }
  OPTIONAL { ?d rdfs:label ?wording } OPTIONAL { ?d mg:wording ?said FILTER(lang(?said) = "de") }
  OPTIONAL { ?d skos:notation ?notation }
  OPTIONAL { ?assertion mg:accordingTo ?doc }
  OPTIONAL { ?assertion prov:wasDerivedFrom ?passage OPTIONAL { ?passage mg:line ?pline } }
  OPTIONAL { ?thing mg:programme ?programme }
}""")

#: ``$scope``: a pattern binding ``?line`` (or nothing: every budget line)
BUDGET_LINES = _q("""
SELECT ?line ?measure ?item ?role ?written ?valueStatus ?unit ?currency ?value ?base ?year ?passage ?pline ?doc WHERE {
  $scope
  ?line a mg:BudgetLine ; mg:budgetOf ?measure ; mg:budgetItem ?item .
  VALUES ?role { mg:plannedAmount mg:actualAmount mg:deviationAmount }
  ?line ?role ?amount . ?amount mg:writtenValue ?written ; mg:valueStatus ?valueStatus .
  OPTIONAL { ?amount schema:unitText ?unit } OPTIONAL { ?amount schema:value ?value }
  OPTIONAL { ?amount schema:currency ?currency } OPTIONAL { ?amount mg:valueInBaseUnit ?base }
  OPTIONAL { ?line mg:fiscalYear ?year } OPTIONAL { ?line mg:mentionedIn ?doc }
  OPTIONAL { ?line prov:wasDerivedFrom ?passage OPTIONAL { ?passage mg:line ?pline } }
}""")

#: ``$scope``: a pattern binding ``?kf`` (or nothing: every key figure)
KEY_FIGURES = _q("""
SELECT ?kf ?of ?unit ?obs ?valueType ?valueStatus ?written ?value ?obsUnit ?period ?start ?end ?wording ?said ?notation ?change ?passage
       ?pline ?doc
WHERE {
  $scope
  ?kf a mg:KeyFigure ; mg:keyFigureOf ?of .
  ?obs mg:keyFigure ?kf ; mg:valueType ?valueType ; mg:valueStatus ?valueStatus .
  OPTIONAL { ?kf schema:unitText ?unit } OPTIONAL { ?obs mg:writtenValue ?written }
  OPTIONAL { ?obs sdmx-measure:obsValue ?value } OPTIONAL { ?obs sdmx-attribute:unitMeasure ?obsUnit }
  OPTIONAL { ?obs sdmx-dimension:refPeriod ?period
    OPTIONAL { ?period mg:earliest ?start } OPTIONAL { ?period mg:latest ?end } OPTIONAL { ?period rdfs:label ?wording }
    OPTIONAL { ?period mg:wording ?said FILTER(lang(?said) = "de") } OPTIONAL { ?period skos:notation ?notation } }
  OPTIONAL { ?obs mg:change ?change }
  OPTIONAL { ?obs prov:wasDerivedFrom ?passage OPTIONAL { ?passage mg:line ?pline } }
  OPTIONAL { ?kf mg:mentionedIn ?doc }
}""")

#: the scopes: what a chart of one resource starts from (``$node``)
PROGRAMME_THINGS = "?thing mg:programme $node ."
ONE_THING = "VALUES ?thing { $node }"
LINES_OF_MEASURE = "?line mg:budgetOf $node ."
ONE_LINE = "VALUES ?line { $node }"
FIGURES_OF = "?kf mg:keyFigureOf $node ."

ONE_FIGURE = "VALUES ?kf { $node }"
EVERYTHING = ""
LINES_OF_PROGRAMME = "?m mg:programme $node . ?line mg:budgetOf ?m ."
FIGURES_OF_PROGRAMME_OR_ITS_MEASURES = (
    "{ ?kf mg:keyFigureOf $node } UNION { ?m mg:programme $node . ?kf mg:keyFigureOf ?m }"
)
