"""HTTP plumbing shared by every endpoint: the published build, errors, caching validators."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from modgraph.settings import Settings
from modgraph.store.builds import Build, BuildInfo, StoreLocation

from modgraph.web.execution import QueryOutcome
from modgraph.web.formats import Format
from modgraph.web.workers import WorkerPool


class ApiError(Exception):
    """An error answered as JSON: ``{"error": code, "message": …, **details}``."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **details):
        super().__init__(message)
        self.status, self.code, self.message, self.headers, self.details = status, code, message, headers or {}, details


def error_response(exc: ApiError) -> JSONResponse:
    body = {"error": exc.code, "message": exc.message, **{k: v for k, v in exc.details.items() if v is not None}}
    return JSONResponse(body, status_code=exc.status, headers=exc.headers)


@dataclass(frozen=True)
class Published:
    """The published build as the API sees it."""

    build: Build
    info: BuildInfo

    @property
    def store_path(self) -> str:
        return str(self.build.store_path)

    @property
    def last_modified(self) -> datetime:
        created = datetime.fromisoformat(self.info.created.replace("Z", "+00:00"))
        if created.tzinfo is None:
            created = created.replace(tzinfo=timezone.utc)
        return created.replace(microsecond=0)

    def etag(self, *parts: str) -> str:
        """A weak validator: same build and same request give the same answer."""
        digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
        return f'W/"{self.info.id}-{digest}"'


class Resources:
    """What every request shares: settings, the store location, the worker pool."""

    def __init__(self, settings: Settings, pool: WorkerPool):
        self.settings = settings
        self.location = StoreLocation(settings.store)
        self.pool = pool
        self.update_lock = asyncio.Lock()  # updates are applied one at a time
        self._cache: tuple[Path, Published] | None = None

    def published(self) -> Published:
        """The current build, re-resolved on every call (a new ``modgraph build`` is picked up)."""
        build = self.location.current()
        if build is None or not build.info_path.is_file():
            raise ApiError(503, "no-build", "no graph has been published yet: run `modgraph build`")
        if self._cache is None or self._cache[0] != build.path:
            self._cache = (build.path, Published(build, build.info))
        return self._cache[1]


def resources(request: Request) -> Resources:
    """FastAPI dependency: the application's shared resources."""
    return request.app.state.resources


def not_modified(request: Request, etag: str, last_modified: datetime) -> bool:
    """RFC 9110 §13.1: If-None-Match wins over If-Modified-Since."""
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    ims = request.headers.get("if-modified-since")
    if ims:
        try:
            return last_modified <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


def validators(etag: str, last_modified: datetime) -> dict[str, str]:
    return {"ETag": etag, "Last-Modified": format_datetime(last_modified, usegmt=True)}


def not_modified_response(headers: dict[str, str]) -> Response:
    return Response(status_code=304, headers=headers)


def outcome_response(outcome: QueryOutcome, fmt: Format, headers: dict[str, str], max_rows: int) -> Response:
    """A successful query outcome as an HTTP response, with the truncation stated in headers."""
    headers = {**headers, "Modgraph-Result-Count": str(outcome.count)}
    if outcome.truncated:
        headers["Modgraph-Truncated"] = "true"
        headers["Modgraph-Max-Rows"] = str(max_rows)
        headers["Warning"] = f'199 modgraph "result truncated to the first {max_rows} rows"'
    return Response(outcome.body, media_type=fmt.content_type, headers=headers)


def failed_outcome_error(outcome: QueryOutcome) -> ApiError:
    if outcome.status == "syntax":
        return ApiError(400, "syntax-error", outcome.message, line=outcome.line, column=outcome.column)
    return ApiError(500, "evaluation-error", f"the query could not be evaluated ({outcome.message})")
