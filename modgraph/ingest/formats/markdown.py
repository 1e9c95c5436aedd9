"""Markdown: headings, paragraphs, list items and table rows (markdown-it-py), markup removed."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from modgraph.ingest.formats import Block, Extracted, decode_text


def _inline_text(token) -> str:
    """The text of an inline token without its markup (emphasis, links, code)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def extract(path: Path, data: bytes) -> Extracted:
    """Blocks in reading order; table rows joined with `` | `` (``Nr | Titel | Beschreibung``).

    :raises IngestError: the bytes are not text
    """
    tokens = MarkdownIt("commonmark").enable("table").parse(decode_text(path, data))
    blocks: list[Block] = []
    kind, level, in_item, in_cell = "para", 0, 0, False
    row: list[str] = []
    for tok in tokens:
        if tok.type == "heading_open":
            kind, level = "heading", int(tok.tag[1])
        elif tok.type in ("list_item_open", "list_item_close"):
            in_item += 1 if tok.type == "list_item_open" else -1
        elif tok.type == "tr_open":
            row = []
        elif tok.type in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = tok.type.endswith("_open")
        elif tok.type == "tr_close":
            blocks.append(Block(" | ".join(row), "row"))
        elif tok.type == "inline" and in_cell:
            row.append(_inline_text(tok).replace("\n", " "))
        elif tok.type == "inline":
            shown = kind if kind == "heading" else ("item" if in_item else "para")
            blocks += [Block(line, shown, None, level) for line in _inline_text(tok).split("\n")]
            kind, level = "para", 0
        elif tok.type in ("fence", "code_block"):
            blocks += [Block(ln) for ln in tok.content.rstrip("\n").split("\n")]
    title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    return Extracted("markdown", blocks, title)
