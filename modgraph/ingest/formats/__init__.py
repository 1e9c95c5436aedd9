"""Text extraction, one module per input format; each returns an ``Extracted``: the document's blocks
(a heading, a paragraph, a list item or a table row, with its page where the format has pages) and
the metadata the file itself declares (title, author, date).

``extract(path)`` picks the module by the file's first bytes and its extension.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class IngestError(Exception):
    """A file that cannot be ingested (the message says why and what to do)."""


@dataclass
class Block:
    """One unit of text as the format shows it."""

    text: str
    kind: str = "para"  # heading | para | item | row
    page: int | None = None  # 1-based, where the format has pages (PDF)
    level: int = 0  # heading level (1 = top)


@dataclass
class Extracted:
    format: str  # pdf | html | markdown | docx | text
    blocks: list[Block]
    title: str | None = None
    author: str | None = None
    date: str | None = None  # as the file states it (PDF CreationDate, HTML meta, DOCX core property)
    pages: int | None = None
    notes: list[str] = field(default_factory=list)  # what the extractor noticed (e.g. pages without text)


FORMATS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
}


def detect(path: Path, head: bytes) -> str:
    """The format of a file, from its first bytes, else its extension.

    :raises IngestError: neither says which format it is
    """
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and path.suffix.lower() == ".docx":
        return "docx"
    lowered = head[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(
            f"{path.name}: unknown format; modgraph ingests PDF, HTML, Markdown, DOCX and plain text "
            f"({', '.join(sorted(FORMATS))})"
        )
    return fmt


def extract(path: Path) -> Extracted:
    """The blocks and declared metadata of one file.

    :raises IngestError: unknown format, unreadable or damaged file, a scanned PDF without a text layer
    """
    from modgraph.ingest.formats import docx, html, markdown, pdf, text

    data = path.read_bytes()
    fmt = detect(path, data[:1024])
    module = {"pdf": pdf, "html": html, "markdown": markdown, "docx": docx, "text": text}[fmt]
    return module.extract(path, data)


def decode_text(path: Path, data: bytes) -> str:
    """Text bytes as a string: UTF-8 (with or without BOM), else Windows-1252 (old German web pages).

    :raises IngestError: neither decodes the bytes
    """
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(f"{path.name}: neither UTF-8 nor Windows-1252 text: save it as UTF-8")
