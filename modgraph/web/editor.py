"""The SPARQL editor page (YASGUI served from ``web/static/vendor``, installed from npm, never a CDN) in the site's
frame (navigation, de/en), and what its result table asks the server: ``POST /editor/terms``, the label, the
CURIE (``modgraph.iris.PREFIXES``) and the page on this server of each IRI a result shows.

The table itself is drawn in the browser (``static/editor.js``, a YASR plugin); the terms are looked up here
because the labels (``labels.Labels``: prefLabel before label, the reader's language first) and the local
paths (``page_context.local_path``) are the server's, and the pages use the same ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from modgraph.iris import PREFIXES, curie
from modgraph.settings import Settings
from modgraph.store.builds import StoreError
from modgraph.store.reading import CurrentReader
from modgraph.web.catalogue import CatalogueQuery, describe
from modgraph.web.page_context import Ctx, Lang, context, local_path
from modgraph.web.resources import get_catalogue, get_reader, get_settings, get_templates
from modgraph.web.responses import responses
from modgraph.web.ui import page_values, script_strings, ui_lang

router = APIRouter(tags=["Editor"])
VENDOR = Path(__file__).parent / "static" / "vendor"
#: at most this many IRIs per ``/editor/terms`` request (the table asks for the rows it shows)
MAX_TERMS = 2000
#: the longest IRI looked up
MAX_IRI = 4096


@router.get(
    "/editor", response_class=HTMLResponse, summary="SPARQL editor (YASGUI) with the query catalogue as examples"
)
async def editor(
    request: Request,
    settings: Settings = Depends(get_settings),
    catalogue: list[CatalogueQuery] = Depends(get_catalogue),
    templates: Jinja2Templates = Depends(get_templates),
    reader: CurrentReader = Depends(get_reader),
    lang: Lang | None = Query(None, description="Language of the page (default: by Accept-Language, else de)"),
) -> HTMLResponse:
    language = ui_lang(request)
    values = page_values(request, language)
    try:
        info = reader.get()[1]
    except StoreError:  # the editor works without a build; the endpoint answers 503 to its queries
        info = None
    return templates.TemplateResponse(
        request,
        "editor.html",
        {
            **values,
            "title": values["t"]["sparql"],
            "info": info,
            "examples": [describe(q, str(request.base_url)) for q in catalogue],
            "assets_built": (VENDOR / "yasgui" / "yasgui.min.js").is_file(),
            "settings": settings,
            "page_config": {
                "lang": language,
                "root": values["root"],
                "prefixes": PREFIXES,
                "strings": script_strings(language, "editor_"),
            },
        },
    )


def absolute_iri(text: str) -> str:
    """The text, if pyoxigraph takes it as an IRI.

    :raises ValueError: it does not (the request is answered 400 naming the item).
    """
    try:
        ox.NamedNode(text)
    except ValueError:
        raise ValueError(f"not an IRI: {text!r}") from None
    return text


class TermsRequest(BaseModel):
    """The IRIs a result table shows."""

    iris: list[Annotated[str, StringConstraints(min_length=1, max_length=MAX_IRI), AfterValidator(absolute_iri)]] = (
        Field(max_length=MAX_TERMS, description=f"at most {MAX_TERMS} IRIs")
    )


TERMS_SCHEMA = {
    "type": "object",
    "required": ["terms"],
    "properties": {
        "terms": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["curie", "href", "local"],
                "properties": {
                    "label": {"type": ["string", "null"]},
                    "curie": {"type": "string"},
                    "href": {"type": "string"},
                    "local": {"type": "boolean"},
                },
            },
        }
    },
}


def term_view(ctx: Ctx, iri: str, label: str | None) -> dict:
    """One IRI as the result table shows it: its label (None: it has none), CURIE (the IRI itself when no
    prefix fits), the link (the page on this server, else the IRI) and whether that link is local."""
    local = local_path(iri, ctx.base) is not None
    return {"label": label, "curie": curie(iri), "href": ctx.href(iri), "local": local}


@router.post(
    "/editor/terms",
    summary="Labels, CURIEs and local links of the IRIs of a result table (the editor's table asks)",
    response_class=JSONResponse,
    responses=responses(["application/json"], 400, 503, ok_schema=TERMS_SCHEMA),
)
def terms(body: TermsRequest, ctx: Ctx = Depends(context)) -> JSONResponse:
    """The terms of ``body.iris`` in the language of ``?lang=`` (labels from the data and the ontology graphs).

    :raises WebError: 503 ``no-build`` when nothing has been published; 400 for a body that is not the schema.
    """
    wanted = list(dict.fromkeys(body.iris))
    labels = ctx.labels()
    labels.fetch(set(wanted))
    return JSONResponse({"terms": {iri: term_view(ctx, iri, labels.cache.get(iri)) for iri in wanted}})
