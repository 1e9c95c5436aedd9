"""Linked-data pages: every IRI of the graph resolves, for people (HTML) and machines (RDF).

    /id/{path}        303 See Other → /doc/{path}                 (data IRIs: {base}id/{path})
    /doc/{path}       the resource: HTML, Turtle, JSON-LD, N-Triples, RDF/XML by Accept or ?format=
    /def              the ontology: HTML documentation (with a diagram) or its Turtle/JSON-LD/…
    /def/{path}       concepts and schemes of the ontology namespace (same conneg, served directly)
    /graph/{name}     a named graph: summary page or its triples
    /class/           classes with instance counts; /class/{curie}?page=N lists instances
    /catalog          the DCAT-AP.de catalogue (.ttl/.rdf/.jsonld or conneg; ?profile=dcat-ap-de-2.0)
    /downloads/       dumps with sizes and checksums; /void, /robots.txt, /sitemap.xml; /  the home page

Everything is read with SPARQL from the published build's pyoxigraph store (read-only, cached by
``modgraph.store.builds.CurrentReader``); the default graph is the union of the build's data graphs.
Wire it with ``app.include_router(pages.router)``; the settings come from ``app.state.settings``,
``app.state.resources.settings`` (the API's shared resources) or the environment, in that order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from modgraph.publish import publication as pub
from modgraph.settings import Settings
from modgraph.store.builds import Build, BuildInfo, CurrentReader, StoreError, StoreLocation, graph_iri
from modgraph.iris import DEF, PREFIXES

router = APIRouter(tags=["Linked data pages"])
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

#: where the other parts of the application live (links from the home page)
LINKS = {"sparql": "/editor", "dependencies": "/deps/"}
PAGE_SIZE = 50
MAX_INCOMING = 200

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
MG = DEF + "#"
LABEL_FILTER = f"FILTER(?p IN (<{RDFS_LABEL}>, <{SKOS_PREF}>))"

#: machine formats: short name -> (media type, pyoxigraph format)
RDF_FORMATS: dict[str, tuple[str, ox.RdfFormat]] = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "rdf": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
MEDIA_ALIASES = {"text/html": "html", "application/xhtml+xml": "html", "text/turtle": "ttl", "application/x-turtle": "ttl",
                 "application/ld+json": "jsonld", "application/json": "jsonld", "application/n-triples": "nt",
                 "text/plain": "nt", "application/rdf+xml": "rdf", "application/xml": "rdf"}
FORMAT_NAMES = {"html": "HTML", "ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "rdf": "RDF/XML"}

UI = {
    "de": {"home": "Startseite", "classes": "Klassen", "catalog": "Katalog", "downloads": "Downloads", "ontology": "Ontologie",
           "sparql": "SPARQL-Editor", "deps": "Abhängigkeiten", "type": "Typ", "properties": "Eigenschaften",
           "incoming": "Verweise auf diese Ressource", "provenance": "Herkunft", "document": "Dokument", "line": "Zeile",
           "passage": "Textstelle", "warnings": "Hinweise der SHACL-Prüfung", "related": "Verwandte Ressourcen in anderen Dokumenten",
           "mentioned": "Erwähnt in", "labels": "Bezeichnungen", "formats": "Diese Seite als", "property": "Eigenschaft",
           "value": "Wert", "subject": "Ressource", "none": "keine", "instances": "Instanzen", "page": "Seite", "next": "weiter",
           "prev": "zurück", "programmes": "Programme", "documents": "Quelldokumente", "measures": "Maßnahmen",
           "triples": "Tripel", "records": "Datensätze", "issued": "erschienen", "build": "Build", "file": "Datei",
           "size": "Größe (Bytes)", "checksum": "SHA-256", "class": "Klasse", "count": "Anzahl", "skip": "Zum Inhalt springen",
           "lang_switch": "English", "domain": "Definitionsbereich", "range": "Wertebereich", "shapes": "Verwendet in Shapes",
           "definition": "Definition", "used": "Verwendung im Graphen", "diagram": "Diagramm", "not_found": "Nicht gefunden",
           "iri": "IRI", "nested": "Details", "more": "weitere", "graph": "Benannter Graph", "describes": "Beschreibung der Ressource"},
    "en": {"home": "Home", "classes": "Classes", "catalog": "Catalogue", "downloads": "Downloads", "ontology": "Ontology",
           "sparql": "SPARQL editor", "deps": "Dependencies", "type": "Type", "properties": "Properties",
           "incoming": "Links to this resource", "provenance": "Provenance", "document": "Document", "line": "Line",
           "passage": "Passage", "warnings": "SHACL warnings", "related": "Related resources in other documents",
           "mentioned": "Mentioned in", "labels": "Labels", "formats": "This page as", "property": "Property",
           "value": "Value", "subject": "Resource", "none": "none", "instances": "Instances", "page": "Page", "next": "next",
           "prev": "previous", "programmes": "Programmes", "documents": "Source documents", "measures": "Measures",
           "triples": "triples", "records": "records", "issued": "issued", "build": "Build", "file": "File",
           "size": "Size (bytes)", "checksum": "SHA-256", "class": "Class", "count": "Count", "skip": "Skip to content",
           "lang_switch": "Deutsch", "domain": "Domain", "range": "Range", "shapes": "Used in shapes",
           "definition": "Definition", "used": "Use in the graph", "diagram": "Diagram", "not_found": "Not found",
           "iri": "IRI", "nested": "Details", "more": "more", "graph": "Named graph", "describes": "Description of the resource"},
}


# ---------------------------------------------------------------------------------------------- shared state

class Site:
    """What the pages share: settings and a cached read-only handle on the published build."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.reader = CurrentReader(StoreLocation(settings.store))
        self._validation: tuple[str, dict[str, list[dict]]] | None = None

    def current(self) -> tuple[Build, BuildInfo, ox.Store]:
        return self.reader.get()

    def warnings_for(self, build: Build, iri: str) -> list[dict]:
        """SHACL results of the build whose focus is the resource or one of its nested nodes."""
        key = str(build.path)
        if self._validation is None or self._validation[0] != key:
            by_focus: dict[str, list[dict]] = {}
            path = build.path / "validation.json"
            if path.is_file():
                for r in json.loads(path.read_text(encoding="utf-8")).get("results", []):
                    by_focus.setdefault(r["focus"], []).append(r)
            self._validation = (key, by_focus)
        found = []
        for focus, results in self._validation[1].items():
            if focus == iri or focus.startswith(iri + "/") or focus.startswith(iri + "#"):
                found += results
        return found


