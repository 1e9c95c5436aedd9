"""The dumps of a build, gzip-compressed, and their manifest (bytes, sha256, media type of each file):

downloads/modgraph.{nq,trig,jsonld}.gz   the whole dataset (every named graph)
downloads/<document>.ttl.gz              one source document's named graph, Turtle
downloads/manifest.json

Each dump is written by the engine from the on-disk store, graph by graph, straight into its gzip
file (``modgraph.store.default_graph.write_named_graphs``): no copy of the dataset in memory. The
whole-dataset dumps are written in parallel threads (the engine and zlib release the GIL).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from modgraph.iris import PREFIXES
from modgraph.store.builds import Build, BuildInfo
from modgraph.store.default_graph import write_named_graphs

#: whole-dataset dumps: file -> (pyoxigraph format, EU file type, IANA media type, label)
DUMPS: dict[str, tuple[ox.RdfFormat, str, str, str]] = {
    "modgraph.nq.gz": (ox.RdfFormat.N_QUADS, "RDF_N_QUADS", "application/n-quads", "N-Quads"),
    "modgraph.trig.gz": (ox.RdfFormat.TRIG, "RDF_TRIG", "application/trig", "TriG"),
    "modgraph.jsonld.gz": (ox.RdfFormat.JSON_LD, "JSON_LD", "application/ld+json", "JSON-LD"),
}
#: per-document dumps (the document's named graph)
DOCUMENT_DUMP = (ox.RdfFormat.TURTLE, "RDF_TURTLE", "text/turtle", "Turtle")
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


def write_dumps(build: Build, store: ox.Store, info: BuildInfo) -> dict[str, dict]:
    """Write every dump and ``manifest.json``; returns the manifest (file name -> entry)."""
    build.downloads.mkdir(exist_ok=True)

    def dataset(name: str) -> dict:
        fmt, _, media, _ = DUMPS[name]
        options = {"prefixes": PREFIXES} if fmt == ox.RdfFormat.TRIG else {}
        return _gzipped(build.downloads / name, lambda out: write_named_graphs(store, out, fmt, **options), media)

    def document(doc_id: str) -> dict:
        fmt, _, media, _ = DOCUMENT_DUMP
        graph = info.documents[doc_id]["graph"]
        return _gzipped(
            build.downloads / document_dump(doc_id),
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
    return manifest
