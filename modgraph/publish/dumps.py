"""The dumps of a build, gzip-compressed, and their manifest (bytes, sha256, media type of each file):

downloads/modgraph.{nq,trig,jsonld}.gz   the whole dataset (every named graph)
downloads/<document>.ttl.gz              one source document's named graph, Turtle
downloads/manifest.json

Each dump is written by the engine from the on-disk store, graph by graph (``named_graph_parts``), straight
into its gzip file: no copy of the dataset in memory. The whole-dataset dumps are written in parallel threads
(the engine and zlib release the GIL). Each graph is a gzip member of its own (a file of several members is
one gzip stream to every reader), and ``dump-parts.json`` in the build directory says where each graph's
member lies: an incremental build copies the members (and the per-document dumps) of the graphs it copied
unchanged from the published build, and compresses only the others.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from modgraph.iris import PREFIXES
from modgraph.store.builds import Build, BuildInfo
from modgraph.store.default_graph import named_graph_parts

#: whole-dataset dumps: file -> (pyoxigraph format, EU file type, IANA media type, label)
DUMPS: dict[str, tuple[ox.RdfFormat, str, str, str]] = {
    "modgraph.nq.gz": (ox.RdfFormat.N_QUADS, "RDF_N_QUADS", "application/n-quads", "N-Quads"),
    "modgraph.trig.gz": (ox.RdfFormat.TRIG, "RDF_TRIG", "application/trig", "TriG"),
    "modgraph.jsonld.gz": (ox.RdfFormat.JSON_LD, "JSON_LD", "application/ld+json", "JSON-LD"),
}
#: per-document dumps (the document's named graph)
DOCUMENT_DUMP = (ox.RdfFormat.TURTLE, "RDF_TURTLE", "text/turtle", "Turtle")
#: where each graph's gzip member lies in each whole-dataset dump (read by the next incremental build)
PARTS_FILE = "dump-parts.json"
#: gzip level of the dumps (6: zlib's default, several times faster than 9 for a few per cent more bytes)
GZIP_LEVEL = 6


def document_dump(doc_id: str) -> str:
    """The file name of a document's dump."""
    return f"{doc_id}.ttl.gz"


class _Counted:
    """A binary file that counts and hashes what is written to it (the compressed bytes)."""

    def __init__(self, path: Path):
        self.file = path.open("wb")
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.bytes += len(data)
        return self.file.write(data)

    def flush(self) -> None:
        self.file.flush()


def _gzipped(path: Path, write, media_type: str, **extra) -> dict:
    """Write ``path`` as gzip through ``write(stream)``; → its manifest entry."""
    counted = _Counted(path)
    try:
        with gzip.GzipFile(filename="", mode="wb", fileobj=counted, mtime=0, compresslevel=GZIP_LEVEL) as gz:
            write(gz)
    finally:
        counted.file.close()
    return {
        "bytes": counted.bytes,
        "sha256": counted.sha256.hexdigest(),
        "media_type": media_type,
        "encoding": "gzip",
        **extra,
    }


def _parts_path(build: Build) -> Path:
    return build.path / PARTS_FILE


def _read_parts(build: Build | None) -> dict[str, dict[str, list[int]]]:
    """Where each graph's member lies in each whole-dataset dump of ``build`` (empty if unknown)."""
    if build is None:
        return {}
    try:
        found = json.loads(_parts_path(build).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write_members(
    out: _Counted,
    parts: Iterable[tuple[str | None, bytes | None]],
    previous: BinaryIO | None,
    old: dict[str, list[int]],
) -> dict[str, list[int]]:
    """Each part as a gzip member of its own; a part without bytes (a reused graph's) is the member of the same
    graph in ``previous`` (the published build's file), copied as it is. → graph → [offset, length] of its member.
    """
    where: dict[str, list[int]] = {}
    for graph, data in parts:
        start = out.bytes
        if data is None:
            assert graph is not None and previous is not None  # only graphs with a member in ``previous`` are skipped
            offset, length = old[graph]
            previous.seek(offset)
            out.write(previous.read(length))
        else:
            out.write(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
        if graph is not None:
            where[graph] = [start, out.bytes - start]
    return where


def write_dumps(
    build: Build, store: ox.Store, info: BuildInfo, base: Build | None = None, reused: Iterable[str] = ()
) -> dict[str, dict]:
    """Write every dump and ``manifest.json``; returns the manifest (file name -> entry).

    ``reused``: the document ids whose graphs were copied unchanged from the published build ``base``: their
    own dumps and their members of the whole-dataset dumps are copied from ``base``'s files, not dumped again.
    """
    build.downloads.mkdir(exist_ok=True)
    reused_docs = [d for d in reused if d in info.documents]
    reused_graphs = {info.documents[d]["graph"] for d in reused_docs}
    old_parts = _read_parts(base)
    old_manifest = _read_manifest(base)
    parts: dict[str, dict[str, list[int]]] = {}

    def dataset(name: str) -> dict:
        fmt, _, media, _ = DUMPS[name]
        options = {"prefixes": PREFIXES} if fmt == ox.RdfFormat.TRIG else {}
        old = old_parts.get(name, {})
        previous = base.downloads / name if base is not None else None
        skip = {g for g in reused_graphs if g in old} if previous is not None and previous.is_file() else set()
        counted = _Counted(build.downloads / name)
        try:
            with previous.open("rb") if skip and previous is not None else contextlib.nullcontext() as prev:
                parts[name] = _write_members(counted, named_graph_parts(store, fmt, skip=skip, **options), prev, old)
        finally:
            counted.file.close()
        return {"bytes": counted.bytes, "sha256": counted.sha256.hexdigest(), "media_type": media, "encoding": "gzip"}

    def document(doc_id: str) -> dict:
        fmt, _, media, _ = DOCUMENT_DUMP
        graph = info.documents[doc_id]["graph"]
        name = document_dump(doc_id)
        if base is not None and doc_id in reused_docs and name in old_manifest and (base.downloads / name).is_file():
            _link(base.downloads / name, build.downloads / name)
            return old_manifest[name]
        return _gzipped(
            build.downloads / name,
            lambda out: store.dump(out, format=fmt, from_graph=ox.NamedNode(graph), prefixes=PREFIXES),
            media,
            document=doc_id,
            graph=graph,
        )

    with ThreadPoolExecutor(max_workers=len(DUMPS)) as pool:
        whole = {name: pool.submit(dataset, name) for name in DUMPS}
        documents = {document_dump(doc_id): document(doc_id) for doc_id in info.documents}
        manifest = {name: future.result() for name, future in whole.items()} | documents
    (build.downloads / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    _parts_path(build).write_text(json.dumps(parts, sort_keys=True), encoding="utf-8")
    return manifest


def _read_manifest(build: Build | None) -> dict[str, dict]:
    if build is None:
        return {}
    try:
        found = json.loads((build.downloads / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _link(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (a published build's files are never changed), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
