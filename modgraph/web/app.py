"""The application factory: ``create_app(settings)`` wires routers, middleware and the worker pool."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from modgraph.settings import Settings

from modgraph.web import catalogue
from modgraph.web import deps as dependencies
from modgraph.web import description
from modgraph.web import editor
from modgraph.web import graphstore
from modgraph.web import pages
from modgraph.web import sparql
from modgraph.web import update
from modgraph.web.http import ApiError, Resources, error_response
from modgraph.web.workers import WorkerPool

STATIC = Path(__file__).parent / "static"
EXPOSED_HEADERS = ["ETag", "Last-Modified", "Modgraph-Truncated", "Modgraph-Max-Rows", "Modgraph-Result-Count", "Warning"]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.load()
    pool = WorkerPool(settings.query_workers, settings.query_timeout)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await pool.start()
        try:
            yield
        finally:
            await pool.stop()

    app = FastAPI(
        title="modgraph API",
        version="0.1.0",
        description=(
            "SPARQL 1.1 endpoint (read-only), Graph Store Protocol (read), service and VoID descriptions, "
            "and the query catalogue as REST endpoints over the modgraph knowledge graph. "
            "The default graph is the union of the source documents' graphs."
        ),
        lifespan=lifespan,
    )
    app.state.resources = Resources(settings, pool)
    app.state.catalogue = catalogue.read_catalogue(settings.queries_dir)
    app.state.deps_service = dependencies.DependencyService(settings)
    app.add_middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["*"], expose_headers=EXPOSED_HEADERS,
    )

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return error_response(ApiError(400, "bad-request", "; ".join(problems)))

    app.include_router(pages.router)  # before the editor: it owns "/"
    app.include_router(sparql.router)
    app.include_router(graphstore.router)
    app.include_router(description.router)
    app.include_router(catalogue.router_for(app.state.catalogue))
    app.include_router(editor.router)
    app.include_router(dependencies.router)
    if settings.write_token:
        app.include_router(update.router)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    return app
