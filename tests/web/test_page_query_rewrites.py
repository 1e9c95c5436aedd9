"""Page queries rewritten so that their cost follows their answer (issue 15): on the corpus each gives exactly
the rows of its previous text (``tests/web/previous/``). Speed is measured in ``benchmarks/pages_bench.py``
(``benchmarks/PAGES.md``), not here."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from string import Template

from modgraph.web import page_queries as q

PREVIOUS = Path(__file__).parent / "previous"
_SOURCED = """SELECT DISTINCT ?s WHERE { GRAPH ?g {
  { ?s <http://www.w3.org/ns/prov#wasDerivedFrom> ?p } UNION { ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s }
  FILTER(isIRI(?s)) } }"""


def _rows(store, template: Template, node: str) -> Counter:
    return Counter(tuple(str(v) for v in row) for row in q.select(store, template, [], node=node))


def _previous_rows_of_every_node(store, name: str) -> dict[str, Counter]:
    """The previous text's rows for every node at once: ``$node`` made a projected variable, which SPARQL's
    substitution semantics makes the union of its per-node answers (one pass instead of one query per node)."""
    text = "".join(PREVIOUS.joinpath(name).read_text().splitlines(True)[1:])
    assert text.count("SELECT ?") == 1 and "?node" not in text
    text = text.replace("$node", "?node").replace("SELECT ?", "SELECT ?node ?", 1)
    rows: dict[str, Counter] = {}
    for row in store.query(text):
        values = tuple(str(v) for v in row)
        rows.setdefault(str(row["node"].value), Counter())[values[1:]] += 1
    return rows


def test_statement_evidence_of_every_sourced_resource_is_the_previous_texts(corpus_build):
    _, build, _ = corpus_build
    store = build.open_read_only()
    previous = _previous_rows_of_every_node(store, "statement-evidence-page.rq")
    nodes = sorted({str(r["s"].value) for r in store.query(_SOURCED)})
    assert len(nodes) > 1000  # every resource with a passage or a statement node, not a sample
    assert set(previous) <= set(nodes)
    rows = 0
    for node in nodes:
        got = _rows(store, q.STATEMENT_EVIDENCE, node)  # the page's own query, one node at a time
        assert got == previous.get(node, Counter()), node
        rows += sum(got.values())
    assert rows > 5000  # the comparison saw the answers (both branches: statement nodes and only passages)