def site(request: Request) -> Site:
    state = request.app.state
    existing = getattr(state, "pages_site", None)
    if existing is None:
        settings = getattr(state, "settings", None) or getattr(getattr(state, "resources", None), "settings", None) or Settings.load()
        existing = state.pages_site = Site(settings)
    return existing


# ---------------------------------------------------------------------------------------------- helpers

def ui_lang(request: Request) -> str:
    lang = request.query_params.get("lang")
    if lang in UI:
        return lang
    accept = request.headers.get("accept-language", "")
    first = accept.split(",")[0].strip().lower()[:2]
    return "en" if first == "en" else "de"


def negotiate(request: Request, allowed: tuple[str, ...] = ("html", "ttl", "jsonld", "nt", "rdf")) -> str | None:
    """The format: ?format= wins, else Accept with q-values; None if nothing acceptable (406)."""
    fmt = request.query_params.get("format")
    if fmt:
        fmt = MEDIA_ALIASES.get(fmt, fmt)
        return fmt if fmt in allowed else None
    accept = request.headers.get("accept", "")
    if not accept.strip():
        return allowed[0]
    best, best_q = None, 0.0
    for order, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media, q = pieces[0].lower(), 1.0
        for p in pieces[1:]:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media in ("*/*", "text/*", "application/*"):
            cand = "html" if media != "application/*" else ("jsonld" if "jsonld" in allowed else None)
            q -= 0.001  # a concrete type of equal q wins over a wildcard
        else:
            cand = MEDIA_ALIASES.get(media)
        if cand in allowed and q > best_q:
            best, best_q = cand, q
    return best


def alternates(path: str, formats: tuple[str, ...] = ("html", "ttl", "jsonld", "nt", "rdf")) -> list[dict]:
    out = []
    for f in formats:
        media = "text/html" if f == "html" else RDF_FORMATS[f][0]
        out.append({"format": f, "name": FORMAT_NAMES[f], "media": media, "href": f"{path}?format={f}"})
    return out


def link_header(alts: list[dict], root: str) -> str:
    return ", ".join(f'<{root}{a["href"]}>; rel="alternate"; type="{a["media"]}"' for a in alts)


def curie(iri: str) -> str:
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def expand(name: str) -> str | None:
    prefix, _, local = name.partition(":")
    if prefix in PREFIXES and local:
        return PREFIXES[prefix] + local
    return None


