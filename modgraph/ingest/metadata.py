"""Proposed document metadata of an ingested text: title, issuer, date and type, each with the
line it was read from (so the draft's document header can quote it)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from modgraph.ingest.gazetteer import Gazetteer
from modgraph.pipeline.dates import DateError, parse_date

MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}  # fmt: skip
_DAY = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.I)
#: words that say which kind of document it is, checked in this order
TYPE_WORDS = [
    ("senate-proposal", re.compile(r"Vorlage für die Sitzung|Senatsvorlage|Beschlussvorlage|Drucksache", re.I)),
    ("annual-report", re.compile(r"Jahresbericht|Sachstandsbericht|Fortschrittsbericht|Bericht \d{4}", re.I)),
    ("press-release", re.compile(r"Pressemitteilung|Presseinformation|Pressestelle", re.I)),
    ("concept", re.compile(r"Konzept|Strategie|Programm|Masterplan|Leitbild|Agenda", re.I)),
]


#: words a title line usually has
TITLE_WORDS = re.compile(
    r"Programm|Strategie|Konzept|Masterplan|Bericht|Leitbild|Agenda|Verwaltung|Digital|Smart City", re.I
)
#: titles authoring tools put into a file's metadata
GENERIC_TITLE = re.compile(
    r"^(PowerPoint-Präsentation|Präsentation|Microsoft (Word|PowerPoint) - |Dokument\d*$|Untitled)", re.I
)


@dataclass
class Proposal:
    value: str
    line: int | None  # 1-based line of the normalised text it stands on
    quote: str | None

    def as_json(self) -> dict:
        return asdict(self)


def iso_date(text: str) -> str | None:
    """A date written as ``16.08.2017`` or ``Januar 2018`` in ISO form (``2017-08-16``, ``2018-01``).

    >>> iso_date("Bremen, 16.08.2017"), iso_date("Leipzig, im Januar 2018"), iso_date("kein Datum")
    ('2017-08-16', '2018-01', None)
    """
    m = _DAY.search(text)
    if m:
        value = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    else:
        m = _MONTH_YEAR.search(text)
        if not m:
            return None
        value = f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}"
    try:
        parse_date(value)
    except DateError:
        return None
    return value


def propose(lines: list[str], fmt: str, declared: dict, gazetteer: Gazetteer, head: int = 60) -> dict[str, Proposal]:
    """Title, issuer, date and type proposed from the first ``head`` lines and what the file declares."""
    numbered = [(i, ln.strip()) for i, ln in enumerate(lines[:head], start=1) if ln.strip()]
    out: dict[str, Proposal] = {}
    title = declared.get("title")
    if title and GENERIC_TITLE.match(title):
        title = None  # what the authoring tool wrote, not the document's title
    title_line = next(((i, ln) for i, ln in numbered if title and title.strip() in ln), None)
    if title_line is None:
        plausible = [(i, ln) for i, ln in numbered if 12 < len(ln) < 160 and not iso_date(ln) and "@" not in ln]
        title_line = next(((i, ln) for i, ln in plausible if TITLE_WORDS.search(ln)), None) or next(
            iter(plausible), None
        )
    if title_line:
        out["title"] = Proposal(title if title and title.strip() in title_line[1] else title_line[1], *title_line)
    for i, ln in numbered:
        known = [k for k, _ in gazetteer.known_in(ln) if k.kind == "organisation"]
        if known:
            out["issuer"] = Proposal(known[0].id, i, ln)
            break
        bodies = gazetteer.bodies_in(ln)
        if bodies:
            out["issuer"] = Proposal(bodies[0], i, ln)
            break
    for i, ln in numbered:
        found = iso_date(ln)
        if found:
            out["date"] = Proposal(found, i, ln)
            break
    else:
        if declared.get("date"):
            out["date"] = Proposal(str(declared["date"])[:10], None, None)
    if fmt == "html" and not any(p.search(" ".join(ln for _, ln in numbered)) for _, p in TYPE_WORDS[:3]):
        out["type"] = Proposal("web-page", None, None)
    else:
        for kind, pattern in TYPE_WORDS:
            hit = next(((i, ln) for i, ln in numbered if pattern.search(ln)), None)
            if hit:
                out["type"] = Proposal(kind, *hit)
                break
        else:
            out["type"] = Proposal("concept", None, None)
    return out
