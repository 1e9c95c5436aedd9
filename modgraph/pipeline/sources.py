"""Source documents: their exact text, and finding evidence quotes in it.

A quote matches its source modulo white space (runs of spaces, tabs and line breaks count as
one space) and hyphenation across line breaks ("Veränderungs-\\n\\nmanagement" matches
"Veränderungsmanagement"). A compound whose hyphen stands at a line end keeps its hyphen
("EU-\\nRichtlinie" matches "EU-Richtlinie"): a hyphen before a line break and a capital or a digit
is part of the word. Both sides are normalised the same way, so a quote may also be copied with the
line break. Everything else (letters, quotation marks, digits) must be exact.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path


def _normalise(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the offset in ``text`` it came from."""
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "-" and i + 1 < n and text[i + 1].isspace():
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j].islower() and out and out[-1].isalpha():
                i = j  # hyphenated word split across white space: join the halves
                continue
            if j < n and text[j].isalnum() and out and out[-1].isalnum() and "\n" in text[i + 1 : j]:
                out.append(ch)  # a compound broken at its hyphen ("EU-" / "Richtlinie"): keep the hyphen
                offsets.append(i)
                i = j
                continue
        if ch.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            if out and out[-1] != " ":
                out.append(" ")
                offsets.append(i)
            i = j
            continue
        out.append(ch)
        offsets.append(i)
        i += 1
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


def normalise(text: str) -> str:
    """The text as quotes are compared: white space folded, hyphenation across line breaks undone.

    >>> normalise("Verwaltungs-\\n  modernisierung  im\\tLand ")
    'Verwaltungsmodernisierung im Land'
    >>> normalise("die EU-\\nRichtlinie 2014/55/EU und Bundes- und Landesmittel")
    'die EU-Richtlinie 2014/55/EU und Bundesund Landesmittel'
    """
    return _normalise(text)[0]


@dataclass(frozen=True)
class Span:
    """Where a quote stands in the raw source text (character offsets, 1-based line)."""

    start: int
    end: int
    line: int
    exact: str
    prefix: str
    suffix: str


class SourceText:
    """The exact text of one source document."""

    def __init__(self, path: Path):
        self.path = path
        self.raw_bytes = path.read_bytes()
        self.text = self.raw_bytes.decode("utf-8")

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw_bytes).hexdigest()

    @cached_property
    def _normalised(self) -> tuple[str, list[int]]:
        return _normalise(self.text)

    def locate(self, quote: str) -> Span | None:
        """The first place the quote stands in the text, or None."""
        needle = normalise(quote)
        if not needle:
            return None
        haystack, offsets = self._normalised
        pos = haystack.find(needle)
        if pos < 0:
            return None
        start = offsets[pos]
        end = offsets[pos + len(needle) - 1] + 1
        line = self.text.count("\n", 0, start) + 1
        prefix = normalise(self.text[max(0, start - 40) : start])[-32:]
        suffix = normalise(self.text[end : end + 40])[:32]
        return Span(start, end, line, self.text[start:end], prefix, suffix)
