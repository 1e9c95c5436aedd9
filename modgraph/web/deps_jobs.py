"""What runs inside a worker for a dependency analysis (``/deps/...``): the same serializers as the CLI.

The worker keeps a ``DependencyService`` per store, which reads the projection written at publication time
(``modgraph.deps.stored``) once per published build and caches the views of the questions; the web process only sends the question and gets bytes back, so a
runaway analysis is stopped like a runaway query (``modgraph.web.workers``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from modgraph.deps import analysis as da
from modgraph.deps import export as gx
from modgraph.deps import results
from modgraph.deps.results import Selection, UnknownNode
from modgraph.deps.stored import DependencyService
from modgraph.relations import UnknownRelation
from modgraph.settings import Settings
from modgraph.store.builds import Build, BuildInfo, StoreError
from modgraph.web.execution import StoreCache

#: errors of the dependency layer → (status, error code), the first match wins
ERRORS: tuple[tuple[type[Exception], int, str], ...] = (
    (StoreError, 503, "no-build"),
    (UnknownRelation, 400, "bad-parameter"),
    (UnknownNode, 404, "unknown-node"),
    (da.CycleError, 409, "cycle"),
    (da.AnalysisError, 400, "bad-parameter"),
)
Scope = tuple[str, tuple[str, ...] | None, tuple[str, ...] | None, tuple[str, ...] | None]


@dataclass(frozen=True)
class DepsJob:
    settings: Settings
    analysis: str  # the name of a serializer in ``modgraph.deps.results``
    scope: Scope | None  # (relations, documents, programmes, kinds) → a Selection; None → the projection itself
    args: tuple = ()
    export: str | None = None  # None: the result's JSON; else a format of ``modgraph.deps.export``
    #: a SPARQL server as the store: the directory holding the projection of its served build, and that
    #: build's info (``modgraph.web.remote.remote_projection``); None: the local published build
    remote: tuple[str, BuildInfo] | None = None


@dataclass(frozen=True)
class DepsOutcome:
    body: bytes = b""
    media_type: str = "application/json"
    filename: str | None = None
    error: tuple[int, str, str] | None = None  # (status, code, message)
    next_offset: int | None = None  # a paged answer (JSON) that has a next page: where it starts


def _error(exc: Exception) -> tuple[int, str, str] | None:
    for kind, status, code in ERRORS:
        if isinstance(exc, kind):
            return status, code, str(exc)
    return None


def _json(body: dict) -> bytes:
    """As Starlette's ``JSONResponse`` renders it."""
    return json.dumps(body, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode("utf-8")


def run_deps_task(job: DepsJob, cache: StoreCache) -> DepsOutcome:
    """Run the serializer on the published projection (or the question's view of it); errors as outcomes."""
    services = cache.extras.setdefault("deps", {})
    key = f"{job.settings.store}|{'remote' if job.remote else 'local'}"
    if key not in services:
        services[key] = DependencyService(job.settings)
    service = services[key]
    if job.remote is not None:
        directory, info = job.remote
        service.source = lambda: (Build(Path(directory)), info)
    try:
        subject = service.projection() if job.scope is None else Selection(*service.view(*job.scope))
        result = getattr(results, job.analysis)(subject, *job.args)
    except Exception as exc:  # only the dependency layer's own errors are answered; the rest propagate
        error = _error(exc)
        if error is None:
            raise
        return DepsOutcome(error=error)
    if job.export is None:
        return DepsOutcome(_json(result.body), next_offset=result.body.get("next_offset"))
    if result.graph is None:
        return DepsOutcome(error=(400, "bad-parameter", "this result has no graph to export; use format=json"))
    data, media = gx.export(result.graph, job.export)
    return DepsOutcome(data, media, f"{result.name}.{gx.FORMATS[job.export][1]}")
