"""An incremental build's projection reads again only the node attributes a change may touch
(``modgraph.deps.attributes``) and equals a projection made from scratch: on the corpus, with a due date, a
programme link, a label and a mention changed in one document's graph."""

from __future__ import annotations

import pyoxigraph as ox

from modgraph.deps import attributes as attributes_module
from modgraph.deps.attributes import affected_nodes
from modgraph.deps.projection import project_store
from modgraph.iris import PREFIXES

MG, DCT = PREFIXES["mg"], PREFIXES["dct"]


def _copy(store: ox.Store) -> ox.Store:
    copy = ox.Store()
    copy.extend(store)
    return copy


def _first(store: ox.Store, predicate: str, graph: str) -> ox.Quad:
    return next(iter(store.quads_for_pattern(None, ox.NamedNode(predicate), None, ox.NamedNode(graph))))


def test_the_reused_attributes_and_the_ones_read_again_equal_a_projection_from_scratch(corpus_build, monkeypatch):
    _, build, _ = corpus_build
    info = build.info
    assert info.union_in_default_graph
    old = _copy(build.open_read_only())
    published = project_store(old, info).graph
    graph = info.documents["zov-2017"]["graph"]
    new = _copy(old)

    def both(quad: ox.Quad) -> list[ox.Quad]:  # in its named graph and in the union default graph
        return [quad, ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph())]

    # a due date moved to 2099: the end date of what it is due for, two steps back (milestone, due date)
    due = next(
        iter(
            new.query(f"""SELECT ?d ?v WHERE {{ GRAPH <{graph}> {{
        ?n <{MG}milestone>/<{MG}dueDate> ?d . ?d <{MG}latest> ?v }} }} ORDER BY ?d LIMIT 1""")
        )
    )
    # the programme link with the most below it: the programmes of everything below
    link = next(
        iter(
            new.query(f"""SELECT ?x ?p (COUNT(DISTINCT ?y) AS ?c) WHERE {{ GRAPH <{graph}> {{
        ?x <{DCT}isPartOf> ?p . ?y (<{DCT}isPartOf>|<{MG}goalOf>|<{MG}programme>)+ ?x }} }}
        GROUP BY ?x ?p ORDER BY DESC(?c) ?x LIMIT 1""")
        )
    )
    assert int(link["c"].value) > 1
    mention = _first(new, MG + "mentionedIn", graph)  # a mention: the documents of a node
    label = _first(new, PREFIXES["rdfs"] + "label", graph)  # a label: the label of a node
    removed = [
        *both(ox.Quad(due["d"], ox.NamedNode(MG + "latest"), due["v"], ox.NamedNode(graph))),
        *both(ox.Quad(link["x"], ox.NamedNode(DCT + "isPartOf"), link["p"], ox.NamedNode(graph))),
        *both(mention),
        *both(label),
    ]
    added = [
        *both(
            ox.Quad(
                due["d"],
                ox.NamedNode(MG + "latest"),
                ox.Literal("2099-12-31", datatype=due["v"].datatype),
                ox.NamedNode(graph),
            )
        ),
        *both(ox.Quad(label.subject, label.predicate, ox.Literal("Ein neuer Name", language="de"), label.graph_name)),
    ]
    for quad in removed:
        new.remove(quad)
    new.extend(added)
    changed = [due["d"], link["x"], mention.subject, label.subject]
    kept = {g for g in info.data_graphs if g != graph and not g.endswith(("/links", "/registry"))}
    read: list[set[str]] = []
    real = attributes_module.restricted_rows
    monkeypatch.setattr(
        attributes_module, "restricted_rows", lambda q, s, nodes: read.append(set(nodes)) or real(q, s, nodes)
    )
    affected = affected_nodes(old, info, new, info, kept)
    assert {term.value for term in changed} <= affected
    incremental = project_store(new, info, base=(published, kept), affected=affected).graph
    assert read and len(read[0]) < len(incremental) / 2  # most attributes were reused, not read again
    monkeypatch.setattr(attributes_module, "restricted_rows", real)
    scratch = project_store(new, info).graph
    assert list(incremental.nodes(data=True)) == list(scratch.nodes(data=True))
    assert list(incremental.nodes(data=True)) != list(published.nodes(data=True))  # the changes show
