"""Plain text: one block per line, as written."""

from __future__ import annotations

from pathlib import Path

from modgraph.ingest.formats import Block, Extracted, decode_text


def extract(path: Path, data: bytes) -> Extracted:
    """One block per line (plain text declares no title: ``metadata`` proposes one).

    :raises IngestError: the bytes are not text
    """
    lines = decode_text(path, data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Extracted("text", [Block(ln.rstrip()) for ln in lines])
