"""HTML documentation of the ontology, generated from the build's ``ontology`` and ``shapes`` graphs.

Every class and property of the ontology namespace — those the ontology declares and those the data
uses — with labels (de/en), definitions, domain and range, super-terms, the SHACL shapes that use it,
how often the graph uses it, and a diagram (server-side SVG, with the same content as a table).
"""

from __future__ import annotations

import html
import math

import pyoxigraph as ox
from fastapi.responses import PlainTextResponse, Response

from modgraph.store.builds import graph_iri
from modgraph.iris import DEF

from modgraph.web.pages import RDFS_LABEL, UI, Ctx, Labels, alternates, curie, link_header, negotiate, serialize

MG = DEF + "#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SH = "http://www.w3.org/ns/shacl#"
CLASS_TYPES = (OWL + "Class", RDFS + "Class")
PROPERTY_TYPES = (OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty", RDF + "Property")


def _graph(ctx: Ctx, name: str) -> ox.NamedNode | None:
    iri = graph_iri(ctx.base, name)
    return ox.NamedNode(iri) if ctx.info.graphs.get(iri) else None  # absent or empty: no such graph


def _values(ctx: Ctx, graph: ox.NamedNode | None, iri: str, prop: str) -> list:
    if graph is None:
        return []
    return [r["o"] for r in ctx.store.query(f"SELECT ?o WHERE {{ <{iri}> <{prop}> ?o }}", default_graph=graph)]


def terms(ctx: Ctx) -> tuple[list[str], list[str]]:
    onto = _graph(ctx, "ontology")
    classes, props = set(), set()
    if onto is not None:
        for r in ctx.store.query(f"SELECT ?t ?k WHERE {{ ?t a ?k FILTER(isIRI(?t) && STRSTARTS(STR(?t), \"{DEF}\")) }}", default_graph=onto):
            k = r["k"].value
            if k in CLASS_TYPES:
                classes.add(r["t"].value)
            elif k in PROPERTY_TYPES:
                props.add(r["t"].value)
    for r in ctx.store.query(f'SELECT DISTINCT ?c WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?c), "{MG}")) }}', default_graph=ctx.data_graphs):
        classes.add(r["c"].value)
    for r in ctx.store.query(f'SELECT DISTINCT ?p WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?p), "{MG}")) }}', default_graph=ctx.data_graphs):
        props.add(r["p"].value)
    return sorted(classes), sorted(props - classes)


def usage(ctx: Ctx) -> tuple[dict[str, int], dict[str, int]]:
    inst = {r["c"].value: int(r["n"].value) for r in ctx.store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c", default_graph=ctx.data_graphs)}
    used = {r["p"].value: int(r["n"].value) for r in ctx.store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p", default_graph=ctx.data_graphs)}
    return inst, used


def shapes_using(ctx: Ctx, iri: str) -> list[str]:
    shapes = _graph(ctx, "shapes")
    if shapes is None:
        return []
    q = f"""SELECT DISTINCT ?shape WHERE {{
      {{ ?x <{SH}targetClass> <{iri}> }} UNION {{ ?x <{SH}class> <{iri}> }} UNION {{ ?x <{SH}path> <{iri}> }}
      UNION {{ ?x <{SH}targetSubjectsOf> <{iri}> }} UNION {{ ?x <{SH}targetObjectsOf> <{iri}> }}
      OPTIONAL {{ ?parent <{SH}property> ?x }}
      BIND(COALESCE(?parent, ?x) AS ?shape)
    }}"""
    try:
        rows = ctx.store.query(q, default_graph=shapes)
        return sorted({curie(r["shape"].value) if isinstance(r["shape"], ox.NamedNode) else "(anonymous shape)" for r in rows if r["shape"] is not None})
    except (SyntaxError, ValueError):
        return []


def edges(ctx: Ctx) -> list[tuple[str, str, str, int]]:
    """(domain class, property, range class, uses): from the ontology's domain/range and from the data."""
    out: dict[tuple[str, str, str], int] = {}
    q = f"""SELECT ?c1 ?p ?c2 (COUNT(*) AS ?n) WHERE {{
      ?s ?p ?o . ?s a ?c1 . ?o a ?c2 .
      FILTER(STRSTARTS(STR(?c1), "{MG}") && STRSTARTS(STR(?c2), "{MG}") && ?p != <{RDF}type>)
    }} GROUP BY ?c1 ?p ?c2"""
    for r in ctx.store.query(q, default_graph=ctx.data_graphs):
        out[(r["c1"].value, r["p"].value, r["c2"].value)] = int(r["n"].value)
    onto = _graph(ctx, "ontology")
    if onto is not None:
        q = f"""SELECT ?d ?p ?r WHERE {{ ?p <{RDFS}domain> ?d ; <{RDFS}range> ?r
                FILTER(STRSTARTS(STR(?d), "{MG}") && STRSTARTS(STR(?r), "{MG}")) }}"""
        for r in ctx.store.query(q, default_graph=onto):
            out.setdefault((r["d"].value, r["p"].value, r["r"].value), 0)
    return sorted((a, p, b, n) for (a, p, b), n in out.items())


def diagram_svg(nodes: list[str], links: list[tuple[str, str, str, int]], labels: Labels, title: str) -> str:
    """A circular layout of the classes with arrows for the properties between them (no JavaScript)."""
    if not nodes:
        return ""
    w, h = 1100, 860
    cx, cy, r = w / 2, h / 2, min(w, h) / 2 - 110
    pos = {}
    for i, n in enumerate(nodes):
        a = 2 * math.pi * i / len(nodes) - math.pi / 2
        pos[n] = (cx + r * math.cos(a), cy + r * math.sin(a))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-labelledby="diagram-title diagram-desc" class="diagram">',
             f'<title id="diagram-title">{html.escape(title)}</title>',
             f'<desc id="diagram-desc">{len(nodes)} classes and {len(links)} properties between them; the table below lists all relations, including the provenance links to source documents and passages that the drawing leaves out.</desc>',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
             '<path d="M 0 0 L 10 5 L 0 10 z" fill="#444"/></marker></defs>']
    merged: dict[tuple[str, str], list[str]] = {}
    for a, p, b, _ in links:
        if b in (MG + "SourceDocument", MG + "Passage"):
            continue  # provenance links (mentionedIn, accordingTo …) go to every class: table only
        merged.setdefault((a, b), []).append(curie(p).split(":", 1)[-1])
    for (a, b), names in merged.items():
        p = ", ".join(names[:2]) + (" …" if len(names) > 2 else "")
        if a not in pos or b not in pos:
            continue
        (x1, y1), (x2, y2) = pos[a], pos[b]
        if a == b:
            parts.append(f'<path d="M {x1 - 10:.0f} {y1 - 14:.0f} c -40 -60 60 -60 20 0" fill="none" stroke="#888" marker-end="url(#arrow)"/>')
            continue
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1
        sx, sy, ex, ey = x1 + dx / d * 40, y1 + dy / d * 18, x2 - dx / d * 48, y2 - dy / d * 20
        parts.append(f'<line x1="{sx:.0f}" y1="{sy:.0f}" x2="{ex:.0f}" y2="{ey:.0f}" stroke="#888" marker-end="url(#arrow)"/>')
        mx, my = (sx + ex) / 2, (sy + ey) / 2
        parts.append(f'<text x="{mx:.0f}" y="{my:.0f}" class="edge">{html.escape(p)}</text>')
    for n, (x, y) in pos.items():
        label = labels.get(n)
        width = max(70, 7.2 * len(label) + 16)
        parts.append(f'<a href="#{html.escape(n.split("#", 1)[-1])}"><rect x="{x - width / 2:.0f}" y="{y - 15:.0f}" width="{width:.0f}" height="30" rx="6" class="node"/>'
                     f'<text x="{x:.0f}" y="{y + 5:.0f}" text-anchor="middle" class="node-label">{html.escape(label)}</text></a>')
    parts.append("</svg>")
    return "\n".join(parts)


def ontology_response(ctx: Ctx) -> Response:
    fmt = negotiate(ctx.request)
    alts = alternates("/def")
    headers = {"Vary": "Accept", "Link": link_header(alts, ctx.root)}
    if fmt is None:
        return PlainTextResponse("406", status_code=406, headers=headers)
    onto = _graph(ctx, "ontology")
    if fmt != "html":
        if onto is not None:
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ctx.store.quads_for_pattern(None, None, None, onto)]
        else:  # no ontology in this build: the terms the data uses, declared minimally
            classes, props = terms(ctx)
            t = ox.NamedNode
            triples = [ox.Triple(t(c), t(RDF + "type"), t(RDFS + "Class")) for c in classes]
            triples += [ox.Triple(t(p), t(RDF + "type"), t(RDF + "Property")) for p in props]
            triples += [ox.Triple(t(x), t(RDFS + "isDefinedBy"), t(DEF)) for x in classes + props]
        body, media = serialize(triples, fmt)
        return Response(body, media_type=media, headers=headers)
    graphs = ctx.label_graphs
    labels = Labels(ctx.store, graphs, ctx.lang)
    classes, props = terms(ctx)
    inst, used = usage(ctx)
    labels.fetch(set(classes) | set(props))

    def describe(iri: str, kind: str) -> dict:
        def lits(prop: str) -> list[dict]:
            return [{"text": v.value, "lang": getattr(v, "language", None) or ""} for v in _values(ctx, onto, iri, prop) if isinstance(v, ox.Literal)]

        def refs(prop: str) -> list[dict]:
            vals = [v.value for v in _values(ctx, onto, iri, prop) if isinstance(v, ox.NamedNode)]
            labels.fetch(set(vals))
            return [{"iri": v, "href": ctx.href(v), "label": labels.get(v)} for v in vals]

        return {"iri": iri, "anchor": iri.split("#", 1)[-1], "label": labels.get(iri), "curie": curie(iri), "kind": kind,
                "labels": lits(RDFS_LABEL), "definitions": lits(RDFS + "comment") + lits(SKOS + "definition"),
                "domain": refs(RDFS + "domain"), "range": refs(RDFS + "range"),
                "super": refs(RDFS + "subClassOf") + refs(RDFS + "subPropertyOf"),
                "shapes": shapes_using(ctx, iri), "count": inst.get(iri, 0) if kind == "class" else used.get(iri, 0),
                "class_href": ctx.root + "/class/" + curie(iri) if kind == "class" else None}

    cls = [describe(c, "class") for c in classes]
    prp = [describe(p, "property") for p in props]
    links = edges(ctx)
    labels.fetch({p for _, p, _, _ in links})
    diagram_nodes = sorted({a for a, _, _, _ in links} | {b for _, _, b, _ in links} | set(classes))
    svg = diagram_svg(diagram_nodes, links, labels, UI[ctx.lang]["diagram"])
    rel = [{"domain": {"href": "#" + a.split("#", 1)[-1], "label": labels.get(a)}, "property": {"href": ctx.href(p), "label": labels.get(p), "curie": curie(p)},
            "range": {"href": "#" + b.split("#", 1)[-1], "label": labels.get(b)}, "count": n} for a, p, b, n in links]
    meta = []
    if onto is not None:
        for r in ctx.store.query(f"SELECT ?p ?o WHERE {{ <{DEF}> ?p ?o }}", default_graph=onto):
            meta.append({"p": curie(r["p"].value), "o": r["o"].value})
    return ctx.render("def.html", headers=headers, title="modgraph ontology", classes=cls, properties=prp, svg=svg,
                      relations=rel, meta=meta, has_ontology=onto is not None, namespace=MG, alternates=alts)
