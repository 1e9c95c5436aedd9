"""Full-text search of the published build: ``/search?q=…`` as a page, JSON for machines.

    /search?q=…&kind=…&document=…&programme=…&city=…&status=…&year=…&limit=&offset=

HTML for browsers; ``Accept: application/json`` or ``?format=json`` gives
``{"total", "mode", "terms", "hits": [{"iri", "label", "kind", "document", "snippet"}], "facets": {…}}``
(``snippet`` is HTML: the passage escaped, the matches in ``<mark>``). Each facet parameter may be
repeated (any of its values). The index is the published build's (``modgraph.search``), opened once per
build.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from modgraph.media import HTML, JSON
from modgraph.search import Results, SearchError, SearchIndex
from modgraph.search.extract_queries import FACETS
from modgraph.store.builds import Build
from modgraph.web.errors import WebError
from modgraph.web.labels import Labels
from modgraph.web.page_context import Ctx, context
from modgraph.web.responses import ERROR_CONTENT, STATUS, format_query
from modgraph.web.ui import UI

router = APIRouter(tags=["Search"])

SEARCH_FORMATS = (HTML, JSON)
PAGE_HITS = 20
MAX_OFFSET = 10_000

HIT_SCHEMA = {
    "type": "object",
    "required": ["iri", "label", "kind", "document", "snippet"],
    "properties": {
        "iri": {"type": "string"},
        "label": {"type": "string"},
        "kind": {"type": "string", "description": "IRI of the resource's main class"},
        "document": {"type": ["string", "null"], "description": "IRI of its source document"},
        "snippet": {"type": "string", "description": "HTML: the best passage, matches in <mark>"},
        "score": {"type": "number"},
    },
}
FACET_VALUE = {
    "type": "object",
    "required": ["value", "label", "count", "selected"],
    "properties": {
        "value": {"type": "string"},
        "label": {"type": "string"},
        "count": {"type": "integer"},
        "selected": {"type": "boolean"},
    },
}
SEARCH_SCHEMA = {
    "type": "object",
    "required": ["total", "hits", "facets"],
    "properties": {
        "query": {"type": "string"},
        "terms": {"type": "array", "items": {"type": "string"}},
        "mode": {"type": "string", "enum": ["all", "any"]},
        "total": {"type": "integer"},
        "hits": {"type": "array", "items": HIT_SCHEMA},
        "facets": {
            "type": "object",
            "properties": {f: {"type": "array", "items": FACET_VALUE} for f in FACETS},
        },
    },
}
RESPONSES: dict[int | str, dict] = {
    200: {
        "description": "The hits, best first, and the facet counts",
        "content": {HTML.media_type: {"schema": {"type": "string"}}, JSON.media_type: {"schema": SEARCH_SCHEMA}},
    },
    **{s: {"description": STATUS[s], "content": ERROR_CONTENT} for s in (400, 406, 503)},
}

_indexes: dict[str, SearchIndex] = {}


def index_of(build: Build) -> SearchIndex:
    """The open index of a build (the last two builds' are kept open).

    :raises WebError: 503 ``no-search-index`` for a build written before search existed.
    """
    key = str(build.path)
    if key not in _indexes:
        try:
            found = SearchIndex.open(build)
        except SearchError as exc:
            raise WebError(503, "no-search-index", str(exc)) from exc
        while len(_indexes) >= 2:
            _indexes.pop(next(iter(_indexes)))
        _indexes[key] = found
    return _indexes[key]


def _facet_param(name: str):
    return Query(None, description=f"Only hits with this {name} (IRI; a year for year); repeat for any of several")


def as_json(results: Results) -> dict:
    return {
        "query": results.query,
        "terms": results.terms,
        "mode": results.mode,
        "total": results.total,
        "hits": [
            {
                "iri": h.iri,
                "label": h.label,
                "kind": h.kind,
                "document": h.document,
                "snippet": h.snippet,
                "score": h.score,
            }
            for h in results.hits
        ],
        "facets": results.facets,
    }


@router.get(
    "/search", summary="Full-text search (German analysis, facets)", response_class=Response, responses=RESPONSES
)
def search(
    ctx: Ctx = Depends(context),
    q: str = Query("", max_length=500, description="The words to find (German inflection, compounds, ä/ae)"),
    kind: list[str] | None = _facet_param("class"),
    document: list[str] | None = _facet_param("source document"),
    programme: list[str] | None = _facet_param("programme"),
    city: list[str] | None = _facet_param("city or state"),
    status: list[str] | None = _facet_param("latest status"),
    year: list[str] | None = _facet_param("year"),
    limit: int = Query(PAGE_HITS, ge=1, le=100, description="Hits per page"),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Hits skipped"),
    format: str | None = format_query(SEARCH_FORMATS),
):
    fmt = ctx.page_format(SEARCH_FORMATS)
    filters = {
        "kind": kind or [],
        "document": document or [],
        "programme": programme or [],
        "city": city or [],
        "status": status or [],
        "year": year or [],
    }
    results = index_of(ctx.build).search(q, filters, limit=limit, offset=offset, lang=ctx.lang)
    if fmt.name == JSON.name:
        return JSONResponse(as_json(results), headers={"Vary": "Accept"})
    return render(ctx, results, filters, limit, offset)


def render(ctx: Ctx, results: Results, filters: dict[str, list[str]], limit: int, offset: int) -> Response:
    labels = ctx.labels()
    labels.fetch({h.kind for h in results.hits if h.kind} | {h.document for h in results.hits if h.document})
    params = [("q", results.query)] + [(f, v) for f, vs in filters.items() for v in vs]
    if ctx.lang != "de":
        params.append(("lang", ctx.lang))

    def href(toggle: tuple[str, str] | None = None, at: int = 0) -> str:
        chosen = [p for p in params if p != toggle]
        if toggle is not None and toggle not in params:
            chosen.append(toggle)
        if at:
            chosen.append(("offset", str(at)))
        return f"{ctx.root}/search?{urlencode(chosen)}"

    facets = {
        f: [{**v, "href": href((f, v["value"]))} for v in values] for f, values in results.facets.items() if values
    }
    hits = [
        {
            "iri": h.iri,
            "href": ctx.href(h.iri),
            "label": h.label,
            "kind": _label(labels, h.kind),
            "document": _label(labels, h.document),
            "document_href": ctx.href(h.document) if h.document else None,
            "snippet": h.snippet,
        }
        for h in results.hits
    ]
    nav = {
        "prev": href(at=max(0, offset - limit)) if offset > 0 else None,
        "next": href(at=offset + limit) if offset + limit < results.total else None,
    }
    return ctx.render(
        "search.html",
        title=f"{UI[ctx.lang]['search']}: {results.query}" if results.query else UI[ctx.lang]["search"],
        q=results.query,
        results=results,
        hits=hits,
        facets=facets,
        selected=[(f, v) for f, vs in filters.items() for v in vs],
        first=offset + 1,
        nav=nav,
        json_href=href() + "&format=json",
    )


def _label(labels: Labels, iri: str | None) -> str:
    return labels.get(iri) if iri else ""
