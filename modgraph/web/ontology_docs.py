"""The ontology namespace (/def): HTML documentation of the ontology, its RDF, and its concepts and schemes.

    /def           the ontology: HTML documentation (with a diagram) or Turtle/JSON-LD/N-Triples/RDF-XML
    /def/{path}    concepts and schemes of the ontology namespace (same negotiation, served directly)

The documentation is generated from the build's ``ontology`` and ``shapes`` graphs: every class and
property of the ontology namespace — those the ontology declares and those the data uses — with
labels (de/en), definitions, domain and range, super-terms, the SHACL shapes that use it, how often
the graph uses it, and a diagram (``web/diagram.py``, with the same content as a table).
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Depends
from fastapi.responses import Response

from modgraph.iris import DEF, PREFIXES, curie, graph_iri, scheme
from modgraph.media import PAGE_FORMATS
from modgraph.web import page_queries as q
from modgraph.web.diagram import MG, diagram_svg
from modgraph.web.labels import Labels
from modgraph.web.page_context import Ctx, alternates, context, graph_triples, link_header, rdf_response
from modgraph.web.pages import checked_iri, class_slug, resource_page
from modgraph.web.responses import format_query, responses
from modgraph.web.ui import UI

router = APIRouter(tags=["Ontology"])

RDF, RDFS, OWL, SKOS = (PREFIXES[p] for p in ("rdf", "rdfs", "owl", "skos"))
CLASS_TYPES = (OWL + "Class", RDFS + "Class")
PROPERTY_TYPES = (OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty", RDF + "Property")


def _values(ctx: Ctx, graph: ox.NamedNode | None, iri: str, prop: str) -> list:
    if graph is None:
        return []
    return [r["o"] for r in ctx.select(q.VALUES_OF, [graph], node=iri, prop=prop)]


def terms(ctx: Ctx) -> tuple[list[str], list[str]]:
    """The classes and the properties of the namespace: declared by the ontology or used by the data."""
    onto = ctx.graph("ontology")
    classes, props = set(), set()
    if onto is not None:
        for r in ctx.select(q.DECLARED_TERMS, [onto], ontology=DEF):
            if r["k"].value in CLASS_TYPES:
                classes.add(r["t"].value)
            elif r["k"].value in PROPERTY_TYPES:
                props.add(r["t"].value)
    classes |= {r["c"].value for r in ctx.select(q.USED_CLASSES, ctx.data_graphs)}
    props |= {r["p"].value for r in ctx.select(q.USED_PROPERTIES, ctx.data_graphs)}
    return sorted(classes), sorted(props - classes)


def _counts(ctx: Ctx, template, key: str) -> dict[str, int]:
    return {r[key].value: int(r["n"].value) for r in ctx.select(template, ctx.data_graphs)}


def shapes_using(ctx: Ctx, iri: str) -> list[str]:
    shapes = ctx.graph("shapes")
    if shapes is None:
        return []
    rows = ctx.select(q.SHAPES_USING, [shapes], node=iri)
    return sorted(
        {
            curie(r["shape"].value) if isinstance(r["shape"], ox.NamedNode) else "(anonymous shape)"
            for r in rows
            if r["shape"] is not None
        }
    )


def edges(ctx: Ctx) -> list[tuple[str, str, str, int]]:
    """(domain class, property, range class, uses): from the data and from the ontology's domain/range."""
    out = {
        (r["c1"].value, r["p"].value, r["c2"].value): int(r["n"].value)
        for r in ctx.select(q.DATA_EDGES, ctx.data_graphs)
    }
    onto = ctx.graph("ontology")
    if onto is not None:
        for r in ctx.select(q.DOMAIN_RANGE, [onto]):
            out.setdefault((r["d"].value, r["p"].value, r["r"].value), 0)
    return sorted((a, p, b, n) for (a, p, b), n in out.items())


def minimal_ontology(ctx: Ctx) -> list[ox.Triple]:
    """For a build without an ontology graph: the terms the data uses, declared minimally."""
    classes, props = terms(ctx)
    n = ox.NamedNode
    triples = [ox.Triple(n(c), n(RDF + "type"), n(RDFS + "Class")) for c in classes]
    triples += [ox.Triple(n(p), n(RDF + "type"), n(RDF + "Property")) for p in props]
    return triples + [ox.Triple(n(x), n(RDFS + "isDefinedBy"), n(DEF)) for x in classes + props]