def local_path(iri: str, base: str) -> str | None:
    """The path on this server that dereferences an IRI (None for IRIs of other sites)."""
    if iri.startswith(DEF):
        rest = iri[len(DEF):]
        if rest.startswith("#"):
            return "/def" + rest
        if rest == "" or rest.startswith("/"):
            return "/def" + rest
    if iri.startswith(base):
        rest = iri[len(base):]
        if rest.startswith("id/"):
            doc, _, frag = rest[3:].partition("#")
            return "/doc/" + quote(doc, safe="/:@!$&'()*+,;=-._~") + (f"#{frag}" if frag else "")
        if rest.startswith("catalog"):
            return "/catalog" + rest[len("catalog"):]
        return "/" + rest
    return None


def node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)  # raises ValueError for anything that is not an IRI


def lit_text(term) -> str:
    return term.value if hasattr(term, "value") else str(term)


class Labels:
    """Batch label lookup: skos:prefLabel, then rdfs:label, in the preferred language."""

    def __init__(self, store: ox.Store, graphs: list[ox.NamedNode], lang: str):
        self.store, self.graphs, self.lang = store, graphs, lang
        self.cache: dict[str, str | None] = {}

    def fetch(self, iris: set[str]) -> None:
        todo = [i for i in iris if i not in self.cache]
        for i in todo:
            self.cache[i] = None
        for start in range(0, len(todo), 200):
            chunk = todo[start:start + 200]
            values = " ".join(f"<{i}>" for i in chunk)
            q = f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?l {LABEL_FILTER} }}"
            cands: dict[str, list[tuple[int, str]]] = {}
            for row in self.store.query(q, default_graph=self.graphs):
                lit = row["l"]
                lang = getattr(lit, "language", None) or ""
                rank = (0 if row["p"].value == SKOS_PREF else 10) + (0 if lang == self.lang else 1 if lang == "de" else 2 if lang == "en" else 3)
                cands.setdefault(row["x"].value, []).append((rank, lit.value))
            for iri, options in cands.items():
                self.cache[iri] = sorted(options)[0][1]

    def get(self, iri: str) -> str:
        if iri not in self.cache:
            self.fetch({iri})
        return self.cache.get(iri) or fallback_label(iri)


def fallback_label(iri: str) -> str:
    c = curie(iri)
    if c != iri:
        return c
    tail = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return tail or iri


def labels_of(store: ox.Store, graphs: list[ox.NamedNode], iri: str) -> list[tuple[str, str, str]]:
    """All labels of a resource: (property curie, text, language)."""
    q = f"SELECT ?p ?l WHERE {{ <{iri}> ?p ?l FILTER(?p IN (<{SKOS_PREF}>, <{RDFS_LABEL}>, <http://www.w3.org/2004/02/skos/core#altLabel>)) }}"
    return sorted({(curie(r["p"].value), r["l"].value, getattr(r["l"], "language", None) or "") for r in store.query(q, default_graph=graphs)})


def heading_label(store: ox.Store, graphs: list[ox.NamedNode], iri: str, lang: str) -> str:
    lab = Labels(store, graphs, lang)
    return lab.get(iri)


@dataclass
class Ctx:
    """Per request: the build, store, graphs to read and the UI language."""

    request: Request
    site: Site
    build: Build
    info: BuildInfo
    store: ox.Store
    lang: str
    data_graphs: list[ox.NamedNode] = field(default_factory=list)
    label_graphs: list[ox.NamedNode] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.info.base_iri

    @property
    def root(self) -> str:
        return self.request.scope.get("root_path", "") or ""

    def href(self, iri: str) -> str:
        p = local_path(iri, self.base)
        return (self.root + p) if p is not None else iri

    def render(self, template: str, status: int = 200, headers: dict | None = None, **values) -> HTMLResponse:
        t = UI[self.lang]
        other = "en" if self.lang == "de" else "de"
        params = dict(self.request.query_params)
        params["lang"] = other
        switch = f"{self.request.url.path}?{urlencode(params)}"
        values.setdefault("title", "modgraph")
        return TEMPLATES.TemplateResponse(self.request, template, {
            "t": t, "lang": self.lang, "root": self.root, "switch_href": switch, "links": LINKS,
            "info": self.info, **values}, status_code=status, headers=headers)


def context(request: Request, s: Site = Depends(site)) -> Ctx:
    try:
        build, info, store = s.current()
    except StoreError as exc:
        raise HTTPException(503, str(exc)) from exc
    data = [ox.DefaultGraph()] if info.union_in_default_graph else [ox.NamedNode(g) for g in info.data_graphs]
    extra = [ox.NamedNode(graph_iri(info.base_iri, n)) for n in ("ontology",) if graph_iri(info.base_iri, n) in info.graphs]
    return Ctx(request, s, build, info, store, ui_lang(request), data, data + extra)


# ---------------------------------------------------------------------------------------------- describe

def describe_triples(ctx: Ctx, iri: str, graphs: list[ox.NamedNode] | None = None) -> list[ox.Triple]:
    """Outgoing triples, those of its #fragment nodes, incoming triples and labels of linked resources.

    Several small queries instead of one UNION: each stays an index lookup."""
    n, graphs = f"<{iri}>", graphs or ctx.label_graphs
    queries = [
        f"CONSTRUCT {{ {n} ?p ?o }} WHERE {{ {n} ?p ?o }}",
        f'CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {n} ?p0 ?s . FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{iri}#")) ?s ?p ?o }}',
        f"CONSTRUCT {{ ?s ?p {n} }} WHERE {{ ?s ?p {n} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {n} ?p0 ?s . FILTER(isIRI(?s)) ?s ?p ?o {LABEL_FILTER} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p0 {n} . ?s ?p ?o {LABEL_FILTER} }}",
    ]
    seen: dict[ox.Triple, None] = {}
    for q in queries:
        for t in ctx.store.query(q, default_graph=graphs):
            seen.setdefault(t, None)
    return list(seen)


def serialize(triples: list[ox.Triple], fmt: str) -> tuple[bytes, str]:
    media, ox_fmt = RDF_FORMATS[fmt]
    prefixes = PREFIXES if ox_fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=ox_fmt, prefixes=prefixes), media


def exists(ctx: Ctx, iri: str, graphs: list[ox.NamedNode] | None = None) -> bool:
    n = f"<{iri}>"
    return bool(ctx.store.query(f"ASK {{ {{ {n} ?p ?o }} UNION {{ ?s ?p {n} }} }}", default_graph=graphs or ctx.label_graphs))


def value_view(ctx: Ctx, term, labels: Labels) -> dict:
    if isinstance(term, ox.NamedNode):
        iri = term.value
        return {"kind": "iri", "iri": iri, "href": ctx.href(iri), "label": labels.get(iri), "local": local_path(iri, ctx.base) is not None}
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        show_dt = "" if dt.endswith("#string") or dt.endswith("#langString") else curie(dt)
        return {"kind": "literal", "text": term.value, "lang": term.language or "", "datatype": show_dt}
    return {"kind": "blank", "text": str(term)}


def property_table(ctx: Ctx, iri: str, labels: Labels, skip: set[str] = frozenset(), depth: int = 0) -> list[dict]:
    rows = list(ctx.store.query(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}", default_graph=ctx.label_graphs))
    labels.fetch({r["p"].value for r in rows} | {r["o"].value for r in rows if isinstance(r["o"], ox.NamedNode)})
    grouped: dict[str, list] = {}
    for r in rows:
        if r["p"].value in skip:
            continue
        grouped.setdefault(r["p"].value, []).append(r["o"])
    out = []
    for p, objs in grouped.items():
        values = []
        for o in sorted(objs, key=lambda t: (labels.get(t.value) if isinstance(t, ox.NamedNode) else lit_text(t)).lower()):
            v = value_view(ctx, o, labels)
            if v["kind"] == "iri" and depth < 2 and (v["iri"].startswith(iri + "#") or v["iri"].startswith(iri + "/")):
                v["nested"] = property_table(ctx, v["iri"], labels, depth=depth + 1)  # its own nodes: period, cost, status …
            values.append(v)
        out.append({"iri": p, "href": ctx.href(p), "label": labels.get(p), "curie": curie(p), "values": values})
    return sorted(out, key=lambda r: r["label"].lower())


def incoming(ctx: Ctx, iri: str, labels: Labels) -> tuple[list[dict], int]:
    q = f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> FILTER(isIRI(?s)) }} ORDER BY ?p ?s LIMIT {MAX_INCOMING + 1}"
    rows = list(ctx.store.query(q, default_graph=ctx.label_graphs))
    labels.fetch({r["s"].value for r in rows} | {r["p"].value for r in rows})
    out = [{"subject": value_view(ctx, r["s"], labels), "property": {"iri": r["p"].value, "href": ctx.href(r["p"].value),
            "label": labels.get(r["p"].value)}} for r in rows[:MAX_INCOMING]]
    return out, len(rows)


