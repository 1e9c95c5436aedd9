"""What every linked-data page needs: the request's build, store, graphs and language (:class:`Ctx`),
where an IRI is dereferenced on this server, the negotiated page format, and values for templates.

>>> local_path("https://w3id.org/modgraph/def#Measure", "https://example.org/")
'/def#Measure'
>>> local_path("https://example.org/id/measure/a b", "https://example.org/")
'/doc/measure/a%20b'
>>> local_path("https://example.org/catalog#dataset", "https://example.org/")
'/catalog#dataset'
>>> local_path("https://elsewhere.example/x", "https://example.org/") is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from string import Template
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from modgraph.iris import DEF, PREFIXES, catalog_iri, curie, graph_iri, id_path
from modgraph.media import PAGE_FORMATS, Format
from modgraph.store.builds import Build, BuildInfo, StoreError
from modgraph.store.reading import CurrentReader
from modgraph.web.errors import WebError, acceptable
from modgraph.web.execution import serialize_triples
from modgraph.web.labels import Labels
from modgraph.web.page_queries import EXISTS, ask, construct, select
from modgraph.web.resources import ValidationWarnings, get_reader, get_templates, get_warnings
from modgraph.web.ui import page_values, root_path, ui_lang


class Lang(StrEnum):
    """The values ``?lang=`` takes (another value: 400); the languages of ``ui.json`` (a test keeps them equal)."""

    DE = "de"
    EN = "en"


#: characters left as they are when a path of a data IRI becomes a URL path
PATH_SAFE = "/:@!$&'()*+,;=-._~"


def doc_path(path: str) -> str:
    """The URL path of the page of ``{base}id/{path}``."""
    return "/doc/" + quote(path, safe=PATH_SAFE)


def local_path(iri: str, base: str) -> str | None:
    """The path on this server that dereferences an IRI (None for IRIs of other sites)."""
    if iri.startswith(DEF):
        rest = iri[len(DEF) :]
        if rest == "" or rest.startswith(("#", "/")):
            return "/def" + rest
    path = id_path(iri, base)
    if path is not None:
        doc, _, frag = path.partition("#")
        return doc_path(doc) + (f"#{frag}" if frag else "")
    if iri.startswith(catalog_iri(base)):
        return "/catalog" + iri[len(catalog_iri(base)) :]
    if iri.startswith(base):
        return "/" + iri[len(base) :]
    return None


def alternates(path: str, formats: Sequence[Format] = PAGE_FORMATS) -> list[dict]:
    """The same page in each format: for the page's format links and its Link header."""
    return [
        {"format": f.name, "name": f.label, "media": f.media_type, "href": f"{path}?format={f.name}"} for f in formats
    ]


def link_header(alts: list[dict], root: str) -> str:
    return ", ".join(f'<{root}{a["href"]}>; rel="alternate"; type="{a["media"]}"' for a in alts)


def dump_href(ctx: Ctx, document: str) -> str:
    """The link to a source document's dump (``modgraph.publish.dumps.write_dumps`` names them)."""
    return f"{ctx.root}/downloads/{document}.ttl.gz"


def class_slug(iri: str) -> str:
    """The part after /class/ that names a class: its CURIE, else ``?iri=…``."""
    short = curie(iri)
    return quote(short, safe=":") if short != iri else "?iri=" + quote(iri, safe="")


def rdf_response(triples: list[ox.Triple], fmt: Format, headers: dict | None = None) -> Response:
    """Triples in an RDF syntax (Turtle and RDF/XML with the known prefixes)."""
    return Response(serialize_triples(triples, fmt.oxigraph, PREFIXES), media_type=fmt.content_type, headers=headers)


def graph_triples(store: ox.Store, graph: str) -> list[ox.Triple]:
    return [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]


