"""What a build is (``Build``, ``BuildInfo``) and where builds live (``StoreLocation``).

Reading only: writing new builds and publishing them is ``modgraph.store.drafts``.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from modgraph.store.lock import WRITING_LOCK_FILE, WritingLock, is_being_written, publication_lock

#: complete builds kept on disk (the current one is never removed): the default of the ``keep_releases`` setting
KEEP_BUILDS = 3
PARTIAL = ".partial"


class StoreError(Exception):
    """Something about the store directory is wrong (nothing built yet, incomplete build, …)."""


@dataclass
class BuildInfo:
    """The contents of ``build.json``."""

    id: str
    created: str  # ISO 8601, UTC
    base_iri: str
    data_graphs: list[str]  # the default graph of the endpoint is their union
    graphs: dict[str, int] = field(default_factory=dict)  # every named graph -> triple count
    documents: dict[str, dict] = field(default_factory=dict)  # document id -> {graph, file, sha256, label}
    conforms: bool = True
    warnings: int = 0
    #: the store's default graph holds the union of the data graphs (materialised by the build), so that
    #: queries on the default graph need no multi-graph union at query time (about 10× faster on joins)
    union_in_default_graph: bool = False
    #: the release: its number (the predecessor's plus one; 0 in builds made before releases were numbered)
    #: and the id of the build that was current when this one was started (None: the first release)
    version: int = 0
    previous: str | None = None

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    @classmethod
    def from_file(cls, path: Path) -> BuildInfo:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def utc_now() -> str:
    """The time stamp of ``BuildInfo.created``."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Build:
    """One build directory."""

    path: Path

    @property
    def id(self) -> str:
        """The build id: the directory's name (without ``.partial`` while it is being written)."""
        return self.path.name.removesuffix(PARTIAL)

    @property
    def store_path(self) -> Path:
        return self.path / "store"

    @property
    def info_path(self) -> Path:
        return self.path / "build.json"

    @property
    def downloads(self) -> Path:
        return self.path / "downloads"

    @property
    def validation_path(self) -> Path:
        return self.path / "validation.json"

    @property
    def info(self) -> BuildInfo:
        return BuildInfo.from_file(self.info_path)

    def open_read_only(self) -> ox.Store:
        return ox.Store.read_only(str(self.store_path))


class StoreLocation:
    """The directory of builds and the pointer to the published one."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.builds_dir = self.root / "builds"
        self.current_link = self.root / "current"

    def current(self) -> Build | None:
        """The published build, or None if nothing was built yet."""
        if not self.current_link.exists():
            return None
        return Build(self.current_link.resolve())

    def require_current(self) -> Build:
        """The published build.

        :raises StoreError: nothing has been published yet
        """
        build = self.current()
        if build is None:
            raise StoreError(f"no graph has been built in {self.root} yet: run `modgraph build`")
        return build

    def new_partial(self) -> tuple[Build, WritingLock]:
        """A fresh, empty ``.partial`` build directory with a new id, and its writing lock, held.

        Made under the publication lock, as leftovers are removed (``remove_leftovers``, done here
        first): no other process can see the new directory before its writing lock is held.

        :raises OSError: the directory or its lock file cannot be made (disk full, permissions …)
        """
        with publication_lock(self.root):
            self.remove_leftovers()
            self.builds_dir.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            path = self.builds_dir / f"{stamp}{PARTIAL}"
            path.mkdir()
            return Build(path), WritingLock.take(path)

    def discard(self, build: Build) -> None:
        shutil.rmtree(build.path, ignore_errors=True)

    def seal(self, build: Build) -> None:
        """Remove the writing lock's file from a build that is about to be published (the lock itself is
        still held until released); called with the publication lock held."""
        (build.path / WRITING_LOCK_FILE).unlink(missing_ok=True)

    def remove_leftovers(self) -> None:
        """Remove every ``.partial`` build no live process is writing (left by a killed or crashed one).

        Call it with the publication lock held (``new_partial`` and ``prune`` do).
        """
        if not self.builds_dir.is_dir():
            return
        for partial in self.builds_dir.glob(f"*{PARTIAL}"):
            if not is_being_written(partial):
                shutil.rmtree(partial, ignore_errors=True)

    def prune(self, keep: int = KEEP_BUILDS) -> None:
        """Remove old complete builds (never the current one) and leftovers of interrupted builds.

        Call it with the publication lock held (``Draft.publish`` does).
        """
        current = self.current()
        current_path = current.path if current else None
        complete = sorted(p for p in self.builds_dir.iterdir() if p.is_dir() and not p.name.endswith(PARTIAL))
        for old in complete[:-keep]:
            if old != current_path:
                shutil.rmtree(old, ignore_errors=True)
        self.remove_leftovers()
