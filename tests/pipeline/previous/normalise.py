"""``modgraph.pipeline.sources._normalise`` before its rewrite with a regular expression (issue 15: it was most of
the records step), kept as the oracle of ``tests/pipeline/test_sources.py``."""

from __future__ import annotations


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
