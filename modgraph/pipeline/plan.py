"""What a document graph is made from, and which graphs a build can keep from the published one.

Each document graph's ``inputs`` (recorded in ``build.json``) are the checksums of its record file, its source
text and what every graph shares (ontology, shapes, registry, base IRI, the mapper's code); ``plan_build``
compares them with the published build's, so that an incremental build maps only what changed
(``modgraph.pipeline.build``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from modgraph.pipeline import amounts, dates, mapper, mapping, record_format, records, sources, support
from modgraph.pipeline.records import REGISTRY_FILE, RecordFile, RecordSet
from modgraph.settings import Settings
from modgraph.store.builds import Build

#: the modules whose code makes a document's graph: a change to any of them maps every document again
MAPPER_MODULES = (mapping, mapper, amounts, dates, record_format, records, sources, support)


def _sha256(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def _files(*paths: Path) -> list[bytes]:
    return [p.name.encode() + b"\0" + p.read_bytes() for p in paths if p.is_file()]


def shared_inputs(settings: Settings) -> dict[str, str]:
    """Checksums of what every document graph depends on (or might: anything whose change could change it)."""
    code = [Path(m.__file__).read_bytes() for m in MAPPER_MODULES if m.__file__]
    from modgraph import iris, relations  # the IRI scheme and the relation table are the mapper's too

    code += [Path(m.__file__).read_bytes() for m in (iris, relations) if m.__file__]
    return {
        "ontology": _sha256(*_files(*sorted(settings.ontology_dir.glob("*.ttl")))),
        "shapes": _sha256(*_files(*sorted(settings.shapes_dir.glob("*.ttl")))),
        "registry": _sha256(*_files(settings.records_dir / REGISTRY_FILE)),
        "mapper": _sha256(*code),
        "base_iri": _sha256(settings.base_iri.encode()),
    }


def document_inputs(rf: RecordFile, shared: dict[str, str]) -> dict[str, str]:
    """The ``inputs`` of one document graph, as ``build.json`` records them."""
    assert rf.source is not None  # a document file whose quotes were verified
    return {"records": _sha256(rf.path.read_bytes()), "source": rf.source.sha256, **shared}


@dataclass
class Plan:
    """Which document graphs a build copies from the published build and which it maps."""

    inputs: dict[str, dict[str, str]]  # document id -> its inputs
    reused: list[str]  # document ids whose graph is copied from ``base``
    mapped: list[str]  # document ids mapped from their records
    base: Build | None = None


def plan_build(rs: RecordSet, settings: Settings, base: Build | None) -> Plan:
    """Compare each document's inputs with those ``base`` recorded (None: map everything)."""
    shared = shared_inputs(settings)
    inputs = {rf.document.id: document_inputs(rf, shared) for rf in rs.documents if rf.document}
    old = base.info if base is not None else None
    reused = []
    if old is not None and old.base_iri == settings.base_iri:
        for doc_id, entry in old.documents.items():
            if doc_id in inputs and entry.get("inputs") == inputs[doc_id] and entry.get("graph") in old.graphs:
                reused.append(doc_id)
    mapped = [doc_id for doc_id in inputs if doc_id not in reused]
    return Plan(inputs, reused, mapped, base if reused else None)


def touched_documents(rs: RecordSet, changed: set[str]) -> set[str]:
    """The documents whose records refer to a thing a changed document declares (cross-document references)."""
    owners: dict[str, set[str]] = {}
    for rf in rs.documents:
        assert rf.document is not None
        for r in rf.records:
            owners.setdefault(r.key, set()).add(rf.document.id)
    touched = set()
    for rf in rs.documents:
        assert rf.document is not None
        for r in rf.records:
            if any(owners.get(key, set()) & changed for _, key in records._refs_of(r)):
                touched.add(rf.document.id)
    return touched