_PROVENANCE = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX mg: <https://w3id.org/modgraph/def#>
SELECT ?passage ?doc ?line ?exact ?prefix ?suffix WHERE {
  { BIND(%(n)s AS ?passage) %(n)s oa:hasSource ?doc } UNION { %(n)s prov:wasDerivedFrom ?passage . ?passage oa:hasSource ?doc }
  OPTIONAL { ?passage mg:line ?line }
  OPTIONAL { ?passage oa:hasSelector ?sel . ?sel oa:exact ?exact OPTIONAL { ?sel oa:prefix ?prefix } OPTIONAL { ?sel oa:suffix ?suffix } }
} ORDER BY ?doc ?line
"""


def provenance(ctx: Ctx, iri: str, labels: Labels) -> list[dict]:
    rows = list(ctx.store.query(_PROVENANCE % {"n": f"<{iri}>"}, default_graph=ctx.data_graphs))
    labels.fetch({r["doc"].value for r in rows})
    out, seen = [], set()
    for r in rows:
        key = r["passage"].value
        if key in seen or r["exact"] is None:
            continue
        seen.add(key)
        out.append({"passage": value_view(ctx, r["passage"], labels), "document": value_view(ctx, r["doc"], labels),
                    "line": r["line"].value if r["line"] else "", "exact": r["exact"].value,
                    "prefix": r["prefix"].value[-60:] if r["prefix"] else "", "suffix": r["suffix"].value[:60] if r["suffix"] else ""})
    return out


def related(ctx: Ctx, iri: str, labels: Labels) -> tuple[list[dict], list[dict]]:
    """The documents that mention the resource, and linked resources mentioned in other documents."""
    n = f"<{iri}>"
    docs = [r["d"] for r in ctx.store.query(f"SELECT DISTINCT ?d WHERE {{ {n} <{MG}mentionedIn> ?d }} ORDER BY ?d", default_graph=ctx.data_graphs)]
    q = f"""SELECT DISTINCT ?r ?d WHERE {{
      {{ {n} ?p ?r }} UNION {{ ?r ?p {n} }}
      FILTER(isIRI(?r) && ?r != {n})
      ?r <{MG}mentionedIn> ?d .
      FILTER NOT EXISTS {{ {n} <{MG}mentionedIn> ?d }}
    }} ORDER BY ?d ?r LIMIT 200"""
    rows = list(ctx.store.query(q, default_graph=ctx.data_graphs))
    labels.fetch({r["r"].value for r in rows} | {r["d"].value for r in rows} | {d.value for d in docs})
    rel = [{"resource": value_view(ctx, r["r"], labels), "document": value_view(ctx, r["d"], labels)} for r in rows]
    return [value_view(ctx, d, labels) for d in docs], rel


def resource_page(ctx: Ctx, iri: str, path: str, graphs: list[ox.NamedNode] | None = None) -> Response:
    """The HTML or RDF answer for one resource (404 if the graph does not know it)."""
    fmt = negotiate(ctx.request)
    alts = alternates(path)
    headers = {"Vary": "Accept", "Link": link_header(alts, ctx.root)}
    if fmt is None:
        return PlainTextResponse("406: ask for text/html, text/turtle, application/ld+json, application/n-triples or application/rdf+xml",
                                 status_code=406, headers=headers)
    graphs = graphs or ctx.label_graphs
    if not exists(ctx, iri, graphs):
        return not_found(ctx, iri, fmt)
    if fmt != "html":
        body, media = serialize(describe_triples(ctx, iri, graphs), fmt)
        return Response(body, media_type=media, headers=headers)
    labels = Labels(ctx.store, graphs, ctx.lang)
    label = labels.get(iri)
    types = [value_view(ctx, r["t"], labels) for r in ctx.store.query(f"SELECT DISTINCT ?t WHERE {{ <{iri}> a ?t }} ORDER BY ?t", default_graph=graphs)]
    labels.fetch({t["iri"] for t in types if t["kind"] == "iri"})
    for t in types:
        if t["kind"] == "iri":
            t["label"] = labels.get(t["iri"])
            t["class_href"] = ctx.root + "/class/" + class_slug(t["iri"])
    props = property_table(ctx, iri, labels, skip={RDF_TYPE})
    inc, inc_total = incoming(ctx, iri, labels)
    docs, rel = related(ctx, iri, labels)
    return ctx.render("resource.html", headers=headers, title=label, iri=iri, label=label, types=types,
                      all_labels=labels_of(ctx.store, graphs, iri), properties=props, incoming=inc,
                      incoming_more=inc_total > MAX_INCOMING, provenance=provenance(ctx, iri, labels),
                      warnings=ctx.site.warnings_for(ctx.build, iri), documents=docs, related=rel, alternates=alts)


def not_found(ctx: Ctx, iri: str, fmt: str = "html") -> Response:
    if fmt != "html":
        return PlainTextResponse(f"404: {iri} is not in the graph", status_code=404)
    return ctx.render("error.html", status=404, title=UI[ctx.lang]["not_found"], iri=iri)


def class_slug(iri: str) -> str:
    c = curie(iri)
    return quote(c, safe=":") if c != iri else "?iri=" + quote(iri, safe="")


# ---------------------------------------------------------------------------------------------- routes

@router.get("/", response_class=HTMLResponse, summary="Home page: programmes, documents, entry points")
def home(ctx: Ctx = Depends(context)):
    labels = Labels(ctx.store, ctx.label_graphs, ctx.lang)
    q = f"""SELECT ?p (COUNT(DISTINCT ?m) AS ?measures) (COUNT(DISTINCT ?f) AS ?fields) WHERE {{
      ?p a <{MG}Programme> .
      OPTIONAL {{ ?m <{MG}programme> ?p }}
      OPTIONAL {{ ?f <http://purl.org/dc/terms/isPartOf> ?p ; a <{MG}ActionField> }}
    }} GROUP BY ?p ORDER BY ?p"""
    rows = list(ctx.store.query(q, default_graph=ctx.data_graphs))
    labels.fetch({r["p"].value for r in rows})
    programmes = sorted(({"v": value_view(ctx, r["p"], labels), "measures": int(r["measures"].value),
                          "fields": int(r["fields"].value)} for r in rows), key=lambda x: x["v"]["label"].lower())
    documents = []
    for doc_id, doc in sorted(ctx.info.documents.items(), key=lambda kv: kv[1].get("issued", "")):
        iri = f"{ctx.base}id/document/{doc_id}"
        documents.append({"id": doc_id, "href": ctx.href(iri), "label": doc["label"], "issued": doc.get("issued", ""),
                          "records": doc.get("records", ""), "triples": ctx.info.graphs.get(doc["graph"], 0),
                          "dump": f"{ctx.root}/downloads/{doc_id}.ttl.gz"})
    classes = class_counts(ctx)[:12]
    labels.fetch({c["iri"] for c in classes})
    for c in classes:
        c["label"] = labels.get(c["iri"])
    return ctx.render("home.html", title="modgraph", programmes=programmes, documents=documents, classes=classes)


def class_counts(ctx: Ctx) -> list[dict]:
    q = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c"
    return [{"iri": r["c"].value, "n": int(r["n"].value), "href": ctx.root + "/class/" + class_slug(r["c"].value),
             "curie": curie(r["c"].value)} for r in ctx.store.query(q, default_graph=ctx.data_graphs)]


@router.get("/id/{path:path}", summary="Data IRI: 303 See Other to its description")
def identifier(path: str, request: Request):
    target = f"{request.scope.get('root_path', '')}/doc/{quote(path, safe='/:@!$&()*+,;=-._~')}"
    if request.url.query:
        target += "?" + request.url.query
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})


@router.get("/doc/{path:path}", summary="Description of a data IRI (HTML, Turtle, JSON-LD, N-Triples, RDF/XML)")
def document(path: str, ctx: Ctx = Depends(context)):
    iri = f"{ctx.base}id/{path}"
    try:
        node(iri)
    except ValueError:
        return not_found(ctx, iri)
    return resource_page(ctx, iri, f"/doc/{quote(path, safe='/:@!$&()*+,;=-._~')}")


@router.get("/class/", response_class=HTMLResponse, summary="Classes with instance counts (or ?iri= for one class)")
def classes(ctx: Ctx = Depends(context), iri: str | None = None, page: int = 1):
    if iri:
        return class_page(ctx, iri, page)
    rows = class_counts(ctx)
    labels = Labels(ctx.store, ctx.label_graphs, ctx.lang)
    labels.fetch({c["iri"] for c in rows})
    for c in rows:
        c["label"] = labels.get(c["iri"])
    return ctx.render("classes.html", title=UI[ctx.lang]["classes"], classes=rows)


@router.get("/class/{name}", response_class=HTMLResponse, summary="Instances of a class, paged")
def class_named(name: str, ctx: Ctx = Depends(context), page: int = 1):
    iri = expand(name)
    if iri is None:
        return not_found(ctx, name)
    return class_page(ctx, iri, page)


def class_page(ctx: Ctx, iri: str, page: int) -> Response:
    try:
        node(iri)
    except ValueError:
        return not_found(ctx, iri)
    page = max(page, 1)
    total = int(next(iter(ctx.store.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{iri}> }}", default_graph=ctx.data_graphs)))["n"].value)
    labels = Labels(ctx.store, ctx.label_graphs, ctx.lang)
    q = f"SELECT DISTINCT ?s WHERE {{ ?s a <{iri}> }} ORDER BY ?s LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}"
    rows = [r["s"] for r in ctx.store.query(q, default_graph=ctx.data_graphs)]
    labels.fetch({r.value for r in rows if isinstance(r, ox.NamedNode)} | {iri})
    items = [value_view(ctx, r, labels) for r in rows]
    pages = max(1, -(-total // PAGE_SIZE))
    base_href = ctx.root + "/class/" + class_slug(iri)
    sep = "&" if "?" in base_href else "?"
    nav = {"prev": f"{base_href}{sep}page={page - 1}" if page > 1 else None,
           "next": f"{base_href}{sep}page={page + 1}" if page < pages else None}
    headers = {"Link": ", ".join(f'<{v}>; rel="{k}"' for k, v in nav.items() if v)} if any(nav.values()) else None
    status = 404 if total == 0 and not exists(ctx, iri) else 200
    return ctx.render("class.html", status=status, headers=headers, title=labels.get(iri), iri=iri, label=labels.get(iri),
                      curie=curie(iri), href=ctx.href(iri), items=items, total=total, page=page, pages=pages, nav=nav,
                      first=(page - 1) * PAGE_SIZE + 1)


@router.get("/graph/{name:path}", summary="A named graph: summary page or its triples")
def named_graph(name: str, ctx: Ctx = Depends(context)):
    iri = graph_iri(ctx.base, name)
    if iri not in ctx.info.graphs:
        return not_found(ctx, iri, negotiate(ctx.request) or "html")
    path = f"/graph/{name}"
    fmt = negotiate(ctx.request)
    alts = alternates(path)
    headers = {"Vary": "Accept", "Link": link_header(alts, ctx.root)}
    if fmt is None:
        return PlainTextResponse("406", status_code=406, headers=headers)
    if fmt != "html":
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ctx.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))]
        body, media = serialize(triples, fmt)
        return Response(body, media_type=media, headers=headers)
    doc_id = next((d for d, v in ctx.info.documents.items() if v["graph"] == iri), None)
    document_href = ctx.href(f"{ctx.base}id/document/{doc_id}") if doc_id else None
    return ctx.render("graph.html", headers=headers, title=name, iri=iri, name=name, triples=ctx.info.graphs[iri],
                      in_default=iri in ctx.info.data_graphs, document_href=document_href,
                      dump=f"{ctx.root}/downloads/{doc_id}.ttl.gz" if doc_id else None, alternates=alts,
                      label=(ctx.info.documents[doc_id]["label"] if doc_id else name))


@router.get("/shapes", summary="The SHACL shapes (namespace of the shape IRIs): the shapes graph, by conneg")
def shapes_graph(ctx: Ctx = Depends(context)):
    return named_graph("shapes", ctx)


# ---- downloads, catalogue, VoID, robots, sitemap

def _downloads(ctx: Ctx) -> Path:
    return ctx.build.downloads


@router.get("/downloads/", response_class=HTMLResponse, summary="The dumps of the current build, with checksums")
def downloads(ctx: Ctx = Depends(context)):
    manifest_path = _downloads(ctx) / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    files = [{"name": n, **m, "href": f"{ctx.root}/downloads/{n}"} for n, m in manifest.items()]
    extra = sorted(p.name for p in _downloads(ctx).glob("*") if p.name not in manifest)
    return ctx.render("downloads.html", title=UI[ctx.lang]["downloads"], files=files, extra=extra)


DOWNLOAD_TYPES = {".gz": "application/gzip", ".ttl": "text/turtle", ".rdf": "application/rdf+xml", ".jsonld": "application/ld+json",
                  ".json": "application/json", ".xml": "application/xml"}


@router.get("/downloads/{name}", summary="One file of the current build's downloads")
def download(name: str, ctx: Ctx = Depends(context)):
    path = _downloads(ctx) / name
    if "/" in name or name.startswith(".") or not path.is_file():
        return not_found(ctx, f"{ctx.base}downloads/{name}")
    media = DOWNLOAD_TYPES.get(path.suffix, "application/octet-stream")
    headers = {"Cache-Control": "no-cache", "ETag": f'"{ctx.info.id}-{name}"'}
    if path.suffix == ".gz":
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return FileResponse(path, media_type=media, headers=headers)


def _profile(request: Request) -> str:
    wanted = request.query_params.get("profile", "")
    if not wanted:
        accept_profile = request.headers.get("accept-profile", "")
        wanted = next((p for p, iri in pub.PROFILES.items() if iri in accept_profile), "")
    return wanted if wanted in pub.PROFILES else pub.PROFILE_DE3


@router.get("/catalog", summary="The DCAT-AP.de catalogue (conneg; ?profile=dcat-ap-de-2.0 for the 2.0 form)")
def catalog(request: Request, ctx: Ctx = Depends(context)):
    fmt = negotiate(request, ("html", "ttl", "rdf", "jsonld"))
    return _catalog(ctx, fmt, _profile(request))


@router.get("/catalog.{ext}", summary="The DCAT-AP.de catalogue in one format (ttl, rdf, jsonld)")
def catalog_ext(ext: str, request: Request, ctx: Ctx = Depends(context)):
    if ext not in pub.CATALOG_FORMATS:
        return not_found(ctx, f"{ctx.base}catalog.{ext}")
    return _catalog(ctx, ext, _profile(request))


def _catalog(ctx: Ctx, fmt: str | None, profile: str) -> Response:
    alts = [{"href": f"/catalog.{e}", "media": m, "name": FORMAT_NAMES.get(e, e)} for e, (_, m) in pub.CATALOG_FORMATS.items()]
    headers = {"Vary": "Accept, Accept-Profile", "Link": link_header(alts, ctx.root) + f', <{pub.PROFILES[profile]}>; rel="profile"',
               "Content-Profile": f"<{pub.PROFILES[profile]}>"}
    if fmt is None:
        return PlainTextResponse("406", status_code=406, headers=headers)
    if fmt == "html":
        manifest_path = _downloads(ctx) / "manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
        return ctx.render("catalog.html", headers=headers, title=UI[ctx.lang]["catalog"], manifest=manifest,
                          profiles=pub.PROFILES, profile=profile, documents=ctx.info.documents, alternates=alts,
                          catalog_iri=pub.catalog_iri(ctx.base), licence=str(pub.LICENCE), licence_page=pub.LICENCE_PAGE)
    path = _downloads(ctx) / pub.catalog_file(profile, fmt)
    if not path.is_file():
        return PlainTextResponse("404: this build has no catalogue", status_code=404)
    return FileResponse(path, media_type=pub.CATALOG_FORMATS[fmt][1], headers=headers)


@router.get("/void", summary="VoID description: named graphs with triple counts, dumps, endpoint")
def void(request: Request, ctx: Ctx = Depends(context)):
    fmt = negotiate(request, ("ttl", "jsonld", "nt", "rdf"))
    if fmt is None:
        return PlainTextResponse("406", status_code=406)
    path = _downloads(ctx) / "void.ttl"
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    body, media = serialize(triples, fmt)
    return Response(body, media_type=media, headers={"Vary": "Accept"})


@router.get("/robots.txt", response_class=PlainTextResponse, summary="robots.txt")
def robots(ctx: Ctx = Depends(context)):
    return PlainTextResponse(f"User-agent: *\nDisallow: /sparql\nAllow: /\nSitemap: {ctx.base}sitemap.xml\n")


@router.get("/sitemap.xml", summary="Sitemap of the resource pages")
def sitemap(ctx: Ctx = Depends(context)):
    path = _downloads(ctx) / "sitemap.xml"
    if not path.is_file():
        return PlainTextResponse("404", status_code=404)
    return FileResponse(path, media_type="application/xml")


# ---- the ontology

@router.get("/def", summary="The ontology: HTML documentation or Turtle/JSON-LD/N-Triples/RDF-XML")
def ontology(ctx: Ctx = Depends(context)):
    from modgraph.web import ontology_docs

    return ontology_docs.ontology_response(ctx)


@router.get("/def/{path:path}", summary="Concepts and schemes in the ontology namespace")
def ontology_term(path: str, ctx: Ctx = Depends(context)):
    iri = f"{DEF}/{path}"
    try:
        node(iri)
    except ValueError:
        return not_found(ctx, iri)
    graphs = ctx.label_graphs + [ox.NamedNode(graph_iri(ctx.base, "shapes"))] if graph_iri(ctx.base, "shapes") in ctx.info.graphs else ctx.label_graphs
    return resource_page(ctx, iri, f"/def/{path}", graphs)
