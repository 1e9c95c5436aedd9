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
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

#: a hyphen followed by white space (group 1), or a run of white space: the only places normalisation changes
_BREAK = re.compile(r"-(\s+)|\s+")
_HYPHEN_BREAK = re.compile(r"-\s")


def _normalise(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the offset in ``text`` it came from.

    The text between two breaks (``_BREAK``) is copied as it is; at a break, what comes out depends on the last
    character put out and the first one after the break (the rules are in the module docstring).

    >>> _normalise("Ver-\\n walt  ung ")
    ('Verwalt ung', [0, 1, 2, 6, 7, 8, 9, 10, 12, 13, 14])
    """
    out: list[str] = []
    offsets: list[int] = []
    last = ""  # the last character put out
    done, n = 0, len(text)
    for m in _BREAK.finditer(text):
        i = m.start()
        if i > done:
            out.append(text[done:i])
            offsets.extend(range(done, i))
            last = text[i - 1]
        done = j = m.end()
        space = m.group(1)
        if space is not None:
            after = text[j] if j < n else ""
            if after.islower() and last.isalpha():
                continue  # a hyphenated word split across white space: join the halves
            if after.isalnum() and last.isalnum() and "\n" in space:
                out.append("-")  # a compound broken at its hyphen ("EU-" / "Richtlinie"): keep the hyphen
                offsets.append(i)
                last = "-"
                continue
            out.append("-")
            offsets.append(i)
            last = "-"
            i += 1
        if last and last != " ":
            out.append(" ")
            offsets.append(i)
            last = " "
    if done < n:
        out.append(text[done:])
        offsets.extend(range(done, n))
    elif last == " ":
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
    if _HYPHEN_BREAK.search(text) is None:  # no hyphen before white space (most quotes): runs of it fold alone
        return " ".join(text.split())
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
