"""Releases: every published build is one, numbered, with its predecessor, its time and its sources' checksums.

A build's ``build.json`` says which release it is (``BuildInfo.version``, ``BuildInfo.previous``): the draft
takes them from the build that was current when it was started (``release_of``), so a build from the records
and an update alike are releases. The builds kept on disk (the newest ``keep_releases``, see
``StoreLocation.prune``) are the releases one can still query and compare by name::

    releases(location)                 every kept release, oldest first
    find_release(location, "…")        one by id, by number, ``current``, ``previous``, or the one that was
                                       current on a day (``2026-12-01``: the last release created on or before it)

A release's predecessor may have been removed already (only the newest ``keep_releases`` are kept): its id
is still named, and ``Release.previous_kept`` says whether it can be compared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from modgraph.iris import release_iri
from modgraph.store.builds import PARTIAL, Build, BuildInfo, StoreError, StoreLocation
from modgraph.store.patch import Patch, diff_lines, release_lines

#: the names ``find_release`` takes besides ids, numbers and dates
CURRENT, PREVIOUS = "current", "previous"


def release_of(previous: Build | None) -> dict:
    """The release fields of a build whose predecessor is ``previous`` (the build current when it was started).

    :raises StoreError: ``previous`` has no readable ``build.json``
    """
    if previous is None:
        return {"version": 1, "previous": None}
    try:
        info = previous.info
    except (OSError, ValueError, TypeError) as exc:
        raise StoreError(f"the current build {previous.path} has no readable build.json: {exc}") from exc
    return {"version": info.version + 1, "previous": info.id}


@dataclass(frozen=True)
class Release:
    """One kept release: what ``/releases`` lists."""

    build: Build
    info: BuildInfo
    previous_kept: bool = False

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def version(self) -> int:
        return self.info.version

    @property
    def previous(self) -> str | None:
        return self.info.previous

    @property
    def created(self) -> str:
        return self.info.created

    @property
    def sources(self) -> dict[str, str]:
        """Each source document's SHA-256 (of the text its quotes were checked against), by document id."""
        return {doc: entry.get("sha256", "") for doc, entry in sorted(self.info.documents.items())}

    def as_json(self) -> dict:
        """The JSON of ``/releases`` (without links: the web layer adds them)."""
        return {
            "id": self.id,
            "version": self.version,
            "previous": self.previous,
            "created": self.created,
            "triples": self.info.triples,
            "sources": self.sources,
        }


def releases(location: StoreLocation) -> list[Release]:
    """The complete builds kept on disk, oldest first (builds without a readable ``build.json`` are left out)."""
    if not location.builds_dir.is_dir():
        return []
    found = []
    for path in sorted(location.builds_dir.iterdir()):
        if not path.is_dir() or path.name.endswith(PARTIAL) or not (path / "build.json").is_file():
            continue
        build = Build(path)
        try:
            found.append((build, build.info))
        except (OSError, ValueError, TypeError):
            continue
    ids = {info.id for _, info in found}
    return [Release(build, info, info.previous in ids) for build, info in found]


def history(location: StoreLocation, info: BuildInfo, keep: int) -> list[BuildInfo]:
    """The releases that are kept once ``info``'s build is published, oldest first, ``info`` last: what the
    catalogue and VoID of that build list (a build being written is not among ``releases`` yet)."""
    kept = [r.info for r in releases(location) if r.id != info.id]
    return (kept[-(keep - 1) :] if keep > 1 else []) + [info]


def _day(ref: str) -> date | None:
    try:
        return date.fromisoformat(ref) if len(ref) == 10 else None
    except ValueError:
        return None


def _created_day(info: BuildInfo) -> date:
    return datetime.fromisoformat(info.created.replace("Z", "+00:00")).date()


def find_release(location: StoreLocation, ref: str) -> Release:
    """The kept release that ``ref`` names: its id, its number (``3``), ``current``, ``previous`` (the current
    release's predecessor), or a day (``2026-12-01``: the release that was current at the end of that day, UTC).

    :raises StoreError: no kept release is named so (the message says which are kept)
    """
    kept = releases(location)
    current = location.current()
    if not kept or current is None:
        raise StoreError(f"no graph has been built in {location.root} yet: run `modgraph build`")
    by_id = {r.id: r for r in kept}
    chosen: Release | None = None
    if ref == CURRENT:
        chosen = by_id.get(current.id)
    elif ref == PREVIOUS:
        now = by_id.get(current.id)
        chosen = by_id.get(now.previous) if now is not None and now.previous else None
        if chosen is None:
            raise StoreError(
                "the current release has no predecessor that is still kept"
                + (
                    f" (release {now.previous} was removed: see the setting keep_releases)"
                    if now and now.previous
                    else ""
                )
            )
    elif ref in by_id:
        chosen = by_id[ref]
    elif ref.isdigit():
        chosen = next((r for r in reversed(kept) if r.version == int(ref)), None)
    elif (day := _day(ref)) is not None:
        earlier = [r for r in kept if _created_day(r.info) <= day]
        chosen = earlier[-1] if earlier else None
        if chosen is None:
            raise StoreError(f"no kept release was published on or before {ref}; the oldest kept is {kept[0].created}")
    if chosen is None:
        names = ", ".join(f"{r.id} (version {r.version})" for r in kept)
        raise StoreError(f"no kept release is named {ref!r}; kept: {names}")
    return chosen


def release_patch(old: Release, new: Release) -> Patch:
    """The RDF Patch from release ``old`` to release ``new`` (its header names both releases' IRIs)."""
    header = {"id": release_iri(new.info.base_iri, new.id), "prev": release_iri(old.info.base_iri, old.id)}
    return diff_lines(release_lines(old.build.open_read_only()), release_lines(new.build.open_read_only()), header)


def predecessor(location: StoreLocation, release: Release) -> Release:
    """The kept release ``release`` was made from.

    :raises StoreError: it is the first release, or its predecessor is no longer kept
    """
    if release.previous is None:
        raise StoreError(f"release {release.id} (version {release.version}) is the first: it has no predecessor")
    if not release.previous_kept:
        raise StoreError(
            f"the predecessor of release {release.id}, {release.previous}, is no longer kept (setting keep_releases)"
        )
    return find_release(location, release.previous)
