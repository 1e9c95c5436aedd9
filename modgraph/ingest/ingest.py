"""``modgraph ingest FILE``: keep the original, write the normalised text and its line map.

Three files land in the project's ``corpus/``: the original under its own name (byte for byte;
an existing file of that name with other bytes is never overwritten), ``<id>.txt`` (the normalised
text the records' quotes are found in) and ``<id>.ingest.json`` (format, both SHA-256 sums, the
line map, the proposed metadata and what the extractor noticed).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from modgraph.ingest.formats import IngestError, extract
from modgraph.ingest.gazetteer import Gazetteer, known_things, record_items
from modgraph.ingest.metadata import propose
from modgraph.ingest.normalise import normalised_text
from modgraph.pipeline.record_format import ID_PATTERN

INFO_SUFFIX = ".ingest.json"


@dataclass
class Ingested:
    id: str
    original: Path
    text: Path
    info: Path
    data: dict  # the content of the info file


def document_id(path: Path) -> str:
    """An id proposed from a file name: lower case, words joined by ``-``.

    >>> document_id(Path("Digitalstrategie_Stadt-Musterstadt 2025.pdf"))
    'digitalstrategie-stadt-musterstadt-2025'
    """
    stem = path.stem.lower()
    for a, b in {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}.items():
        stem = stem.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "document"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ingest_file(source: Path, corpus_dir: Path, records_dir: Path, doc_id: str | None = None) -> Ingested:
    """Ingest one document into ``corpus_dir``.

    :raises IngestError: the file is missing, of an unknown format, unreadable, has no text, the id is
        not a valid id, or a different file of the same name is already in the corpus
    """
    if not source.is_file():
        raise IngestError(f"{source}: no such file")
    doc_id = doc_id or document_id(source)
    if not ID_PATTERN.match(doc_id) or "/" in doc_id:
        raise IngestError(f"{doc_id!r} is not a document id: lower-case words joined by - (e.g. digitalstrategie-2025)")
    data = source.read_bytes()
    extracted = extract(source)
    text, segments = normalised_text(extracted)
    if not text.strip():
        raise IngestError(f"{source.name}: no text found in the {extracted.format} file")
    corpus_dir.mkdir(parents=True, exist_ok=True)
    original = corpus_dir / source.name
    text_path = corpus_dir / f"{doc_id}.txt"
    if original.resolve() == text_path.resolve():
        raise IngestError(
            f"{source.name}: the normalised text would replace the original; pass another id (--id {doc_id}-text)"
        )
    if original.exists() and original.read_bytes() != data:
        raise IngestError(f"{original} exists with other content: rename the file or remove the old one first")
    if original.resolve() != source.resolve():
        shutil.copyfile(source, original)
    text_bytes = text.encode("utf-8")
    text_path.write_bytes(text_bytes)
    gazetteer = Gazetteer(known_things(record_items(records_dir)))
    declared = {"title": extracted.title, "author": extracted.author, "date": extracted.date}
    proposals = propose(text.split("\n"), extracted.format, declared, gazetteer)
    info = {
        "id": doc_id,
        "format": extracted.format,
        "original": original.name,
        "original_sha256": _sha256(data),
        "text": text_path.name,
        "text_sha256": _sha256(text_bytes),
        "pages": extracted.pages,
        "declared": {k: v for k, v in declared.items() if v},
        "proposed": {k: p.as_json() for k, p in proposals.items()},
        "lines": [s.as_json() for s in segments],
        "notes": extracted.notes,
    }
    info_path = corpus_dir / f"{doc_id}{INFO_SUFFIX}"
    info_path.write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return Ingested(doc_id, original, text_path, info_path, info)


def read_ingest_info(corpus_dir: Path, doc_id: str) -> dict:
    """The info file ``ingest`` wrote for a document.

    :raises IngestError: the document was not ingested (no info file) or the file is damaged
    """
    path = corpus_dir / f"{doc_id}{INFO_SUFFIX}"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IngestError(f"{doc_id}: not ingested yet (no {path}); run `modgraph ingest FILE --id {doc_id}`") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise IngestError(f"{path}: damaged ({exc}); ingest the document again") from None
