"""The SPARQL editor page: YASGUI served from ``web/static/vendor`` (installed from npm, never a CDN)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from modgraph.settings import Settings
from modgraph.web.catalogue import CatalogueQuery, describe
from modgraph.web.resources import get_catalogue, get_settings, get_templates

router = APIRouter(tags=["Editor"])
VENDOR = Path(__file__).parent / "static" / "vendor"


@router.get(
    "/editor", response_class=HTMLResponse, summary="SPARQL editor (YASGUI) with the query catalogue as examples"
)
async def editor(
    request: Request,
    settings: Settings = Depends(get_settings),
    catalogue: list[CatalogueQuery] = Depends(get_catalogue),
    templates: Jinja2Templates = Depends(get_templates),
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "editor.html",
        {
            "examples": [describe(q, str(request.base_url)) for q in catalogue],
            "assets_built": (VENDOR / "yasgui" / "yasgui.min.js").is_file(),
            "settings": settings,
        },
    )
