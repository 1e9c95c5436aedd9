"""The SPARQL editor page: YASGUI served from api/static/vendor (built by scripts/build-assets.sh, never a CDN)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from modgraph.web.catalogue import describe

router = APIRouter(tags=["Editor"])
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
VENDOR = Path(__file__).parent / "static" / "vendor"


@router.get("/editor", response_class=HTMLResponse, summary="SPARQL editor (YASGUI) with the query catalogue as examples")
async def editor(request: Request) -> HTMLResponse:
    examples = [describe(q, str(request.base_url)) for q in request.app.state.catalogue]
    return templates.TemplateResponse(request, "editor.html", {
        "examples": examples,
        "assets_built": (VENDOR / "yasgui" / "yasgui.min.js").is_file(),
        "settings": request.app.state.resources.settings,
    })
