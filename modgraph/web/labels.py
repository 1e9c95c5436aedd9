"""Labels for people: skos:prefLabel before rdfs:label, in the reader's language, then German, then English.

>>> fallback_label("https://w3id.org/modgraph/def#Measure")
'mg:Measure'
>>> fallback_label("https://example.org/id/measure/x/")
'x'
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from modgraph.iris import PREFIXES, curie
from modgraph.web.page_queries import ALL_LABELS, LABELS, select

SKOS_PREF = PREFIXES["skos"] + "prefLabel"
BATCH = 200  # IRIs per label query


def _rank(prop: str, lang: str, wanted: str) -> int:
    """Lower is better: prefLabel before label; the wanted language, then de, en, any other."""
    language_rank = 0 if lang == wanted else {"de": 1, "en": 2}.get(lang, 3)
    return (0 if prop == SKOS_PREF else 10) + language_rank


class Labels:
    """Batch label lookup for one page: ``fetch`` the IRIs a page shows at once, then ``get`` each."""

    def __init__(self, store: ox.Store, graphs: list, lang: str):
        self.store, self.graphs, self.lang = store, graphs, lang
        self.cache: dict[str, str | None] = {}

    def fetch(self, iris: set[str]) -> None:
        todo = [i for i in iris if i not in self.cache]
        for i in todo:
            self.cache[i] = None
        for start in range(0, len(todo), BATCH):
            candidates: dict[str, list[tuple[int, str]]] = {}
            for row in select(self.store, LABELS, self.graphs, values=todo[start : start + BATCH]):
                rank = _rank(row["p"].value, getattr(row["l"], "language", None) or "", self.lang)
                candidates.setdefault(row["x"].value, []).append((rank, row["l"].value))
            for iri, options in candidates.items():
                self.cache[iri] = min(options)[1]

    def get(self, iri: str) -> str:
        if iri not in self.cache:
            self.fetch({iri})
        return self.cache.get(iri) or fallback_label(iri)


def fallback_label(iri: str) -> str:
    """For an IRI without a label: its CURIE, else its last path segment."""
    short = curie(iri)
    if short != iri:
        return short
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def labels_of(store: ox.Store, graphs: list, iri: str) -> list[tuple[str, str, str]]:
    """All labels of a resource, sorted: (property as CURIE, text, language)."""
    rows = select(store, ALL_LABELS, graphs, node=iri)
    return sorted({(curie(r["p"].value), r["l"].value, getattr(r["l"], "language", None) or "") for r in rows})
