"""Searching a build's index: ``SearchIndex.open(build)`` then ``search(text, filters)``.

A query is analysed like the indexed text (``modgraph.search.analysis``). Every term must occur in
one of the text fields (labels count three times, descriptions and passages once, BM25); when no
resource has all the terms, resources with any of them are returned (``mode`` "any"). An empty query
with filters lists what the filters select. Facet counts are those of the hits (under the filters).

A snippet is the passage of the resource with most of the query's terms (else a label or note), cut
to about ``SNIPPET_CHARS`` around the first match, HTML-escaped, matches in ``<mark>``.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from modgraph.iris import PREFIXES
from modgraph.search.analysis import ANALYZER, analyzer, fold, fold_query, terms
from modgraph.search.extract_queries import FACETS
from modgraph.search.index import TEXT_FIELDS, index_path
from modgraph.store.builds import Build

SNIPPET_CHARS = 240
BOOSTS = {"title": 3.0, "body": 1.0, "quote": 1.0}
MAX_LIMIT = 200
FACET_SIZE = 50
_TOKEN = re.compile(r"\b[^\W\d_]-[^\W_]+|[^\W_]+")  # "e-Rechnung" is one word for the snippets


class SearchError(Exception):
    """The build has no search index (built before search existed), or a filter names no facet."""


@dataclass
class Hit:
    iri: str
    label: str
    kind: str  # the IRI of its main class
    document: str | None  # the IRI of its (first) source document
    snippet: str  # HTML: escaped text, matches in <mark>
    score: float
    facets: dict[str, list[str]]


@dataclass
class Results:
    query: str
    terms: list[str]
    mode: str  # "all": every term matched; "any": at least one
    total: int
    hits: list[Hit]
    facets: dict[str, list[dict]] = field(default_factory=dict)  # facet -> [{value, label, count, selected}]


def main_kind(kinds: list[str]) -> str:
    """The class shown for a resource: its first own (mg:) class, else its first class."""
    own = [k for k in kinds if k.startswith(PREFIXES["mg"])]
    return (own or kinds or [""])[0]


class SearchIndex:
    """An open search index of one build."""

    def __init__(self, path: Path):
        if not (path / "index" / "meta.json").is_file():
            raise SearchError(f"no search index at {path} (rebuild to create one)")
        parts = (path / "parts.txt").read_text(encoding="utf-8").split()
        self.chain = analyzer(parts)
        self.index = tantivy.Index.open(str(path / "index"))
        self.index.register_tokenizer(ANALYZER, self.chain)
        self.schema = self.index.schema
        self.facet_labels: dict[str, dict[str, str]] = json.loads((path / "facets.json").read_text(encoding="utf-8"))
        self.searcher = self.index.searcher()
        self._word_terms: dict[str, frozenset[str]] = {}

    @classmethod
    def open(cls, build: Build) -> SearchIndex:
        """:raises SearchError: the build has no search index."""
        return cls(index_path(build))

    @property
    def size(self) -> int:
        return self.searcher.num_docs

    def facet_label(self, facet: str, value: str, lang: str = "de") -> str:
        if facet == "year":
            return value
        labels = self.facet_labels.get(value, {})
        return (
            labels.get(lang) or labels.get("de") or labels.get("") or next(iter(labels.values()), None) or _short(value)
        )

    # ------------------------------------------------------------------------------------ queries

    def _text_query(self, query_terms: list[str], mode: str) -> tantivy.Query:
        per_term = []
        for term in dict.fromkeys(query_terms):
            fields = [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(tantivy.Query.term_query(self.schema, f, term), BOOSTS[f]),
                )
                for f in TEXT_FIELDS
            ]
            per_term.append(tantivy.Query.boolean_query(fields))
        occur = tantivy.Occur.Must if mode == "all" else tantivy.Occur.Should
        return tantivy.Query.boolean_query([(occur, q) for q in per_term])

    def _filtered(self, base: tantivy.Query, filters: dict[str, list[str]]) -> tantivy.Query:
        clauses = [(tantivy.Occur.Must, base)]
        for facet, values in filters.items():
            if facet not in FACETS:
                raise SearchError(f"no facet {facet!r} (facets: {', '.join(FACETS)})")
            if values:
                any_of = [(tantivy.Occur.Should, tantivy.Query.term_query(self.schema, facet, v)) for v in values]
                clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(any_of)))
        return tantivy.Query.boolean_query(clauses)

    def search(
        self, text: str, filters: dict[str, list[str]] | None = None, limit: int = 10, offset: int = 0, lang: str = "de"
    ) -> Results:
        """The resources matching ``text`` under ``filters`` (facet -> accepted values), best first.

        :raises SearchError: for a filter on an unknown facet.
        """
        filters = {k: v for k, v in (filters or {}).items() if v}
        limit = max(0, min(limit, MAX_LIMIT))
        query_terms = terms(text, self.chain)
        mode = "all"
        if query_terms:
            query = self._filtered(self._text_query(query_terms, "all"), filters)
            found = self.searcher.search(query, limit=limit or 1, offset=offset)
            if _count(found) == 0 and len(set(query_terms)) > 1:
                mode = "any"
                query = self._filtered(self._text_query(query_terms, "any"), filters)
                found = self.searcher.search(query, limit=limit or 1, offset=offset)
        elif filters or not text.strip():
            query = self._filtered(tantivy.Query.all_query(), filters)
            found = self.searcher.search(query, limit=limit or 1, offset=offset)
        else:  # only stop words
            return Results(text, [], mode, 0, [], {f: [] for f in FACETS})
        wanted = set(query_terms)
        hits = [self._hit(score, address, wanted, lang) for score, address in found.hits[:limit]]
        return Results(text, query_terms, mode, _count(found), hits, self._facets(query, filters, lang))

    def _facets(self, query: tantivy.Query, filters: dict[str, list[str]], lang: str) -> dict[str, list[dict]]:
        spec = {f: {"terms": {"field": f, "size": FACET_SIZE}} for f in FACETS}
        counted = self.searcher.aggregate(query, spec)
        out: dict[str, list[dict]] = {}
        for f in FACETS:
            buckets = counted.get(f, {}).get("buckets", [])
            values = [
                {
                    "value": b["key"],
                    "label": self.facet_label(f, b["key"], lang),
                    "count": b["doc_count"],
                    "selected": b["key"] in filters.get(f, []),
                }
                for b in buckets
            ]
            if f == "year":
                values.sort(key=lambda v: v["value"], reverse=True)
            out[f] = values
        return out

    # ------------------------------------------------------------------------------------ hits and snippets

    def _hit(self, score: float, address, wanted: set[str], lang: str) -> Hit:
        doc = self.searcher.doc(address)
        iri = doc["iri"][0]
        stored = json.loads(bytes(doc["stored"][0]).decode("utf-8"))
        labels = [tuple(x) for x in stored["labels"]]
        label = next((t for t, lg in labels if lg == lang), None) or next((t for t, lg in labels if lg == "de"), None)
        label = label or (labels[0][0] if labels else iri)
        facets = stored["facets"]
        documents = [d for d in facets["document"] if d != iri] or facets["document"]
        passages = stored["passages"]
        primary = next((p["document"] for p in passages), documents[0] if documents else None)
        candidates = [p["exact"] for p in passages] + [t for t, _ in labels] + stored["texts"]
        return Hit(iri, label, main_kind(facets["kind"]), primary, self.snippet(candidates, wanted), score, facets)

    def word_terms(self, word: str) -> frozenset[str]:
        """The index terms of one word (cached)."""
        found = self._word_terms.get(word)
        if found is None:
            both = self.chain.analyze(fold_query(word)) + self.chain.analyze(fold(word))  # "erechn", "e", "rechnung"
            found = self._word_terms[word] = frozenset(both)
        return found

    def snippet(self, candidates: list[str], wanted: set[str]) -> str:
        """The best of ``candidates`` (most query terms) cut around its first match, matches marked."""
        best, best_spans, best_score = "", [], -1
        for text in (" ".join(c.split()) for c in candidates):
            spans = [m.span() for m in _TOKEN.finditer(text) if self.word_terms(m.group()) & wanted]
            score = len({t for s, e in spans for t in self.word_terms(text[s:e]) & wanted})
            if score > best_score:
                best, best_spans, best_score = text, spans, score
        return mark(best, best_spans, SNIPPET_CHARS)


def mark(text: str, spans: list[tuple[int, int]], width: int) -> str:
    """``text`` HTML-escaped, cut to about ``width`` characters around the first span, spans in <mark>.

    >>> mark("Die Einführung der e-Rechnung im Amt", [(19, 20), (21, 29)], 200)
    'Die Einführung der <mark>e</mark>-<mark>Rechnung</mark> im Amt'
    >>> mark("a " * 200 + "Ziel", [(400, 404)], 20)
    '… a a a a a a a a <mark>Ziel</mark>'
    """
    start = 0
    if len(text) > width and spans:
        start = max(0, min(spans[0][0] - width // 2, len(text) - width))
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + width)
    while end < len(text) and not text[end].isspace():
        end += 1
    out, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out += [html.escape(text[pos:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        pos = e
    out.append(html.escape(text[pos:end]))
    return ("… " if start > 0 else "") + "".join(out).strip() + (" …" if end < len(text) else "")


def _count(found: tantivy.SearchResult) -> int:
    """The number of matching documents (``count`` is missing from tantivy's type stubs)."""
    return int(found.count)  # type: ignore[attr-defined]


def _short(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri
