"""The API's documentation: the OpenAPI document, and Swagger UI (/docs) and ReDoc (/redoc) served from
``web/static/vendor`` (installed from npm), so that reading the documentation needs no other host.

ReDoc's bundle draws the "API docs by Redocly" logo from ``cdn.redoc.ly`` whatever its options say;
``/docs/redoc.standalone.js`` serves the vendored bundle with that one URL replaced by an empty
``data:`` URL (the logo component hides itself when its image does not load).

The OpenAPI document says what the app really answers: the routes declare their statuses and media
types from the one table of ``web/responses.py``; FastAPI's automatic 422 responses become 400
(``install_error_handlers`` answers validation errors with 400), and every error response carries
the error envelope's schema (``Error``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, Response

from modgraph.media import JAVASCRIPT
from modgraph.web.errors import ERROR_SCHEMA, WebError
from modgraph.web.responses import ERROR_CONTENT, STATUS
from modgraph.web.ui import root_path

router = APIRouter(include_in_schema=False)

VENDOR = "/static/vendor"
REDOC_BUNDLE = Path(__file__).parent / "static" / "vendor" / "redoc" / "redoc.standalone.js"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


FAVICON = f"{VENDOR}/swagger-ui/favicon-32x32.png"


def _url(request: Request, path: str) -> str:
    return root_path(request) + path


def _page(request: Request, viewer: str) -> dict:
    """What both documentation pages are given: the OpenAPI document's URL and a title."""
    return {"openapi_url": _url(request, request.app.openapi_url), "title": f"{request.app.title} – {viewer}"}


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        **_page(request, "Swagger UI"),
        swagger_favicon_url=_url(request, FAVICON),
        swagger_js_url=_url(request, f"{VENDOR}/swagger-ui/swagger-ui-bundle.js"),
        swagger_css_url=_url(request, f"{VENDOR}/swagger-ui/swagger-ui.css"),
        oauth2_redirect_url=_url(request, "/docs/oauth2-redirect"),
    )


@router.get("/docs/oauth2-redirect")
def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    return get_redoc_html(
        **_page(request, "ReDoc"),
        redoc_js_url=_url(request, "/docs/redoc.standalone.js"),
        redoc_favicon_url=_url(request, FAVICON),
        with_google_fonts=False,
    )


@lru_cache(maxsize=1)
def _offline_redoc(mtime: float) -> bytes:
    return REDOC_BUNDLE.read_bytes().replace(REDOC_LOGO.encode(), b"data:,")


@router.get("/docs/redoc.standalone.js")
def redoc_bundle() -> Response:
    """The vendored ReDoc bundle without its one request to another host.

    :raises WebError: 404 when the npm assets are not installed.
    """
    if not REDOC_BUNDLE.is_file():
        raise WebError(404, "not-found", "ReDoc is not installed (npm install; see web/README.md)")
    return Response(
        _offline_redoc(REDOC_BUNDLE.stat().st_mtime),
        media_type=JAVASCRIPT.content_type,
        headers={"Cache-Control": "public, max-age=3600"},
    )


def _declare_errors(schema: dict) -> dict:
    """422 → 400, and the ``Error`` schema on every 4xx and 5xx response."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            if responses.pop("422", None) is not None:
                responses.setdefault("400", {"description": STATUS[400]})
            for status, response in responses.items():
                if status[:1] in "45":
                    response.setdefault("content", ERROR_CONTENT)
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` (served at /openapi.json) declare the errors the app really answers."""

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = _declare_errors(
                get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend the schema