def describe_term(ctx: Ctx, labels: Labels, onto: ox.NamedNode | None, iri: str, kind: str, count: int) -> dict:
    """One class or property as ``def.html`` shows it."""

    def literals(prop: str) -> list[dict]:
        return [
            {"text": v.value, "lang": v.language or ""}
            for v in _values(ctx, onto, iri, prop)
            if isinstance(v, ox.Literal)
        ]

    def links(prop: str) -> list[dict]:
        found = [v.value for v in _values(ctx, onto, iri, prop) if isinstance(v, ox.NamedNode)]
        labels.fetch(set(found))
        return [{"iri": v, "href": ctx.href(v), "label": labels.get(v)} for v in found]

    return {
        "iri": iri,
        "anchor": iri.split("#", 1)[-1],
        "label": labels.get(iri),
        "curie": curie(iri),
        "kind": kind,
        "labels": literals(RDFS + "label"),
        "definitions": literals(RDFS + "comment") + literals(SKOS + "definition"),
        "domain": links(RDFS + "domain"),
        "range": links(RDFS + "range"),
        "super": links(RDFS + "subClassOf") + links(RDFS + "subPropertyOf"),
        "shapes": shapes_using(ctx, iri),
        "count": count,
        "class_href": ctx.root + "/class/" + class_slug(iri) if kind == "class" else None,
    }


@router.get(
    "/def",
    summary="The ontology: HTML documentation or Turtle/JSON-LD/N-Triples/RDF-XML",
    response_class=Response,
    responses=responses(PAGE_FORMATS, 400, 406, 503),
)
def ontology(ctx: Ctx = Depends(context), format: str | None = format_query(PAGE_FORMATS)) -> Response:
    fmt = ctx.page_format()
    alts = alternates("/def")
    headers = {"Vary": "Accept", "Link": link_header(alts, ctx.root)}
    onto = ctx.graph("ontology")
    if fmt.name != "html":
        return rdf_response(
            graph_triples(ctx.store, onto.value) if onto is not None else minimal_ontology(ctx), fmt, headers
        )
    labels = ctx.labels()
    classes, props = terms(ctx)
    instances, uses = _counts(ctx, q.INSTANCE_COUNTS, "c"), _counts(ctx, q.PROPERTY_USES, "p")
    labels.fetch(set(classes) | set(props))
    links = edges(ctx)
    labels.fetch({p for _, p, _, _ in links})

    def anchor(iri: str) -> dict:
        return {"href": "#" + iri.split("#", 1)[-1], "label": labels.get(iri)}

    relations = [
        {
            "domain": anchor(a),
            "property": {"href": ctx.href(p), "label": labels.get(p), "curie": curie(p)},
            "range": anchor(b),
            "count": n,
        }
        for a, p, b, n in links
    ]
    nodes = sorted({a for a, _, _, _ in links} | {b for _, _, b, _ in links} | set(classes))
    meta = (
        [{"p": curie(r["p"].value), "o": r["o"].value} for r in ctx.select(q.ONTOLOGY_HEADER, [onto], ontology=DEF)]
        if onto is not None
        else []
    )
    return ctx.render(
        "def.html",
        headers=headers,
        title="modgraph ontology",
        classes=[describe_term(ctx, labels, onto, c, "class", instances.get(c, 0)) for c in classes],
        properties=[describe_term(ctx, labels, onto, p, "property", uses.get(p, 0)) for p in props],
        svg=diagram_svg(nodes, links, labels.get, UI[ctx.lang]["diagram"]),
        relations=relations,
        meta=meta,
        has_ontology=onto is not None,
        namespace=MG,
        alternates=alts,
    )


@router.get(
    "/def/{path:path}",
    summary="Concepts and schemes in the ontology namespace",
    response_class=Response,
    responses=responses(PAGE_FORMATS, 400, 404, 406, 503),
)
def ontology_term(path: str, ctx: Ctx = Depends(context), format: str | None = format_query(PAGE_FORMATS)) -> Response:
    iri = checked_iri(ctx, str(scheme(path)))  # a scheme (DEF/status) or one of its concepts (DEF/status/done)
    shapes = graph_iri(ctx.base, "shapes")
    graphs = ctx.label_graphs + [ox.NamedNode(shapes)] if shapes in ctx.info.graphs else ctx.label_graphs
    return resource_page(ctx, iri, f"/def/{path}", graphs)