@dataclass
class Ctx:
    """Per request: the build, its store, the graphs to read, the UI language and the templates."""

    request: Request
    templates: Jinja2Templates
    warnings: ValidationWarnings
    build: Build
    info: BuildInfo
    store: ox.Store
    lang: str
    data_graphs: list = field(default_factory=list)  # where the data is: the default graph or the data graphs
    label_graphs: list = field(default_factory=list)  # the data and the ontology (labels of its terms)

    @property
    def base(self) -> str:
        return self.info.base_iri

    @property
    def root(self) -> str:
        return root_path(self.request)

    def href(self, iri: str) -> str:
        path = local_path(iri, self.base)
        return (self.root + path) if path is not None else iri

    def graph(self, name: str) -> ox.NamedNode | None:
        """A named graph of the build (``ontology``, ``shapes``, a document id), None if absent or empty."""
        iri = graph_iri(self.base, name)
        return ox.NamedNode(iri) if self.info.graphs.get(iri) else None

    def labels(self, graphs: list | None = None) -> Labels:
        return Labels(self.store, graphs or self.label_graphs, self.lang)

    def page_format(self, offered: Sequence[Format] = PAGE_FORMATS) -> Format:
        """The negotiated format of this page (``?format=`` or Accept).

        :raises WebError: 406 listing the offered media types.
        """
        return acceptable(self.request.headers.get("accept"), offered, self.request.query_params.get("format"))

    def select(
        self, template: Template, graphs: list, values: list[str] | None = None, **inputs: str | int
    ) -> list[ox.QuerySolution]:
        """``page_queries.select`` on this build's store."""
        return select(self.store, template, graphs, values=values, **inputs)

    def construct(self, template: Template, graphs: list, **inputs: str | int) -> list[ox.Triple]:
        """``page_queries.construct`` on this build's store."""
        return construct(self.store, template, graphs, **inputs)

    def exists(self, iri: str, graphs: list | None = None) -> bool:
        """Whether the graphs (default: data and ontology) have a triple with the IRI as subject or object."""
        return ask(self.store, EXISTS, graphs or self.label_graphs, node=iri)

    def not_found(self, iri: str) -> WebError:
        return WebError(404, "not-found", f"{iri} is not in the graph", iri=iri)

    def render(self, template: str, status: int = 200, headers: dict | None = None, **values) -> HTMLResponse:
        values.setdefault("title", "modgraph")
        return self.templates.TemplateResponse(
            self.request,
            template,
            {**page_values(self.request, self.lang), "info": self.info, **values},
            status_code=status,
            headers=headers,
        )

    def value_view(self, term, labels: Labels) -> dict:
        """A term as the templates show it (macros.html ``value``)."""
        if isinstance(term, ox.NamedNode):
            iri = term.value
            return {
                "kind": "iri",
                "iri": iri,
                "href": self.href(iri),
                "label": labels.get(iri),
                "local": local_path(iri, self.base) is not None,
            }
        if isinstance(term, ox.Literal):
            dt = term.datatype.value if term.datatype else ""
            shown = "" if dt.endswith(("#string", "#langString")) else curie(dt)
            return {"kind": "literal", "text": term.value, "lang": term.language or "", "datatype": shown}
        return {"kind": "blank", "text": str(term)}


def context(
    request: Request,
    reader: CurrentReader = Depends(get_reader),
    templates: Jinja2Templates = Depends(get_templates),
    warnings: ValidationWarnings = Depends(get_warnings),
    lang: Lang | None = Query(None, description="Language of the page (default: by Accept-Language, else de)"),
) -> Ctx:
    """FastAPI dependency: the page context of a request (``lang`` is read by ``ui_lang``; declared here
    so that it is validated and documented).

    :raises WebError: 503 ``no-build`` when nothing has been published.
    """
    try:
        build, info, store = reader.get()
    except StoreError as exc:
        raise WebError(503, "no-build", str(exc)) from exc
    data = [ox.DefaultGraph()] if info.union_in_default_graph else [ox.NamedNode(g) for g in info.data_graphs]
    ontology = graph_iri(info.base_iri, "ontology")
    extra = [ox.NamedNode(ontology)] if ontology in info.graphs else []
    return Ctx(request, templates, warnings, build, info, store, ui_lang(request), data, data + extra)
