"""The one error type of the web layer, and how errors are answered.

Every failure a route wants to answer raises :class:`WebError`. The answer is the JSON envelope
``{"error": code, "message": …, **details}`` (details that are None are left out), or the HTML page
``templates/error.html`` when the client prefers text/html (decided by ``modgraph.media.negotiate``:
a browser's ``text/html,…,*/*;q=0.8`` gets the page, curl's ``*/*`` and scripts get JSON).

FastAPI's and Starlette's own errors get the same envelope: request validation errors are 400
``bad-request`` (not 422), unknown paths 404 ``not-found``, wrong methods 405.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from modgraph.media import HTML, JSON, Format, media_types, negotiate
from modgraph.store.remote.store import SwitchInProgress
from modgraph.web.ui import UI, page_values, ui_lang

#: what an error is answered in
ERROR_FORMATS = (JSON, HTML)

#: the codes of Starlette's own errors
STATUS_CODES = {404: "not-found", 405: "method-not-allowed"}

#: the JSON envelope in OpenAPI
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message"],
    "additionalProperties": True,
    "properties": {
        "error": {"type": "string", "description": "machine-readable code, e.g. syntax-error"},
        "message": {"type": "string", "description": "what went wrong, for people"},
        "line": {"type": "integer", "description": "syntax-error: the line of the mistake (from 1)"},
        "column": {"type": "integer", "description": "syntax-error: its column (from 1, in characters)"},
        "hint": {"type": "string", "description": "syntax-error: how to fix it, when that can be told"},
        "excerpt": {"type": "string", "description": "syntax-error: the offending line and a caret under the column"},
    },
}


class WebError(Exception):
    """An error answered with ``status``: ``{"error": code, "message": message, **details}``."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **details):
        super().__init__(message)
        self.status, self.code, self.message, self.headers, self.details = status, code, message, headers or {}, details

    @property
    def body(self) -> dict:
        return {"error": self.code, "message": self.message, **{k: v for k, v in self.details.items() if v is not None}}


def acceptable(accept: str | None, offered: Sequence[Format], format_param: str | None = None) -> Format:
    """The negotiated format (``modgraph.media.negotiate``).

    :raises WebError: 400 ``bad-parameter`` for a ``?format=`` that names none of the offered formats,
        406 ``not-acceptable`` listing the offered media types when the Accept header accepts none.
    """
    fmt = negotiate(accept, offered, format_param)
    if fmt is None and format_param:
        names = [f.name for f in offered]
        raise WebError(
            400,
            "bad-parameter",
            f"'format' must be one of {', '.join(names)} (or their media types), not {format_param!r}",
            parameter="format",
            offered=media_types(offered),
        )
    if fmt is None:
        raise WebError(
            406,
            "not-acceptable",
            f"cannot answer with Accept: {accept!r}; offered: {', '.join(media_types(offered))}",
            offered=media_types(offered),
        )
    return fmt


def error_response(request: Request, exc: WebError) -> Response:
    """The error as JSON, or as the HTML error page for a client that prefers HTML."""
    if negotiate(request.headers.get("accept"), ERROR_FORMATS) is HTML:
        lang = ui_lang(request)
        title = UI[lang]["not_found"] if exc.status == 404 else f"{UI[lang]['error']} {exc.status}"
        templates = request.app.state.templates  # exception handlers get no Depends: the one shared instance
        return templates.TemplateResponse(
            request,
            "error.html",
            {
                **page_values(request, lang),
                "title": title,
                "error": exc.body,
                "status": exc.status,
                "iri": exc.details.get("iri"),
            },
            status_code=exc.status,
            headers=exc.headers,
        )
    return JSONResponse(exc.body, status_code=exc.status, headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    """Answer WebError, validation errors and Starlette's 404/405 the same way."""

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        return error_response(request, exc)

    @app.exception_handler(SwitchInProgress)
    async def _switching(request: Request, exc: SwitchInProgress) -> Response:
        # a SPARQL server as the store: a page's query met a switch it could not wait out (store/remote/store.py)
        return error_response(request, WebError(503, "switching", str(exc), headers={"Retry-After": "1"}))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return error_response(request, WebError(400, "bad-request", "; ".join(problems)))

    @app.exception_handler(StarletteHTTPException)
    async def _starlette_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = STATUS_CODES.get(exc.status_code, "http-error")
        return error_response(
            request, WebError(exc.status_code, code, str(exc.detail), headers=dict(exc.headers or {}))
        )
