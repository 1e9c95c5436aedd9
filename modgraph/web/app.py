"""The application factory: ``create_app(settings)`` creates the shared resources and wires the routers.

The resources (settings, the published-build reader, the query worker pool, templates, the query
catalogue) are created here once and stored on ``app.state``; routes get
them through the ``Depends`` functions of ``web/resources.py``. The worker pool's processes are
started and stopped by the lifespan.
"""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from modgraph.settings import Settings
from modgraph.store.remote.probe import require_no_federation
from modgraph.web import (
    catalogue,
    deps,
    docs,
    editor,
    graphstore,
    ontology_docs,
    pages,
    publication,
    releases,
    review,
    sparql,
    update,
)
from modgraph.web.charts.routes import router as charts_router
from modgraph.web.errors import install_error_handlers
from modgraph.web.resources import store_state
from modgraph.web.search import router as search_router
from modgraph.web.workers import WorkerPool

STATIC = Path(__file__).parent / "static"
EXPOSED_HEADERS = [
    "ETag",
    "Last-Modified",
    "Modgraph-Truncated",
    "Modgraph-Max-Rows",
    "Modgraph-Result-Count",
    "Modgraph-Cache",
    "Warning",
]
DESCRIPTION = (
    "SPARQL 1.1 endpoint (read-only), Graph Store Protocol (read), service and VoID descriptions, "
    "and the query catalogue as REST endpoints over the modgraph knowledge graph. "
    "The default graph is the union of the source documents' graphs."
)


def create_app(settings: Settings) -> FastAPI:
    """The whole web application over the store that ``settings`` name."""
    pool = WorkerPool(settings.query_workers, settings.query_timeout, settings.worker_memory, settings.client_queries)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        res = app.state.resources
        if res.remote is not None:  # a SPARQL server as the store: refuse one that federates (store/remote/probe.py)
            await asyncio.to_thread(require_no_federation, res.remote)
        await pool.start()
        try:
            yield
        finally:
            await pool.stop()
            if res.remote_endpoint is not None:
                await res.remote_endpoint.close()

    app = FastAPI(
        title="modgraph API", version="0.1.0", description=DESCRIPTION, lifespan=lifespan, docs_url=None, redoc_url=None
    )
    queries = catalogue.read_catalogue(settings.queries_dir)
    store_state(app.state, settings, pool, queries)
    app.add_middleware(sparql.SparqlFastPath)  # inside CORS: queries skip the router (web/sparql.py)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=EXPOSED_HEADERS,
    )
    install_error_handlers(app)
    docs.install_openapi(app)

    app.include_router(pages.router)  # before the editor: it owns "/"
    app.include_router(publication.router)
    app.include_router(releases.router)
    app.include_router(search_router)
    app.include_router(charts_router)
    app.include_router(ontology_docs.router)
    app.include_router(sparql.router)
    app.include_router(graphstore.router)
    app.include_router(catalogue.router_for(queries))
    app.include_router(editor.router)
    app.include_router(deps.router)
    app.include_router(docs.router)
    app.include_router(review.router)  # drafts to review: local clients only (modgraph.web.review)
    if settings.write_token:
        app.include_router(update.router)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    return app
