"""Resource pages: every data IRI of the graph resolves, for people (HTML) and machines (RDF).

    /                 the home page: programmes, documents, latest statuses, next deadlines
    /id/{path}        303 See Other → /doc/{path}                 (data IRIs: {base}id/{path})
    /doc/{path}       the resource: HTML, Turtle, JSON-LD, N-Triples, RDF/XML by Accept or ?format=
    /graph/{name}     a named graph: summary page or its triples; /shapes the shapes graph
    /class/           classes with instance counts; /class/{curie} the table of its instances (web/tables.py)

The publication routes (catalogue, downloads, VoID, robots, sitemap) are in ``web/publication.py``,
the ontology's documentation (/def) in ``web/ontology_docs.py``. Everything is read with SPARQL from
the published build's store (``modgraph.store.builds.CurrentReader``, see ``web/page_context.py``).
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from modgraph.iris import PREFIXES, curie, data_iri, document_iri, expand, graph_iri
from modgraph.media import CSV, HTML, JSON, PAGE_FORMATS
from modgraph.web import page_queries as q
from modgraph.web.asof import as_of
from modgraph.web.catalogue import CatalogueQuery
from modgraph.web.charts.embed import charts_for
from modgraph.web.home import home_values
from modgraph.web.labels import Labels, labels_of
from modgraph.web.page_context import (
    Ctx,
    alternates,
    class_slug,
    context,
    doc_path,
    dump_href,
    graph_triples,
    link_header,
    rdf_response,
)
from modgraph.web.resources import get_catalogue
from modgraph.web.responses import format_query, responses
from modgraph.web.tables import PAGE_SIZE, TableQuery, table_response
from modgraph.web.timeline import timeline
from modgraph.web.ui import UI, root_path

router = APIRouter(tags=["Linked data pages"])
__all__ = ["PAGE_SIZE", "router"]  # PAGE_SIZE: rows per page of a class table (web/tables.py)

MAX_INCOMING = 200  # links to a resource shown on its page
MAX_PAGE = 1_000_000  # the highest ?page= of a class
#: what a page that negotiates answers, and what an HTML-only page answers
NEGOTIATED = responses(PAGE_FORMATS, 400, 404, 406, 503)
HTML_PAGE = responses(None, 400, 503)


def negotiated_page(path: str, summary: str):
    """The route decorator of a page offered in ``PAGE_FORMATS`` (its handler declares ``format``)."""
    return router.get(path, summary=summary, response_class=Response, responses=NEGOTIATED)


RDF_TYPE = PREFIXES["rdf"] + "type"


# ---------------------------------------------------------------------------------------------- one resource


def describe_triples(ctx: Ctx, iri: str, graphs: list) -> list[ox.Triple]:
    """Outgoing triples, those of its #fragment nodes, incoming triples and labels of linked resources."""
    seen: dict[ox.Triple, None] = {}
    for template in q.DESCRIBE:
        for triple in ctx.construct(template, graphs, node=iri):
            seen.setdefault(triple, None)
    return list(seen)


def property_table(
    ctx: Ctx, iri: str, labels: Labels, skip: frozenset[str] = frozenset(), depth: int = 0
) -> list[dict]:
    """The resource's properties and values, with its own nested nodes (period, cost …) two levels deep."""
    rows = ctx.select(q.OUTGOING, ctx.label_graphs, node=iri)
    labels.fetch({r["p"].value for r in rows} | {r["o"].value for r in rows if isinstance(r["o"], ox.NamedNode)})
    evidence = statement_evidence(ctx, iri)
    grouped: dict[str, list] = {}
    for r in rows:
        if r["p"].value not in skip:
            grouped.setdefault(r["p"].value, []).append(r["o"])

    def sort_key(term) -> str:
        return (labels.get(term.value) if isinstance(term, ox.NamedNode) else term.value).lower()

    out = []
    for prop, objects in grouped.items():
        values = []
        for obj in sorted(objects, key=sort_key):
            view = ctx.value_view(obj, labels)
            view["evidence"] = evidence.get((prop, str(obj)), [])
            if view["kind"] == "iri" and depth < 2 and view["iri"].startswith((iri + "#", iri + "/")):
                view["nested"] = property_table(ctx, view["iri"], labels, depth=depth + 1)
            values.append(view)
        out.append(
            {"iri": prop, "href": ctx.href(prop), "label": labels.get(prop), "curie": curie(prop), "values": values}
        )
    return sorted(out, key=lambda r: r["label"].lower())


