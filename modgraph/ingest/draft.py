"""``modgraph draft ID``: propose the records of an ingested document, in the record format.

The rules (``patterns`` and the ``gazetteer``) read the normalised text line by line, keeping the
field and the measure the line stands under. Each proposal becomes a record with the line (or the
part of it that states the fact) as its verbatim quote — checked with the same matcher as ``check``
uses, a proposal whose quote is not found is dropped — and a ``draft:`` block saying which rule
proposed it, from which line and page, and how confident the rule is. Things the project's records
already declare (bodies, places) are referred to by their existing ids and not declared again;
measures that read like measures of other documents get *candidate* ``same-topic-as`` relations
with their rapidfuzz similarity. Nothing is built before review accepts it.

Why this module is long: one pass over the lines carries the context (field, measure, goal list)
that every kind of proposal needs, and each kind is turned into its record here, next to the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from modgraph.ingest.formats import IngestError
from modgraph.ingest.gazetteer import Gazetteer, known_things, record_items
from modgraph.ingest.ingest import document_id, read_ingest_info
from modgraph.ingest.normalise import line_place
from modgraph.ingest.patterns import (
    COST_WORDS,
    DEADLINE_WORDS,
    FUND_WORDS,
    GOAL_SECTION,
    IN_TEXT_MEASURE,
    MEASURE_SECTION,
    SECTION_ITEM,
    UNNUMBERED_ROW,
    amounts_in,
    dates_in,
    decisions_in,
    field_in,
    goal_in,
    measure_in,
)
from modgraph.pipeline.sources import SourceText, normalise

#: the least rapidfuzz WRatio for a candidate same-topic relation
SIMILARITY_CUTOFF = 86.0
RESPONSIBLE_WORDS = re.compile(
    r"verantwortlich|federführend|zuständig|Verantwortung|Leitung|Projektleitung|obliegt", re.I
)
#: the longest quote proposed; a longer line is quoted around the match
MAX_QUOTE = 240


@dataclass
class Drafted:
    path: Path
    records: list[dict]
    counts: dict[str, int] = field(default_factory=dict)
    dropped: int = 0  # proposals whose quote the matcher did not find


def slug(text: str, limit: int = 48) -> str:
    """A short id part from a label.

    >>> slug("Einführung der elektronischen Rechnung (e-Rechnung)"), slug("884/19")
    ('einfuehrung-der-elektronischen-rechnung-e-rechnu', '884-19')
    """
    return document_id(Path(text.replace("/", "-") + ".x"))[:limit].strip("-") or "x"


def _window(line: str, start: int, end: int) -> str:
    """The part of a long line around a match, cut at word boundaries."""
    if len(line) <= MAX_QUOTE:
        return line
    a = max(0, start - 80)
    b = min(len(line), end + 80)
    while a > 0 and not line[a - 1].isspace():
        a += 1
    while b < len(line) and not line[b].isspace():
        b -= 1
    return line[a:b].strip() or line[start:end]


class _Drafter:
    def __init__(self, doc_id: str, text_path: Path, info: dict, records_dir: Path):
        self.doc = doc_id
        self.source = SourceText(text_path)
        self.lines = self.source.text.split("\n")
        self.info = info
        items = record_items(records_dir, skip=records_dir / f"{doc_id}.yaml")  # not the file being redrafted
        self.gazetteer = Gazetteer(known_things(items))
        self.others = [
            (item["measure"], item["label"])
            for _, item in items
            if isinstance(item.get("measure"), str) and isinstance(item.get("label"), str) and "draft" not in item
        ]
        self.records: dict[str, dict] = {}
        self.dropped = 0
        self.programme = f"{doc_id}/programm"
        self.field: str | None = None
        self.measure: str | None = None
        self.goal_section = False
        self.measure_section = False  # under "Projekte:" / "Maßnahmen:": bullets and "Titel - …" are measures
        #: the lines that are headings (HTML, Markdown, DOCX; none in PDF and plain text)
        self.heading_lines = {seg["lines"][0] for seg in info.get("lines", []) if seg.get("heading")}
        self.new_bodies: dict[str, str] = {}  # name as written -> id

    # ------------------------------------------------------------------ records

    def quoted(self, text: str) -> str | None:
        if self.source.locate(text) is None:
            self.dropped += 1
            return None
        return text

    def draft_block(self, line: int, rule: str, confidence: float, **extra: Any) -> dict:
        place = line_place(self.info.get("lines", []), line)
        where = f"line {line}" + (f", page {place['page']}" if place.get("page") else "")
        return {"reason": f"{rule} ({where})", "confidence": round(confidence, 2), "review": "proposed", **extra}

    def add(self, kind: str, ident: str, body: dict, quote: str, line: int, rule: str, confidence: float) -> str | None:
        key = f"{kind}:{ident}"
        if key in self.records:
            return ident
        if self.quoted(quote) is None:
            return None
        self.records[key] = {kind: ident, **body, "quote": quote, "draft": self.draft_block(line, rule, confidence)}
        return ident

    def unique(self, kind: str, ident: str) -> str:
        n, candidate = 2, ident
        while f"{kind}:{candidate}" in self.records:
            candidate, n = f"{ident}-{n}", n + 1
        return candidate

    # ------------------------------------------------------------------ the pass over the lines

    def run(self) -> None:
        title = self.info.get("proposed", {}).get("title") or {}
        if title.get("quote"):
            self.add(
                "programme", self.programme, {"label": title["value"]}, title["quote"], title["line"] or 1,
                "the document's title", 0.6,
            )  # fmt: skip
        in_text: dict[int, list[tuple[str, str, str]]] = {}
        for m in IN_TEXT_MEASURE.finditer(self.source.text):
            at = self.source.text.count("\n", 0, m.end()) + 1
            in_text.setdefault(at, []).append((m.group(2), normalise(m.group(1)), normalise(m.group(0))))
        for number, raw in enumerate(self.lines, start=1):
            line = raw.strip()
            for notation, label, quote in in_text.get(number, []):
                self.measure_named(notation, label, quote, number)
            if not line:
                continue
            if GOAL_SECTION.match(line):
                self.goal_section = True
                continue
            if MEASURE_SECTION.match(line):
                self.measure_section = True
                continue
            if self.measure_section and self.section_item(line, number):
                continue
            if self.measure_section and number not in self.heading_lines and self.heading_lines:
                continue  # a paragraph of the section (a document with headings ends it at the next one)
            self.measure_section = False  # else the list ends with the first line that is not an item of it
            if self.field_line(line, number) or self.measure_line(line, number):
                self.goal_section = False
                continue
            self.goal_line(line, number)
            self.amount_line(line, number)
            self.date_line(line, number)
            self.decision_line(line, number)
            self.body_line(line, number)
        self.candidates()

    def field_line(self, line: str, number: int) -> bool:
        found = field_in(line)
        if not found:
            return False
        notation, label = found
        ident = f"{self.doc}/feld-{notation}"
        body = {"label": label, "programme": self.programme, "notation": notation}
        if self.add("field", ident, body, line, number, "numbered heading of a field", 0.7):
            self.field, self.measure = ident, None
        return True

    def measure_line(self, line: str, number: int) -> bool:
        found = measure_in(line)
        if not found and self.field:
            row = UNNUMBERED_ROW.match(line)
            found = (None, row.group(1).strip()) if row else None
        if not found:
            return False
        notation, label = found
        ident = self.unique(
            "measure", f"{self.doc}/{(notation or slug(label)).replace('.', '-').replace(' ', '-').lower()}"
        )
        body: dict = {"label": label}
        if notation:
            body["notation"] = notation
        body["programme"] = self.programme
        if self.field:
            body["field"] = self.field
        rule = "table row Nr | Titel" if "|" in line else "numbered measure"
        made = self.add("measure", ident, body, line, number, rule, 0.7 if notation else 0.5)
        if made:
            self.measure = made
        return True

    def section_item(self, line: str, number: int) -> bool:
        """An item of a list of measures: proposed as an unnumbered measure."""
        m = SECTION_ITEM.match(line)
        if not m:
            return False
        label = (m.group(1) or m.group(2)).strip(" :")
        ident = self.unique("measure", f"{self.doc}/{slug(label)}")
        body: dict = {"label": label, "programme": self.programme}
        if self.field:
            body["field"] = self.field
        made = self.add("measure", ident, body, line, number, "item of a list of projects or measures", 0.4)
        if made:
            self.measure = made
        return True

    def measure_named(self, notation: str, label: str, quote: str, number: int) -> None:
        """A measure named in running text („Titel“ (1.2)); the first mention proposes it."""
        if any(r.get("notation") == notation for k, r in self.records.items() if k.startswith("measure:")):
            return
        body: dict = {"label": label, "notation": notation, "programme": self.programme}
        if self.field:
            body["field"] = self.field
        ident = f"{self.doc}/{notation.replace('.', '-')}"
        made = self.add("measure", ident, body, quote, number, "measure named in the text with its number", 0.6)
        if made:
            self.measure = made

    def goal_line(self, line: str, number: int) -> None:
        found = goal_in(line, self.goal_section)
        if not found:
            return
        notation, text = found
        of = (
            f"measure:{self.measure}"
            if self.measure
            else f"field:{self.field}"
            if self.field
            else f"programme:{self.programme}"
        )
        ident = self.unique("goal", f"{self.doc}/ziel-{slug(text, 40)}")
        body: dict = {"label": text, "of": [of]}
        if notation:
            body["notation"] = notation
        quote = text if len(line) > MAX_QUOTE else line
        self.add("goal", ident, body, quote, number, "goal (Ziel …, or item of a list of goals)", 0.5)

    def amount_line(self, line: str, number: int) -> None:
        amounts = amounts_in(line)
        if not amounts:
            return
        first = amounts[0]
        start = line.find(first.text)
        quote = _window(line, start, start + len(first.text))
        if FUND_WORDS.search(line) and (not self.measure or not COST_WORDS.search(line)):
            m = FUND_WORDS.search(line)
            assert m is not None
            label = _window(line, m.start(), m.end())[:120]
            ident = self.unique("fund", f"{self.doc}/mittel-{slug(first.text, 24)}")
            self.add(
                "fund", ident, {"label": label, "volume": first.text}, quote, number, "amount beside a fund word", 0.4
            )
        elif self.measure and COST_WORDS.search(line):
            rec = self.records.get(f"measure:{self.measure}")
            if rec is not None and "cost" not in rec and self.quoted(quote):
                rec["cost"] = first.text
                rec["quote"] = _as_list(rec["quote"]) + [quote]
                rec["draft"]["reason"] += f"; cost from line {number}"

    def date_line(self, line: str, number: int) -> None:
        if not self.measure or not DEADLINE_WORDS.search(line):
            return
        rec = self.records.get(f"measure:{self.measure}")
        if rec is None:
            return
        for found in dates_in(line)[:2]:
            start = line.find(found.text)
            quote = _window(line, start, start + len(found.text))
            if not self.quoted(quote):
                continue
            deadline = {"label": found.text, "due": found.value, "kind": "deadline", "quote": quote}
            if deadline not in rec.setdefault("deadlines", []):
                rec["deadlines"].append(deadline)

    def body_id(self, name: str, line: str, number: int, rule: str, confidence: float) -> str | None:
        """The id of a body: known from the registry/records, else a new organisation of this document."""
        known = [k for k, _ in self.gazetteer.known_in(name) if k.kind == "organisation"]
        if known:
            return known[0].id
        if name in self.new_bodies:
            return self.new_bodies[name]
        start = line.find(name)
        quote = _window(line, start, start + len(name))
        ident = self.add(
            "organisation",
            f"{self.doc}/{slug(name)}",
            {"label": name, "type": "public-body"},
            quote,
            number,
            rule,
            confidence,
        )
        if ident:
            self.new_bodies[name] = ident
        return ident

    def decision_line(self, line: str, number: int) -> None:
        for found in decisions_in(line):
            extra = found.extra or {}
            ref = extra.get("number") or extra.get("date") or ""
            prefix = "beschlussvorschlag" if extra.get("proposed") else "beschluss"
            ident = f"{self.doc}/{prefix}-{slug(ref, 32)}"
            body: dict = {"label": found.text, "type": found.value}
            if extra.get("number"):
                body["number"] = extra["number"]
            if extra.get("date"):
                body["date"] = extra["date"]
            if extra.get("body"):
                body_id = self.body_id(extra["body"], line, number, "the body a decision names", 0.5)
                if body_id:
                    body["body"] = body_id
            start = line.find(found.text)
            made = self.add(
                "decision",
                ident,
                body,
                _window(line, start, start + len(found.text)),
                number,
                "decision with its number or date",
                0.7,
            )
            if made and self.measure and f"measure:{self.measure}" in self.records:
                decisions = self.records[f"measure:{self.measure}"].setdefault("decisions", [])
                if made not in decisions:
                    decisions.append(made)

    def body_line(self, line: str, number: int) -> None:
        ids: list[str] = []
        for known, _written in self.gazetteer.known_in(line):
            if known.kind == "organisation" and known.id not in ids:
                ids.append(known.id)
        for name in self.gazetteer.bodies_in(line):
            if self.gazetteer.known_in(name):
                continue
            ident = self.body_id(name, line, number, "a name that reads like a body (Amt für …, Referat …)", 0.5)
            if ident and ident not in ids:
                ids.append(ident)
        if not ids or not self.measure:
            return
        rec = self.records.get(f"measure:{self.measure}")
        if rec is None:
            return
        role = "responsible" if RESPONSIBLE_WORDS.search(line) else "participants"
        for ident in ids:
            if ident not in rec.get("responsible", []) + rec.get("participants", []):
                rec.setdefault(role, []).append(ident)

    def candidates(self) -> None:
        if not self.others:
            return
        labels = [label for _, label in self.others]
        for key, rec in list(self.records.items()):
            if not key.startswith("measure:") or len(rec["label"].split()) < 2:
                continue
            hit = process.extractOne(rec["label"], labels, scorer=fuzz.WRatio, score_cutoff=SIMILARITY_CUTOFF)
            if hit is None:
                continue
            other = self.others[hit[2]][0]
            ident = f"{self.doc}/same-topic-{slug(rec[key.split(':')[0]].split('/', 1)[1], 40)}"
            quote = _as_list(rec["quote"])[0]
            self.records[f"relation:{ident}"] = {
                "relation": ident,
                "subject": key,
                "type": "same-topic-as",
                "object": f"measure:{other}",
                "quote": quote,
                "draft": {
                    "reason": f"label similar to measure {other} ({labels[hit[2]]!r})",
                    "confidence": round(hit[1] / 100, 2),
                    "review": "proposed",
                    "candidate": True,
                    "similarity": round(hit[1], 1),
                },
            }


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _header(doc_id: str, info: dict, records: dict[str, dict], issued: str | None) -> dict:
    proposed = info.get("proposed", {})
    title = proposed.get("title") or {}
    date = proposed.get("date") or {}
    issued = issued or date.get("value")
    if not issued:
        raise IngestError(f"{doc_id}: no date found in the document: pass it with --issued YYYY[-MM[-DD]]")
    quotes = [q for q in (title.get("quote"), date.get("quote")) if q]
    if not quotes:
        raise IngestError(f"{doc_id}: no title line found to quote: the text has no line of more than 12 characters")
    header: dict = {
        "id": doc_id,
        "file": info["text"],
        "label": title.get("value") or doc_id,
        "type": (proposed.get("type") or {}).get("value", "concept"),
        "issued": issued,
    }
    issuer = (proposed.get("issuer") or {}).get("value")
    drafted = [r for r in records.values() if "organisation" in r and r.get("label") == issuer]
    if drafted:  # a new body: it becomes the publisher when review accepts it
        drafted[0]["draft"]["publisher"] = True
        drafted[0]["draft"]["reason"] += "; proposed as the document's publisher"
    elif issuer and re.fullmatch(r"[a-z0-9][a-z0-9./-]*", issuer):
        header["publisher"] = [issuer]  # a body the project's records already declare
    header["quote"] = list(dict.fromkeys(quotes))
    header["original"] = info["original"]
    header["original_sha256"] = info["original_sha256"]
    return header


def draft_document(
    doc_id: str, corpus_dir: Path, records_dir: Path, issued: str | None = None, overwrite: bool = False
) -> Drafted:
    """Write ``records/<doc_id>.yaml`` with the proposed records of an ingested document.

    :raises IngestError: the document was not ingested, has no date or title line, or a record file of
        that name exists that is not a draft (``overwrite`` is needed to replace even a draft file)
    """
    info = read_ingest_info(corpus_dir, doc_id)
    text_path = corpus_dir / info["text"]
    target = records_dir / f"{doc_id}.yaml"
    if target.exists() and not overwrite:
        raise IngestError(
            f"{target} exists: review it (`modgraph review {doc_id}`) or pass --overwrite to draft again "
            "(accepted and curated records in it would be replaced)"
        )
    drafter = _Drafter(doc_id, text_path, info, records_dir)
    drafter.run()
    records = list(drafter.records.values())
    header = _header(doc_id, info, drafter.records, issued)
    records_dir.mkdir(parents=True, exist_ok=True)
    text = "# Drafted by `modgraph draft` from the ingested text; nothing here is built before `modgraph review` accepts it.\n"
    text += yaml.safe_dump({"document": header, "records": records}, allow_unicode=True, sort_keys=False, width=100000)
    target.write_text(text, encoding="utf-8")
    counts: dict[str, int] = {}
    for rec in records:
        kind = next(iter(rec))
        counts[kind] = counts.get(kind, 0) + 1
    return Drafted(target, records, counts, drafter.dropped)
