"""What the routes share, created once by ``create_app`` and handed to routes with ``Depends``.

``create_app`` stores them on ``app.state``; routes never read ``app.state`` themselves but declare
one of the dependencies below, so a test can replace any of them with ``app.dependency_overrides``::

    settings: Settings = Depends(get_settings)        the application's settings
    res: Resources = Depends(resources)               settings + build location + query worker pool
    reader: CurrentReader = Depends(get_reader)       read-only handle on the published build (pages)
    templates: Jinja2Templates = Depends(get_templates)
    catalogue: list[CatalogueQuery] = Depends(get_catalogue)
    warnings: ValidationWarnings = Depends(get_warnings)
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.datastructures import State

from modgraph.publish.catalog import licence_name, licence_page
from modgraph.settings import Settings
from modgraph.store.builds import Build, BuildInfo, StoreError, StoreLocation
from modgraph.store.reading import CurrentReader
from modgraph.store.remote import RemoteReader, open_client
from modgraph.web.answers import AnswerCache
from modgraph.web.errors import WebError
from modgraph.web.remote import RemoteEndpoint
from modgraph.web.workers import WorkerPool

if TYPE_CHECKING:  # only for the annotation: the catalogue module is above this one
    from modgraph.web.catalogue import CatalogueQuery

TEMPLATES_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Published:
    """The published build as the SPARQL endpoint sees it."""

    build: Build
    info: BuildInfo

    # computed once: a ``Published`` is kept for as long as its build is current, and asked on every request

    @cached_property
    def store_path(self) -> str:
        return str(self.build.store_path)

    @cached_property
    def last_modified(self) -> datetime:
        created = datetime.fromisoformat(self.info.created.replace("Z", "+00:00"))
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        return created.replace(microsecond=0)

    def etag(self, *parts: str) -> str:
        """A weak validator: same build and same request give the same answer."""
        digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
        return f'W/"{self.info.id}-{digest}"'


class Resources:
    """What every SPARQL request shares: settings, the store location, the worker pool; with a SPARQL server as
    the store (``MODGRAPH_STORE_URL``) its client, reader and the endpoint forwarding queries there."""

    def __init__(self, settings: Settings, pool: WorkerPool):
        self.settings = settings
        self.location = StoreLocation(settings.store)
        self.pool = pool
        self.update_lock = asyncio.Lock()  # updates are applied one at a time
        self.answers = AnswerCache(settings.answer_cache * 1024 * 1024)  # the current build's answers by query text
        self._cache: tuple[Path, Published] | None = None
        #: the ``current`` link's target as read last and that build's ``build.json`` (its ``Published`` is
        #: ``_cache``'s): a request on an unchanged link costs one ``readlink`` and one ``stat``, not a resolution
        self._link: tuple[str, str] | None = None
        self.remote = open_client(settings)
        self.remote_reader = RemoteReader(settings, self.remote) if self.remote is not None else None
        self.remote_endpoint = (
            RemoteEndpoint(self.remote, settings.query_timeout, settings.store_timeout_parameter)
            if self.remote is not None
            else None
        )

    def published(self) -> Published:
        """The current build, re-resolved on every call (a new ``modgraph build`` is picked up); on a SPARQL
        server, the build its control graph names (one small query per call).

        :raises WebError: 503 ``no-build`` when nothing has been published yet (or the server cannot be read).
        """
        if self.remote_reader is not None:
            try:
                served, info, _ = self.remote_reader.get()
            except StoreError as exc:
                raise WebError(503, "no-build", str(exc)) from None
            if self._cache is None or self._cache[1].info.id != info.id:
                self._cache = (served.path, Published(served, info))
            return self._cache[1]
        try:
            target = os.readlink(self.location.current_link)
        except OSError:  # no link (nothing published) or not a link: the full resolution below says which
            target = None
        link = self._link
        if target is not None and link is not None and self._cache is not None:
            if link[0] == target and os.path.isfile(link[1]):
                return self._cache[1]
        build = self.location.current()
        if build is None or not build.info_path.is_file():
            raise WebError(503, "no-build", "no graph has been published yet: run `modgraph build`")
        if self._cache is None or self._cache[0] != build.path:
            self._cache = (build.path, Published(build, build.info))
        with contextlib.suppress(OSError):  # kept only if the link did not move while the build was resolved
            if target is not None and os.readlink(self.location.current_link) == target:
                self._link = (target, str(build.info_path))
        return self._cache[1]


class ValidationWarnings:
    """The SHACL results of the published build (``validation.json``), by focus node, read once per build."""

    def __init__(self) -> None:
        self._cache: tuple[str, dict[str, list[dict]]] | None = None

    def for_resource(self, build: Build, iri: str) -> list[dict]:
        """Results whose focus is the resource or one of its nested nodes (``iri/…``, ``iri#…``)."""
        key = str(build.path)
        if self._cache is None or self._cache[0] != key:
            by_focus: dict[str, list[dict]] = {}
            path = build.path / "validation.json"
            if path.is_file():
                for result in json.loads(path.read_text(encoding="utf-8")).get("results", []):
                    by_focus.setdefault(result["focus"], []).append(result)
            self._cache = (key, by_focus)
        return [
            r
            for focus, results in self._cache[1].items()
            if focus == iri or focus.startswith((iri + "/", iri + "#"))
            for r in results
        ]


def store_state(app_state: State, settings: Settings, pool: WorkerPool, catalogue: list[CatalogueQuery]) -> None:
    """Create the shared resources on ``app.state`` (called once by ``create_app``)."""
    app_state.settings = settings
    app_state.resources = Resources(settings, pool)
    res = app_state.resources
    app_state.reader = res.remote_reader or CurrentReader(StoreLocation(settings.store))
    app_state.templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    # the project's licence, named in every page's footer, the catalogue page and the downloads page
    app_state.templates.env.globals.update(
        licence=settings.licence, licence_page=licence_page(settings.licence), licence_name=licence_name
    )
    app_state.catalogue = catalogue
    app_state.warnings = ValidationWarnings()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def resources(request: Request) -> Resources:
    return request.app.state.resources


def get_reader(request: Request) -> CurrentReader:
    return request.app.state.reader


def get_templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


def get_catalogue(request: Request) -> list[CatalogueQuery]:
    return request.app.state.catalogue


def get_warnings(request: Request) -> ValidationWarnings:
    return request.app.state.warnings
