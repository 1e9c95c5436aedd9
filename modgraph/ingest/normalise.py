"""The normalised text of an ingested document: what quotes are checked against.

One line per block of the extraction (a PDF line, a paragraph, a list item, a table row with its cells
joined by `` | ``), Unicode NFC, soft hyphens and control characters removed, typographic ligatures
(ﬁ, ﬂ …) resolved, no-break spaces as spaces; a blank line between pages and after headings. Nothing
else changes: quotation marks, dashes and hyphenation at line ends stay as the document shows them
(the quote matcher, ``modgraph.pipeline.sources``, folds those).

The line map says for each run of lines which page (PDF) and which heading (the nearest above) it
belongs to, so a quote found on line *n* can be cited with its page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from modgraph.ingest.formats import Extracted

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_CONTROL = re.compile(r"[\x00-\x01\x03-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\ufeff]")


def clean_line(text: str) -> str:
    """One line as written to the normalised text.

    >>> clean_line("Stra\\u00dfen\\u00adbau\\u00a0und ﬁnanzen\\x02 ")
    'Straßenbau und finanzen-'
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\x02", "-")  # pdfium marks a hyphen at a line end with U+0002
    text = _CONTROL.sub("", text)
    for lig, plain in LIGATURES.items():
        text = text.replace(lig, plain)
    return text.replace("\u00a0", " ").replace("\t", " | ").rstrip()


@dataclass
class Segment:
    """A run of lines ``first``..``last`` (1-based, inclusive) on one page under one heading."""

    first: int
    last: int
    page: int | None
    heading: str | None

    def as_json(self) -> dict:
        return {"lines": [self.first, self.last], "page": self.page, "heading": self.heading}


def normalised_text(extracted: Extracted) -> tuple[str, list[Segment]]:
    """The text (ending with a newline) and its line map."""
    lines: list[str] = []
    where: list[tuple[int | None, str | None]] = []
    heading: str | None = None
    page: int | None = None

    def put(text: str) -> None:
        if not text and (not lines or not lines[-1]):
            return  # at most one blank line in a row
        lines.append(text)
        where.append((page, heading))

    for block in extracted.blocks:
        if block.page != page and lines:
            page = block.page
            put("")
        page = block.page
        text = clean_line(block.text)
        if block.kind == "heading" and text.strip():
            if lines:
                put("")
            heading = text.strip()
            put(text)
            put("")
        else:
            put(text)
    while lines and not lines[-1]:
        lines.pop()
        where.pop()
    segments: list[Segment] = []
    for number, (pg, hd) in enumerate(where, start=1):
        if segments and segments[-1].page == pg and segments[-1].heading == hd:
            segments[-1].last = number
        else:
            segments.append(Segment(number, number, pg, hd))
    return "\n".join(lines) + "\n", segments


def line_place(segments: list[dict], line: int) -> dict:
    """Page and heading of one line, from a stored line map (``{"page": …, "heading": …}``)."""
    for seg in segments:
        first, last = seg["lines"]
        if first <= line <= last:
            return {"page": seg["page"], "heading": seg["heading"]}
    return {"page": None, "heading": None}
