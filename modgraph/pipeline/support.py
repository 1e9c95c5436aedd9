"""Does a passage support a value? The forms a value is written in, and finding them in a passage's text.

A value supports-check is deliberately plain: the value as written, its number in German or English notation,
or its label (any German/English label, notation, wording or written form) occurs in the passage's quote or in
the sentence around the quote, ignoring case, white space and Markdown emphasis. The mapper uses it to choose,
for a subject with several passages, the one that supports each of its statements
(``DocumentMapper.attribute_statements``); the provenance test uses it to check every statement of the graph.

>>> number_forms(Decimal("113.5"))
['113,5', '113.5']
>>> number_forms(Decimal("1600"))
['1600', '1.600']
>>> date_forms("2017-09-29")[:3]
['29.09.2017', '29.9.2017', '29. September 2017']
>>> date_forms("--05-16")
['16. Mai', '16.05.', '16.5.']
>>> supports("Die Kosten betragen **113,5 T€** im Jahr", ["113,5"])
True
>>> supports("im Jahr 2017", ["201"])
False
>>> supports("Die elektronische Akte wird im Migrationsamt eingeführt", ["Einführung der elektronischen Akte im Migrationsamt"])
True
>>> sentence("Erstens. Zweitens kommt hier. Drittens.", 9, 17)
'Zweitens kommt hier.'
>>> sentence("Vorlage Nr. 12 v. 10.01.2017 „Bericht zur\\n\\nNeuordnung“ liegt vor. Weiter.", 0, 10)
'Vorlage Nr. 12 v. 10.01.2017 „Bericht zur Neuordnung“ liegt vor.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
_DATE = re.compile(r"^(\d{4}|-|\d{4}-xx)-(\d{2}|-|x)?-?(\d{2})?$")


def normalise(text: str) -> str:
    """Case, white space, soft hyphens and Markdown emphasis (``**``, ``❖``) ignored."""
    text = text.replace("\u00ad", "").replace("*", "").replace("❖", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def number_forms(value: Decimal | int | float | str) -> list[str]:
    """A number as the German and English sources write it (decimal comma and point, thousands point)."""
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return []
    if d == d.to_integral_value():
        n = int(d)
        forms = [str(n)]
        if abs(n) >= 1000:
            forms.append(f"{n:,}".replace(",", "."))
        return forms
    text = format(d.normalize(), "f")
    return [text.replace(".", ","), text]


def date_forms(iso: str) -> list[str]:
    """The ways a German text writes a date given in the record form (``2017-09-29``, ``2017-09``, ``2017``,
    ``--05-16``, ``2018-xx-29``, ``---29``)."""
    if re.fullmatch(r"\d{4}", iso):
        return [iso]
    if m := re.fullmatch(r"(\d{4})-(\d{2})", iso):
        y, mo = m.group(1), int(m.group(2))
        return [f"{MONTHS[mo - 1]} {y}", f"{mo:02d}/{y}", f"{mo}/{y}", f"{mo:02d}.{y}", f"{MONTHS[mo - 1]}"]
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso):
        y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
        return [
            f"{d:02d}.{mo:02d}.{y}",
            f"{d}.{mo}.{y}",
            f"{d}. {MONTHS[mo - 1]} {y}",
            f"{d}. {MONTHS[mo - 1]}",
            f"{d:02d}.{mo:02d}.",
            f"{d}.{mo}.",
            f"{d:02d}.{mo:02d}.{y[2:]}",
        ]
    if m := re.fullmatch(r"--(\d{2})-(\d{2})", iso):
        mo, d = int(m.group(1)), int(m.group(2))
        return [f"{d}. {MONTHS[mo - 1]}", f"{d:02d}.{mo:02d}.", f"{d}.{mo}."]
    if m := re.fullmatch(r"--(\d{2})", iso):
        return [MONTHS[int(m.group(1)) - 1]]
    if m := re.fullmatch(r"(?:\d{4}-xx-|---)(\d{2})", iso):
        return [f"{int(m.group(1))}."]
    return []


def supports(text: str, forms: Iterable[str], *, normalised: bool = False) -> bool:
    """Whether one of the forms occurs in the text (not inside a longer word or number).
    ``normalised``: the text is already ``normalise``d (the mapper keeps its passages' texts so)."""
    hay = text if normalised else normalise(text)
    for form in forms:
        f = normalise(form)
        if not f:
            continue
        at = hay.find(f)
        while at >= 0:
            before = hay[at - 1] if at else " "
            after = hay[at + len(f)] if at + len(f) < len(hay) else " "
            if not (f[0].isalnum() and before.isalnum()) and not (f[-1].isalnum() and after.isalnum()):
                return True
            at = hay.find(f, at + 1)
        if _words_in(f, hay):
            return True
    return False


#: short words that say nothing about a label's content
_STOP = frozenset(
    "der die das des dem den und für von mit zur zum ein eine auf aus bei im in an als the and of".split()
)


@lru_cache(maxsize=8192)
def _stems(text: str) -> set[str]:
    return {w[:4] for w in re.findall(r"\w{3,}", text) if w not in _STOP}


def _words_in(form: str, hay: str) -> bool:
    """A label of two or more words (of three letters or more) whose words, compared by their first four
    letters, occur in the text at least two in three: the label as the text writes it, inflected or reordered."""
    words = _stems(form)
    if len(words) < 2:
        return False
    found = _stems(hay)
    return 3 * len(words & found) >= 2 * len(words)


#: words after which a full stop does not end a sentence
ABBREVIATIONS = frozenset(
    "v ca nr bzw vgl ggf inkl zzgl max min mio mrd tsd abs art str dr prof hr fr st s u a z b d h i e etc usw lfd ff".split()
)
#: a sentence also ends at a colon closing a line, before a list item or heading line, and at a paragraph break
_BREAK = re.compile(r"[.:!?](?=[ \t]*\n)|\n(?=[ \t]*(?:[-•❖*#]|\d+\.\s))|\n[ \t]*\n[ \t]*\n")
_STOP_MARK = re.compile(r"[.!?](?=\s)")
_LAST_WORD = re.compile(r"(\w+)\Z")
#: how far a sentence reaches before and after its quote at most
REACH = 400


def _ends(text: str, lo: int, hi: int) -> list[int]:
    out = [m.end() for m in _BREAK.finditer(text, lo, hi)]
    for m in _STOP_MARK.finditer(text, lo, hi):
        word = _LAST_WORD.search(text, max(0, m.start() - 12), m.start())
        if word and (word.group(1).lower() in ABBREVIATIONS or word.group(1).isdigit()):
            continue
        out.append(m.end())
    return sorted(out)


def sentence(text: str, start: int, end: int) -> str:
    """The sentence (or sentences) of ``text`` around the characters ``start:end``, across the line breaks that
    the text extraction left inside sentences, at most ``REACH`` characters before and after."""
    lo, hi = max(0, start - REACH), min(len(text), end + REACH)
    before = _ends(text, lo, start)
    after = _ends(text, end, hi)
    cut = before[-1] if before else lo
    stop = after[0] if after else hi
    return re.sub(r"\s+", " ", text[cut:stop]).strip()
