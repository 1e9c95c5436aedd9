"""German text analysis for the search index: folding, words, the compound vocabulary, the analyzer.

The chain, the same for indexing and for queries:

1. :func:`fold` (in Python, before tantivy sees the text): lower case, ``ä ö ü`` → ``ae oe ue`` and
   ``ß`` → ``ss``, so that "Bürger", "Buerger" and "BÜRGER" are one word (tantivy's ``ascii_fold`` would
   make "burger", which the spelling "Buerger" never reaches);
2. tantivy: the simple tokenizer (letters and digits; "e-Rechnung" is "e", "rechnung"), lower case,
   ASCII folding of other accents, compound splitting over the graph's own vocabulary
   (:func:`constituents`), German stop words, the German Snowball stemmer.

>>> fold("Straße der Bürger, ÄMTER")
'strasse der buerger, aemter'
>>> words("Online-Terminvergabe für 2 Bürger")
['online', 'terminvergabe', 'fuer', '2', 'buerger']
>>> parts = constituents(["online", "termin", "vergabe", "terminvergabe", "verwaltung", "die"])
>>> sorted(p for p in parts if p in ("online", "termin", "vergabe", "verwaltungs", "terminvergabe", "die", "akten"))
['online', 'termin', 'vergabe', 'verwaltungs']
>>> "vergaben" in parts and "termine" in parts
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import tantivy

#: the name the analyzer is registered under in every index
ANALYZER = "de_graph"
#: the shortest word that may be a part of a compound (shorter ones split too eagerly: "amt", "bau")
MIN_PART = 4
#: endings after which German compounds take a linking "s" (Verwaltung-s-modernisierung)
LINKING_S = ("ung", "heit", "keit", "schaft", "tion", "taet", "tum", "ling", "ion")

#: plural endings whose singular is a compound's last part too ("Terminvereinbarungen" → "…vereinbarung")
INFLECTED = (("ungen", "ung"), ("heiten", "heit"), ("keiten", "keit"), ("schaften", "schaft"), ("ionen", "ion"))

#: inflection endings a compound's last part may carry ("Personalakten": "personal" + "akte" + "n")
ENDINGS = ("e", "n", "en", "s")

#: the letters folding spells out, after lower case ("ẞ".lower() is "ß")
_SPELT = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))
_WORD = re.compile(r"[^\W_]+")

#: German stop words that are never parts of a compound ("unter" + "nehmen" is no split of "unternehmen")
STOP_WORDS = frozenset(
    fold_word
    for fold_word in (
        "aber alle allem allen aller alles als also auch auf aus bei beim bereits bis damit dann dass dazu dem den "
        "denen der des die dies diese dieser dieses doch dort durch ein eine einem einen einer eines einige fuer "
        "gegen hier ihre ihrem ihren ihrer ihres im in ins ist jede jedem jeden jeder jedes kann kein keine "
        "koennen mehr mit muss nach nicht noch nur ob oder ohne sehr sein seine sich sie sind so sollen soll "
        "sowie ueber um und uns unter vom von vor waehrend war waren was weil welche wenn werden wie wird wir "
        "wurde wurden zu zum zur zwischen"
    ).split()
)


def fold(text: str) -> str:
    """Lower case with the German letters spelt out: ä → ae, ö → oe, ü → ue, ß → ss.

    (Four ``str.replace`` calls: ``str.translate`` with a table looks up every character in Python and took
    0.76 s of the ×40 index.)

    >>> fold("Straße ÜBER Bürger GROẞ")
    'strasse ueber buerger gross'
    """
    folded = text.lower()
    for letter, spelt in _SPELT:
        if letter in folded:
            folded = folded.replace(letter, spelt)
    return folded


_PREFIXED = re.compile(r"\b([^\W\d_])-([^\W_]+)")


def fold_indexed(text: str) -> str:
    """:func:`fold` for indexing: a one-letter prefix ("e-Rechnung", "E-Government") is also written
    joined to its word, so that "eRechnung" finds it and "Rechnung" still does.

    >>> fold_indexed("Die e-Rechnung kommt")
    'die e-rechnung erechnung kommt'
    """
    folded = fold(text)
    return _PREFIXED.sub(r"\1-\2 \1\2", folded) if "-" in folded else folded


def fold_query(text: str) -> str:
    """:func:`fold` for queries: a one-letter prefix is joined to its word ("e-Rechnung" → "erechnung"),
    which matches both spellings of the indexed text (:func:`fold_indexed`).

    >>> fold_query("e-Rechnung")
    'erechnung'
    """
    return _PREFIXED.sub(r"\1\2", fold(text))


def words(text: str) -> list[str]:
    """The folded words of a text, split at everything that is not a letter or digit."""
    return _WORD.findall(fold(text))


def _splits(word: str, vocabulary: set[str]) -> bool:
    """Whether ``word`` is two or more words of ``vocabulary`` in a row (each at least MIN_PART long)."""
    n = len(word)
    reach = [False] * (n + 1)  # reach[i]: word[:i] is a sequence of vocabulary words
    reach[0] = True
    for end in range(MIN_PART, n + 1):
        for start in range(0, end - MIN_PART + 1):
            if reach[start] and (start, end) != (0, n) and word[start:end] in vocabulary:
                reach[end] = True
                break
    return reach[n]


def constituents(vocabulary: Iterable[str]) -> set[str]:
    """The words a compound is split into: the vocabulary's words that are no compound themselves.

    A word that is itself a sequence of other words ("terminvergabe" = "termin" + "vergabe") is left
    out, so that tantivy's splitter (leftmost-longest) splits it to the end. Stop words, numbers and
    words shorter than ``MIN_PART`` are left out; words ending in ``LINKING_S`` also count with a
    linking "s".
    """
    plain = {w for w in vocabulary if len(w) >= MIN_PART and w.isalpha() and w not in STOP_WORDS}
    plain |= {w[: -len(end)] + base for w in plain for end, base in INFLECTED if w.endswith(end)}
    plain |= induced(plain)
    plain |= {w + "s" for w in plain if w.endswith(LINKING_S)}
    # a word is a compound also when its last part carries an ending ("forderungs" + "managements")
    inflected = plain | {w + end for w in plain for end in ENDINGS if not w.endswith(end)}
    atoms = {w for w in plain if not _splits(w, inflected)}
    return atoms | {w + end for w in atoms for end in ENDINGS if not w.endswith(end)}


def induced(plain: set[str], min_compounds: int = 2) -> set[str]:
    """Words that occur only as the first part of compounds: a head that stands before at least
    ``min_compounds`` different known words ("termin" in "terminmanagement", "terminverwaltung").

    Only heads: the tails found this way are mostly suffixes ("lich", "keit"). Heads ending in a
    participle's "ge" or "zu" ("ausge-", "einzu-") are left out.

    >>> sorted(induced({"terminmanagement", "terminverwaltung", "management", "verwaltung", "ausgewertet", "ausgezahlt", "wertet", "zahlt"}))
    ['termin']
    """
    heads: dict[str, set[str]] = {}
    for w in plain:
        for cut in range(MIN_PART, len(w) - MIN_PART + 1):
            head, tail = w[:cut], w[cut:]
            if tail in plain and head not in STOP_WORDS and not head.endswith(("ge", "zu")):
                heads.setdefault(head, set()).add(tail)
    return {h for h, tails in heads.items() if len(tails) >= min_compounds} - plain


def analyzer(parts: Iterable[str]) -> tantivy.TextAnalyzer:
    """The tantivy analyzer of an index whose compound parts are ``parts`` (see :func:`constituents`)."""
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase())
    builder = builder.filter(tantivy.Filter.ascii_fold())
    ordered = sorted(set(parts))
    if ordered:
        builder = builder.filter(tantivy.Filter.split_compound(ordered))
    return builder.filter(tantivy.Filter.stopword("german")).filter(tantivy.Filter.stemmer("german")).build()


def terms(text: str, chain: tantivy.TextAnalyzer) -> list[str]:
    """The terms of a query (folded for queries, then analysed), in order, duplicates kept."""
    return list(chain.analyze(fold_query(text)))
