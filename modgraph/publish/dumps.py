"""The dumps of a build, gzip-compressed, and their manifest (bytes, sha256, media type of each file):

downloads/modgraph.{nq,trig,jsonld}.gz   the whole dataset (every named graph)
downloads/<document>.ttl.gz              one source document's named graph, Turtle
downloads/manifest.json
"""

from __future__ import annotations

import gzip
import hashlib
import json

import pyoxigraph as ox

from modgraph.iris import PREFIXES
from modgraph.store.builds import Build, BuildInfo
from modgraph.store.default_graph import named_graphs_dump

#: whole-dataset dumps: file -> (pyoxigraph format, EU file type, IANA media type, label)
DUMPS: dict[str, tuple[ox.RdfFormat, str, str, str]] = {
    "modgraph.nq.gz": (ox.RdfFormat.N_QUADS, "RDF_N_QUADS", "application/n-quads", "N-Quads"),
    "modgraph.trig.gz": (ox.RdfFormat.TRIG, "RDF_TRIG", "application/trig", "TriG"),
    "modgraph.jsonld.gz": (ox.RdfFormat.JSON_LD, "JSON_LD", "application/ld+json", "JSON-LD"),
}
#: per-document dumps (the document's named graph)
DOCUMENT_DUMP = (ox.RdfFormat.TURTLE, "RDF_TURTLE", "text/turtle", "Turtle")


def document_dump(doc_id: str) -> str:
    """The file name of a document's dump."""
    return f"{doc_id}.ttl.gz"


def write_dumps(build: Build, store: ox.Store, info: BuildInfo) -> dict[str, dict]:
    """Write every dump and ``manifest.json``; returns the manifest (file name -> entry)."""
    build.downloads.mkdir(exist_ok=True)
    manifest: dict[str, dict] = {}

    def put(name: str, data: bytes, media_type: str, **extra) -> None:
        packed = gzip.compress(data, mtime=0)
        (build.downloads / name).write_bytes(packed)
        manifest[name] = {
            "bytes": len(packed),
            "sha256": hashlib.sha256(packed).hexdigest(),
            "media_type": media_type,
            "encoding": "gzip",
            **extra,
        }

    for name, (fmt, _, media, _) in DUMPS.items():
        put(name, named_graphs_dump(store, fmt), media)  # the default graph is derived: left out
    fmt, _, media, _ = DOCUMENT_DUMP
    for doc_id, doc in info.documents.items():
        data = store.dump(format=fmt, from_graph=ox.NamedNode(doc["graph"]), prefixes=PREFIXES)
        assert data is not None  # no output stream given: pyoxigraph returns the bytes
        put(document_dump(doc_id), data, media, document=doc_id, graph=doc["graph"])
    (build.downloads / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest
