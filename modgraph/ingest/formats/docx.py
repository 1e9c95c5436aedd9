"""DOCX (python-docx): paragraphs with their heading level from the style, tables row by row."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from modgraph.ingest.formats import Block, Extracted, IngestError


def _heading_level(paragraph: Paragraph) -> int:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name == "Title":
        return 1
    if name.startswith(("Heading", "Überschrift")):
        digits = "".join(ch for ch in name if ch.isdigit())
        return int(digits) if digits else 1
    return 0


def extract(path: Path, data: bytes) -> Extracted:
    """Blocks in body order (paragraphs and table rows, cells joined with `` | ``).

    :raises IngestError: not a readable DOCX file
    """
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"{path.name}: not a readable DOCX file ({exc})") from None
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = [c.text.strip() for c in row.cells]
                blocks.append(Block(" | ".join(cells), "row"))
            continue
        level = _heading_level(item)
        list_item = (item.style is not None and "List" in (item.style.name or "")) and not level
        for line in item.text.split("\n"):
            blocks.append(Block(line, "heading" if level else ("item" if list_item else "para"), None, level))
    core = document.core_properties
    created = core.created.date().isoformat() if core.created else None
    title = core.title or next((b.text for b in blocks if b.kind == "heading"), None)
    return Extracted("docx", blocks, title, core.author or None, created)