def statement_evidence(ctx: Ctx, iri: str) -> dict[tuple[str, str], list[dict]]:
    """(property, value) → the passages (line, quote, link) that support the statement, by the rule of
    ``modgraph/ontology/README.md``: its statement node's passage, else the resource's only passage."""
    by_node: dict[tuple[str, str], dict[str, dict]] = {}
    only: dict[tuple[str, str], dict[str, dict]] = {}
    for r in ctx.select(q.STATEMENT_EVIDENCE, ctx.data_graphs, node=iri):
        target = by_node if r["via"].value == "node" else only
        item = {"href": ctx.href(r["passage"].value), "line": r["line"].value, "exact": r["exact"].value}
        target.setdefault((r["p"].value, str(r["o"])), {})[r["passage"].value] = item
    return {key: list((by_node.get(key) or only.get(key, {})).values()) for key in {*by_node, *only}}


def incoming(ctx: Ctx, iri: str, labels: Labels) -> tuple[list[dict], int]:
    rows = ctx.select(q.INCOMING, ctx.label_graphs, node=iri, limit=MAX_INCOMING + 1)
    labels.fetch({r["s"].value for r in rows} | {r["p"].value for r in rows})
    out = [
        {
            "subject": ctx.value_view(r["s"], labels),
            "property": {"iri": r["p"].value, "href": ctx.href(r["p"].value), "label": labels.get(r["p"].value)},
        }
        for r in rows[:MAX_INCOMING]
    ]
    return out, len(rows)


def provenance(ctx: Ctx, iri: str, labels: Labels) -> list[dict]:
    """The quoted passages the resource was derived from."""
    rows = ctx.select(q.PROVENANCE, ctx.data_graphs, node=iri)
    labels.fetch({r["doc"].value for r in rows})
    out, seen = [], set()
    for r in rows:
        if r["passage"].value in seen or r["exact"] is None:
            continue
        seen.add(r["passage"].value)
        out.append(
            {
                "passage": ctx.value_view(r["passage"], labels),
                "document": ctx.value_view(r["doc"], labels),
                "line": r["line"].value if r["line"] else "",
                "exact": r["exact"].value,
                "prefix": r["prefix"].value[-60:] if r["prefix"] else "",
                "suffix": r["suffix"].value[:60] if r["suffix"] else "",
            }
        )
    return out


def related(ctx: Ctx, iri: str, labels: Labels) -> tuple[list[dict], list[dict]]:
    """The documents that mention the resource, and linked resources mentioned in other documents."""
    docs = [r["d"] for r in ctx.select(q.MENTIONED_IN, ctx.data_graphs, node=iri)]
    rows = ctx.select(q.RELATED, ctx.data_graphs, node=iri)
    labels.fetch({r["r"].value for r in rows} | {r["d"].value for r in rows} | {d.value for d in docs})
    rel = [{"resource": ctx.value_view(r["r"], labels), "document": ctx.value_view(r["d"], labels)} for r in rows]
    return [ctx.value_view(d, labels) for d in docs], rel


