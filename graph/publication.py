"""Publication artefacts of a build: dumps (and, later, the DCAT catalogue and VoID)."""

from __future__ import annotations

import gzip
import hashlib
import json

import pyoxigraph as ox

from .store import Build

DUMPS = {
    "modgraph.nq.gz": ox.RdfFormat.N_QUADS,
    "modgraph.trig.gz": ox.RdfFormat.TRIG,
}


def write_downloads(build: Build, compiled=None) -> dict[str, dict]:
    """Write the gzip dumps of the whole dataset into the build's downloads/ with their checksums."""
    build.downloads.mkdir(exist_ok=True)
    store = ox.Store.read_only(str(build.store_path))
    manifest: dict[str, dict] = {}
    for name, fmt in DUMPS.items():
        data = gzip.compress(store.dump(format=fmt), mtime=0)
        (build.downloads / name).write_bytes(data)
        manifest[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "media_type": fmt.media_type}
    del store
    (build.downloads / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest
