"""The rules that find things in lines of an administration's text: fields, measures, goals, amounts,
dates with their precision, decisions with their numbers. Each function takes one line (stripped) and
returns what it found, as written; ``draft`` turns the findings into records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from modgraph.ingest.metadata import MONTHS
from modgraph.pipeline.amounts import AmountError, parse_amount
from modgraph.pipeline.dates import DateError, parse_date

_LABEL = r"([A-ZÄÖÜ„\"][^\t|]{2,150}?)"
FIELD_PATTERNS = [
    re.compile(
        r"^(?:Handlungsfeld|Entwicklungsfeld|Themenfeld|Aktionsfeld|Schwerpunkt|HF|EF)\s*(\d{1,2})\s*(?:[:.–-]|\|)?\s+"
        + _LABEL
        + r"\s*(?:\||$)"
    ),
    re.compile(r"^(\d{1,2})\.\s+" + _LABEL + r"(?:\s*\(vgl\.[^)]*\))?\s*$"),
]
MEASURE_PATTERNS = [
    re.compile(r"^" + _LABEL + r"\s+\((\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\)\s*$"),  # "Einführung der e-Rechnung (3.2)"
    re.compile(
        r"^(?:Maßnahme\s+|M\s?)?(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s+" + _LABEL + r"\s*$"
    ),  # "3.2 Einführung …"
    re.compile(r"^(?:Maßnahme|Vorhaben|Projekt)\s+(\d{1,3})\s*[:.–-]\s*" + _LABEL + r"\s*$"),
]
#: a table row "Nr | Titel | Beschreibung": a number or a notation first, then the title
ROW = re.compile(r"^\s*([A-Z]{0,3}\s?\d{1,2}(?:\.\d{1,2}){0,2})\.?\s*\|\s*([^|]{4,200}?)\s*(?:\||$)")
GOAL = re.compile(
    r"^(?:(?:Strategisches\s+|Übergeordnetes\s+)?Ziel(?:\s+(\d{1,2}))?\s*[:.–-]\s*|[-•❖]\s*\**\s*(?:❖\s*)?(?=.*\b(?:soll|sollen|wird|werden|ist)\b))(.{12,300}?)\**$"
)
GOAL_SECTION = re.compile(r"^Ziele?\b.{0,40}:$")
#: a heading or a line that opens a list of measures ("3. Projekte:", "Maßnahmen:")
MEASURE_SECTION = re.compile(r"^(?:\d{1,2}\.\s*)?(?:Projekte|Maßnahmen|Vorhaben|Umsetzungsprojekte)\b.{0,40}:?$", re.I)
#: an item of such a list: a bullet, or a title followed by " - " and its description
SECTION_ITEM = re.compile(r"^(?:[-–•]\s*([A-ZÄÖÜ„\"].{2,120}?)\s*$|([A-ZÄÖÜ][^.!?|]{2,90}?)\s+[-–]\s+\S)")
#: words that make a line read as a table of contents line ("3.1 Handlungsfelder 11")
TOC_TAIL = re.compile(r"(\.{3,}|\s\|\s*\d{1,3}|\s\d{1,3})$")

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_UNIT = r"T€|Tsd\. €|Mio\. €|Mio\. Euro|Millionen Euro|Million Euro|Milliarden Euro|Mrd\. Euro|Mrd\. €|Euro|EUR|€|VZÄ|%"
AMOUNT = re.compile(
    r"(?<![\w.,])((?:(?:insgesamt|rund|ca\.|circa|etwa|über|mehr als|mindestens|knapp)\s+)*(?:"
    + _NUM
    + r"|ein|eine|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn)\s?(?:"
    + _UNIT
    + r"))(?!\w)"
)
COST_WORDS = re.compile(
    r"Kosten|kostet|Gesamtkosten|Volumen|Mittel|Budget|finanziert|Investition|bereitgestellt|Förder", re.I
)
FUND_WORDS = re.compile(r"Fonds|Sondervermögen|Sofortprogramm|Investitionsprogramm|Förderprogramm", re.I)

_MONTH = "|".join(m.capitalize() for m in MONTHS)
DATE_PATTERNS = [
    # 2. Quartal 2025, im dritten Quartal 2024
    (re.compile(r"\b(?:bis\s+(?:zum\s+|Ende\s+des\s+)?)?([1-4])\.\s*Quartal\s+(\d{4})"), "quarter"),
    # bis Ende September 2017, Mitte 2019, Anfang März 2018, Ende 2019
    (re.compile(r"\b(?:(bis)\s+)?(?:(Ende|Mitte|Anfang|Beginn)\s+)?(?:(" + _MONTH + r")\s+)(\d{4})\b"), "month"),
    (re.compile(r"\b(?:(bis)\s+)?(Ende|Mitte|Anfang|Beginn)\s+(\d{4})\b"), "year"),
    (re.compile(r"\b(bis)\s+(?:zum\s+)?(?:Jahr\s+)?(\d{4})\b"), "by-year"),
    (re.compile(r"\b(?:(bis)\s+(?:zum\s+)?)?(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), "day"),
]
DEADLINE_WORDS = re.compile(
    r"\bbis\b|Frist|spätestens|Abschluss|abgeschlossen|Start|Einführung|Umsetzung|geplant|vorgesehen|Quartal|Ende|Meilenstein",
    re.I,
)

_DATE = r"(\d{1,2}\.\d{1,2}\.\d{4})"
#: decisions with a number and a date in one phrase ("Senatsvorlage 884/19 v. 01.11.2016")
NUMBER_AND_DATE = re.compile(
    r"\b(Senatsvorlage|Senatsbeschluss|Drucksache|Vorlage|Beschluss)\s+(?:Nr\.\s*)?(\d{1,5}/\d{1,4})(?:\s+v(?:om|\.)\s*"
    + _DATE
    + ")?"
)
#: a body deciding on a day ("der Senat in seiner Sitzung vom 13.06.2017", "vom Stadtrat am 14.02.2024")
BODY_ON_DAY = re.compile(
    r"\b(Senat|Stadtrat|Gemeinderat|Kreistag|Rat)\s+(?:in seiner Sitzung\s+)?(?:vom|am)\s+" + _DATE
)
#: a numbered proposed decision ("1. Der Senat nimmt … zur Kenntnis.")
PROPOSED = re.compile(r"^(\d{1,2})\.\s+(Der (?:Senat|Stadtrat|Gemeinderat|Rat|Kreistag)\b.{8,})$")
DECISION_PATTERNS = [
    (re.compile(r"\b(Drucksache|Drs\.)\s*(?:Nr\.\s*)?(\d{1,2}\s*/\s*\d{1,5}[A-Z]?)"), "senate-proposal"),
    (
        re.compile(
            r"\b(Vorlage)\s*(?:Nr\.|-)?\s*[–-]?\s*((?:[IVX]+-)?(?:DS|V|A)-?\s*\d{2,6}(?:-[A-Z0-9]+)*|\d{2,4}/\d{2})"
        ),
        "senate-proposal",
    ),
    (re.compile(r"\b(Beschluss(?:-Nr\.|nummer|\s+Nr\.))\s*((?:[IVX]+-)?[A-Z]{0,3}-?\d[\d/\-]*)"), "resolution"),
    (
        re.compile(
            r"\b(Senatsbeschluss|Ratsbeschluss|Beschluss des (?:Senats|Stadtrat(?:e)?s|Rates|Gemeinderat(?:e)?s))\s+vom\s+(\d{1,2}\.\d{1,2}\.\d{4})"
        ),
        "senate-decision",
    ),
    (re.compile(r"\b(hat der (?:Senat|Stadtrat|Gemeinderat|Rat))\s+am\s+(\d{1,2}\.\d{1,2}\.\d{4})"), "senate-decision"),
]


@dataclass
class Found:
    kind: str
    text: str  # as written
    value: object = None  # parsed: an Amount, a date value for the record, a (number, label) pair …
    extra: dict | None = None


#: a measure named in running text: „Titel“ (1.2), possibly across line breaks
IN_TEXT_MEASURE = re.compile(r"„([^“”\"„]{4,160}?)[“\"]\s*\((\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\)")


def field_in(line: str) -> tuple[str, str] | None:
    """(notation, label) of a heading that opens a field / action field, or None.

    >>> field_in("HF 3 Organisation und E-Government"), field_in("3. Digitale Verwaltung (vgl. Masterplan S. 40 ff.)")
    (('3', 'Organisation und E-Government'), ('3', 'Digitale Verwaltung'))
    """
    if len(line) > 160 or TOC_TAIL.search(line) and "|" in line:
        return None
    for pattern in FIELD_PATTERNS:
        m = pattern.match(line)
        label = m.group(2).strip() if m else ""
        # a field's name is a noun phrase: not a sentence ("1. Der Senat nimmt … zur Kenntnis.")
        if m and label.split()[0].lower() in MONTHS:
            continue  # a date ("23. Juni"), not a field
        if m and not label.endswith((".", ",", ";")) and not label.startswith(("Der ", "Die ", "Das ")):
            return m.group(1), label.rstrip(":")
    return None


#: a row of a measure list without numbers: an empty first cell, then the measure ("| Stadtbüro neu ausrichten")
UNNUMBERED_ROW = re.compile(r"^\|\s+([A-ZÄÖÜ„\"][^|]{6,200}?)\s*(?:\||$)")


def measure_in(line: str) -> tuple[str | None, str] | None:
    """(notation, label) of a line that names a numbered measure, or None.

    >>> measure_in("Einführung der elektronischen Rechnung (e-Rechnung) (3.2)")
    ('3.2', 'Einführung der elektronischen Rechnung (e-Rechnung)')
    >>> measure_in("1.1 | Online-Terminvergabe | Termine online buchen")
    ('1.1', 'Online-Terminvergabe')
    """
    m = ROW.match(line)
    if m and m.group(2).strip().lower() not in ("titel", "maßnahme", "bezeichnung"):
        return " ".join(m.group(1).split()), m.group(2).strip()
    if len(line) > 170 or "|" in line:
        return None
    m = MEASURE_PATTERNS[0].match(line)
    if m:
        return m.group(2), m.group(1).strip()
    for pattern in MEASURE_PATTERNS[1:]:
        m = pattern.match(line)
        if m and not TOC_TAIL.search(line) and not m.group(2).rstrip().endswith((",", ";")):
            return m.group(1), m.group(2).strip().rstrip(":")
    return None


def goal_in(line: str, in_goal_section: bool) -> tuple[str | None, str] | None:
    """(notation, text) of a goal: "Ziel 2: …", or a list item under a heading "Ziele …:"."""
    m = GOAL.match(line)
    if m and (in_goal_section or line.startswith(("Ziel", "Strategisches", "Übergeordnetes"))):
        return m.group(1), m.group(2).strip(" *")
    if in_goal_section and line.startswith(("-", "•", "❖")) and len(line) > 15:
        return None, line.lstrip("-•❖* ").rstrip("* ").strip()
    return None


def amounts_in(line: str) -> list[Found]:
    """Every amount of a line that ``parse_amount`` understands, as written.

    >>> [f.text for f in amounts_in("Kosten: insgesamt 270.000 Euro, davon 2,9 Mio. € und 3,5 VZÄ")]
    ['insgesamt 270.000 Euro', '2,9 Mio. €', '3,5 VZÄ']
    """
    found = []
    for m in AMOUNT.finditer(line):
        written = m.group(1)
        try:
            found.append(Found("amount", written, parse_amount(written)))
        except AmountError:
            continue
    return found


def _date_value(iso: str, bound: str | None, text: str) -> object | None:
    value: object = {"date": iso, "bound": bound, "text": text} if bound else iso
    try:
        parse_date(value)
    except DateError:
        return None
    return value


def dates_in(line: str) -> list[Found]:
    """Dates of a line with their precision and bound, as record values.

    >>> [f.value for f in dates_in("bis Ende September 2017, im 2. Quartal 2025 und Ende 2019")]
    [{'date': '2025-06', 'bound': 'by', 'text': '2. Quartal 2025'}, {'date': '2017-09', 'bound': 'end', 'text': 'bis Ende September 2017'}, {'date': '2019', 'bound': 'end', 'text': 'Ende 2019'}]
    """
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in DATE_PATTERNS:
        for m in pattern.finditer(line):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            text = m.group(0).strip()
            if kind == "quarter":
                value = _date_value(f"{m.group(2)}-{int(m.group(1)) * 3:02d}", "by", text)
            elif kind == "month":
                bis, where, month, year = m.groups()
                bound = {"Ende": "end", "Anfang": "start", "Beginn": "start"}.get(where or "", "by" if bis else None)
                value = _date_value(f"{year}-{MONTHS[month.lower()]:02d}", bound, text)
            elif kind == "year":
                bis, where, year = m.groups()
                bound = {"Ende": "end", "Anfang": "start", "Beginn": "start"}.get(where, "by" if bis else None)
                value = _date_value(year, bound, text)
            elif kind == "by-year":
                value = _date_value(m.group(2), "by", text)
            else:
                bis, day, month, year = m.groups()
                value = _date_value(f"{year}-{int(month):02d}-{int(day):02d}", "by" if bis else None, text)
            if value is not None:
                taken.append((m.start(), m.end()))
                found.append(Found("date", text, value))
    return found


def decisions_in(line: str) -> list[Found]:
    """Decisions of a line: (type, number or date) with the words that name them.

    >>> [(f.value, f.extra) for f in decisions_in("Rahmenvereinbarung BGM (Vorlage - VI-DS-03765)")]
    [('senate-proposal', {'number': 'VI-DS-03765'})]
    >>> [(f.value, f.extra) for f in decisions_in("gemäß Senatsbeschluss vom 28.07.2015 eingerichtet")]
    [('senate-decision', {'date': '2015-07-28', 'body': 'Senat'})]
    """
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def iso(day: str) -> str:
        d, mo, y = day.split(".")
        return f"{y}-{int(mo):02d}-{int(d):02d}"

    for m in NUMBER_AND_DATE.finditer(line):
        numbered: dict = {"number": m.group(2)} | ({"date": iso(m.group(3))} if m.group(3) else {})
        kind = "senate-proposal" if "vorlage" in m.group(1).lower() or m.group(1) == "Drucksache" else "resolution"
        found.append(Found("decision", m.group(0), kind, numbered))
        taken.append((m.start(), m.end()))
    for m in BODY_ON_DAY.finditer(line):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            found.append(
                Found("decision", m.group(0), "senate-decision", {"date": iso(m.group(2)), "body": m.group(1)})
            )
            taken.append((m.start(), m.end()))
    proposed = PROPOSED.match(line)
    if proposed:
        found.append(
            Found("decision", proposed.group(0), "senate-proposal", {"number": proposed.group(1), "proposed": True})
        )
    for pattern, kind in DECISION_PATTERNS:
        for m in pattern.finditer(line):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            what, ref = m.group(1), m.group(2)
            extra: dict = {}
            if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", ref):
                extra["date"] = iso(ref)
                if what.startswith("Senats") or "Senat" in what:
                    extra["body"] = "Senat"
                elif "Stadtrat" in what or "Ratsbeschluss" in what:
                    extra["body"] = "Stadtrat"
            else:
                extra["number"] = " ".join(ref.split())
            found.append(Found("decision", m.group(0), kind, extra))
    return found