def resource_page(
    ctx: Ctx, iri: str, path: str, graphs: list | None = None, catalogue: list[CatalogueQuery] | None = None
) -> Response:
    """The HTML or RDF answer for one resource; with the query ``catalogue``, its "as of a day" section
    (``web/asof.py``, the day from ``?on=``).

    :raises WebError: 404 if the graph does not know the resource, 406 for a format not offered, 400 for an
        ``on`` that is not a day.
    """
    fmt = ctx.page_format()
    alts = alternates(path)
    headers = {"Vary": "Accept", "Link": link_header(alts, ctx.root)}
    graphs = graphs or ctx.label_graphs
    if not ctx.exists(iri, graphs):
        raise ctx.not_found(iri)
    if fmt.name != "html":
        return rdf_response(describe_triples(ctx, iri, graphs), fmt, headers)
    labels = ctx.labels(graphs)
    types = [ctx.value_view(r["t"], labels) for r in ctx.select(q.TYPES, graphs, node=iri)]
    for t in types:
        if t["kind"] == "iri":
            t["class_href"] = ctx.root + "/class/" + class_slug(t["iri"])
    inc, inc_total = incoming(ctx, iri, labels)
    docs, rel = related(ctx, iri, labels)
    label = labels.get(iri)
    return ctx.render(
        "resource.html",
        headers=headers,
        title=label,
        iri=iri,
        label=label,
        types=types,
        all_labels=labels_of(ctx.store, graphs, iri),
        properties=property_table(ctx, iri, labels, skip=frozenset({RDF_TYPE})),
        incoming=inc,
        incoming_more=inc_total > MAX_INCOMING,
        provenance=provenance(ctx, iri, labels),
        warnings=ctx.warnings.for_resource(ctx.build, iri),
        documents=docs,
        related=rel,
        alternates=alts,
        timeline=timeline(ctx, iri, types),
        charts=charts_for(ctx, iri, types),
        as_of=as_of(ctx, catalogue, iri, types, ctx.request.query_params.get("on")) if catalogue else None,
    )


def checked_iri(ctx: Ctx, iri: str) -> str:
    """The IRI, if it is one.

    :raises WebError: 404 for text that is no IRI (``/doc/%3Cbad%3E``).
    """
    try:
        q.term(iri)
    except ValueError:
        raise ctx.not_found(iri) from None
    return iri


# ---------------------------------------------------------------------------------------------- routes


def class_counts(ctx: Ctx) -> list[dict]:
    labels = ctx.labels()
    rows = ctx.select(q.CLASS_COUNTS, ctx.data_graphs)
    labels.fetch({r["c"].value for r in rows})
    return [
        {
            "iri": r["c"].value,
            "n": int(r["n"].value),
            "href": ctx.root + "/class/" + class_slug(r["c"].value),
            "curie": curie(r["c"].value),
            "label": labels.get(r["c"].value),
        }
        for r in rows
    ]


@router.get(
    "/",
    response_class=HTMLResponse,
    summary="Home page: programmes, documents, latest statuses, next deadlines",
    responses=HTML_PAGE,
)
def home(ctx: Ctx = Depends(context)):
    return ctx.render("home.html", title="modgraph", **home_values(ctx))


@router.get(
    "/id/{path:path}",
    summary="Data IRI: 303 See Other to its description",
    response_class=Response,
    responses={303: responses(None, 303)[303]},
)
def identifier(path: str, request: Request):
    target = root_path(request) + doc_path(path)
    if request.url.query:
        target += "?" + request.url.query
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})


@negotiated_page("/doc/{path:path}", "Description of a data IRI (HTML, Turtle, JSON-LD, N-Triples, RDF/XML)")
def document(
    path: str,
    ctx: Ctx = Depends(context),
    format: str | None = format_query(PAGE_FORMATS),
    on: str | None = Query(
        None,
        max_length=10,
        description="A day YYYY-MM-DD: the page's status, deadlines and "
        "memberships as of that day (measures, fields, decisions, people, bodies)",
    ),
    catalogue: list[CatalogueQuery] = Depends(get_catalogue),
):
    iri = checked_iri(ctx, data_iri(ctx.base, path))
    return resource_page(ctx, iri, doc_path(path), catalogue=catalogue)


PAGE = Query(1, ge=1, le=MAX_PAGE, description="Page of the rows (50 a page, by offset; `after` is the keyset way)")
TABLE = responses((HTML, JSON, CSV), 400, 404, 406, 503)


def table_query(
    sort: str = Query("label", max_length=40, description="Column to sort by (label, notation, date, due, amount …)"),
    desc: bool = Query(False, description="Sort descending"),
    after: str | None = Query(
        None, max_length=2000, description="Keyset position: the `next` link of the previous page"
    ),
    page: int = PAGE,
    type: list[str] | None = Query(None, description="Only rows of this type (IRI); repeatable"),
    document: list[str] | None = Query(None, description="Only rows mentioned in this document (IRI); repeatable"),
    programme: list[str] | None = Query(None, description="Only rows of this programme (IRI); repeatable"),
    status: list[str] | None = Query(None, description="Only rows whose latest status is this (IRI); repeatable"),
    responsible: list[str] | None = Query(None, description="Only rows with this responsible body (IRI); repeatable"),
    format: str | None = format_query((HTML, JSON, CSV)),
) -> TableQuery:
    """The sort, filters and position of a class table (FastAPI dependency)."""
    chosen = {"type": type, "document": document, "programme": programme, "status": status, "responsible": responsible}
    return TableQuery(sort, desc, {k: v for k, v in chosen.items() if v}, after, page)


@router.get(
    "/class/",
    response_class=Response,
    summary="Classes with instance counts (or ?iri= for one class: its table)",
    responses=TABLE,
)
def classes(
    ctx: Ctx = Depends(context),
    iri: str | None = Query(None, description="IRI of one class: the table of its instances"),
    query: TableQuery = Depends(table_query),
):
    if iri:
        return class_page(ctx, iri, query)
    ctx.page_format((HTML,))  # the list of classes is a page only (400/406 for another format)
    return ctx.render("classes.html", title=UI[ctx.lang]["classes"], classes=class_counts(ctx))


@router.get(
    "/class/{name}",
    response_class=Response,
    summary="Table of a class's instances: sortable, filterable, keyset pages; HTML, JSON, CSV",
    responses=TABLE,
)
def class_named(name: str, ctx: Ctx = Depends(context), query: TableQuery = Depends(table_query)):
    iri = expand(name)
    if iri is None:
        raise ctx.not_found(name)
    return class_page(ctx, iri, query)


def class_page(ctx: Ctx, iri: str, query: TableQuery) -> Response:
    """The table of a class's instances (404 for a class without instances that the graph does not know)."""
    checked_iri(ctx, iri)
    total = int(ctx.select(q.INSTANCE_COUNT, ctx.data_graphs, node=iri)[0]["n"].value)
    if total == 0 and not ctx.exists(iri):
        raise ctx.not_found(iri)
    return table_response(ctx, iri, ctx.root + "/class/" + class_slug(iri), query, ctx.labels().get(iri))


@negotiated_page("/graph/{name:path}", "A named graph: summary page or its triples")
def named_graph(name: str, ctx: Ctx = Depends(context), format: str | None = format_query(PAGE_FORMATS)):
    iri = graph_iri(ctx.base, name)
    if iri not in ctx.info.graphs:
        raise ctx.not_found(iri)
    path = f"/graph/{name}"
    fmt = ctx.page_format()
    alts = alternates(path)
    headers = {"Vary": "Accept", "Link": link_header(alts, ctx.root)}
    if fmt.name != "html":
        return rdf_response(graph_triples(ctx.store, iri), fmt, headers)
    doc_id = next((d for d, v in ctx.info.documents.items() if v["graph"] == iri), None)
    return ctx.render(
        "graph.html",
        headers=headers,
        title=name,
        iri=iri,
        name=name,
        triples=ctx.info.graphs[iri],
        in_default=iri in ctx.info.data_graphs,
        document_href=ctx.href(document_iri(ctx.base, doc_id)) if doc_id else None,
        dump=dump_href(ctx, doc_id) if doc_id else None,
        alternates=alts,
        label=(ctx.info.documents[doc_id]["label"] if doc_id else name),
    )


@negotiated_page("/shapes", "The SHACL shapes (namespace of the shape IRIs): the shapes graph, by conneg")
def shapes_graph(ctx: Ctx = Depends(context), format: str | None = format_query(PAGE_FORMATS)):
    return named_graph("shapes", ctx, format)
