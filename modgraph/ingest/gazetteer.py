"""Bodies and other known things, for recognising them in a new document.

Two sources: the project's own records (every organisation, place and programme any record file
declares, with its label, ``alt_labels`` and ``also_written``: a match gets the existing id), and
patterns for the names German administrations give their bodies ("Senator/in für …", "Amt für …",
"Dezernat …", "Referat …"): a match that is not known gets a new id proposed from its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from modgraph.pipeline.records import RecordError, read_text_limited

#: the C parser where libyaml is there: the gazetteer reads every record file of a project, and the
#: line-keeping loader of ``check`` is ten times slower; only ids and labels are read here
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: kinds whose names are looked for in a new document
KNOWN_KINDS = ("organisation", "place", "programme")

_WORD = r"[A-ZÄÖÜ][a-zäöüß][\wäöüß\-]*"
_REST = rf"(?:\s+(?:(?:und|für|der|des|die|das|von|im|in|am|zur|zum|&)\s+)?{_WORD})*"
BODY_PATTERNS = [
    re.compile(rf"\b(?:Der|Die|Das)?\s*(Senator(?:in|/in)?\s+für\s+{_WORD}{_REST})"),
    re.compile(
        rf"\b((?:Amt|Referat|Dezernat|Fachbereich|Abteilung|Stabsstelle|Büro|Eigenbetrieb|Ministerium)\s+(?:für\s+)?{_WORD}{_REST})"
    ),
    re.compile(rf"\b((?:Referat|Dezernat|Abteilung|Amt)\s+\d+[a-z]?(?:\s*[–-]\s*{_WORD}{_REST})?)"),
    re.compile(
        r"\b((?:Senatskanzlei|Stadtrat|Bürgerschaft|Magistrat|Oberbürgermeister(?:in)?|Stadtverwaltung|Landesamt\s+für\s+\w+))\b"
    ),
    re.compile(rf"\b(Stadt\s+{_WORD}|Landeshauptstadt\s+{_WORD}|Freie(?:n)?\s+Hansestadt\s+Bremen|Kreis\s+{_WORD})\b"),
]
_TRAILING = re.compile(r"(\s+(und|für|der|des|die|das|von|im|in|am|zur|zum|&))+$")


@dataclass(frozen=True)
class Known:
    kind: str
    id: str
    label: str
    names: tuple[str, ...]  # label, alt_labels, also_written


def record_items(records_dir: Path, skip: Path | None = None) -> list[tuple[Path, dict]]:
    """(file, record mapping) of every record of the project's files but ``skip`` (unreadable files are
    left out: the gazetteer only helps drafting, ``check`` reports them)."""
    out = []
    for path in sorted(records_dir.glob("*.yaml")):
        if path == skip:
            continue
        try:
            raw = yaml.load(read_text_limited(path), Loader=_FAST)
        except (RecordError, yaml.YAMLError):
            continue
        if isinstance(raw, dict):
            items = (raw.get("records") or []) + (raw.get("entities") or [])
            out += [(path, item) for item in items if isinstance(item, dict) and item]
    return out


def known_things(items: list[tuple[Path, dict]]) -> list[Known]:
    """Every organisation, place and programme the records (``record_items``) declare, drafts left out."""
    found: dict[tuple[str, str], Known] = {}
    for _path, item in items:
        if not isinstance(item, dict) or not item:
            continue
        kind = next(iter(item))
        if kind not in KNOWN_KINDS or not isinstance(item.get(kind), str) or "draft" in item:
            continue
        names = [item.get("label")] + list(_strings(item.get("alt_labels"))) + list(_strings(item.get("also_written")))
        names = [n for n in names if isinstance(n, str) and len(n) >= 3]
        names_: list[str] = [n for n in names if isinstance(n, str)]
        key = (kind, item[kind])
        if key in found:
            names_ = list(found[key].names) + names_
        if names_:
            found[key] = Known(kind, item[kind], names_[0], tuple(dict.fromkeys(names_)))
    return list(found.values())


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value or [] if isinstance(v, str)]


class Gazetteer:
    """Finds known things and body-like names in lines of text."""

    def __init__(self, known: list[Known]):
        self.known = known
        by_name: dict[str, Known] = {}
        for k in known:
            for name in k.names:
                # a short abbreviation ("SF", "SK") would match everywhere: only names of 4 characters or more
                if len(name) >= 4:
                    by_name.setdefault(name, k)
        self.names = sorted(by_name, key=len, reverse=True)
        self.by_name = by_name
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in self.names) + r")(?!\w)") if self.names else None
        )

    def known_in(self, line: str) -> list[tuple[Known, str]]:
        """Known things named in a line, with the name as written there (longest names first)."""
        if self._pattern is None:
            return []
        return [(self.by_name[m.group(1)], m.group(1)) for m in self._pattern.finditer(line)]

    def bodies_in(self, line: str) -> list[str]:
        """Names that look like administrative bodies (patterns), as written."""
        out = []
        for pattern in BODY_PATTERNS:
            for m in pattern.finditer(line):
                name = _TRAILING.sub("", m.group(1).strip(" ,.;:"))
                if len(name.split()) >= 1 and name not in out:
                    out.append(name)
        return out
